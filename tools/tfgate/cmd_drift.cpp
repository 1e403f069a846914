// tfgate drift: judges the objects a plan's refresh found changed outside Terraform (a
// refresh-only plan, or the resource_drift of a normal plan) with an environment's policies.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <gate/diff_report.h>
#include <gate/drift.h>
#include <gate/plan.h>
#include <gate/plan_diff.h>
#include <gate/policy.h>
#include <gate/report.h>
#include <gate/sensitive_values.h>

#include "commands.h"
#include "options.h"
#include "plan_source.h"

namespace tfgate {
namespace {

// The drift section of the plan's diff (values shown as `tfgate diff` shows them: unknown and
// sensitive ones never), for the formats people read.
gate::Expected<std::string> drift_diff(const gate::Plan& plan, gate::DiffFormat format,
                                       const gate::SensitiveValues& sensitive) {
  gate::DiffOptions options;
  options.sensitive = &sensitive;
  auto diff = gate::diff_plan(plan, options);
  if (!diff) {
    return gate::Unexpected{diff.error()};
  }
  diff->changes.clear();
  diff->outputs.clear();
  if (diff->drift.empty()) {
    return std::string();
  }
  std::string text = gate::render_diff(*diff, format, {});
  // Only the drift section: the (empty) changes section before it says nothing here.
  const std::size_t at = text.find(format == gate::DiffFormat::kMarkdown
                                       ? "#### Objects changed outside of Terraform"
                                       : "Objects changed outside of Terraform");
  return at == std::string::npos ? text : text.substr(at);
}

}  // namespace

int run_drift(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "drift", "tfgate drift --env ENV [options] (PLAN.json | --plan-file tfplan)",
      "Judges drift: the objects a plan's refresh found changed outside Terraform. Give it a\n"
      "refresh-only plan (`terraform plan -refresh-only -out=drift.tfplan`, then\n"
      "`terraform show -json drift.tfplan`, or --plan-file drift.tfplan to let tfgate run it on a\n"
      "private copy) or a normal plan, whose resource_drift is judged.\n"
      "The environment's `drift` rules say which drift blocks, which is advisory and which is\n"
      "ignored; IAM documents changed outside Terraform are also judged by its `iam_scope` rules\n"
      "as if they had been planned. Findings name attribute paths, never values. In text and\n"
      "markdown, the drifted attributes follow as `tfgate diff` shows them (unknown and\n"
      "sensitive values are never printed).",
      "Exit codes:\n"
      "  0  no drift the policy blocks (advisory and waived findings are reported)\n"
      "  1  error: usage, unreadable or invalid plan or policies, unknown environment\n"
      "  2  drift the policy blocks: at least one unwaived soft- or hard-mandatory finding\n"};
  std::string plan_path, plan_file, policies_dir, environment, format, output;
  TerraformOptions terraform;
  spec.options.add_options()
      ("plan", po::value(&plan_path), "plan JSON; - for stdin")
      ("plan-file", po::value(&plan_file), "saved plan file, shown by terraform (without PLAN.json)")
      ("policies", po::value(&policies_dir)->default_value("policies"), "policy directory")
      ("env", po::value(&environment)->required(), "environment whose policies apply")
      ("format", po::value(&format)->default_value("text"),
       "text | json | markdown | sarif | junit | github")
      ("output,o", po::value(&output)->default_value("-"), "write the report to FILE")
      ("no-diff", "text and markdown: leave out the drifted attributes' values");
  terraform.add_to(spec.options);
  spec.positional.add("plan", 1);
  int code = 0;
  auto vm = parse_options(spec, args, io, code);
  if (!vm) {
    return code;
  }
  const std::optional<gate::ReportFormat> report_format =
      report_format_option("drift", format, io);
  if (!report_format) {
    return kExitError;
  }
  auto policies = load_environment_policies(policies_dir, environment, io);
  if (!policies) {
    return kExitError;
  }
  gate::LoadOptions load_options;
  load_options.digest_bytes = true;
  auto loaded = load_command_plan("drift", plan_path, plan_file, terraform, load_options, io);
  if (!loaded) {
    return kExitError;
  }
  const gate::Plan* plan = &loaded->plan;
  auto sensitive = gate::collect_sensitive_values(*plan);
  if (!sensitive) {
    return report_error(io, sensitive.error());
  }
  gate::EvalOptions options;
  options.environment = environment;
  options.sensitive = &*sensitive;
  auto decision = gate::evaluate_drift(*policies, *plan, options);
  if (!decision) {
    return report_error(io, decision.error());
  }
  gate::ReportOptions report_options;
  report_options.colour = io.out_is_tty && (output.empty() || output == "-");
  report_options.rules = policies->rules(environment);
  report_options.plan_uri = plan_path == "-" ? "" : plan_path;
  report_options.timestamp = plan->timestamp.substr(0, 19);
  std::string report = gate::render_report(*decision, *report_format, report_options);
  constexpr std::string_view kCheckHeading = "### tfgate check:";
  if (*report_format == gate::ReportFormat::kMarkdown &&
      report.compare(0, kCheckHeading.size(), kCheckHeading) == 0) {
    report.replace(0, kCheckHeading.size(), "### tfgate drift:");
  }
  const bool readable =
      *report_format == gate::ReportFormat::kText || *report_format == gate::ReportFormat::kMarkdown;
  if (readable && vm->count("no-diff") == 0) {
    auto diff = drift_diff(*plan, *report_format == gate::ReportFormat::kText
                                      ? gate::DiffFormat::kText
                                      : gate::DiffFormat::kMarkdown,
                           *sensitive);
    if (!diff) {
      return report_error(io, diff.error());
    }
    if (diff->empty()) {
      report += "\nNo objects changed outside Terraform.\n";
    } else {
      report += '\n' + *diff;
    }
  }
  if (!write_output(io, output, report, &*sensitive)) {
    return kExitError;
  }
  return decision->verdict == gate::Verdict::kPass ? kExitPass : kExitDenied;
}

}  // namespace tfgate
