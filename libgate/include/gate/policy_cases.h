// Policy test cases, run by `tfgate test` (as `opa test` runs Rego tests): each case names a
// plan (a fixture file, or the plan written inline), a policy directory, an environment,
// optionally the evaluation date, and what it expects: the verdict, the findings (all of them,
// or those of chosen rules) and findings that must be absent.
//
// Case files are JSON with comments named `*_test.json` or `*_test.jsonc`:
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
//       {"name": "a bucket without an owner tag is refused",
//        "plan": {"format_version": "1.2", "resource_changes": [...]},   // inline plan
//        "environment": "staging",
//        "expect": {"rules": ["TAG-001"],    // compare only the findings of these rules
//                   "findings": [{"rule": "TAG-001", "address": "aws_s3_bucket.logs"}],
//                   "absent": [{"rule": "DEL-001"}]}}                   // must not be reported
//     ]
//   }
// Paths are relative to the case file. `address` is omitted for findings about the whole plan.
// A case passes when the verdict (if given) is the expected one, the findings (of the `rules`
// given, or all) are exactly the expected ones, none missing, none extra, and no finding matches
// an `absent` entry. `rules` without `findings` expects none of those rules' findings.
//
// A rule is *exercised* in an environment by a case run there that sees one of its findings or
// asserts something about it (`findings`, `rules`, `absent`); PolicyCaseRunner::coverage() lists
// the rules no case exercises, per environment of every policy directory the cases used.
//
// Thread-safety: load_policy_cases is reentrant; a PolicyCaseRunner is used by one thread.
#pragma once

#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
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

/// A finding a case expects not to see: any of `rule`, or of `rule` at `address`.
struct AbsentFinding {
  std::string rule;
  std::optional<std::string> address;  ///< nullopt: at any address
};

/// One test case, its paths resolved against its file's directory.
struct PolicyCase {
  std::string file;  ///< the case file, as found
  std::string name;
  std::string plan;         ///< the plan file; or, for an inline plan, "<file>#<pointer>"
  std::string inline_plan;  ///< the inline plan's JSON text; empty when `plan` is a file
  std::string policies;
  std::string environment;
  std::optional<Date> date;
  bool drift = false;  ///< `"judge": "drift"`: judge the plan's drift (evaluate_drift)
  std::optional<Verdict> verdict;  ///< nullopt: the verdict is not checked
  bool check_findings = false;     ///< `findings` (or `rules`) given: compare findings exactly
  std::vector<std::string> rules;  ///< when not empty, compare only these rules' findings
  std::vector<ExpectedFinding> findings;
  std::vector<AbsentFinding> absent;
  Location location;  ///< where the case is declared

  /// True when the case's expectations name `rule` (in findings, rules or absent).
  bool mentions(std::string_view rule) const;
};

/// Reads the cases of `path`: a `*_test.json` or `*_test.jsonc` file, or every such file under
/// a directory (recursively, in path order).
///
/// Errors (all of them):
///   io.read            the path or a file cannot be read
///   test.no-cases      no case file, or a case file without cases
///   test.syntax, test.encoding, test.too-deep, test.duplicate-key   malformed JSON
///   test.unknown-key, test.missing-key, test.wrong-type, test.bad-value   malformed cases
///   test.bad-date      `date` is not a YYYY-MM-DD day
///   test.missing-key   also: an `expect` that asserts nothing (no verdict, findings, rules or
///                      absent)
[[nodiscard]] Expected<std::vector<PolicyCase>> load_policy_cases(const std::string& path);

/// The outcome of one case.
struct CaseResult {
  enum class Status { kPass, kFail, kError };
  Status status = Status::kError;
  std::vector<std::string> details;  ///< why it failed, or the rendered errors
};

/// "pass", "fail" or "error".
std::string_view to_string(CaseResult::Status status);

/// Which rules of one environment the cases run so far exercise.
struct EnvironmentCoverage {
  std::string policies;                  ///< the policy directory
  std::string environment;
  std::vector<std::string> rules;        ///< every rule of the environment, sorted
  std::vector<std::string> unexercised;  ///< those no case exercised, sorted
};

/// Runs cases, loading each policy directory once, and keeps track of coverage.
class PolicyCaseRunner {
 public:
  /// Runs one case. With `only_rule`, checks only what concerns that rule: its findings and
  /// absences (not the verdict, not other rules' findings).
  CaseResult run(const PolicyCase& test_case, const std::string& only_rule = {});

  /// For every environment of every policy directory the cases ran against (sorted by
  /// directory, then environment), the rules no case exercised.
  std::vector<EnvironmentCoverage> coverage() const;

 private:
  std::map<std::string, Expected<PolicySet>> policies_;
  std::map<std::string, std::map<std::string, std::set<std::string>>> exercised_;  // dir, env
};

/// One case and its outcome, as `tfgate test` reports it; `file` is shown relative to the path
/// given to `tfgate test`.
struct CaseOutcome {
  std::string file;
  const PolicyCase* test_case = nullptr;
  CaseResult result;
};

/// The version of the JSON document render_case_json writes.
inline constexpr int kCaseJsonVersion = 1;

/// `PASS|FAIL|ERROR file: name` per case (details indented), `N passed, M failed`, then one
/// coverage line per environment.
std::string render_case_text(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<EnvironmentCoverage>& coverage);

/// A JUnit XML document (fixtures/schemas/junit.xsd): a test suite per case file, a test case
/// per case, the rules no case exercised as properties.
std::string render_case_junit(const std::vector<CaseOutcome>& outcomes,
                              const std::vector<EnvironmentCoverage>& coverage);

/// A versioned JSON document for tools: cases, summary and coverage.
std::string render_case_json(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<EnvironmentCoverage>& coverage);

}  // namespace gate
