// Shared option parsing for tfgate subcommands.
#include "options.h"

#include <fmt/format.h>

#include <sstream>

#include <gate/digest.h>

namespace tfgate {

std::optional<po::variables_map> parse_options(CommandSpec& spec,
                                               const std::vector<std::string>& args, Io& io,
                                               int& exit_code) {
  spec.options.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(spec.options).positional(spec.positional).run(),
              vm);
    if (vm.count("help") != 0) {
      std::ostringstream help;
      help << "Usage: " << spec.synopsis << "\n\n" << spec.summary << "\n\n" << spec.options
           << '\n' << spec.exit_codes;
      io.out << help.str();
      exit_code = kExitPass;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    io.err << fmt::format("tfgate {}: {}\nUsage: {}\nRun 'tfgate {} --help' for the options.\n",
                          spec.name, e.what(), spec.synopsis, spec.name);
    exit_code = kExitError;
    return std::nullopt;
  }
  return vm;
}

bool digest_artifacts(const char* command, const std::vector<std::string>& options, Io& io,
                      std::map<std::string, std::string>& digests) {
  for (const std::string& a : options) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == a.size()) {
      io.err << fmt::format("tfgate {}: --artifact needs NAME=PATH, got '{}'\n", command, a);
      return false;
    }
    const std::string name = a.substr(0, eq);
    if (digests.count(name) != 0) {
      io.err << fmt::format("tfgate {}: artifact '{}' given twice\n", command, name);
      return false;
    }
    auto d = gate::digest_file(a.substr(eq + 1));
    if (!d) {
      report_error(io, d.error());
      return false;
    }
    digests[name] = *d;
  }
  return true;
}

std::optional<gate::ReportFormat> report_format_option(const char* command,
                                                       const std::string& format, Io& io) {
  std::optional<gate::ReportFormat> parsed = gate::parse_report_format(format);
  if (!parsed) {
    io.err << fmt::format("tfgate {}: unknown format '{}' (expected {})\n", command, format,
                          fmt::join(gate::report_format_names(), " or "));
  }
  return parsed;
}

std::optional<gate::PolicySet> load_environment_policies(const std::string& policies_dir,
                                                         const std::string& environment, Io& io) {
  auto policies = gate::load_policy_dir(policies_dir);
  if (!policies) {
    report_error(io, policies.error());
    return std::nullopt;
  }
  if (auto unknown = policies->check_environment(environment)) {
    unknown->location.file = policies_dir;
    report_error(io, {*unknown});
    return std::nullopt;
  }
  return std::move(*policies);
}

}  // namespace tfgate
