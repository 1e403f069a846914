// SCP guardrails on the organization stack's real plan and on variants of it: documents,
// size, Principal, attachments per target (resolved through configuration references while
// ids are unknown), and the required free-tier guards with their equivalent forms.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "gate/scp.h"

namespace {

using json = nlohmann::json;

json organization_plan() {
  return json::parse(gate::test::read_file(gate::test::fixture("plans/platform/organization-create.json")));
}

gate::scp::Organization read(const json& plan) {
  auto loaded = gate::load_plan(plan.dump(), "organization.json");
  REQUIRE_MESSAGE(loaded.has_value(), gate::render(loaded.error()));
  auto org = gate::scp::read_organization(*loaded);
  REQUIRE_MESSAGE(org.has_value(), gate::render(org.error()));
  return std::move(*org);
}

json& policy_after(json& plan, const std::string& address) {
  for (json& rc : plan["resource_changes"]) {
    if (rc["address"] == address) {
      return rc["change"]["after"];
    }
  }
  throw std::runtime_error("no " + address);
}

// The statements of an SCP in the plan, decoded, for editing.
json content_of(json& plan, const std::string& address) {
  return json::parse(policy_after(plan, address)["content"].get<std::string>());
}

void set_content(json& plan, const std::string& address, const json& content) {
  policy_after(plan, address)["content"] = content.dump();
}

std::vector<gate::scp::Guard> platform_guards() {
  return {
      {"EC2 instance types outside the free tier", {"ec2:RunInstances"}, "arn:aws:ec2:*:*:instance/*",
       "ec2:InstanceType", {"t2.micro", "t3.micro"}},
      {"RDS classes outside the free tier", {"rds:CreateDBInstance"}, "", "rds:DatabaseClass",
       {"db.t3.micro", "db.t4g.micro"}},
      {"regions other than us-east-1", {"ec2:RunInstances"}, "", "aws:RequestedRegion", {"us-east-1"}},
      {"leaving the organization", {"organizations:LeaveOrganization"}, "", "", {}},
      {"NAT gateways", {"ec2:CreateNatGateway"}, "", "", {}},
      {"disabling CloudTrail", {"cloudtrail:StopLogging", "cloudtrail:DeleteTrail"}, "", "", {}},
  };
}

std::vector<std::string> messages(const std::vector<gate::scp::Issue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) {
    out.push_back(i.address + ": " + i.detail.message);
  }
  return out;
}

}  // namespace

