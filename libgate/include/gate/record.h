// Decision and approval records: in-toto Statement v1 payloads, serialised as RFC 8785
// canonical JSON and signed in DSSE envelopes (gate/dsse.h).
//
// A decision record says "the gate judged this plan for this environment": its subjects are
// the saved plan file ("tfplan") and the app artifacts (name -> sha256), its predicate
// (predicateType urn:tfgate:decision:v1) holds
//
//   environment, verdict ("pass" | "fail"), author (who produced the decision: the CI
//   identity; it may never approve it), semantic_digest, policy_digest, changes (count by
//   action name), findings [{rule, address, enforcement, waived}] (rule ids and addresses
//   only, never attribute values: plans hold secrets in clear), source_commit, ci_run,
//   issued_at, expires_at (RFC 3339 UTC, whole seconds), previous_record_digest (SHA-256
//   of the previous stage's decision payload, absent when there is none), drift
//   [{address, rule}] (objects the plan's refresh found changed outside Terraform, and the
//   drift rules that judged them; absent when there was none), nothing_to_apply (true when
//   the plan changes nothing), disabled_rules [{rule, reason}] and
//   deployed [{address, location, digest}] (the code the plan deploys, absent when it deploys
//   none).
//
// An approval record (urn:tfgate:approval:v1) binds an approver to one decision: its subjects
// are the decision's subjects plus "decision" (SHA-256 of the decision's payload bytes), its
// predicate holds environment, approver, overrides (soft-mandatory rule ids the approver takes
// responsibility for), issued_at and an optional comment.
//
//   gate::DecisionFacts facts = ...;             // from the policy decision and the digests
//   auto statement = gate::make_decision_statement(facts);
//   auto envelope = gate::sign_statement(*statement, gate::LocalSigner(key));
//   write(gate::write_envelope(*envelope));
//
//   gate::Expected<gate::Record> record = gate::load_record_file("decision.json");
//   if (record && record->is_decision()) use(record->decision().verdict);
//
// Digests are written "sha256:<64 lower-case hex>" in facts and predicates, and as in-toto
// DigestSets ({"sha256": "<hex>"}) in subjects.
//
// Thread-safety: plain values and reentrant functions.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/dsse.h"
#include "gate/expected.h"

