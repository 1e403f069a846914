// Tests of decision and approval statements: their exact canonical form (golden files), reading
// them back, the facts that are refused, and when an approval is refused.
#include <doctest/doctest.h>

#include "gate/canonical_json.h"
#include "gate/record.h"
#include "golden.h"
#include "record_fixtures.h"

namespace {

const std::string kPlan = gate::digest_bytes("tfplan bytes");
const std::string kZip = gate::digest_bytes("app.zip bytes");

gate::DecisionFacts denied_facts() {
  gate::DecisionFacts f = gate::test::decision_facts("staging", kPlan, {{"app.zip", kZip}});
  f.verdict = "fail";
  f.findings = {
      {"STG-003", "aws_db_instance.main", "soft-mandatory", false},
      {"STG-003", "aws_s3_bucket.logs", "soft-mandatory", false},
      {"IAM-010", "aws_iam_role.app", "advisory", false},
      {"DEL-001", "aws_s3_bucket.old", "hard-mandatory", true},
  };
  return f;
}

gate::ApprovalFacts approval_by(const std::string& approver, const std::string& env,
                                std::vector<std::string> overrides = {}) {
  gate::ApprovalFacts a;
  a.environment = env;
  a.approver = approver;
  a.overrides = std::move(overrides);
  a.issued_at = gate::test::test_now();
  return a;
}

}  // namespace

