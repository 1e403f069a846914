// The IAM security checks behind gate/iam_checks.h.
#include "gate/iam_checks.h"

#include "gate/iam_conditions.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/ascii.h"
#include "util/text_position.h"

namespace gate::iam {
namespace {

bool is_every_resource(const Statement& st) {
  if (!st.has_resource || st.not_resource) {
    return true;  // no Resource (trust) or NotResource: everything not listed
  }
  return std::any_of(st.resources.begin(), st.resources.end(),
                     [](const std::string& r) { return r == "*"; });
}

std::string resource_text(const Statement& st) {
  if (!st.has_resource) {
    return "every resource";
  }
  if (st.not_resource) {
    return "every resource except those listed in NotResource";
  }
  if (is_every_resource(st)) {
    return "every resource (\"*\")";
  }
  std::string out;
  for (const std::string& r : st.resources) {
    out += (out.empty() ? "" : ", ") + r;
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// True when the resource pattern names every role of an account or of every account
// ("arn:*", "arn:aws:iam::*:role/*", "arn:aws:iam::444444444444:*").
bool names_every_role(const std::string& resource) {
  const std::string account = arn_account(resource);
  const std::string probe =
      "arn:aws:iam::" + (account.empty() || has_wildcard(account) ? std::string("*") : account) +
      ":role/*";
  return arn_matches(resource, probe);
}

// True when `granted` (a Resource entry) can name what `need` describes, in the accounts that
// count; with `many`, only when it names more than one resource.
bool resource_counts(const std::string& granted, const EscalationAction& need,
                     const std::vector<std::string>& accounts) {
  if (granted == "*") {
    return true;
  }
  if (!arn_patterns_intersect(granted, need.resource)) {
    return false;
  }
  const std::string account = arn_account(granted);
  if (account == "aws") {
    return false;  // AWS's own namespace: nobody can change AWS managed policies
  }
  if (!account.empty() && !has_wildcard(account) && !accounts.empty() &&
      std::find(accounts.begin(), accounts.end(), account) == accounts.end()) {
    return false;
  }
  return !need.wildcard_only || has_wildcard(granted);
}

// True when some Allow of `doc` grants the action on a resource that counts.
bool grants(const PolicyDocument& doc, const EscalationAction& need,
            const std::vector<std::string>& accounts) {
  return std::any_of(doc.statements.begin(), doc.statements.end(), [&](const Statement& st) {
    if (st.effect != Effect::kAllow || !statement_covers_action(st, need.action)) {
      return false;
    }
    if (is_every_resource(st)) {
      return true;
    }
    return std::any_of(st.resources.begin(), st.resources.end(),
                       [&](const std::string& r) { return resource_counts(r, need, accounts); });
  });
}

// "owner@123" -> "owner"; the immutable-id form of GitHub subject claims.
std::string strip_id(std::string_view part) {
  const auto at = part.find('@');
  if (at == std::string_view::npos) {
    return std::string(part);
  }
  const std::string_view id = part.substr(at + 1);
  if (id.empty() ||
      !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::string(part);
  }
  return std::string(part.substr(0, at));
}

// Checks one `sub` value; returns the reason it is not pinned, or "".
std::string sub_problem(const std::string& value, bool like, const OidcRequirements& req) {
  if (value.rfind("repo:", 0) != 0) {
    return "the subject does not start with repo:OWNER/NAME";
  }
  const std::string rest = value.substr(5);
  const auto colon = rest.find(':');
  const std::string repo_part = rest.substr(0, colon);
  const auto slash = repo_part.find('/');
  if (slash == std::string::npos) {
    return "the subject names no repository (repo:OWNER/NAME)";
  }
  if (has_wildcard(repo_part)) {
    return like ? "the repository part holds a wildcard, so other repositories can assume the role"
                : "the repository part holds a wildcard, which StringEquals compares literally";
  }
  const std::string repository =
      strip_id(repo_part.substr(0, slash)) + "/" + strip_id(repo_part.substr(slash + 1));
  if (!req.repositories.empty() &&
      std::none_of(req.repositories.begin(), req.repositories.end(),
                   [&](const std::string& r) { return detail::ascii_iequals(r, repository); })) {
    return fmt::format("repository {} is not one of the allowed repositories", repository);
  }
  if (colon == std::string::npos || colon + 1 == rest.size()) {
    return "the subject does not say which environment or ref may assume the role";
  }
  const std::string context = rest.substr(colon + 1);
  if (!req.subjects.empty()) {
    if (has_wildcard(context) ||
        std::find(req.subjects.begin(), req.subjects.end(), context) == req.subjects.end()) {
      return fmt::format("\"{}\" is not one of the allowed subjects ({})", context,
                         join(req.subjects));
    }
  } else if (like && has_wildcard(context)) {
    return "the subject allows any environment, branch or pull request (wildcard after the "
           "repository)";
  }
  return {};
}

// The issuer a Federated principal names: what follows "oidc-provider/" in a provider ARN, or
// the identifier itself (accounts.google.com, cognito-identity.amazonaws.com); "" for SAML
// providers and other ARNs.
std::string issuer_of(const std::string& id) {
  constexpr std::string_view kProvider = ":oidc-provider/";
  if (const auto pos = id.find(kProvider); pos != std::string::npos) {
    return id.substr(pos + kProvider.size());
  }
  if (id.rfind("arn:", 0) == 0) {
    return {};
  }
  return id;
}

// GitHub's public issuer, or its enterprise form "<host>/<enterprise>".
bool is_github_issuer(const std::string& issuer, const std::string& host) {
  return detail::ascii_iequals(issuer, host) ||
         (issuer.size() > host.size() + 1 && issuer[host.size()] == '/' &&
          detail::ascii_iequals(issuer.substr(0, host.size()), host));
}

void check_github_actions(const Statement& st, std::vector<Issue>& out) {
  for (const std::string& a : st.actions) {
    const std::string action = detail::ascii_lower(a);
    if (st.not_action ||
        (action != "sts:assumerolewithwebidentity" && action != "sts:tagsession")) {
      out.push_back({st.label(), a,
                     fmt::format("statement {} trusts the GitHub OIDC provider for \"{}\"; only "
                                 "sts:AssumeRoleWithWebIdentity belongs there",
                                 st.label(), a)});
    }
  }
}

void check_github_claims(const Statement& st, const std::string& issuer,
                         const OidcRequirements& req, std::vector<Issue>& out) {
  const std::string aud_key = issuer + ":aud";
  const std::string sub_key = issuer + ":sub";
  const auto auds = st.conditions_on(aud_key);
  const bool aud_ok =
      !auds.empty() && std::all_of(auds.begin(), auds.end(), [&](const Condition* c) {
        return !c->negated() && c->qualifier.empty() &&
               (c->base_operator == "StringEquals" || c->base_operator == "StringLike") &&
               !c->values.empty() &&
               std::all_of(c->values.begin(), c->values.end(),
                           [&](const std::string& v) { return v == req.audience; });
      });
  if (!aud_ok) {
    out.push_back({st.label(), aud_key,
                   fmt::format("statement {} does not require {} = {}", st.label(), aud_key,
                               req.audience)});
  }
  const auto subs = st.conditions_on(sub_key);
  if (subs.empty()) {
    out.push_back({st.label(), sub_key,
                   fmt::format("statement {} does not pin {}, so any GitHub repository can "
                               "assume the role",
                               st.label(), sub_key)});
    return;
  }
  for (const Condition* c : subs) {
    const bool like = c->base_operator == "StringLike";
    if (c->negated() || (!like && c->base_operator != "StringEquals") ||
        c->qualifier == "ForAllValues") {
      out.push_back({st.label(), c->operator_name,
                     fmt::format("statement {} tests {} with {}, which does not pin the "
                                 "subject",
                                 st.label(), sub_key, c->operator_name)});
      continue;
    }
    for (const std::string& v : c->values) {
      const std::string problem = sub_problem(v, like, req);
      if (!problem.empty()) {
        out.push_back({st.label(), v,
                       fmt::format("statement {} trusts subject \"{}\": {}", st.label(),
                                   detail::excerpt(v, 120), problem)});
      }
    }
  }
}

// True when a condition on `key` pins it to concrete values.
bool claim_pinned(const Statement& st, const std::string& key) {
  const auto conditions = st.conditions_on(key);
  return std::any_of(conditions.begin(), conditions.end(), [](const Condition* c) {
    return classify(*c, {}) == ConditionClass::kPinsPrincipal;
  });
}

// Any other web-identity provider: its audience and its subject must be pinned (Cognito
// identity pools: the audience and the amr claim, which names authenticated identities).
void check_identity_claims(const Statement& st, const std::string& issuer, std::vector<Issue>& out) {
  const bool cognito = detail::ascii_iequals(issuer, "cognito-identity.amazonaws.com");
  const std::string aud_key = issuer + ":aud";
  const std::string sub_key = issuer + (cognito ? ":amr" : ":sub");
  const bool aud = claim_pinned(st, aud_key) || claim_pinned(st, issuer + ":oaud");
  const bool sub = claim_pinned(st, sub_key);
  if (aud && sub) {
    return;
  }
  std::string missing = aud ? sub_key : (sub ? aud_key : aud_key + " and " + sub_key);
  out.push_back({st.label(), issuer,
                 fmt::format("statement {} trusts the web-identity provider {} without pinning "
                             "{}, so any of its users can assume the role",
                             st.label(), detail::excerpt(issuer, 120), missing)});
}

}  // namespace

std::vector<Issue> check_admin_wildcard(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !is_every_resource(st)) {
      continue;
    }
    const std::string except =
        st.denied_actions.empty() ? "" : fmt::format(" (less the denied {})", join(st.denied_actions));
    if (st.not_action) {
      out.push_back({st.label(), join(st.actions),
                     fmt::format("statement {} allows every action except {} on {}{}, which makes "
                                 "the principal an administrator",
                                 st.label(), join(st.actions), resource_text(st), except)});
      continue;
    }
    for (const std::string& a : st.actions) {
      if (a == "*" || a == "*:*") {
        out.push_back({st.label(), a,
                       fmt::format("statement {} allows every action (\"{}\") on {}{}", st.label(),
                                   a, resource_text(st), except)});
        break;
      }
    }
  }
  return out;
}

std::vector<Issue> check_service_wildcard(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || st.not_action) {
      continue;
    }
    for (const std::string& a : st.actions) {
      const auto colon = a.find(':');
      if (colon != std::string::npos && colon > 0 && a.substr(colon + 1) == "*" &&
          !has_wildcard(a.substr(0, colon))) {
        out.push_back({st.label(), a,
                       fmt::format("statement {} allows every {} action (\"{}\") on {}", st.label(),
                                   a.substr(0, colon), a, resource_text(st))});
      }
    }
  }
  return out;
}

