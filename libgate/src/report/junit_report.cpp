// The JUnit XML report, for CI test tabs: a test suite per check, a test case per rule and
// resource it reported on (a failure for a blocking finding, skipped for a waived one, passing
// with the message in its name for an advisory one) and one passing case per rule that found
// nothing. Shaped to the Ant JUnit schema (fixtures/schemas/junit.xsd).
#include <map>

#include <fmt/format.h>

#include "report/renderers.h"

namespace gate::detail {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';  // not allowed in XML 1.0
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_junit_report(const Decision& decision, const ReportOptions& options) {
  const std::vector<RuleInfo> rules = described_rules(decision, options);
  std::map<std::string, std::vector<const Finding*>> by_rule;
  for (const Finding& f : decision.findings) {
    by_rule[f.rule].push_back(&f);
  }
  std::string cases;
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const RuleInfo& r : rules) {
    const auto found = by_rule.find(r.id);
    if (found == by_rule.end()) {
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}: no findings\" time=\"0\"/>\n",
                           xml_escape(r.id), xml_escape(r.title.empty() ? r.id : r.title));
      ++tests;
      continue;
    }
    for (const Finding* f : found->second) {
      ++tests;
      const std::string name = f->address.empty() ? "(plan)" : f->address;
      if (!f->waived && !f->blocking()) {
        // The schema gives test cases no output element: an advisory finding is a passing
        // case that carries its message in its name.
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"/>\n",
                             xml_escape(r.id), xml_escape(name + " (advisory: " + f->message + ")"));
        continue;
      }
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
                           xml_escape(r.id), xml_escape(name));
      if (f->waived) {
        ++skipped;
        cases += fmt::format("      <skipped message=\"waived: {}\"/>\n",
                             xml_escape(f->waiver ? f->waiver->reason : "waived"));
      } else {
        ++failures;
        cases += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                             xml_escape(f->message), to_string(f->enforcement),
                             xml_escape(f->rule + " " + name + ": " + f->message));
      }
      cases += "    </testcase>\n";
    }
  }
  const std::string timestamp = options.timestamp.empty() ? "1970-01-01T00:00:00" : options.timestamp;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += fmt::format(
      "  <testsuite package=\"tfgate\" id=\"0\" name=\"tfgate check {}\" timestamp=\"{}\" "
      "hostname=\"tfgate\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n",
      xml_escape(decision.environment), xml_escape(timestamp), tests, failures, skipped);
  out += "    <properties>\n";
  out += fmt::format("      <property name=\"verdict\" value=\"{}\"/>\n", to_string(decision.verdict));
  out += fmt::format("      <property name=\"plan_json\" value=\"{}\"/>\n", decision.plan_digest);
  out += fmt::format("      <property name=\"policy\" value=\"{}\"/>\n", decision.policy_digest);
  if (decision.nothing_to_apply) {
    out += "      <property name=\"nothing_to_apply\" value=\"true\"/>\n";
  }
  out += "    </properties>\n";
  out += cases;
  out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace gate::detail
