// The condition table: what pins who, what restricts nothing, what can never hold.
#include <doctest/doctest.h>

#include "gate/iam_conditions.h"

namespace {

using gate::iam::ConditionClass;

constexpr const char* kNow = "2026-06-01T00:00:00Z";

ConditionClass of(const std::string& condition) {
  auto doc = gate::iam::parse_policy(
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":)" +
      condition + "}]}");
  REQUIRE(doc.has_value());
  REQUIRE(doc->statements[0].conditions.size() == 1);
  return gate::iam::classify(doc->statements[0].conditions[0], kNow);
}

}  // namespace

TEST_SUITE("iam_conditions") {
  TEST_CASE("concrete organisation, account, ARN and provider claims pin who") {
    CHECK(of(R"({"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}})") == ConditionClass::kPinsPrincipal);
    CHECK(of(R"({"StringEquals":{"aws:SourceAccount":"444444444444"}})") == ConditionClass::kPinsPrincipal);
    CHECK(of(R"({"ArnLike":{"aws:SourceArn":"arn:aws:events:us-east-1:444444444444:rule/*"}})") == ConditionClass::kPinsPrincipal);
    CHECK(of(R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::acme-logs"}})") == ConditionClass::kPinsPrincipal);
    CHECK(of(R"({"StringEquals":{"accounts.google.com:aud":"1234.apps.googleusercontent.com"}})") == ConditionClass::kPinsPrincipal);
    CHECK(of(R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})") == ConditionClass::kPinsPrincipal);
  }
  TEST_CASE("transport, region and wildcard-only values restrict nothing about who") {
    CHECK(of(R"({"Bool":{"aws:SecureTransport":"true"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"StringEquals":{"aws:RequestedRegion":"us-east-1"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"StringLike":{"aws:PrincipalOrgID":"*"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})") == ConditionClass::kRestrictsNothing);
  }
  TEST_CASE("IfExists, ForAllValues and negated operators do not pin") {
    CHECK(of(R"({"StringEqualsIfExists":{"aws:SourceAccount":"444444444444"}})") == ConditionClass::kOther);
    CHECK(of(R"({"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-abc123"}})") == ConditionClass::kOther);
    CHECK(of(R"({"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}})") == ConditionClass::kOther);
    CHECK(of(R"({"StringEquals":{"s3:x-amz-acl":"private"}})") == ConditionClass::kOther);
  }
  TEST_CASE("a date before the plan can never be later than apply time") {
    CHECK(of(R"({"DateLessThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}})") == ConditionClass::kNeverTrue);
    CHECK(of(R"({"DateLessThan":{"aws:CurrentTime":"2026-05-31"}})") == ConditionClass::kNeverTrue);
    CHECK(of(R"({"NumericLessThan":{"aws:EpochTime":"1577836801"}})") == ConditionClass::kNeverTrue);
    // The other direction always holds; a date after the plan may still hold; IfExists passes
    // long-term credentials, which carry no token issue time.
    CHECK(of(R"({"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})") == ConditionClass::kRestrictsNothing);
    CHECK(of(R"({"DateLessThanIfExists":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}})") == ConditionClass::kRestrictsNothing);
    // A token issued a day before the plan may still be alive at apply time.
    CHECK(of(R"({"DateLessThan":{"aws:TokenIssueTime":"2026-05-31T12:00:00Z"}})") == ConditionClass::kRestrictsNothing);
  }
  TEST_CASE("times are read as RFC 3339, calendar dates or epoch seconds") {
    CHECK(gate::iam::parse_time("1970-01-02") == 86400);
    CHECK(gate::iam::parse_time("1970-01-01T01:00:00+01:00") == 0);
    CHECK(gate::iam::parse_time("2020-01-01T00:00:01.5Z") == 1577836801);
    CHECK(gate::iam::parse_time("1577836801") == 1577836801);
    CHECK_FALSE(gate::iam::parse_time("yesterday").has_value());
    CHECK_FALSE(gate::iam::parse_time("2020-13-01").has_value());
  }
}
