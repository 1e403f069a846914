// The tfgate command line: subcommand dispatch, shared option parsing and output helpers.
// Exit codes (DESIGN §8): 0 passed/verified, 1 error (usage, unreadable or invalid input,
// internal), 2 denied (blocking findings, or verification failed).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <gate/diagnostic.h>
#include <gate/sensitive_values.h>

namespace tfgate {

enum ExitCode : int { kExitPass = 0, kExitError = 1, kExitDenied = 2 };

/// Where a command writes, and whether standard output is a terminal (for colour).
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
};

/// Runs tfgate with the given arguments (argv[0] excluded); returns the exit code.
int run(const std::vector<std::string>& args, Io& io);

/// Runs tfgate from main().
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

/// A subcommand: its name, a one-line summary and its handler.
struct Command {
  const char* name;
  const char* summary;
  std::function<int(const std::vector<std::string>&, Io&)> handler;
};

/// Prints diagnostics to io.err, prefixed by "tfgate <command>: " on the first line.
int report_error(Io& io, const gate::Diagnostics& diagnostics);

/// Writes `text` to `path`: "-" or empty means standard output; a file is written to a
/// temporary sibling and renamed, so a failed run never leaves half a report.
/// Returns false (after printing why) when the file cannot be written. With `sensitive`, every
/// sensitive value of the plan is masked in `text` first: the last safety net, whatever the
/// renderer did.
bool write_output(Io& io, const std::string& path, const std::string& text,
                  const gate::SensitiveValues* sensitive = nullptr);

}  // namespace tfgate
