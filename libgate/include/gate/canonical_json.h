// RFC 8785 (JSON Canonicalization Scheme) serialisation: no white space, object members sorted
// by the UTF-16 code units of their names, strings escaped as ECMAScript JSON.stringify does,
// numbers written as ECMAScript Number.prototype.toString writes them. Used for the semantic
// plan digest, the policy digest and signed records, so equal data always hashes equally.
//
//   gate::Expected<std::string> c = gate::canonical_json(nlohmann::json::parse(R"({"b":1,"a":2})"));
//   // *c == R"({"a":2,"b":1})"
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "gate/expected.h"

namespace gate {

/// Canonical form of a JSON value.
/// Errors: digest.number (NaN, infinity, or an integer a double cannot hold exactly).
[[nodiscard]] Expected<std::string> canonical_json(const nlohmann::json& value);

/// Canonical form of JSON text. Errors: json.syntax (not JSON), digest.number.
[[nodiscard]] Expected<std::string> canonical_json_text(std::string_view text);

/// ECMAScript Number.prototype.toString of a finite double: shortest round-trip digits,
/// exponent form outside [1e-6, 1e21), "-0" written as "0".
std::string format_es_number(double value);

}  // namespace gate
