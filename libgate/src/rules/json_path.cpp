// JSON pointer parsing and look-ups in values, after_unknown and *_sensitive trees.
#include "rules/json_path.h"

namespace gate::detail {
namespace {

const nlohmann::json* step(const nlohmann::json& node, const std::string& token) {
  if (node.is_object()) {
    const auto it = node.find(token);
    return it == node.end() ? nullptr : &*it;
  }
  if (node.is_array()) {
    if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) {
      return nullptr;
    }
    std::size_t index = 0;
    for (char c : token) {
      if (c < '0' || c > '9') {
        return nullptr;
      }
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index < node.size() ? &node[index] : nullptr;
  }
  return nullptr;
}

bool contains_true(const nlohmann::json& node) {
  if (node.is_boolean()) {
    return node.get<bool>();
  }
  if (node.is_object() || node.is_array()) {
    for (const nlohmann::json& child : node) {
      if (contains_true(child)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<JsonPath> parse_json_pointer(std::string_view text) {
  JsonPath path;
  path.text = std::string(text);
  if (text.empty()) {
    return path;
  }
  if (text[0] != '/') {
    return std::nullopt;
  }
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      path.tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (text[i] == '~') {
      if (i + 1 < text.size() && (text[i + 1] == '0' || text[i + 1] == '1')) {
        token += text[i + 1] == '0' ? '~' : '/';
        ++i;
        continue;
      }
      return std::nullopt;
    }
    token += text[i];
  }
  return path;
}

const nlohmann::json* find_at(const nlohmann::json& root, const JsonPath& path) {
  const nlohmann::json* node = &root;
  for (const std::string& token : path.tokens) {
    node = step(*node, token);
    if (node == nullptr) {
      return nullptr;
    }
  }
  return node;
}

Unknownness unknown_at(const nlohmann::json& after_unknown, const JsonPath& path) {
  const nlohmann::json* node = &after_unknown;
  for (const std::string& token : path.tokens) {
    if (node->is_boolean() && node->get<bool>()) {
      return Unknownness::kUnknown;
    }
    node = step(*node, token);
    if (node == nullptr) {
      return Unknownness::kKnown;
    }
  }
  if (node->is_boolean()) {
    return node->get<bool>() ? Unknownness::kUnknown : Unknownness::kKnown;
  }
  return contains_true(*node) ? Unknownness::kPartly : Unknownness::kKnown;
}

bool sensitive_at(const nlohmann::json& sensitive, const JsonPath& path) {
  const nlohmann::json* node = &sensitive;
  for (const std::string& token : path.tokens) {
    if (node->is_boolean() && node->get<bool>()) {
      return true;
    }
    node = step(*node, token);
    if (node == nullptr) {
      return false;
    }
  }
  return contains_true(*node);
}

}  // namespace gate::detail
