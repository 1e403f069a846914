// The Markdown report for pull-request comments and $GITHUB_STEP_SUMMARY: the verdict and a
// summary table on top, then one collapsible <details> block per resource with its findings;
// blocks that do not fit under the size limit are left out with a note.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/renderers.h"

namespace gate::detail {

std::string markdown_cell_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

const char* marker(const Finding& f) {
  if (f.waived) {
    return "waived";
  }
  return blocks(f.enforcement) ? "**blocking**" : "advisory";
}

}  // namespace

std::string render_markdown_report(const Decision& decision, const ReportOptions& options) {
  const bool pass = decision.verdict == Verdict::kPass;
  std::string out = fmt::format("### tfgate check: {} in {}\n\n", pass ? "PASS" : "FAIL",
                                markdown_cell_escape(decision.environment));
  out += "| | |\n| --- | ---: |\n";
  out += fmt::format("| blocking findings | {} |\n", decision.blocking_count());
  out += fmt::format("| hard-mandatory | {} |\n", decision.count(Enforcement::kHardMandatory));
  out += fmt::format("| soft-mandatory | {} |\n", decision.count(Enforcement::kSoftMandatory));
  out += fmt::format("| advisory | {} |\n", decision.count(Enforcement::kAdvisory));
  out += fmt::format("| waived | {} |\n", decision.waived_count());
  for (Action a : kAllActions) {
    if (a != Action::kNoOp && decision.changes[a] > 0) {
      out += fmt::format("| {} | {} |\n", to_string(a), decision.changes[a]);
    }
  }
  if (decision.nothing_to_apply) {
    out += "\n**Nothing to apply**: the plan changes no resource and no output.\n";
  }
  out += fmt::format("\nPlan `{}` · policy `{}`\n\n", decision.plan_digest, decision.policy_digest);
  for (const DisabledRule& d : decision.disabled) {
    out += fmt::format("Rule {} is disabled in this environment: {}\n\n", markdown_cell_escape(d.rule),
                       markdown_cell_escape(d.reason));
  }

  // Resources in the order of their most serious finding, then by address.
  std::map<std::string, std::vector<const Finding*>> by_address;
  for (const Finding& f : decision.findings) {
    by_address[f.address.empty() ? "(plan)" : f.address].push_back(&f);
  }
  std::vector<std::pair<std::string, std::vector<const Finding*>>> resources(by_address.begin(),
                                                                              by_address.end());
  const auto rank = [](const std::vector<const Finding*>& fs) {
    return std::any_of(fs.begin(), fs.end(), [](const Finding* f) { return f->blocking(); }) ? 0 : 1;
  };
  std::stable_sort(resources.begin(), resources.end(),
                   [&](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });

  const std::size_t reserve = 300;
  std::size_t shown = 0;
  for (const auto& [address, findings] : resources) {
    std::string block = fmt::format("<details{}><summary><code>{}</code>: {} finding{}</summary>\n\n",
                                    rank(findings) == 0 ? " open" : "", markdown_cell_escape(address),
                                    findings.size(), findings.size() == 1 ? "" : "s");
    block += "| rule | level | | finding |\n| --- | --- | --- | --- |\n";
    for (const Finding* f : findings) {
      block += fmt::format("| {} | {} | {} | {} |\n", markdown_cell_escape(f->rule),
                           to_string(f->enforcement), marker(*f), markdown_cell_escape(f->message));
    }
    block += "\n</details>\n\n";
    if (out.size() + block.size() + reserve > options.markdown_limit) {
      break;
    }
    out += block;
    ++shown;
  }
  if (shown < resources.size()) {
    out += fmt::format(
        "> **Note:** {} of {} resources with findings are not shown, to stay within the size of "
        "a GitHub comment. Run `tfgate check --format text` for every finding.\n",
        resources.size() - shown, resources.size());
  }
  if (resources.empty()) {
    out += "No findings.\n";
  }
  return out;
}

}  // namespace gate::detail
