// Byte offsets to line:column, JSON pointer building and message excerpts.
#include "util/text_position.h"

#include <algorithm>
#include <string>

namespace gate::detail {

TextPosition position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition pos;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  pos.column = offset - line_start + 1;
  return pos;
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  if (token.find_first_of("~/") == std::string_view::npos) {
    pointer.append(token);
    return;
  }
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

std::string excerpt(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (text.size() > limit) {
    out += "...";
  }
  return out;
}

}  // namespace gate::detail
