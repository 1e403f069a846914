// GitHub workflow commands: one annotation per finding (::error for blocking, ::warning for
// advisory, ::notice for waived findings), titled with the rule, then the verdict as a notice.
// Data and properties are escaped as the runner requires.
#include <fmt/format.h>

#include "report/renderers.h"

namespace gate::detail {

std::string github_data_escape(std::string_view s) {
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

std::string github_property_escape(std::string_view s) {
  std::string out;
  for (char c : github_data_escape(s)) {
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

std::string render_github_report(const Decision& decision) {
  std::string out;
  for (const Finding& f : decision.findings) {
    const char* command = f.waived ? "notice" : f.blocking() ? "error" : "warning";
    out += fmt::format("::{} title={}::{}{}: {}\n", command,
                       github_property_escape(f.rule + " " + f.title),
                       github_data_escape(f.address.empty() ? "(plan)" : f.address),
                       f.waived ? " (waived)" : "", github_data_escape(f.message));
  }
  out += fmt::format("::notice title=tfgate check {}::{}: {} blocking finding{}{}\n",
                     github_property_escape(decision.environment),
                     decision.verdict == Verdict::kPass ? "PASS" : "FAIL",
                     decision.blocking_count(), decision.blocking_count() == 1 ? "" : "s",
                     decision.nothing_to_apply ? "; nothing to apply" : "");
  return out;
}

}  // namespace gate::detail
