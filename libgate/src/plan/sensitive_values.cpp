// Collecting what a plan marks sensitive: values under `*_sensitive` marks, outputs marked
// sensitive in planned_values and prior_state, root variables declared sensitive. Plans
// without any mark cost a substring search per mask and one over the sections that may hold
// a `"sensitive": true` flag; only marked values are parsed.
#include "gate/sensitive_values.h"

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace gate {
namespace {

using json = nlohmann::json;

const char* find_bytes(const char* data, std::size_t size, std::string_view needle) {
  if (data == nullptr) {
    return nullptr;
  }
  return static_cast<const char*>(::memmem(data, size, needle.data(), needle.size()));
}

// True when a `*_sensitive` mirror marks anything (it holds a `true` somewhere).
bool marks_anything(const RawJson& mask) { return mask.text.find("true") != std::string_view::npos; }

// True when `text` may hold a member `"sensitive": true`. This runs over the whole of
// planned_values and prior_state, where quotes are everywhere: memmem skips ahead fast.
bool has_sensitive_flag(std::string_view text) {
  constexpr std::string_view kKey = "\"sensitive\"";
  for (const char* at = find_bytes(text.data(), text.size(), kKey); at != nullptr;
       at = find_bytes(at + 1, text.size() - static_cast<std::size_t>(at + 1 - text.data()),
                       kKey)) {
    std::size_t i = static_cast<std::size_t>(at - text.data()) + kKey.size();
    const auto skip_space = [&] {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                                 text[i] == '\r')) {
        ++i;
      }
    };
    skip_space();
    if (i < text.size() && text[i] == ':') {
      ++i;
      skip_space();
      if (text.substr(i, 4) == "true") {
        return true;
      }
    }
  }
  return false;
}

// A sensitive string holding a JSON document (an IAM policy): its long strings are secrets
// too, since an unmarked copy of the document is rendered member by member.
void add_document_strings(SensitiveValues& out, const json& value, int depth = 0) {
  if (depth > 64) {
    return;
  }
  if (value.is_string()) {
    out.add(value.get_ref<const std::string&>(), false);
  } else if (value.is_structured()) {
    for (const json& item : value) {
      add_document_strings(out, item, depth + 1);
    }
  }
}

// Adds the scalar leaves of a sensitive value, and the long strings of the JSON documents
// its strings hold.
void add_value(SensitiveValues& out, const json& value, int depth = 0) {
  if (value.is_structured()) {
    for (const json& item : value) {
      add_value(out, item, depth + 1);
    }
    return;
  }
  out.add_leaves(value);
  if (!value.is_string()) {
    return;
  }
  const std::string& s = value.get_ref<const std::string&>();
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (s[first] != '{' && s[first] != '[')) {
    return;
  }
  const json doc = json::parse(s, nullptr, false);
  if (!doc.is_discarded()) {
    add_document_strings(out, doc);
  }
}

// Adds the parts of `value` that `mask` marks (true at a leaf or over a whole container).
void add_marked(SensitiveValues& out, const json& value, const json& mask) {
  if (mask.is_boolean()) {
    if (mask.get<bool>()) {
      add_value(out, value);
    }
    return;
  }
  if (mask.is_object() && value.is_object()) {
    for (const auto& item : mask.items()) {
      const auto it = value.find(item.key());
      if (it != value.end()) {
        add_marked(out, *it, item.value());
      }
    }
  } else if (mask.is_array() && value.is_array()) {
    for (std::size_t i = 0; i < mask.size() && i < value.size(); ++i) {
      add_marked(out, value[i], mask[i]);
    }
  }
}

// Adds every value `mask` marks in `value`.
Expected<bool> add_side(SensitiveValues& out, const Plan& plan, const RawJson& value,
                        const RawJson& mask) {
  if (!mask.present() || !marks_anything(mask)) {
    return false;
  }
  auto m = plan.materialise(mask);
  if (!m) {
    return Unexpected{m.error()};
  }
  auto v = plan.materialise(value);
  if (!v) {
    return Unexpected{v.error()};
  }
  add_marked(out, *v, *m);
  return true;
}

Expected<bool> add_change(SensitiveValues& out, const Plan& plan, const RawJson& before,
                          const RawJson& before_sensitive, const RawJson& after,
                          const RawJson& after_sensitive) {
  if (auto b = add_side(out, plan, before, before_sensitive); !b) {
    return b;
  }
  return add_side(out, plan, after, after_sensitive);
}

