// Building blocks of RFC 8785 canonical JSON shared by the nlohmann and simdjson writers:
// string escaping, member-name ordering and number checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gate::detail {

/// Appends `s` as a JSON string literal escaped the RFC 8785 way.
void append_canonical_string(std::string& out, std::string_view s);

/// Orders member names by their UTF-16 code units, as RFC 8785 requires.
bool utf16_less(std::string_view a, std::string_view b);

/// Canonical text of an integer, or nullopt when a double cannot hold it exactly.
std::optional<std::string> canonical_integer(std::int64_t value);
std::optional<std::string> canonical_unsigned(std::uint64_t value);
/// Canonical text of a double, or nullopt for NaN and infinities.
std::optional<std::string> canonical_double(double value);

}  // namespace gate::detail

#include <functional>

#include "gate/diagnostic.h"

namespace gate::detail {

/// Receives canonical JSON text in pieces (to hash it without holding all of it).
using CanonicalSink = std::function<void(std::string_view)>;

/// Parses JSON `text` (which must be readable for 64 bytes past its end when `padded`) and
/// writes its canonical form to `sink`, leaving out the top-level member `skip_member` if not
/// empty. Returns the problem instead when the text cannot be canonicalised:
/// json.syntax / too-deep (as `code_prefix` + ".syntax"/".too-deep"), digest.number,
/// digest.duplicate-key.
std::optional<Diagnostic> write_canonical_text(std::string_view text, bool padded,
                                               std::string_view skip_member,
                                               std::string_view code_prefix,
                                               std::size_t max_depth, const CanonicalSink& sink);

}  // namespace gate::detail
