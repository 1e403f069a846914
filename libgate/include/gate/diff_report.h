// Rendering a PlanDiff for people and tools: text for terminals (colour optional), Markdown for
// pull-request comments and $GITHUB_STEP_SUMMARY (kept under GitHub's comment limit), and JSON
// with a stable schema. No renderer ever prints a value marked sensitive.
//
//   std::string md = gate::render_diff(diff, gate::DiffFormat::kMarkdown, {});
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "gate/plan_diff.h"

namespace gate {

enum class DiffFormat { kText, kMarkdown, kJson };

struct DiffRenderOptions {
  bool full = false;   ///< also show unchanged attributes
  bool color = false;  ///< ANSI colours (text only)
  /// Markdown only: the rendered text stays under this many characters; resources that do not
  /// fit are left out with a note saying how many (GitHub comments hold 65,536).
  std::size_t markdown_limit = 60000;
};

/// Renders the diff in the given format.
std::string render_diff(const PlanDiff& diff, DiffFormat format, const DiffRenderOptions& options);

/// Parses "text", "markdown" or "json".
std::optional<DiffFormat> parse_diff_format(std::string_view name);

}  // namespace gate
