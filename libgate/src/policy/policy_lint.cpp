// Lint checks of a rule against the AWS provider schema and its own selections.
#include "policy/policy_lint.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "policy/aws_schema.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"
#include "util/edit_distance.h"

namespace gate::detail {
namespace {

// The types and mode that apply to a path inside a rule: from the nearest object declaring
// `types` (an allow or protect entry), else the rule's `match`.
struct Scope {
  std::vector<std::string> types;
  std::string mode;  // "managed", "data" or empty
};

bool glob_matches(std::string_view glob, std::string_view name) {
  // '*' matches any run of characters; everything else literally.
  std::size_t g = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = n;
    } else if (g < glob.size() && glob[g] == name[n]) {
      ++g;
      ++n;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') {
    ++g;
  }
  return g == glob.size();
}

std::optional<std::vector<std::string>> string_list(const nlohmann::json& node) {
  if (!node.is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const nlohmann::json& element : node) {
    if (element.is_string()) {
      out.push_back(element.get<std::string>());
    }
  }
  return out;
}

Scope scope_of(const nlohmann::json& object, Scope inherited) {
  if (const auto types = object.find("types"); types != object.end()) {
    if (auto list = string_list(*types)) {
      inherited.types = std::move(*list);
    }
  }
  if (const auto mode = object.find("mode"); mode != object.end() && mode->is_string()) {
    inherited.mode = mode->get<std::string>();
  }
  return inherited;
}

void check_types(const nlohmann::json& list, const std::string& pointer, const std::string& mode,
                 Checker& checker) {
  const AwsSchema& schema = AwsSchema::get();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) {
      continue;
    }
    const std::string type = list[i].get<std::string>();
    const std::string at = child_pointer(pointer, i);
    if (type.find('_') == std::string::npos && type.find('*') == std::string::npos) {
      checker.error("matches-nothing",
                    fmt::format("\"{}\" is not a resource type: types are named "
                                "<provider>_<name>, so this selects no change",
                                type),
                    at);
      continue;
    }
    if (!is_aws_type_name(type)) {
      continue;  // another provider: its schema is not shipped
    }
    if (type.find('*') != std::string::npos) {
      const auto& names = schema.names();
      if (std::none_of(names.begin(), names.end(),
                       [&](std::string_view name) { return glob_matches(type, name); })) {
        checker.error("unknown-type",
                      fmt::format("\"{}\" matches no resource or data source type of {}", type,
                                  schema.provider()),
                      at);
      }
      continue;
    }
    const AwsType* known = schema.find(type);
    if (known == nullptr) {
      checker.error(
          "unknown-type",
          fmt::format("{} has no resource or data source type \"{}\"", schema.provider(), type), at,
          {suggestion_note(type, schema.names())});
    } else if (mode == "managed" && !known->resource) {
      checker.error(
          "matches-nothing",
          fmt::format("{} is a data source, and this selects managed resources only", type), at);
    } else if (mode == "data" && !known->data) {
      checker.error("matches-nothing",
                    fmt::format("{} is a managed resource type, and this selects data sources "
                                "only",
                                type),
                    at);
    }
  }
}

// `each_type`: every matched type must have the attribute (an assertion that needs the value,
// such as exists or equals, can never hold on a type without it); otherwise one type having it
// is enough (absent and not-equals hold by absence on the others).
void check_path(const std::string& path, const std::string& pointer, const Scope& scope,
                bool each_type, Checker& checker) {
  if (path.size() < 2 || path[0] != '/' || scope.types.empty()) {
    return;
  }
  std::string token = path.substr(1, path.find('/', 1) - 1);
  if (token.find('~') != std::string::npos) {
    return;  // escaped names are no provider attribute names
  }
  const AwsSchema& schema = AwsSchema::get();
  std::vector<const AwsType*> types;
  for (const std::string& name : scope.types) {
    const AwsType* type = schema.find(name);
    if (type == nullptr) {
      return;  // a glob, an unknown or a non-AWS type: nothing to check against
    }
    types.push_back(type);
  }
  const auto attributes_of = [&](const AwsType& type) {
    std::vector<std::string_view> names;
    if (scope.mode != "data" && type.resource) {
      names.insert(names.end(), type.resource_attributes.begin(), type.resource_attributes.end());
    }
    if (scope.mode != "managed" && type.data) {
      names.insert(names.end(), type.data_attributes.begin(), type.data_attributes.end());
    }
    return names;
  };
  const auto has = [&](const std::vector<std::string_view>& names) {
    return std::find(names.begin(), names.end(), token) != names.end();
  };
  if (each_type) {
    for (std::size_t i = 0; i < types.size(); ++i) {
      const std::vector<std::string_view> names = attributes_of(*types[i]);
      if (!has(names)) {
        checker.error("unknown-attribute",
                      fmt::format("{} has no attribute or block \"{}\" (in {})", scope.types[i],
                                  token, schema.provider()),
                      pointer, {suggestion_note(token, names)});
      }
    }
    return;
  }
  std::vector<std::string_view> names;
  for (const AwsType* type : types) {
    const std::vector<std::string_view> own = attributes_of(*type);
    names.insert(names.end(), own.begin(), own.end());
  }
  if (has(names)) {
    return;
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const std::string message =
      types.size() == 1
          ? fmt::format("{} has no attribute or block \"{}\" (in {})", scope.types[0], token,
                        schema.provider())
          : fmt::format("none of {} has an attribute or block \"{}\" (in {})",
                        fmt::join(scope.types, ", "), token, schema.provider());
  checker.error("unknown-attribute", message, pointer, {suggestion_note(token, names)});
}

void walk(const nlohmann::json& node, const std::string& pointer, const Scope& inherited,
          Checker& checker) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      walk(node[i], child_pointer(pointer, i), inherited, checker);
    }
    return;
  }
  if (!node.is_object() || Checker::is_platform_ref(node)) {
    return;
  }
  const Scope scope = scope_of(node, inherited);
  for (const auto& [key, value] : node.items()) {
    const std::string at = child_pointer(pointer, key);
    if (key == "types" && value.is_array()) {
      check_types(value, at, scope.mode, checker);
    } else if ((key == "path" || key == "attribute") && value.is_string()) {
      const auto op = node.find("operator");
      const bool by_absence =
          op != node.end() && op->is_string() &&
          (*op == "absent" || *op == "not-equals" || *op == "accounts-within" || *op == "all-match");
      check_path(value.get<std::string>(), at, scope, !by_absence, checker);
    } else if (key != "match") {
      walk(value, at, scope, checker);
    }
  }
}

}  // namespace

void lint_rule(const Rule& rule, const nlohmann::json& node, const std::string& pointer,
               Checker& checker) {
  if (!node.is_object()) {
    return;
  }
  Scope scope;
  if (const auto match = node.find("match"); match != node.end() && match->is_object()) {
    scope = scope_of(*match, scope);
    if (const auto types = match->find("types"); types != match->end() && types->is_array()) {
      check_types(*types, child_pointer(child_pointer(pointer, "match"), "types"), scope.mode,
                  checker);
    }
  }
  walk(node, pointer, scope, checker);
  const std::string& kind = rule.info().kind;
  if (kind == "attribute" || kind == "forbidden_deletion") {
    const Environment none;
    if (rule.inspects(none) == 0) {
      checker.error("matches-nothing",
                    fmt::format("rule {} inspects no action: `match.actions` and the actions the "
                                "rule looks at ({}) have none in common",
                                rule.info().id, kind == "attribute" ? "`when`" : "`actions`"),
                    pointer);
    }
  }
}

}  // namespace gate::detail
