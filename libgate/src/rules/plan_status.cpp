// Plan status: a plan Terraform marked `errored: true` fails; so does one marked
// `applyable: false` unless it has nothing to apply (Terraform writes `applyable: false` for a
// plan without changes, and such a plan passes); with `require_complete`, so does one marked
// `complete: false` (more changes would follow its apply). Plans from before format 1.2 lack
// these members and are not judged by them. Each message says what to do about its cause.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

// Reads errored, applyable and complete from the plan.
class PlanStatusRule final : public Rule {
 public:
  PlanStatusRule(RuleInfo info, Selector match, bool require_complete)
      : Rule(std::move(info), std::move(match)), require_complete_(require_complete) {}

  ActionMask inspects(const Environment& /*environment*/) const override { return 0; }

  void check_plan(EvalContext& context) const override {
    const Plan& plan = context.plan();
    if (plan.errored.value_or(false)) {
      context.report(*this, nullptr,
                     "the plan errored (errored: true): Terraform stopped before finishing it; "
                     "fix the errors `terraform plan` printed and plan again");
    } else if (!plan.applyable.value_or(true) && !nothing_to_apply(plan)) {
      context.report(*this, nullptr,
                     "the plan is not applyable (applyable: false) although it lists changes; "
                     "plan again with a Terraform release that writes an applyable plan");
    }
    if (require_complete_ && !plan.complete.value_or(true)) {
      context.report(*this, nullptr,
                     "the plan is incomplete (complete: false): applying it leaves changes for "
                     "a later plan; remove what defers them (unknown count or for_each, "
                     "deferred providers) and plan again");
    }
  }

 private:
  bool require_complete_;
};

// Reads `require_complete`.
class PlanStatusKind final : public RuleKind {
 public:
  std::string_view name() const override { return "plan_status"; }
  std::vector<std::string_view> keys() const override { return {"require_complete"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    const bool require_complete = checker.boolean(rule, "require_complete", pointer).value_or(false);
    if (rule.contains("match")) {
      checker.error("bad-value", "a plan_status rule judges the whole plan; \"match\" does not apply",
                    child_pointer(pointer, "match"));
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<PlanStatusRule>(std::move(info), std::move(match), require_complete);
  }
};

}  // namespace

const RuleKind& plan_status_rule_kind() {
  static const PlanStatusKind kind;
  return kind;
}

}  // namespace gate::detail