json member_at(const json& whole, const std::vector<std::string>& path) {
  const json* node = &whole;
  for (const std::string& key : path) {
    if (!node->is_object() || !node->contains(key)) {
      return json();
    }
    node = &(*node)[key];
  }
  return *node;
}

// The member at `path` of a raw JSON object, parsed without storing the rest; null when
// absent. A value that cannot be parsed gives the error of Plan::materialise.
Expected<json> materialise_member(const Plan& plan, const RawJson& raw,
                                  const std::vector<std::string>& path) {
  try {
    const auto keep = [&path](int depth, json::parse_event_t event, json& parsed) {
      if (event == json::parse_event_t::key && depth >= 1 &&
          static_cast<std::size_t>(depth) <= path.size()) {
        return parsed.is_string() && parsed.get_ref<const std::string&>() ==
                                         path[static_cast<std::size_t>(depth) - 1];
      }
      return true;
    };
    return member_at(json::parse(raw.text.begin(), raw.text.end(), keep), path);
  } catch (const json::exception&) {
    auto whole = plan.materialise(raw);  // its located error, or the whole value
    if (!whole) {
      return whole;
    }
    return member_at(*whole, path);
  }
}

// Outputs marked `"sensitive": true` in an outputs object ({name: {sensitive, value}}).
void add_sensitive_outputs(SensitiveValues& out, const json& outputs) {
  if (!outputs.is_object()) {
    return;
  }
  for (const auto& item : outputs.items()) {
    const json& o = item.value();
    if (!o.is_object()) {
      continue;
    }
    const auto flag = o.find("sensitive");
    if (flag != o.end() && flag->is_boolean() && flag->get<bool>()) {
      out.add_output(item.key());
      const auto value = o.find("value");
      if (value != o.end()) {
        add_value(out, *value);
      }
    }
  }
}

}  // namespace

Expected<SensitiveValues> collect_sensitive_values(const Plan& plan) {
  SensitiveValues out;
  for (const auto* changes : {&plan.resource_changes, &plan.resource_drift}) {
    for (const ResourceChange& rc : *changes) {
      if (auto r = add_change(out, plan, rc.before, rc.before_sensitive, rc.after,
                              rc.after_sensitive);
          !r) {
        return Unexpected{r.error()};
      }
    }
  }
  for (const DeferredChange& dc : plan.deferred_changes) {
    const ResourceChange& rc = dc.change;
    if (auto r =
            add_change(out, plan, rc.before, rc.before_sensitive, rc.after, rc.after_sensitive);
        !r) {
      return Unexpected{r.error()};
    }
  }
  // Outputs marked sensitive as a whole: format 0.1 marks them only here.
  if (has_sensitive_flag(plan.planned_values.text)) {
    auto outputs = materialise_member(plan, plan.planned_values, {"outputs"});
    if (!outputs) {
      return Unexpected{outputs.error()};
    }
    add_sensitive_outputs(out, *outputs);
  }
  if (has_sensitive_flag(plan.prior_state.text)) {
    auto outputs = materialise_member(plan, plan.prior_state, {"values", "outputs"});
    if (!outputs) {
      return Unexpected{outputs.error()};
    }
    add_sensitive_outputs(out, *outputs);
  }
  for (const OutputChange& oc : plan.output_changes) {
    if (out.output_is_sensitive(oc.name)) {
      for (const RawJson* side : {&oc.before, &oc.after}) {
        auto v = plan.materialise(*side);
        if (!v) {
          return Unexpected{v.error()};
        }
        add_value(out, *v);
      }
    } else if (auto r = add_change(out, plan, oc.before, oc.before_sensitive, oc.after,
                                   oc.after_sensitive);
               !r) {
      return Unexpected{r.error()};
    }
  }
  // Root variables declared sensitive.
  if (plan.variables.present() && has_sensitive_flag(plan.configuration.text)) {
    auto declared = materialise_member(plan, plan.configuration, {"root_module", "variables"});
    if (!declared) {
      return Unexpected{declared.error()};
    }
    auto variables = plan.materialise(plan.variables);
    if (!variables) {
      return Unexpected{variables.error()};
    }
    if (declared->is_object() && variables->is_object()) {
      for (const auto& item : declared->items()) {
        const json& d = item.value();
        const auto flag = d.is_object() ? d.find("sensitive") : d.end();
        if (!d.is_object() || flag == d.end() || !flag->is_boolean() || !flag->get<bool>()) {
          continue;
        }
        const auto v = variables->find(item.key());
        if (v != variables->end() && v->is_object() && v->contains("value")) {
          add_value(out, (*v)["value"]);
        }
      }
    }
  }
  out.finish();
  return out;
}

}  // namespace gate
