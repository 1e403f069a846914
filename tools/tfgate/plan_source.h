// Where a command's plan comes from: a plan JSON file (`terraform show -json tfplan > plan.json`)
// or, with --plan-file and no JSON, the saved plan file itself, read once into a private copy
// and shown by terraform through a pipe (gate/saved_plan.h).
#pragma once

#include <optional>
#include <string>

#include <gate/expected.h>
#include <gate/plan.h>
#include <gate/saved_plan.h>

#include "options.h"

namespace tfgate {

/// The options that say how to run terraform on a saved plan file.
struct TerraformOptions {
  std::string terraform;  ///< --terraform PATH
  std::string chdir;      ///< --chdir DIR

  /// Adds --terraform and --chdir to `options`.
  void add_to(po::options_description& options);
  /// As gate::ShowOptions.
  gate::ShowOptions show() const;
};

/// A loaded plan, and the private copy of the saved plan file it was shown from (none when
/// it came from a JSON file).
struct LoadedPlan {
  gate::Plan plan;
  std::optional<gate::PlanCopy> copy;
};

/// Loads the plan JSON at `json_path` when it is given, else shows `plan_file`. Prints why
/// and returns nullopt when neither is given or the plan cannot be read.
std::optional<LoadedPlan> load_command_plan(const char* command, const std::string& json_path,
                                            const std::string& plan_file,
                                            const TerraformOptions& terraform,
                                            const gate::LoadOptions& load, Io& io);

}  // namespace tfgate
