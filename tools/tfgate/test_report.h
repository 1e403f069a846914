// Rendering `tfgate test` results: the text listing with its coverage lines, a JUnit XML
// document (fixtures/schemas/junit.xsd: a test suite per case file, a test case per case) and a
// versioned JSON document for tools.
#pragma once

#include <string>
#include <vector>

#include <gate/policy_cases.h>

namespace tfgate {

/// One case and its outcome; `file` is shown relative to the path given to `tfgate test`.
struct CaseOutcome {
  std::string file;
  const gate::PolicyCase* test_case = nullptr;
  gate::CaseResult result;
};

/// The version of the JSON document render_test_json writes.
inline constexpr int kTestJsonVersion = 1;

/// `PASS|FAIL|ERROR file: name` per case (details indented), `N passed, M failed`, then one
/// coverage line per environment.
std::string render_test_text(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<gate::EnvironmentCoverage>& coverage);

std::string render_test_junit(const std::vector<CaseOutcome>& outcomes,
                              const std::vector<gate::EnvironmentCoverage>& coverage);

std::string render_test_json(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<gate::EnvironmentCoverage>& coverage);

}  // namespace tfgate
