// The subcommand handlers, one file each (cmd_<name>.cpp).
#pragma once

#include <string>
#include <vector>

#include "cli.h"

namespace tfgate {

int run_check(const std::vector<std::string>& args, Io& io);
int run_digest(const std::vector<std::string>& args, Io& io);
int run_diff(const std::vector<std::string>& args, Io& io);
int run_policy(const std::vector<std::string>& args, Io& io);
int run_test(const std::vector<std::string>& args, Io& io);
int run_version(const std::vector<std::string>& args, Io& io);

}  // namespace tfgate
