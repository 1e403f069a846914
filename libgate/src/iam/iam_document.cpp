// Parsing IAM policy documents into gate::iam::PolicyDocument, with located errors.
#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "gate/iam.h"

#include "util/ascii.h"
#include "util/text_position.h"

namespace gate::iam {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 32;

struct Problem {
  std::string pointer;
  std::string message;
};

Unexpected invalid(const Problem& p) {
  Diagnostic d;
  d.code = "iam.invalid";
  d.message = p.message;
  d.location.json_pointer = p.pointer;
  return Unexpected{std::move(d)};
}

std::string child(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  detail::append_pointer_token(out, token);
  return out;
}

std::string scalar_text(const json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  return v.dump();
}

// A string or a list of strings, normalised to a list.
std::optional<Problem> string_list(const json& v, const std::string& pointer, const char* element,
                                   std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
    return std::nullopt;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return Problem{pointer + "/" + std::to_string(i),
                       fmt::format("{} entries must be strings", element)};
      }
      out.push_back(v[i].get<std::string>());
    }
    if (out.empty()) {
      return Problem{pointer, fmt::format("{} is an empty list", element)};
    }
    return std::nullopt;
  }
  return Problem{pointer, fmt::format("{} must be a string or a list of strings", element)};
}

std::optional<Problem> parse_principal(const json& v, const std::string& pointer, Principal& out) {
  if (v.is_string()) {
    if (v.get<std::string>() != "*") {
      return Problem{pointer, "a principal given as a string must be \"*\""};
    }
    out.everyone = true;
    return std::nullopt;
  }
  if (!v.is_object()) {
    return Problem{pointer, "Principal must be \"*\" or an object"};
  }
  static const std::set<std::string> kTypes = {"AWS", "Federated", "Service", "CanonicalUser"};
  for (const auto& item : v.items()) {
    if (kTypes.count(item.key()) == 0) {
      return Problem{child(pointer, item.key()),
                     fmt::format("unknown principal type \"{}\" (expected AWS, Federated, Service "
                                 "or CanonicalUser)",
                                 detail::excerpt(item.key()))};
    }
    if (auto p = string_list(item.value(), child(pointer, item.key()), "principal identifiers",
                             out.by_type[item.key()])) {
      return p;
    }
  }
  return std::nullopt;
}

std::optional<Problem> parse_conditions(const json& v, const std::string& pointer,
                                        std::vector<Condition>& out) {
  if (!v.is_object()) {
    return Problem{pointer, "Condition must be an object of operators"};
  }
  for (const auto& op : v.items()) {
    const std::string op_pointer = child(pointer, op.key());
    if (!op.value().is_object()) {
      return Problem{op_pointer, "a condition operator must map keys to values"};
    }
    Condition base;
    base.operator_name = op.key();
    std::string name = op.key();
    const auto colon = name.find(':');
    if (colon != std::string::npos) {
      base.qualifier = name.substr(0, colon);
      name = name.substr(colon + 1);
      if (base.qualifier != "ForAllValues" && base.qualifier != "ForAnyValue") {
        return Problem{op_pointer, fmt::format("unknown condition qualifier \"{}\"",
                                               detail::excerpt(base.qualifier))};
      }
    }
    constexpr std::string_view kIfExists = "IfExists";
    if (name.size() > kIfExists.size() &&
        name.compare(name.size() - kIfExists.size(), kIfExists.size(), kIfExists) == 0) {
      base.if_exists = true;
      name.resize(name.size() - kIfExists.size());
    }
    base.base_operator = name;
    for (const auto& key : op.value().items()) {
      Condition c = base;
      c.key = key.key();
      const json& values = key.value();
      const std::string key_pointer = child(op_pointer, key.key());
      if (values.is_array()) {
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (values[i].is_structured()) {
            return Problem{key_pointer + "/" + std::to_string(i),
                           "condition values must be strings, numbers or booleans"};
          }
          c.values.push_back(scalar_text(values[i]));
        }
      } else if (values.is_structured() || values.is_null()) {
        return Problem{key_pointer, "condition values must be strings, numbers or booleans"};
      } else {
        c.values.push_back(scalar_text(values));
      }
      out.push_back(std::move(c));
    }
  }
  return std::nullopt;
}