namespace gate {

/// `_type` of every in-toto Statement v1.
inline constexpr std::string_view kStatementType = "https://in-toto.io/Statement/v1";
/// predicateType of a decision record.
inline constexpr std::string_view kDecisionPredicateType = "urn:tfgate:decision:v1";
/// predicateType of an approval record.
inline constexpr std::string_view kApprovalPredicateType = "urn:tfgate:approval:v1";
/// Subject name of the saved plan file.
inline constexpr std::string_view kPlanFileSubject = "tfplan";
/// Subject name, in an approval, of the approved decision record.
inline constexpr std::string_view kDecisionSubject = "decision";

/// One finding of a policy decision, as recorded: which rule, where, how binding.
struct RecordedFinding {
  std::string rule;         ///< rule id, e.g. "DEL-001"
  std::string address;      ///< resource address; empty for findings about the whole plan
  std::string enforcement;  ///< "advisory" | "soft-mandatory" | "hard-mandatory"
  bool waived = false;      ///< covered by a valid waiver of the policy
};

/// An object the plan's refresh found changed outside Terraform, as recorded: where and which
/// drift rule judged it (never what changed).
struct RecordedDrift {
  std::string address;
  std::string rule;
  bool operator==(const RecordedDrift& other) const {
    return address == other.address && rule == other.rule;
  }
};

/// A rule the environment's policy disables, as a decision records it.
struct RecordedDisabledRule {
  std::string rule;    ///< rule id
  std::string reason;  ///< the reason the policy gives
};

/// What a plan deploys: the code of one Lambda function or layer version, read from the plan
/// (gate/deployed.h) and recorded in the decision as `deployed`.
struct DeployedArtifact {
  std::string address;   ///< resource address, e.g. "module.app.aws_lambda_function.this"
  std::string location;  ///< "s3://bucket/key[?versionId=v]", "file:PATH", "image:URI", "layer:ARN"
  std::string digest;    ///< "sha256:<hex>" of the code when the plan states it, else empty
  friend bool operator==(const DeployedArtifact& a, const DeployedArtifact& b) {
    return a.address == b.address && a.location == b.location && a.digest == b.digest;
  }
  friend bool operator!=(const DeployedArtifact& a, const DeployedArtifact& b) { return !(a == b); }
};

/// Everything a decision record states. Filled by the caller from the policy decision and the
/// digests (make_decision_statement), or read back from a record (read_record).
struct DecisionFacts {
  std::string environment;       ///< "dev", "staging", "prod", ...
  std::string verdict;           ///< "pass" or "fail"
  std::string author;            ///< identity that produced the decision (CI identity)
  std::string plan_file_digest;  ///< digest of the saved plan file: subject "tfplan"
  std::map<std::string, std::string> artifacts;  ///< app artifacts, name -> digest: subjects
  std::string semantic_digest;                    ///< gate::semantic_plan_digest of the plan
  std::string policy_digest;                      ///< digest of the policy set in force
  std::map<std::string, std::size_t> changes;     ///< resource changes by action name
  std::vector<RecordedFinding> findings;          ///< no attribute values, ever
  std::vector<RecordedDisabledRule> disabled_rules;  ///< written only when there are some
  std::string source_commit;                      ///< commit the plan was made from (may be empty)
  std::string ci_run;                             ///< CI run that made it (may be empty)
  std::chrono::system_clock::time_point issued_at;
  std::chrono::system_clock::time_point expires_at;
  std::string previous_record_digest;  ///< previous stage's decision payload digest, or empty
  bool nothing_to_apply = false;  ///< the plan changes nothing (written only when true)
  std::vector<RecordedDrift> drift;     ///< drift the plan's refresh found; empty when none
  /// What the plan deploys, sorted by address and location (predicate `deployed`; absent from
  /// records of plans that deploy no code).
  std::vector<DeployedArtifact> deployed;
};

/// Everything an approval record states besides the approved decision's subjects.
struct ApprovalFacts {
  std::string environment;             ///< must equal the decision's environment
  std::string approver;                ///< approver identity (e.g. GitHub login); never the author
  std::vector<std::string> overrides;  ///< soft-mandatory rule ids overridden by this approval
  std::string comment;                 ///< optional free text (e.g. the reason for overrides)
  std::chrono::system_clock::time_point issued_at;
  std::string decision_digest;  ///< read from subject "decision"; ignored when making one
};

/// One in-toto subject.
struct Subject {
  std::string name;
  std::string digest;  ///< "sha256:<hex>"
};

/// The generic shape of an in-toto Statement as read from a payload.
struct Statement {
  std::string type;                ///< `_type`
  std::vector<Subject> subjects;   ///< in payload order
  std::string predicate_type;      ///< predicateType
  nlohmann::json predicate;        ///< the predicate object
};

/// A record read from an envelope: the envelope, its statement, and the typed facts.
struct Record {
  std::string source;   ///< file name (or other label) used in messages
  Envelope envelope;    ///< as read, payload decoded
  std::string digest;   ///< "sha256:" + SHA-256 of envelope.payload: the record's identity
  Statement statement;  ///< parsed payload
  std::variant<DecisionFacts, ApprovalFacts> facts;

