// Verification of records before `terraform apply`: does a trusted, unexpired, passing (or
// properly overridden), sufficiently approved decision exist for exactly the files about to
// be applied, under the policy in force, promoted from the required previous stage?
//
// Records may come in any order. verify_records finds the decision for the environment, the
// approvals whose "decision" subject is that decision's digest, and (when the trust file says
// `requires_previous`) the previous stage's decision named by previous_record_digest with its
// own approvals; other records are ignored (and named in the first step's reason). Then it
// runs these steps in order and stops at the first failure:
//
//   1. envelope     every record is a well-formed DSSE envelope of an in-toto statement, and
//                   the decision for the environment is identified
//   2. signature    the decision is signed by a decision key, each of its approvals by an
//                   approval key, trusted for the environment
//   3. statement    each statement's _type is in-toto Statement v1
//   4. subjects     the tfplan subject equals the saved plan file, every artifact subject
//                   equals an artifact given, every artifact given is a subject, and each
//                   approval carries the decision's subjects
//   5. plan content the semantic digest of the plan JSON derived from the saved plan file
//                   (`terraform show -json` of it) equals the decision's semantic_digest: the
//                   plan judged is the plan about to be applied
//   6. environment  the decision and its approvals are for the environment
//   7. expiry       the decision is not expired, nor issued in the future, at clock.now()
//   8. verdict      the verdict is "pass" (with no blocking finding listed), or every
//                   blocking finding is soft-mandatory and overridden by an authorised approver
//                   (trusted, allowed, not the author)
//   9. approvers    enough distinct allowed approvers (one approver twice counts once); the
//                   decision's author approving is a failure. Identities are compared
//                   normalised (trimmed, ASCII case-folded: GitHub logins are
//                   case-insensitive); an identity with control, format or non-ASCII white-space
//                   characters fails this step
//  10. policy       the decision's policy digest equals the policy in force
//  11. chain        the previous stage's decision is among the records, passes steps 2, 3, 6,
//                   8 and 9 for its own environment (recursively up its own chain), and its
//                   app artifact subjects are identical to this decision's
//
// Input that cannot be judged at all (malformed records, an environment the trust file does
// not name, two decisions for the environment) is an error, never a failed step.
//
//   auto copy = gate::PlanCopy::make("tfplan");                  // gate/saved_plan.h
//   auto plan = gate::load_saved_plan(*copy, gate::ShowOptions{});
//   gate::VerifyRequest request{"prod", copy->digest(),
//                               {{"app.zip", *gate::digest_file("app.zip")}}, policy_digest,
//                               *gate::semantic_plan_digest(*plan)};
//   auto result = gate::verify_records(records, *trust, request, gate::SystemClock());
//   if (!result) return 1;               // unusable input
//   return result->passed() ? 0 : 2;     // result->failure()->name says where it stopped
//
// Thread-safety: pure function of its arguments.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.h"
#include "gate/expected.h"
#include "gate/record.h"
#include "gate/trust.h"

namespace gate {

/// The names of the verification steps, in the order they run.
inline constexpr std::array<std::string_view, 11> kVerifySteps = {
    "envelope", "signature", "statement", "subjects",  "plan content", "environment",
    "expiry",   "verdict",   "approvers", "policy",    "chain"};

/// What is about to be applied, and under which policy.
struct VerifyRequest {
  std::string environment;                       ///< the environment being deployed
  std::string plan_file_digest;                  ///< digest of the saved plan file
  std::map<std::string, std::string> artifacts;  ///< app artifacts, name -> digest
  std::string policy_digest;                     ///< digest of the policy set in force
  /// semantic_plan_digest of the plan JSON derived from the saved plan file by `terraform
  /// show -json`; empty when it could not be derived (the plan content step then fails).
  std::string plan_semantic_digest;
};

/// The outcome of one step.
struct VerifyStep {
  std::string name;    ///< one of kVerifySteps
  bool passed = false;
  std::string reason;  ///< what was checked, or why it failed
};

/// The steps that ran: all of them when verification passed, up to the first failure otherwise.
struct Verification {
  std::string environment;
  std::string decision_digest;    ///< digest of the decision judged, when it was identified
  std::vector<VerifyStep> steps;

  /// True when every step ran and passed.
  bool passed() const;
  /// The failed step, or nullptr.
  const VerifyStep* failure() const;
};

/// Runs the verification steps above.
///
/// Errors:
///   verify.no-records          `records` is empty
///   verify.bad-request         a digest of the request is malformed, or an artifact is named
///                              "tfplan" or "decision"
///   trust.unknown-environment  the trust file does not name request.environment
///   verify.ambiguous-decision  two different decision records for the environment
[[nodiscard]] Expected<Verification> verify_records(const std::vector<Record>& records,
                                                    const TrustPolicy& trust,
                                                    const VerifyRequest& request,
                                                    const Clock& clock);

/// The verification as JSON: {"environment", "verified", "failed_step" (or null),
/// "decision" (digest or null), "steps": [{"name", "passed", "reason"}]}.
nlohmann::ordered_json to_json(const Verification& verification);

}  // namespace gate
