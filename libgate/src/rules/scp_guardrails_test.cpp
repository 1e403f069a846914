// The scp rule kind on the organization stack's real plans: the create plan passes each check
// at every enforcement level; the scenario plans fail the check they break; load errors.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "policy_helpers.h"

namespace {

using gate::test::decide;
using gate::test::listing;
using gate::test::one_environment;

gate::Plan platform_plan(const std::string& name) {
  auto plan = gate::load_plan_file(gate::test::fixture("plans/platform/" + name + ".json"));
  REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
  return std::move(plan).value();
}

std::string rule(const std::string& level, const std::string& members) {
  return R"({"id":"SCP-100","title":"t","kind":"scp","enforcement":")" + level + "\"," + members + "}";
}

const char* kGuards = R"("check":"guards","governed_ou":"students","guards":[
  {"name":"instance types","actions":["ec2:RunInstances"],"resource_within":"arn:aws:ec2:*:*:instance/*","condition_key":"ec2:InstanceType","allowed_values":["t2.micro","t3.micro"]},
  {"name":"NAT gateways","actions":["ec2:CreateNatGateway"]}])";

}  // namespace

TEST_SUITE("scp_rules") {
  TEST_CASE("every check at every level: the organization's create plan passes, scenarios fail") {
    const std::pair<std::string, std::string> cases[] = {
        {R"("check":"documents","max_bytes":5120)", "organization-scp-too-large"},
        {R"("check":"attachments","limit":5,"implicit":1)", "organization-too-many-scps"},
        {kGuards, "organization-missing-guard"},
    };
    for (const std::string& level : gate::test::levels()) {
      for (const auto& [members, failing] : cases) {
        CAPTURE(level);
        CAPTURE(failing);
        const auto set = one_environment(rule(level, members));
        CHECK(decide(set, platform_plan("organization-create")).findings.empty());
        const gate::Decision d = decide(set, platform_plan(failing));
        REQUIRE(d.findings.size() == 1);
        CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
      }
    }
  }

  TEST_CASE("findings name the SCP, the target or the OU, and say why") {
    CHECK(listing(decide(one_environment(rule("hard-mandatory", R"("check":"documents","max_bytes":5120)")),
                         platform_plan("organization-scp-too-large"))) ==
          "SCP-100 aws_organizations_policy.expensive_services [hard-mandatory] the SCP is 7198 "
          "bytes as written, over the limit of 5120 bytes\n");
    CHECK(listing(decide(one_environment(rule("hard-mandatory", kGuards)),
                         platform_plan("organization-missing-guard"))) ==
          "SCP-100 aws_organizations_organizational_unit.students [hard-mandatory] no SCP attached "
          "to aws_organizations_organizational_unit.students (or to the root) denies NAT gateways "
          "(ec2:CreateNatGateway)\n");
    const gate::Decision many = decide(
        one_environment(rule("hard-mandatory", R"("check":"attachments","limit":5,"implicit":1)")),
        platform_plan("organization-too-many-scps"));
    REQUIRE(many.findings.size() == 1);
    CHECK(many.findings[0].address == "aws_organizations_organizational_unit.students");
  }

  TEST_CASE("load errors: unknown check, guards without an OU or a name") {
    const std::string errors = gate::test::policy_errors(
        {{"test.json", "{\"rules\":[" + rule("advisory", R"("check":"guard")") + "," +
                           R"({"id":"SCP-101","title":"t","kind":"scp","enforcement":"advisory","check":"guards","guards":[{"actions":["x:y"]}]})" +
                           "]}"}});
    CHECK(errors.find("did you mean 'guards'?") != std::string::npos);
    CHECK(errors.find("check \"guards\" needs \"governed_ou\"") != std::string::npos);
    CHECK(errors.find("/rules/1/guards/0") != std::string::npos);
  }
}
