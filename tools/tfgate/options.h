// Option parsing shared by the subcommands (Boost.Program_options), with uniform --help
// output and usage errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include <gate/policy.h>
#include <gate/report.h>

#include "cli.h"

namespace tfgate {

namespace po = boost::program_options;

/// What a subcommand accepts, for parsing and for --help.
struct CommandSpec {
  CommandSpec(const char* name_, const char* synopsis_, const char* summary_,
              const char* exit_codes_)
      : name(name_), synopsis(synopsis_), summary(summary_), exit_codes(exit_codes_) {}
  const char* name;       ///< "digest"
  const char* synopsis;   ///< "tfgate digest [options] PLAN.json"
  const char* summary;    ///< one paragraph describing the command
  const char* exit_codes; ///< the exit-code lines of --help
  po::options_description options{"Options"};
  po::positional_options_description positional;
};

/// Parses `args`. Returns the values, or nullopt when --help was printed (exit_code 0) or the
/// arguments were wrong (a usage error was printed, exit_code 1).
std::optional<po::variables_map> parse_options(CommandSpec& spec,
                                               const std::vector<std::string>& args, Io& io,
                                               int& exit_code);

/// Digests the files of repeated `--artifact NAME=PATH` options into `digests` (name -> digest).
/// Returns false after printing why (malformed option, repeated name, unreadable file).
bool digest_artifacts(const char* command, const std::vector<std::string>& options, Io& io,
                      std::map<std::string, std::string>& digests);

/// Parses a `--format` of a policy report (`command` names the command in the message). Returns
/// nullopt after printing the formats there are.
std::optional<gate::ReportFormat> report_format_option(const char* command,
                                                       const std::string& format, Io& io);

/// Loads the policy directory and checks that it has `environment`. Returns nullopt after
/// printing the located problems.
std::optional<gate::PolicySet> load_environment_policies(const std::string& policies_dir,
                                                         const std::string& environment, Io& io);

/// Exit-code text for commands that only succeed or fail.
inline constexpr const char* kExitCodesSimple =
    "Exit codes:\n  0  success\n  1  error: usage, unreadable or invalid input\n";

}  // namespace tfgate
