// tfgate policy: work on policy files without a plan. `policy lint DIR` loads and checks every
// policy file of a directory and prints every problem, or a line per environment.
#include <fmt/format.h>

#include <gate/policy.h>

#include "commands.h"
#include "options.h"

namespace tfgate {
namespace {

constexpr const char* kPolicyUsage =
    "Usage: tfgate policy <subcommand> [options]\n\n"
    "Subcommands:\n"
    "  lint DIR   load and check every policy file of DIR without evaluating a plan\n\n"
    "Run 'tfgate policy lint --help' for its options.\n";

int run_lint(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "policy lint", "tfgate policy lint [options] DIR",
      "Loads every policy file of DIR (*.json or *.jsonc, with platform.json) as `tfgate check`\n"
      "would: syntax, members, rule kinds, enforcement levels, patterns, platform references,\n"
      "inheritance, disabled rules and waivers. Then lints: resource types and attribute paths\n"
      "against the pinned AWS provider's schema (with \"did you mean\" notes), and rules or\n"
      "entries that can match nothing (disabled or scoped out everywhere, a mode or action set\n"
      "their types exclude). Prints every problem, located, or one line per environment.",
      "Exit codes:\n  0  the policies are valid\n  1  error: a policy problem, or usage\n"};
  std::string dir;
  spec.options.add_options()("dir", po::value(&dir)->required(), "policy directory");
  spec.positional.add("dir", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  gate::PolicyLoadOptions options;
  options.lint = true;
  auto policies = gate::load_policy_dir(dir, options);
  if (!policies) {
    report_error(io, policies.error());
    io.err << fmt::format("{} problem{} found\n", policies.error().size(),
                          policies.error().size() == 1 ? "" : "s");
    return kExitError;
  }
  for (const std::string& env : policies->environments()) {
    const std::string parent = policies->parent(env);
    io.out << fmt::format("{:<14} {:>3} rules  default {:<5}  {:<20} {}\n", env,
                          policies->rules(env).size(),
                          policies->default_deny(env) ? "deny" : "allow",
                          parent.empty() ? std::string() : "extends " + parent,
                          policies->digest(env));
  }
  io.out << fmt::format("{}: {} environments, no problems\n", dir,
                        policies->environments().size());
  return kExitPass;
}

}  // namespace

int run_policy(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    io.err << kPolicyUsage;
    return kExitError;
  }
  const std::string& sub = args.front();
  if (sub == "--help" || sub == "-h" || sub == "help") {
    io.out << kPolicyUsage;
    return kExitPass;
  }
  if (sub == "lint") {
    return run_lint(std::vector<std::string>(args.begin() + 1, args.end()), io);
  }
  io.err << fmt::format("tfgate policy: unknown subcommand '{}'\n\n{}", sub, kPolicyUsage);
  return kExitError;
}

}  // namespace tfgate
