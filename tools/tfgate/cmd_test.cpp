// tfgate test: runs policy test cases (plan fixture + expected verdict and findings).
#include <filesystem>

#include <fmt/format.h>

#include <gate/policy_cases.h>

#include "commands.h"
#include "options.h"

namespace tfgate {

int run_test(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "test", "tfgate test [options] DIR|FILE",
      "Runs the policy test cases of every *_test.json file under DIR (or of FILE): each case\n"
      "evaluates a plan fixture in an environment and expects a verdict and exactly the listed\n"
      "findings. Prints PASS or FAIL per case, then \"N passed, M failed\".",
      "Exit codes:\n"
      "  0  every case passed\n"
      "  1  error: unreadable or invalid case files, policies or plans, or no cases found\n"
      "  2  at least one case failed\n"};
  std::string path;
  spec.options.add_options()("cases", po::value(&path)->required(),
                             "directory of *_test.json files, or one such file");
  spec.positional.add("cases", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  auto cases = gate::load_policy_cases(path);
  if (!cases) {
    return report_error(io, cases.error());
  }
  const std::filesystem::path root =
      std::filesystem::is_directory(path) ? std::filesystem::path(path)
                                          : std::filesystem::path(path).parent_path();
  gate::PolicyCaseRunner runner;
  std::size_t passed = 0, failed = 0;
  bool error = false;
  for (const gate::PolicyCase& c : *cases) {
    const std::string file = std::filesystem::path(c.file).lexically_relative(root).string();
    const gate::CaseResult result = runner.run(c);
    const char* label = "PASS";
    if (result.status == gate::CaseResult::Status::kPass) {
      ++passed;
    } else {
      ++failed;
      error = error || result.status == gate::CaseResult::Status::kError;
      label = result.status == gate::CaseResult::Status::kError ? "ERROR" : "FAIL";
    }
    io.out << fmt::format("{} {}: {}\n", label, file, c.name);
    for (const std::string& detail : result.details) {
      std::string indented = "  " + detail;
      if (!indented.empty() && indented.back() == '\n') {
        indented.pop_back();
      }
      for (std::size_t at = indented.find('\n'); at != std::string::npos;
           at = indented.find('\n', at + 3)) {
        indented.insert(at + 1, "  ");
      }
      io.out << indented << '\n';
    }
  }
  io.out << fmt::format("{} passed, {} failed\n", passed, failed);
  if (error) {
    return kExitError;
  }
  return failed == 0 ? kExitPass : kExitDenied;
}

}  // namespace tfgate
