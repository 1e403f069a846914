// The AWS IAM policy language: a parsed document model (identity, trust, resource and service
// control policies) and AWS's matching rules for actions and ARNs. Every list-capable element
// is normalised to a list, so `"Action": "s3:GetObject"` and `["s3:GetObject"]` read the same.
//
//   gate::Expected<gate::iam::PolicyDocument> doc = gate::iam::parse_policy(text);
//   if (!doc) { /* iam.not-json or iam.invalid, located by JSON pointer */ }
//   for (const auto& st : doc->statements)
//     if (st.effect == gate::iam::Effect::kAllow && gate::iam::any_action_matches(st.actions, "iam:PassRole")) ...
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/expected.h"

namespace gate::iam {

enum class Effect { kAllow, kDeny };

/// `Principal` / `NotPrincipal`: the bare string "*", or a map of principal type ("AWS",
/// "Federated", "Service", "CanonicalUser") to identifiers.
struct Principal {
  bool everyone = false;  ///< the bare string "*"
  std::map<std::string, std::vector<std::string>> by_type;
  /// True when anyone can match: "*", {"AWS": "*"} or {"AWS": "arn:aws:iam::*:root"}.
  bool is_wildcard() const;
};

/// One condition test: `"<Qualifier>:<Operator>": {"<key>": [values]}`.
struct Condition {
  std::string operator_name;  ///< as written, e.g. "ForAllValues:StringLikeIfExists"
  std::string base_operator;  ///< without qualifier and IfExists, e.g. "StringLike"
  std::string qualifier;      ///< "", "ForAllValues" or "ForAnyValue"
  bool if_exists = false;
  std::string key;  ///< as written; compare case-insensitively
  std::vector<std::string> values;  ///< scalars as text ("true", "3600", "us-east-1")
  /// True for the negated operators (StringNotEquals, ArnNotLike, NotIpAddress, ...).
  bool negated() const;
};

/// One statement. `index` is its position in the document, `label()` its Sid or "#index".
struct Statement {
  std::size_t index = 0;
  std::string sid;
  Effect effect = Effect::kAllow;
  bool not_action = false;  ///< `actions` came from NotAction
  std::vector<std::string> actions;
  bool has_resource = false;  ///< Resource or NotResource present
  bool not_resource = false;  ///< `resources` came from NotResource
  std::vector<std::string> resources;
  std::optional<Principal> principal;
  bool not_principal = false;  ///< `principal` came from NotPrincipal
  std::vector<Condition> conditions;
  /// Action patterns that unconditional Deny statements of the same document take away from
  /// this Allow on all of its resources (set by effective_permissions; empty as parsed).
  std::vector<std::string> denied_actions;

  std::string label() const;
  /// Conditions whose key equals `key` case-insensitively.
  std::vector<const Condition*> conditions_on(std::string_view key) const;
};

/// A parsed policy document.
struct PolicyDocument {
  std::string version;  ///< empty when absent
  std::string id;
  std::vector<Statement> statements;
};

/// Parses policy JSON text. Errors (located by JSON pointer in the document):
///   iam.not-json  the text is not JSON
///   iam.too-deep  nested deeper than 32 levels
///   iam.invalid   not a policy: no Statement, unknown or duplicate elements, Effect not
///                 Allow/Deny, Action and NotAction together, a statement without actions,
///                 malformed Principal or Condition, wrong value types
[[nodiscard]] Expected<PolicyDocument> parse_policy(std::string_view text);

/// Parses an already decoded policy. Same errors as parse_policy (iam.invalid).
[[nodiscard]] Expected<PolicyDocument> parse_policy_json(const nlohmann::json& document);

/// AWS glob: `*` matches any run, `?` one character; no other special characters.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case);

/// Action matching as IAM does it: case-insensitive glob; a bare "*" matches every action.
bool action_matches(std::string_view pattern, std::string_view action);

/// True when any pattern in `patterns` matches `action`.
bool any_action_matches(const std::vector<std::string>& patterns, std::string_view action);

/// True when the statement's Action/NotAction element allows `action` (NotAction: every
/// action not listed) and no pattern of `denied_actions` takes it away.
bool statement_covers_action(const Statement& statement, std::string_view action);

/// ARN matching as ArnLike does it: six colon-separated parts compared one by one
/// (case-sensitive glob; the resource part keeps its own colons). "*" matches everything.
bool arn_matches(std::string_view pattern, std::string_view arn);

/// True when some text matches both AWS globs (`*`, `?`): whether two patterns can name the
/// same thing.
bool globs_intersect(std::string_view a, std::string_view b, bool ignore_case);

/// True when some ARN matches both ARN patterns (part by part, as arn_matches compares).
bool arn_patterns_intersect(std::string_view a, std::string_view b);

/// The account part of an ARN ("" when absent or not an ARN).
std::string arn_account(std::string_view arn);

/// Characters other than white space, as IAM counts policy size.
std::size_t non_whitespace_length(std::string_view text);

}  // namespace gate::iam
