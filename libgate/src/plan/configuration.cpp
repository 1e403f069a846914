// Resource blocks and references in a plan's configuration.
#include "plan/configuration.h"

#include <algorithm>
#include <vector>

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

}  // namespace gate::detail
