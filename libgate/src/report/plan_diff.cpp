// The attribute-level diff of a plan, built from before/after and their unknown and sensitive
// mirrors. Sensitive values are dropped here, at the source: a DiffNode never carries one,
// neither where the plan marks it nor where an unmarked copy of it appears.
#include "gate/plan_diff.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <vector>

namespace gate {
namespace {

using json = nlohmann::json;

constexpr int kMaxDocumentDepth = 64;

// Mirrors (`after_unknown`, `*_sensitive`) are `true` at marked leaves, or `true` for a whole
// marked container; a child of a marked container is marked too.
const json* mask_child(const json* mask, const std::string& key) {
  if (mask == nullptr) {
    return nullptr;
  }
  if (mask->is_boolean()) {
    return mask->get<bool>() ? mask : nullptr;
  }
  if (mask->is_object()) {
    const auto it = mask->find(key);
    return it == mask->end() ? nullptr : &*it;
  }
  return nullptr;
}

const json* mask_child(const json* mask, std::size_t index) {
  if (mask == nullptr) {
    return nullptr;
  }
  if (mask->is_boolean()) {
    return mask->get<bool>() ? mask : nullptr;
  }
  if (mask->is_array() && index < mask->size()) {
    return &(*mask)[index];
  }
  return nullptr;
}

bool marked(const json* mask) { return mask != nullptr && mask->is_boolean() && mask->get<bool>(); }

bool empty_side(const json* v) { return v == nullptr || v->is_null(); }

// Both sides objects (or one empty), or both lists: compared member by member.
bool objects_or_arrays(const json* b, const json* a) {
  if (empty_side(b) && empty_side(a)) {
    return false;
  }
  const bool objects = (empty_side(b) || b->is_object()) && (empty_side(a) || a->is_object());
  const bool arrays = (empty_side(b) || b->is_array()) && (empty_side(a) || a->is_array());
  return objects || arrays;
}

// True when any leaf of a mirror is marked.
bool any_marked(const json* mask) {
  if (marked(mask)) {
    return true;
  }
  if (mask != nullptr && mask->is_structured()) {
    for (const auto& item : *mask) {
      if (any_marked(&item)) {
        return true;
      }
    }
  }
  return false;
}

// Absent, null or an empty string: what a JSON document attribute holds before it exists.
bool blank(const json* v) {
  return empty_side(v) || (v->is_string() && v->get_ref<const std::string&>().find_first_not_of(
                                                 " \t\r\n") == std::string::npos);
}

// A string that holds a JSON object or array (an IAM policy, a bucket policy, an SCP).
std::optional<json> parse_document(const json* v) {
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (s[first] != '{' && s[first] != '[')) {
    return std::nullopt;
  }
  try {
    const auto limit = [](int depth, json::parse_event_t /*event*/, json& /*parsed*/) {
      if (depth > kMaxDocumentDepth) {
        throw std::length_error("depth");
      }
      return true;
    };
    return json::parse(s, limit);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

DiffNode::Change change_of(const DiffValue& before, const DiffValue& after, bool equal) {
  if (before.state == DiffValue::State::kAbsent && after.state != DiffValue::State::kAbsent) {
    return DiffNode::Change::kAdded;
  }
  if (after.state == DiffValue::State::kAbsent && before.state != DiffValue::State::kAbsent) {
    return DiffNode::Change::kRemoved;
  }
  return equal ? DiffNode::Change::kUnchanged : DiffNode::Change::kUpdated;
}

class Differ {
 public:
  Differ(std::vector<json> replace_paths, const SensitiveValues& sensitive)
      : replace_paths_(std::move(replace_paths)), sensitive_(sensitive) {}

  DiffNode diff(std::string key, const json* b, const json* a, const json* bs, const json* as,
                const json* au, bool in_document) {
    DiffNode node;
    node.key = std::move(key);
    node.forces_replacement = !in_document && is_replace_path();
    // A value shown whole (a leaf, or two values of different shapes) is hidden entirely when
    // any part of it is sensitive, and unknown when any part of it is unknown.
    const bool whole = !objects_or_arrays(b, a);
    // So is a value shown whole that is, or contains, a sensitive value marked elsewhere.
    const bool hidden = marked(bs) || marked(as) ||
                        (whole && (any_marked(bs) || any_marked(as) || reveals(b) || reveals(a)));
    const bool unknown = marked(au) || (whole && any_marked(au));
    if (hidden || unknown) {
      node.before.state = empty_side(b) ? DiffValue::State::kAbsent
                          : hidden      ? DiffValue::State::kSensitive
                                        : DiffValue::State::kKnown;
      if (node.before.state == DiffValue::State::kKnown) {
        node.before.value = *b;
      }
      node.after.state = unknown         ? DiffValue::State::kUnknown
                         : empty_side(a) ? DiffValue::State::kAbsent
                                         : DiffValue::State::kSensitive;
      const bool equal = !unknown && ((b != nullptr && a != nullptr && *b == *a) ||
                                      (empty_side(b) && empty_side(a)));
      node.change = change_of(node.before, node.after, equal);
      return node;
    }
    const bool objects = (empty_side(b) || b->is_object()) && (empty_side(a) || a->is_object()) &&
                         !(empty_side(b) && empty_side(a));
    const bool arrays = (empty_side(b) || b->is_array()) && (empty_side(a) || a->is_array()) &&
                        !(empty_side(b) && empty_side(a));
    if (objects) {
      node.container = true;
      std::set<std::string> keys;
      for (const json* side : {b, a, au}) {
        if (side != nullptr && side->is_object()) {
          for (const auto& item : side->items()) {
            keys.insert(item.key());
          }
        }
      }
      for (const std::string& k : keys) {
        path_.emplace_back(k);
        node.children.push_back(diff(k, member(b, k), member(a, k), mask_child(bs, k),
                                     mask_child(as, k), mask_child(au, k), in_document));
        path_.pop_back();
      }
      finish_container(node, b, a);
      return node;
    }
    if (arrays) {
      node.container = true;
      std::size_t n = 0;
      for (const json* side : {b, a, au}) {
        if (side != nullptr && side->is_array()) {
          n = std::max(n, side->size());
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        path_.emplace_back(i);
        const json* bi = b != nullptr && b->is_array() && i < b->size() ? &(*b)[i] : nullptr;
        const json* ai = a != nullptr && a->is_array() && i < a->size() ? &(*a)[i] : nullptr;
        node.children.push_back(diff("[" + std::to_string(i) + "]", bi, ai, mask_child(bs, i),
                                     mask_child(as, i), mask_child(au, i), in_document));
        path_.pop_back();
      }
      finish_container(node, b, a);
      return node;
    }
    if ((b != nullptr && a != nullptr && *b == *a) || (empty_side(b) && empty_side(a))) {
      set_leaf(node, b, a);
      node.change = DiffNode::Change::kUnchanged;
      return node;
    }
    auto doc_b = parse_document(b);
    auto doc_a = parse_document(a);
    if ((doc_b || doc_a) && (doc_b || blank(b)) && (doc_a || blank(a))) {
      DiffNode inner = diff(node.key, doc_b ? &*doc_b : nullptr, doc_a ? &*doc_a : nullptr, nullptr,
                            nullptr, nullptr, true);
      inner.json_document = true;
      inner.forces_replacement = node.forces_replacement;
      if (inner.change == DiffNode::Change::kUnchanged) {
        inner.change = DiffNode::Change::kUpdated;  // same content, different text
      }
      if (!inner.container) {
        set_leaf(inner, b, a);
      }
      return inner;
    }
    set_leaf(node, b, a);
    node.change = change_of(node.before, node.after, false);
    return node;
  }

 private:
  bool reveals(const json* v) const { return v != nullptr && sensitive_.reveals(*v); }

  static const json* member(const json* v, const std::string& key) {
    if (v == nullptr || !v->is_object()) {
      return nullptr;
    }
    const auto it = v->find(key);
    return it == v->end() ? nullptr : &*it;
  }

  static void set_leaf(DiffNode& node, const json* b, const json* a) {
    if (b != nullptr) {
      node.before.state = DiffValue::State::kKnown;
      node.before.value = *b;
    }
    if (a != nullptr) {
      node.after.state = DiffValue::State::kKnown;
      node.after.value = *a;
    }
  }

  static void finish_container(DiffNode& node, const json* b, const json* a) {
    if (node.children.empty()) {  // an empty list or object reads best as its value
      node.container = false;
      set_leaf(node, b, a);
    }
    if (empty_side(b)) {
      node.change = DiffNode::Change::kAdded;
    } else if (empty_side(a)) {
      node.change = DiffNode::Change::kRemoved;
    } else {
      node.change =
          std::any_of(node.children.begin(), node.children.end(),
                      [](const DiffNode& c) { return c.change != DiffNode::Change::kUnchanged; })
              ? DiffNode::Change::kUpdated
              : DiffNode::Change::kUnchanged;
    }
  }

  bool is_replace_path() const {
    if (path_.empty()) {
      return false;
    }
    return std::any_of(replace_paths_.begin(), replace_paths_.end(),
                       [this](const json& p) { return p.is_array() && p == json(path_); });
  }

  std::vector<json> replace_paths_;
  const SensitiveValues& sensitive_;
  std::vector<json> path_;
};

// Materialises `raws` in order; the first value that cannot be read is the error.
Expected<std::vector<json>> materialise_each(const Plan& plan,
                                             std::initializer_list<const RawJson*> raws) {
  std::vector<json> values;
  values.reserve(raws.size());
  for (const RawJson* raw : raws) {
    auto v = plan.materialise(*raw);
    if (!v) {
      return Unexpected{v.error()};
    }
    values.push_back(std::move(*v));
  }
  return values;
}

// Diffs materialised {before, after, after_unknown, before_sensitive, after_sensitive}.
DiffNode diff_values(Differ& differ, const std::string& root, const std::vector<json>& values) {
  const auto ptr = [](const json& v) { return v.is_null() ? nullptr : &v; };
  return differ.diff(root, ptr(values[0]), ptr(values[1]), &values[3], &values[4], &values[2],
                     false);
}

Expected<ResourceDiff> diff_resource(const Plan& plan, const ResourceChange& rc,
                                     const SensitiveValues& sensitive) {
  ResourceDiff out;
  out.address = rc.address;
  out.previous_address = rc.previous_address;
  out.deposed = rc.deposed;
  out.type = rc.type;
  out.action = rc.action;
  out.action_reason = rc.action_reason;
  auto values =
      materialise_each(plan, {&rc.before, &rc.after, &rc.after_unknown, &rc.before_sensitive,
                              &rc.after_sensitive, &rc.replace_paths});
  if (!values) {
    return Unexpected{values.error()};
  }
  std::vector<json> replace_paths;
  if (const json& paths = (*values)[5]; paths.is_array()) {
    replace_paths.assign(paths.begin(), paths.end());
  }
  if (rc.importing.present()) {
    auto importing = plan.materialise(rc.importing);
    if (!importing) {
      return Unexpected{importing.error()};
    }
    const auto id = importing->find("id");
    out.import_id = id != importing->end() && id->is_string() ? id->get<std::string>() : "";
  }
  Differ differ(std::move(replace_paths), sensitive);
  out.root = diff_values(differ, "", *values);
  return out;
}

}  // namespace

Expected<PlanDiff> diff_plan(const Plan& plan, const DiffOptions& options) {
  SensitiveValues collected;
  if (options.sensitive == nullptr) {
    auto c = collect_sensitive_values(plan);
    if (!c) {
      return Unexpected{c.error()};
    }
    collected = std::move(*c);
  }
  const SensitiveValues& sensitive =
      options.sensitive != nullptr ? *options.sensitive : collected;
  PlanDiff out;
  out.source_name = plan.source_name;
  out.counts = count_actions(plan);
  for (const ResourceChange& rc : plan.resource_changes) {
    if (rc.action == Action::kNoOp && !rc.importing.present() && rc.previous_address.empty()) {
      continue;
    }
    auto d = diff_resource(plan, rc, sensitive);
    if (!d) {
      return Unexpected{d.error()};
    }
    out.changes.push_back(std::move(*d));
  }
  if (options.include_drift) {
    for (const ResourceChange& rc : plan.resource_drift) {
      auto d = diff_resource(plan, rc, sensitive);
      if (!d) {
        return Unexpected{d.error()};
      }
      out.drift.push_back(std::move(*d));
    }
  }
  for (const OutputChange& oc : plan.output_changes) {
    if (oc.action == Action::kNoOp) {
      continue;
    }
    auto values = materialise_each(plan, {&oc.before, &oc.after, &oc.after_unknown,
                                          &oc.before_sensitive, &oc.after_sensitive});
    if (!values) {
      return Unexpected{values.error()};
    }
    if (sensitive.output_is_sensitive(oc.name)) {
      // Marked sensitive only in planned_values or prior_state (format 0.1): hidden whole.
      (*values)[3] = true;
      (*values)[4] = true;
    }
    Differ differ({}, sensitive);
    OutputDiff od;
    od.name = oc.name;
    od.action = oc.action;
    od.root = diff_values(differ, oc.name, *values);
    out.outputs.push_back(std::move(od));
  }
  return out;
}

}  // namespace gate
