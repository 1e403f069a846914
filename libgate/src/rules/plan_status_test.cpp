// Plan status: errored, not applyable and incomplete plans; plans with nothing to apply and
// the plans that must not pass as such; plans from formats without these members; each
// enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string rule(const std::string& level, const std::string& members = "") {
  return R"({"id":"PLAN-001","title":"status","kind":"plan_status","enforcement":")" + level +
         "\"" + members + "}";
}

}  // namespace

TEST_SUITE("plan_status") {
  TEST_CASE("an errored or unapplyable plan fails and a good one passes, at each level") {
    const gate::Plan good =
        load_plan_text(plan_text({}, R"("applyable":true,"complete":true,"errored":false)"));
    const gate::Plan errored =
        load_plan_text(plan_text({}, R"("applyable":false,"complete":false,"errored":true)"));
    const gate::Plan unapplyable =
        load_plan_text(plan_text({change("aws_s3_bucket.b", "aws_s3_bucket", R"(["delete"])")},
                                 R"("applyable":false,"errored":false)"));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::PolicySet set = gate::test::one_environment(rule(level));
      CHECK(decide(set, good).findings.empty());
      const gate::Decision d = decide(set, errored);
      CHECK(listing(d) == "PLAN-001 (plan) [" + level +
                              "] the plan errored (errored: true): Terraform stopped before "
                              "finishing it; fix the errors `terraform plan` printed and plan "
                              "again\n");
      CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
      CHECK_FALSE(d.nothing_to_apply);
      CHECK(listing(decide(set, unapplyable)) ==
            "PLAN-001 (plan) [" + level +
                "] the plan is not applyable (applyable: false) although it lists changes; plan "
                "again with a Terraform release that writes an applyable plan\n");
    }
  }

  TEST_CASE("an incomplete plan fails only with require_complete") {
    const gate::Plan incomplete = load_plan_text(plan_text({}, R"("complete":false)"));
    CHECK(decide(gate::test::one_environment(rule("hard-mandatory")), incomplete)
              .findings.empty());
    CHECK(listing(decide(gate::test::one_environment(
                             rule("hard-mandatory", R"(,"require_complete":true)")),
                         incomplete)) ==
          "PLAN-001 (plan) [hard-mandatory] the plan is incomplete (complete: false): applying it "
          "leaves changes for a later plan; remove what defers them (unknown count or for_each, "
          "deferred providers) and plan again\n");
  }

  TEST_CASE("a plan with nothing to apply passes, even with require_complete") {
    const std::string status = R"("applyable":false,"complete":true,"errored":false)";
    const gate::PolicySet set =
        gate::test::one_environment(rule("hard-mandatory", R"(,"require_complete":true)"));
    const gate::Plan empty = load_plan_text(plan_text({}, status));
    const gate::Plan unchanged = load_plan_text(plan_text(
        {change("aws_s3_bucket.b", "aws_s3_bucket", R"(["no-op"])", "{}", "{}")}, status));
    for (const gate::Plan* plan : {&empty, &unchanged}) {
      const gate::Decision d = decide(set, *plan);
      CHECK(d.findings.empty());
      CHECK(d.verdict == gate::Verdict::kPass);
      CHECK(d.nothing_to_apply);
    }
    // Before format 1.2 there is no status; no changes is still nothing to apply.
    CHECK(gate::nothing_to_apply(load_plan_text(R"({"format_version":"1.0","resource_changes":[]})")));
  }

  TEST_CASE("a plan that changes something is not taken for one with nothing to apply") {
    const std::string status = R"("applyable":false,"complete":true,"errored":false)";
    const gate::PolicySet set =
        gate::test::one_environment(rule("hard-mandatory", R"(,"require_complete":true)"));
    const std::string noop = R"(["no-op"])";
    const std::vector<std::pair<std::string, std::string>> attempts = {
        {"a delete", plan_text({change("aws_s3_bucket.b", "aws_s3_bucket", R"(["delete"])")},
                               status)},
        {"a data source to read",
         plan_text({change("aws_s3_bucket.b", "aws_s3_bucket", R"(["read"])")}, status)},
        {"a no-op that moves",
         plan_text({change("aws_s3_bucket.b", "aws_s3_bucket", noop, "{}", "{}", "{}",
                           R"(,"previous_address":"aws_s3_bucket.a")")},
                   status)},
        {"a no-op that imports",
         plan_text({R"({"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket",)"
                    R"("name":"b","change":{"actions":["no-op"],"before":{},"after":{},)"
                    R"("importing":{"id":"b"}}})"},
                   status)},
        {"an output change",
         plan_text({}, status + R"(,"output_changes":{"o":{"actions":["create"],)"
                                R"("before":null,"after":"x"}})")},
    };
    for (const auto& [name, text] : attempts) {
      CAPTURE(name);
      const gate::Decision d = decide(set, load_plan_text(text));
      CHECK_FALSE(d.nothing_to_apply);
      CHECK(d.verdict == gate::Verdict::kFail);
      CHECK(listing(d).find("although it lists changes") != std::string::npos);
    }
    const std::vector<std::pair<std::string, std::string>> not_finished = {
        {"errored", R"("applyable":false,"complete":true,"errored":true)"},
        {"incomplete", R"("applyable":false,"complete":false,"errored":false)"},
        {"deferred", R"("applyable":false,"complete":false,"errored":false,"deferred_changes":[)"
                     R"({"reason":"resource_config_unknown","resource_change":)" +
                         change("aws_s3_bucket.c", "aws_s3_bucket", R"(["create"])") + "}]"},
    };
    for (const auto& [name, status_members] : not_finished) {
      CAPTURE(name);
      const gate::Decision d = decide(set, load_plan_text(plan_text({}, status_members)));
      CHECK_FALSE(d.nothing_to_apply);
      CHECK(d.verdict == gate::Verdict::kFail);
    }
    // Terraform says there is something to apply (a refresh-only plan that updates state).
    CHECK_FALSE(gate::nothing_to_apply(load_plan_text(
        plan_text({}, R"("applyable":true,"complete":true,"errored":false)"))));
  }

  TEST_CASE("plans from formats before 1.2 carry no status and pass") {
    const gate::Plan old = load_plan_text(R"({"format_version":"1.0","resource_changes":[]})");
    CHECK(decide(gate::test::one_environment(rule("hard-mandatory", R"(,"require_complete":true)")),
                 old)
              .findings.empty());
  }
}
