// The text, JUnit and JSON renderings of policy test results (gate/policy_cases.h).
#include "gate/policy_cases.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/renderers.h"

namespace gate {
namespace {

using detail::xml_escape;

std::string indented(const std::string& detail) {
  std::string out = "  " + detail;
  if (out.back() == '\n') {
    out.pop_back();
  }
  for (std::size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at + 3)) {
    out.insert(at + 1, "  ");
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    out += line;
    if (out.empty() || out.back() != '\n') {
      out += '\n';
    }
  }
  return out;
}

std::size_t count(const std::vector<CaseOutcome>& outcomes, CaseResult::Status status) {
  std::size_t n = 0;
  for (const CaseOutcome& o : outcomes) {
    n += o.result.status == status ? 1 : 0;
  }
  return n;
}

}  // namespace

std::string render_case_text(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<EnvironmentCoverage>& coverage) {
  std::string out;
  for (const CaseOutcome& o : outcomes) {
    const char* label = o.result.status == CaseResult::Status::kPass   ? "PASS"
                        : o.result.status == CaseResult::Status::kFail ? "FAIL"
                                                                             : "ERROR";
    out += fmt::format("{} {}: {}\n", label, o.file, o.test_case->name);
    for (const std::string& detail : o.result.details) {
      out += indented(detail) + '\n';
    }
  }
  const std::size_t passed = count(outcomes, CaseResult::Status::kPass);
  out += fmt::format("{} passed, {} failed\n", passed, outcomes.size() - passed);
  std::map<std::string, int> dirs;
  for (const EnvironmentCoverage& c : coverage) {
    ++dirs[c.policies];
  }
  for (const EnvironmentCoverage& c : coverage) {
    std::string where;
    if (dirs.size() > 1) {
      where = c.policies;
      while (where.size() > 1 && where.back() == '/') {
        where.pop_back();
      }
      where += ' ';
    }
    out += fmt::format("coverage {}{}: {} of {} rules exercised", where, c.environment,
                       c.rules.size() - c.unexercised.size(), c.rules.size());
    if (!c.unexercised.empty()) {
      out += fmt::format("; not exercised: {}", fmt::join(c.unexercised, ", "));
    }
    out += '\n';
  }
  return out;
}

std::string render_case_junit(const std::vector<CaseOutcome>& outcomes,
                              const std::vector<EnvironmentCoverage>& coverage) {
  std::map<std::string, std::vector<const CaseOutcome*>> by_file;
  for (const CaseOutcome& o : outcomes) {
    by_file[o.file].push_back(&o);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  int id = 0;
  for (const auto& [file, cases] : by_file) {
    std::string body;
    std::size_t failures = 0, errors = 0;
    for (const CaseOutcome* o : cases) {
      const PolicyCase& c = *o->test_case;
      const std::string classname = file + "." + c.environment;
      if (o->result.status == CaseResult::Status::kPass) {
        body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"/>\n",
                            xml_escape(classname), xml_escape(c.name));
        continue;
      }
      const bool error = o->result.status == CaseResult::Status::kError;
      (error ? errors : failures) += 1;
      const std::string details = joined(o->result.details);
      const std::string first = o->result.details.empty() ? std::string() : o->result.details[0];
      body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
                          xml_escape(classname), xml_escape(c.name));
      body +=
          fmt::format("      <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n",
                      error ? "error" : "failure", xml_escape(first.substr(0, first.find('\n'))),
                      error ? "error" : "policy-test", xml_escape(details));
      body += "    </testcase>\n";
    }
    out += fmt::format(
        "  <testsuite package=\"tfgate\" id=\"{}\" name=\"{}\" timestamp=\"1970-01-01T00:00:00\" "
        "hostname=\"tfgate\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
        "time=\"0\">\n",
        id++, xml_escape(file), cases.size(), failures, errors);
    out += "    <properties>\n";
    for (const EnvironmentCoverage& c : coverage) {
      out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n",
                         xml_escape("not-exercised." + c.environment),
                         xml_escape(fmt::format("{}", fmt::join(c.unexercised, " "))));
    }
    out += "    </properties>\n";
    out += body;
    out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string render_case_json(const std::vector<CaseOutcome>& outcomes,
                             const std::vector<EnvironmentCoverage>& coverage) {
  nlohmann::ordered_json j;
  j["version"] = kCaseJsonVersion;
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const CaseOutcome& o : outcomes) {
    nlohmann::ordered_json c;
    c["file"] = o.file;
    c["name"] = o.test_case->name;
    c["environment"] = o.test_case->environment;
    c["status"] = std::string(to_string(o.result.status));
    c["details"] = o.result.details;
    cases.push_back(std::move(c));
  }
  j["cases"] = std::move(cases);
  const std::size_t passed = count(outcomes, CaseResult::Status::kPass);
  j["summary"] = {{"passed", passed},
                  {"failed", count(outcomes, CaseResult::Status::kFail)},
                  {"errors", count(outcomes, CaseResult::Status::kError)}};
  nlohmann::ordered_json cov = nlohmann::ordered_json::array();
  for (const EnvironmentCoverage& c : coverage) {
    cov.push_back({{"policies", c.policies},
                   {"environment", c.environment},
                   {"rules", c.rules.size()},
                   {"exercised", c.rules.size() - c.unexercised.size()},
                   {"not_exercised", c.unexercised}});
  }
  j["coverage"] = std::move(cov);
  return j.dump(2) + '\n';
}

}  // namespace gate
