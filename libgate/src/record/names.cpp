// Name and text rules shared by records and trust files.
#include "record/names.h"

#include <algorithm>

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
