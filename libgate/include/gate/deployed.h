// What a plan deploys: the code of every Lambda function and layer version the plan leaves in
// place (created, updated, replaced or unchanged), read from the planned values: S3 bucket, key
// and object version, local file name, container image, layers, and the code's SHA-256 where
// the plan states it (source_code_hash, hex or base64; an image digest; else a 64-hex SHA-256
// in the S3 key, as the platform names its artifacts). Recorded in decisions and compared
// along the promotion chain, so that prod deploys what staging approved.
//
//   auto deployed = gate::deployed_artifacts(plan);
//   for (const gate::DeployedArtifact& a : *deployed) std::cout << a.address << ' ' << a.location;
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/expected.h"
#include "gate/plan.h"
#include "gate/record.h"

namespace gate {

/// Value shown for a location or digest that is unknown until apply.
inline constexpr std::string_view kUnknownValue = "(known after apply)";

/// The code the plan deploys, sorted by address and location. Errors: those of
/// Plan::materialise (a value is not valid JSON, too deep, too long).
[[nodiscard]] Expected<std::vector<DeployedArtifact>> deployed_artifacts(const Plan& plan);

/// True for the changes whose planned values deploy code (Lambda functions and layer versions
/// that remain after the plan).
bool deploys_code(const ResourceChange& rc);

/// The code one change deploys, from its parsed `after`, `after_unknown` (`unknown`) and
/// `after_sensitive` (`sensitive`).
std::vector<DeployedArtifact> deployed_by(const ResourceChange& rc, const nlohmann::json& after,
                                          const nlohmann::json& unknown,
                                          const nlohmann::json& sensitive);

/// "sha256:<hex>" for a SHA-256 written as 64 hex digits or as base64 of its 32 bytes, with or
/// without a "sha256:" prefix; empty for anything else.
std::string normalise_sha256(std::string_view text);

/// The SHA-256 a location names (a 64-hex run in an S3 key, an image's @sha256: digest), as
/// "sha256:<hex>"; empty when it names none.
std::string location_sha256(std::string_view location);

}  // namespace gate
