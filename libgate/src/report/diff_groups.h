// How diff reports group and count resource changes: creates, updates, replacements, deletes,
// forgets, reads, imports and moves, in that order, and the one-line plan summary.
#pragma once

#include <string>
#include <vector>

#include "gate/diff_report.h"
#include "gate/plan_diff.h"

namespace gate::detail {

struct DiffGroup {
  const char* title;                          // "Creates"
  std::vector<const ResourceDiff*> members;  // in plan order
};

/// The non-empty groups of diff.changes.
std::vector<DiffGroup> group_changes(const PlanDiff& diff);

/// The three renderers behind gate::render_diff.
std::string render_diff_text(const PlanDiff& diff, const DiffRenderOptions& options);
std::string render_diff_markdown(const PlanDiff& diff, const DiffRenderOptions& options);
std::string render_diff_json(const PlanDiff& diff, const DiffRenderOptions& options);

/// "Plan: 1 to create, 2 to update, 0 to replace, 1 to delete." or "No changes."
std::string summary_line(const PlanDiff& diff);

}  // namespace gate::detail
