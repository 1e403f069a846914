// Building signed decision and approval records in tests, with the test-only keys of
// fixtures/keys and the test trust file fixtures/trust/trust.json.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "fixtures.h"
#include "gate/digest.h"
#include "gate/dsse.h"
#include "gate/keys.h"
#include "gate/record.h"
#include "gate/trust.h"

namespace gate::test {

/// The time the record tests pretend it is.
inline std::chrono::system_clock::time_point test_now() {
  return *parse_timestamp("2026-11-22T10:00:00Z");
}

/// A test-only private key from fixtures/keys ("ci", "ci-prod", "approvals", "untrusted").
inline PrivateKey test_key(const std::string& name) {
  auto key = load_private_key(fixture("keys/" + name + ".key"));
  REQUIRE_MESSAGE(key.has_value(), render(key.error()));
  return std::move(key).value();
}

/// The test trust file.
inline TrustPolicy test_trust() {
  auto trust = load_trust_file(fixture("trust/trust.json"));
  REQUIRE_MESSAGE(trust.has_value(), render(trust.error()));
  return std::move(trust).value();
}

/// A passing decision for `environment` over the given file digests, issued an hour before
/// `now` and valid for a day.
inline DecisionFacts decision_facts(const std::string& environment,
                                    const std::string& plan_file_digest,
                                    std::map<std::string, std::string> artifacts,
                                    std::chrono::system_clock::time_point now = test_now()) {
  DecisionFacts f;
  f.environment = environment;
  f.verdict = "pass";
  f.author = "github-actions[bot]";
  f.plan_file_digest = plan_file_digest;
  f.artifacts = std::move(artifacts);
  f.semantic_digest = digest_bytes("semantic plan");
  f.policy_digest = digest_bytes("policy " + environment);
  f.changes = {{"create", 1}, {"update", 2}, {"no-op", 5}};
  f.findings = {{"IAM-010", "aws_iam_role.app", "advisory", false}};
  f.source_commit = "0123456789abcdef0123456789abcdef01234567";
  f.ci_run = "https://github.com/acme/platform/actions/runs/123/attempts/1";
  f.issued_at = now - std::chrono::hours(1);
  f.expires_at = now + std::chrono::hours(23);
  return f;
}

/// Reads back an envelope as a Record, as a verifier would see the file `source`.
inline Record as_record(const Envelope& envelope, const std::string& source) {
  auto record = read_record(write_envelope(envelope), source);
  REQUIRE_MESSAGE(record.has_value(), render(record.error()));
  return std::move(record).value();
}

/// Any statement, signed with the test key `key_name` (for records tfgate would refuse to make).
inline Record signed_statement(const nlohmann::json& statement, const std::string& key_name,
                               const std::string& source) {
  auto envelope = sign_statement(statement, LocalSigner(test_key(key_name)));
  REQUIRE_MESSAGE(envelope.has_value(), render(envelope.error()));
  return as_record(*envelope, source);
}

/// The decision record of `facts`, signed with the test key `key_name`.
inline Record signed_decision(const DecisionFacts& facts, const std::string& key_name,
                              const std::string& source) {
  auto statement = make_decision_statement(facts);
  REQUIRE_MESSAGE(statement.has_value(), render(statement.error()));
  auto envelope = sign_statement(*statement, LocalSigner(test_key(key_name)));
  REQUIRE_MESSAGE(envelope.has_value(), render(envelope.error()));
  return as_record(*envelope, source);
}

/// An approval of `decision` by `approver`, signed with the test key `key_name`.
inline Record signed_approval(const Record& decision, const std::string& approver,
                              const std::string& key_name, const std::string& source,
                              std::vector<std::string> overrides = {},
                              std::chrono::system_clock::time_point issued_at = test_now()) {
  ApprovalFacts a;
  a.environment = decision.decision().environment;
  a.approver = approver;
  a.overrides = std::move(overrides);
  a.issued_at = issued_at;
  auto statement = make_approval_statement(decision, a);
  REQUIRE_MESSAGE(statement.has_value(), render(statement.error()));
  auto envelope = sign_statement(*statement, LocalSigner(test_key(key_name)));
  REQUIRE_MESSAGE(envelope.has_value(), render(envelope.error()));
  return as_record(*envelope, source);
}

}  // namespace gate::test
