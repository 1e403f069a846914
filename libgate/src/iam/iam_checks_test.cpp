// The IAM checks against the test cases of the IAM/SCP research catalogue (§9, drawn from
// parliament, cloudsplaining, checkov and AWS's documentation, rewritten), each with the
// outcome tfgate's checks give, plus cases of our own for every check. tfgate carries no
// per-action AWS data (resource types, condition-key types, access levels), so the cases that
// depend on it (unknown actions, type mismatches, RESOURCE_STAR for restrictable actions,
// access-level categories) are expected to pass these checks; that is stated per case.
#include <doctest/doctest.h>

#include <set>

#include "gate/iam_checks.h"
#include "gate/iam_effective.h"

namespace {

using gate::iam::PolicyDocument;

// Runs every check with the platform's values and returns the names of those that fired
// (or "invalid"/"not-json" when the document does not parse).
std::set<std::string> fired(const std::string& text) {
  auto doc = gate::iam::parse_policy(text);
  if (!doc) {
    return {doc.error().front().code == "iam.not-json" ? "not-json" : "invalid"};
  }
  const std::vector<std::string> accounts = {"111111111111", "222222222222", "333333333333",
                                             "444444444444", "555555555555", "666666666666"};
  gate::iam::OidcRequirements oidc;
  oidc.repositories = {"acme/platform"};
  oidc.subjects = {"environment:dev", "environment:staging", "environment:prod"};
  std::set<std::string> out;
  const auto add = [&](const char* name, const std::vector<gate::iam::Issue>& issues) {
    if (!issues.empty()) {
      out.insert(name);
    }
  };
  // Identity checks judge the effective permissions, as the iam_scope rule does.
  const PolicyDocument granted = gate::iam::effective_permissions(*doc, "2026-01-01T00:00:00Z");
  add("admin-wildcard", gate::iam::check_admin_wildcard(granted));
  add("service-wildcard", gate::iam::check_service_wildcard(granted));
  add("not-action-allow", gate::iam::check_not_action_allow(granted));
  add("pass-role-star", gate::iam::check_pass_role_star(granted));
  add("privilege-escalation",
      gate::iam::check_privilege_escalation(granted, gate::iam::default_escalation_paths()));
  add("wildcard-principal", gate::iam::check_wildcard_principal(*doc));
  add("oidc-trust", gate::iam::check_oidc_trust(*doc, oidc));
  add("assume-role-scope", gate::iam::check_assume_role_scope(granted, accounts));
  add("trusted-accounts", gate::iam::check_trusted_accounts(*doc, accounts));
  add("mfa-pattern", gate::iam::check_mfa_pattern(*doc));
  return out;
}

std::string policy(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":)" + statements + "}";
}

const char* kGithub = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";

std::string oidc_trust(const std::string& condition) {
  return policy(std::string(R"([{"Effect":"Allow","Principal":{"Federated":")") + kGithub +
                R"("},"Action":"sts:AssumeRoleWithWebIdentity")" +
                (condition.empty() ? "" : R"(,"Condition":)" + condition) + "}]");
}

}  // namespace

