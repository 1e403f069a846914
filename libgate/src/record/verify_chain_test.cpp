// The chain step compares what the staging and prod plans deploy, not only the artifact files,
// and a trust file's requires_artifacts refuses a chain without bound artifacts.
#include <doctest/doctest.h>

#include "gate/verify.h"
#include "record_fixtures.h"

namespace {

using gate::test::decision_facts;
using gate::test::signed_approval;
using gate::test::signed_decision;

const std::string kHexA = "8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c";
const std::string kHexB = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60";
const std::string kZip = "sha256:" + kHexA;
const std::string kStagingPlan = gate::digest_bytes("staging tfplan");
const std::string kProdPlan = gate::digest_bytes("prod tfplan");

gate::DeployedArtifact code(const std::string& hex) {
  return {"module.app.aws_lambda_function.this",
          "s3://acme-artifacts-333333333333/platform-api/" + hex + ".zip", "sha256:" + hex};
}

// Staging and prod decisions (with their approvals) over the given artifacts and code.
struct Chain {
  gate::TrustPolicy trust = gate::test::test_trust();
  std::map<std::string, std::string> artifacts;
  std::vector<gate::Record> records;

  Chain(std::map<std::string, std::string> bound, const std::vector<gate::DeployedArtifact>& staged,
        const std::vector<gate::DeployedArtifact>& promoted, bool requires_artifacts)
      : artifacts(std::move(bound)) {
    trust.environments.at("prod").requires_artifacts = requires_artifacts;
    gate::DecisionFacts s = decision_facts("staging", kStagingPlan, artifacts);
    s.deployed = staged;
    const gate::Record staging = signed_decision(s, "ci", "staging.json");
    gate::DecisionFacts p = decision_facts("prod", kProdPlan, artifacts);
    p.deployed = promoted;
    p.previous_record_digest = staging.digest;
    const gate::Record prod = signed_decision(p, "ci-prod", "prod.json");
    records = {prod,
               signed_approval(prod, "alice", "approvals", "a.json"),
               signed_approval(prod, "bob", "approvals", "b.json"),
               staging,
               signed_approval(staging, "alice", "approvals", "c.json")};
  }

  gate::Verification verify() const {
    // The prod decision's semantic digest (record_fixtures.h) is what the plan file shows.
    const gate::VerifyRequest request{"prod", kProdPlan, artifacts,
                                      gate::digest_bytes("policy prod"),
                                      gate::digest_bytes("semantic plan")};
    auto v = gate::verify_records(records, trust, request, gate::FixedClock(gate::test::test_now()));
    REQUIRE_MESSAGE(v.has_value(), gate::render(v.error()));
    return std::move(v).value();
  }
};

std::string outcome(const gate::Verification& v) {
  const gate::VerifyStep* failure = v.failure();
  return failure == nullptr ? "verified" : failure->name + ": " + failure->reason;
}

}  // namespace

TEST_SUITE("verify chain") {
  TEST_CASE("the deployed code is recorded and read back") {
    gate::DecisionFacts f = decision_facts("prod", kProdPlan, {{"app", kZip}});
    f.deployed = {code(kHexA), {"module.app.aws_lambda_function.this", "layer:arn:x", ""}};
    const gate::Record r = signed_decision(f, "ci-prod", "prod.json");
    CHECK(r.decision().deployed == f.deployed);
    CHECK(r.statement.predicate["deployed"][0]["location"] ==
          "s3://acme-artifacts-333333333333/platform-api/" + kHexA + ".zip");
  }

  TEST_CASE("the honest promotion verifies, with requires_artifacts too") {
    for (bool required : {false, true}) {
      CAPTURE(required);
      const Chain chain({{"app", kZip}}, {code(kHexA)}, {code(kHexA)}, required);
      const gate::Verification v = chain.verify();
      CHECK(outcome(v) == "verified");
      CHECK(v.steps.back().reason.find("deployed code identical "
                                       "(module.app.aws_lambda_function.this s3://") !=
            std::string::npos);
    }
  }

  TEST_CASE("a prod plan deploying another key than staging's fails at chain") {
    // The same artifact file bound at both stages: the files alone would verify.
    const Chain chain({{"app", kZip}}, {code(kHexA)}, {code(kHexB)}, false);
    const std::string result = outcome(chain.verify());
    CHECK(result.rfind("chain: the code the plans deploy differs from the previous staging "
                       "decision staging.json: prod deploys module.app.aws_lambda_function.this "
                       "s3://acme-artifacts-333333333333/platform-api/" + kHexB,
                       0) == 0);
  }

  TEST_CASE("requires_artifacts: no bound artifact, or code that is none of them, fails") {
    const Chain none({}, {code(kHexA)}, {code(kHexA)}, true);
    CHECK(outcome(none.verify()) ==
          "chain: the prod decision binds no app artifact, and the trust file requires "
          "artifacts (requires_artifacts)");
    // Without the setting, the same records verify: the chain of nothing is consistent.
    const Chain lax({}, {code(kHexA)}, {code(kHexA)}, false);
    CHECK(outcome(lax.verify()) == "verified");
    const Chain unbound({{"app", "sha256:" + kHexB}}, {code(kHexA)}, {code(kHexA)}, true);
    CHECK(outcome(unbound.verify()).rfind("chain: module.app.aws_lambda_function.this deploys "
                                          "s3://acme-artifacts-333333333333/platform-api/" +
                                              kHexA,
                                          0) == 0);
  }
}