TEST_SUITE("scp") {
  TEST_CASE("the organization stack's SCPs pass every guardrail") {
    const auto org = read(organization_plan());
    CHECK(org.policies.size() == 3);
    CHECK(org.attachments.size() == 5);
    CHECK(messages(gate::scp::check_documents(org, 5120)).empty());
    CHECK(messages(gate::scp::check_attachment_counts(org, 5, 1)).empty());
    CHECK(messages(gate::scp::check_required_guards(org, "students", platform_guards())).empty());
  }

  TEST_CASE("attachments resolve through configuration references while ids are unknown") {
    const auto org = read(organization_plan());
    for (const auto& at : org.attachments) {
      CAPTURE(at.address);
      CHECK(at.policy_key.rfind("ref:aws_organizations_policy.", 0) == 0);
      CHECK(at.target_key.rfind("ref:aws_organizations_organizational_unit.", 0) == 0);
    }
  }

  TEST_CASE("an SCP over 5,120 bytes as written fails; the same JSON minified may pass") {
    json plan = organization_plan();
    json content = content_of(plan, "aws_organizations_policy.free_tier");
    const std::string pretty = content.dump(4) + std::string(4000, ' ');
    REQUIRE(pretty.size() > 5120);
    policy_after(plan, "aws_organizations_policy.free_tier")["content"] = pretty;
    CHECK(messages(gate::scp::check_documents(read(plan), 5120)) ==
          std::vector<std::string>{"aws_organizations_policy.free_tier: the SCP is " +
                                   std::to_string(pretty.size()) +
                                   " bytes as written, over the limit of 5120 bytes"});
  }

  TEST_CASE("an SCP with Principal, or not valid JSON, fails") {
    json plan = organization_plan();
    json content = content_of(plan, "aws_organizations_policy.baseline");
    content["Statement"][0]["Principal"] = "*";
    set_content(plan, "aws_organizations_policy.baseline", content);
    policy_after(plan, "aws_organizations_policy.region_lock")["content"] = "{\"Statement\": [";
    CHECK(messages(gate::scp::check_documents(read(plan), 5120)) ==
          std::vector<std::string>{
              "aws_organizations_policy.baseline: statement \"DenyLeavingOrganization\" uses "
              "Principal, which SCPs do not support",
              "aws_organizations_policy.region_lock: the SCP is not a valid policy: the policy "
              "document is not valid JSON"});
  }

  TEST_CASE("more than five SCPs on one target fails, counting FullAWSAccess") {
    json plan = organization_plan();
    json& changes = plan["resource_changes"];
    json& configuration = plan["configuration"]["root_module"]["resources"];
    for (int i = 0; i < 2; ++i) {
      const std::string name = "students_extra_" + std::to_string(i);
      json rc = {{"address", "aws_organizations_policy_attachment." + name}, {"mode", "managed"},
                 {"type", "aws_organizations_policy_attachment"}, {"name", name},
                 {"change", {{"actions", {"create"}}, {"before", nullptr},
                             {"after", {{"skip_destroy", nullptr}}},
                             {"after_unknown", {{"id", true}, {"policy_id", true}, {"target_id", true}}}}}};
      changes.push_back(rc);
      configuration.push_back({{"address", "aws_organizations_policy_attachment." + name},
                               {"mode", "managed"}, {"type", "aws_organizations_policy_attachment"},
                               {"name", name},
                               {"expressions",
                                {{"policy_id", {{"references", {"aws_organizations_policy.extra" + std::to_string(i) + ".id", "aws_organizations_policy.extra" + std::to_string(i)}}}},
                                 {"target_id", {{"references", {"aws_organizations_organizational_unit.students.id", "aws_organizations_organizational_unit.students"}}}}}}});
    }
    const auto org = read(plan);
    CHECK(messages(gate::scp::check_attachment_counts(org, 5, 0)).empty());
    CHECK(messages(gate::scp::check_attachment_counts(org, 5, 1)) ==
          std::vector<std::string>{
              "aws_organizations_organizational_unit.students: 6 SCPs would be attached directly "
              "to aws_organizations_organizational_unit.students (5 in this configuration, 1 "
              "attached by AWS), over the limit of 5"});
  }

  TEST_CASE("a missing guard is named; equivalent forms of a guard are recognised") {
    json plan = organization_plan();
    json free_tier = content_of(plan, "aws_organizations_policy.free_tier");
    SUBCASE("instance types denied on Resource * deny every launch, so the guard is missing") {
      free_tier["Statement"][0]["Resource"] = "*";
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(messages(gate::scp::check_required_guards(read(plan), "students", platform_guards())) ==
            std::vector<std::string>{
                "aws_organizations_organizational_unit.students: no SCP attached to "
                "aws_organizations_organizational_unit.students (or to the root) denies EC2 "
                "instance types outside the free tier (ec2:RunInstances)"});
    }
    SUBCASE("a larger instance type allowed is not the free-tier guard") {
      free_tier["Statement"][0]["Condition"]["StringNotEquals"]["ec2:InstanceType"] =
          json::array({"t2.micro", "t3.micro", "m5.large"});
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(gate::scp::check_required_guards(read(plan), "students", platform_guards()).size() == 1);
    }
    SUBCASE("StringNotEqualsIfExists, a string for a one-element list and Action lists count") {
      free_tier["Statement"][0]["Condition"] = {{"StringNotEqualsIfExists", {{"ec2:InstanceType", "t3.micro"}}}};
      free_tier["Statement"][0]["Action"] = json::array({"ec2:RunInstances", "ec2:StartInstances"});
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(messages(gate::scp::check_required_guards(read(plan), "students", platform_guards())).empty());
    }
    SUBCASE("removing the NAT gateway statement is reported") {
      json statements = json::array();
      for (const json& st : free_tier["Statement"]) {
        if (st["Sid"] != "DenyNatGateways") {
          statements.push_back(st);
        }
      }
      free_tier["Statement"] = statements;
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      const auto issues = gate::scp::check_required_guards(read(plan), "students", platform_guards());
      REQUIRE(issues.size() == 1);
      CHECK(issues[0].detail.subject == "NAT gateways");
    }
    SUBCASE("aws:PrincipalArn exemptions that cover every role and user guard nothing") {
      free_tier["Statement"][0]["Condition"]["ArnNotLike"] = {
          {"aws:PrincipalARN", json::array({"arn:aws:iam::*:role/*", "arn:aws:iam::*:user/*"})}};
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      const auto issues = gate::scp::check_required_guards(read(plan), "students", platform_guards());
      REQUIRE(issues.size() == 1);
      CHECK(issues[0].detail.subject == "EC2 instance types outside the free tier");
      CHECK(issues[0].detail.message.find("cover every role and user, so it guards nothing") !=
            std::string::npos);
    }
    SUBCASE("\"*\" as the exemption guards nothing either; StringNotLike reads the same") {
      free_tier["Statement"][0]["Condition"]["StringNotLike"] = {{"aws:PrincipalArn", "*"}};
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(gate::scp::check_required_guards(read(plan), "students", platform_guards()).size() == 1);
    }
    SUBCASE("a break-glass role exemption, or every role but no user, keeps the guard") {
      free_tier["Statement"][0]["Condition"]["ArnNotLike"] = {
          {"aws:PrincipalArn", json::array({"arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:user/*"})}};
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(gate::scp::check_required_guards(read(plan), "students", platform_guards()).empty());
      free_tier["Statement"][0]["Condition"]["ArnNotLike"] = {{"aws:PrincipalArn", "arn:aws:iam::*:role/*"}};
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(gate::scp::check_required_guards(read(plan), "students", platform_guards()).empty());
      free_tier["Statement"][0]["Condition"]["ArnNotEquals"] = {{"aws:PrincipalArn", "*"}};
      free_tier["Statement"][0]["Condition"].erase("ArnNotLike");
      set_content(plan, "aws_organizations_policy.free_tier", free_tier);
      CHECK(gate::scp::check_required_guards(read(plan), "students", platform_guards()).empty());
    }
    SUBCASE("guards attached only to another OU do not cover the governed one") {
      for (json& rc : plan["configuration"]["root_module"]["resources"]) {
        if (rc["address"] == "aws_organizations_policy_attachment.students_baseline") {
          rc["expressions"]["target_id"]["references"] =
              json::array({"aws_organizations_organizational_unit.workloads.id",
                           "aws_organizations_organizational_unit.workloads"});
        }
      }
      const auto issues = gate::scp::check_required_guards(read(plan), "students", platform_guards());
      CHECK(issues.size() == 2);  // leaving the organization, disabling CloudTrail
    }
  }

  TEST_CASE("an OU missing from the plan is reported, not passed") {
    const auto issues = gate::scp::check_required_guards(read(organization_plan()), "mentors", platform_guards());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].detail.message == "the plan has no organizational unit named \"mentors\" to check");
  }
}
