// Name and text rules shared by records and trust files.
#include "record/names.h"

#include "gate/record.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "plan/syntax_locator.h"

namespace gate::detail {
namespace {

bool control_free(std::string_view text, bool allow_layout) {
  return std::none_of(text.begin(), text.end(), [allow_layout](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    if (allow_layout && (c == '\n' || c == '\t')) {
      return false;
    }
    return c < 0x20 || c == 0x7f;
  });
}

// Decodes the code point starting at text[i] (valid UTF-8) and advances i past it.
std::uint32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 1;
  std::uint32_t cp = lead;
  if (lead >= 0xf0) {
    length = 4;
    cp = lead & 0x07u;
  } else if (lead >= 0xe0) {
    length = 3;
    cp = lead & 0x0fu;
  } else if (lead >= 0xc0) {
    length = 2;
    cp = lead & 0x1fu;
  }
  for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
    cp = (cp << 6) | (byte(i + k) & 0x3fu);
  }
  i += length;
  return cp;
}

bool in(std::uint32_t cp, std::uint32_t low, std::uint32_t high) { return cp >= low && cp <= high; }

// What kind of character makes an identity unsafe to compare, or nullptr.
const char* unsafe_kind(std::uint32_t cp) {
  if (cp < 0x20 || in(cp, 0x7f, 0x9f)) {
    return "a control character";
  }
  if (cp == 0x85 || cp == 0xa0 || cp == 0x1680 || in(cp, 0x2000, 0x200a) || cp == 0x2028 ||
      cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000) {
    return "non-ASCII white space";
  }
  // Unicode general category Cf (format), as of Unicode 15.
  if (cp == 0xad || in(cp, 0x600, 0x605) || cp == 0x61c || cp == 0x6dd || cp == 0x70f ||
      in(cp, 0x890, 0x891) || cp == 0x8e2 || cp == 0x180e || in(cp, 0x200b, 0x200f) ||
      in(cp, 0x202a, 0x202e) || in(cp, 0x2060, 0x2064) || in(cp, 0x2066, 0x206f) ||
      cp == 0xfeff || in(cp, 0xfff9, 0xfffb) || cp == 0x110bd || cp == 0x110cd ||
      in(cp, 0x13430, 0x1343f) || in(cp, 0x1bca0, 0x1bca3) || in(cp, 0x1d173, 0x1d17a) ||
      cp == 0xe0001 || in(cp, 0xe0020, 0xe007f)) {
    return "a format (invisible) character";
  }
  // Characters that render as nothing although they are not Cf: the combining grapheme
  // joiner, Hangul fillers, variation selectors.
  if (cp == 0x34f || cp == 0x115f || cp == 0x1160 || cp == 0x3164 || cp == 0xffa0 ||
      in(cp, 0xfe00, 0xfe0f) || in(cp, 0xe0100, 0xe01ef)) {
    return "an invisible character";
  }
  return nullptr;
}

bool is_space(char c) { return c == ' '; }

}  // namespace

bool valid_environment_name(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  return alnum(name.front()) && std::all_of(name.begin(), name.end(), [&](char c) {
           return alnum(c) || c == '.' || c == '_' || c == '-';
         });
}

bool valid_identity(std::string_view text) {
  return !text.empty() && text.size() <= 256 && !find_invalid_utf8(text) &&
         control_free(text, false);
}

bool valid_text(std::string_view text) {
  return !find_invalid_utf8(text) && control_free(text, true);
}

}  // namespace gate::detail

namespace gate {

std::optional<std::string> identity_defect(std::string_view identity) {
  if (detail::find_invalid_utf8(identity)) {
    return std::string("it is not valid UTF-8");
  }
  std::size_t i = 0;
  while (i < identity.size()) {
    const std::size_t at = i;
    const std::uint32_t cp = detail::next_code_point(identity, i);
    if (const char* kind = detail::unsafe_kind(cp)) {
      return fmt::format("it contains {} (U+{:04X}) at byte {}", kind, cp, at);
    }
  }
  if (std::all_of(identity.begin(), identity.end(), detail::is_space)) {
    return std::string("it is empty");
  }
  return std::nullopt;
}

std::string identity_key(std::string_view identity) {
  while (!identity.empty() && detail::is_space(identity.front())) {
    identity.remove_prefix(1);
  }
  while (!identity.empty() && detail::is_space(identity.back())) {
    identity.remove_suffix(1);
  }
  std::string key(identity);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

}  // namespace gate
