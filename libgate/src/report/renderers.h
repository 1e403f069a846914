// The renderer of each report format (one source file each).
#pragma once

#include <string>
#include <string_view>

#include "gate/report.h"

namespace gate::detail {

std::string render_text_report(const Decision& decision, const ReportOptions& options);
std::string render_json_report(const Decision& decision);
std::string render_markdown_report(const Decision& decision, const ReportOptions& options);
std::string render_sarif_report(const Decision& decision, const ReportOptions& options);
std::string render_junit_report(const Decision& decision, const ReportOptions& options);
std::string render_github_report(const Decision& decision);

/// `s` escaped for XML 1.0 text and attribute values; control characters XML 1.0 does not
/// allow become '?'.
std::string xml_escape(std::string_view s);

/// `s` escaped for HTML text and attribute values (<, >, &, ").
std::string html_escape(std::string_view s);

/// `s` for a Markdown table cell: `|` escaped, <, > and & as entities, line breaks as spaces.
std::string markdown_cell_escape(std::string_view s);

/// `s` as the data of a GitHub workflow command (%, CR and LF percent-encoded).
std::string github_data_escape(std::string_view s);

/// `s` as a property value of a GitHub workflow command (the data escapes, plus : and ,).
std::string github_property_escape(std::string_view s);

/// The rules to describe: options.rules, plus any rule that reported but is not listed there
/// (expired waivers), in id order.
std::vector<RuleInfo> described_rules(const Decision& decision, const ReportOptions& options);

}  // namespace gate::detail
