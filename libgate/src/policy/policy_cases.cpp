// Reading policy test cases and running them.
#include "gate/policy_cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
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

constexpr std::string_view kCaseSuffixes[] = {"_test.json", "_test.jsonc"};

bool is_case_file(const fs::path& path) {
  const std::string name = path.filename().string();
  for (std::string_view suffix : kCaseSuffixes) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

void read_expected_findings(const nlohmann::json& findings, const std::string& fp,
                            detail::Checker& checker, std::vector<ExpectedFinding>& out) {
  using detail::child_pointer;
  if (!findings.is_array()) {
    checker.error("wrong-type", "expected an array of expected findings", fp);
    return;
  }
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const std::string p = child_pointer(fp, i);
    const nlohmann::json& f = findings[i];
    if (!checker.object(f, p, {"rule", "address", "waived", "message_contains"}, {"rule"},
                        "an expected finding")) {
      continue;
    }
    ExpectedFinding e;
    e.rule = checker.text(f, "rule", p).value_or("");
    e.address = checker.string(f, "address", p).value_or("");
    e.waived = checker.boolean(f, "waived", p).value_or(false);
    e.message_contains = checker.string(f, "message_contains", p).value_or("");
    out.push_back(std::move(e));
  }
}

void read_absent(const nlohmann::json& absent, const std::string& ap, detail::Checker& checker,
                 std::vector<AbsentFinding>& out) {
  using detail::child_pointer;
  if (!absent.is_array()) {
    checker.error("wrong-type", "expected an array of findings that must not be reported", ap);
    return;
  }
  for (std::size_t i = 0; i < absent.size(); ++i) {
    const std::string p = child_pointer(ap, i);
    if (!checker.object(absent[i], p, {"rule", "address"}, {"rule"}, "an absent finding")) {
      continue;
    }
    AbsentFinding a;
    a.rule = checker.text(absent[i], "rule", p).value_or("");
    if (absent[i].contains("address")) {
      a.address = checker.string(absent[i], "address", p).value_or("");
    }
    out.push_back(std::move(a));
  }
}

void read_expect(const nlohmann::json& expect, const std::string& ep, detail::Checker& checker,
                 PolicyCase& c) {
  if (!checker.object(expect, ep, {"verdict", "rules", "findings", "absent"}, {},
                      "an expectation")) {
    return;
  }
  if (!expect.contains("verdict") && !expect.contains("findings") && !expect.contains("rules") &&
      !expect.contains("absent")) {
    checker.error("missing-key",
                  "an expectation needs at least one of \"verdict\", \"findings\", \"rules\" "
                  "and \"absent\"",
                  ep);
    return;
  }
  if (auto verdict =
          checker.choice(expect, "verdict", ep, {"pass", "fail"}, "bad-value", "verdict")) {
    c.verdict = *verdict == "pass" ? Verdict::kPass : Verdict::kFail;
  }
  if (expect.contains("rules")) {
    c.rules = checker.strings(expect, "rules", ep).value_or(std::vector<std::string>{});
  }
  c.check_findings = expect.contains("findings") || expect.contains("rules");
  if (const auto findings = expect.find("findings"); findings != expect.end()) {
    read_expected_findings(*findings, detail::child_pointer(ep, "findings"), checker, c.findings);
  }
  if (const auto absent = expect.find("absent"); absent != expect.end()) {
    read_absent(*absent, detail::child_pointer(ep, "absent"), checker, c.absent);
  }
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
  if (const auto plan = node.find("plan"); plan != node.end() && plan->is_object()) {
    c.inline_plan = plan->dump();
    c.plan = file + "#" + child_pointer(pointer, "plan");
  } else if (auto path = checker.text(node, "plan", pointer)) {
    c.plan = resolve_path(base, *path);
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
    read_expect(*expect, child_pointer(pointer, "expect"), checker, c);
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
          "no test case files (*_test.json or *_test.jsonc) in the directory", path)};
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

bool PolicyCase::mentions(std::string_view rule) const {
  const auto named = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& e) { return e.rule == rule; });
  };
  return named(findings) || named(absent) ||
         std::find(rules.begin(), rules.end(), rule) != rules.end();
}

std::string_view to_string(CaseResult::Status status) {
  switch (status) {
    case CaseResult::Status::kPass:
      return "pass";
    case CaseResult::Status::kFail:
      return "fail";
    case CaseResult::Status::kError:
      return "error";
  }
  return "error";
}

