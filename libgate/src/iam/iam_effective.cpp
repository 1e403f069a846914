// Allow statements less their document's unconditional Deny statements (gate/iam_effective.h).
#include "gate/iam_effective.h"

#include <algorithm>

#include "gate/iam_conditions.h"

namespace gate::iam {
namespace {

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// A Deny that applies to whoever the Allow serves: no principal (identity policies) or "*".
bool applies_to_everyone(const Statement& deny) {
  return !deny.principal || (!deny.not_principal && deny.principal->is_wildcard());
}

// True when every action `pattern` names is denied by `deny`.
bool denies_action_pattern(const Statement& deny, const std::string& pattern) {
  if (deny.not_action) {
    // Every action except those listed: covered when no listed pattern can name one of them.
    return std::none_of(deny.actions.begin(), deny.actions.end(), [&](const std::string& listed) {
      return globs_intersect(listed, pattern, true);
    });
  }
  // The pattern's own wildcards are taken literally: "iam:*" is covered by "iam:*" or "*",
  // not by "iam:Create*".
  return std::any_of(deny.actions.begin(), deny.actions.end(), [&](const std::string& d) {
    return d == "*" || glob_match(d, pattern, true);
  });
}

bool denies_all_actions(const Statement& deny, const Statement& allow) {
  if (allow.not_action) {
    return !deny.not_action &&
           std::any_of(deny.actions.begin(), deny.actions.end(),
                       [](const std::string& d) { return d == "*"; });
  }
  return std::all_of(allow.actions.begin(), allow.actions.end(),
                     [&](const std::string& a) { return denies_action_pattern(deny, a); });
}

bool denies_every_resource(const Statement& deny) {
  return !deny.has_resource ||
         (!deny.not_resource && std::any_of(deny.resources.begin(), deny.resources.end(),
                                            [](const std::string& r) { return r == "*"; }));
}

bool denies_resource(const Statement& deny, const std::string& resource) {
  if (denies_every_resource(deny)) {
    return true;
  }
  if (deny.not_resource) {
    return !has_wildcard(resource) &&
           std::none_of(deny.resources.begin(), deny.resources.end(),
                        [&](const std::string& r) { return arn_matches(r, resource); });
  }
  return std::any_of(deny.resources.begin(), deny.resources.end(),
                     [&](const std::string& r) { return arn_matches(r, resource); });
}

bool denies_all_resources(const Statement& deny, const Statement& allow) {
  if (denies_every_resource(deny)) {
    return true;
  }
  if (!allow.has_resource || allow.not_resource) {
    return false;
  }
  return std::all_of(allow.resources.begin(), allow.resources.end(),
                     [&](const std::string& r) { return denies_resource(deny, r); });
}

}  // namespace

PolicyDocument effective_permissions(const PolicyDocument& doc, std::string_view now) {
  std::vector<const Statement*> denies;
  for (const Statement& st : doc.statements) {
    if (st.effect == Effect::kDeny && st.conditions.empty() && applies_to_everyone(st)) {
      denies.push_back(&st);
    }
  }
  PolicyDocument out;
  out.version = doc.version;
  out.id = doc.id;
  for (const Statement& st : doc.statements) {
    if (st.effect != Effect::kAllow) {
      continue;
    }
    if (never_holds(st, now)) {
      continue;
    }
    Statement allow = st;
    bool removed = false;
    for (const Statement* deny : denies) {
      const bool all_actions = denies_all_actions(*deny, allow);
      const bool all_resources = denies_all_resources(*deny, allow);
      if (all_actions && all_resources) {
        removed = true;
        break;
      }
      if (all_resources && !deny->not_action) {
        allow.denied_actions.insert(allow.denied_actions.end(), deny->actions.begin(),
                                    deny->actions.end());
      } else if (all_actions && allow.has_resource && !allow.not_resource) {
        allow.resources.erase(std::remove_if(allow.resources.begin(), allow.resources.end(),
                                             [&](const std::string& r) {
                                               return denies_resource(*deny, r);
                                             }),
                              allow.resources.end());
        if (allow.resources.empty()) {
          removed = true;
          break;
        }
      }
    }
    // Several Denies may each take part of the actions and together all of them.
    if (!removed && !allow.not_action && !allow.denied_actions.empty()) {
      Statement union_of_denies;
      union_of_denies.actions = allow.denied_actions;
      removed = denies_all_actions(union_of_denies, allow);
    }
    if (!removed) {
      out.statements.push_back(std::move(allow));
    }
  }
  for (const Statement& st : doc.statements) {
    if (st.effect == Effect::kDeny) {
      out.statements.push_back(st);
    }
  }
  return out;
}

}  // namespace gate::iam
