// The Markdown diff for pull-request comments and $GITHUB_STEP_SUMMARY: a summary table, then
// one collapsible <details> block per resource with a ```diff body, kept under a size limit.
#include <algorithm>

#include <fmt/format.h>

#include "gate/diff_report.h"
#include "report/diff_groups.h"
#include "report/diff_lines.h"

namespace gate {
namespace detail {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// A code fence longer than any run of backticks in the body.
std::string fence_for(const std::string& body) {
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string resource_block(const ResourceDiff& d, bool drift, const DiffRenderOptions& options) {
  const auto header = resource_header(d, drift);
  std::string body;
  for (std::size_t i = 1; i < header.size(); ++i) {
    body += header[i] + '\n';
  }
  for (const DiffLine& l : attribute_lines(d.root, options.full)) {
    body += fmt::format("{} {}{}\n", l.symbol, std::string(static_cast<std::size_t>(2 * l.depth), ' '),
                        l.text);
  }
  const std::string fence = fence_for(body);
  return fmt::format("<details><summary><code>{}</code></summary>\n\n{}diff\n{}{}\n\n</details>\n\n",
                     html_escape(header.front()), fence, body, fence);
}

}  // namespace

std::string render_diff_markdown(const PlanDiff& diff, const DiffRenderOptions& options) {
  std::string out = fmt::format("### {}\n\n", summary_line(diff));
  out += "| action | resources |\n| --- | ---: |\n";
  for (Action a : kAllActions) {
    if (a != Action::kNoOp && diff.counts[a] > 0) {
      out += fmt::format("| {} | {} |\n", to_string(a), diff.counts[a]);
    }
  }
  out += fmt::format("| no-op | {} |\n\n", diff.counts[Action::kNoOp]);

  std::vector<std::pair<std::string, std::vector<std::string>>> sections;
  for (const DiffGroup& g : group_changes(diff)) {
    std::vector<std::string> blocks;
    for (const ResourceDiff* d : g.members) {
      blocks.push_back(resource_block(*d, false, options));
    }
    sections.emplace_back(fmt::format("#### {} ({})\n\n", g.title, g.members.size()),
                          std::move(blocks));
  }
  if (!diff.drift.empty()) {
    std::vector<std::string> blocks;
    for (const ResourceDiff& d : diff.drift) {
      blocks.push_back(resource_block(d, true, options));
    }
    sections.emplace_back(
        fmt::format("#### Objects changed outside of Terraform ({})\n\n", diff.drift.size()),
        std::move(blocks));
  }
  if (!diff.outputs.empty()) {
    std::string body;
    for (const OutputDiff& o : diff.outputs) {
      DiffNode wrapper;
      wrapper.container = true;
      wrapper.change = DiffNode::Change::kUpdated;
      wrapper.children.push_back(o.root);
      for (const DiffLine& l : attribute_lines(wrapper, options.full)) {
        body += fmt::format("{} {}{}\n", l.symbol,
                            std::string(static_cast<std::size_t>(2 * l.depth), ' '), l.text);
      }
    }
    const std::string fence = fence_for(body);
    sections.emplace_back(fmt::format("#### Changes to outputs ({})\n\n", diff.outputs.size()),
                          std::vector<std::string>{fmt::format("{}diff\n{}{}\n\n", fence, body, fence)});
  }

  std::size_t total = 0, shown = 0;
  for (const auto& s : sections) {
    total += s.second.size();
  }
  const std::size_t reserve = 400;  // room for the truncation note
  bool truncated = false;
  for (const auto& [title, blocks] : sections) {
    if (truncated) {
      break;
    }
    if (out.size() + title.size() + reserve > options.markdown_limit) {
      truncated = true;
      break;
    }
    out += title;
    for (const std::string& block : blocks) {
      if (out.size() + block.size() + reserve > options.markdown_limit) {
        truncated = true;
        break;
      }
      out += block;
      ++shown;
    }
  }
  if (truncated) {
    out += fmt::format(
        "> **Note:** {} of {} entries are not shown, to stay within the size of a GitHub "
        "comment. Run `tfgate diff` for the full diff.\n",
        total - shown, total);
  }
  return out;
}

}  // namespace detail
}  // namespace gate
