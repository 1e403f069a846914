// The deny-first allowlist: where an environment's default is "deny", every change that no
// allow entry of the environment (of any of its allowlist rules) matches is a finding. An entry
// with `where` conditions (rules/condition.h) allows only the changes they hold for; where they
// fail or cannot be evaluated, the finding says why.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/condition.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

// An allowlist rule: its entries join the environment's; it reports what none of them allows.
class AllowlistRule final : public Rule {
 public:
  AllowlistRule(RuleInfo info, Selector match, std::vector<AllowEntry> entries)
      : Rule(std::move(info), std::move(match)), entries_(std::move(entries)) {}

  void prepare(Environment& environment, std::vector<std::string>& problems) const override {
    ++environment.allowlist_rules;
    for (const AllowEntry& entry : entries_) {
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
    for (const AllowEntry* entry : environment.allow_entries) {
      if (entry->selector.any_resource() && !entry->where) {
        always_allowed |= entry->selector.actions();
      }
    }
    return match().actions() & ~always_allowed;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    std::optional<ConditionResult> refused;
    for (const AllowEntry* entry : context.environment().allow_entries) {
      if (!entry->selector.matches(change)) {
        continue;
      }
      if (!entry->where) {
        return;
      }
      ConditionResult r = entry->where->evaluate(change, context);
      if (r.holds() || context.failed()) {
        return;
      }
      if (!refused || (refused->truth == ConditionResult::Truth::kUnknown &&
                       r.truth == ConditionResult::Truth::kFails)) {
        refused = std::move(r);
      }
    }
    if (refused) {
      context.report(*this, &change,
                     fmt::format("{} of {} is not allowed in {}: {}{}", to_string(change.action),
                                 change.type, context.environment().name,
                                 refused->truth == ConditionResult::Truth::kUnknown
                                     ? "cannot evaluate: "
                                     : "",
                                 refused->reason));
      return;
    }
    std::string subject = change.deposed.empty()
                              ? std::string(change.type)
                              : fmt::format("{} (deposed object {})", change.type, change.deposed);
    context.report(*this, &change,
                   fmt::format("{} of {} is not allowed in {}: no allow entry matches it",
                               to_string(change.action), subject, context.environment().name));
  }

 private:
  std::vector<AllowEntry> entries_;
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
    std::vector<AllowEntry> entries;
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
          std::vector<std::string_view> keys = Selector::keys();
          keys.push_back("where");
          if (checker.object((*it)[i], p, keys, {"actions"}, "an allow entry")) {
            AllowEntry entry{Selector::read((*it)[i], p, checker), nullptr};
            if ((*it)[i].contains("where")) {
              entry.where =
                  Condition::read((*it)[i].at("where"), child_pointer(p, "where"), checker);
            }
            entries.push_back(std::move(entry));
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
