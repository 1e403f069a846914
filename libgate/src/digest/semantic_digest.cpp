// The semantic plan digest: SHA-256 of the plan's RFC 8785 canonical form without `timestamp`.
#include "digest/canonical_writer.h"
#include "digest/sha256.h"
#include "gate/digest.h"

namespace gate {

Expected<std::string> semantic_plan_digest(const Plan& plan) {
  detail::Sha256 sha;
  const detail::CanonicalSink sink = [&sha](std::string_view piece) { sha.update(piece); };
  // The plan's buffer keeps simdjson's padding after the text, so no copy is needed.
  if (auto err = detail::write_canonical_text(plan.text(), true, "timestamp", "plan",
                                              LoadOptions{}.max_depth, sink)) {
    err->location.file = plan.source_name;
    return Unexpected{std::move(*err)};
  }
  return sha.finish();
}

}  // namespace gate
