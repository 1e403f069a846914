// Plans from JSON files or from saved plan files (see plan_source.h).
#include "plan_source.h"

#include <fmt/format.h>

namespace tfgate {

void TerraformOptions::add_to(po::options_description& options) {
  options.add_options()
      ("terraform", po::value(&terraform),
       "terraform or tofu binary that shows --plan-file (default: $TFGATE_TERRAFORM, else "
       "terraform, then tofu, on PATH)")
      ("chdir", po::value(&chdir),
       "initialised stack directory terraform runs in (default: the plan file's directory)");
}

gate::ShowOptions TerraformOptions::show() const {
  gate::ShowOptions o;
  o.terraform = terraform;
  o.chdir = chdir;
  return o;
}

std::optional<LoadedPlan> load_command_plan(const char* command, const std::string& json_path,
                                            const std::string& plan_file,
                                            const TerraformOptions& terraform,
                                            const gate::LoadOptions& load, Io& io) {
  if (!json_path.empty()) {
    auto plan = gate::load_plan_file(json_path, load);
    if (!plan) {
      report_error(io, plan.error());
      return std::nullopt;
    }
    return LoadedPlan{std::move(*plan), std::nullopt};
  }
  if (plan_file.empty()) {
    io.err << fmt::format(
        "tfgate {}: no plan; give the plan JSON (`terraform show -json tfplan`) or the saved "
        "plan file with --plan-file tfplan\n",
        command);
    return std::nullopt;
  }
  auto copy = gate::PlanCopy::make(plan_file);
  if (!copy) {
    report_error(io, copy.error());
    return std::nullopt;
  }
  auto plan = gate::load_saved_plan(*copy, terraform.show(), load);
  if (!plan) {
    report_error(io, plan.error());
    return std::nullopt;
  }
  return LoadedPlan{std::move(*plan), std::move(*copy)};
}

}  // namespace tfgate
