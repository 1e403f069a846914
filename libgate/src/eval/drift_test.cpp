// Drift judging: which attributes drifted, ignored attributes, the specific rules before the
// catch-all, IAM documents changed outside Terraform judged as if planned, levels in check,
// waivers, and that no drifted value reaches a message.
#include <doctest/doctest.h>

#include <algorithm>

#include "gate/drift.h"
#include "gate/evaluate.h"
#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::listing;
using gate::test::load_plan_text;
using json = nlohmann::json;

// A plan whose resource_drift holds `drift` (and whose resource_changes hold `changes`).
std::string drift_plan(const std::vector<std::string>& drift,
                       const std::vector<std::string>& changes = {}) {
  std::string list;
  for (std::size_t i = 0; i < drift.size(); ++i) {
    list += (i ? "," : "") + drift[i];
  }
  return gate::test::plan_text(changes, R"("resource_drift":[)" + list + "]");
}

gate::Decision judge(const gate::PolicySet& set, const gate::Plan& plan,
                     const std::string& date = "2026-06-01") {
  gate::FixedClock clock(gate::start_of(*gate::parse_date(date)));
  gate::EvalOptions options;
  options.environment = "test";
  options.clock = &clock;
  auto decision = gate::evaluate_drift(set, plan, options);
  REQUIRE_MESSAGE(decision.has_value(), gate::render(decision.error()));
  return std::move(decision).value();
}

// The shape of the shipped drift rules: protected and IAM drift blocking, tags advisory, the
// rest advisory through a catch-all, timestamps AWS keeps ignored.
const char* kRules = R"(
  {"id": "DRIFT-001", "title": "protected", "kind": "drift", "enforcement": "hard-mandatory",
   "check_enforcement": "advisory", "match": {"types": ["aws_s3_bucket*", "aws_kms_key"]},
   "except_attributes": ["/tags", "/tags_all"]},
  {"id": "DRIFT-002", "title": "iam", "kind": "drift", "enforcement": "hard-mandatory",
   "check_enforcement": "advisory", "match": {"types": ["aws_iam_*"]},
   "except_attributes": ["/tags", "/tags_all"]},
  {"id": "DRIFT-003", "title": "tags", "kind": "drift", "enforcement": "advisory",
   "attributes": ["/tags", "/tags_all"]},
  {"id": "DRIFT-004", "title": "other", "kind": "drift", "enforcement": "advisory",
   "otherwise": true,
   "ignore": [{"types": ["aws_lambda_function"], "attributes": ["/last_modified"]},
              {"types": ["aws_iam_role"], "attributes": ["/role_last_used"]}]},
  {"id": "LP-001", "title": "admin", "kind": "iam_scope", "enforcement": "hard-mandatory",
   "check": "admin-wildcard"})";

const std::string kAdmin =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]})";
const std::string kNarrow =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]})";
// kNarrow written differently (white space, member order): the same document.
const std::string kNarrowReordered =
    R"({ \"Statement\": [ {\"Resource\":\"*\", \"Action\":\"s3:GetObject\",\"Effect\":\"Allow\"} ], \"Version\": \"2012-10-17\" })";

}  // namespace

