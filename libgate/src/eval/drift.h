// The drift pass shared by evaluate() (drift found by a plan's refresh, at each drift rule's
// check level) and evaluate_drift() (drift rules at their own level, plus IAM rules judging
// documents changed outside Terraform).
#pragma once

#include "eval/eval_context.h"
#include "gate/plan.h"
#include "policy/policy_set_data.h"

namespace gate::detail {

/// Who asks: `tfgate check` or `tfgate drift`.
enum class DriftPass { kCheck, kDrift };

/// Judges every entry of context.plan().resource_drift and adds the findings (marked drift) to
/// `context`. Stops at the first value that cannot be parsed (context.failed()).
void judge_drift(EvalContext& context, DriftPass pass);

}  // namespace gate::detail
