// Format names and the dispatch of render_report() to one renderer per format.
#include <algorithm>

#include "gate/report.h"
#include "report/renderers.h"

namespace gate {

std::string_view to_string(ReportFormat format) {
  switch (format) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kMarkdown:
      return "markdown";
    case ReportFormat::kSarif:
      return "sarif";
    case ReportFormat::kJunit:
      return "junit";
    case ReportFormat::kGithub:
      return "github";
  }
  return "text";
}

const std::vector<std::string_view>& report_format_names() {
  static const std::vector<std::string_view> names = {"text",  "json",  "markdown",
                                                      "sarif", "junit", "github"};
  return names;
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (ReportFormat f : {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kMarkdown,
                        ReportFormat::kSarif, ReportFormat::kJunit, ReportFormat::kGithub}) {
    if (to_string(f) == name) {
      return f;
    }
  }
  return std::nullopt;
}

std::string render_report(const Decision& decision, ReportFormat format,
                          const ReportOptions& options) {
  switch (format) {
    case ReportFormat::kText:
      return detail::render_text_report(decision, options);
    case ReportFormat::kJson:
      return detail::render_json_report(decision);
    case ReportFormat::kMarkdown:
      return detail::render_markdown_report(decision, options);
    case ReportFormat::kSarif:
      return detail::render_sarif_report(decision, options);
    case ReportFormat::kJunit:
      return detail::render_junit_report(decision, options);
    case ReportFormat::kGithub:
      return detail::render_github_report(decision);
  }
  return detail::render_text_report(decision, options);
}

namespace detail {

std::vector<RuleInfo> described_rules(const Decision& decision, const ReportOptions& options) {
  std::vector<RuleInfo> rules = options.rules;
  for (const Finding& f : decision.findings) {
    const bool listed = std::any_of(rules.begin(), rules.end(),
                                    [&](const RuleInfo& r) { return r.id == f.rule; });
    if (!listed) {
      RuleInfo info;
      info.id = f.rule;
      info.title = f.title;
      info.enforcement = f.enforcement;
      rules.push_back(std::move(info));
    }
  }
  std::sort(rules.begin(), rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return rules;
}

}  // namespace detail
}  // namespace gate
