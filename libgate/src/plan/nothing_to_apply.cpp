// Whether a plan has nothing to apply: the one place that decides it, for PLAN-001, the
// reports and the decision record.
#include "gate/plan.h"

namespace gate {

bool nothing_to_apply(const Plan& plan) {
  if (plan.errored.value_or(false) || !plan.complete.value_or(true) ||
      plan.applyable.value_or(false) || !plan.deferred_changes.empty()) {
    return false;
  }
  for (const ResourceChange& rc : plan.resource_changes) {
    const bool moves = !rc.previous_address.empty() && rc.previous_address != rc.address;
    const bool imports = rc.importing.present() && !rc.importing.is_null();
    if (rc.action != Action::kNoOp || moves || imports) {
      return false;
    }
  }
  for (const OutputChange& oc : plan.output_changes) {
    if (oc.action != Action::kNoOp) {
      return false;
    }
  }
  return true;
}

}  // namespace gate
