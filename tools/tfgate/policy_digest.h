// Where `tfgate verify` gets the digest of the policy in force: the one seam between the record
// commands and the policy engine. policy_digest_source.cpp implements it.
#pragma once

#include <string>

#include <gate/expected.h>

namespace tfgate {

/// "sha256:<hex>" of the resolved policy set for `environment` in the policy folder `dir`.
/// Errors: those of loading the policies.
[[nodiscard]] gate::Expected<std::string> policy_digest_for(const std::string& dir,
                                                            const std::string& environment);

}  // namespace tfgate
