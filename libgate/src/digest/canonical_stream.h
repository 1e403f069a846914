// RFC 8785 canonical JSON written straight from JSON text, without a DOM of the document.
// Objects smaller than a threshold are canonicalised in an output buffer and their members put
// in order there; larger containers are found by one quick pass first, so that a large object
// can be read twice (member names, then the values in sorted order) while its output is hashed
// as it grows. Memory is the index of large containers plus the largest small object.
#pragma once

#include <cstddef>
#include <string_view>

#include "digest/canonical_writer.h"

namespace gate::detail {

/// Settings of the streaming canonicaliser.
struct StreamOptions {
  std::string_view skip_member;             ///< top-level member left out (no escapes in it)
  std::size_t max_depth = 256;              ///< deepest nesting handled
  std::size_t large_bytes = std::size_t{1} << 16;  ///< containers this large are indexed
  std::size_t flush_bytes = std::size_t{1} << 20;  ///< output handed to the sink in pieces this big
};

/// Writes the canonical form of `text` to `sink` and returns true, or returns false as soon as
/// the text holds anything this path leaves to the DOM writer (write_canonical_text): invalid
/// JSON or UTF-8, a repeated member name, a lone surrogate, a number that needs a range check
/// the fast path does not make, nesting near `max_depth`. After false, `sink` may have received
/// part of the output; the caller starts over with the DOM writer, which gives the diagnostic.
bool stream_canonical(std::string_view text, const StreamOptions& options,
                      const CanonicalSink& sink);

}  // namespace gate::detail
