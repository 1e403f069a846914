// The deny-first allowlist: where an environment's default is "deny", every change that no
// allow entry of the environment (of any of its allowlist rules) matches is a finding.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

// An allowlist rule: its entries join the environment's; it reports what none of them allows.
class AllowlistRule final : public Rule {
 public:
  AllowlistRule(RuleInfo info, Selector match, std::vector<Selector> entries)
      : Rule(std::move(info), std::move(match)), entries_(std::move(entries)) {}

  void prepare(Environment& environment, std::vector<std::string>& problems) const override {
    ++environment.allowlist_rules;
    for (const Selector& entry : entries_) {
      environment.allow_entries.push_back(&entry);
    }
    if (!environment.default_deny) {
      problems.push_back(fmt::format(
          "allowlist rule {} applies only where \"default\" is \"deny\", and the default of "
          "'{}' is \"allow\"",
          info().id, environment.name));
    }
  }

  ActionMask inspects(const Environment& environment) const override {
    // Actions some entry allows for every resource need no look at the change at all.
    ActionMask always_allowed = 0;
    for (const Selector* entry : environment.allow_entries) {
      if (entry->any_resource()) {
        always_allowed |= entry->actions();
      }
    }
    return match().actions() & ~always_allowed;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    for (const Selector* entry : context.environment().allow_entries) {
      if (entry->matches(change)) {
        return;
      }
    }
    std::string subject = change.deposed.empty()
                              ? std::string(change.type)
                              : fmt::format("{} (deposed object {})", change.type, change.deposed);
    context.report(*this, &change,
                   fmt::format("{} of {} is not allowed in {}: no allow entry matches it",
                               to_string(change.action), subject, context.environment().name));
  }

 private:
  std::vector<Selector> entries_;
};

// Reads `allow` entries.
class AllowlistKind final : public RuleKind {
 public:
  std::string_view name() const override { return "allowlist"; }
  std::vector<std::string_view> keys() const override { return {"allow"}; }
  std::vector<std::string_view> required_keys() const override { return {"allow"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    std::vector<Selector> entries;
    const auto it = rule.find("allow");
    if (it != rule.end()) {
      const std::string list_pointer = child_pointer(pointer, "allow");
      if (!it->is_array()) {
        checker.error("wrong-type",
                      fmt::format("expected an array of allow entries, found {}",
                                  json_type_name(*it)),
                      list_pointer);
      } else if (it->empty()) {
        checker.error("bad-value", "\"allow\" is an empty list; the rule would deny every change",
                      list_pointer);
      } else {
        for (std::size_t i = 0; i < it->size(); ++i) {
          const std::string p = child_pointer(list_pointer, i);
          if (checker.object((*it)[i], p, Selector::keys(), {"actions"}, "an allow entry")) {
            entries.push_back(Selector::read((*it)[i], p, checker));
          }
        }
      }
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<AllowlistRule>(std::move(info), std::move(match), std::move(entries));
  }
};

}  // namespace

const RuleKind& allowlist_rule_kind() {
  static const AllowlistKind kind;
  return kind;
}

}  // namespace gate::detail
