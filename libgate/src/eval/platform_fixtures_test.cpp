// The shipped policies judge the platform's own plans (real Terraform output of terraform/) as
// fixtures/plans/platform/expectations.json says: the verdict, every expected blocking finding
// (rule and address) and every expected advisory one; a passing plan has no blocking finding.
#include <doctest/doctest.h>

#include <set>

#include "fixtures.h"
#include "gate/evaluate.h"
#include "gate/policy.h"

TEST_CASE("the shipped policies give every platform plan its expected verdict") {
  auto policies = gate::load_policy_dir(std::string(GATE_SOURCE_DIR) + "/policies");
  REQUIRE_MESSAGE(policies.has_value(), gate::render(policies.error()));
  const auto expectations = nlohmann::json::parse(
      gate::test::read_file(gate::test::fixture("plans/platform/expectations.json")));
  std::size_t plans = 0;
  for (const auto& e : expectations.at("plans")) {
    const std::string name = e.at("plan");
    CAPTURE(name);
    auto plan = gate::load_plan_file(gate::test::fixture("plans/platform/" + name));
    REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
    gate::EvalOptions options;
    options.environment = e.at("environment");
    auto decision = gate::evaluate(*policies, *plan, options);
    REQUIRE_MESSAGE(decision.has_value(), gate::render(decision.error()));
    std::set<std::pair<std::string, std::string>> blocking, advisory;
    for (const gate::Finding& f : decision->findings) {
      (f.blocking() ? blocking : advisory).emplace(f.rule, f.address);
    }
    CHECK(std::string(gate::to_string(decision->verdict)) == e.at("verdict").get<std::string>());
    for (const auto& f : e.value("findings", nlohmann::json::array())) {
      CHECK_MESSAGE(blocking.count({f.at("rule"), f.at("address")}) == 1,
                    "missing blocking finding " << f.dump());
    }
    for (const auto& f : e.value("advisory", nlohmann::json::array())) {
      CHECK_MESSAGE(advisory.count({f.at("rule"), f.at("address")}) == 1,
                    "missing advisory finding " << f.dump());
    }
    if (e.at("verdict") == "pass") {
      CHECK(blocking.empty());
    }
    ++plans;
  }
  CHECK(plans >= 20);
}
