// Reading policy test cases and running them.
#include "gate/policy_cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "gate/drift.h"
#include "gate/sensitive_values.h"
#include "policy/checker.h"
#include "policy/jsonc.h"

namespace gate {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCaseSuffix = "_test.json";

bool is_case_file(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > kCaseSuffix.size() &&
         name.compare(name.size() - kCaseSuffix.size(), kCaseSuffix.size(), kCaseSuffix) == 0;
}

std::string resolve_path(const fs::path& base, const std::string& relative) {
  return (base / relative).lexically_normal().string();
}

void read_case(const nlohmann::json& node, const std::string& pointer, const fs::path& base,
               const std::optional<std::string>& default_policies, const std::string& file,
               detail::Checker& checker, std::vector<PolicyCase>& out) {
  using detail::child_pointer;
  const std::size_t errors = checker.errors();
  if (!checker.object(node, pointer,
                      {"name", "plan", "environment", "policies", "date", "judge", "expect"},
                      {"name", "plan", "environment", "expect"}, "a test case")) {
    return;
  }
  PolicyCase c;
  c.file = file;
  c.location = checker.locate(pointer);
  c.name = checker.text(node, "name", pointer).value_or("");
  if (auto plan = checker.text(node, "plan", pointer)) {
    c.plan = resolve_path(base, *plan);
  }
  c.environment = checker.text(node, "environment", pointer).value_or("");
  auto policies = checker.text(node, "policies", pointer);
  if (!policies) {
    policies = default_policies;
  }
  if (policies) {
    c.policies = resolve_path(base, *policies);
  } else if (!node.contains("policies")) {
    checker.error("missing-key",
                  "a test case needs \"policies\" (or the file a default \"policies\")", pointer);
  }
  if (auto date = checker.string(node, "date", pointer)) {
    c.date = parse_date(*date);
    if (!c.date) {
      checker.error("bad-date", fmt::format("\"{}\" is not a calendar date written YYYY-MM-DD",
                                            *date),
                    child_pointer(pointer, "date"));
    }
  }
  if (node.contains("judge")) {
    c.drift = checker.choice(node, "judge", pointer, {"plan", "drift"}, "bad-value",
                             "what to judge") == std::optional<std::string>("drift");
  }
  if (const auto expect = node.find("expect"); expect != node.end()) {
    const std::string ep = child_pointer(pointer, "expect");
    if (checker.object(*expect, ep, {"verdict", "findings"}, {"verdict", "findings"},
                       "an expectation")) {
      if (auto verdict = checker.choice(*expect, "verdict", ep, {"pass", "fail"}, "bad-value",
                                        "verdict")) {
        c.verdict = *verdict == "pass" ? Verdict::kPass : Verdict::kFail;
      }
      const auto findings = expect->find("findings");
      const std::string fp = child_pointer(ep, "findings");
      if (findings != expect->end() && !findings->is_array()) {
        checker.error("wrong-type", "expected an array of expected findings", fp);
      } else if (findings != expect->end()) {
        for (std::size_t i = 0; i < findings->size(); ++i) {
          const std::string p = child_pointer(fp, i);
          const nlohmann::json& f = (*findings)[i];
          if (!checker.object(f, p, {"rule", "address", "waived", "message_contains"}, {"rule"},
                              "an expected finding")) {
            continue;
          }
          ExpectedFinding e;
          e.rule = checker.text(f, "rule", p).value_or("");
          e.address = checker.string(f, "address", p).value_or("");
          e.waived = checker.boolean(f, "waived", p).value_or(false);
          e.message_contains = checker.string(f, "message_contains", p).value_or("");
          c.findings.push_back(std::move(e));
        }
      }
    }
  }
  if (checker.errors() == errors) {
    out.push_back(std::move(c));
  }
}

void read_case_file(const fs::path& path, Diagnostics& diags, std::vector<PolicyCase>& out) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  if (in) {
    buffer << in.rdbuf();
  }
  if (!in || in.bad()) {
    diags.push_back(make_diagnostic("io.read", "cannot read the file", file));
    return;
  }
  const std::string text = buffer.str();
  const detail::JsoncDocument doc = detail::parse_jsonc(text);
  const detail::LineIndex lines(text);
  const auto problem = [&](const detail::JsoncProblem& p) {
    Diagnostic d = make_diagnostic("test." + p.kind, p.message, file);
    std::tie(d.location.line, d.location.column) = lines.position(p.offset);
    d.location.json_pointer = p.pointer;
    diags.push_back(std::move(d));
  };
  for (const detail::JsoncProblem& p : doc.problems) {
    problem(p);
  }
  if (doc.fatal) {
    problem(*doc.fatal);
    return;
  }
  detail::Checker checker(file, text, doc, "test", nullptr, diags);
  const nlohmann::json& root = doc.value;
  if (!checker.object(root, "", {"$schema", "description", "policies", "cases"}, {"cases"},
                      "a test case file")) {
    return;
  }
  checker.string(root, "description", "");
  checker.string(root, "$schema", "");
  const auto policies = checker.text(root, "policies", "");
  const auto cases = root.find("cases");
  if (cases == root.end()) {
    return;
  }
  if (!cases->is_array()) {
    checker.error("wrong-type", "expected an array of test cases", "/cases");
    return;
  }
  if (cases->empty()) {
    checker.error("no-cases", "the file has no test cases", "/cases");
    return;
  }
  for (std::size_t i = 0; i < cases->size(); ++i) {
    read_case((*cases)[i], detail::child_pointer("/cases", i), path.parent_path(), policies, file,
              checker, out);
  }
}