std::vector<Issue> check_not_action_allow(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect == Effect::kAllow && st.not_action) {
      out.push_back({st.label(), join(st.actions),
                     fmt::format("statement {} uses NotAction with Allow, which grants every "
                                 "action except {}",
                                 st.label(), join(st.actions))});
    }
  }
  return out;
}

std::vector<Issue> check_pass_role_star(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !statement_covers_action(st, "iam:PassRole")) {
      continue;
    }
    if (is_every_resource(st)) {
      out.push_back({st.label(), "iam:PassRole",
                     fmt::format("statement {} allows iam:PassRole on {}, so any role can be "
                                 "handed to a service",
                                 st.label(), resource_text(st))});
      continue;
    }
    for (const std::string& r : st.resources) {
      if (names_every_role(r)) {
        out.push_back({st.label(), r,
                       fmt::format("statement {} allows iam:PassRole on \"{}\", which names every "
                                   "role of {}, so any role can be handed to a service",
                                   st.label(), detail::excerpt(r, 120),
                                   has_wildcard(arn_account(r)) || arn_account(r).empty()
                                       ? "every account"
                                       : "account " + arn_account(r))});
        break;
      }
    }
  }
  return out;
}

std::vector<Issue> check_privilege_escalation(const PolicyDocument& doc,
                                              const std::vector<EscalationPath>& paths,
                                              const std::vector<std::string>& accounts) {
  std::vector<std::string> names, described;
  for (const EscalationPath& path : paths) {
    const bool complete =
        std::all_of(path.actions.begin(), path.actions.end(),
                    [&](const EscalationAction& a) { return grants(doc, a, accounts); });
    if (complete) {
      std::vector<std::string> actions;
      for (const EscalationAction& a : path.actions) {
        actions.push_back(a.action);
      }
      names.push_back(path.name);
      described.push_back(fmt::format("{} ({})", path.name, join(actions)));
    }
  }
  if (names.empty()) {
    return {};
  }
  std::string list;
  for (const std::string& d : described) {
    list += (list.empty() ? "" : "; ") + d;
  }
  return {{"", join(names),
           names.size() == 1
               ? fmt::format("the policy allows a known privilege-escalation path: {}", list)
               : fmt::format("the policy allows {} known privilege-escalation paths: {}",
                             names.size(), list)}};
}