TEST_SUITE("drift") {
  TEST_CASE("drifted attributes are the smallest differing paths; equal JSON documents are equal") {
    CHECK(gate::drifted_attributes(json::parse(R"({"a":1,"t":{"x":"1","y":"2"}})"),
                                   json::parse(R"({"a":1,"t":{"x":"1","y":"3","z":"4"}})")) ==
          std::vector<std::string>{"/t/y", "/t/z"});
    CHECK(gate::drifted_attributes(json::parse(R"({"v":[{"s":"Enabled"}]})"),
                                   json::parse(R"({"v":[{"s":"Suspended"}]})")) ==
          std::vector<std::string>{"/v/0/s"});
    CHECK(gate::drifted_attributes(json::parse(R"({"l":[1]})"), json::parse(R"({"l":[1,2]})")) ==
          std::vector<std::string>{"/l"});
    CHECK(gate::drifted_attributes(json::parse(R"({"a/b~c":1})"), json::parse(R"({"a/b~c":2})")) ==
          std::vector<std::string>{"/a~1b~0c"});
    const json narrow = json::parse("{\"p\":\"" + kNarrow + "\"}");
    const json reordered = json::parse("{\"p\":\"" + kNarrowReordered + "\"}");
    const json admin = json::parse("{\"p\":\"" + kAdmin + "\"}");
    CHECK(gate::drifted_attributes(narrow, reordered).empty());
    CHECK(gate::drifted_attributes(narrow, admin) == std::vector<std::string>{"/p"});
    CHECK(gate::drifted_attributes(json::parse(R"({"a":1})"), json()) ==
          std::vector<std::string>{""});
    CHECK(gate::drifted_attributes(json::parse(R"({"a":1})"), json::parse(R"({"a":1})")).empty());
  }

  TEST_CASE("nothing inside a sensitive value is named, not even its member names") {
    const json before = json::parse(R"({"env":{"vars":{"SECRET_KEY_NAME":"x"}},"n":1})");
    const json after = json::parse(R"({"env":{"vars":{"SECRET_KEY_NAME":"y","OTHER":"z"}},"n":2})");
    CHECK(gate::drifted_attributes(before, after) ==
          std::vector<std::string>{"/env/vars/OTHER", "/env/vars/SECRET_KEY_NAME", "/n"});
    CHECK(gate::drifted_attributes(before, after, json::parse(R"({"env":{"vars":true}})"),
                                   json::object()) ==
          std::vector<std::string>{"/env/vars", "/n"});
    CHECK(gate::drifted_attributes(before, after, json::object(),
                                   json::parse(R"({"env":true})")) ==
          std::vector<std::string>{"/env", "/n"});
  }

  TEST_CASE("protected and IAM drift block, tags are advisory, AWS's own attributes are ignored") {
    const gate::PolicySet set = gate::test::one_environment(kRules);
    const gate::Plan plan = load_plan_text(drift_plan({
        change("aws_s3_bucket_versioning.state", "aws_s3_bucket_versioning", R"(["update"])",
               R"({"bucket":"b","versioning_configuration":[{"status":"Enabled"}]})",
               R"({"bucket":"b","versioning_configuration":[{"status":"Suspended"}]})"),
        change("aws_iam_role_policy.ci", "aws_iam_role_policy", R"(["update"])",
               "{\"policy\":\"" + kNarrow + "\"}", "{\"policy\":\"" + kAdmin + "\"}"),
        change("aws_dynamodb_table.lock", "aws_dynamodb_table", R"(["update"])",
               R"({"name":"l","tags":null,"tags_all":{"A":"1"}})",
               R"({"name":"l","tags":{"Cost":"x"},"tags_all":{"A":"1","Cost":"x"}})"),
        change("aws_lambda_function.f", "aws_lambda_function", R"(["update"])",
               R"({"last_modified":"2026-01-01"})", R"({"last_modified":"2026-02-01"})"),
        change("aws_iam_role.r", "aws_iam_role", R"(["update"])",
               R"({"role_last_used":[{"region":"a"}],"tags":{}})",
               R"({"role_last_used":[{"region":"b"}],"tags":{"T":"1"}})"),
        change("aws_sqs_queue.q", "aws_sqs_queue", R"(["update"])",
               R"({"delay_seconds":0,"tags":null})", R"({"delay_seconds":5,"tags":{"T":"1"}})"),
        change("aws_kms_key.k", "aws_kms_key", R"(["delete"])", R"({"key_id":"k"})", "null"),
    }));
    const gate::Decision d = judge(set, plan);
    const std::string text = listing(d);
    CHECK(text.find("DRIFT-001 aws_kms_key.k [hard-mandatory] deleted outside Terraform\n") !=
          std::string::npos);
    CHECK(text.find("DRIFT-001 aws_s3_bucket_versioning.state [hard-mandatory] changed outside "
                    "Terraform: /versioning_configuration/0/status\n") != std::string::npos);
    CHECK(text.find("DRIFT-002 aws_iam_role_policy.ci [hard-mandatory] changed outside "
                    "Terraform: /policy\n") != std::string::npos);
    CHECK(text.find("LP-001 aws_iam_role_policy.ci [hard-mandatory] as changed outside "
                    "Terraform, ") != std::string::npos);
    CHECK(text.find("DRIFT-003 aws_dynamodb_table.lock [advisory] changed outside Terraform: "
                    "/tags, /tags_all/Cost\n") != std::string::npos);
    CHECK(text.find("DRIFT-003 aws_iam_role.r [advisory] changed outside Terraform: /tags/T\n") !=
          std::string::npos);
    CHECK(text.find("DRIFT-004 aws_sqs_queue.q [advisory] changed outside Terraform: "
                    "/delay_seconds\n") != std::string::npos);
    // Ignored: the function's last_modified and the role's role_last_used; claimed: tags.
    CHECK(text.find("aws_lambda_function.f") == std::string::npos);
    CHECK(text.find("role_last_used") == std::string::npos);
    CHECK(text.find("DRIFT-004 aws_dynamodb_table.lock") == std::string::npos);
    CHECK(text.find("DRIFT-004 aws_kms_key.k") == std::string::npos);
    CHECK(d.findings.size() == 8);
    CHECK(std::all_of(d.findings.begin(), d.findings.end(),
                      [](const gate::Finding& f) { return f.drift; }));
    CHECK(d.blocking_count() == 4);
    CHECK(d.verdict == gate::Verdict::kFail);
    CHECK(d.changes[gate::Action::kUpdate] == 6);
    CHECK(d.changes[gate::Action::kDelete] == 1);
    // Values never reach a message.
    for (const gate::Finding& f : d.findings) {
      for (const char* value : {"Suspended", "Enabled", "2026-01-01", "2026-02-01", "\"x\"",
                                "region"}) {
        CHECK_MESSAGE(f.message.find(value) == std::string::npos, f.message);
      }
    }
  }

  TEST_CASE("an IAM document drifting to an equal document, or only in ignored places, passes") {
    const gate::PolicySet set = gate::test::one_environment(kRules);
    const gate::Decision d = judge(
        set, load_plan_text(drift_plan({
                 change("aws_iam_role_policy.ci", "aws_iam_role_policy", R"(["update"])",
                        "{\"policy\":\"" + kNarrow + "\"}",
                        "{\"policy\":\"" + kNarrowReordered + "\"}"),
                 change("aws_lambda_function.f", "aws_lambda_function", R"(["update"])",
                        R"({"last_modified":"a"})", R"({"last_modified":"b"})"),
             })));
    CHECK(d.findings.empty());
    CHECK(d.verdict == gate::Verdict::kPass);
  }

  TEST_CASE("an ignore entry matches by type: the same attribute elsewhere is judged") {
    const gate::PolicySet set = gate::test::one_environment(kRules);
    const gate::Decision d =
        judge(set, load_plan_text(drift_plan({change(
                       "aws_sqs_queue.q", "aws_sqs_queue", R"(["update"])",
                       R"({"last_modified":"a"})", R"({"last_modified":"b"})")})));
    CHECK(listing(d) ==
          "DRIFT-004 aws_sqs_queue.q [advisory] changed outside Terraform: /last_modified\n");
  }

  TEST_CASE("check reports drift at check_enforcement; IAM rules judge only the planned after") {
    const gate::PolicySet set = gate::test::one_environment(kRules);
    const std::string drifted =
        change("aws_iam_role_policy.ci", "aws_iam_role_policy", R"(["update"])",
               "{\"policy\":\"" + kNarrow + "\"}", "{\"policy\":\"" + kAdmin + "\"}");
    // The plan puts the narrow document back.
    const std::string repair =
        change("aws_iam_role_policy.ci", "aws_iam_role_policy", R"(["update"])",
               "{\"policy\":\"" + kAdmin + "\"}", "{\"policy\":\"" + kNarrow + "\"}");
    const gate::Decision d =
        gate::test::decide(set, load_plan_text(drift_plan({drifted}, {repair})));
    CHECK(listing(d) ==
          "DRIFT-002 aws_iam_role_policy.ci [advisory] changed outside Terraform: /policy\n");
    REQUIRE(d.findings.size() == 1);
    CHECK(d.findings[0].drift);
    CHECK(d.findings[0].json_pointer == "/resource_drift/0");
    CHECK(d.verdict == gate::Verdict::kPass);
    // Without drift rules, check sees no drift at all.
    const gate::Decision none = gate::test::decide(
        gate::test::one_environment(R"({"id": "LP-001", "title": "admin", "kind": "iam_scope",
          "enforcement": "hard-mandatory", "check": "admin-wildcard"})"),
        load_plan_text(drift_plan({drifted}, {repair})));
    CHECK(none.findings.empty());
  }

  TEST_CASE("a waiver silences expected drift until it expires") {
    const gate::PolicySet set = gate::test::one_environment(
        R"({"id": "DRIFT-002", "title": "iam", "kind": "drift", "enforcement": "soft-mandatory",
            "match": {"types": ["aws_iam_*"]}})",
        R"("waivers": [{"rule": "DRIFT-002", "address": "aws_iam_role\\.break_glass",
            "reason": "rotated by the security team", "owner": "security",
            "expires": "2026-06-30"}])");
    const gate::Plan plan = load_plan_text(drift_plan({change(
        "aws_iam_role.break_glass", "aws_iam_role", R"(["update"])", R"({"max_session_duration":3600})",
        R"({"max_session_duration":7200})")}));
    const gate::Decision waived = judge(set, plan, "2026-06-30");
    CHECK(waived.verdict == gate::Verdict::kPass);
    CHECK(waived.waived_count() == 1);
    const gate::Decision expired = judge(set, plan, "2026-07-01");
    CHECK(expired.verdict == gate::Verdict::kFail);
  }

  TEST_CASE("drift rules load with their members checked") {
    CHECK(gate::test::policy_errors(
              {{"test.json", R"({"rules": [{"id": "D-001", "title": "d", "kind": "drift",
                  "enforcement": "advisory", "attributes": ["tags"]}]})"}})
              .find("not a JSON pointer") != std::string::npos);
    CHECK(gate::test::policy_errors(
              {{"test.json", R"({"rules": [{"id": "D-001", "title": "d", "kind": "drift",
                  "enforcement": "advisory", "check_enforcement": "blocking"}]})"}})
              .find("unknown enforcement level \"blocking\"") != std::string::npos);
    CHECK(gate::test::policy_errors(
              {{"test.json", R"({"rules": [{"id": "D-001", "title": "d", "kind": "drift",
                  "enforcement": "advisory", "ignore": [{"types": ["aws_s3_bucket"]}]}]})"}})
              .find("attributes") != std::string::npos);
    const gate::PolicySet loads = gate::test::load_policy_texts(
        {{"test.json", R"({"rules": [{"id": "D-001", "title": "d", "kind": "drift",
            "enforcement": "advisory", "otherwise": true,
            "ignore": [{"attributes": ["/a"]}]}]})"}});
    CHECK(loads.environments().size() == 1);
  }
}
