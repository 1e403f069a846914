// SHA-256 digests (OpenSSL, SHA-NI where the CPU has it) of the things an approval is bound to:
// the saved plan file, the plan JSON bytes, app artifacts, and the semantic plan digest
// (RFC 8785 canonical JSON of the plan without `timestamp`, so that re-spacing, key order and
// the time of planning do not change it). Digests are written "sha256:<64 lower-case hex>".
//
//   gate::Expected<std::string> file = gate::digest_file("tfplan");
//   gate::Expected<std::string> semantic = gate::semantic_plan_digest(plan);
//
// Thread-safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>

#include "gate/expected.h"
#include "gate/plan.h"

namespace gate {

/// "sha256:" + hex SHA-256 of `bytes`.
std::string digest_bytes(std::string_view bytes);

/// "sha256:" + hex SHA-256 of a file's bytes, read in chunks ("-" reads standard input).
/// Errors: io.read.
[[nodiscard]] Expected<std::string> digest_file(const std::string& path);

/// "sha256:" + hex SHA-256 of the RFC 8785 canonical form of the plan document without its
/// top-level `timestamp` member.
/// Errors: digest.number (a number that an IEEE-754 double cannot hold exactly, such as an
/// integer beyond 2^53: canonical JSON would round it, so the digest is refused),
/// plan.syntax (a value the fast reader skipped is not valid JSON).
[[nodiscard]] Expected<std::string> semantic_plan_digest(const Plan& plan);

/// True when `text` is "sha256:" followed by 64 lower-case hex digits.
bool is_digest(std::string_view text);

}  // namespace gate
