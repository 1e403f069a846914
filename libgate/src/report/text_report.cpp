// The text report: a summary line, the findings grouped as blocking, advisory and waived, one
// line each ("ID [level] address: message"), then the digests.
#include <fmt/format.h>

#include "report/renderers.h"

namespace gate::detail {
namespace {

std::string finding_line(const Finding& f) {
  std::string line = fmt::format("  {} [{}] {}: {}", f.rule, to_string(f.enforcement),
                                 f.address.empty() ? "(plan)" : f.address, f.message);
  if (f.waived && f.waiver) {
    line += fmt::format(" (waived until {}, owner {}: {})", to_string(f.waiver->expires),
                        f.waiver->owner, f.waiver->reason);
  }
  return line + '\n';
}

// "2 changes (1 create, 1 update)", and the data sources read during apply, which can have
// effects of their own: "..., 1 read".
std::string changes_phrase(const ActionCounts& counts) {
  const std::string reads =
      counts[Action::kRead] > 0 ? fmt::format(", {} read", counts[Action::kRead]) : std::string();
  if (counts.changed() == 0) {
    return "no changes" + reads;
  }
  std::string parts;
  for (Action a : kAllActions) {
    if (a == Action::kNoOp || a == Action::kRead || counts[a] == 0) {
      continue;
    }
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", counts[a], to_string(a));
  }
  return fmt::format("{} change{} ({}){}", counts.changed(), counts.changed() == 1 ? "" : "s",
                     parts, reads);
}

}  // namespace

std::string render_text_report(const Decision& decision, const ReportOptions& options) {
  const bool pass = decision.verdict == Verdict::kPass;
  std::string verdict = pass ? "PASS" : "FAIL";
  if (options.colour) {
    verdict = fmt::format("\x1b[1;{}m{}\x1b[0m", pass ? 32 : 31, verdict);
  }
  std::string out = fmt::format(
      "{} {}: findings: {} blocking, {} advisory, {} waived; {}\n", verdict,
      decision.environment, decision.blocking_count(), decision.count(Enforcement::kAdvisory),
      decision.waived_count(),
      decision.nothing_to_apply ? std::string("nothing to apply") : changes_phrase(decision.changes));
  const auto group = [&](const char* heading, auto&& wanted) {
    std::string lines;
    for (const Finding& f : decision.findings) {
      if (wanted(f)) {
        lines += finding_line(f);
      }
    }
    if (!lines.empty()) {
      out += fmt::format("\n{}:\n{}", heading, lines);
    }
  };
  group("Blocking", [](const Finding& f) { return f.blocking(); });
  group("Advisory", [](const Finding& f) { return !f.waived && !blocks(f.enforcement); });
  group("Waived", [](const Finding& f) { return f.waived; });
  if (!decision.disabled.empty()) {
    out += "\nDisabled in this environment:\n";
    for (const DisabledRule& d : decision.disabled) {
      out += fmt::format("  {}: {}\n", d.rule, d.reason);
    }
  }
  out += '\n';
  out += fmt::format("plan_json  {}\npolicy     {}\n", decision.plan_digest,
                     decision.policy_digest);
  if (!decision.semantic_digest.empty()) {
    out += fmt::format("semantic   {}\n", decision.semantic_digest);
  }
  return out;
}

}  // namespace gate::detail
