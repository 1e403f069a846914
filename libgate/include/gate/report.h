// Reports of a Decision for people and tools. One function per format behind one entry point,
// render_report(); each format lives in its own file under src/report/ so that further formats
// (markdown, sarif, junit, github) are added beside them.
//
//   std::string text = gate::render_report(*decision, gate::ReportFormat::kJson);
//
// The JSON report (format "json"), stable: members always present, in this order.
//   {
//     "version": 1,
//     "verdict": "pass" | "fail",
//     "environment": "prod",
//     "nothing_to_apply": false,         // true: the plan changes nothing (gate::nothing_to_apply)
//     "findings": [                      // sorted by rule, address, message
//       {"rule": "PROD-001", "title": "...", "enforcement": "hard-mandatory",
//        "address": "aws_s3_bucket.x" | null (a finding about the whole plan),
//        "message": "...", "pointer": "/resource_changes/3" | null, "waived": false,
//        "waiver": null | {"owner", "reason", "expires": "YYYY-MM-DD", "address"}}
//     ],
//     "summary": {
//       "changes": {"create": 0, "update": 0, "replace": 0, "replace-create-first": 0,
//                   "forget-create": 0, "delete": 0, "forget": 0, "read": 0, "no-op": 0,
//                   "total": 0},
//       "findings": {"hard-mandatory": 0, "soft-mandatory": 0, "advisory": 0, "waived": 0},
//       "blocking": 0                    // unwaived soft- and hard-mandatory findings
//     },
//     "digests": {"plan_json": "sha256:...", "policy": "sha256:...",
//                 "semantic": "sha256:..."}   // "semantic" only when it was computed
//   }
// Findings counts are of unwaived findings; "waived" counts the waived ones. No plan value
// marked sensitive appears in any report; no time of day appears unless a finding states it.
//
// Thread-safety: reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/evaluate.h"

namespace gate {

/// The formats render_report() writes.
enum class ReportFormat {
  kText,      ///< for terminals and logs
  kJson,      ///< for tools: the stable document described above
  kMarkdown,  ///< pull-request comments and $GITHUB_STEP_SUMMARY: a summary table, then one
              ///< <details> block per resource; under options.markdown_limit characters
  kSarif,     ///< SARIF 2.1.0: one rule per policy rule (options.rules), one result per finding
              ///< (logical location: the resource address; stable partial fingerprints; waived
              ///< findings carry a suppression)
  kJunit,     ///< JUnit XML: one test case per rule and resource it reported on (failure for a
              ///< blocking finding, skipped for a waived one), one passing case per rule that
              ///< found nothing
  kGithub,    ///< GitHub workflow commands: ::error for blocking, ::warning for advisory,
              ///< ::notice for waived findings
};

/// "text", "json", "markdown", "sarif", "junit" or "github".
std::string_view to_string(ReportFormat format);

/// Parses a format name; nullopt for an unknown one.
std::optional<ReportFormat> parse_report_format(std::string_view name);

/// Every format name, in the order --help lists them.
const std::vector<std::string_view>& report_format_names();

/// How to render.
struct ReportOptions {
  bool colour = false;  ///< ANSI colours (text only; for terminals)
  /// The rules of the environment, for SARIF's rule list and JUnit's passing cases (with
  /// PolicySet::rules(environment)); when empty, only the rules that reported are listed.
  std::vector<RuleInfo> rules;
  /// The plan file as the reader named it (SARIF artifact location); may be empty.
  std::string plan_uri;
  /// JUnit's timestamp ("YYYY-MM-DDTHH:MM:SS", no zone): the plan's own timestamp, so that the
  /// same plan always gives the same report. Empty: 1970-01-01T00:00:00.
  std::string timestamp;
  /// Markdown only: the report stays under this many characters (GitHub comments hold 65,536);
  /// resources that do not fit are left out with a note saying how many.
  std::size_t markdown_limit = 60000;
};

/// The report of `decision` in `format`, ending with a newline.
std::string render_report(const Decision& decision, ReportFormat format,
                          const ReportOptions& options = {});

/// The JSON report as a value (members in the documented order).
nlohmann::ordered_json decision_to_json(const Decision& decision);

}  // namespace gate
