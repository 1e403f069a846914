// Attribute assertions: a condition (rules/condition.h: one operator on a JSON pointer into
// `after` (default) or `before`, or all_of / any_of / not over such assertions) that must hold
// for every change the rule selects whose action is in `when` (by default the actions that have
// the chosen side: create, update and replaces for `after`; update, replaces, delete and forget
// for `before`; `after` for combinators). An optional `where` condition narrows the rule to the
// changes it holds for (e.g. the versioning of one named bucket); where it cannot be evaluated
// the rule still applies. A value the condition needs that after_unknown marks unknown gives a
// "cannot evaluate" finding. Plan values appear in messages only when not marked sensitive.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/condition.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

constexpr ActionMask kAfterActions =
    action_bit(Action::kCreate) | action_bit(Action::kUpdate) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kForgetAndCreate);
constexpr ActionMask kBeforeActions =
    action_bit(Action::kUpdate) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kDelete) |
    action_bit(Action::kForget) | action_bit(Action::kForgetAndCreate);

constexpr ActionMask kUnchanged = action_bit(Action::kNoOp) | action_bit(Action::kRead);

// One assertion (or combination of assertions) on the selected changes.
class AttributeRule final : public Rule {
 public:
  // The compiled assertion.
  struct Spec {
    std::shared_ptr<const Condition> condition;
    std::shared_ptr<const Condition> where;  // null: every selected change
    ActionMask when = kAfterActions;
  };

  AttributeRule(RuleInfo info, Selector match, Spec spec)
      : Rule(std::move(info), std::move(match)), spec_(std::move(spec)) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    return match().actions() & spec_.when;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    if (spec_.where && spec_.where->evaluate(change, context).truth ==
                           ConditionResult::Truth::kFails) {
      return;
    }
    ConditionResult r = spec_.condition->evaluate(change, context);
    if (context.failed()) {
      return;
    }
    switch (r.truth) {
      case ConditionResult::Truth::kHolds:
        return;
      case ConditionResult::Truth::kUnknown:
        context.report(*this, &change, "cannot evaluate: " + r.reason);
        return;
      case ConditionResult::Truth::kFails:
        context.report(*this, &change, std::move(r.reason));
        return;
    }
  }

 private:
  Spec spec_;
};

// Reads the condition, `where` and `when`.
class AttributeKind final : public RuleKind {
 public:
  std::string_view name() const override { return "attribute"; }
  std::vector<std::string_view> keys() const override {
    std::vector<std::string_view> out = Condition::leaf_keys();
    out.insert(out.end(), Condition::combinator_keys().begin(), Condition::combinator_keys().end());
    out.push_back("where");
    out.push_back("when");
    return out;
  }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    AttributeRule::Spec spec;
    spec.condition = Condition::read_members(rule, pointer, checker);
    if (rule.contains("where")) {
      spec.where = Condition::read(rule.at("where"), child_pointer(pointer, "where"), checker);
    }
    // A single assertion on one side applies to the actions that have that side; a combinator
    // may look at both sides, so `when` may name any action.
    const bool leaf = rule.contains("path");
    // (A side that is not a string was reported by read_members; it must not throw here.)
    const auto in = rule.find("in");
    const bool after = in == rule.end() || !in->is_string() || *in != "before";
    const ActionMask side = after ? kAfterActions : kBeforeActions;
    spec.when = Selector::read_actions(rule, "when", pointer, checker,
                                       leaf ? side | kUnchanged : kEveryAction);
    if (!rule.contains("when")) {
      spec.when = side;
    }
    if (checker.errors() != errors || !spec.condition) {
      return nullptr;
    }
    return std::make_unique<AttributeRule>(std::move(info), std::move(match), std::move(spec));
  }
};

}  // namespace

const RuleKind& attribute_rule_kind() {
  static const AttributeKind kind;
  return kind;
}

}  // namespace gate::detail