std::vector<Issue> check_wildcard_principal(const PolicyDocument& doc, std::string_view now) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !st.principal || never_holds(st, now)) {
      continue;
    }
    if (st.not_principal) {
      out.push_back({st.label(), "NotPrincipal",
                     fmt::format("statement {} uses NotPrincipal with Allow, which lets in every "
                                 "principal not listed",
                                 st.label())});
    } else if (st.principal->is_wildcard() && !pins_principal(st, now)) {
      out.push_back(
          {st.label(), "*",
           st.conditions.empty()
               ? fmt::format("statement {} lets any principal (\"*\") in without a condition",
                             st.label())
               : fmt::format("statement {} lets any principal (\"*\") in: its conditions ({}) do "
                             "not restrict who (no pinned aws:PrincipalOrgID, aws:PrincipalArn, "
                             "aws:SourceArn, aws:SourceAccount or the like)",
                             st.label(), unrestricting_keys(st, now))});
    }
  }
  return out;
}

std::vector<Issue> check_oidc_trust(const PolicyDocument& doc, const OidcRequirements& req) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !st.principal || st.not_principal) {
      continue;
    }
    const auto fed = st.principal->by_type.find("Federated");
    if (fed == st.principal->by_type.end()) {
      continue;
    }
    bool github_checked = false;
    for (const std::string& id : fed->second) {
      const std::string issuer = issuer_of(id);
      if (issuer.empty()) {
        continue;
      }
      if (is_github_issuer(issuer, req.provider_host)) {
        if (!github_checked) {
          check_github_actions(st, out);
          github_checked = true;
        }
        check_github_claims(st, issuer, req, out);
      } else {
        check_identity_claims(st, issuer, out);
      }
    }
  }
  return out;
}

