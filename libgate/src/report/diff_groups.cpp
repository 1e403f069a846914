// Grouping and counting of changes for diff reports.
#include "report/diff_groups.h"

#include <fmt/format.h>

namespace gate::detail {
namespace {

int group_of(const ResourceDiff& d) {
  switch (d.action) {
    case Action::kCreate:
      return 0;
    case Action::kUpdate:
      return 1;
    case Action::kReplace:
    case Action::kReplaceCreateFirst:
    case Action::kForgetAndCreate:
      return 2;
    case Action::kDelete:
      return 3;
    case Action::kForget:
      return 4;
    case Action::kRead:
      return 5;
    case Action::kNoOp:
      return d.import_id ? 6 : 7;
  }
  return 7;
}

}  // namespace

std::vector<DiffGroup> group_changes(const PlanDiff& diff) {
  std::vector<DiffGroup> groups = {{"Creates", {}},  {"Updates", {}}, {"Replacements", {}},
                                   {"Deletes", {}},  {"Forgets", {}}, {"Reads", {}},
                                   {"Imports", {}},  {"Moves", {}}};
  for (const ResourceDiff& d : diff.changes) {
    groups[static_cast<std::size_t>(group_of(d))].members.push_back(&d);
  }
  std::vector<DiffGroup> out;
  for (DiffGroup& g : groups) {
    if (!g.members.empty()) {
      out.push_back(std::move(g));
    }
  }
  return out;
}

std::string summary_line(const PlanDiff& diff) {
  const ActionCounts& c = diff.counts;
  std::size_t imports = 0, moves = 0;
  for (const ResourceDiff& d : diff.changes) {
    imports += d.import_id ? 1 : 0;
    moves += d.previous_address.empty() ? 0 : 1;
  }
  const std::size_t replaces =
      c[Action::kReplace] + c[Action::kReplaceCreateFirst] + c[Action::kForgetAndCreate];
  if (c.changed() == 0 && imports == 0 && moves == 0 && diff.outputs.empty()) {
    return "No changes.";
  }
  std::string line = fmt::format("Plan: {} to create, {} to update, {} to replace, {} to delete",
                                 c[Action::kCreate], c[Action::kUpdate], replaces,
                                 c[Action::kDelete]);
  if (c[Action::kForget] > 0) {
    line += fmt::format(", {} to forget", c[Action::kForget]);
  }
  if (c[Action::kRead] > 0) {
    line += fmt::format(", {} to read", c[Action::kRead]);
  }
  if (imports > 0) {
    line += fmt::format(", {} to import", imports);
  }
  if (moves > 0) {
    line += fmt::format(", {} moved", moves);
  }
  return line + ".";
}

}  // namespace gate::detail
