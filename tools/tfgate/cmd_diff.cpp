// tfgate diff: what a plan changes. --summary prints one line per action with its count, then
// the changed addresses grouped by action.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <gate/diff_report.h>
#include <gate/plan.h>
#include <gate/plan_diff.h>
#include <gate/sensitive_values.h>

#include "commands.h"
#include "options.h"
#include "plan_source.h"

namespace tfgate {
namespace {

std::string display_address(const gate::ResourceChange& rc) {
  return rc.deposed.empty() ? rc.address : fmt::format("{} (deposed {})", rc.address, rc.deposed);
}

std::string summary_text(const gate::Plan& plan) {
  const gate::ActionCounts counts = gate::count_actions(plan);
  if (counts.total() == 0) {
    return "no resource changes\n";
  }
  std::string out;
  for (gate::Action a : gate::kAllActions) {
    if (counts[a] > 0) {
      out += fmt::format("{:<22} {:>7}\n", gate::to_string(a), counts[a]);
    }
  }
  for (gate::Action a : gate::kAllActions) {
    if (a == gate::Action::kNoOp || counts[a] == 0) {
      continue;
    }
    out += fmt::format("\n{} ({}):\n", gate::to_string(a), counts[a]);
    for (const gate::ResourceChange& rc : plan.resource_changes) {
      if (rc.action == a) {
        out += "  " + display_address(rc) + '\n';
      }
    }
  }
  return out;
}

std::string summary_json(const gate::Plan& plan) {
  const gate::ActionCounts counts = gate::count_actions(plan);
  nlohmann::ordered_json j;
  j["total"] = counts.total();
  auto& c = j["counts"] = nlohmann::ordered_json::object();
  for (gate::Action a : gate::kAllActions) {
    c[std::string(gate::to_string(a))] = counts[a];
  }
  auto& changes = j["changes"] = nlohmann::ordered_json::object();
  for (gate::Action a : gate::kAllActions) {
    if (a == gate::Action::kNoOp || counts[a] == 0) {
      continue;
    }
    auto& list = changes[std::string(gate::to_string(a))] = nlohmann::ordered_json::array();
    for (const gate::ResourceChange& rc : plan.resource_changes) {
      if (rc.action == a) {
        list.push_back(display_address(rc));
      }
    }
  }
  return j.dump(2) + '\n';
}

}  // namespace

int run_diff(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "diff", "tfgate diff [options] (PLAN.json | --plan-file tfplan)",
      "Shows reviewers what a plan changes, resource by resource and attribute by attribute,\n"
      "grouped by action (creates, updates, replacements, deletes, forgets, reads, imports,\n"
      "moves), then objects changed outside Terraform and outputs. Unknown values show as\n"
      "(known after apply), sensitive ones as (sensitive value); attributes holding JSON\n"
      "documents (IAM policies, SCPs) are compared as JSON; attributes that force a\n"
      "replacement are marked. With --summary: one line per action with its count, then the\n"
      "changed addresses grouped by action. Given --plan-file without PLAN.json, tfgate runs\n"
      "`terraform show -json` on a private copy of the saved plan file (--terraform, --chdir).",
      kExitCodesSimple};
  std::string plan_path, plan_file, format, output, color;
  TerraformOptions terraform;
  spec.options.add_options()
      ("plan", po::value(&plan_path), "plan JSON (`terraform show -json tfplan`); - for stdin")
      ("plan-file", po::value(&plan_file), "saved plan file, shown by terraform (without PLAN.json)")
      ("summary", "counts and addresses by action only")
      ("full", "also show unchanged attributes")
      ("color", po::value(&color)->default_value("auto"), "auto | always | never (text only)")
      ("format", po::value(&format)->default_value("text"), "text | markdown | json")
      ("output,o", po::value(&output)->default_value("-"), "write to FILE instead of stdout");
  terraform.add_to(spec.options);
  spec.positional.add("plan", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  const auto diff_format = gate::parse_diff_format(format);
  const bool summary = vm->count("summary") != 0;
  if (!diff_format || (summary && *diff_format == gate::DiffFormat::kMarkdown)) {
    io.err << fmt::format("tfgate diff: unknown format '{}' (expected {})\n", format,
                          summary ? "text or json" : "text, markdown or json");
    return kExitError;
  }
  if (color != "auto" && color != "always" && color != "never") {
    io.err << fmt::format("tfgate diff: --color must be auto, always or never, not '{}'\n", color);
    return kExitError;
  }
  auto loaded = load_command_plan("diff", plan_path, plan_file, terraform, {}, io);
  if (!loaded) {
    return kExitError;
  }
  const gate::Plan* plan = &loaded->plan;
  auto sensitive = gate::collect_sensitive_values(*plan);
  if (!sensitive) {
    return report_error(io, sensitive.error());
  }
  std::string text;
  if (summary) {
    text = format == "json" ? summary_json(*plan) : summary_text(*plan);
  } else {
    gate::DiffOptions diff_options;
    diff_options.sensitive = &*sensitive;
    auto diff = gate::diff_plan(*plan, diff_options);
    if (!diff) {
      return report_error(io, diff.error());
    }
    gate::DiffRenderOptions options;
    options.full = vm->count("full") != 0;
    const bool to_terminal = (output.empty() || output == "-") && io.out_is_tty;
    options.color = *diff_format == gate::DiffFormat::kText &&
                    (color == "always" || (color == "auto" && to_terminal));
    text = gate::render_diff(*diff, *diff_format, options);
  }
  return write_output(io, output, text, &*sensitive) ? kExitPass : kExitError;
}

}  // namespace tfgate
