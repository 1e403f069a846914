// Conditions: all_of / any_of / not over assertions, unknown values never turning into a pass
// (not, any_of), `*` paths over every element, accounts-within on resource policies, and
// attribute rules narrowed by `where`.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string rule(const std::string& members) {
  return R"({"id":"COND-001","title":"condition","kind":"attribute","enforcement":"hard-mandatory",)"
         R"("match":{"types":["aws_thing"]},)" +
         members + "}";
}

std::string check(const std::string& members, const std::string& after,
                  const std::string& unknown = "{}") {
  const gate::Plan plan = load_plan_text(
      plan_text({change("aws_thing.t", "aws_thing", R"(["create"])", "null", after, unknown)}));
  return listing(decide(gate::test::one_environment(rule(members)), plan));
}

const std::string kPrefix = "COND-001 aws_thing.t [hard-mandatory] ";

}  // namespace

TEST_SUITE("condition") {
  TEST_CASE("all_of fails on its first failing part and holds when all hold") {
    const std::string members =
        R"("all_of":[{"path":"/a","operator":"equals","value":1},{"path":"/b","operator":"exists"}])";
    CHECK(check(members, R"({"a":1,"b":2})") == "");
    CHECK(check(members, R"({"a":2,"b":2})") == kPrefix + "after/a must equal 1 (it is 2)\n");
    CHECK(check(members, R"({"a":1})") == kPrefix + "after/b must be set\n");
  }

  TEST_CASE("any_of holds when one part holds and lists every failure otherwise") {
    const std::string members =
        R"("any_of":[{"path":"/acl","operator":"absent"},{"path":"/acl","operator":"equals","value":"private"}])";
    CHECK(check(members, R"({})") == "");
    CHECK(check(members, R"({"acl":"private"})") == "");
    CHECK(check(members, R"({"acl":"public-read"})") ==
          kPrefix +
              "after/acl must not be set (it is \"public-read\"), or after/acl must equal "
              "\"private\" (it is \"public-read\")\n");
  }

  TEST_CASE("not inverts, and says what must not hold") {
    const std::string members = R"("not":{"path":"/principal","operator":"equals","value":"*"})";
    CHECK(check(members, R"({"principal":"s3.amazonaws.com"})") == "");
    CHECK(check(members, R"({"principal":"*"})") ==
          kPrefix + "it must not hold that after/principal equals \"*\"\n");
  }

  TEST_CASE("an unknown value is cannot evaluate through not and any_of, never a pass") {
    const std::string negated = R"("not":{"path":"/principal","operator":"equals","value":"*"})";
    CHECK(check(negated, R"({})", R"({"principal":true})") ==
          kPrefix + "cannot evaluate: after/principal is unknown until apply\n");
    const std::string either =
        R"("any_of":[{"path":"/a","operator":"equals","value":1},{"path":"/b","operator":"equals","value":1}])";
    CHECK(check(either, R"({"b":2})", R"({"a":true})") ==
          kPrefix + "cannot evaluate: after/a is unknown until apply\n");
    // One part that holds is enough, whatever the others are.
    CHECK(check(either, R"({"b":1})", R"({"a":true})") == "");
  }

  TEST_CASE("a * token asserts on every element") {
    const std::string members = R"("path":"/rule/*/expiration/*/days","operator":"absent")";
    CHECK(check(members, R"({"rule":[{"expiration":[]},{"expiration":[]}]})") == "");
    CHECK(check(members, R"({"rule":[]})") == "");
    CHECK(check(members, R"({"rule":[{"expiration":[]},{"expiration":[{"days":1}]}]})") ==
          kPrefix + "after/rule/1/expiration/0/days must not be set (it is 1)\n");
    // An element unknown until apply may turn out set: cannot evaluate.
    CHECK(check(members, R"({"rule":[{"expiration":[{"days":null}]}]})",
                R"({"rule":[{"expiration":[{"days":true}]}]})") ==
          kPrefix + "cannot evaluate: after/rule/0/expiration/0/days is unknown until apply\n");
    CHECK(check(members, R"({})", R"({"rule":true})") ==
          kPrefix + "cannot evaluate: after/rule is unknown until apply\n");
  }

  TEST_CASE("all-match: every element of an array matches") {
    const std::string members =
        R"("path":"/layers","operator":"all-match","pattern":"arn:aws:lambda:us-east-1:(111111111111|222222222222):layer:.+")";
    CHECK(check(members, R"({"layers":null})") == "");
    CHECK(check(members, R"({"layers":["arn:aws:lambda:us-east-1:111111111111:layer:a:1"]})") == "");
    CHECK(check(members,
                R"({"layers":["arn:aws:lambda:us-east-1:111111111111:layer:a:1","arn:aws:lambda:us-east-1:999999999999:layer:b:2"]})")
              .find("every element of after/layers must match") != std::string::npos);
  }

  TEST_CASE("accounts-within: Allow statements name only the listed accounts or services") {
    const std::string members =
        R"("path":"/policy","operator":"accounts-within","values":["111111111111","222222222222"])";
    const auto policy = [](const std::string& statement) {
      nlohmann::json doc = {{"Version", "2012-10-17"},
                            {"Statement", nlohmann::json::parse(statement)}};
      return nlohmann::json({{"policy", doc.dump()}}).dump();
    };
    // Deny statements with "*" are guards; organisation accounts and services are allowed.
    CHECK(check(members, policy(R"([{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"},
      {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"*"},
      {"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"*"},
      {"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}])")) ==
          "");
    CHECK(check(members, policy(R"([{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"s3:GetObject","Resource":"*"}])")) ==
          kPrefix +
              "after/policy must grant only the accounts \"111111111111\", \"222222222222\" (it "
              "grants arn:aws:iam::999999999999:root)\n");
    CHECK(check(members, policy(R"([{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}])"))
              .find("(it grants *)") != std::string::npos);
    CHECK(check(members, policy(R"([{"Effect":"Allow","NotPrincipal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"*"}])"))
              .find("(it grants NotPrincipal)") != std::string::npos);
    CHECK(check(members, R"({"policy":"not json"})")
              .find("must be a policy document") != std::string::npos);
  }

  TEST_CASE("where narrows an attribute rule; an unknown where applies it") {
    const std::string members =
        R"("where":{"path":"/bucket","operator":"one-of","values":["state"]},)"
        R"("path":"/status","operator":"equals","value":"Enabled")";
    CHECK(check(members, R"({"bucket":"other","status":"Suspended"})") == "");
    CHECK(check(members, R"({"bucket":"state","status":"Enabled"})") == "");
    CHECK(check(members, R"({"bucket":"state","status":"Suspended"})") ==
          kPrefix + "after/status must equal \"Enabled\" (it is \"Suspended\")\n");
    CHECK(check(members, R"({"status":"Suspended"})", R"({"bucket":true})") ==
          kPrefix + "after/status must equal \"Enabled\" (it is \"Suspended\")\n");
  }

  TEST_CASE("a combinator can look at before for delete") {
    const std::string members =
        R"("when":["delete"],"not":{"in":"before","path":"/bucket","operator":"one-of","values":["state"]})";
    const auto removed = [&](const std::string& bucket) {
      const gate::Plan plan = load_plan_text(plan_text({change(
          "aws_thing.t", "aws_thing", R"(["delete"])", R"({"bucket":")" + bucket + R"("})", "null")}));
      return listing(decide(gate::test::one_environment(rule(members)), plan));
    };
    CHECK(removed("other") == "");
    CHECK(removed("state") ==
          kPrefix + "it must not hold that before/bucket is one of \"state\"\n");
  }

  TEST_CASE("malformed conditions are located errors") {
    const std::string two = gate::test::policy_errors(
        {{"test.json",
          "{\"rules\": [" +
              rule(R"("all_of":[{"path":"/a","operator":"exists"}],"not":{"path":"/a","operator":"exists"})") +
              "]}"}});
    CHECK(two.find("wrap several in all_of") != std::string::npos);
    const std::string empty =
        gate::test::policy_errors({{"test.json", "{\"rules\": [" + rule(R"("any_of":[])") + "]}"}});
    CHECK(empty.find("non-empty array of conditions") != std::string::npos);
    const std::string bad_op = gate::test::policy_errors(
        {{"test.json",
          "{\"rules\": [" + rule(R"("not":{"path":"/a","operator":"similar"})") + "]}"}});
    CHECK(bad_op.find("similar") != std::string::npos);
  }
}
