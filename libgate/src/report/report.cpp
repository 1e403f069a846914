// Format names and the dispatch of render_report() to one renderer per format.
#include "gate/report.h"
#include "report/renderers.h"

namespace gate {

std::string_view to_string(ReportFormat format) {
  switch (format) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kJson:
      return "json";
  }
  return "text";
}

const std::vector<std::string_view>& report_format_names() {
  static const std::vector<std::string_view> names = {"text", "json"};
  return names;
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (ReportFormat f : {ReportFormat::kText, ReportFormat::kJson}) {
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
  }
  return detail::render_text_report(decision, options);
}

}  // namespace gate
