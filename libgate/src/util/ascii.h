// ASCII case folding, locale-independent: AWS names (actions, condition keys, repositories)
// compare case-insensitively in ASCII only.
#pragma once

#include <string>
#include <string_view>

namespace gate::detail {

/// `c` with A-Z folded to a-z; every other byte unchanged.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `text` with A-Z folded to a-z.
std::string ascii_lower(std::string_view text);

/// True when `a` and `b` are equal ignoring ASCII case.
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace gate::detail
