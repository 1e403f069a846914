// tfgate verify: the last gate before `terraform apply tfplan`. Checks the decision and approval
// records against the trust file, the files about to be applied and the policy in force, and
// prints every step (gate/verify.h lists them).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include <gate/digest.h>
#include <gate/record.h>
#include <gate/saved_plan.h>
#include <gate/trust.h>
#include <gate/verify.h>

#include "commands.h"
#include "options.h"
#include "plan_source.h"
#include "policy_digest.h"

namespace tfgate {
namespace {

std::string verification_text(const gate::Verification& v, std::size_t records) {
  std::string out =
      fmt::format("tfgate verify: environment {}, {} {}\n", v.environment, records,
                  records == 1 ? "record" : "records");
  for (const gate::VerifyStep& s : v.steps) {
    out += fmt::format("  {:<4}  {:<12}  {}\n", s.passed ? "ok" : "FAIL", s.name, s.reason);
  }
  if (const gate::VerifyStep* failure = v.failure()) {
    out += fmt::format("not verified: step {} failed: {}\n", failure->name, failure->reason);
  } else {
    out += fmt::format("verified: the plan file may be applied to {}\n", v.environment);
  }
  return out;
}

// Splits `args` at --exec: the options before it, and the command after it (a leading "--"
// dropped). Returns false when --exec has no command.
bool split_exec(const std::vector<std::string>& args, std::vector<std::string>& options,
                std::vector<std::string>& command, bool& has_exec) {
  const auto at = std::find(args.begin(), args.end(), "--exec");
  options.assign(args.begin(), at);
  has_exec = at != args.end();
  if (!has_exec) {
    return true;
  }
  auto first = at + 1;
  if (first != args.end() && *first == "--") {
    ++first;
  }
  command.assign(first, args.end());
  return !command.empty();
}

}  // namespace

int run_verify(const std::vector<std::string>& args, Io& io) {
  return run_verify_with(args, io, VerifyHooks{});
}

int run_verify_with(const std::vector<std::string>& args, Io& io, const VerifyHooks& hooks) {
  CommandSpec spec{
      "verify",
      "tfgate verify --env ENV --plan-file tfplan --records FILE... --trust FILE\n"
      "                     --policies DIR [--artifact NAME=PATH]... [--format text|json]\n"
      "                     [--terraform PATH] [--chdir DIR] [--exec -- COMMAND...]",
      "Verifies, before `terraform apply tfplan`, that a trusted decision record exists for\n"
      "exactly the files about to be applied, and that it is approved as the trust file\n"
      "requires. Records may be given in any order: the decision for ENV, its approvals, and\n"
      "the previous stage's decision with its approvals.\n\n"
      "The plan file is read once into a private directory (mode 0700); the copy is digested\n"
      "and `terraform show -json` runs on it (--terraform, --chdir), so every step judges the\n"
      "same bytes. The steps, in order (the first failure stops):\n"
      "  envelope     every record is a well-formed DSSE envelope of an in-toto statement\n"
      "  signature    signed by a decision / approval key the trust file trusts for ENV\n"
      "  statement    in-toto Statement v1\n"
      "  subjects     tfplan and every --artifact equal the record's subjects, and vice versa\n"
      "  plan content the plan file's `terraform show -json` has the decision's semantic digest\n"
      "  environment  the records are for ENV\n"
      "  expiry       the decision has not expired\n"
      "  verdict      passed, or every blocking finding soft-mandatory and overridden by an\n"
      "               authorised approver\n"
      "  approvers    enough distinct approvers, never the decision's author\n"
      "  policy       the decision's policy digest is the digest of the policy in force\n"
      "  chain        the previous stage's decision (requires_previous) is verified and has\n"
      "               the same app artifact digests\n\n"
      "Approver and author identities are compared trimmed and ASCII case-folded; one with\n"
      "control, format (zero-width) or non-ASCII white-space characters fails.\n\n"
      "With --exec -- COMMAND..., everything after --exec is a command run once verification\n"
      "passed, with the path of the verified private copy appended as its last argument, in\n"
      "the stack directory: `--exec -- terraform apply -input=false` applies exactly the bytes\n"
      "verified, whatever happens to the original file meanwhile. tfgate then exits with the\n"
      "command's exit code. Do not name the plan file in COMMAND.",
      "Exit codes:\n  0  verified: the plan file may be applied\n"
      "  1  error: usage, unreadable or malformed records, trust file or policies, or\n"
      "     terraform cannot show the plan file\n"
      "  2  not verified: a step failed (its name and reason are printed)\n"
      "  with --exec, once verified: COMMAND's exit code (128 + N when signal N ended it)\n"};
  std::string env, plan_file, trust_path, policies, format, output;
  std::vector<std::string> records_paths, artifact_options;
  spec.options.add_options()
      ("env", po::value(&env)->required(), "environment about to be deployed")
      ("plan-file", po::value(&plan_file)->required(), "saved plan file about to be applied")
      ("records", po::value(&records_paths)->multitoken()->composing()->required(),
       "decision and approval records (any order)")
      ("trust", po::value(&trust_path)->required(), "trust file (keys and approvers)")
      ("policies", po::value(&policies)->required(), "policy folder in force")
      ("artifact", po::value(&artifact_options)->composing(),
       "NAME=PATH of an app artifact about to be deployed (repeatable)")
      ("format", po::value(&format)->default_value("text"), "text | json")
      ("output,o", po::value(&output)->default_value("-"), "write the report to FILE");
  TerraformOptions terraform;
  terraform.add_to(spec.options);
  spec.options.add_options()("exec", "-- COMMAND...: run COMMAND on the verified copy (last)");
  std::vector<std::string> option_args, exec_command;
  bool has_exec = false;
  if (!split_exec(args, option_args, exec_command, has_exec)) {
    io.err << "tfgate verify: --exec needs a command, e.g. --exec -- terraform apply "
              "-input=false\n";
    return kExitError;
  }
  int code = 0;
  if (!parse_options(spec, option_args, io, code)) {
    return code;
  }
  if (has_exec) {
    const std::string name = std::filesystem::path(plan_file).filename().string();
    for (const std::string& a : exec_command) {
      if (a == plan_file || a == name) {
        io.err << fmt::format(
            "tfgate verify: do not name the plan file in the --exec command ('{}'): tfgate "
            "appends the path of the verified copy\n",
            a);
        return kExitError;
      }
    }
  }
  if (format != "text" && format != "json") {
    io.err << fmt::format("tfgate verify: unknown format '{}' (expected text or json)\n", format);
    return kExitError;
  }
  auto trust = gate::load_trust_file(trust_path);
  if (!trust) {
    return report_error(io, trust.error());
  }
  if (trust->find(env) == nullptr) {
    gate::Diagnostic d = gate::make_diagnostic(
        "trust.unknown-environment",
        fmt::format("the trust file does not name environment \"{}\"", env), trust_path);
    return report_error(io, {d});
  }
  auto policy_digest =
      hooks.policy_digest ? hooks.policy_digest(policies, env) : policy_digest_for(policies, env);
  if (!policy_digest) {
    return report_error(io, policy_digest.error());
  }
  gate::VerifyRequest request;
  request.environment = env;
  request.policy_digest = *policy_digest;
  auto copy = gate::PlanCopy::make(plan_file);
  if (!copy) {
    return report_error(io, copy.error());
  }
  request.plan_file_digest = copy->digest();
  auto semantic = gate::saved_plan_semantic_digest(*copy, terraform.show());
  if (!semantic) {
    return report_error(io, semantic.error());
  }
  request.plan_semantic_digest = *semantic;
  if (!digest_artifacts("verify", artifact_options, io, request.artifacts)) {
    return kExitError;
  }
  std::vector<gate::Record> records;
  gate::Diagnostics problems;
  for (const std::string& path : records_paths) {
    auto record = gate::load_record_file(path);
    if (record) {
      records.push_back(std::move(*record));
    } else {
      problems.insert(problems.end(), record.error().begin(), record.error().end());
    }
  }
  if (!problems.empty()) {
    return report_error(io, problems);
  }
  const gate::SystemClock system_clock;
  auto verification = gate::verify_records(
      records, *trust, request, hooks.clock != nullptr ? *hooks.clock : system_clock);
  if (!verification) {
    return report_error(io, verification.error());
  }
  const std::string text = format == "json" ? gate::to_json(*verification).dump(2) + '\n'
                                            : verification_text(*verification, records.size());
  if (!write_output(io, output, text)) {
    return kExitError;
  }
  if (!verification->passed()) {
    return kExitDenied;
  }
  if (!has_exec) {
    return kExitPass;
  }
  exec_command.push_back(copy->path());
  io.out.flush();
  auto exit_code = gate::run_command(exec_command, gate::stack_directory(*copy, terraform.show()));
  if (!exit_code) {
    return report_error(io, exit_code.error());
  }
  return *exit_code;
}

}  // namespace tfgate
