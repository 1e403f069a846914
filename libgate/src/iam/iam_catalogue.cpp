// Reading the shipped IAM data files (gate/iam_catalogue.h).
#include "gate/iam_catalogue.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gate::iam {
namespace {

using json = nlohmann::json;

Unexpected catalogue_error(std::string message) {
  Diagnostic d;
  d.code = "iam.catalogue";
  d.message = std::move(message);
  return Unexpected{std::move(d)};
}

bool is_string(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() &&
         !object[key].get_ref<const std::string&>().empty();
}

// "service:Action": one colon, a service of lower-case letters, digits and dashes.
bool valid_action(const std::string& action) {
  const auto colon = action.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == action.size() ||
      action.find(':', colon + 1) != std::string::npos) {
    return false;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = action[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

json parse_json(std::string_view text) {
  return json::parse(text.begin(), text.end(), nullptr, false);
}

template <typename T>
const T& loaded_or_stop(const Expected<T>& loaded, const char* what) {
  if (!loaded) {
    std::fprintf(stderr, "libgate: the shipped %s is broken: %s\n", what,
                 loaded.error().front().message.c_str());
    std::abort();
  }
  return *loaded;
}

}  // namespace

Expected<std::vector<EscalationPath>> parse_escalation_catalogue(std::string_view text) {
  const json root = parse_json(text);
  if (root.is_discarded() || !root.is_object()) {
    return catalogue_error("the escalation catalogue is not a JSON object");
  }
  if (!root.contains("sources") || !root["sources"].is_object() || !root.contains("paths") ||
      !root["paths"].is_array() || !root.contains("version") || !root["version"].is_number_integer()) {
    return catalogue_error("the escalation catalogue needs \"version\", \"sources\" and \"paths\"");
  }
  std::vector<EscalationPath> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < root["paths"].size(); ++i) {
    const json& p = root["paths"][i];
    if (!is_string(p, "id") || !is_string(p, "summary") || !p.contains("actions") ||
        !p["actions"].is_array() || p["actions"].empty() || !p.contains("source") ||
        !p["source"].is_array() || p["source"].empty()) {
      return catalogue_error(fmt::format("path {} needs \"id\", \"summary\", \"actions\" and \"source\"", i));
    }
    EscalationPath path;
    path.name = p["id"].get<std::string>();
    path.summary = p["summary"].get<std::string>();
    if (!ids.insert(path.name).second) {
      return catalogue_error(fmt::format("path id \"{}\" is used twice", path.name));
    }
    for (const json& s : p["source"]) {
      const std::string ref = s.is_string() ? s.get<std::string>() : "";
      const std::string key = ref.substr(0, ref.find(':'));
      if (key.empty() || !root["sources"].contains(key)) {
        return catalogue_error(fmt::format("path \"{}\" cites an unknown source \"{}\"", path.name, ref));
      }
      path.sources.push_back(ref);
    }
    for (const json& a : p["actions"]) {
      if (!is_string(a, "action") || !is_string(a, "resource") || !is_string(a, "scope")) {
        return catalogue_error(fmt::format("an action of path \"{}\" needs \"action\", \"resource\" and \"scope\"", path.name));
      }
      EscalationAction action;
      action.action = a["action"].get<std::string>();
      action.resource = a["resource"].get<std::string>();
      const std::string scope = a["scope"].get<std::string>();
      if (!valid_action(action.action)) {
        return catalogue_error(fmt::format("path \"{}\": \"{}\" is not service:Action", path.name, action.action));
      }
      if (scope != "wildcard" && scope != "any") {
        return catalogue_error(fmt::format("path \"{}\": scope must be \"wildcard\" or \"any\"", path.name));
      }
      action.wildcard_only = scope == "wildcard";
      path.actions.push_back(std::move(action));
    }
    out.push_back(std::move(path));
  }
  return out;
}

Expected<std::vector<ManagedPolicy>> parse_managed_policies(std::string_view text) {
  const json root = parse_json(text);
  if (root.is_discarded() || !root.is_object() || !root.contains("policies") ||
      !root["policies"].is_array() || !root.contains("version")) {
    return catalogue_error("the managed-policy table needs \"version\" and \"policies\"");
  }
  std::vector<ManagedPolicy> out;
  std::set<std::string> arns;
  for (const json& p : root["policies"]) {
    if (!is_string(p, "name") || !is_string(p, "arn") || !is_string(p, "source") ||
        !p.contains("document")) {
      return catalogue_error("each managed policy needs \"name\", \"arn\", \"source\" and \"document\"");
    }
    ManagedPolicy policy;
    policy.name = p["name"].get<std::string>();
    policy.arn = p["arn"].get<std::string>();
    policy.source = p["source"].get<std::string>();
    if (policy.arn.rfind("arn:aws:iam::aws:policy/", 0) != 0) {
      return catalogue_error(fmt::format("\"{}\" is not an AWS managed policy ARN", policy.arn));
    }
    if (!arns.insert(policy.arn).second) {
      return catalogue_error(fmt::format("\"{}\" is listed twice", policy.arn));
    }
    auto doc = parse_policy_json(p["document"]);
    if (!doc) {
      return catalogue_error(fmt::format("the document of {} is not a valid policy: {}", policy.name,
                                         doc.error().front().message));
    }
    policy.document = std::move(*doc);
    out.push_back(std::move(policy));
  }
  return out;
}

const std::vector<EscalationPath>& default_escalation_paths() {
  static const Expected<std::vector<EscalationPath>> loaded =
      parse_escalation_catalogue(escalation_catalogue_text());
  return loaded_or_stop(loaded, "escalation catalogue");
}

const std::vector<ManagedPolicy>& default_managed_policies() {
  static const Expected<std::vector<ManagedPolicy>> loaded =
      parse_managed_policies(managed_policies_text());
  return loaded_or_stop(loaded, "managed-policy table");
}

const ManagedPolicy* find_managed_policy(std::string_view arn) {
  for (const ManagedPolicy& p : default_managed_policies()) {
    if (p.arn == arn) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace gate::iam
