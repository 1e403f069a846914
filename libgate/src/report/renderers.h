// The renderer of each report format (one source file each).
#pragma once

#include <string>

#include "gate/report.h"

namespace gate::detail {

std::string render_text_report(const Decision& decision, const ReportOptions& options);
std::string render_json_report(const Decision& decision);

}  // namespace gate::detail
