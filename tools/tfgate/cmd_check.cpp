// tfgate check: evaluates a plan against an environment's policies and reports the decision.
#include <future>

#include <fmt/format.h>

#include <gate/digest.h>
#include <gate/evaluate.h>
#include <gate/plan.h>
#include <gate/policy.h>
#include <gate/report.h>
#include <gate/sensitive_values.h>

#include "commands.h"
#include "decision_record.h"
#include "options.h"
#include "plan_source.h"

namespace tfgate {

int run_check(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "check", "tfgate check --env ENV [options] (PLAN.json | --plan-file tfplan)",
      "Evaluates a plan (`terraform show -json tfplan`) against the policies of one\n"
      "environment and reports the decision: the verdict, every finding (blocking, advisory,\n"
      "waived), the change counts and the digests of the plan JSON and of the policy.\n\n"
      "Given --plan-file without PLAN.json, tfgate reads the saved plan file itself: it copies\n"
      "it once into a private directory, digests the copy and runs `terraform show -json` on\n"
      "it (--terraform, --chdir), so the plan judged is exactly the file the record binds.\n\n"
      "With --record, also writes the decision record (in-toto statement urn:tfgate:decision:v1\n"
      "in a DSSE envelope) bound to the saved plan file (--plan-file) and the app artifacts\n"
      "(--artifact NAME=PATH), signed with --key, or with --emit-pae left for an external\n"
      "signer (`tfgate attach-signature`). The record is written whatever the verdict, so that\n"
      "a denied plan can still be reviewed; the exit code says the verdict.",
      "Exit codes:\n"
      "  0  passed: no blocking finding\n"
      "  1  error: usage, unreadable or invalid plan or policies, unknown environment\n"
      "  2  denied: at least one unwaived soft- or hard-mandatory finding\n"};
  std::string plan_path, policies_dir, environment, format, output;
  RecordRequest record;
  spec.options.add_options()
      ("plan", po::value(&plan_path), "plan JSON; - for stdin")
      ("policies", po::value(&policies_dir)->default_value("policies"), "policy directory")
      ("env", po::value(&environment)->required(), "environment whose policies apply")
      ("format", po::value(&format)->default_value("text"),
       "text | json | markdown | sarif | junit | github")
      ("output,o", po::value(&output)->default_value("-"), "write the report to FILE")
      ("semantic-digest", "also compute the semantic plan digest (re-reads the whole plan)")
      ("record", po::value(&record.output), "write the signed decision record to FILE")
      ("plan-file", po::value(&record.plan_file),
       "saved plan file: judged itself without PLAN.json; the record is bound to it")
      ("key", po::value(&record.key), "PEM private key that signs the record")
      ("emit-pae", po::value(&record.emit_pae), "write the bytes to sign to FILE instead; "
                                                "--record gets the unsigned envelope")
      ("artifact", po::value(&record.artifacts)->composing(),
       "NAME=PATH of an app artifact: deployed_code rules compare the plan's code with it, and "
       "the record binds it (repeatable)")
      ("previous", po::value(&record.previous), "the previous stage's decision record")
      ("author", po::value(&record.author)->default_value("ci"),
       "identity that makes the decision (never an approver of it)")
      ("source-commit", po::value(&record.source_commit), "commit the plan was made from")
      ("ci-run", po::value(&record.ci_run), "CI run that made the plan")
      ("expires-in", po::value(&record.expires_in_hours)->default_value(24),
       "hours the record stays valid");
  TerraformOptions terraform;
  terraform.add_to(spec.options);
  spec.positional.add("plan", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  const std::optional<gate::ReportFormat> report_format =
      report_format_option("check", format, io);
  if (!report_format) {
    return kExitError;
  }
  const bool with_record = !record.output.empty();
  if (with_record && !validate_record_request(record, io)) {
    return kExitError;
  }
  if (!with_record &&
      (!record.key.empty() || !record.emit_pae.empty() || !record.previous.empty())) {
    io.err << "tfgate check: --key, --emit-pae and --previous go with --record\n";
    return kExitError;
  }
  std::map<std::string, std::string> artifacts;
  if (!digest_artifacts("check", record.artifacts, io, artifacts)) {
    return kExitError;
  }
  auto policies = load_environment_policies(policies_dir, environment, io);
  if (!policies) {
    return kExitError;
  }
  gate::LoadOptions load_options;
  load_options.digest_bytes = true;  // hashed while the plan is parsed
  auto loaded =
      load_command_plan("check", plan_path, record.plan_file, terraform, load_options, io);
  if (!loaded) {
    return kExitError;
  }
  const gate::Plan* plan = &loaded->plan;
  if (loaded->copy) {
    record.plan_file_digest = loaded->copy->digest();  // the bytes judged, not a second read
  }
  // The semantic digest reads only the plan's text: it runs on the other core meanwhile.
  std::future<gate::Expected<std::string>> semantic;
  if (vm->count("semantic-digest") != 0 || with_record) {
    semantic = std::async(std::launch::async,
                          [&plan] { return gate::semantic_plan_digest(*plan); });
  }
  // Masks the findings (in evaluate) and the report and record written here.
  auto sensitive = gate::collect_sensitive_values(*plan);
  if (!sensitive) {
    return report_error(io, sensitive.error());
  }
  gate::EvalOptions options;
  options.environment = environment;
  options.sensitive = &*sensitive;
  options.artifacts = artifacts;
  auto decision = gate::evaluate(*policies, *plan, options);
  if (!decision) {
    return report_error(io, decision.error());
  }
  if (semantic.valid()) {
    auto digest = semantic.get();
    if (!digest) {
      return report_error(io, digest.error());
    }
    decision->semantic_digest = std::move(*digest);
  }
  gate::ReportOptions report_options;
  report_options.colour = io.out_is_tty && (output.empty() || output == "-");
  report_options.rules = policies->rules(environment);
  report_options.plan_uri = plan_path.empty() ? record.plan_file : plan_path == "-" ? "" : plan_path;
  // JUnit's timestamp is the plan's own, so that one plan always gives one report.
  report_options.timestamp = plan->timestamp.substr(0, 19);
  const std::string report = gate::render_report(*decision, *report_format, report_options);
  if (!write_output(io, output, report, &*sensitive)) {
    return kExitError;
  }
  if (with_record && !write_decision_record(*decision, *plan, *sensitive, artifacts, record, io)) {
    return kExitError;
  }
  return decision->verdict == gate::Verdict::kPass ? kExitPass : kExitDenied;
}

}  // namespace tfgate
