// The deny-first allowlist: what its entries allow, union across rules, the default-deny
// requirement, and each enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string allowlist(const std::string& level, const std::string& allow) {
  return R"({"id":"PROD-001","title":"only the app","kind":"allowlist","enforcement":")" + level +
         R"(","allow":)" + allow + "}";
}

const std::string kAppAllow =
    R"([{"actions":["no-op","read"]},
        {"types":["aws_lambda_function","aws_apigatewayv2_*"],"actions":["create","update"]}])";

}  // namespace

TEST_SUITE("allowlist") {
  TEST_CASE("allowed changes pass and every other change is a finding, at each level") {
    const gate::Plan ok = load_plan_text(plan_text({
        change("aws_lambda_function.app", "aws_lambda_function", R"(["update"])", "{}", "{}"),
        change("aws_apigatewayv2_stage.default", "aws_apigatewayv2_stage", R"(["create"])",
               "null", "{}"),
        change("aws_s3_bucket.state", "aws_s3_bucket", R"(["no-op"])", "{}", "{}"),
    }));
    const gate::Plan denied = load_plan_text(plan_text({
        change("aws_lambda_function.app", "aws_lambda_function", R"(["update"])", "{}", "{}"),
        change("aws_s3_bucket.logs", "aws_s3_bucket", R"(["create"])", "null", "{}"),
        change("aws_lambda_function.old", "aws_lambda_function", R"(["delete"])", "{}", "null"),
    }));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::PolicySet set =
          gate::test::one_environment(allowlist(level, kAppAllow), R"("default":"deny")");
      const gate::Decision pass = decide(set, ok);
      CHECK(pass.findings.empty());
      CHECK(pass.verdict == gate::Verdict::kPass);
      const gate::Decision fail = decide(set, denied);
      CHECK(listing(fail) ==
            "PROD-001 aws_lambda_function.old [" + level +
                "] delete of aws_lambda_function is not allowed in test: no allow entry matches "
                "it\n"
                "PROD-001 aws_s3_bucket.logs [" +
                level +
                "] create of aws_s3_bucket is not allowed in test: no allow entry matches it\n");
      CHECK(fail.verdict ==
            (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
    }
  }

  TEST_CASE("entries match by address, module, provider and mode") {
    const gate::PolicySet set = gate::test::one_environment(
        allowlist("hard-mandatory",
                  R"([{"address":"module\\.app\\..*","actions":["create","update","delete"]},
                      {"module":"module\\.jobs(\\[.*\\])?","actions":["update"]},
                      {"provider":".*/hashicorp/random","actions":["create"]},
                      {"mode":"data","actions":["read"]}])"),
        R"("default":"deny")");
    const gate::Plan plan = load_plan_text(plan_text({
        change("module.app.aws_s3_bucket.b", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
        change("module.appx.aws_s3_bucket.b", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
        change(R"(module.jobs[\"a\"].aws_sqs_queue.q)", "aws_sqs_queue", R"(["update"])", "{}",
               "{}", "{}", R"(,"module_address":"module.jobs[\"a\"]")"),
        change(R"(module.jobs[\"a\"].aws_sqs_queue.r)", "aws_sqs_queue", R"(["create"])", "null",
               "{}", "{}", R"(,"module_address":"module.jobs[\"a\"]")"),
        change("aws_s3_bucket.c", "aws_s3_bucket", R"(["read"])", "null", "{}"),
    }));
    CHECK(listing(decide(set, plan)) ==
          "PROD-001 aws_s3_bucket.c [hard-mandatory] read of aws_s3_bucket is not allowed in test: "
          "no allow entry matches it\n"
          "PROD-001 module.appx.aws_s3_bucket.b [hard-mandatory] delete of aws_s3_bucket is not "
          "allowed in test: no allow entry matches it\n"
          "PROD-001 module.jobs[\"a\"].aws_sqs_queue.r [hard-mandatory] create of aws_sqs_queue is "
          "not allowed in test: no allow entry matches it\n");
  }

  TEST_CASE("the entries of every allowlist rule of an environment allow together") {
    const gate::PolicySet set = gate::test::one_environment(
        allowlist("hard-mandatory", R"([{"types":["aws_lambda_function"],"actions":["update"]}])") +
            R"(,{"id":"APP-010","title":"logs","kind":"allowlist","enforcement":"advisory",
                 "match":{"types":["aws_cloudwatch_*"]},
                 "allow":[{"types":["aws_cloudwatch_log_group"],"actions":["create"]}]})",
        R"("default":"deny")");
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_lambda_function.app", "aws_lambda_function", R"(["update"])", "{}", "{}"),
        change("aws_cloudwatch_log_group.app", "aws_cloudwatch_log_group", R"(["create"])",
               "null", "{}"),
        change("aws_cloudwatch_metric_alarm.a", "aws_cloudwatch_metric_alarm", R"(["create"])",
               "null", "{}"),
    }));
    // The alarm is outside both: PROD-001 and (its match covering cloudwatch) APP-010 report it.
    CHECK(listing(decide(set, plan)) ==
          "APP-010 aws_cloudwatch_metric_alarm.a [advisory] create of aws_cloudwatch_metric_alarm "
          "is not allowed in test: no allow entry matches it\n"
          "PROD-001 aws_cloudwatch_metric_alarm.a [hard-mandatory] create of "
          "aws_cloudwatch_metric_alarm is not allowed in test: no allow entry matches it\n");
  }

  TEST_CASE("a deposed object is named in the message") {
    const gate::PolicySet set = gate::test::one_environment(
        allowlist("hard-mandatory", R"([{"actions":["no-op"]}])"), R"("default":"deny")");
    const gate::Plan plan = load_plan_text(plan_text({change(
        "aws_instance.web", "aws_instance", R"(["delete"])", "{}", "null", "{}",
        R"(,"deposed":"00000001")")}));
    CHECK(listing(decide(set, plan)) ==
          "PROD-001 aws_instance.web [hard-mandatory] delete of aws_instance (deposed object "
          "00000001) is not allowed in test: no allow entry matches it\n");
  }

  TEST_CASE("an allowlist needs a deny default, and a deny default needs an allowlist") {
    CHECK(gate::test::policy_errors({{"dev.json", "{\"rules\": [" +
                                                      allowlist("advisory", kAppAllow) + "]}"}}) ==
          "dev.json:1:1: error[policy.default-deny]: allowlist rule PROD-001 applies only where "
          "\"default\" is \"deny\", and the default of 'dev' is \"allow\"\n");
    CHECK(gate::test::policy_errors(
              {{"prod.json",
                R"({"default": "deny", "rules": [{"id": "PLAN-001", "title": "t",
                     "kind": "plan_status", "enforcement": "hard-mandatory"}]})"}}) ==
          "prod.json:1:13: error[policy.default-deny]: the default of 'prod' is \"deny\" but it has "
          "no allowlist rule to say what is allowed (at /default)\n");
  }
}