std::optional<Problem> parse_statement(const json& v, std::size_t index, const std::string& pointer,
                                       Statement& st) {
  if (!v.is_object()) {
    return Problem{pointer, "a statement must be an object"};
  }
  st.index = index;
  static const std::vector<std::string> kElements = {"Sid",          "Effect",      "Principal",
                                                     "NotPrincipal", "Action",      "NotAction",
                                                     "Resource",     "NotResource", "Condition"};
  for (const auto& item : v.items()) {
    if (std::find(kElements.begin(), kElements.end(), item.key()) == kElements.end()) {
      return Problem{child(pointer, item.key()),
                     fmt::format("unknown statement element \"{}\"", detail::excerpt(item.key()))};
    }
  }
  const auto has = [&](const char* k) { return v.contains(k); };
  if (has("Sid")) {
    if (!v["Sid"].is_string()) {
      return Problem{pointer + "/Sid", "Sid must be a string"};
    }
    st.sid = v["Sid"].get<std::string>();
  }
  if (!has("Effect") || !v["Effect"].is_string() ||
      (v["Effect"] != "Allow" && v["Effect"] != "Deny")) {
    return Problem{has("Effect") ? pointer + "/Effect" : pointer,
                   "Effect must be \"Allow\" or \"Deny\""};
  }
  st.effect = v["Effect"] == "Allow" ? Effect::kAllow : Effect::kDeny;
  if (has("Action") == has("NotAction")) {
    return Problem{pointer, has("Action") ? "a statement cannot have both Action and NotAction"
                                          : "a statement needs Action or NotAction"};
  }
  st.not_action = has("NotAction");
  const char* action_key = st.not_action ? "NotAction" : "Action";
  if (auto p = string_list(v[action_key], child(pointer, action_key), action_key, st.actions)) {
    return p;
  }
  if (has("Resource") && has("NotResource")) {
    return Problem{pointer, "a statement cannot have both Resource and NotResource"};
  }
  if (has("Resource") || has("NotResource")) {
    st.has_resource = true;
    st.not_resource = has("NotResource");
    const char* key = st.not_resource ? "NotResource" : "Resource";
    if (auto p = string_list(v[key], child(pointer, key), key, st.resources)) {
      return p;
    }
  }
  if (has("Principal") && has("NotPrincipal")) {
    return Problem{pointer, "a statement cannot have both Principal and NotPrincipal"};
  }
  if (has("Principal") || has("NotPrincipal")) {
    st.not_principal = has("NotPrincipal");
    const char* key = st.not_principal ? "NotPrincipal" : "Principal";
    st.principal.emplace();
    if (auto p = parse_principal(v[key], child(pointer, key), *st.principal)) {
      return p;
    }
  }
  if (has("Condition")) {
    if (auto p = parse_conditions(v["Condition"], pointer + "/Condition", st.conditions)) {
      return p;
    }
  }
  return std::nullopt;
}

}  // namespace

bool Principal::is_wildcard() const {
  if (everyone) {
    return true;
  }
  const auto aws = by_type.find("AWS");
  if (aws == by_type.end()) {
    return false;
  }
  return std::any_of(aws->second.begin(), aws->second.end(), [](const std::string& id) {
    return id == "*" || id == "arn:aws:iam::*:root";
  });
}

bool Condition::negated() const {
  static const std::vector<std::string> kNegated = {"StringNotEquals", "StringNotEqualsIgnoreCase",
                                                    "StringNotLike",   "NumericNotEquals",
                                                    "DateNotEquals",   "NotIpAddress",
                                                    "ArnNotEquals",    "ArnNotLike"};
  return std::find(kNegated.begin(), kNegated.end(), base_operator) != kNegated.end();
}

