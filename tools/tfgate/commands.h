// The subcommand handlers, one file each (cmd_<name>.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <gate/clock.h>
#include <gate/expected.h>

#include "cli.h"

namespace tfgate {

int run_approve(const std::vector<std::string>& args, Io& io);
int run_attach_signature(const std::vector<std::string>& args, Io& io);
int run_check(const std::vector<std::string>& args, Io& io);
int run_digest(const std::vector<std::string>& args, Io& io);
int run_diff(const std::vector<std::string>& args, Io& io);
int run_drift(const std::vector<std::string>& args, Io& io);
int run_keygen(const std::vector<std::string>& args, Io& io);
int run_policy(const std::vector<std::string>& args, Io& io);
int run_test(const std::vector<std::string>& args, Io& io);
int run_verify(const std::vector<std::string>& args, Io& io);
int run_version(const std::vector<std::string>& args, Io& io);

/// What `tfgate verify` takes from its surroundings; tests replace them.
struct VerifyHooks {
  /// The policy digest of (--policies DIR, --env ENV); policy_digest_for by default.
  std::function<gate::Expected<std::string>(const std::string&, const std::string&)>
      policy_digest;
  /// The clock expiry is judged by; the system clock when null.
  const gate::Clock* clock = nullptr;
};

/// `tfgate verify` with the given hooks.
int run_verify_with(const std::vector<std::string>& args, Io& io, const VerifyHooks& hooks);

}  // namespace tfgate
