// Deployed code: what a plan deploys read from Lambda functions and layers, compared with the
// bound app artifacts (hex and base64 source_code_hash, the digest in the S3 key), local files,
// and a key that disagrees with its hash.
#include <doctest/doctest.h>

#include "gate/deployed.h"
#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

const std::string kHexA = "8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c";
const std::string kHexB = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60";

std::string function(const std::string& name, const std::string& after,
                     const std::string& action = R"(["update"])") {
  return change("aws_lambda_function." + name, "aws_lambda_function", action, "{}", after);
}

std::string s3(const std::string& hex_in_key, const std::string& hash) {
  return R"({"s3_bucket":"acme-artifacts-333333333333","s3_key":"platform-api/)" + hex_in_key +
         R"(.zip","source_code_hash":")" + hash + R"(","layers":["arn:aws:lambda:us-east-1:111111111111:layer:l:1"]})";
}

std::string decide_with(const gate::Plan& plan, std::map<std::string, std::string> artifacts,
                        bool require = false) {
  const gate::PolicySet set = gate::test::one_environment(
      R"({"id":"PROD-004","title":"code","kind":"deployed_code","enforcement":"hard-mandatory",
          "require_artifacts":)" +
      std::string(require ? "true" : "false") +
      R"(,"match":{"types":["aws_lambda_function","aws_lambda_layer_version"]}})");
  gate::FixedClock clock(gate::start_of(*gate::parse_date("2026-06-01")));
  gate::EvalOptions options;
  options.environment = "test";
  options.clock = &clock;
  options.artifacts = std::move(artifacts);
  auto decision = gate::evaluate(set, plan, options);
  REQUIRE(decision.has_value());
  return listing(*decision);
}

}  // namespace

TEST_SUITE("deployed_code") {
  TEST_CASE("what a plan deploys, with its digest") {
    // base64 of the 32 bytes whose hex is kHexA
    const std::string base64 = "jC5Kaw0fPlp8my1PaowOGz1fepwuS22PChw+W32fKkw=";
    CHECK(gate::normalise_sha256(base64) == "sha256:" + kHexA);
    CHECK(gate::normalise_sha256(kHexA) == "sha256:" + kHexA);
    CHECK(gate::normalise_sha256("abc").empty());
    const gate::Plan plan = load_plan_text(plan_text({
        function("a", s3(kHexA, base64)),
        function("b", R"({"filename":"x.zip","source_code_hash":null})"),
        function("c", R"({"image_uri":"123.dkr.ecr.us-east-1.amazonaws.com/app@sha256:)" + kHexB +
                          R"("})"),
        function("d", R"({"s3_bucket":"b","s3_key":"k.zip"})", R"(["create"])"),
        function("gone", "null", R"(["delete"])"),
    }));
    // after_unknown mirrors arrays (Terraform writes "layers":[false] for a known list).
    const gate::Plan mirrored = load_plan_text(plan_text({change(
        "aws_lambda_function.m", "aws_lambda_function", R"(["create"])", "null",
        R"({"s3_bucket":"b","s3_key":"k","layers":["arn:aws:lambda:us-east-1:999999999999:layer:t:3"]})",
        R"({"layers":[false]})")}));
    const auto layered = gate::deployed_artifacts(mirrored);
    REQUIRE(layered.has_value());
    REQUIRE(layered->size() == 2);
    CHECK((*layered)[0].location == "layer:arn:aws:lambda:us-east-1:999999999999:layer:t:3");
    const auto deployed = gate::deployed_artifacts(plan);
    REQUIRE(deployed.has_value());
    REQUIRE(deployed->size() == 5);
    // Sorted by address, then location.
    CHECK((*deployed)[0].location == "layer:arn:aws:lambda:us-east-1:111111111111:layer:l:1");
    CHECK((*deployed)[1].location == "s3://acme-artifacts-333333333333/platform-api/" + kHexA + ".zip");
    CHECK((*deployed)[1].digest == "sha256:" + kHexA);
    CHECK((*deployed)[2].location == "file:x.zip");
    CHECK((*deployed)[2].digest.empty());
    CHECK((*deployed)[3].digest == "sha256:" + kHexB);
    CHECK((*deployed)[4].location == "s3://b/k.zip");
    CHECK((*deployed)[4].digest.empty());
  }

  TEST_CASE("deployed code must be a bound artifact") {
    const gate::Plan right = load_plan_text(plan_text({function("app", s3(kHexA, kHexA))}));
    const gate::Plan other_key = load_plan_text(plan_text({function("app", s3(kHexB, kHexB))}));
    const gate::Plan mismatch = load_plan_text(plan_text({function("app", s3(kHexA, kHexB))}));
    const gate::Plan local = load_plan_text(plan_text({function("app", R"({"filename":"x.zip"})")}));
    const gate::Plan unknown = load_plan_text(plan_text({change(
        "aws_lambda_function.app", "aws_lambda_function", R"(["update"])", "{}",
        R"({"s3_bucket":"acme-artifacts-333333333333"})", R"({"s3_key":true,"source_code_hash":true})")}));
    const std::map<std::string, std::string> bound = {{"app", "sha256:" + kHexA}};
    CHECK(decide_with(right, bound) == "");
    CHECK(decide_with(other_key, bound) ==
          "PROD-004 aws_lambda_function.app [hard-mandatory] deploys "
          "s3://acme-artifacts-333333333333/platform-api/" + kHexB + ".zip (sha256:" + kHexB +
              "), which is none of the bound app artifacts (app sha256:" + kHexA + ")\n");
    CHECK(decide_with(mismatch, bound).find("the code's location names sha256:" + kHexA +
                                            " but its source_code_hash is sha256:" + kHexB) !=
          std::string::npos);
    CHECK(decide_with(local, {}).find("deploys code from a local file (x.zip)") !=
          std::string::npos);
    CHECK(decide_with(unknown, bound).find("cannot evaluate: the digest of the deployed code") !=
          std::string::npos);
    // Without bound artifacts only require_artifacts makes a finding.
    CHECK(decide_with(other_key, {}) == "");
    CHECK(decide_with(other_key, {}, true).find("no app artifact is bound") != std::string::npos);
  }
}
