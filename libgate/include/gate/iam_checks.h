// Security checks over parsed IAM documents: admin and service wildcards, NotAction with
// Allow, iam:PassRole on every resource, privilege-escalation combinations, wildcard trust
// principals, GitHub OIDC trust pinning, sts:AssumeRole outside the allowed accounts, and
// IAM's size limits. Each check returns Issues that name the statement (Sid or #index) and the
// offending action, resource or principal, with a one-sentence reason; the policy engine turns
// them into findings.
//
//   auto doc = gate::iam::parse_policy(policy_json);
//   for (const gate::iam::Issue& issue : gate::iam::check_admin_wildcard(*doc)) ...
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "gate/iam.h"
#include "gate/iam_catalogue.h"

namespace gate::iam {

/// A problem found in one document.
struct Issue {
  std::string statement;  ///< Sid in quotes or "#index"; empty for the whole document
  std::string subject;    ///< the offending action, resource, principal or condition value
  std::string message;    ///< one sentence saying why
};

/// What GitHub OIDC trust policies must pin.
struct OidcRequirements {
  std::string provider_host = "token.actions.githubusercontent.com";
  std::string audience = "sts.amazonaws.com";
  std::vector<std::string> repositories;  ///< "owner/name"; empty: any single repository
  /// Allowed subject parts after the repository ("environment:prod", "ref:refs/heads/main");
  /// empty: any part without wildcards.
  std::vector<std::string> subjects;
};

/// Allow of every action ("*") on every resource, or of every action but a few (NotAction) on
/// every resource: an administrator.
std::vector<Issue> check_admin_wildcard(const PolicyDocument& doc);
/// Allow of a whole service ("s3:*"), whatever the resources: every present and future action
/// of the service, deletions and policy changes included.
std::vector<Issue> check_service_wildcard(const PolicyDocument& doc);
/// Allow with NotAction (grants everything not listed).
std::vector<Issue> check_not_action_allow(const PolicyDocument& doc);
/// Allow of iam:PassRole on every resource, or on a pattern that names every role of an
/// account or of every account ("arn:*", "arn:aws:iam::*:role/*").
std::vector<Issue> check_pass_role_star(const PolicyDocument& doc);
/// Escalation paths fully allowed, as one issue naming every such path (subject: the path
/// ids). Pass the effective permissions (gate/iam_effective.h) so that Denies count. An action
/// counts when an Allow grants it on a resource that can match the resource the path needs,
/// in an account of `accounts` or any account (empty `accounts`: every account), never in
/// AWS's own namespace (arn:aws:iam::aws:...); for wildcard-only actions the grant must name
/// many resources ("*", a wildcard in the account or name).
std::vector<Issue> check_privilege_escalation(const PolicyDocument& doc,
                                              const std::vector<EscalationPath>& paths,
                                              const std::vector<std::string>& accounts = {});
/// Trust or resource policies that let anyone in: "*" principals (or any account's root)
/// without a condition that pins who (gate/iam_conditions.h; conditions that restrict nothing,
/// like aws:SecureTransport or wildcard-only values, do not), and NotPrincipal with Allow.
/// `now`: the plan's timestamp, for conditions that can never hold.
std::vector<Issue> check_wildcard_principal(const PolicyDocument& doc, std::string_view now = {});
/// Web-identity trust. GitHub's provider (token.actions.githubusercontent.com, and the
/// enterprise issuer form token.actions.githubusercontent.com/<enterprise>): aud required, sub
/// pinned to allowed repositories and subjects, no wildcard in the repository part (the
/// immutable-id form "repo:owner@id/name@id:..." is accepted), and only
/// sts:AssumeRoleWithWebIdentity. Any other web-identity provider (an OIDC provider ARN,
/// accounts.google.com, cognito-identity.amazonaws.com, ...): open unless its audience and
/// subject are pinned (Cognito: audience and amr). SAML providers are not judged here.
std::vector<Issue> check_oidc_trust(const PolicyDocument& doc, const OidcRequirements& req);
/// sts:AssumeRole allowed on roles outside `accounts` (or on "*").
std::vector<Issue> check_assume_role_scope(const PolicyDocument& doc,
                                           const std::vector<std::string>& accounts);
/// Trust policies naming AWS principals of accounts outside `accounts`.
std::vector<Issue> check_trusted_accounts(const PolicyDocument& doc,
                                          const std::vector<std::string>& accounts);
/// Allow statements conditioned on Bool aws:MultiFactorAuthPresent = false (the key is
/// absent for long-term credentials, so this does not require MFA).
std::vector<Issue> check_mfa_pattern(const PolicyDocument& doc);
/// More than `limit` non-white-space characters (managed policies 6,144; trust 2,048).
std::vector<Issue> check_size(std::string_view text, std::size_t limit, const char* what);

}  // namespace gate::iam
