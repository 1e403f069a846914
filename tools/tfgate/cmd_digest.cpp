// tfgate digest: SHA-256 digests of the plan JSON bytes, the semantic plan, the saved plan
// file and app artifacts, as text or JSON.
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <gate/digest.h>
#include <gate/plan.h>

#include "commands.h"
#include "options.h"
#include "plan_source.h"

namespace tfgate {

int run_digest(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "digest", "tfgate digest [options] [PLAN.json]",
      "Prints the SHA-256 digests an approval is bound to: the plan JSON bytes (plan_json), the\n"
      "semantic plan digest (RFC 8785 canonical JSON without `timestamp`: equal for the same\n"
      "plan re-spaced, re-ordered or re-timestamped), the saved plan file (--plan-file) and\n"
      "app artifacts (--artifact name=path). Given --plan-file without PLAN.json, the plan\n"
      "JSON digested is `terraform show -json` of a private copy of the saved plan file\n"
      "(--terraform, --chdir), and the plan_file digest is that copy's.",
      kExitCodesSimple};
  std::string plan_path, plan_file, format, output;
  std::vector<std::string> artifacts;
  TerraformOptions terraform;
  spec.options.add_options()
      ("plan", po::value(&plan_path), "plan JSON (`terraform show -json tfplan`); - for stdin")
      ("plan-file", po::value(&plan_file), "saved plan file (`terraform plan -out=tfplan`)")
      ("artifact", po::value(&artifacts)->composing(), "NAME=PATH of an app artifact (repeatable)")
      ("format", po::value(&format)->default_value("text"), "text | json")
      ("output,o", po::value(&output)->default_value("-"), "write to FILE instead of stdout");
  terraform.add_to(spec.options);
  spec.positional.add("plan", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  if (format != "text" && format != "json") {
    io.err << fmt::format("tfgate digest: unknown format '{}' (expected text or json)\n", format);
    return kExitError;
  }
  if (plan_path.empty() && plan_file.empty() && artifacts.empty()) {
    io.err << "tfgate digest: nothing to digest; give a plan JSON, --plan-file or --artifact\n";
    return kExitError;
  }

  // Ordered rows: name -> digest.
  std::vector<std::pair<std::string, std::string>> rows;
  std::map<std::string, std::string> artifact_digests;
  std::optional<LoadedPlan> loaded;
  gate::LoadOptions digest_options;
  digest_options.digest_bytes = true;  // hashed on the other core while the plan is read
  if (!plan_path.empty() || !plan_file.empty()) {
    loaded = load_command_plan("digest", plan_path, plan_file, terraform, digest_options, io);
    if (!loaded) {
      return kExitError;
    }
    rows.emplace_back("plan_json", loaded->plan.bytes_digest());  // digest_options asked for it
    auto semantic = gate::semantic_plan_digest(loaded->plan);
    if (!semantic) {
      return report_error(io, semantic.error());
    }
    rows.emplace_back("semantic", *semantic);
  }
  if (loaded && loaded->copy) {
    rows.emplace_back("plan_file", loaded->copy->digest());
  } else if (!plan_file.empty()) {
    auto d = gate::digest_file(plan_file);
    if (!d) {
      return report_error(io, d.error());
    }
    rows.emplace_back("plan_file", *d);
  }
  if (!digest_artifacts("digest", artifacts, io, artifact_digests)) {
    return kExitError;
  }

  std::string text;
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [name, digest] : rows) {
      j[name] = digest;
    }
    if (!artifact_digests.empty()) {
      j["artifacts"] = artifact_digests;
    }
    text = j.dump(2) + '\n';
  } else {
    for (const auto& [name, digest] : rows) {
      text += fmt::format("{:<10} {}\n", name, digest);
    }
    for (const auto& [name, digest] : artifact_digests) {
      text += fmt::format("{:<10} {}\n", "artifact:" + name, digest);
    }
  }
  return write_output(io, output, text) ? kExitPass : kExitError;
}

}  // namespace tfgate
