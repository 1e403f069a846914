// The trust file: which public keys may sign decisions and approvals for each environment, how
// many distinct approvers each environment needs, who may approve, and which environment must
// have approved the same app artifacts before this one ("promotion, not redeployment").
//
//   {
//     "environments": {
//       "dev":     {"decision_keys": ["keys/ci-dev.pub"], "approval_keys": ["keys/ci-dev.pub"],
//                   "approvers_required": 0},
//       "staging": {"decision_keys": ["keys/ci-staging.pub"],
//                   "approval_keys": ["keys/approvals-staging.pub"], "approvers_required": 1},
//       "prod":    {"decision_keys": ["keys/ci-prod.pub"],
//                   "approval_keys": ["keys/approvals-prod.pub"], "approvers_required": 2,
//                   "approvers": ["alice", "bob", "carol"], "requires_previous": "staging"}
//     }
//   }
//
// Key paths are relative to the trust file and name PEM SubjectPublicKeyInfo P-256 keys.
// `approvers` (optional) limits who may approve and override in that environment; without it
// any approver whose approval record is signed by an approval key counts. Unknown members are
// errors, so that a misspelt requirement is never silently dropped. Keep the trust file and
// its keys in the repository, not next to the records they judge.
//
//   gate::Expected<gate::TrustPolicy> trust = gate::load_trust_file("policies/trust.json");
//   const gate::EnvironmentTrust* prod = trust->find("prod");
//
// Thread-safety: a loaded TrustPolicy is immutable.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gate/dsse.h"
#include "gate/expected.h"
#include "gate/keys.h"

namespace gate {

/// A public key listed in the trust file.
struct TrustedKey {
  std::string path;  ///< as written in the trust file, for messages
  PublicKey key;
};

/// What one environment trusts and requires.
struct EnvironmentTrust {
  std::string name;
  std::vector<TrustedKey> decision_keys;  ///< may sign decision records (at least one)
  std::vector<TrustedKey> approval_keys;  ///< may sign approval records
  std::size_t approvers_required = 0;     ///< distinct approvers, never the decision's author
  std::vector<std::string> approvers;     ///< allowed approver ids; empty means any
  std::string requires_previous;          ///< environment whose decision must precede, or empty
  /// The chain must bind app artifacts: the decisions of this environment and of every stage
  /// before it name at least one artifact subject and record what their plans deploy.
  bool requires_artifacts = false;
};

/// A loaded trust file.
struct TrustPolicy {
  std::string source;  ///< the trust file's path
  std::map<std::string, EnvironmentTrust> environments;

  /// The environment's trust, or nullptr when the file does not name it.
  const EnvironmentTrust* find(std::string_view environment) const;
};

/// Reads trust-file JSON; key paths are resolved against `base_dir`.
///
/// Errors (located in `source` with the JSON pointer of the offending value):
///   trust.syntax               not JSON (line and column), or invalid UTF-8
///   trust.duplicate-key        an object names a member twice
///   trust.wrong-type           a member has the wrong JSON type
///   trust.missing-field        environments, decision_keys, approval_keys or
///                              approvers_required is absent
///   trust.unknown-field        a member the format does not define (a misspelling)
///   trust.bad-value            an empty key list, approvers_required not a whole number in
///                              0..100, an empty or repeated approver or key, a bad
///                              environment name
///   trust.bad-key              a key file cannot be read or is not a P-256 public key
///   trust.unknown-environment  requires_previous names an environment the file does not have
///   trust.cycle                requires_previous links form a cycle
[[nodiscard]] Expected<TrustPolicy> read_trust(std::string_view text, const std::string& source,
                                               const std::string& base_dir);

/// Reads a trust file; key paths are relative to its folder. Errors: io.read and those of
/// read_trust.
[[nodiscard]] Expected<TrustPolicy> load_trust_file(const std::string& path);

/// The first of `keys` that made a valid signature of the envelope, or nullptr.
const TrustedKey* find_signing_key(const Envelope& envelope, const std::vector<TrustedKey>& keys);

}  // namespace gate
