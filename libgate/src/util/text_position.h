// Line and column of a byte offset in a text, for locating diagnostics.
#pragma once

#include <cstddef>
#include <string_view>

namespace gate::detail {

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
};

/// Position of `offset` in `text` (an offset past the end is clamped to the end).
TextPosition position_of(std::string_view text, std::size_t offset);

/// Appends `token` to a JSON pointer, escaping '~' and '/' as RFC 6901 requires.
void append_pointer_token(std::string& pointer, std::string_view token);

/// A short, printable excerpt of `text` for messages: at most `limit` bytes, control
/// characters replaced by '?', "..." appended when cut.
std::string excerpt(std::string_view text, std::size_t limit = 40);

}  // namespace gate::detail
