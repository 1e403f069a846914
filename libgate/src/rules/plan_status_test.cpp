// Plan status: errored, not applyable and incomplete plans; plans from formats without these
// members; each enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

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
        load_plan_text(plan_text({}, R"("applyable":false,"errored":false)"));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::PolicySet set = gate::test::one_environment(rule(level));
      CHECK(decide(set, good).findings.empty());
      const gate::Decision d = decide(set, errored);
      CHECK(listing(d) == "PLAN-001 (plan) [" + level +
                              "] the plan errored (errored: true): Terraform stopped before "
                              "finishing it\n");
      CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
      CHECK(listing(decide(set, unapplyable)) ==
            "PLAN-001 (plan) [" + level + "] the plan is not applyable (applyable: false)\n");
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
          "leaves changes for a later plan\n");
  }

  TEST_CASE("plans from formats before 1.2 carry no status and pass") {
    const gate::Plan old = load_plan_text(R"({"format_version":"1.0","resource_changes":[]})");
    CHECK(decide(gate::test::one_environment(rule("hard-mandatory", R"(,"require_complete":true)")),
                 old)
              .findings.empty());
  }
}
