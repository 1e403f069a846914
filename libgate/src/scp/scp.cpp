// Reading SCPs and their attachments from a plan, and the SCP guardrail checks.
#include "gate/scp.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "plan/configuration.h"
#include "util/ascii.h"

namespace gate::scp {
namespace {

using json = nlohmann::json;

std::string strip_index(const std::string& address) {
  return address.back() == ']' ? address.substr(0, address.rfind('[')) : address;
}

bool unknown(const json& after_unknown, const char* key) {
  return after_unknown.is_object() && after_unknown.value(key, false) == true;
}

std::string key_of(const ResourceChange& rc, const json& after, const json& after_unknown) {
  if (after.contains("id") && after["id"].is_string() && !unknown(after_unknown, "id")) {
    return after["id"].get<std::string>();
  }
  return "ref:" + strip_index(rc.address);
}

bool exists_after(const ResourceChange& rc) {
  return rc.action != Action::kDelete && rc.action != Action::kForget;
}

// The resource pattern `inner` lies within `outer` (glob over glob, treating inner literally).
bool within(const std::string& outer, const std::string& inner) {
  return inner != "*" && iam::arn_matches(outer, inner);
}

// True when a principal exemption lets every role and every user through (a role session's
// aws:PrincipalArn is its role's ARN, so sessions are covered with the roles).
bool exempts_everyone(const iam::Condition& c) {
  const bool like = c.base_operator == "ArnNotLike" || c.base_operator == "StringNotLike";
  const auto covers = [&](const char* every) {
    return std::any_of(c.values.begin(), c.values.end(), [&](const std::string& v) {
      return like ? (v == "*" || iam::arn_matches(v, every)) : false;
    });
  };
  return covers("arn:aws:iam::*:role/*") && covers("arn:aws:iam::*:user/*");
}

// A Deny that would be the guard but whose exemptions cover every principal guards nothing;
// `exempts_all` is then set.
bool satisfies(const iam::Statement& st, const Guard& guard, bool* exempts_all = nullptr) {
  if (st.effect != iam::Effect::kDeny) {
    return false;
  }
  for (const std::string& action : guard.actions) {
    if (!iam::statement_covers_action(st, action)) {
      return false;
    }
  }
  if (!guard.resource_within.empty()) {
    if (!st.has_resource || st.not_resource || st.resources.empty() ||
        !std::all_of(st.resources.begin(), st.resources.end(),
                     [&](const std::string& r) { return within(guard.resource_within, r); })) {
      return false;
    }
  } else if (!st.has_resource || st.not_resource ||
             std::find(st.resources.begin(), st.resources.end(), "*") == st.resources.end()) {
    return false;  // a guard without a resource scope must deny on every resource
  }
  // Conditions other than the guard's own key narrow the Deny; only exemptions of named
  // principals (break-glass roles) keep it a guard.
  for (const iam::Condition& c : st.conditions) {
    const bool own_key =
        !guard.condition_key.empty() && detail::ascii_iequals(c.key, guard.condition_key);
    const bool principal_exemption =
        detail::ascii_iequals(c.key, "aws:PrincipalArn") &&
        (c.base_operator == "ArnNotLike" || c.base_operator == "ArnNotEquals" ||
         c.base_operator == "StringNotLike" || c.base_operator == "StringNotEquals");
    if (!own_key && !principal_exemption) {
      return false;
    }
  }
  for (const iam::Condition& c : st.conditions) {
    if (detail::ascii_iequals(c.key, "aws:PrincipalArn") && exempts_everyone(c)) {
      if (exempts_all != nullptr) {
        *exempts_all = true;
      }
      return false;
    }
  }
  if (!guard.condition_key.empty()) {
    const auto conditions = st.conditions_on(guard.condition_key);
    const bool ok = std::any_of(conditions.begin(), conditions.end(), [&](const iam::Condition* c) {
      const bool string_negation = c->base_operator == "StringNotEquals" ||
                                   c->base_operator == "StringNotEqualsIgnoreCase" ||
                                   c->base_operator == "StringNotLike";
      return string_negation && c->qualifier.empty() && !c->values.empty() &&
             std::all_of(c->values.begin(), c->values.end(), [&](const std::string& v) {
               return std::find(guard.allowed_values.begin(), guard.allowed_values.end(), v) !=
                      guard.allowed_values.end();
             });
    });
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

Expected<Organization> read_organization(const Plan& plan) {
  Organization org;
  auto configuration = plan.materialise(plan.configuration);
  if (!configuration) {
    return Unexpected{configuration.error()};
  }
  for (const ResourceChange& rc : plan.resource_changes) {
    if (!rc.managed || !exists_after(rc)) {
      continue;
    }
    const bool wanted =
        rc.type == "aws_organizations_policy" || rc.type == "aws_organizations_policy_attachment" ||
        rc.type == "aws_organizations_organizational_unit" ||
        rc.type == "aws_organizations_organization" || rc.type == "aws_organizations_account";
    if (!wanted) {
      continue;
    }
    auto after = plan.materialise(rc.after);
    auto after_unknown = plan.materialise(rc.after_unknown);
    if (!after) {
      return Unexpected{after.error()};
    }
    if (!after_unknown) {
      return Unexpected{after_unknown.error()};
    }
    const json a = after->is_object() ? *after : json::object();
    const json u = *after_unknown;
    if (rc.type == "aws_organizations_policy") {
      const std::string type = a.value("type", "SERVICE_CONTROL_POLICY");
      if (!a.contains("type") && !unknown(u, "type")) {
        // The provider's default type.
      } else if (type != "SERVICE_CONTROL_POLICY") {
        continue;
      }
      Policy p;
      p.address = rc.address;
      p.key = key_of(rc, a, u);
      p.content_unknown =
          unknown(u, "content") || !a.contains("content") || !a["content"].is_string();
      if (!p.content_unknown) {
        p.content = a["content"].get<std::string>();
        auto doc = iam::parse_policy(p.content);
        if (doc) {
          p.document = std::move(*doc);
        } else {
          const Diagnostic& d = doc.error().front();
          p.parse_error = d.location.json_pointer.empty()
                              ? d.message
                              : fmt::format("{} (at {})", d.message, d.location.json_pointer);
        }
      }
      org.policies.push_back(std::move(p));
    } else if (rc.type == "aws_organizations_policy_attachment") {
      Attachment at;
      at.address = rc.address;
      const auto resolve = [&](const char* attr) -> std::string {
        if (a.contains(attr) && a[attr].is_string() && !unknown(u, attr)) {
          return a[attr].get<std::string>();
        }
        auto ref = detail::configured_reference(*configuration, rc, attr);
        return ref ? *ref : "unknown:" + rc.address + "." + attr;
      };
      at.policy_key = resolve("policy_id");
      at.target_key = resolve("target_id");
      org.attachments.push_back(std::move(at));
    } else if (rc.type == "aws_organizations_organization") {
      // Its root's id is known only through `roots`; references to the root read
      // "aws_organizations_organization.<name>" in the configuration.
      Target t{rc.address, "ref:" + strip_index(rc.address), "root"};
      org.targets.push_back(t);
      if (a.contains("roots") && a["roots"].is_array()) {
        for (const json& root : a["roots"]) {
          if (root.is_object() && root.contains("id") && root["id"].is_string()) {
            org.targets.push_back({rc.address, root["id"].get<std::string>(), "root"});
          }
        }
      }
    } else {
      org.targets.push_back({rc.address, key_of(rc, a, u), a.value("name", "")});
    }
  }
  return org;
}

std::vector<Issue> check_documents(const Organization& org, std::size_t max_bytes) {
  std::vector<Issue> out;
  for (const Policy& p : org.policies) {
    if (p.content_unknown) {
      out.push_back({p.address,
                     {"", "content",
                      "the SCP's content is known only after apply, so it cannot be "
                      "checked"}});
      continue;
    }
    if (p.content.size() > max_bytes) {
      out.push_back({p.address,
                     {"", std::to_string(p.content.size()),
                      fmt::format("the SCP is {} bytes as written, over the limit of "
                                  "{} bytes",
                                  p.content.size(), max_bytes)}});
    }
    if (!p.document) {
      out.push_back(
          {p.address,
           {"", "content", fmt::format("the SCP is not a valid policy: {}", p.parse_error)}});
      continue;
    }
    for (const iam::Statement& st : p.document->statements) {
      if (st.principal) {
        out.push_back({p.address,
                       {st.label(), st.not_principal ? "NotPrincipal" : "Principal",
                        fmt::format("statement {} uses {}, which SCPs do not support", st.label(),
                                    st.not_principal ? "NotPrincipal" : "Principal")}});
      }
    }
  }
  return out;
}

std::vector<Issue> check_attachment_counts(const Organization& org, std::size_t limit,
                                           std::size_t implicit) {
  std::map<std::string, std::set<std::string>> by_target;
  std::map<std::string, std::string> first_address;
  for (const Attachment& at : org.attachments) {
    by_target[at.target_key].insert(at.policy_key + "|" + at.address);
    first_address.emplace(at.target_key, at.address);
  }
  std::vector<Issue> out;
  for (const auto& [target, attached] : by_target) {
    const std::size_t count = attached.size() + implicit;
    if (count > limit) {
      std::string name = target.rfind("ref:", 0) == 0 ? target.substr(4) : target;
      for (const Target& t : org.targets) {
        if (t.key == target) {
          name = t.address;
        }
      }
      out.push_back({name,
                     {"", std::to_string(count),
                      fmt::format("{} SCPs would be attached directly to {} ({} in this "
                                  "configuration, {} attached by AWS), over the limit of {}",
                                  count, name, attached.size(), implicit, limit)}});
    }
  }
  return out;
}

std::vector<Issue> check_required_guards(const Organization& org, const std::string& governed_name,
                                         const std::vector<Guard>& guards) {
  std::vector<Issue> out;
  std::set<std::string> root_keys;
  for (const Target& t : org.targets) {
    if (t.name == "root") {
      root_keys.insert(t.key);
    }
  }
  bool found = false;
  for (const Target& ou : org.targets) {
    if (ou.name != governed_name || ou.name == "root") {
      continue;
    }
    found = true;
    std::set<std::string> policy_keys;
    for (const Attachment& at : org.attachments) {
      if (at.target_key == ou.key || root_keys.count(at.target_key) != 0) {
        policy_keys.insert(at.policy_key);
      }
    }
    std::vector<const iam::Statement*> statements;
    for (const Policy& p : org.policies) {
      if (policy_keys.count(p.key) != 0 && p.document) {
        for (const iam::Statement& st : p.document->statements) {
          statements.push_back(&st);
        }
      }
    }
    for (const Guard& g : guards) {
      // When no statement covers the guard, every one was tried: exempts_all then says whether
      // one would have, but for exemptions of every principal.
      bool exempts_all = false;
      const bool covered =
          std::any_of(statements.begin(), statements.end(),
                      [&](const iam::Statement* st) { return satisfies(*st, g, &exempts_all); });
      if (!covered) {
        std::string actions;
        for (const std::string& a : g.actions) {
          actions += (actions.empty() ? "" : ", ") + a;
        }
        out.push_back({ou.address,
                       {"", g.name,
                        fmt::format("no SCP attached to {} (or to the root) denies {} "
                                    "({}){}",
                                    ou.address, g.name, actions,
                                    exempts_all ? ": the Deny that would is conditioned on "
                                                  "aws:PrincipalArn exemptions that cover every "
                                                  "role and user, so it guards nothing"
                                                : "")}});
      }
    }
  }
  if (!found) {
    out.push_back({"",
                   {"", governed_name,
                    fmt::format("the plan has no organizational unit named \"{}\" to check",
                                governed_name)}});
  }
  return out;
}

}  // namespace gate::scp
