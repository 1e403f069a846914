// Finds where and why a text is not valid JSON, for located diagnostics. The fast plan reader
// only learns *that* a document is broken; this slower, exact check runs on the error path to
// say where, in words a person can act on.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gate::detail {

struct SyntaxError {
  std::size_t offset = 0;  // byte offset of the offending byte
  std::string message;     // e.g. "invalid literal 'tru'"
  bool too_deep = false;   // nesting exceeded max_depth before any syntax error
};

/// The first syntax error in `text` (or the first nesting deeper than `max_depth`),
/// or nullopt when `text` is one valid JSON value.
std::optional<SyntaxError> find_syntax_error(std::string_view text, std::size_t max_depth);

struct LongString {
  std::size_t offset = 0;  // byte offset of the opening quote
  std::size_t bytes = 0;   // its length once decoded (UTF-8 bytes)
};

/// The first string or member name in `text` (a valid JSON value) longer than `max_bytes`
/// once decoded, or nullopt when there is none.
std::optional<LongString> find_long_string(std::string_view text, std::size_t max_bytes);

/// Offset of the first byte that breaks UTF-8 encoding, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace gate::detail
