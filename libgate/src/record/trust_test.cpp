// Tests of the trust file: the shipped example, key resolution, and finding the signing key.
#include <doctest/doctest.h>

#include <filesystem>

#include "gate/trust.h"
#include "record_fixtures.h"

TEST_SUITE("trust") {
  TEST_CASE("the shipped example trust file loads: 0, 1 and 2 approvers, prod after staging") {
    auto trust = gate::load_trust_file(std::string(GATE_SOURCE_DIR) + "/policies/trust.json");
    REQUIRE_MESSAGE(trust.has_value(), gate::render(trust.error()));
    REQUIRE(trust->environments.size() == 3);
    CHECK(trust->find("dev")->approvers_required == 0);
    CHECK(trust->find("staging")->approvers_required == 1);
    CHECK(trust->find("prod")->approvers_required == 2);
    CHECK(trust->find("prod")->requires_previous == "staging");
    CHECK(trust->find("staging")->requires_previous.empty());
    CHECK(trust->find("prod")->decision_keys.at(0).path == "keys/ci-prod.pub");
    CHECK(trust->find("qa") == nullptr);
  }

  TEST_CASE("key paths are relative to the trust file; absolute paths stay as they are") {
    const std::string abs = gate::test::fixture("keys/ci.pub");
    const std::string text = R"({"environments": {"dev": {"decision_keys": [")" + abs +
                             R"("], "approval_keys": ["ci.pub"], "approvers_required": 0}}})";
    auto trust = gate::read_trust(text, "inline.json", gate::test::fixture("keys"));
    REQUIRE_MESSAGE(trust.has_value(), gate::render(trust.error()));
    CHECK(trust->find("dev")->decision_keys[0].key.key_id() ==
          trust->find("dev")->approval_keys[0].key.key_id());
    auto elsewhere = gate::read_trust(text, "inline.json", "/nonexistent");
    REQUIRE_FALSE(elsewhere.has_value());
    CHECK(elsewhere.error().front().code == "trust.bad-key");
  }

  TEST_CASE("finds which trusted key signed an envelope") {
    const gate::TrustPolicy trust = gate::test::test_trust();
    const gate::EnvironmentTrust& prod = *trust.find("prod");
    auto signed_by_prod = gate::sign_envelope(gate::unsigned_envelope("t", "p"),
                                              gate::LocalSigner(gate::test::test_key("ci-prod")));
    REQUIRE(signed_by_prod.has_value());
    const gate::TrustedKey* key = gate::find_signing_key(*signed_by_prod, prod.decision_keys);
    REQUIRE(key != nullptr);
    CHECK(key->path == "../keys/ci-prod.pub");
    CHECK(gate::find_signing_key(*signed_by_prod, prod.approval_keys) == nullptr);
    // A second signature by a trusted key is found behind an untrusted one.
    auto both = gate::sign_envelope(gate::unsigned_envelope("t", "p"),
                                    gate::LocalSigner(gate::test::test_key("untrusted")));
    REQUIRE(both.has_value());
    auto second = gate::sign_envelope(*both, gate::LocalSigner(gate::test::test_key("ci-prod")));
    REQUIRE(second.has_value());
    CHECK(gate::find_signing_key(*second, prod.decision_keys) != nullptr);
  }
}
