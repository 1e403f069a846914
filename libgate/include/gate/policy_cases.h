// Policy test cases, run by `tfgate test` (as `opa test` runs Rego tests): each case names a
// plan fixture, a policy directory, an environment, optionally the evaluation date, and the
// exact outcome expected: the verdict and every finding (rule, address, waived).
//
// Case files are JSON (comments allowed) named `*_test.json`:
//   {
//     "description": "prod: only application changes",       // optional
//     "policies": "..",                      // default policy directory of the cases
//     "cases": [
//       {"name": "a Lambda update passes",
//        "plan": "../../fixtures/plans/policy/prod-lambda-update.json",
//        "environment": "prod",
//        "policies": "..",                   // optional; overrides the file's
//        "date": "2026-06-01",               // optional; the clock for waiver expiry
//        "expect": {"verdict": "pass", "findings": []}},
//       {"name": "a bucket create is denied",
//        "plan": "...", "environment": "prod",
//        "expect": {"verdict": "fail", "findings": [
//          {"rule": "PROD-001", "address": "aws_s3_bucket.logs"},
//          {"rule": "DEL-002", "address": "aws_s3_bucket.old", "waived": true,
//           "message_contains": "replace"}]}}
//     ]
//   }
// Paths are relative to the case file. `address` is omitted for findings about the whole plan.
// A case passes when the verdict is the expected one and the findings are exactly the expected
// ones: none missing, none extra.
//
// Thread-safety: load_policy_cases is reentrant; a PolicyCaseRunner is used by one thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gate/clock.h"
#include "gate/evaluate.h"
#include "gate/expected.h"
#include "gate/policy.h"

namespace gate {

/// A finding a case expects.
struct ExpectedFinding {
  std::string rule;
  std::string address;           ///< empty: a finding about the whole plan
  bool waived = false;
  std::string message_contains;  ///< empty: any message
};

/// One test case, its paths resolved against its file's directory.
struct PolicyCase {
  std::string file;  ///< the case file, as found
  std::string name;
  std::string plan;
  std::string policies;
  std::string environment;
  std::optional<Date> date;
  bool drift = false;  ///< `"judge": "drift"`: judge the plan's drift (evaluate_drift)
  Verdict verdict = Verdict::kPass;
  std::vector<ExpectedFinding> findings;
  Location location;  ///< where the case is declared
};

/// Reads the cases of `path`: a `*_test.json` file, or every such file under a directory
/// (recursively, in path order).
///
/// Errors (all of them):
///   io.read            the path or a file cannot be read
///   test.no-cases      no case file, or a case file without cases
///   test.syntax, test.encoding, test.too-deep, test.duplicate-key   malformed JSON
///   test.unknown-key, test.missing-key, test.wrong-type, test.bad-value   malformed cases
///   test.bad-date      `date` is not a YYYY-MM-DD day
[[nodiscard]] Expected<std::vector<PolicyCase>> load_policy_cases(const std::string& path);

/// The outcome of one case.
struct CaseResult {
  enum class Status { kPass, kFail, kError };
  Status status = Status::kError;
  std::vector<std::string> details;  ///< why it failed, or the rendered errors
};

/// Runs cases, loading each policy directory once.
class PolicyCaseRunner {
 public:
  /// Runs one case.
  CaseResult run(const PolicyCase& test_case);

 private:
  std::map<std::string, Expected<PolicySet>> policies_;
};

}  // namespace gate