std::string describe(const ExpectedFinding& e) {
  std::string s = fmt::format("{} {}", e.rule, e.address.empty() ? "(plan)" : e.address);
  if (e.waived) {
    s += " (waived)";
  }
  if (!e.message_contains.empty()) {
    s += fmt::format(" with a message containing \"{}\"", e.message_contains);
  }
  return s;
}

std::string describe(const Finding& f) {
  return fmt::format("{} {}{} [{}]: {}", f.rule, f.address.empty() ? "(plan)" : f.address,
                     f.waived ? " (waived)" : "", to_string(f.enforcement), f.message);
}

}  // namespace

Expected<std::vector<PolicyCase>> load_policy_cases(const std::string& path) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    fs::recursive_directory_iterator it(path, ec);
    if (ec) {
      return Unexpected{make_diagnostic(
          "io.read", fmt::format("cannot read the directory: {}", ec.message()), path)};
    }
    for (const fs::directory_entry& entry : it) {
      std::error_code type_ec;
      if (entry.is_regular_file(type_ec) && is_case_file(entry.path())) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      return Unexpected{make_diagnostic(
          "test.no-cases",
          fmt::format("no test case files (*{}) in the directory", kCaseSuffix), path)};
    }
  } else if (fs::exists(path, ec)) {
    files.emplace_back(path);
  } else {
    return Unexpected{make_diagnostic("io.read", "no such file or directory", path)};
  }
  Diagnostics diags;
  std::vector<PolicyCase> cases;
  for (const fs::path& file : files) {
    read_case_file(file, diags, cases);
  }
  if (!diags.empty()) {
    return Unexpected{std::move(diags)};
  }
  return cases;
}

CaseResult PolicyCaseRunner::run(const PolicyCase& test_case) {
  CaseResult result;
  auto cached = policies_.find(test_case.policies);
  if (cached == policies_.end()) {
    cached = policies_.emplace(test_case.policies, load_policy_dir(test_case.policies)).first;
  }
  const Expected<PolicySet>& policies = cached->second;
  if (!policies) {
    result.details.push_back(render(policies.error()));
    return result;
  }
  auto plan = load_plan_file(test_case.plan);
  if (!plan) {
    result.details.push_back(render(plan.error()));
    return result;
  }
  std::optional<FixedClock> fixed;
  EvalOptions options;
  options.environment = test_case.environment;
  if (test_case.date) {
    fixed.emplace(start_of(*test_case.date));
    options.clock = &*fixed;
  }
  auto decision = test_case.drift ? evaluate_drift(*policies, *plan, options)
                                  : evaluate(*policies, *plan, options);
  if (!decision) {
    result.details.push_back(render(decision.error()));
    return result;
  }
  // Findings are printed on a mismatch: never with a sensitive value of the fixture.
  auto sensitive = collect_sensitive_values(*plan);
  if (!sensitive) {
    result.details.push_back(render(sensitive.error()));
    return result;
  }
  mask_findings(*decision, *sensitive);
  if (decision->verdict != test_case.verdict) {
    result.details.push_back(fmt::format("verdict: expected {}, got {}",
                                         to_string(test_case.verdict),
                                         to_string(decision->verdict)));
  }
  std::vector<bool> used(decision->findings.size(), false);
  for (const ExpectedFinding& e : test_case.findings) {
    bool found = false;
    for (std::size_t i = 0; i < decision->findings.size() && !found; ++i) {
      const Finding& f = decision->findings[i];
      if (!used[i] && f.rule == e.rule && f.address == e.address && f.waived == e.waived &&
          f.message.find(e.message_contains) != std::string::npos) {
        used[i] = true;
        found = true;
      }
    }
    if (!found) {
      result.details.push_back("missing finding: " + describe(e));
    }
  }
  for (std::size_t i = 0; i < decision->findings.size(); ++i) {
    if (!used[i]) {
      result.details.push_back("unexpected finding: " + describe(decision->findings[i]));
    }
  }
  result.status = result.details.empty() ? CaseResult::Status::kPass : CaseResult::Status::kFail;
  return result;
}

}  // namespace gate
