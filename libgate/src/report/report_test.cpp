// Reports: the text and JSON renderings of one Decision, byte for byte (golden files), and
// format names.
#include <doctest/doctest.h>

#include "gate/report.h"
#include "golden.h"

namespace {

gate::Decision sample_decision() {
  gate::Decision d;
  d.environment = "prod";
  d.verdict = gate::Verdict::kFail;
  d.changes[gate::Action::kCreate] = 1;
  d.changes[gate::Action::kUpdate] = 2;
  d.changes[gate::Action::kDelete] = 1;
  d.changes[gate::Action::kNoOp] = 12;
  d.policy_digest = "sha256:" + std::string(64, 'a');
  d.plan_digest = "sha256:" + std::string(64, 'b');
  gate::Finding blocking;
  blocking.rule = "PROD-001";
  blocking.title = "Only application changes reach production";
  blocking.enforcement = gate::Enforcement::kHardMandatory;
  blocking.address = "aws_s3_bucket.reports";
  blocking.message = "create of aws_s3_bucket is not allowed in prod: no allow entry matches it";
  blocking.json_pointer = "/resource_changes/3";
  gate::Finding advisory;
  advisory.rule = "APP-001";
  advisory.title = "Lambda code comes from the artifacts bucket";
  advisory.enforcement = gate::Enforcement::kAdvisory;
  advisory.address = "aws_lambda_function.app";
  advisory.message = "cannot evaluate: after/s3_bucket is unknown until apply";
  advisory.json_pointer = "/resource_changes/0";
  gate::Finding waived;
  waived.rule = "BLAST-001";
  waived.title = "At most 10 deletes and replaces in one plan";
  waived.enforcement = gate::Enforcement::kSoftMandatory;
  waived.message = "the plan makes 11 deletes and replaces, more than the 10 allowed";
  waived.waived = true;
  waived.waiver = gate::Waiver{"BLAST-001", ".*", "job runner migration", "platform-team",
                               *gate::parse_date("2026-12-31"), {}};
  d.findings = {advisory, waived, blocking};
  return d;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("text report: summary line, findings by group, digests") {
    gate::test::check_golden(gate::test::fixture("golden/report-sample.txt"),
                             gate::render_report(sample_decision(), gate::ReportFormat::kText));
  }

  TEST_CASE("text report of a passing plan without changes") {
    gate::Decision d;
    d.environment = "dev";
    d.verdict = gate::Verdict::kPass;
    d.policy_digest = "sha256:p";
    d.plan_digest = "sha256:q";
    d.semantic_digest = "sha256:s";
    CHECK(gate::render_report(d, gate::ReportFormat::kText) ==
          "PASS dev: findings: 0 blocking, 0 advisory, 0 waived; no changes\n\n"
          "plan_json  sha256:q\npolicy     sha256:p\nsemantic   sha256:s\n");
    gate::ReportOptions colour;
    colour.colour = true;
    CHECK(gate::render_report(d, gate::ReportFormat::kText, colour).rfind("\x1b[1;32mPASS\x1b[0m dev", 0) ==
          0);
  }

  TEST_CASE("JSON report: the documented members, in order") {
    gate::test::check_golden(gate::test::fixture("golden/report-sample.json"),
                             gate::render_report(sample_decision(), gate::ReportFormat::kJson));
    const nlohmann::ordered_json j = gate::decision_to_json(sample_decision());
    std::vector<std::string> keys;
    for (const auto& item : j.items()) {
      keys.push_back(item.key());
    }
    CHECK(keys == std::vector<std::string>{"version", "verdict", "environment",
                                           "nothing_to_apply", "findings", "summary",
                                           "digests"});
    CHECK(j["nothing_to_apply"] == false);
    CHECK(j["summary"]["blocking"] == 1);
    CHECK(j["findings"][1]["address"].is_null());
    CHECK_FALSE(j["digests"].contains("semantic"));
  }

  TEST_CASE("format names") {
    CHECK(gate::parse_report_format("json") == gate::ReportFormat::kJson);
    CHECK(gate::parse_report_format("text") == gate::ReportFormat::kText);
    CHECK(gate::parse_report_format("sarif") == gate::ReportFormat::kSarif);
    CHECK(gate::parse_report_format("junit") == gate::ReportFormat::kJunit);
    CHECK_FALSE(gate::parse_report_format("yaml").has_value());
    CHECK(gate::report_format_names().size() == 6);
    for (std::string_view name : gate::report_format_names()) {
      CHECK(gate::to_string(*gate::parse_report_format(name)) == name);
    }
  }
}
