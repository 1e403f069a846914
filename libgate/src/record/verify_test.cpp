// Tests of record verification: a staging and a prod promotion that verify, and every way a
// record set must fail, each at its named step.
#include <doctest/doctest.h>

#include <algorithm>

#include "gate/verify.h"
#include "record_fixtures.h"

namespace {

using gate::test::decision_facts;
using gate::test::signed_approval;
using gate::test::signed_decision;

const std::string kStagingPlan = gate::digest_bytes("staging tfplan");
const std::string kProdPlan = gate::digest_bytes("prod tfplan");
const std::string kZip = gate::digest_bytes("app.zip v1");
const std::string kOtherZip = gate::digest_bytes("app.zip v2");
// What `terraform show -json` of the plan files gives: the plan the test decisions judged.
const std::string kSemantic = gate::digest_bytes("semantic plan");

// A staging decision with one approval, and a prod decision promoted from it with two.
struct Promotion {
  gate::TrustPolicy trust = gate::test::test_trust();
  gate::Record staging =
      signed_decision(decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}), "ci",
                      "staging-decision.json");
  gate::Record staging_alice =
      signed_approval(staging, "alice", "approvals", "staging-alice.json");
  gate::Record prod = signed_decision(prod_facts(staging.digest), "ci-prod", "prod-decision.json");
  gate::Record prod_alice = signed_approval(prod, "alice", "approvals", "prod-alice.json");
  gate::Record prod_bob = signed_approval(prod, "bob", "approvals", "prod-bob.json");

  static gate::DecisionFacts prod_facts(const std::string& previous) {
    gate::DecisionFacts f = decision_facts("prod", kProdPlan, {{"app.zip", kZip}});
    f.previous_record_digest = previous;
    return f;
  }

  gate::VerifyRequest staging_request() const {
    return {"staging", kStagingPlan, {{"app.zip", kZip}}, gate::digest_bytes("policy staging"),
            kSemantic};
  }
  gate::VerifyRequest prod_request() const {
    return {"prod", kProdPlan, {{"app.zip", kZip}}, gate::digest_bytes("policy prod"), kSemantic};
  }
  std::vector<gate::Record> prod_records() const {
    return {prod_bob, staging_alice, prod, staging, prod_alice};
  }
};

gate::Verification verify(const std::vector<gate::Record>& records,
                          const gate::TrustPolicy& trust, const gate::VerifyRequest& request,
                          std::chrono::system_clock::time_point now = gate::test::test_now()) {
  auto v = gate::verify_records(records, trust, request, gate::FixedClock(now));
  REQUIRE_MESSAGE(v.has_value(), gate::render(v.error()));
  return std::move(v).value();
}

// The name of the step that failed ("" when verification passed), after checking that the
// steps ran in order and stopped at the failure.
std::string failed_step(const gate::Verification& v) {
  for (std::size_t i = 0; i < v.steps.size(); ++i) {
    CHECK(v.steps[i].name == gate::kVerifySteps[i]);
  }
  const gate::VerifyStep* failure = v.failure();
  if (failure == nullptr) {
    CHECK(v.passed());
    return "";
  }
  CHECK(&v.steps.back() == failure);
  CHECK_FALSE(v.passed());
  return failure->name;
}

std::string reason_of(const gate::Verification& v) {
  return v.failure() != nullptr ? v.failure()->reason : "";
}

// The record with one payload byte changed (the JSON stays valid), signature kept.
gate::Record with_flipped_payload(const gate::Record& r) {
  gate::Envelope env = r.envelope;
  const auto at = env.payload.find("github-actions");
  REQUIRE(at != std::string::npos);
  env.payload[at] = 'G';
  return gate::test::as_record(env, r.source);
}

gate::Record with_flipped_signature(const gate::Record& r) {
  gate::Envelope env = r.envelope;
  std::string& sig = env.signatures.at(0).sig;
  sig[sig.size() / 2] = static_cast<char>(sig[sig.size() / 2] ^ 0x01);
  return gate::test::as_record(env, r.source);
}

}  // namespace

