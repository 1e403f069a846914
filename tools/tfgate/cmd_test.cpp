// tfgate test: runs policy test cases (a plan, inline or a fixture, and the expected verdict
// and findings) and reports them as text, JUnit XML or JSON, with the rules no case exercises.
#include <filesystem>

#include <fmt/format.h>
#include <gate/policy_cases.h>

#include "commands.h"
#include "options.h"

namespace tfgate {

int run_test(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "test", "tfgate test [options] DIR|FILE",
      "Runs the policy test cases of every *_test.json (or *_test.jsonc) file under DIR, or of\n"
      "FILE: each case evaluates a plan (a fixture file or an inline plan) in an environment and\n"
      "expects a verdict, the findings (all, or those of the rules it names) and findings that\n"
      "must be absent. Prints PASS, FAIL or ERROR per case, \"N passed, M failed\", and per\n"
      "environment the rules no case exercises. With --rule, runs only the cases that name the\n"
      "rule or compare every finding, and checks only that rule's findings in them.",
      "Exit codes:\n"
      "  0  every case passed\n"
      "  1  error: unreadable or invalid case files, policies or plans, or no cases found\n"
      "  2  at least one case failed\n"};
  std::string path, rule, format, output;
  spec.options.add_options()("cases", po::value(&path)->required(),
                             "directory of *_test.json files, or one such file")(
      "rule", po::value(&rule), "run only what concerns this rule id")(
      "format", po::value(&format)->default_value("text"), "text, junit or json")(
      "output,o", po::value(&output)->default_value("-"), "where to write the results (- stdout)");
  spec.positional.add("cases", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  if (format != "text" && format != "junit" && format != "json") {
    io.err << fmt::format("tfgate test: unknown format '{}' (expected text, junit or json)\n",
                          format);
    return kExitError;
  }
  auto cases = gate::load_policy_cases(path);
  if (!cases) {
    return report_error(io, cases.error());
  }
  const std::filesystem::path root = std::filesystem::is_directory(path)
                                         ? std::filesystem::path(path)
                                         : std::filesystem::path(path).parent_path();
  gate::PolicyCaseRunner runner;
  std::vector<gate::CaseOutcome> outcomes;
  for (const gate::PolicyCase& c : *cases) {
    if (!rule.empty() && !c.mentions(rule) && !(c.check_findings && c.rules.empty())) {
      continue;
    }
    gate::CaseOutcome o;
    o.file = std::filesystem::path(c.file).lexically_relative(root).string();
    o.test_case = &c;
    o.result = runner.run(c, rule);
    outcomes.push_back(std::move(o));
  }
  if (outcomes.empty()) {
    io.err << fmt::format("tfgate test: no case concerns rule {}\n", rule);
    return kExitError;
  }
  // Coverage says what the whole suite leaves untested; a run narrowed to one rule says nothing
  // about the others.
  const std::vector<gate::EnvironmentCoverage> coverage =
      rule.empty() ? runner.coverage() : std::vector<gate::EnvironmentCoverage>{};
  const std::string text = format == "junit"  ? gate::render_case_junit(outcomes, coverage)
                           : format == "json" ? gate::render_case_json(outcomes, coverage)
                                              : gate::render_case_text(outcomes, coverage);
  if (!write_output(io, output, text)) {
    return kExitError;
  }
  bool error = false, failed = false;
  for (const gate::CaseOutcome& o : outcomes) {
    error = error || o.result.status == gate::CaseResult::Status::kError;
    failed = failed || o.result.status != gate::CaseResult::Status::kPass;
  }
  if (error) {
    return kExitError;
  }
  return failed ? kExitDenied : kExitPass;
}

}  // namespace tfgate
