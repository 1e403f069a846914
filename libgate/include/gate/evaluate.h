// Policy evaluation: a PolicySet, a Plan, an environment and a clock in; a Decision out.
// evaluate() is a pure function of its inputs: no I/O, and time only from the injected Clock
// (waiver expiry), so the same inputs always give the same Decision.
//
//   gate::EvalOptions options;
//   options.environment = "prod";
//   gate::Expected<gate::Decision> decision = gate::evaluate(*policies, *plan, options);
//   if (!decision) { std::cerr << gate::render(decision.error()); return 1; }
//   return decision->verdict == gate::Verdict::kPass ? 0 : 2;
//
// Attribute values are parsed only for the changes a rule needs them for; `no-op` and `read`
// changes cost a table look-up unless a rule asks for them. A value a rule needs that is
// unknown until apply gives a "cannot evaluate" finding at the rule's level, never a pass.
//
// Thread-safety: reentrant; one PolicySet and one Plan may be shared by concurrent calls.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.h"
#include "gate/expected.h"
#include "gate/plan.h"
#include "gate/policy.h"

namespace gate {

class SensitiveValues;

/// Rule id of the findings raised for expired waivers (hard-mandatory).
inline constexpr std::string_view kExpiredWaiverRule = "WAIVER-EXPIRED";

/// The outcome of a policy evaluation.
enum class Verdict {
  kPass,  ///< no blocking finding
  kFail,  ///< at least one unwaived soft- or hard-mandatory finding
};

/// "pass" or "fail".
std::string_view to_string(Verdict verdict);

/// One thing a rule found. Messages name attribute paths and policy values, never plan values
/// that are marked sensitive.
struct Finding {
  std::string rule;   ///< rule id, or kExpiredWaiverRule
  std::string title;  ///< the rule's title
  Enforcement enforcement = Enforcement::kHardMandatory;
  std::string address;       ///< resource address; empty for findings about the whole plan
  std::string message;       ///< one sentence
  std::string json_pointer;  ///< the resource change in the plan, e.g. "/resource_changes/4"
  bool waived = false;       ///< a matching, unexpired waiver exempts it
  bool drift = false;        ///< about an object changed outside Terraform (resource_drift)
  std::optional<Waiver> waiver;  ///< the waiver, when waived

  /// True when the finding makes the verdict fail: not waived, soft- or hard-mandatory.
  bool blocking() const { return !waived && blocks(enforcement); }
};

/// The result of evaluating one plan in one environment.
struct Decision {
  std::string environment;
  Verdict verdict = Verdict::kFail;
  std::vector<Finding> findings;  ///< sorted by rule, address, message
  ActionCounts changes;           ///< resource changes per action
  std::string policy_digest;      ///< PolicySet::digest(environment)
  std::vector<DisabledRule> disabled;  ///< rules the environment disables, with their reasons
  std::string plan_digest;        ///< digest_bytes(plan.bytes())
  std::string semantic_digest;    ///< semantic_plan_digest(plan); empty unless asked for
  bool nothing_to_apply = false;  ///< gate::nothing_to_apply(plan): applying changes nothing

  /// Number of blocking findings.
  std::size_t blocking_count() const;
  /// Number of unwaived findings at `level`.
  std::size_t count(Enforcement level) const;
  /// Number of waived findings.
  std::size_t waived_count() const;
};

/// What to evaluate and how.
struct EvalOptions {
  std::string environment;          ///< one of PolicySet::environments()
  const Clock* clock = nullptr;     ///< for waiver expiry; system_clock() when null
  bool semantic_digest = false;     ///< also compute Decision::semantic_digest (a full re-read)
  /// App artifacts bound to the decision (name -> "sha256:<hex>"): rules of kind deployed_code
  /// check that the code the plan deploys is one of them.
  std::map<std::string, std::string> artifacts;
  /// The plan's sensitive values (gate/sensitive_values.h), when the caller collected them to
  /// mask its own output too; when null, evaluate collects them. Either way the findings'
  /// messages and addresses come back masked.
  const SensitiveValues* sensitive = nullptr;
};

/// Evaluates `plan` against the rules of `options.environment`.
///
/// Errors:
///   policy.unknown-environment  the environment is not in the PolicySet (did-you-mean note)
///   plan.syntax, plan.too-deep  a value a rule needed is not valid JSON (located in the plan)
///   digest.number               (semantic_digest only) a number canonical JSON cannot hold
///   (collecting sensitive values) those of Plan::materialise
///
/// Linear in the number of resource changes times the rules that inspect their action.
[[nodiscard]] Expected<Decision> evaluate(const PolicySet& policies, const Plan& plan,
                                          const EvalOptions& options);

}  // namespace gate
