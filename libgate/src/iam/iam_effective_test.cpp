// Effective permissions: Allows less their document's unconditional Denies, on
// Action/NotAction x Resource/NotResource overlaps; Allows that can never hold are dropped.
#include <doctest/doctest.h>

#include "gate/iam_effective.h"

namespace {

gate::iam::PolicyDocument effective(const std::string& statements) {
  auto doc = gate::iam::parse_policy(R"({"Version":"2012-10-17","Statement":)" + statements + "}");
  REQUIRE(doc.has_value());
  return gate::iam::effective_permissions(*doc, "2026-06-01T00:00:00Z");
}

std::size_t allows(const gate::iam::PolicyDocument& doc) {
  std::size_t n = 0;
  for (const auto& st : doc.statements) {
    n += st.effect == gate::iam::Effect::kAllow ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST_SUITE("iam_effective") {
  TEST_CASE("a Deny of the same actions on the same resources removes the Allow") {
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}])")) == 0);
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":["iam:PassRole","s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}])")) == 0);
    // Two Denies that together cover every action.
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":["iam:PassRole","s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}])")) == 0);
  }
  TEST_CASE("a Deny of some actions leaves the Allow less those actions") {
    const auto doc = effective(R"([{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}])");
    REQUIRE(allows(doc) == 1);
    CHECK_FALSE(gate::iam::statement_covers_action(doc.statements[0], "iam:PassRole"));
    CHECK(gate::iam::statement_covers_action(doc.statements[0], "s3:GetObject"));
  }
  TEST_CASE("a Deny on some resources leaves the others") {
    const auto doc = effective(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]},{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::a/*"}])");
    REQUIRE(allows(doc) == 1);
    CHECK(doc.statements[0].resources == std::vector<std::string>{"arn:aws:s3:::b/*"});
  }
  TEST_CASE("what is not shown to be covered is kept") {
    // A narrower Deny pattern does not cover a wider Allow pattern.
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:Create*","Resource":"*"}])")) == 1);
    // A conditional Deny subtracts nothing.
    const auto conditional = effective(R"([{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":"false"}}}])");
    REQUIRE(allows(conditional) == 1);
    CHECK(gate::iam::statement_covers_action(conditional.statements[0], "iam:PassRole"));
    // A Deny on one resource does not cover an Allow on every resource.
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/admin"}])")) == 1);
    // A Deny naming one principal does not apply to the others.
    CHECK(allows(effective(R"([{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}])")) == 1);
  }
  TEST_CASE("NotAction and NotResource overlaps") {
    // Allow NotAction is removed only by a Deny of everything.
    CHECK(allows(effective(R"([{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}])")) == 1);
    CHECK(allows(effective(R"([{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}])")) == 0);
    // Deny NotAction [s3:*] denies every IAM action.
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"},{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}])")) == 0);
    // Deny NotResource [x] covers an Allow on a named resource other than x, not on "*".
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k"},{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::a/*"}])")) == 0);
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::a/*"}])")) == 1);
  }
  TEST_CASE("an Allow whose condition can never hold grants nothing") {
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}])")) == 0);
    CHECK(allows(effective(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}])")) == 1);
  }
  TEST_CASE("glob intersection: two patterns that can name the same thing") {
    CHECK(gate::iam::globs_intersect("iam:*", "iam:Create*", true));
    CHECK(gate::iam::globs_intersect("a*c", "ab*", false));
    CHECK_FALSE(gate::iam::globs_intersect("iam:Get*", "iam:List*", true));
    CHECK(gate::iam::arn_patterns_intersect("arn:aws:iam::*:policy/fn2-*", "arn:aws:iam::*:policy/*"));
    CHECK_FALSE(gate::iam::arn_patterns_intersect("arn:aws:iam::*:user/x", "arn:aws:iam::*:policy/*"));
  }
}
