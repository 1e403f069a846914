// The JSON diff, for tools. Schema "tfgate.diff/v1": summary counts, then resource changes,
// drift and outputs, each with a tree of attribute nodes. Sensitive values appear only as
// "before_sensitive"/"after_sensitive": true, unknown ones as "after_unknown": true.
#include "gate/diff_report.h"
#include "report/diff_groups.h"

namespace gate {
namespace detail {
namespace {

using ojson = nlohmann::ordered_json;

const char* change_name(DiffNode::Change c) {
  switch (c) {
    case DiffNode::Change::kAdded:
      return "added";
    case DiffNode::Change::kRemoved:
      return "removed";
    case DiffNode::Change::kUpdated:
      return "updated";
    case DiffNode::Change::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

void put_side(ojson& out, const char* side, const DiffValue& v) {
  switch (v.state) {
    case DiffValue::State::kAbsent:
      break;
    case DiffValue::State::kKnown:
      out[side] = ojson(v.value);
      break;
    case DiffValue::State::kUnknown:
      out[std::string(side) + "_unknown"] = true;
      break;
    case DiffValue::State::kSensitive:
      out[std::string(side) + "_sensitive"] = true;
      break;
  }
}

ojson node_json(const DiffNode& node, bool full) {
  ojson out;
  out["name"] = node.key;
  out["change"] = change_name(node.change);
  if (node.json_document) {
    out["json_document"] = true;
  }
  if (node.forces_replacement) {
    out["forces_replacement"] = true;
  }
  if (node.container) {
    const bool all = full || node.change == DiffNode::Change::kAdded ||
                     node.change == DiffNode::Change::kRemoved;
    ojson children = ojson::array();
    for (const DiffNode& c : node.children) {
      if (all || c.change != DiffNode::Change::kUnchanged) {
        children.push_back(node_json(c, all));
      }
    }
    out["children"] = std::move(children);
  } else {
    put_side(out, "before", node.before);
    put_side(out, "after", node.after);
  }
  return out;
}

ojson resource_json(const ResourceDiff& d, bool full) {
  ojson out;
  out["address"] = d.address;
  if (!d.previous_address.empty()) {
    out["previous_address"] = d.previous_address;
  }
  if (!d.deposed.empty()) {
    out["deposed"] = d.deposed;
  }
  out["type"] = d.type;
  out["action"] = std::string(to_string(d.action));
  if (!d.action_reason.empty()) {
    out["action_reason"] = d.action_reason;
  }
  if (d.import_id) {
    out["import_id"] = *d.import_id;
  }
  const ojson root = node_json(d.root, full);
  out["attributes"] = root.contains("children") ? root["children"] : ojson::array();
  return out;
}

}  // namespace

std::string render_diff_json(const PlanDiff& diff, const DiffRenderOptions& options) {
  ojson out;
  out["format"] = "tfgate.diff/v1";
  out["summary"] = summary_line(diff);
  ojson counts = ojson::object();
  for (Action a : kAllActions) {
    counts[std::string(to_string(a))] = diff.counts[a];
  }
  out["counts"] = std::move(counts);
  ojson changes = ojson::array();
  for (const ResourceDiff& d : diff.changes) {
    changes.push_back(resource_json(d, options.full));
  }
  out["resource_changes"] = std::move(changes);
  ojson drift = ojson::array();
  for (const ResourceDiff& d : diff.drift) {
    drift.push_back(resource_json(d, options.full));
  }
  out["resource_drift"] = std::move(drift);
  ojson outputs = ojson::array();
  for (const OutputDiff& o : diff.outputs) {
    ojson entry;
    entry["name"] = o.name;
    entry["action"] = std::string(to_string(o.action));
    entry["change"] = node_json(o.root, options.full);
    outputs.push_back(std::move(entry));
  }
  out["output_changes"] = std::move(outputs);
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

}  // namespace detail

std::string render_diff(const PlanDiff& diff, DiffFormat format,
                        const DiffRenderOptions& options) {
  switch (format) {
    case DiffFormat::kText:
      return detail::render_diff_text(diff, options);
    case DiffFormat::kMarkdown:
      return detail::render_diff_markdown(diff, options);
    case DiffFormat::kJson:
      return detail::render_diff_json(diff, options);
  }
  return {};
}

std::optional<DiffFormat> parse_diff_format(std::string_view name) {
  if (name == "text") {
    return DiffFormat::kText;
  }
  if (name == "markdown") {
    return DiffFormat::kMarkdown;
  }
  if (name == "json") {
    return DiffFormat::kJson;
  }
  return std::nullopt;
}

}  // namespace gate
