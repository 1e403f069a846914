// The semantic plan digest: SHA-256 of the plan's RFC 8785 canonical form without `timestamp`.
// The streaming canonicaliser hashes the text as it goes; a plan it leaves alone (something
// unusual: a repeated name, a number out of range, invalid text) is canonicalised again through
// the DOM writer, which either gives the same digest or says exactly what is wrong.
#include "digest/canonical_stream.h"
#include "digest/canonical_writer.h"
#include "digest/sha256.h"
#include "gate/digest.h"

namespace gate {

Expected<std::string> semantic_plan_digest(const Plan& plan) {
  constexpr std::string_view kSkipped = "timestamp";
  const std::size_t max_depth = LoadOptions{}.max_depth;
  {
    detail::Sha256 sha;
    const detail::CanonicalSink sink = [&sha](std::string_view piece) { sha.update(piece); };
    detail::StreamOptions options;
    options.skip_member = kSkipped;
    options.max_depth = max_depth;
    if (detail::stream_canonical(plan.text(), options, sink)) {
      return sha.finish();
    }
  }
  detail::Sha256 sha;
  const detail::CanonicalSink sink = [&sha](std::string_view piece) { sha.update(piece); };
  // The plan's buffer keeps simdjson's padding after the text, so no copy is needed.
  if (auto err = detail::write_canonical_text(plan.text(), true, kSkipped, "plan", max_depth,
                                              sink)) {
    err->location.file = plan.source_name;
    return Unexpected{std::move(*err)};
  }
  return sha.finish();
}

}  // namespace gate
