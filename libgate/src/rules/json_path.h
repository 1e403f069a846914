// RFC 6901 JSON pointers into attribute values, and the questions rules ask at a pointer:
// what is there, is it unknown until apply (after_unknown), is it sensitive (*_sensitive).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gate::detail {

/// A parsed JSON pointer; `text` is its written form.
struct JsonPath {
  std::string text;
  std::vector<std::string> tokens;
};

/// Parses "" or "/a/b~1c"; nullopt when it does not start with '/' or has a bad '~' escape.
std::optional<JsonPath> parse_json_pointer(std::string_view text);

/// The value at `path` in `root`; nullptr when absent. Array tokens must be decimal indexes.
const nlohmann::json* find_at(const nlohmann::json& root, const JsonPath& path);

/// What after_unknown says about a path.
enum class Unknownness {
  kKnown,    ///< nothing at or above the path is unknown
  kUnknown,  ///< the value at the path (or a containing value) is unknown until apply
  kPartly,   ///< the value is known but contains unknown parts
};

/// Reads an after_unknown tree (true marks an unknown value; objects and arrays mirror after).
Unknownness unknown_at(const nlohmann::json& after_unknown, const JsonPath& path);

/// True when a *_sensitive tree marks the value at `path`, a containing value or a part of it.
bool sensitive_at(const nlohmann::json& sensitive, const JsonPath& path);

}  // namespace gate::detail
