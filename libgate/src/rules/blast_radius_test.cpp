// Blast radius: each bound at and over its limit, counting only matched changes, and each
// enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string rule(const std::string& members, const std::string& level = "hard-mandatory") {
  return R"({"id":"BLAST-001","title":"blast","kind":"blast_radius","enforcement":")" + level +
         "\"," + members + "}";
}

// 3 deletes, 2 replaces (one of each order), 1 create, 1 update, 1 no-op, 1 read.
gate::Plan mixed_plan() {
  return load_plan_text(plan_text({
      change("aws_sqs_queue.d1", "aws_sqs_queue", R"(["delete"])", "{}", "null"),
      change("aws_sqs_queue.d2", "aws_sqs_queue", R"(["delete"])", "{}", "null"),
      change("aws_s3_bucket.d3", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
      change("aws_sqs_queue.r1", "aws_sqs_queue", R"(["delete","create"])", "{}", "{}"),
      change("aws_sqs_queue.r2", "aws_sqs_queue", R"(["create","delete"])", "{}", "{}"),
      change("aws_sqs_queue.c", "aws_sqs_queue", R"(["create"])", "null", "{}"),
      change("aws_sqs_queue.u", "aws_sqs_queue", R"(["update"])", "{}", "{}"),
      change("aws_sqs_queue.n", "aws_sqs_queue", R"(["no-op"])", "{}", "{}"),
      change("aws_sqs_queue.rd", "aws_sqs_queue", R"(["read"])", "null", "{}"),
  }));
}

}  // namespace

TEST_SUITE("blast_radius") {
  TEST_CASE("each bound passes at its limit and fails above it") {
    const gate::Plan plan = mixed_plan();
    struct Case {
      const char* members;
      const char* failure;
    };
    const Case cases[] = {
        {R"("max_deletes":3)", ""},
        {R"("max_deletes":2)", "the plan makes 3 deletes, more than the 2 allowed"},
        {R"("max_replaces":2)", ""},
        {R"("max_replaces":1)", "the plan makes 2 replaces, more than the 1 allowed"},
        {R"("max_deletes_and_replaces":5)", ""},
        {R"("max_deletes_and_replaces":4)",
         "the plan makes 5 deletes and replaces, more than the 4 allowed"},
        {R"("max_changes":7)", ""},
        {R"("max_changes":6)", "the plan makes 7 changes, more than the 6 allowed"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.members);
      const std::string expected =
          *c.failure ? std::string("BLAST-001 (plan) [hard-mandatory] ") + c.failure + "\n"
                     : std::string();
      CHECK(listing(decide(gate::test::one_environment(rule(c.members)), plan)) == expected);
    }
  }

  TEST_CASE("each enforcement level: a passing and a failing plan") {
    const gate::Plan plan = mixed_plan();
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::Decision pass =
          decide(gate::test::one_environment(rule(R"("max_deletes":3)", level)), plan);
      CHECK(pass.findings.empty());
      const gate::Decision fail =
          decide(gate::test::one_environment(rule(R"("max_deletes":0)", level)), plan);
      REQUIRE(fail.findings.size() == 1);
      CHECK(fail.findings[0].address.empty());
      CHECK(fail.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
    }
  }

  TEST_CASE("only the changes the match selects are counted") {
    const gate::Decision d = decide(
        gate::test::one_environment(rule(
            R"("match":{"types":["aws_sqs_queue"],"actions":["delete"]},"max_deletes":1,"max_changes":1)")),
        mixed_plan());
    CHECK(listing(d) ==
          "BLAST-001 (plan) [hard-mandatory] the plan makes 2 changes, more than the 1 allowed\n"
          "BLAST-001 (plan) [hard-mandatory] the plan makes 2 deletes, more than the 1 allowed\n");
  }

  TEST_CASE("a rule without bounds, or with a negative one, does not load") {
    CHECK(gate::test::policy_errors(
              {{"dev.json", "{\"rules\": [" + rule(R"("max_replaces":-1)") + "," +
                                R"({"id":"BLAST-002","title":"t","kind":"blast_radius",
                                    "enforcement":"advisory"})" +
                                "]}"}}) ==
          "dev.json:1:114: error[policy.bad-value]: \"max_replaces\" must be a whole number of at "
          "least 0 (at /rules/0/max_replaces)\n"
          "dev.json:1:118: error[policy.missing-key]: a blast_radius rule needs at least one of "
          "\"max_deletes\", \"max_replaces\", \"max_deletes_and_replaces\", \"max_changes\" (at "
          "/rules/1)\n");
  }
}