  bool is_decision() const { return std::holds_alternative<DecisionFacts>(facts); }
  const DecisionFacts& decision() const { return std::get<DecisionFacts>(facts); }
  const ApprovalFacts& approval() const { return std::get<ApprovalFacts>(facts); }
};

/// The decision statement for `facts` (subjects: tfplan, then artifacts by name).
/// Errors: record.invalid-facts (a field is empty or malformed: environment, verdict, author,
/// a digest, an artifact name ("tfplan" and "decision" are reserved), an action name, an
/// enforcement level, or expires_at not after issued_at).
[[nodiscard]] Expected<nlohmann::json> make_decision_statement(const DecisionFacts& facts);

/// Reasons why `approval` must not be given to `decision`, empty when it may:
/// a different environment; the approver is the decision's author; the decision expired at
/// approval.issued_at; a denied decision with a blocking finding that is hard-mandatory, or
/// soft-mandatory and not named in approval.overrides; an override that names a
/// hard-mandatory rule or a rule with no blocking finding.
std::vector<std::string> approval_refusals(const DecisionFacts& decision,
                                           const ApprovalFacts& approval);

/// The approval statement of `approval` for the decision record `decision`.
/// Errors: record.not-a-decision, record.invalid-facts (empty approver or environment, an
/// empty override), approval.refused (approval_refusals is not empty; each reason is a note).
[[nodiscard]] Expected<nlohmann::json> make_approval_statement(const Record& decision,
                                                               const ApprovalFacts& approval);

/// The canonical payload of `statement` in an unsigned envelope, for external signing:
/// write pae(envelope.payload_type, envelope.payload) out and attach_signature() later.
/// Errors: digest.number (a number canonical JSON cannot hold).
[[nodiscard]] Expected<Envelope> statement_envelope(const nlohmann::json& statement);

/// statement_envelope() signed by `signer`. Errors: those of statement_envelope and the signer.
[[nodiscard]] Expected<Envelope> sign_statement(const nlohmann::json& statement,
                                                const Signer& signer);

/// Reads a record: the envelope (see read_envelope), then its payload as a tfgate statement.
/// The signature is not checked here (verify_records does that).
///
/// Errors: those of read_envelope, and
///   record.payload-type          payloadType is not application/vnd.in-toto+json
///   statement.syntax             the payload is not JSON
///   statement.duplicate-key      an object of the payload names a member twice
///   statement.wrong-type         a member has the wrong JSON type (JSON pointer in the payload)
///   statement.missing-field      a required member is absent
///   statement.bad-value          a member's value is not allowed (verdict, enforcement, time,
///                                digest, action name, empty identity)
///   statement.bad-subject        a subject's digest is not a SHA-256 hex digest, a name is
///                                empty or repeated, or the required subject is missing
///   statement.unknown-predicate  predicateType is not a tfgate decision or approval
[[nodiscard]] Expected<Record> read_record(std::string_view text, const std::string& source);

/// Reads a record file ("-" reads standard input). Errors: io.read and those of read_record.
[[nodiscard]] Expected<Record> load_record_file(const std::string& path);

/// The findings that block a decision: not waived, soft- or hard-mandatory.
std::vector<RecordedFinding> blocking_findings(const DecisionFacts& decision);

/// "2026-11-22T10:28:00Z": RFC 3339 in UTC, whole seconds (fractions are dropped).
std::string format_timestamp(std::chrono::system_clock::time_point time);

/// Parses exactly the form format_timestamp writes; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text);

/// Why `identity` (an approver or a decision's author) cannot be compared safely, or nullopt:
/// empty once trimmed, not UTF-8, or holding a control character, a Unicode format character
/// (zero-width space and joiners, bidirectional controls, soft hyphen, byte-order mark...),
/// another invisible character, or white space other than the ASCII space (no-break space,
/// ideographic space...). The reason names the character as U+XXXX and where it is.
std::optional<std::string> identity_defect(std::string_view identity);

/// The form in which identities are compared: ASCII spaces trimmed at both ends and ASCII
/// letters lower-cased (GitHub logins are case-insensitive), so "Alice " and "alice" are one
/// approver. Only meaningful for identities without identity_defect.
std::string identity_key(std::string_view identity);

}  // namespace gate