CaseResult PolicyCaseRunner::run(const PolicyCase& test_case, const std::string& only_rule) {
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
  auto plan = test_case.inline_plan.empty()
                  ? load_plan_file(test_case.plan)
                  : load_plan(test_case.inline_plan, test_case.plan);
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
  // Findings are printed on a mismatch: evaluate masked the fixture's sensitive values.
  // A rule the case names must be a rule of the policy set (of any environment: a case may
  // assert that a rule scoped to another environment, or disabled here, reports nothing): an
  // assertion about a misspelt rule would hold vacuously.
  std::set<std::string> known = {std::string(kExpiredWaiverRule)};
  for (const std::string& env : policies->environments()) {
    for (const RuleInfo& r : policies->rules(env)) {
      known.insert(r.id);
    }
    for (const DisabledRule& d : policies->disabled(env)) {
      known.insert(d.rule);
    }
  }
  std::vector<std::string> named = test_case.rules;
  for (const ExpectedFinding& e : test_case.findings) {
    named.push_back(e.rule);
  }
  for (const AbsentFinding& a : test_case.absent) {
    named.push_back(a.rule);
  }
  if (!only_rule.empty()) {
    named.push_back(only_rule);
  }
  for (const std::string& rule : named) {
    if (known.count(rule) == 0) {
      const std::string message = fmt::format(
          "rule {} is not a rule of the policies in {}", rule, test_case.policies);
      if (std::find(result.details.begin(), result.details.end(), message) ==
          result.details.end()) {
        result.details.push_back(message);
      }
    }
  }
  if (!result.details.empty()) {
    return result;
  }
  std::set<std::string>& exercised = exercised_[test_case.policies][test_case.environment];
  for (const std::string& rule : named) {
    exercised.insert(rule);
  }
  for (const Finding& f : decision->findings) {
    exercised.insert(f.rule);
  }

  // What this run compares: with only_rule, that rule's findings and absences alone.
  const auto compared = [&](const std::string& rule) {
    if (!only_rule.empty()) {
      return rule == only_rule;
    }
    return test_case.rules.empty() ||
           std::find(test_case.rules.begin(), test_case.rules.end(), rule) !=
               test_case.rules.end();
  };
  if (test_case.verdict && only_rule.empty() && decision->verdict != *test_case.verdict) {
    result.details.push_back(fmt::format("verdict: expected {}, got {}",
                                         to_string(*test_case.verdict),
                                         to_string(decision->verdict)));
  }
  if (test_case.check_findings) {
    std::vector<bool> used(decision->findings.size(), false);
    for (const ExpectedFinding& e : test_case.findings) {
      if (!compared(e.rule)) {
        if (only_rule.empty()) {
          result.details.push_back(fmt::format(
              "expected finding of {} outside the case's \"rules\"", e.rule));
        }
        continue;
      }
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
      if (!used[i] && compared(decision->findings[i].rule)) {
        result.details.push_back("unexpected finding: " + describe(decision->findings[i]));
      }
    }
  }
  for (const AbsentFinding& a : test_case.absent) {
    if (!only_rule.empty() && a.rule != only_rule) {
      continue;
    }
    for (const Finding& f : decision->findings) {
      if (f.rule == a.rule && (!a.address || f.address == *a.address)) {
        result.details.push_back("finding that must be absent: " + describe(f));
      }
    }
  }
  result.status = result.details.empty() ? CaseResult::Status::kPass : CaseResult::Status::kFail;
  return result;
}

std::vector<EnvironmentCoverage> PolicyCaseRunner::coverage() const {
  std::vector<EnvironmentCoverage> out;
  for (const auto& [dir, policies] : policies_) {
    if (!policies) {
      continue;
    }
    const auto seen = exercised_.find(dir);
    for (const std::string& env : policies->environments()) {
      EnvironmentCoverage c;
      c.policies = dir;
      c.environment = env;
      const std::set<std::string>* rules = nullptr;
      if (seen != exercised_.end()) {
        const auto it = seen->second.find(env);
        rules = it == seen->second.end() ? nullptr : &it->second;
      }
      for (const RuleInfo& r : policies->rules(env)) {
        c.rules.push_back(r.id);
        if (rules == nullptr || rules->count(r.id) == 0) {
          c.unexercised.push_back(r.id);
        }
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace gate
