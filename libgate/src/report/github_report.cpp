// GitHub workflow commands: one annotation per finding (::error for blocking, ::warning for
// advisory, ::notice for waived findings), titled with the rule, then the verdict as a notice.
// Data and properties are escaped as the runner requires.
#include <fmt/format.h>

#include "report/renderers.h"

namespace gate::detail {
namespace {

std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string render_github_report(const Decision& decision) {
  std::string out;
  for (const Finding& f : decision.findings) {
    const char* command = f.waived ? "notice" : f.blocking() ? "error" : "warning";
    out += fmt::format("::{} title={}::{}{}: {}\n", command,
                       escape_property(f.rule + " " + f.title),
                       escape_data(f.address.empty() ? "(plan)" : f.address),
                       f.waived ? " (waived)" : "", escape_data(f.message));
  }
  out += fmt::format("::notice title=tfgate check {}::{}: {} blocking finding{}{}\n",
                     escape_property(decision.environment),
                     decision.verdict == Verdict::kPass ? "PASS" : "FAIL",
                     decision.blocking_count(), decision.blocking_count() == 1 ? "" : "s",
                     decision.nothing_to_apply ? "; nothing to apply" : "");
  return out;
}

}  // namespace gate::detail