TEST_SUITE("iam_research_cases") {
  TEST_CASE("1: Glue dev endpoint and Lambda code updates on * are privilege escalation") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["glue:updatedevendpoint","lambda:updatefunctioncode"],"Resource":"*"}])")) ==
          std::set<std::string>{"privilege-escalation"});
  }
  TEST_CASE("2: NotResource with Deny is clean; with Allow the service wildcard covers all") {
    const std::string nr = R"("NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"])";
    CHECK(fired(policy(R"([{"Effect":"Deny","Action":"s3:*",)" + nr + "}]")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:*",)" + nr + "}]")) ==
          std::set<std::string>{"service-wildcard"});
  }
  TEST_CASE("3: NotPrincipal with Deny is clean; with Allow it lets everyone else in") {
    const std::string np = R"("NotPrincipal":{"AWS":["arn:aws:iam::444444444444:user/Bob"]})";
    CHECK(fired(policy(R"([{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b",)" + np + "}]")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",)" + np + "}]")) ==
          std::set<std::string>{"wildcard-principal"});
  }
  TEST_CASE("4: ForAllValues on a single-valued key is outside these checks") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::secretbucket/*","Condition":{"ForAllValues:StringEquals":{"aws:ResourceTag/Tag":["Value"]}}}])")).empty());
  }
  TEST_CASE("5: Action and NotAction together is an invalid document") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:listallmybuckets","NotAction":"s3:listallmybuckets","Resource":"*"}])")) ==
          std::set<std::string>{"invalid"});
  }
  TEST_CASE("6: no Action, only Version, and text that is not JSON are refused") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Resource":"*"}])")) == std::set<std::string>{"invalid"});
    CHECK(fired(R"({"Version":"2012-10-17"})") == std::set<std::string>{"invalid"});
    CHECK(fired("not json") == std::set<std::string>{"not-json"});
  }
  TEST_CASE("a document nested deeper than 32 levels is refused as too deep") {
    const auto nested = [](int levels) {
      return policy(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)" +
                    std::string(static_cast<std::size_t>(levels), '[') +
                    std::string(static_cast<std::size_t>(levels), ']') + "}]");
    };
    auto deep = gate::iam::parse_policy(nested(40));
    REQUIRE_FALSE(deep.has_value());
    CHECK(deep.error().front().code == "iam.too-deep");
    CHECK(deep.error().front().message == "the policy document is nested deeper than 32 levels");
    auto shallow = gate::iam::parse_policy(nested(20));
    REQUIRE_FALSE(shallow.has_value());
    CHECK(shallow.error().front().code == "iam.invalid");
  }
  TEST_CASE("7: a Sid with spaces is accepted (S3 bucket policies allow it)") {
    CHECK(fired(policy(R"([{"Sid":"Statement With Spaces And Special Chars!?","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}])")).empty());
  }
  TEST_CASE("8: two statements with the same Sid are invalid") {
    CHECK(fired(policy(R"([{"Sid":"stmt","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Sid":"stmt","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}])")) ==
          std::set<std::string>{"invalid"});
  }
  TEST_CASE("9-12: unknown actions, condition type mismatches and action-specific resources need AWS data") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["iam:listusers","iam:list"],"Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:listbucket","Resource":"arn:aws:s3:::b","Condition":{"StringEquals":{"s3:signatureage":"bad"}}}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"ArnEquals":{"ec2:InstanceProfile":"arn:aws:iam::444444444444:instance-profile/p"}}}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"guardduty:ListDetectors","Resource":"*"}])")).empty());
  }
  TEST_CASE("13: allowing * on * when MFA is absent is admin access and a bad MFA pattern") {
    // "*" also covers iam:PassRole, every escalation path and sts:AssumeRole anywhere.
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}])")) ==
          std::set<std::string>{"admin-wildcard", "mfa-pattern", "pass-role-star",
                                "privilege-escalation", "assume-role-scope"});
  }
  TEST_CASE("14: bucket-policy self-grant is outside these checks; Deny * on * stays clean") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["s3:GetObject","s3:PutBucketPolicy"],"Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"s3:PutBucketPolicy","Resource":"arn:aws:s3:::b"},{"Effect":"Deny","Action":"*","Resource":"*"}])")).empty());
  }
  TEST_CASE("15: effectively-star CloudTrail ARNs need AWS data; pinned ARNs are clean") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["cloudtrail:GetEventSelectors","cloudtrail:PutEventSelectors"],"Resource":"arn:*:cloudtrail:*:*:trail/*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["cloudtrail:GetEventSelectors"],"Resource":"arn:aws:cloudtrail:us-east-1:000000000000:trail/*"}])")).empty());
  }
  TEST_CASE("16: action globs are case-insensitive with * and ?") {
    CHECK(gate::iam::action_matches("iAm:li*sTuS*rs", "iam:ListUsers"));
    CHECK_FALSE(gate::iam::action_matches("iAm:li*sTuS*rs", "iam:ListGroups"));
    CHECK(gate::iam::action_matches("s3:Get?bject", "S3:GETOBJECT"));
    CHECK_FALSE(gate::iam::action_matches("s3:zzz*", "s3:GetObject"));
    CHECK_FALSE(gate::iam::action_matches("s3:[G]etObject", "s3:GetObject"));
  }
  TEST_CASE("17: PassRole with Lambda and DynamoDB creation on * escalates two ways") {
    auto doc = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:CreateEventSourceMapping","dynamodb:CreateTable","dynamodb:PutItem"],"Resource":"*"}])"));
    REQUIRE(doc.has_value());
    const auto issues = gate::iam::check_privilege_escalation(*doc, gate::iam::default_escalation_paths());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].subject ==
          "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo, "
          "PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo");
    CHECK(issues[0].message.rfind("the policy allows 2 known privilege-escalation paths: "
                                  "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo (iam:PassRole, ",
                                  0) == 0);
  }
  TEST_CASE("18: Allow * on * is admin access even with a Deny of one service; a lone Deny is clean") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"aws-portal:*","Resource":"*"}])")).count("admin-wildcard") == 1);
    CHECK(fired(policy(R"([{"Effect":"Deny","Action":"*","Resource":"*"}])")).empty());
  }
  TEST_CASE("19: NotAction with Deny is the MFA guard; with Allow it grants everything else") {
    CHECK(fired(policy(R"([{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}])")).empty());
    const auto allow = fired(policy(R"([{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}])"));
    CHECK(allow.count("not-action-allow") == 1);
    CHECK(allow.count("pass-role-star") == 0);
  }
  TEST_CASE("20-23: access-level categories (unrestrictable, write, tagging, exfiltration) need AWS data") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"cloudwatch:PutMetricData","Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage"],"Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["iam:UpdateAssumeRolePolicy","sts:AssumeRole"],"Resource":"arn:aws:iam::444444444444:role/r"}])")) ==
          std::set<std::string>{"privilege-escalation"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":["iam:PassRole","ssm:GetParameter","s3:GetObject","secretsmanager:GetSecretValue","s3:PutObject","ec2:CreateTags"],"Resource":"*"}])")) ==
          std::set<std::string>{"pass-role-star"});
  }
  TEST_CASE("24: trust of \"*\" or any account root; conditions or Deny make it not public") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}])")) ==
          std::set<std::string>{"wildcard-principal"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}])")).count("wildcard-principal") == 1);
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}])")).empty());
  }
  TEST_CASE("25: a compute service with an account of ours is clean") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com","AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole"}])")).empty());
  }
  TEST_CASE("26: GitHub OIDC trust must require aud and pin sub to an allowed repository") {
    const std::string aud = R"("token.actions.githubusercontent.com:aud":"sts.amazonaws.com")";
    const auto with_sub = [&](const std::string& op, const std::string& sub) {
      const std::string sub_test = R"("token.actions.githubusercontent.com:sub":")" + sub + "\"";
      if (op == "StringEquals") {
        return oidc_trust(R"({"StringEquals":{)" + aud + "," + sub_test + "}}");
      }
      return oidc_trust(R"({"StringEquals":{)" + aud + R"(},")" + op + R"(":{)" + sub_test + "}}");
    };
    CHECK(fired(with_sub("StringEquals", "repo:acme/platform:environment:prod")).empty());
    CHECK(fired(with_sub("StringEquals", "repo:acme@1234/platform@5678:environment:prod")).empty());
    CHECK(fired(oidc_trust("")) == std::set<std::string>{"oidc-trust"});
    CHECK(fired(oidc_trust(R"({"StringEquals":{)" + aud + "}}")) == std::set<std::string>{"oidc-trust"});
    for (const char* sub : {"invalid", "*", "workflow:github-actions:repo:acme/platform", "repo:*",
                            "repo:acme*", "repo:acme/*", "repo:acme/platform:*",
                            "repo:other/platform:environment:prod", "repo:acme/platform:pull_request"}) {
      CAPTURE(sub);
      CHECK(fired(with_sub("StringLike", sub)) == std::set<std::string>{"oidc-trust"});
    }
    CHECK(fired(oidc_trust(R"({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/platform:environment:prod"}})")) ==
          std::set<std::string>{"oidc-trust"});
  }
  TEST_CASE("27: trust of accounts outside the organisation") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"AWS":"123123123123"},"Action":"sts:AssumeRole"}])")) ==
          std::set<std::string>{"trusted-accounts"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::333333333333:role/github-actions-tooling","123123123123"]},"Action":"sts:AssumeRole"}])")) ==
          std::set<std::string>{"trusted-accounts"});
    CHECK(fired(policy(R"([{"Effect":"Deny","Principal":{"AWS":"123123123123"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:role/github-actions-tooling"},"Action":"sts:AssumeRole"}])")).empty());
  }
  TEST_CASE("28 and 35: \"*\" principals in every written form") {
    for (const char* p : {R"({"AWS":"*"})", R"({"AWS":["*"]})", R"("*")"}) {
      CAPTURE(p);
      CHECK(fired(policy(std::string(R"([{"Effect":"Allow","Principal":)") + p + R"(,"Action":"sts:AssumeRole"}])")) ==
            std::set<std::string>{"wildcard-principal"});
    }
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}])")).empty());
  }
  TEST_CASE("29-30: Describe on * and UpdateLoginProfile") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"iam:UpdateLoginProfile","Resource":"*"}])")) ==
          std::set<std::string>{"privilege-escalation"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"s3"}])")).empty());
  }
  TEST_CASE("36: PassRole with no Deny of it on * fails") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}])")) ==
          std::set<std::string>{"pass-role-star"});
  }
}

TEST_SUITE("iam_checks") {
  TEST_CASE("issues name the statement and the offending item in one sentence") {
    auto doc = gate::iam::parse_policy(policy(R"([{"Sid":"Deploy","Effect":"Allow","Action":["s3:*","lambda:UpdateFunctionCode"],"Resource":"*"}])"));
    REQUIRE(doc.has_value());
    const auto issues = gate::iam::check_service_wildcard(*doc);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].statement == "\"Deploy\"");
    CHECK(issues[0].subject == "s3:*");
    CHECK(issues[0].message == "statement \"Deploy\" allows every s3 action (\"s3:*\") on every resource (\"*\")");
  }
  TEST_CASE("a single statement object reads like a list of one") {
    auto doc = gate::iam::parse_policy(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
    REQUIRE(doc.has_value());
    REQUIRE(doc->statements.size() == 1);
    CHECK(gate::iam::check_admin_wildcard(*doc).front().message ==
          "statement #0 allows every action (\"*\") on every resource (\"*\")");
  }
  TEST_CASE("sts:AssumeRole only into allowed accounts") {
    const std::vector<std::string> accounts = {"444444444444", "555555555555", "666666666666"};
    auto ok = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::444444444444:role/tfgate-deploy-dev","arn:aws:iam::666666666666:role/tfgate-deploy-prod"]}])"));
    CHECK(gate::iam::check_assume_role_scope(*ok, accounts).empty());
    auto star = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Action":"sts:*","Resource":"*"}])"));
    CHECK(gate::iam::check_assume_role_scope(*star, accounts).size() == 1);
    auto any = gate::iam::parse_policy(policy(R"([{"Sid":"X","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/deploy"}])"));
    const auto issues = gate::iam::check_assume_role_scope(*any, accounts);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].subject == "arn:aws:iam::*:role/deploy");
    auto other = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::999999999999:role/x"}])"));
    CHECK(gate::iam::check_assume_role_scope(*other, accounts).size() == 1);
  }
  TEST_CASE("an unconditional Deny removes an escalation path; a conditional one does not") {
    const std::string allow = R"({"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"})";
    auto denied = gate::iam::parse_policy(policy("[" + allow + R"(,{"Effect":"Deny","Action":"iam:*","Resource":"*"}])"));
    CHECK(gate::iam::check_privilege_escalation(gate::iam::effective_permissions(*denied, ""), gate::iam::default_escalation_paths()).empty());
    auto conditional = gate::iam::parse_policy(policy("[" + allow + R"(,{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":"true"}}}])"));
    CHECK(gate::iam::check_privilege_escalation(gate::iam::effective_permissions(*conditional, ""), gate::iam::default_escalation_paths()).size() == 1);
    auto scoped = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::444444444444:user/ci"}])"));
    CHECK(gate::iam::check_privilege_escalation(*scoped, gate::iam::default_escalation_paths()).empty());
  }
  TEST_CASE("size limits count characters without white space") {
    const std::string text = "{ \"a\" :\n \"" + std::string(10, 'x') + "\" }";
    CHECK(gate::iam::non_whitespace_length(text) == 18);
    CHECK(gate::iam::check_size(text, 18, "trust policy").empty());
    const auto over = gate::iam::check_size(text, 17, "trust policy");
    REQUIRE(over.size() == 1);
    CHECK(over[0].message == "the trust policy has 18 characters without white space, over AWS's limit of 17");
  }
  TEST_CASE("parse errors are located") {
    auto bad_effect = gate::iam::parse_policy(policy(R"([{"Effect":"allow","Action":"s3:*","Resource":"*"}])"));
    REQUIRE_FALSE(bad_effect.has_value());
    CHECK(bad_effect.error().front().location.json_pointer == "/Statement/0/Effect");
    auto unknown = gate::iam::parse_policy(policy(R"([{"Effect":"Allow","Actions":"s3:*","Resource":"*"}])"));
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().front().message == "unknown statement element \"Actions\"");
    auto dup = gate::iam::parse_policy(R"({"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]})");
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error().front().message == "element \"Effect\" appears twice in one object");
  }
  TEST_CASE("conditions keep qualifier, operator and IfExists apart") {
    auto doc = gate::iam::parse_policy(policy(R"([{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"ForAnyValue:StringNotEqualsIfExists":{"ec2:InstanceType":["t2.micro",3,true]}}}])"));
    REQUIRE(doc.has_value());
    const auto& c = doc->statements[0].conditions.at(0);
    CHECK(c.qualifier == "ForAnyValue");
    CHECK(c.base_operator == "StringNotEquals");
    CHECK(c.if_exists);
    CHECK(c.negated());
    CHECK(c.values == std::vector<std::string>{"t2.micro", "3", "true"});
    CHECK(doc->statements[0].conditions_on("EC2:instancetype").size() == 1);
  }
  TEST_CASE("ARN matching compares the six parts separately") {
    CHECK(gate::iam::arn_matches("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:444444444444:instance/i-1"));
    CHECK_FALSE(gate::iam::arn_matches("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:444444444444:volume/v-1"));
    CHECK(gate::iam::arn_matches("arn:aws:logs:*:*:log-group:/aws/lambda/app:*", "arn:aws:logs:us-east-1:4:log-group:/aws/lambda/app:log-stream:x"));
    CHECK(gate::iam::arn_account("arn:aws:iam::333333333333:role/x") == "333333333333");
    CHECK(gate::iam::arn_account("not-an-arn").empty());
  }

  TEST_CASE("web-identity trust: GitHub Enterprise issuers are judged like the public one") {
    const std::string ghe = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com/acme";
    const auto trust = [&](const std::string& provider, const std::string& condition) {
      return policy(R"([{"Effect":"Allow","Principal":{"Federated":")" + provider +
                    R"("},"Action":"sts:AssumeRoleWithWebIdentity")" +
                    (condition.empty() ? "" : R"(,"Condition":)" + condition) + "}]");
    };
    CHECK(fired(trust(ghe, R"({"StringEquals":{"token.actions.githubusercontent.com/acme:aud":"sts.amazonaws.com","token.actions.githubusercontent.com/acme:sub":"repo:acme/platform:environment:prod"}})")).empty());
    CHECK(fired(trust(ghe, R"({"StringLike":{"token.actions.githubusercontent.com/acme:aud":"sts.amazonaws.com","token.actions.githubusercontent.com/acme:sub":"repo:acme/*"}})")) ==
          std::set<std::string>{"oidc-trust"});
    // The public issuer's keys do not pin the enterprise issuer's tokens.
    CHECK(fired(trust(ghe, R"({"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/platform:environment:prod"}})")) ==
          std::set<std::string>{"oidc-trust"});
  }
  TEST_CASE("web-identity trust in any other provider needs audience and subject pinned") {
    const auto trust = [&](const std::string& provider, const std::string& condition) {
      return policy(R"([{"Effect":"Allow","Principal":{"Federated":")" + provider +
                    R"("},"Action":"sts:AssumeRoleWithWebIdentity")" +
                    (condition.empty() ? "" : R"(,"Condition":)" + condition) + "}]");
    };
    CHECK(fired(trust("accounts.google.com", "")) == std::set<std::string>{"oidc-trust"});
    CHECK(fired(trust("accounts.google.com", R"({"StringEquals":{"accounts.google.com:aud":"123.apps.googleusercontent.com"}})")) ==
          std::set<std::string>{"oidc-trust"});
    CHECK(fired(trust("accounts.google.com", R"({"StringEquals":{"accounts.google.com:aud":"123.apps.googleusercontent.com","accounts.google.com:sub":"1098"}})")).empty());
    CHECK(fired(trust("accounts.google.com", R"({"StringLike":{"accounts.google.com:aud":"*","accounts.google.com:sub":"*"}})")) ==
          std::set<std::string>{"oidc-trust"});
    CHECK(fired(trust("cognito-identity.amazonaws.com", R"({"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:1234"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}})")).empty());
    CHECK(fired(trust("arn:aws:iam::333333333333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", "")) ==
          std::set<std::string>{"oidc-trust"});
    // An unpinned provider beside a pinned GitHub provider is still open.
    const std::string both = policy(std::string(R"([{"Effect":"Allow","Principal":{"Federated":")") + kGithub +
        R"("},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/platform:environment:prod"}}},)"
        R"({"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}])");
    CHECK(fired(both) == std::set<std::string>{"oidc-trust"});
    // SAML providers are not judged here.
    CHECK(fired(trust("arn:aws:iam::333333333333:saml-provider/corp", "")).empty());
  }
  TEST_CASE("an open principal behind conditions that restrict nothing is open") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}])")) ==
          std::set<std::string>{"wildcard-principal"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*"}}}])")) ==
          std::set<std::string>{"wildcard-principal"});
    CHECK(fired(policy(R"([{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}])")).empty());
  }
  TEST_CASE("Allow NotAction on every resource is an administrator; PassRole on every role anywhere") {
    CHECK(fired(policy(R"([{"Effect":"Allow","NotAction":["iam:Update*","iam:Create*","iam:Attach*"],"Resource":"*"}])")).count("admin-wildcard") == 1);
    for (const char* r : {"arn:aws:iam::*:role/*", "arn:*", "arn:aws:iam::444444444444:role/*"}) {
      CAPTURE(r);
      CHECK(fired(policy(std::string(R"([{"Effect":"Allow","Action":"iam:PassRole","Resource":")") + r + R"("}])")).count("pass-role-star") == 1);
    }
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::444444444444:role/app-exec"}])")).empty());
  }
  TEST_CASE("explicit Deny and conditions that never hold are honoured by every identity check") {
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}])")).empty());
    CHECK(fired(policy(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}])")).empty());
  }
}