TEST_SUITE("verify") {
  TEST_CASE("a staging decision with one approval verifies, every step passing") {
    const Promotion p;
    const gate::Verification v =
        verify({p.staging, p.staging_alice}, p.trust, p.staging_request());
    CHECK(failed_step(v) == "");
    REQUIRE(v.steps.size() == gate::kVerifySteps.size());
    CHECK(v.decision_digest == p.staging.digest);
    CHECK(v.steps[1].reason.find("signed by ../keys/ci.pub") != std::string::npos);
    CHECK(v.steps[4].reason.find("the plan file shows the plan the decision judged") == 0);
    CHECK(v.steps[8].reason == "1 distinct approver (alice), 1 required");
    CHECK(v.steps[10].reason == "staging requires no previous stage");
    const auto j = gate::to_json(v);
    CHECK(j["verified"] == true);
    CHECK(j["failed_step"].is_null());
    CHECK(j["steps"].size() == 11);
    CHECK(j["steps"][4]["name"] == "plan content");
  }

  TEST_CASE("a prod decision promoted from staging verifies, records in any order") {
    const Promotion p;
    auto records = p.prod_records();
    for (int i = 0; i < 3; ++i) {
      std::rotate(records.begin(), records.begin() + 1, records.end());
      const gate::Verification v = verify(records, p.trust, p.prod_request());
      CHECK(failed_step(v) == "");
      CHECK(v.decision_digest == p.prod.digest);
      CHECK(v.steps[8].reason == "2 distinct approvers (alice, bob), 2 required");
      CHECK(v.steps[10].reason.rfind("verified staging decision staging-decision.json", 0) == 0);
    }
    // The same record given twice counts once.
    records.push_back(p.prod_bob);
    CHECK(failed_step(verify(records, p.trust, p.prod_request())) == "");
  }

  TEST_CASE("one byte of the tfplan changed fails at subjects") {
    const Promotion p;
    gate::VerifyRequest r = p.staging_request();
    r.plan_file_digest = gate::digest_bytes("staging tfplaN");
    const auto v = verify({p.staging, p.staging_alice}, p.trust, r);
    CHECK(failed_step(v) == "subjects");
    CHECK(reason_of(v).rfind("tfplan: the decision is for sha256:", 0) == 0);
  }

  TEST_CASE("an artifact changed, missing or extra fails at subjects") {
    const Promotion p;
    gate::VerifyRequest changed = p.staging_request();
    changed.artifacts["app.zip"] = kOtherZip;
    const auto v = verify({p.staging, p.staging_alice}, p.trust, changed);
    CHECK(failed_step(v) == "subjects");
    CHECK(reason_of(v).rfind("artifact app.zip: the decision is for sha256:", 0) == 0);

    gate::VerifyRequest missing = p.staging_request();
    missing.artifacts.clear();
    const auto m = verify({p.staging, p.staging_alice}, p.trust, missing);
    CHECK(failed_step(m) == "subjects");
    CHECK(reason_of(m) ==
          "artifact app.zip is a subject of the decision but was not given (--artifact "
          "app.zip=PATH)");

    gate::VerifyRequest extra = p.staging_request();
    extra.artifacts["worker.zip"] = kOtherZip;
    const auto e = verify({p.staging, p.staging_alice}, p.trust, extra);
    CHECK(failed_step(e) == "subjects");
    CHECK(reason_of(e) == "artifact worker.zip was given but the decision does not cover it");
  }

  TEST_CASE("a record for another environment fails at environment") {
    const Promotion p;
    // The dev decision is signed by a key staging also trusts, so only the environment differs.
    const gate::Record dev = signed_decision(
        decision_facts("dev", kStagingPlan, {{"app.zip", kZip}}), "ci", "dev-decision.json");
    const auto v = verify({dev}, p.trust, p.staging_request());
    CHECK(failed_step(v) == "environment");
    CHECK(reason_of(v) == "decision dev-decision.json is for dev, not staging");
  }

  TEST_CASE("an expired decision, or one from the future, fails at expiry") {
    const Promotion p;
    const auto expires = p.staging.decision().expires_at;
    CHECK(failed_step(verify({p.staging, p.staging_alice}, p.trust, p.staging_request(),
                             expires - std::chrono::seconds(1))) == "");
    const auto v = verify({p.staging, p.staging_alice}, p.trust, p.staging_request(), expires);
    CHECK(failed_step(v) == "expiry");
    CHECK(reason_of(v) ==
          "the decision expired at 2026-11-23T09:00:00Z (now 2026-11-23T09:00:00Z)");
    const auto early = verify({p.staging, p.staging_alice}, p.trust, p.staging_request(),
                              p.staging.decision().issued_at - std::chrono::minutes(6));
    CHECK(failed_step(early) == "expiry");
  }

  TEST_CASE("a signature by an untrusted key fails at signature") {
    const Promotion p;
    const gate::Record forged =
        signed_decision(decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}),
                        "untrusted", "forged.json");
    const auto v = verify({forged, signed_approval(forged, "alice", "approvals", "a.json")},
                          p.trust, p.staging_request());
    CHECK(failed_step(v) == "signature");
    CHECK(reason_of(v) ==
          "decision forged.json is not signed by a decision key trusted for staging (trusted: "
          "../keys/ci.pub)");
    // The prod key is trusted, but not for staging.
    const gate::Record wrong_env_key =
        signed_decision(decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}),
                        "ci-prod", "prod-key.json");
    CHECK(failed_step(verify({wrong_env_key}, p.trust, p.staging_request())) == "signature");
    // Approvals need an approval key: the decision key does not do.
    const gate::Record self_signed = signed_approval(p.staging, "alice", "ci", "a.json");
    const auto a = verify({p.staging, self_signed}, p.trust, p.staging_request());
    CHECK(failed_step(a) == "signature");
    CHECK(reason_of(a).rfind("approval a.json is not signed by an approval key", 0) == 0);
  }

  TEST_CASE("a payload byte or a signature byte flipped fails at signature") {
    const Promotion p;
    const auto payload = verify({with_flipped_payload(p.staging), p.staging_alice}, p.trust,
                                p.staging_request());
    CHECK(failed_step(payload) == "signature");
    const auto sig = verify({with_flipped_signature(p.staging), p.staging_alice}, p.trust,
                            p.staging_request());
    CHECK(failed_step(sig) == "signature");
    const auto approval = verify({p.staging, with_flipped_signature(p.staging_alice)}, p.trust,
                                 p.staging_request());
    CHECK(failed_step(approval) == "signature");
    gate::Envelope bare = p.staging.envelope;
    bare.signatures.clear();
    const auto unsigned_v =
        verify({gate::test::as_record(bare, "bare.json")}, p.trust, p.staging_request());
    CHECK(failed_step(unsigned_v) == "signature");
    CHECK(reason_of(unsigned_v) == "decision bare.json is not signed");
  }

  TEST_CASE("a statement that is not in-toto Statement v1 fails at statement") {
    const Promotion p;
    nlohmann::json st =
        gate::make_decision_statement(decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}))
            .value();
    st["_type"] = "https://in-toto.io/Statement/v0.1";
    const gate::Record old = gate::test::signed_statement(st, "ci", "old.json");
    const auto v = verify({old, signed_approval(old, "alice", "approvals", "a.json")}, p.trust,
                          p.staging_request());
    CHECK(failed_step(v) == "statement");
  }

  TEST_CASE("a policy changed after the decision fails at policy") {
    const Promotion p;
    gate::VerifyRequest r = p.staging_request();
    r.policy_digest = gate::digest_bytes("policy staging, edited");
    const auto v = verify({p.staging, p.staging_alice}, p.trust, r);
    CHECK(failed_step(v) == "policy");
    CHECK(reason_of(v).rfind("the decision was made under policy sha256:", 0) == 0);
  }

  TEST_CASE("too few distinct approvers fails at approvers") {
    const Promotion p;
    const auto none = verify({p.staging}, p.trust, p.staging_request());
    CHECK(failed_step(none) == "approvers");
    CHECK(reason_of(none) == "0 distinct approvers, 1 required");
    const auto one = verify({p.prod, p.prod_alice, p.staging, p.staging_alice}, p.trust,
                            p.prod_request());
    CHECK(failed_step(one) == "approvers");
    CHECK(reason_of(one) == "1 distinct approver (alice), 2 required");
  }

  TEST_CASE("the same approver twice counts once") {
    const Promotion p;
    const gate::Record again =
        signed_approval(p.prod, "alice", "approvals", "prod-alice-2.json", {},
                        gate::test::test_now() - std::chrono::minutes(1));
    const auto v = verify({p.prod, p.prod_alice, again, p.staging, p.staging_alice}, p.trust,
                          p.prod_request());
    CHECK(failed_step(v) == "approvers");
    CHECK(reason_of(v) ==
          "1 distinct approver (alice), 2 required; alice approved more than once, counted once");
  }

  TEST_CASE("an approver outside the environment's list does not count") {
    const Promotion p;
    const gate::Record eve = signed_approval(p.prod, "eve", "approvals", "prod-eve.json");
    const auto v = verify({p.prod, p.prod_alice, eve, p.staging, p.staging_alice}, p.trust,
                          p.prod_request());
    CHECK(failed_step(v) == "approvers");
    CHECK(reason_of(v) ==
          "1 distinct approver (alice), 2 required; eve is not an allowed approver for prod");
  }

  TEST_CASE("the decision's author approving fails at approvers") {
    const Promotion p;
    nlohmann::json st = gate::make_approval_statement(p.staging, [] {
                          gate::ApprovalFacts a;
                          a.environment = "staging";
                          a.approver = "mallory";
                          a.issued_at = gate::test::test_now();
                          return a;
                        }())
                            .value();
    st["predicate"]["approver"] = p.staging.decision().author;
    const gate::Record self = gate::test::signed_statement(st, "approvals", "self.json");
    const auto v = verify({p.staging, p.staging_alice, self}, p.trust, p.staging_request());
    CHECK(failed_step(v) == "approvers");
    CHECK(reason_of(v) ==
          "github-actions[bot] produced the decision and approved it as "
          "\"github-actions[bot]\" (self.json); an author never approves their own decision "
          "(identities are compared trimmed and case-insensitively)");
  }

  TEST_CASE("a decision made from another plan's JSON fails at plan content") {
    const Promotion p;
    gate::VerifyRequest other = p.staging_request();
    other.plan_semantic_digest = gate::digest_bytes("the plan the file really holds");
    const auto v = verify({p.staging, p.staging_alice}, p.trust, other);
    CHECK(failed_step(v) == "plan content");
    CHECK(reason_of(v).find("the decision judged plan JSON " + kSemantic +
                            ", but the plan file to apply shows " + other.plan_semantic_digest) ==
          0);
    // Not derived at all: never a pass.
    gate::VerifyRequest underived = p.staging_request();
    underived.plan_semantic_digest.clear();
    const auto u = verify({p.staging, p.staging_alice}, p.trust, underived);
    CHECK(failed_step(u) == "plan content");
    CHECK(reason_of(u).find("was not derived") != std::string::npos);
    // A malformed derived digest is a bad request.
    gate::VerifyRequest malformed = p.staging_request();
    malformed.plan_semantic_digest = "sha256:xyz";
    CHECK_FALSE(gate::verify_records({p.staging}, p.trust, malformed,
                                     gate::FixedClock(gate::test::test_now()))
                    .has_value());
  }

  TEST_CASE("a decision record without a semantic digest does not verify") {
    const Promotion p;
    nlohmann::json st = gate::make_decision_statement(
                            decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}))
                            .value();
    st["predicate"].erase("semantic_digest");
    auto envelope =
        gate::sign_statement(st, gate::LocalSigner(gate::test::test_key("ci"))).value();
    auto record = gate::read_record(gate::write_envelope(envelope), "no-semantic.json");
    REQUIRE_FALSE(record.has_value());
    CHECK(gate::render(record.error()).find("semantic_digest") != std::string::npos);
  }

  TEST_CASE("identities are compared trimmed and case-insensitively") {
    const Promotion p;
    // The same approver under another case, or with spaces around, counts once.
    for (const char* alias : {"Alice", "ALICE", " alice", "alice "}) {
      CAPTURE(alias);
      const gate::Record again =
          signed_approval(p.prod, alias, "approvals", "prod-alias.json", {},
                          gate::test::test_now() - std::chrono::minutes(1));
      const auto v = verify({p.prod, p.prod_alice, again, p.staging, p.staging_alice}, p.trust,
                            p.prod_request());
      CHECK(failed_step(v) == "approvers");
      CHECK(reason_of(v) == "1 distinct approver (alice), 2 required; alice approved more than "
                            "once, counted once");
    }
    // The roster matches whatever the case: BOB is bob.
    const gate::Record bob = signed_approval(p.prod, "BOB", "approvals", "prod-BOB.json");
    CHECK(failed_step(verify({p.prod, p.prod_alice, bob, p.staging, p.staging_alice}, p.trust,
                             p.prod_request())) == "");
  }

  TEST_CASE("the author under another case may neither approve nor override") {
    const Promotion p;
    const auto as_author = [&](const gate::Record& decision, const std::string& approver,
                               std::vector<std::string> overrides) {
      nlohmann::json st = gate::make_approval_statement(decision, [&] {
                            gate::ApprovalFacts a;
                            a.environment = decision.decision().environment;
                            a.approver = "mallory";
                            a.overrides = overrides;
                            a.issued_at = gate::test::test_now();
                            return a;
                          }())
                              .value();
      st["predicate"]["approver"] = approver;
      return gate::test::signed_statement(st, "approvals", "self.json");
    };
    const std::string author = p.staging.decision().author;  // "github-actions[bot]"
    for (const std::string& alias : {std::string("GitHub-Actions[BOT]"), author + " "}) {
      CAPTURE(alias);
      const auto v = verify({p.staging, p.staging_alice, as_author(p.staging, alias, {})},
                            p.trust, p.staging_request());
      CHECK(failed_step(v) == "approvers");
      CHECK(reason_of(v).find("produced the decision and approved it as \"" + alias + "\"") !=
            std::string::npos);
    }
    // approve refuses it before any signature.
    gate::ApprovalFacts a;
    a.environment = "staging";
    a.approver = "GITHUB-ACTIONS[bot]";
    a.issued_at = gate::test::test_now();
    const auto refusals = gate::approval_refusals(p.staging.decision(), a);
    REQUIRE(refusals.size() == 1);
    CHECK(refusals.front().find("is the decision's author") != std::string::npos);
  }

  TEST_CASE("an identity with invisible or unusual characters fails, never counts") {
    const Promotion p;
    for (const std::string& sneaky :
         {std::string("alice\u200b"), std::string("ali\u00adce"), std::string("alice\u00a0"),
          std::string("\ufeffbob"), std::string("bob\u3000"), std::string("bo\u2060b"),
          std::string("\u202ebob")}) {
      CAPTURE(sneaky);
      nlohmann::json st = gate::make_approval_statement(p.prod, [] {
                            gate::ApprovalFacts a;
                            a.environment = "prod";
                            a.approver = "mallory";
                            a.issued_at = gate::test::test_now();
                            return a;
                          }())
                              .value();
      st["predicate"]["approver"] = sneaky;
      const gate::Record r = gate::test::signed_statement(st, "approvals", "sneaky.json");
      const auto v = verify({p.prod, p.prod_alice, r, p.staging, p.staging_alice}, p.trust,
                            p.prod_request());
      CHECK(failed_step(v) == "approvers");
      CHECK(reason_of(v).find("the approver of sneaky.json is refused as an identity: it "
                              "contains ") == 0);
      CHECK(reason_of(v).find("(U+") != std::string::npos);
      gate::ApprovalFacts facts;
      facts.environment = "prod";
      facts.approver = sneaky;
      facts.issued_at = gate::test::test_now();
      const auto refusals = gate::approval_refusals(p.prod.decision(), facts);
      REQUIRE_FALSE(refusals.empty());
      CHECK(refusals.front().find("is refused as an identity") != std::string::npos);
    }
  }

  TEST_CASE("a prod decision whose staging link is missing fails at chain") {
    const Promotion p;
    const auto v = verify({p.prod, p.prod_alice, p.prod_bob}, p.trust, p.prod_request());
    CHECK(failed_step(v) == "chain");
    CHECK(reason_of(v).rfind("the previous staging decision sha256:", 0) == 0);
    CHECK(reason_of(v).find("is not among the records") != std::string::npos);

    const gate::Record unlinked = signed_decision(
        decision_facts("prod", kProdPlan, {{"app.zip", kZip}}), "ci-prod", "unlinked.json");
    const auto u = verify({unlinked, signed_approval(unlinked, "alice", "approvals", "a.json"),
                           signed_approval(unlinked, "bob", "approvals", "b.json"), p.staging,
                           p.staging_alice},
                          p.trust, p.prod_request());
    CHECK(failed_step(u) == "chain");
    CHECK(reason_of(u) == "the prod decision unlinked.json names no previous staging decision");
  }

  TEST_CASE("a prod decision whose staging link is unverifiable fails at chain") {
    const Promotion p;
    SUBCASE("the staging decision is not approved") {
      const auto v = verify({p.prod, p.prod_alice, p.prod_bob, p.staging}, p.trust,
                            p.prod_request());
      CHECK(failed_step(v) == "chain");
      CHECK(reason_of(v) ==
            "previous staging decision staging-decision.json: 0 distinct approvers, 1 required");
    }
    SUBCASE("the staging decision is signed by an untrusted key") {
      const gate::Record forged =
          signed_decision(decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}),
                          "untrusted", "forged-staging.json");
      const gate::Record prod =
          signed_decision(Promotion::prod_facts(forged.digest), "ci-prod", "prod.json");
      const auto v = verify({prod, signed_approval(prod, "alice", "approvals", "a.json"),
                             signed_approval(prod, "bob", "approvals", "b.json"), forged,
                             signed_approval(forged, "alice", "approvals", "c.json")},
                            p.trust, p.prod_request());
      CHECK(failed_step(v) == "chain");
      CHECK(reason_of(v).rfind("previous staging decision forged-staging.json: decision "
                               "forged-staging.json is not signed by a decision key",
                               0) == 0);
    }
    SUBCASE("the previous decision is for dev") {
      const gate::Record dev = signed_decision(
          decision_facts("dev", kStagingPlan, {{"app.zip", kZip}}), "ci", "dev.json");
      const gate::Record prod =
          signed_decision(Promotion::prod_facts(dev.digest), "ci-prod", "prod.json");
      const auto v = verify({prod, signed_approval(prod, "alice", "approvals", "a.json"),
                             signed_approval(prod, "bob", "approvals", "b.json"), dev,
                             signed_approval(dev, "alice", "approvals", "c.json")},
                            p.trust, p.prod_request());
      CHECK(failed_step(v) == "chain");
      CHECK(reason_of(v) == "previous staging decision dev.json: decision dev.json is for dev, "
                            "not staging");
    }
    SUBCASE("the staging decision was denied") {
      gate::DecisionFacts f = decision_facts("staging", kStagingPlan, {{"app.zip", kZip}});
      f.verdict = "fail";
      f.findings = {{"STG-003", "aws_db_instance.main", "soft-mandatory", false}};
      const gate::Record denied = signed_decision(f, "ci", "denied-staging.json");
      const gate::Record prod =
          signed_decision(Promotion::prod_facts(denied.digest), "ci-prod", "prod.json");
      const auto v = verify({prod, signed_approval(prod, "alice", "approvals", "a.json"),
                             signed_approval(prod, "bob", "approvals", "b.json"), denied,
                             signed_approval(denied, "alice", "approvals", "c.json",
                                             {"STG-003"}, gate::test::test_now())},
                            p.trust, p.prod_request());
      // Overridden by alice in staging: the link verifies.
      CHECK(failed_step(v) == "");
    }
  }

  TEST_CASE("a prod decision whose staging decision has another artifact fails at chain") {
    const Promotion p;
    const gate::Record staging = signed_decision(
        decision_facts("staging", kStagingPlan, {{"app.zip", kOtherZip}}), "ci", "staging.json");
    const gate::Record prod =
        signed_decision(Promotion::prod_facts(staging.digest), "ci-prod", "prod.json");
    const auto v = verify({prod, signed_approval(prod, "alice", "approvals", "a.json"),
                           signed_approval(prod, "bob", "approvals", "b.json"), staging,
                           signed_approval(staging, "alice", "approvals", "c.json")},
                          p.trust, p.prod_request());
    CHECK(failed_step(v) == "chain");
    CHECK(reason_of(v).rfind("the app artifacts differ from the previous staging decision "
                             "staging.json: prod has app.zip sha256:",
                             0) == 0);
  }

  TEST_CASE("a denied decision fails at verdict unless an authorised approver overrides") {
    const Promotion p;
    gate::DecisionFacts f = decision_facts("staging", kStagingPlan, {{"app.zip", kZip}});
    f.verdict = "fail";
    f.findings = {{"STG-003", "aws_db_instance.main", "soft-mandatory", false},
                  {"DEL-001", "aws_s3_bucket.old", "hard-mandatory", true}};
    const gate::Record denied = signed_decision(f, "ci", "denied.json");

    const auto no_override = verify({denied, signed_approval(denied, "alice", "approvals",
                                                             "a.json", {"STG-003"}),
                                     },
                                    p.trust, p.staging_request());
    CHECK(failed_step(no_override) == "");  // alice overrode it

    // An approval without the override does not do.
    nlohmann::json st = gate::make_approval_statement(denied, [] {
                          gate::ApprovalFacts a;
                          a.environment = "staging";
                          a.approver = "alice";
                          a.overrides = {"STG-003"};
                          a.issued_at = gate::test::test_now();
                          return a;
                        }())
                            .value();
    st["predicate"]["overrides"] = nlohmann::json::array();
    const gate::Record plain = gate::test::signed_statement(st, "approvals", "plain.json");
    const auto v = verify({denied, plain}, p.trust, p.staging_request());
    CHECK(failed_step(v) == "verdict");
    CHECK(reason_of(v) ==
          "the decision failed: soft-mandatory finding STG-003 at aws_db_instance.main is not "
          "overridden by an authorised approver");
    CHECK(failed_step(verify({denied}, p.trust, p.staging_request())) == "verdict");

    // An override never lifts a hard-mandatory finding.
    f.findings[1].waived = false;
    const gate::Record hard = signed_decision(f, "ci", "hard.json");
    st["predicate"]["overrides"] = {"DEL-001", "STG-003"};
    st["subject"][2]["digest"]["sha256"] = hard.digest.substr(7);
    const gate::Record forced = gate::test::signed_statement(st, "approvals", "forced.json");
    const auto h = verify({hard, forced}, p.trust, p.staging_request());
    CHECK(failed_step(h) == "verdict");
    CHECK(reason_of(h) ==
          "the decision failed: hard-mandatory finding DEL-001 at aws_s3_bucket.old cannot be "
          "overridden");
  }

  TEST_CASE("a passing verdict that lists a blocking finding fails at verdict") {
    const Promotion p;
    nlohmann::json st = gate::make_decision_statement(
                            decision_facts("staging", kStagingPlan, {{"app.zip", kZip}}))
                            .value();
    st["predicate"]["findings"] = {{{"rule", "STG-003"},
                                    {"address", "aws_db_instance.main"},
                                    {"enforcement", "soft-mandatory"},
                                    {"waived", false}}};
    const gate::Record odd = gate::test::signed_statement(st, "ci", "odd.json");
    const auto v = verify({odd, signed_approval(odd, "alice", "approvals", "a.json", {"STG-003"})},
                          p.trust, p.staging_request());
    CHECK(failed_step(v) == "verdict");
    CHECK(reason_of(v) == "the decision says pass but lists blocking finding STG-003 at "
                          "aws_db_instance.main");
  }

  TEST_CASE("input that cannot be judged is an error, not a failed step") {
    const Promotion p;
    gate::VerifyRequest qa = p.staging_request();
    qa.environment = "qa";
    auto unknown = gate::verify_records({p.staging}, p.trust, qa, gate::FixedClock(gate::test::test_now()));
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().front().code == "trust.unknown-environment");

    const gate::Record other = signed_decision(
        decision_facts("staging", kStagingPlan, {{"app.zip", kOtherZip}}), "ci", "other.json");
    auto two = gate::verify_records({p.staging, other}, p.trust, p.staging_request(),
                                    gate::FixedClock(gate::test::test_now()));
    REQUIRE_FALSE(two.has_value());
    CHECK(two.error().front().code == "verify.ambiguous-decision");

    auto none = gate::verify_records({}, p.trust, p.staging_request(),
                                     gate::FixedClock(gate::test::test_now()));
    CHECK(none.error().front().code == "verify.no-records");

    gate::VerifyRequest bad = p.staging_request();
    bad.policy_digest = "policy";
    auto malformed = gate::verify_records({p.staging}, p.trust, bad,
                                          gate::FixedClock(gate::test::test_now()));
    CHECK(malformed.error().front().code == "verify.bad-request");
  }

  TEST_CASE("no decision for the environment fails at envelope") {
    const Promotion p;
    const auto approvals_only = verify({p.staging_alice}, p.trust, p.staging_request());
    CHECK(failed_step(approvals_only) == "envelope");
    CHECK(reason_of(approvals_only) ==
          "no decision record for staging among the records (none is a decision)");
    const gate::Record dev = signed_decision(
        decision_facts("dev", kStagingPlan, {{"app.zip", kZip}}), "ci", "dev.json");
    const auto v = verify({dev, p.prod}, p.trust, p.staging_request());
    CHECK(failed_step(v) == "envelope");
    CHECK(reason_of(v) == "no decision record for staging among the records (decisions: dev "
                          "(dev.json), prod (prod-decision.json))");
  }
}
