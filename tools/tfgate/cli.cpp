// Subcommand dispatch, top-level help, and the output helpers every command shares.
#include "cli.h"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include <gate/version.h>

#include "commands.h"

namespace tfgate {
namespace {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"approve", "sign an approval of a decision record (with overrides of soft findings)",
       run_approve},
      {"attach-signature", "complete an envelope with an externally made signature (KMS)",
       run_attach_signature},
      {"check", "evaluate a plan against an environment's policies (exit 2 when denied)",
       run_check},
      {"diff", "show what a plan changes (--summary: counts and addresses by action)", run_diff},
      {"digest", "print SHA-256 digests of a plan, its saved plan file and artifacts", run_digest},
      {"drift", "judge objects changed outside Terraform (a refresh-only plan; exit 2 when blocked)",
       run_drift},
      {"keygen", "make an ECDSA P-256 key pair for signing records", run_keygen},
      {"policy", "check policy files without a plan (policy lint DIR)", run_policy},
      {"test", "run policy test cases (*_test.json): plan fixtures and expected findings",
       run_test},
      {"verify", "check the records of a plan before apply: signatures, digests, approvals",
       run_verify},
      {"version", "print the tfgate and libgate version", run_version},
  };
  return table;
}

void print_usage(std::ostream& out) {
  out << "Usage: tfgate <command> [options]\n\n"
         "tfgate reads `terraform show -json` plans, evaluates policies, and binds approvals to\n"
         "the exact plan that will be applied.\n\nCommands:\n";
  for (const Command& c : commands()) {
    out << fmt::format("  {:<17} {}\n", c.name, c.summary);
  }
  out << "\nRun 'tfgate <command> --help' for a command's options.\n"
         "Exit codes: 0 passed, 1 error, 2 denied or not verified.\n";
}

}  // namespace

int run(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    print_usage(io.err);
    return kExitError;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(io.out);
    return kExitPass;
  }
  if (name == "--version") {
    return run_version({}, io);
  }
  for (const Command& c : commands()) {
    if (name == c.name) {
      try {
        return c.handler(std::vector<std::string>(args.begin() + 1, args.end()), io);
      } catch (const std::bad_alloc&) {
        io.err << fmt::format("tfgate {}: out of memory\n", name);
      } catch (const std::exception&) {
        // A library's exception text means nothing to the user and may quote internals.
        io.err << fmt::format(
            "tfgate {}: internal error: an unexpected condition stopped the command (a bug in "
            "tfgate); nothing was decided\n",
            name);
      }
      return kExitError;
    }
  }
  io.err << fmt::format("tfgate: unknown command '{}'\n\n", name);
  print_usage(io.err);
  return kExitError;
}

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Io io{out, err, ::isatty(STDOUT_FILENO) == 1};
  const int code = run(args, io);
  out.flush();
  return code;
}

int report_error(Io& io, const gate::Diagnostics& diagnostics) {
  io.err << gate::render(diagnostics);
  return kExitError;
}

bool write_output(Io& io, const std::string& path, const std::string& text,
                  const gate::SensitiveValues* sensitive) {
  const bool masks = sensitive != nullptr && !sensitive->empty();
  const std::string masked = masks ? sensitive->mask(text) : std::string();
  const std::string& bytes = masks ? masked : text;
  if (path.empty() || path == "-") {
    io.out << bytes;
    return true;
  }
  const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << bytes;
    file.close();
    if (!file) {
      std::remove(temporary.c_str());
      io.err << fmt::format("tfgate: cannot write {}\n", path);
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    io.err << fmt::format("tfgate: cannot write {}\n", path);
    return false;
  }
  return true;
}

}  // namespace tfgate
