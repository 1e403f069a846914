// tfgate diff: what a plan changes. --summary prints one line per action with its count, then
// the changed addresses grouped by action.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <gate/plan.h>

#include "commands.h"
#include "options.h"

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
  CommandSpec spec{"diff", "tfgate diff --summary [options] PLAN.json",
                   "Shows what a plan changes. With --summary: one line per action with its\n"
                   "count, then the changed addresses grouped by action.",
                   kExitCodesSimple};
  std::string plan_path, format, output;
  spec.options.add_options()
      ("plan", po::value(&plan_path)->required(), "plan JSON (`terraform show -json tfplan`); - for stdin")
      ("summary", "counts and addresses by action")
      ("format", po::value(&format)->default_value("text"), "text | json")
      ("output,o", po::value(&output)->default_value("-"), "write to FILE instead of stdout");
  spec.positional.add("plan", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  if (format != "text" && format != "json") {
    io.err << fmt::format("tfgate diff: unknown format '{}' (expected text or json)\n", format);
    return kExitError;
  }
  if (vm->count("summary") == 0) {
    io.err << "tfgate diff: only --summary is available in this version\n";
    return kExitError;
  }
  auto plan = gate::load_plan_file(plan_path);
  if (!plan) {
    return report_error(io, plan.error());
  }
  const std::string text = format == "json" ? summary_json(*plan) : summary_text(*plan);
  return write_output(io, output, text) ? kExitPass : kExitError;
}

}  // namespace tfgate