TEST_SUITE("record") {
  TEST_CASE("timestamps are RFC 3339 UTC with whole seconds") {
    const auto t = gate::parse_timestamp("2024-02-29T23:59:59Z");
    REQUIRE(t.has_value());
    CHECK(gate::format_timestamp(*t) == "2024-02-29T23:59:59Z");
    CHECK(gate::format_timestamp(*t + std::chrono::milliseconds(999)) == "2024-02-29T23:59:59Z");
    CHECK(gate::format_timestamp(std::chrono::system_clock::time_point()) ==
          "1970-01-01T00:00:00Z");
    for (const char* bad : {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                            "2026-11-22T24:00:00Z", "2026-11-22T10:00:00+01:00",
                            "2026-11-22 10:00:00Z", "2026-11-22T10:00:00.5Z", "", "1969-12-31T23:59:59Z"}) {
      CAPTURE(bad);
      CHECK_FALSE(gate::parse_timestamp(bad).has_value());
    }
  }

  TEST_CASE("the decision statement has its exact canonical form") {
    gate::DecisionFacts f = denied_facts();
    f.previous_record_digest = gate::digest_bytes("previous");
    auto statement = gate::make_decision_statement(f);
    REQUIRE_MESSAGE(statement.has_value(), gate::render(statement.error()));
    auto envelope = gate::statement_envelope(*statement);
    REQUIRE(envelope.has_value());
    CHECK(envelope->payload_type == "application/vnd.in-toto+json");
    CHECK(envelope->signatures.empty());
    CHECK(gate::canonical_json_text(envelope->payload).value() == envelope->payload);
    gate::test::check_golden(gate::test::fixture("golden/records/decision-statement.json"),
                             envelope->payload + "\n");
  }

  TEST_CASE("the approval statement binds the decision's digest and subjects") {
    const gate::Record decision =
        gate::test::signed_decision(denied_facts(), "ci", "decision.json");
    auto statement = gate::make_approval_statement(
        decision, approval_by("alice", "staging", {"STG-003", "STG-003"}));
    REQUIRE_MESSAGE(statement.has_value(), gate::render(statement.error()));
    const auto& subjects = (*statement)["subject"];
    REQUIRE(subjects.size() == 3);
    CHECK(subjects[0]["name"] == "tfplan");
    CHECK(subjects[1]["name"] == "app.zip");
    CHECK(subjects[2]["name"] == "decision");
    CHECK("sha256:" + subjects[2]["digest"]["sha256"].get<std::string>() == decision.digest);
    CHECK((*statement)["predicate"]["overrides"] == nlohmann::json::array({"STG-003"}));
    // The golden file has the decision digest replaced, since signatures differ on each run.
    nlohmann::json stable = *statement;
    stable["subject"][2]["digest"]["sha256"] = std::string(64, '0');
    gate::test::check_golden(gate::test::fixture("golden/records/approval-statement.json"),
                             gate::canonical_json(stable).value() + "\n");
  }

  TEST_CASE("a signed decision reads back with the same facts") {
    gate::DecisionFacts f = denied_facts();
    f.previous_record_digest = gate::digest_bytes("previous");
    const gate::Record r = gate::test::signed_decision(f, "ci", "d.json");
    REQUIRE(r.is_decision());
    CHECK(r.digest == gate::digest_bytes(r.envelope.payload));
    CHECK(r.statement.type == gate::kStatementType);
    CHECK(r.statement.predicate_type == gate::kDecisionPredicateType);
    const gate::DecisionFacts& back = r.decision();
    CHECK(back.environment == f.environment);
    CHECK(back.verdict == f.verdict);
    CHECK(back.author == f.author);
    CHECK(back.plan_file_digest == f.plan_file_digest);
    CHECK(back.artifacts == f.artifacts);
    CHECK(back.semantic_digest == f.semantic_digest);
    CHECK(back.policy_digest == f.policy_digest);
    CHECK(back.changes == f.changes);
    REQUIRE(back.findings.size() == 4);
    CHECK(back.findings[0].rule == "DEL-001");  // sorted by rule, then address
    CHECK(back.findings[0].waived);
    CHECK(back.source_commit == f.source_commit);
    CHECK(back.ci_run == f.ci_run);
    CHECK(back.issued_at == f.issued_at);
    CHECK(back.expires_at == f.expires_at);
    CHECK(back.previous_record_digest == f.previous_record_digest);
    CHECK(gate::blocking_findings(back).size() == 2);
  }

  TEST_CASE("refuses facts that would make a misleading record") {
    const auto problem = [](const gate::DecisionFacts& f) {
      auto s = gate::make_decision_statement(f);
      REQUIRE_FALSE(s.has_value());
      CHECK(s.error().front().code == "record.invalid-facts");
      return s.error().front().message;
    };
    gate::DecisionFacts f = gate::test::decision_facts("dev", kPlan, {});
    auto bad = f;
    bad.verdict = "allow";
    CHECK(problem(bad) == "verdict must be \"pass\" or \"fail\", not \"allow\"");
    bad = f;
    bad.plan_file_digest = "abc";
    CHECK(problem(bad).rfind("plan_file_digest must be", 0) == 0);
    bad = f;
    bad.artifacts = {{"tfplan", kZip}};
    CHECK(problem(bad) == "artifact name \"tfplan\" is empty, unprintable or reserved");
    bad = f;
    bad.changes = {{"explode", 1}};
    CHECK(problem(bad) == "\"explode\" is not an action name");
    bad = f;
    bad.findings = {{"X-1", "a", "mandatory", false}};
    CHECK(problem(bad).find("enforcement \"mandatory\"") != std::string::npos);
    bad = f;
    bad.findings = {{"X-1", "a", "soft-mandatory", false}};
    CHECK(problem(bad).rfind("a passing decision cannot have blocking", 0) == 0);
    bad = f;
    bad.expires_at = bad.issued_at;
    CHECK(problem(bad) == "expires_at must be after issued_at");
    bad = f;
    bad.environment = "prod env";
    bad.author = "";
    auto s = gate::make_decision_statement(bad);
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().front().notes.size() == 1);  // every problem is reported
  }

  TEST_CASE("approval refusals") {
    const gate::DecisionFacts denied = denied_facts();
    const gate::DecisionFacts passed = gate::test::decision_facts("staging", kPlan, {});
    CHECK(gate::approval_refusals(passed, approval_by("alice", "staging")).empty());
    CHECK(gate::approval_refusals(denied, approval_by("alice", "staging", {"STG-003"})).empty());

    const auto reasons = [](const gate::DecisionFacts& d, const gate::ApprovalFacts& a) {
      return gate::approval_refusals(d, a);
    };
    CHECK(reasons(denied, approval_by("alice", "staging")) ==
          std::vector<std::string>{
              "the decision failed: soft-mandatory finding STG-003 at aws_db_instance.main is "
              "not overridden (--override STG-003)"});
    CHECK(reasons(passed, approval_by("alice", "prod")) ==
          std::vector<std::string>{"the decision is for staging, not prod"});
    CHECK(reasons(passed, approval_by("github-actions[bot]", "staging")) ==
          std::vector<std::string>{
              "github-actions[bot] is the decision's author and cannot approve it"});
    CHECK(reasons(passed, approval_by("alice", "staging", {"STG-003"})) ==
          std::vector<std::string>{
              "override STG-003: the decision has no blocking finding of this rule"});

    gate::DecisionFacts hard = denied;
    hard.findings.push_back({"DEL-001", "aws_s3_bucket.state", "hard-mandatory", false});
    CHECK(reasons(hard, approval_by("alice", "staging", {"STG-003", "DEL-001"})) ==
          std::vector<std::string>{
              "the decision failed: hard-mandatory finding DEL-001 at aws_s3_bucket.state cannot "
              "be overridden",
              "override DEL-001: hard-mandatory rules cannot be overridden"});

    gate::ApprovalFacts late = approval_by("alice", "staging");
    late.issued_at = passed.expires_at;
    CHECK(reasons(passed, late) ==
          std::vector<std::string>{"the decision expired at 2026-11-23T09:00:00Z"});

    gate::DecisionFacts failed_without_findings = passed;
    failed_without_findings.verdict = "fail";
    CHECK(reasons(failed_without_findings, approval_by("alice", "staging")).size() == 1);
  }

  TEST_CASE("make_approval_statement enforces the refusals") {
    const gate::Record decision =
        gate::test::signed_decision(denied_facts(), "ci", "decision.json");
    auto refused = gate::make_approval_statement(decision, approval_by("alice", "staging"));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().front().code == "approval.refused");
    const gate::Record approval = gate::test::signed_approval(
        gate::test::signed_decision(gate::test::decision_facts("dev", kPlan, {}), "ci", "d.json"),
        "alice", "ci", "a.json");
    auto not_decision = gate::make_approval_statement(approval, approval_by("bob", "dev"));
    REQUIRE_FALSE(not_decision.has_value());
    CHECK(not_decision.error().front().code == "record.not-a-decision");
  }

  TEST_CASE("a signed approval reads back with its facts") {
    const gate::Record decision =
        gate::test::signed_decision(denied_facts(), "ci", "decision.json");
    const gate::Record r =
        gate::test::signed_approval(decision, "alice", "approvals", "a.json", {"STG-003"});
    REQUIRE_FALSE(r.is_decision());
    CHECK(r.statement.predicate_type == gate::kApprovalPredicateType);
    CHECK(r.approval().approver == "alice");
    CHECK(r.approval().environment == "staging");
    CHECK(r.approval().overrides == std::vector<std::string>{"STG-003"});
    CHECK(r.approval().decision_digest == decision.digest);
    CHECK(r.approval().issued_at == gate::test::test_now());
  }
}
