// Drift: objects that changed outside Terraform since the state was written, as a plan's
// refresh found them (`resource_drift`; all a refresh-only plan contains). evaluate_drift()
// judges each drifted object with the environment's `drift` rules and, for IAM documents changed
// outside Terraform, with its `iam_scope` rules as if the changed documents had been planned.
// Findings name attribute paths, never values.
//
//   gate::Expected<gate::Decision> d = gate::evaluate_drift(*policies, *plan, options);
//   return !d ? 1 : d->verdict == gate::Verdict::kPass ? 0 : 2;
//
// Thread-safety: reentrant, like evaluate().
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/evaluate.h"
#include "gate/expected.h"
#include "gate/plan.h"
#include "gate/policy.h"

namespace gate {

/// The attributes that differ between a drifted object's `before` (the state) and `after` (what
/// the refresh read), as JSON pointers to the smallest differing values ("/tags/Owner",
/// "/versioning/0/enabled"); a list whose length changed is one path. Strings holding JSON
/// documents (IAM policies) that are equal as JSON are equal. A value either sensitivity mask
/// marks sensitive is one path: nothing inside it, member names included, is named. {""} when
/// the object appeared or disappeared (one side null). Sorted.
std::vector<std::string> drifted_attributes(const nlohmann::json& before,
                                            const nlohmann::json& after,
                                            const nlohmann::json& before_sensitive = {},
                                            const nlohmann::json& after_sensitive = {});

/// Judges `plan.resource_drift` against the rules of `options.environment`. The Decision's
/// `changes` counts the drifted objects by action (update: changed, delete: deleted outside
/// Terraform); every finding has `drift` set. Waivers apply as in evaluate().
///
/// Errors: as evaluate().
[[nodiscard]] Expected<Decision> evaluate_drift(const PolicySet& policies, const Plan& plan,
                                                const EvalOptions& options);

}  // namespace gate
