// Layout-independent lines of a diff, shared by the text and Markdown renderers.
#include "report/diff_lines.h"

#include <algorithm>

#include <fmt/format.h>

namespace gate::detail {
namespace {

char symbol_of(DiffNode::Change change) {
  switch (change) {
    case DiffNode::Change::kAdded:
      return '+';
    case DiffNode::Change::kRemoved:
      return '-';
    case DiffNode::Change::kUpdated:
      return '~';
    case DiffNode::Change::kUnchanged:
      return ' ';
  }
  return ' ';
}

bool is_null_or_absent(const DiffValue& v) {
  return v.state == DiffValue::State::kAbsent ||
         (v.state == DiffValue::State::kKnown && v.value.is_null());
}

void emit(const DiffNode& node, int depth, bool full, std::vector<DiffLine>& out) {
  if (node.change == DiffNode::Change::kUnchanged && !full) {
    return;
  }
  // Inside an added or removed object, null attributes say nothing.
  if (!node.container && node.change != DiffNode::Change::kUpdated &&
      is_null_or_absent(node.before) && is_null_or_absent(node.after)) {
    return;
  }
  std::string text = node.key + ":";
  if (node.container) {
    if (node.json_document) {
      const bool same_content =
          std::none_of(node.children.begin(), node.children.end(), [](const DiffNode& c) {
            return c.change != DiffNode::Change::kUnchanged;
          });
      text += same_content && node.change == DiffNode::Change::kUpdated
                  ? " (JSON document: same content, only its formatting differs)"
                  : " (JSON document)";
    }
  } else if (node.change == DiffNode::Change::kAdded) {
    text += " " + display_value(node.after);
  } else if (node.change == DiffNode::Change::kRemoved) {
    text += " " + display_value(node.before);
  } else if (node.change == DiffNode::Change::kUpdated) {
    text += " " + display_value(node.before) + " -> " + display_value(node.after);
  } else {
    text += " " + display_value(node.after.state == DiffValue::State::kAbsent ? node.before
                                                                               : node.after);
  }
  if (node.forces_replacement) {
    text += "  # forces replacement";
  }
  out.push_back({symbol_of(node.change), depth, std::move(text)});
  if (node.container) {
    // Inside an added or removed container every member is shown: it is all new or all gone.
    const bool all = full || node.change == DiffNode::Change::kAdded ||
                     node.change == DiffNode::Change::kRemoved;
    for (const DiffNode& child : node.children) {
      emit(child, depth + 1, all, out);
    }
  }
}

}  // namespace

std::vector<DiffLine> attribute_lines(const DiffNode& root, bool full) {
  std::vector<DiffLine> out;
  const bool all = full || root.change == DiffNode::Change::kAdded ||
                   root.change == DiffNode::Change::kRemoved;
  for (const DiffNode& child : root.children) {
    emit(child, 0, all, out);
  }
  if (!root.container && root.change != DiffNode::Change::kUnchanged) {
    emit(root, 0, full, out);
  }
  return out;
}

std::string display_value(const DiffValue& value) {
  switch (value.state) {
    case DiffValue::State::kAbsent:
      return "(absent)";
    case DiffValue::State::kUnknown:
      return "(known after apply)";
    case DiffValue::State::kSensitive:
      return "(sensitive value)";
    case DiffValue::State::kKnown:
      return value.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return "";
}

const char* action_symbol(Action action) {
  switch (action) {
    case Action::kCreate:
      return "+";
    case Action::kUpdate:
      return "~";
    case Action::kReplace:
      return "-/+";
    case Action::kReplaceCreateFirst:
      return "+/-";
    case Action::kDelete:
      return "-";
    case Action::kRead:
      return "<=";
    case Action::kForget:
      return ".";
    case Action::kForgetAndCreate:
      return "+/.";
    case Action::kNoOp:
      return " ";
  }
  return " ";
}

const char* action_verb(Action action) {
  switch (action) {
    case Action::kCreate:
      return "will be created";
    case Action::kUpdate:
      return "will be updated in place";
    case Action::kReplace:
      return "will be replaced (destroy, then create)";
    case Action::kReplaceCreateFirst:
      return "will be replaced (create, then destroy)";
    case Action::kDelete:
      return "will be destroyed";
    case Action::kRead:
      return "will be read during apply";
    case Action::kForget:
      return "will be removed from state (the object is kept)";
    case Action::kForgetAndCreate:
      return "will be recreated (the old object is forgotten, not destroyed)";
    case Action::kNoOp:
      return "is unchanged";
  }
  return "";
}

std::vector<std::string> resource_header(const ResourceDiff& diff, bool drift) {
  std::vector<std::string> lines;
  std::string address = diff.address;
  if (!diff.deposed.empty()) {
    address += fmt::format(" (deposed object {})", diff.deposed);
  }
  lines.push_back(drift ? fmt::format("~ {} has changed outside of Terraform", address)
                        : fmt::format("{} {} {}", action_symbol(diff.action), address,
                                      action_verb(diff.action)));
  if (!diff.previous_address.empty()) {
    lines.push_back(fmt::format("  # moved from {}", diff.previous_address));
  }
  if (diff.import_id) {
    lines.push_back(diff.import_id->empty()
                        ? std::string("  # will be imported (id known after apply)")
                        : fmt::format("  # will be imported from id {}",
                                      nlohmann::json(*diff.import_id).dump()));
  }
  if (!diff.action_reason.empty()) {
    lines.push_back(fmt::format("  # reason: {}", diff.action_reason));
  }
  return lines;
}

}  // namespace gate::detail