std::vector<Issue> check_assume_role_scope(const PolicyDocument& doc,
                                           const std::vector<std::string>& accounts) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !statement_covers_action(st, "sts:AssumeRole") ||
        st.principal) {
      continue;
    }
    if (!st.has_resource || st.not_resource) {
      out.push_back(
          {st.label(), st.not_resource ? "NotResource" : "*",
           fmt::format("statement {} allows sts:AssumeRole on {}", st.label(), resource_text(st))});
      continue;
    }
    for (const std::string& r : st.resources) {
      const std::string account = arn_account(r);
      if (r == "*" || account.empty() || has_wildcard(account) ||
          std::find(accounts.begin(), accounts.end(), account) == accounts.end()) {
        out.push_back({st.label(), r,
                       fmt::format("statement {} allows sts:AssumeRole on \"{}\", outside the "
                                   "allowed accounts",
                                   st.label(), detail::excerpt(r, 120))});
      }
    }
  }
  return out;
}

std::vector<Issue> check_trusted_accounts(const PolicyDocument& doc,
                                          const std::vector<std::string>& accounts) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !st.principal || st.not_principal) {
      continue;
    }
    const auto aws = st.principal->by_type.find("AWS");
    if (aws == st.principal->by_type.end()) {
      continue;
    }
    for (const std::string& id : aws->second) {
      if (id == "*") {
        continue;  // reported by check_wildcard_principal
      }
      const bool account_id = id.size() == 12 && std::all_of(id.begin(), id.end(), [](char c) {
                                return c >= '0' && c <= '9';
                              });
      const std::string account = account_id ? id : arn_account(id);
      if (account.empty() || has_wildcard(account) ||
          std::find(accounts.begin(), accounts.end(), account) == accounts.end()) {
        out.push_back({st.label(), id,
                       fmt::format("statement {} trusts \"{}\", outside the allowed accounts",
                                   st.label(), detail::excerpt(id, 120))});
      }
    }
  }
  return out;
}

std::vector<Issue> check_mfa_pattern(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow) {
      continue;
    }
    for (const Condition* c : st.conditions_on("aws:MultiFactorAuthPresent")) {
      if (c->base_operator == "Bool" && !c->if_exists &&
          std::find(c->values.begin(), c->values.end(), "false") != c->values.end()) {
        out.push_back({st.label(), "aws:MultiFactorAuthPresent",
                       fmt::format("statement {} allows when aws:MultiFactorAuthPresent is false, "
                                   "which does not hold when the key is absent; deny with "
                                   "BoolIfExists instead",
                                   st.label())});
      }
    }
  }
  return out;
}

std::vector<Issue> check_size(std::string_view text, std::size_t limit, const char* what) {
  const std::size_t size = non_whitespace_length(text);
  if (size <= limit) {
    return {};
  }
  return {{"", std::to_string(size),
           fmt::format("the {} has {} characters without white space, over AWS's limit of {}", what,
                       size, limit)}};
}

}  // namespace gate::iam
