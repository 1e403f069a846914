// Side-effect reads: the library's table, a policy's own additions, and ordinary reads and
// managed resources of the same type name left alone.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string data(const std::string& type, const std::string& action = R"(["read"])") {
  std::string c = change("data." + type + ".d", type, action, "null", "{}", "{}",
                         R"(,"action_reason":"read_because_dependency_pending")");
  c.replace(c.find(R"("mode":"managed")"), 16, R"("mode":"data")");
  return c;
}

}  // namespace

TEST_SUITE("side_effect_read") {
  TEST_CASE("reads of data sources with side effects are findings at the rule's level") {
    const gate::Plan plan = load_plan_text(plan_text({
        data("aws_lambda_invocation"),
        data("aws_iam_policy_document"),
        data("custom_trigger"),
        change("aws_lambda_invocation.managed", "aws_lambda_invocation", R"(["create"])", "null",
               "{}"),
    }));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::PolicySet set = gate::test::one_environment(
          R"({"id":"READ-001","title":"reads","kind":"side_effect_read","enforcement":")" + level +
          R"(","types":["custom_trigger"]})");
      CHECK(listing(decide(set, plan)) ==
            "READ-001 data.aws_lambda_invocation.d [" + level +
                "] data source aws_lambda_invocation is read during apply "
                "(read_because_dependency_pending), and reading it invokes a Lambda function with "
                "the given payload\n"
                "READ-001 data.custom_trigger.d [" +
                level +
                "] data source custom_trigger is read during apply "
                "(read_because_dependency_pending), and reading it has side effects (listed in "
                "the policy)\n");
    }
  }
}
