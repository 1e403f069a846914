// The policy digest `tfgate verify` compares records against: the digest of the environment's
// resolved policy in the policy directory, as `tfgate check` records it.
#include <fmt/format.h>

#include <gate/policy.h>

#include "policy_digest.h"

namespace tfgate {

gate::Expected<std::string> policy_digest_for(const std::string& dir,
                                              const std::string& environment) {
  auto policies = gate::load_policy_dir(dir);
  if (!policies) {
    return gate::Unexpected{policies.error()};
  }
  if (auto unknown = policies->check_environment(environment)) {
    unknown->location.file = dir;
    return gate::Unexpected{std::move(*unknown)};
  }
  return policies->digest(environment);
}

}  // namespace tfgate
