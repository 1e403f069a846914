// Node-by-node checking of user-written JSON with located diagnostics.
#include "policy/checker.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "util/edit_distance.h"
#include "util/text_position.h"

namespace gate::detail {
namespace {

void collect_names(const nlohmann::json& node, const std::string& prefix,
                   std::vector<std::string>& out) {
  if (!node.is_object()) {
    return;
  }
  for (const auto& [key, value] : node.items()) {
    std::string name = prefix;
    if (!name.empty()) {
      name += '.';
    }
    name += key;
    out.push_back(name);
    collect_names(value, name, out);
  }
}

std::string ref_name(const nlohmann::json& node) {
  const auto it = node.find(std::string(kPlatformRefKey));
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const nlohmann::json* Platform::find(std::string_view name) const {
  const nlohmann::json* node = &values_;
  while (true) {
    const auto dot = name.find('.');
    const std::string token(name.substr(0, dot));
    if (!node->is_object()) {
      return nullptr;
    }
    const auto it = node->find(token);
    if (it == node->end()) {
      return nullptr;
    }
    node = &*it;
    if (dot == std::string_view::npos) {
      return node;
    }
    name.remove_prefix(dot + 1);
  }
}

std::vector<std::string> Platform::names() const {
  std::vector<std::string> out;
  collect_names(values_, "", out);
  std::sort(out.begin(), out.end());
  return out;
}

std::string child_pointer(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  append_pointer_token(out, token);
  return out;
}

std::string child_pointer(const std::string& pointer, std::size_t index) {
  return pointer + '/' + std::to_string(index);
}

Location Checker::locate(const std::string& pointer, bool at_key) const {
  Location at;
  at.file = file_;
  at.json_pointer = pointer;
  std::string p = pointer;
  while (true) {
    const auto it = doc_.spans.find(p);
    if (it != doc_.spans.end()) {
      const std::size_t offset =
          at_key && p == pointer && it->second.key != kNoOffset ? it->second.key : it->second.value;
      std::tie(at.line, at.column) = lines_.position(offset);
      return at;
    }
    if (p.empty()) {
      return at;
    }
    p.erase(p.rfind('/'));
  }
}

void Checker::error(std::string_view code, std::string message, const std::string& pointer,
                    std::vector<std::string> notes, bool at_key) {
  Diagnostic d;
  d.code = fmt::format("{}.{}", prefix_, code);
  d.message = std::move(message);
  d.location = locate(pointer, at_key);
  d.notes = std::move(notes);
  out_.push_back(std::move(d));
  ++errors_;
}

bool Checker::is_platform_ref(const nlohmann::json& node) {
  return node.is_object() && node.contains(std::string(kPlatformRefKey));
}

void Checker::wrong_type(const nlohmann::json& node, const std::string& pointer,
                         std::string_view want) {
  error("wrong-type", fmt::format("expected {}, found {}", want, json_type_name(node)), pointer);
}

bool Checker::object(const nlohmann::json& node, const std::string& pointer,
                     const std::vector<std::string_view>& allowed,
                     const std::vector<std::string_view>& required, std::string_view what) {
  if (is_platform_ref(node)) {
    error("wrong-type",
          fmt::format("a platform reference stands for a value; {} must be written out", what),
          pointer);
    return false;
  }
  if (!node.is_object()) {
    error("wrong-type",
          fmt::format("expected {} (an object), found {}", what, json_type_name(node)), pointer);
    return false;
  }
  std::vector<std::string> suggested;  // required members an unknown member is a misspelling of
  for (const auto& [key, value] : node.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      if (auto best = closest_match(key, allowed)) {
        suggested.push_back(*best);
      }
      error("unknown-key", fmt::format("unknown member \"{}\" in {}", key, what),
            child_pointer(pointer, key), {suggestion_note(key, allowed)}, true);
    }
  }
  for (std::string_view key : required) {
    if (!node.contains(std::string(key)) &&
        std::find(suggested.begin(), suggested.end(), key) == suggested.end()) {
      error("missing-key", fmt::format("{} needs the member \"{}\"", what, key), pointer);
    }
  }
  return true;
}

const nlohmann::json* Checker::resolve(const nlohmann::json& node, const std::string& pointer) {
  if (!is_platform_ref(node)) {
    return &node;
  }
  if (node.size() != 1) {
    error("wrong-type",
          fmt::format("a platform reference has no member besides \"{}\"", kPlatformRefKey),
          pointer);
    return nullptr;
  }
  const nlohmann::json& name = node.at(std::string(kPlatformRefKey));
  const std::string name_pointer = child_pointer(pointer, kPlatformRefKey);
  if (!name.is_string()) {
    wrong_type(name, name_pointer, "a platform value name (a string)");
    return nullptr;
  }
  const std::string n = name.get<std::string>();
  if (platform_ != nullptr && platform_->broken()) {
    return nullptr;  // platform.json itself is in error, and reported
  }
  if (platform_ == nullptr || platform_->empty()) {
    error("unknown-platform-ref", fmt::format("unknown platform value \"{}\"", n), name_pointer,
          {"there is no platform.json beside the policy files"});
    return nullptr;
  }
  const nlohmann::json* found = platform_->find(n);
  if (found == nullptr) {
    const std::vector<std::string> names = platform_->names();
    const std::vector<std::string_view> views(names.begin(), names.end());
    std::vector<std::string> notes;
    if (auto best = closest_match(n, views)) {
      notes.push_back("did you mean '" + *best + "'?");
    } else {
      notes.push_back("platform.json defines: " + fmt::format("{}", fmt::join(names, ", ")));
    }
    error("unknown-platform-ref", fmt::format("unknown platform value \"{}\"", n), name_pointer,
          std::move(notes));
    return nullptr;
  }
  return found;
}

std::optional<std::string> Checker::string(const nlohmann::json& object, std::string_view key,
                                           const std::string& pointer) {
  const nlohmann::json* v = value(object, key, pointer);
  if (v == nullptr) {
    return std::nullopt;
  }
  const std::string p = child_pointer(pointer, key);
  if (!v->is_string()) {
    wrong_type(*v, p, "a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> Checker::text(const nlohmann::json& object, std::string_view key,
                                         const std::string& pointer) {
  auto s = string(object, key, pointer);
  if (s && s->empty()) {
    error("bad-value", fmt::format("\"{}\" is empty", key), child_pointer(pointer, key));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Checker::boolean(const nlohmann::json& object, std::string_view key,
                                     const std::string& pointer) {
  const nlohmann::json* v = value(object, key, pointer);
  if (v == nullptr) {
    return std::nullopt;
  }
  const std::string p = child_pointer(pointer, key);
  if (!v->is_boolean()) {
    wrong_type(*v, p, "a boolean");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::uint64_t> Checker::count(const nlohmann::json& object, std::string_view key,
                                            const std::string& pointer) {
  const nlohmann::json* v = value(object, key, pointer);
  if (v == nullptr) {
    return std::nullopt;
  }
  const std::string p = child_pointer(pointer, key);
  if (v->is_number_unsigned()) {
    return v->get<std::uint64_t>();
  }
  if (v->is_number_integer() && v->get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(v->get<std::int64_t>());
  }
  if (v->is_number()) {
    error("bad-value", fmt::format("\"{}\" must be a whole number of at least 0", key), p);
    return std::nullopt;
  }
  wrong_type(*v, p, "a number");
  return std::nullopt;
}

std::optional<std::vector<std::string>> Checker::strings(const nlohmann::json& object,
                                                         std::string_view key,
                                                         const std::string& pointer) {
  const auto it = object.find(std::string(key));
  if (it == object.end()) {
    return std::nullopt;
  }
  const std::string p = child_pointer(pointer, key);
  const nlohmann::json* list = resolve(*it, p);
  if (list == nullptr) {
    return std::nullopt;
  }
  if (!list->is_array()) {
    wrong_type(*list, p, "an array of strings");
    return std::nullopt;
  }
  const bool from_platform = list != &*it;
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string ep = from_platform ? p : child_pointer(p, i);
    const nlohmann::json& element = (*list)[i];
    const nlohmann::json* v = from_platform ? &element : resolve(element, ep);
    if (v == nullptr) {
      ok = false;
      continue;
    }
    if (v->is_string()) {
      out.push_back(v->get<std::string>());
      continue;
    }
    if (v != &element && v->is_array()) {
      for (const nlohmann::json& item : *v) {
        if (!item.is_string()) {
          wrong_type(item, ep, "strings in the referenced platform value");
          ok = false;
          break;
        }
        out.push_back(item.get<std::string>());
      }
      continue;
    }
    wrong_type(*v, ep, "a string");
    ok = false;
  }
  if (!ok) {
    return std::nullopt;
  }
  if (out.empty()) {
    error("bad-value", fmt::format("\"{}\" is an empty list", key), p);
    return std::nullopt;
  }
  return out;
}

const nlohmann::json* Checker::value(const nlohmann::json& object, std::string_view key,
                                     const std::string& pointer) {
  const auto it = object.find(std::string(key));
  if (it == object.end()) {
    return nullptr;
  }
  return resolve(*it, child_pointer(pointer, key));
}

std::optional<std::string> Checker::choice(const nlohmann::json& object, std::string_view key,
                                           const std::string& pointer,
                                           const std::vector<std::string_view>& choices,
                                           std::string_view code, std::string_view what) {
  auto s = string(object, key, pointer);
  if (!s) {
    return std::nullopt;
  }
  if (std::find(choices.begin(), choices.end(), *s) == choices.end()) {
    error(code, fmt::format("unknown {} \"{}\"", what, *s), child_pointer(pointer, key),
          {suggestion_note(*s, choices)});
    return std::nullopt;
  }
  return s;
}

std::unique_ptr<RE2> Checker::regex(const std::string& pattern, const std::string& pointer) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) {
    error("bad-regex", fmt::format("invalid regular expression: {}", re->error()), pointer);
    return nullptr;
  }
  return re;
}

nlohmann::json Checker::substitute(const nlohmann::json& node) const {
  if (is_platform_ref(node) && platform_ != nullptr) {
    if (const nlohmann::json* v = platform_->find(ref_name(node))) {
      return *v;
    }
    return node;
  }
  if (node.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : node.items()) {
      out[key] = substitute(value);
    }
    return out;
  }
  if (node.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& element : node) {
      nlohmann::json v = substitute(element);
      if (is_platform_ref(element) && v.is_array()) {
        for (nlohmann::json& item : v) {
          out.push_back(std::move(item));
        }
      } else {
        out.push_back(std::move(v));
      }
    }
    return out;
  }
  return node;
}

}  // namespace gate::detail