std::string Statement::label() const {
  return sid.empty() ? fmt::format("#{}", index) : fmt::format("\"{}\"", sid);
}

std::vector<const Condition*> Statement::conditions_on(std::string_view key) const {
  std::vector<const Condition*> out;
  for (const Condition& c : conditions) {
    if (detail::ascii_iequals(c.key, key)) {
      out.push_back(&c);
    }
  }
  return out;
}

Expected<PolicyDocument> parse_policy_json(const json& document) {
  if (!document.is_object()) {
    return invalid({"", "a policy document must be a JSON object"});
  }
  PolicyDocument doc;
  for (const auto& item : document.items()) {
    if (item.key() != "Version" && item.key() != "Id" && item.key() != "Statement") {
      return invalid({child("", item.key()),
                      fmt::format("unknown policy element \"{}\"", detail::excerpt(item.key()))});
    }
  }
  if (document.contains("Version")) {
    if (!document["Version"].is_string()) {
      return invalid({"/Version", "Version must be a string"});
    }
    doc.version = document["Version"].get<std::string>();
  }
  if (document.contains("Id") && document["Id"].is_string()) {
    doc.id = document["Id"].get<std::string>();
  }
  if (!document.contains("Statement")) {
    return invalid({"", "the policy has no Statement"});
  }
  const json& statements = document["Statement"];
  if (statements.is_object()) {
    Statement st;
    if (auto p = parse_statement(statements, 0, "/Statement", st)) {
      return invalid(*p);
    }
    doc.statements.push_back(std::move(st));
  } else if (statements.is_array()) {
    std::set<std::string> sids;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      Statement st;
      const std::string pointer = "/Statement/" + std::to_string(i);
      if (auto p = parse_statement(statements[i], i, pointer, st)) {
        return invalid(*p);
      }
      if (!st.sid.empty() && !sids.insert(st.sid).second) {
        return invalid({pointer + "/Sid", fmt::format("Sid \"{}\" is used by more than one "
                                                      "statement",
                                                      detail::excerpt(st.sid))});
      }
      doc.statements.push_back(std::move(st));
    }
  } else {
    return invalid({"/Statement", "Statement must be an object or a list of objects"});
  }
  return doc;
}

Expected<PolicyDocument> parse_policy(std::string_view text) {
  // Duplicate element names are invalid in IAM; JSON parsers keep only one, so they are
  // detected while parsing, object by object.
  std::vector<std::set<std::string>> keys;
  std::optional<std::string> duplicate;
  json document;
  try {
    const auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
      if (depth > kMaxDepth) {
        throw std::length_error("depth");
      }
      if (event == json::parse_event_t::object_start) {
        keys.emplace_back();
      } else if (event == json::parse_event_t::object_end) {
        keys.pop_back();
      } else if (event == json::parse_event_t::key && !keys.empty() &&
                 !keys.back().insert(parsed.get<std::string>()).second && !duplicate) {
        duplicate = parsed.get<std::string>();
      }
      return true;
    };
    document = json::parse(text.begin(), text.end(), callback);
  } catch (const std::length_error&) {
    Diagnostic d;
    d.code = "iam.too-deep";
    d.message = fmt::format("the policy document is nested deeper than {} levels", kMaxDepth);
    return Unexpected{std::move(d)};
  } catch (const std::exception&) {
    Diagnostic d;
    d.code = "iam.not-json";
    d.message = "the policy document is not valid JSON";
    return Unexpected{std::move(d)};
  }
  if (duplicate) {
    return invalid({"", fmt::format("element \"{}\" appears twice in one object",
                                    detail::excerpt(*duplicate))});
  }
  return parse_policy_json(document);
}

}  // namespace gate::iam
