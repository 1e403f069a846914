// What counts as a well-formed name or text in records and trust files: environment names,
// identities (approvers, authors, rule ids, artifact names) and free text.
#pragma once

#include <string_view>

namespace gate::detail {

/// Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 bytes.
bool valid_environment_name(std::string_view name);

/// Non-empty valid UTF-8 of at most 256 bytes without control characters.
bool valid_identity(std::string_view text);

/// Valid UTF-8 without control characters other than tab and newline (may be empty).
bool valid_text(std::string_view text);

}  // namespace gate::detail
