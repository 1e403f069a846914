// The policy digest source while the policy engine is not part of the build: every call is an
// error, so `tfgate verify` exits 1 rather than judge records against an unknown policy.
// Replaced by the implementation that loads the policy set and digests its canonical form.
#include "policy_digest.h"

#include <fmt/format.h>

namespace tfgate {

gate::Expected<std::string> policy_digest_for(const std::string& dir,
                                              const std::string& environment) {
  gate::Diagnostic d = gate::make_diagnostic(
      "policy.engine-missing",
      fmt::format("policy engine not linked: cannot compute the {} policy digest", environment),
      dir);
  return gate::Unexpected{std::move(d)};
}

}  // namespace tfgate
