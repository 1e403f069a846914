// Running another program without a shell: its standard output and error are read through
// pipes this process owns, so what is read is exactly what the program wrote.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gate/expected.h"

namespace gate::detail {

/// What a finished program left: its exit status and what it wrote.
struct ProcessOutput {
  int exit_code = 0;      ///< the exit status, or 128 + the signal that ended it
  std::string out;        ///< standard output, complete
  std::string err;        ///< the first max_err bytes of standard error
  bool err_cut = false;   ///< standard error was longer than max_err
};

/// The executable `name` names: a path when it has a '/', else the first executable file of
/// that name on PATH; made absolute, as it may run in another directory. Empty when there is
/// none.
std::string find_executable(const std::string& name);

/// Runs argv[0] (a path, not searched) with argv in directory `cwd` (the current one when
/// empty), standard input from /dev/null, and reads its output until it exits.
/// Errors: process.start (the program could not be started), process.output-too-large (more
/// than max_out bytes on standard output; the program is killed).
[[nodiscard]] Expected<ProcessOutput> run_capturing(const std::vector<std::string>& argv,
                                                    const std::string& cwd, std::size_t max_out,
                                                    std::size_t max_err = 4096);

/// Runs argv[0] (a path, not searched) in `cwd` with this process's standard streams and
/// returns its exit status (128 + signal when a signal ended it).
/// Errors: process.start.
[[nodiscard]] Expected<int> run_inheriting(const std::vector<std::string>& argv,
                                           const std::string& cwd);

}  // namespace gate::detail
