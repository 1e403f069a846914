// Policy test cases: reading case files, exact matching of expected findings, and the shipped
// cases under policies/tests, so that ctest covers them as `tfgate test` does.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "gate/policy_cases.h"

namespace {

std::string source(const std::string& relative) {
  return std::string(GATE_SOURCE_DIR) + "/" + relative;
}

}  // namespace

TEST_SUITE("policy_cases") {
  TEST_CASE("every shipped policy test case passes") {
    auto cases = gate::load_policy_cases(source("policies/tests"));
    REQUIRE_MESSAGE(cases.has_value(), gate::render(cases.error()));
    CHECK(cases->size() >= 25);
    gate::PolicyCaseRunner runner;
    for (const gate::PolicyCase& c : *cases) {
      CAPTURE(c.name);
      const gate::CaseResult result = runner.run(c);
      std::string details;
      for (const std::string& d : result.details) {
        details += d + "\n";
      }
      CHECK_MESSAGE(result.status == gate::CaseResult::Status::kPass, details);
    }
  }

  TEST_CASE("a case fails on a missing finding, an extra finding and a wrong verdict") {
    auto cases = gate::load_policy_cases(gate::test::fixture("policy-tests/failing_test.json"));
    REQUIRE_MESSAGE(cases.has_value(), gate::render(cases.error()));
    REQUIRE(cases->size() == 3);
    gate::PolicyCaseRunner runner;
    const gate::CaseResult wrong = runner.run((*cases)[0]);
    CHECK(wrong.status == gate::CaseResult::Status::kFail);
    CHECK(wrong.details ==
          std::vector<std::string>{
              "verdict: expected pass, got fail",
              "missing finding: PROD-002 aws_s3_bucket.reports",
              "unexpected finding: PROD-001 aws_s3_bucket.reports [hard-mandatory]: create of "
              "aws_s3_bucket is not allowed in prod: no allow entry matches it"});
    const gate::CaseResult message = runner.run((*cases)[1]);
    CHECK(message.status == gate::CaseResult::Status::kFail);
    CHECK(message.details.size() == 2);
    const gate::CaseResult error = runner.run((*cases)[2]);
    CHECK(error.status == gate::CaseResult::Status::kError);
    REQUIRE(error.details.size() == 1);
    CHECK(error.details[0].find("error[policy.unknown-environment]") != std::string::npos);
  }

  TEST_CASE("malformed case files are reported, located") {
    auto cases = gate::load_policy_cases(gate::test::fixture("policy-tests/bad/bad_test.json"));
    REQUIRE_FALSE(cases.has_value());
    CHECK(gate::render(cases.error()).find("error[test.unknown-key]: unknown member \"expcet\"") !=
          std::string::npos);
    auto none = gate::load_policy_cases(gate::test::fixture("plans/policy"));
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().front().code == "test.no-cases");
    auto missing = gate::load_policy_cases("/nonexistent");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().front().code == "io.read");
  }
}
