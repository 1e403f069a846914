// The text diff for terminals: grouped resources, attribute lines indented by depth, optional
// ANSI colour.
#include <fmt/format.h>

#include "gate/diff_report.h"
#include "report/diff_groups.h"
#include "report/diff_lines.h"

namespace gate {
namespace detail {
namespace {

const char* colour_of(char symbol) {
  switch (symbol) {
    case '+':
      return "\033[32m";
    case '-':
      return "\033[31m";
    case '~':
      return "\033[33m";
    default:
      return "";
  }
}

void append_lines(std::string& out, const std::vector<DiffLine>& lines, bool color) {
  for (const DiffLine& l : lines) {
    const std::string indent(static_cast<std::size_t>(4 + 4 * l.depth), ' ');
    if (color && l.symbol != ' ') {
      out += fmt::format("{}{}{}\033[0m {}\n", indent, colour_of(l.symbol), l.symbol, l.text);
    } else {
      out += fmt::format("{}{} {}\n", indent, l.symbol, l.text);
    }
  }
}

void append_resource(std::string& out, const ResourceDiff& d, bool drift,
                     const DiffRenderOptions& options) {
  const auto header = resource_header(d, drift);
  out += '\n';
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i == 0 && options.color) {
      out += fmt::format("\033[1m{}\033[0m\n", header[i]);
    } else {
      out += header[i] + '\n';
    }
  }
  append_lines(out, attribute_lines(d.root, options.full), options.color);
}

}  // namespace

std::string render_diff_text(const PlanDiff& diff, const DiffRenderOptions& options) {
  std::string out = summary_line(diff) + "\n";
  for (const DiffGroup& g : group_changes(diff)) {
    out += fmt::format("\n{} ({}):\n", g.title, g.members.size());
    for (const ResourceDiff* d : g.members) {
      append_resource(out, *d, false, options);
    }
  }
  if (!diff.drift.empty()) {
    out += fmt::format("\nObjects changed outside of Terraform ({}):\n", diff.drift.size());
    for (const ResourceDiff& d : diff.drift) {
      append_resource(out, d, true, options);
    }
  }
  if (!diff.outputs.empty()) {
    out += fmt::format("\nChanges to outputs ({}):\n\n", diff.outputs.size());
    for (const OutputDiff& o : diff.outputs) {
      DiffNode wrapper;
      wrapper.container = true;
      wrapper.change = DiffNode::Change::kUpdated;
      wrapper.children.push_back(o.root);
      append_lines(out, attribute_lines(wrapper, options.full), options.color);
    }
  }
  return out;
}

}  // namespace detail
}  // namespace gate
