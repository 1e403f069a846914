// Resource blocks and references in a plan's configuration.
#include "plan/configuration.h"

#include <algorithm>
#include <set>
#include <vector>

#include <re2/re2.h>

namespace gate::detail {
namespace {

using json = nlohmann::json;

// "module.a[\"x\"].module.b[0]" -> {"a", "b"}
std::vector<std::string> module_calls(const std::string& module_address) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = module_address.find("module.", pos)) != std::string::npos) {
    pos += 7;
    std::size_t end = pos;
    while (end < module_address.size() && module_address[end] != '.' &&
           module_address[end] != '[') {
      ++end;
    }
    out.push_back(module_address.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

const json* resource_configuration(const json& configuration, const ResourceChange& change) {
  if (!configuration.is_object() || !configuration.contains("root_module")) {
    return nullptr;
  }
  const json* module = &configuration["root_module"];
  for (const std::string& call : module_calls(change.module_address)) {
    const auto calls = module->find("module_calls");
    if (calls == module->end() || !calls->is_object() || !calls->contains(call) ||
        !(*calls)[call].contains("module")) {
      return nullptr;
    }
    module = &(*calls)[call]["module"];
  }
  const auto resources = module->find("resources");
  if (resources == module->end() || !resources->is_array()) {
    return nullptr;
  }
  const std::string local =
      (change.managed ? "" : "data.") + change.type + "." + change.name;
  for (const json& r : *resources) {
    if (r.is_object() && r.value("address", "") == local) {
      return &r;
    }
  }
  return nullptr;
}

bool is_configured(const json& configuration, const ResourceChange& change,
                   const std::string& attribute) {
  const json* block = resource_configuration(configuration, change);
  if (block == nullptr || !block->contains("expressions")) {
    return false;
  }
  return (*block)["expressions"].is_object() && (*block)["expressions"].contains(attribute);
}

std::optional<std::string> configured_reference(const json& configuration,
                                                const ResourceChange& change,
                                                const std::string& attribute) {
  const json* block = resource_configuration(configuration, change);
  if (block == nullptr || !block->contains("expressions") ||
      !(*block)["expressions"].contains(attribute)) {
    return std::nullopt;
  }
  const json& expression = (*block)["expressions"][attribute];
  if (!expression.is_object() || !expression.contains("references")) {
    return std::nullopt;
  }
  for (const json& ref : expression["references"]) {
    if (!ref.is_string()) {
      continue;
    }
    const std::string text = ref.get<std::string>();
    if (starts_with(text, "var.") || starts_with(text, "local.") || starts_with(text, "each.") ||
        starts_with(text, "count.") || starts_with(text, "module.") || starts_with(text, "path.")) {
      continue;
    }
    const auto dots = std::count(text.begin(), text.end(), '.');
    if ((starts_with(text, "data.") && dots == 2) || (!starts_with(text, "data.") && dots == 1)) {
      std::string key = "ref:";
      if (!change.module_address.empty()) {
        key += change.module_address;
        key += '.';
      }
      return key + text;
    }
  }
  return std::nullopt;
}

namespace {

// Adds the account ids named in `value` (12-digit strings, or the account of an ARN) to `out`.
void collect_accounts(const json& value, std::set<std::string>& out) {
  static const RE2 kAccount("([0-9]{12})");
  static const RE2 kArn("arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12}):.*");
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    std::string account;
    if (RE2::FullMatch(text, kAccount, &account) || RE2::FullMatch(text, kArn, &account)) {
      out.insert(account);
    }
  } else if (value.is_array() || value.is_object()) {
    for (const json& v : value) {
      collect_accounts(v, out);
    }
  }
}

// The value of a root-module variable named by a reference "var.x" (or "var.x[...]"); nullptr
// when it is not one or has no value.
const json* variable_value(const std::string& reference, const json& variables) {
  if (!starts_with(reference, "var.") || !variables.is_object()) {
    return nullptr;
  }
  std::string name = reference.substr(4);
  name = name.substr(0, std::min(name.find('.'), name.find('[')));
  const auto it = variables.find(name);
  if (it == variables.end() || !it->is_object() || !it->contains("value")) {
    return nullptr;
  }
  return &(*it)["value"];
}

// Walks the expressions of a provider block: accounts named by constants and referenced root
// variables, and the attribute paths whose references cannot be resolved.
void walk_expressions(const json& node, const std::string& path, bool root_module,
                      const json& variables, std::set<std::string>& accounts,
                      std::vector<std::string>& unresolved) {
  if (node.is_array()) {
    for (const json& block : node) {
      walk_expressions(block, path, root_module, variables, accounts, unresolved);
    }
    return;
  }
  if (!node.is_object()) {
    return;
  }
  const bool expression = node.contains("constant_value") || node.contains("references");
  if (!expression) {
    for (const auto& [name, child] : node.items()) {
      std::string child_path = path;
      if (!child_path.empty()) {
        child_path += '.';
      }
      child_path += name;
      walk_expressions(child, child_path, root_module, variables, accounts, unresolved);
    }
    return;
  }
  if (node.contains("constant_value")) {
    collect_accounts(node["constant_value"], accounts);
  }
  if (node.contains("references") && node["references"].is_array()) {
    for (const json& ref : node["references"]) {
      const json* v = root_module && ref.is_string()
                          ? variable_value(ref.get<std::string>(), variables)
                          : nullptr;
      if (v != nullptr) {
        collect_accounts(*v, accounts);
      } else if (std::find(unresolved.begin(), unresolved.end(), path) == unresolved.end()) {
        unresolved.push_back(path);
      }
    }
  }
}

// The value of a provider's `region`, when it is a constant or a root variable.
std::optional<std::string> region_value(const json& expression, bool root_module,
                                        const json& variables) {
  if (expression.contains("constant_value") && expression["constant_value"].is_string()) {
    return expression["constant_value"].get<std::string>();
  }
  const auto refs = expression.find("references");
  if (!root_module || refs == expression.end() || !refs->is_array() || refs->empty()) {
    return std::nullopt;
  }
  // "var.region" alone, or with its own prefix ("var.region", "var.region[0]").
  const json* v = variable_value((*refs)[0].get<std::string>(), variables);
  for (const json& ref : *refs) {
    if (!ref.is_string() || variable_value(ref.get<std::string>(), variables) != v) {
      return std::nullopt;
    }
  }
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  return v->get<std::string>();
}

}  // namespace

std::vector<ProviderConfig> provider_configs(const json& configuration, const json& variables) {
  std::vector<ProviderConfig> out;
  if (!configuration.is_object() || !configuration.contains("provider_config") ||
      !configuration["provider_config"].is_object()) {
    return out;
  }
  for (const auto& [key, block] : configuration["provider_config"].items()) {
    if (!block.is_object()) {
      continue;
    }
    ProviderConfig p;
    p.key = key;
    p.name = block.value("name", "");
    p.full_name = block.value("full_name", "");
    p.alias = block.value("alias", "");
    p.module_address = block.value("module_address", "");
    const bool root_module = p.module_address.empty();
    std::set<std::string> accounts;
    if (block.contains("expressions") && block["expressions"].is_object()) {
      const json& expressions = block["expressions"];
      walk_expressions(expressions, "", root_module, variables, accounts, p.unresolved);
      const auto region = expressions.find("region");
      if (region != expressions.end() && region->is_object()) {
        p.region_set = true;
        p.region = region_value(*region, root_module, variables);
      }
    }
    p.accounts.assign(accounts.begin(), accounts.end());
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const ProviderConfig& a, const ProviderConfig& b) { return a.key < b.key; });
  return out;
}

}  // namespace gate::detail
