// Side-effect reads: every data source read during apply (action `read`) whose type is in the
// library's table of data sources with side effects, or in the rule's own `types`, is a finding
// at the rule's level. Other reads are judged by the other rules like any change.
#include "rules/side_effect_read.h"

#include <map>

#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {

const std::vector<SideEffectDataSource>& side_effect_data_sources() {
  static const std::vector<SideEffectDataSource> table = {
      {"aws_lambda_invocation", "invokes a Lambda function with the given payload"},
      {"external", "runs a local program"},
      {"http", "sends an HTTP request"},
  };
  return table;
}

namespace {

// Reports reads during apply of data sources with side effects.
class SideEffectReadRule final : public Rule {
 public:
  SideEffectReadRule(RuleInfo info, Selector match, std::map<std::string, std::string> types)
      : Rule(std::move(info), std::move(match)), types_(std::move(types)) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    return match().actions() & action_bit(Action::kRead);
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    if (change.managed) {
      return;
    }
    const auto it = types_.find(change.type);
    if (it == types_.end()) {
      return;
    }
    context.report(
        *this, &change,
        fmt::format("data source {} is read during apply{}, and reading it {}", change.type,
                    change.action_reason.empty() ? "" : " (" + change.action_reason + ")",
                    it->second));
  }

 private:
  std::map<std::string, std::string> types_;  // type -> what reading it does
};

// Reads `types`: data source types to add to the library's table.
class SideEffectReadKind final : public RuleKind {
 public:
  std::string_view name() const override { return "side_effect_read"; }
  std::vector<std::string_view> keys() const override { return {"types"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    std::map<std::string, std::string> types;
    for (const SideEffectDataSource& s : side_effect_data_sources()) {
      types.emplace(s.type, s.effect);
    }
    if (const auto extra = checker.strings(rule, "types", pointer)) {
      for (const std::string& t : *extra) {
        types.emplace(t, "has side effects (listed in the policy)");
      }
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<SideEffectReadRule>(std::move(info), std::move(match),
                                                std::move(types));
  }
};

}  // namespace

const RuleKind& side_effect_read_rule_kind() {
  static const SideEffectReadKind kind;
  return kind;
}

}  // namespace gate::detail
