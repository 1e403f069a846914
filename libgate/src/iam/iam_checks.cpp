// The IAM security checks behind gate/iam_checks.h.
#include "gate/iam_checks.h"

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

// True when some Allow grants `action`; with `unscoped`, only grants on every resource count.
bool allowed(const PolicyDocument& doc, std::string_view action, bool unscoped) {
  bool granted = false;
  for (const Statement& st : doc.statements) {
    if (!statement_covers_action(st, action)) {
      continue;
    }
    if (st.effect == Effect::kDeny) {
      if (st.conditions.empty() && is_every_resource(st) && !st.not_resource) {
        return false;  // an unconditional Deny on everything removes it for good
      }
      continue;
    }
    if (!unscoped || is_every_resource(st)) {
      granted = true;
    }
  }
  return granted;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

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

bool is_github_provider(const Statement& st, const OidcRequirements& req) {
  if (!st.principal || st.not_principal) {
    return false;
  }
  const auto fed = st.principal->by_type.find("Federated");
  if (fed == st.principal->by_type.end()) {
    return false;
  }
  return std::any_of(fed->second.begin(), fed->second.end(), [&](const std::string& id) {
    return id.find(req.provider_host) != std::string::npos;
  });
}

}  // namespace

const std::vector<EscalationPath>& default_escalation_paths() {
  static const std::vector<EscalationPath> paths = {
      {"CreateAccessKey", {"iam:CreateAccessKey"}, true},
      {"CreateLoginProfile", {"iam:CreateLoginProfile"}, true},
      {"UpdateLoginProfile", {"iam:UpdateLoginProfile"}, true},
      {"CreateNewPolicyVersion", {"iam:CreatePolicyVersion"}, true},
      {"SetExistingDefaultPolicyVersion", {"iam:SetDefaultPolicyVersion"}, true},
      {"AttachUserPolicy", {"iam:AttachUserPolicy"}, true},
      {"AttachGroupPolicy", {"iam:AttachGroupPolicy"}, true},
      {"AttachRolePolicy", {"iam:AttachRolePolicy", "sts:AssumeRole"}, false},
      {"PutUserPolicy", {"iam:PutUserPolicy"}, true},
      {"PutGroupPolicy", {"iam:PutGroupPolicy"}, true},
      {"PutRolePolicy", {"iam:PutRolePolicy", "sts:AssumeRole"}, false},
      {"AddUserToGroup", {"iam:AddUserToGroup"}, true},
      {"UpdateRolePolicyToAssumeIt", {"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"}, false},
      {"CreateEC2WithExistingInstanceProfile", {"iam:PassRole", "ec2:RunInstances"}, false},
      {"PassExistingRoleToNewLambdaThenInvoke",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"},
       false},
      {"PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping",
        "dynamodb:CreateTable", "dynamodb:PutItem"},
       false},
      {"PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"},
       false},
      {"PassExistingRoleToNewGlueDevEndpoint", {"iam:PassRole", "glue:CreateDevEndpoint"}, false},
      {"PassExistingRoleToCloudFormation", {"iam:PassRole", "cloudformation:CreateStack"}, false},
      {"PassExistingRoleToNewDataPipeline", {"iam:PassRole", "datapipeline:CreatePipeline"}, false},
      {"UpdateExistingGlueDevEndpoint", {"glue:UpdateDevEndpoint"}, true},
      {"EditExistingLambdaFunctionWithRole", {"lambda:UpdateFunctionCode"}, true},
  };
  return paths;
}

std::vector<Issue> check_admin_wildcard(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || st.not_action) {
      continue;
    }
    for (const std::string& a : st.actions) {
      if ((a == "*" || a == "*:*") && is_every_resource(st)) {
        out.push_back({st.label(), a,
                       fmt::format("statement {} allows every action (\"{}\") on {}", st.label(), a,
                                   resource_text(st))});
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
    if (st.effect == Effect::kAllow && statement_covers_action(st, "iam:PassRole") &&
        is_every_resource(st)) {
      out.push_back({st.label(), "iam:PassRole",
                     fmt::format("statement {} allows iam:PassRole on {}, so any role can be "
                                 "handed to a service",
                                 st.label(), resource_text(st))});
    }
  }
  return out;
}

std::vector<Issue> check_privilege_escalation(const PolicyDocument& doc,
                                              const std::vector<EscalationPath>& paths) {
  std::vector<std::string> names, described;
  for (const EscalationPath& path : paths) {
    const bool complete =
        std::all_of(path.actions.begin(), path.actions.end(),
                    [&](const std::string& a) { return allowed(doc, a, path.unscoped_only); });
    if (complete) {
      names.push_back(path.name);
      described.push_back(fmt::format("{} ({})", path.name, join(path.actions)));
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

std::vector<Issue> check_wildcard_principal(const PolicyDocument& doc) {
  std::vector<Issue> out;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !st.principal) {
      continue;
    }
    if (st.not_principal) {
      out.push_back({st.label(), "NotPrincipal",
                     fmt::format("statement {} uses NotPrincipal with Allow, which lets in every "
                                 "principal not listed",
                                 st.label())});
    } else if (st.principal->is_wildcard() && st.conditions.empty()) {
      out.push_back({st.label(), "*",
                     fmt::format("statement {} lets any principal (\"*\") in without a condition",
                                 st.label())});
    }
  }
  return out;
}

std::vector<Issue> check_oidc_trust(const PolicyDocument& doc, const OidcRequirements& req) {
  std::vector<Issue> out;
  const std::string aud_key = req.provider_host + ":aud";
  const std::string sub_key = req.provider_host + ":sub";
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow || !is_github_provider(st, req)) {
      continue;
    }
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
      continue;
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
