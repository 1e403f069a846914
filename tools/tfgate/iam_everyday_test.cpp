// Least-privilege documents of everyday work (a real plan of the dev stack: read one bucket,
// deploy one function with PassRole on its role, write one log group, read parameters,
// describe EC2, assume one organisation role, pinned resource policies, Lambda permission and
// GitHub Enterprise trust) give no IAM finding in any environment; the attack plan of the same
// stack is refused in every one.
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "fixtures.h"

namespace {

// The findings of the IAM rules (iam_scope: LP, PE, TRUST, OIDC, XACCT, IAM, SIZE, PLAN-003).
std::vector<std::string> iam_findings(const std::string& plan, const std::string& env) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  tfgate::run({"check", "--policies", std::string(GATE_SOURCE_DIR) + "/policies", "--env", env, "--format",
               "json", gate::test::fixture("plans/platform/" + plan)},
              io);
  const nlohmann::json report = nlohmann::json::parse(out.str(), nullptr, false);
  REQUIRE_MESSAGE(report.is_object(), err.str());
  std::vector<std::string> found;
  for (const nlohmann::json& f : report.value("findings", nlohmann::json::array())) {
    const std::string rule = f.value("rule", "");
    for (const char* prefix : {"LP-", "PE-", "TRUST-", "OIDC-", "XACCT-", "IAM-", "SIZE-", "PLAN-003"}) {
      if (rule.rfind(prefix, 0) == 0) {
        found.push_back(rule + " " + f.value("address", "") + ": " + f.value("message", ""));
      }
    }
  }
  return found;
}

}  // namespace

TEST_SUITE("iam_everyday") {
  TEST_CASE("least-privilege everyday documents give no IAM finding in any environment") {
    for (const char* env : {"dev", "staging", "prod", "organization"}) {
      CAPTURE(env);
      CHECK(iam_findings("dev-least-privilege.json", env).empty());
    }
  }
  TEST_CASE("the grants an attacker adds are found in every environment") {
    for (const char* env : {"dev", "staging", "prod"}) {
      CAPTURE(env);
      CHECK(iam_findings("dev-iam-grant-paths.json", env).size() >= 13);
    }
  }
}
