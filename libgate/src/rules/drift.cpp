// The `drift` rule kind: reads `attributes`, `except_attributes`, `ignore` and
// `check_enforcement`, and decides which changed attributes of a drifted object a rule judges.
// The drift pass itself (which objects drifted, in which attributes) is in eval/drift.cpp.
#include "rules/drift.h"

#include <algorithm>

#include <fmt/format.h>

#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "util/json_type_name.h"

namespace gate::detail {

bool pointer_within(const std::string& path, const std::string& prefix) {
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  return path.size() == prefix.size() || path[prefix.size()] == '/' || prefix.empty();
}

std::vector<std::string> DriftRule::judged(const std::vector<std::string>& changed) const {
  std::vector<std::string> out;
  for (const std::string& path : changed) {
    const auto within = [&](const std::string& prefix) { return pointer_within(path, prefix); };
    // A whole-object change ("": deleted outside Terraform) concerns the rules that select
    // the object and do not restrict themselves to some attributes.
    const bool whole = path.empty();
    if (whole && !params_.attributes.empty()) {
      continue;
    }
    if (!whole && !params_.attributes.empty() &&
        std::none_of(params_.attributes.begin(), params_.attributes.end(), within)) {
      continue;
    }
    if (!whole && std::any_of(params_.except_attributes.begin(), params_.except_attributes.end(),
                              within)) {
      continue;
    }
    out.push_back(path);
  }
  return out;
}

namespace {

// A list of JSON pointers (each "/..."), at object[key]; empty when absent.
std::vector<std::string> read_pointers(const nlohmann::json& object, std::string_view key,
                                       const std::string& pointer, Checker& checker) {
  if (!object.contains(std::string(key))) {
    return {};
  }
  auto list = checker.strings(object, key, pointer);
  if (!list) {
    return {};
  }
  const std::string list_pointer = child_pointer(pointer, key);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string& p = (*list)[i];
    if (p.empty() || p.front() != '/') {
      checker.error("bad-value",
                    fmt::format("\"{}\" is not a JSON pointer to an attribute (e.g. \"/tags\")", p),
                    child_pointer(list_pointer, i));
    }
  }
  return std::move(*list);
}

// Reads the rules of kind `drift`.
class DriftKind final : public RuleKind {
 public:
  std::string_view name() const override { return "drift"; }
  std::vector<std::string_view> keys() const override {
    return {"attributes", "except_attributes", "ignore", "check_enforcement", "otherwise"};
  }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    DriftRule::Params params;
    params.attributes = read_pointers(rule, "attributes", pointer, checker);
    params.except_attributes = read_pointers(rule, "except_attributes", pointer, checker);
    if (rule.contains("check_enforcement")) {
      if (auto level = checker.choice(rule, "check_enforcement", pointer,
                                      {"advisory", "soft-mandatory", "hard-mandatory"},
                                      "bad-enforcement", "enforcement level")) {
        params.check_enforcement = parse_enforcement(*level);
      }
    }
    params.otherwise = checker.boolean(rule, "otherwise", pointer).value_or(false);
    const auto it = rule.find("ignore");
    if (it != rule.end()) {
      const std::string list_pointer = child_pointer(pointer, "ignore");
      if (!it->is_array() || it->empty()) {
        checker.error("wrong-type",
                      fmt::format("expected a non-empty array of ignore entries, found {}",
                                  json_type_name(*it)),
                      list_pointer);
      } else {
        std::vector<std::string_view> allowed = Selector::keys();
        allowed.emplace_back("attributes");
        for (std::size_t i = 0; i < it->size(); ++i) {
          const std::string p = child_pointer(list_pointer, i);
          if (checker.object((*it)[i], p, allowed, {"attributes"}, "an ignore entry")) {
            DriftIgnore entry{Selector::read((*it)[i], p, checker),
                              read_pointers((*it)[i], "attributes", p, checker)};
            params.ignore.push_back(std::move(entry));
          }
        }
      }
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<DriftRule>(std::move(info), std::move(match), std::move(params));
  }
};

}  // namespace

const RuleKind& drift_rule_kind() {
  static const DriftKind kind;
  return kind;
}

}  // namespace gate::detail
