// Forbidden deletions: every removing action, protection by type, attribute value and tag,
// the replace reason in messages, and each enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string rule(const std::string& level, const std::string& members) {
  return R"({"id":"DEL-001","title":"protected","kind":"forbidden_deletion","enforcement":")" +
         level + "\"" + (members.empty() ? "" : ",") + members + "}";
}

const std::string kProtect =
    R"("protect":[{"types":["aws_s3_bucket"],"attribute":"/bucket","values":["acme-tfstate"]},
                  {"types":["aws_kms_key"]},
                  {"tags":{"Protected":"true"}}])";

}  // namespace

TEST_SUITE("forbidden_deletion") {
  TEST_CASE("each removing action of a protected resource is a finding, at each level") {
    const std::string state = R"({"bucket":"acme-tfstate","tags":{}})";
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_s3_bucket.a", "aws_s3_bucket", R"(["delete"])", state, "null"),
        change("aws_s3_bucket.b", "aws_s3_bucket", R"(["delete","create"])", state, state, "{}",
               R"(,"action_reason":"replace_because_cannot_update")"),
        change("aws_s3_bucket.c", "aws_s3_bucket", R"(["create","delete"])", state, state),
        change("aws_s3_bucket.d", "aws_s3_bucket", R"(["forget"])", state, "null"),
        change("aws_s3_bucket.e", "aws_s3_bucket", R"(["create","forget"])", state, state),
        change("aws_s3_bucket.f", "aws_s3_bucket", R"(["update"])", state, state),
    }));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::Decision d = decide(gate::test::one_environment(rule(level, kProtect)), plan);
      const std::string tag = " [" + level + "] ";
      CHECK(listing(d) ==
            "DEL-001 aws_s3_bucket.a" + tag +
                "delete of a protected resource (bucket = \"acme-tfstate\")\n"
                "DEL-001 aws_s3_bucket.b" +
                tag +
                "replace (delete, then create) of a protected resource (bucket = "
                "\"acme-tfstate\"); reason: replace_because_cannot_update\n"
                "DEL-001 aws_s3_bucket.c" +
                tag +
                "replace (create, then delete) of a protected resource (bucket = "
                "\"acme-tfstate\")\n"
                "DEL-001 aws_s3_bucket.d" +
                tag +
                "forget (removal from state) of a protected resource (bucket = "
                "\"acme-tfstate\")\n"
                "DEL-001 aws_s3_bucket.e" +
                tag + "forget and re-create of a protected resource (bucket = \"acme-tfstate\")\n");
      CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
    }
  }

  TEST_CASE("resources that are not protected pass, at each level") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_s3_bucket.logs", "aws_s3_bucket", R"(["delete"])",
               R"({"bucket":"acme-logs","tags":{"Protected":"false"}})", "null"),
        change("aws_s3_bucket.x", "aws_s3_bucket", R"(["delete"])",
               R"({"bucket":"acme-tfstate-old"})", "null"),
        change("aws_kms_key.k", "aws_kms_key", R"(["update"])", "{}", "{}"),
    }));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::Decision d = decide(gate::test::one_environment(rule(level, kProtect)), plan);
      CHECK(d.findings.empty());
      CHECK(d.verdict == gate::Verdict::kPass);
    }
  }

  TEST_CASE("protection by type, by tag, and the replace paths that forced a replacement") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_kms_key.state", "aws_kms_key", R"(["create","delete"])", "{}", "{}", "{}",
               R"(,"action_reason":"replace_because_cannot_update")"),
        change("aws_sqs_queue.q", "aws_sqs_queue", R"(["delete"])",
               R"({"name":"q","tags":{"Protected":"true","Owner":"x"}})", "null"),
        change("aws_db_instance.db", "aws_db_instance", R"(["delete","create"])",
               R"({"identifier":"db","tags":{"Protected":"true"}})", "{}"),
    }));
    const gate::Decision d =
        decide(gate::test::one_environment(rule("hard-mandatory", kProtect)), plan);
    CHECK(listing(d) ==
          "DEL-001 aws_db_instance.db [hard-mandatory] replace (delete, then create) of a "
          "protected resource (tag Protected = \"true\")\n"
          "DEL-001 aws_kms_key.state [hard-mandatory] replace (create, then delete) of a protected "
          "resource; reason: replace_because_cannot_update\n"
          "DEL-001 aws_sqs_queue.q [hard-mandatory] delete of a protected resource (tag Protected = "
          "\"true\")\n");

    const gate::Plan replaced = load_plan_text(
        R"({"format_version":"1.2","resource_changes":[{"address":"aws_kms_key.k","mode":"managed",
            "type":"aws_kms_key","name":"k","action_reason":"replace_because_cannot_update",
            "change":{"actions":["delete","create"],"before":{},"after":{},
                      "replace_paths":[["customer_master_key_spec"],["tags","Name"],["rule",0,"x"]]}}]})");
    CHECK(listing(decide(gate::test::one_environment(rule("hard-mandatory", kProtect)),
                         replaced)) ==
          "DEL-001 aws_kms_key.k [hard-mandatory] replace (delete, then create) of a protected "
          "resource; reason: replace_because_cannot_update; replacement forced by "
          "customer_master_key_spec, tags.Name, rule[0].x\n");
  }

  TEST_CASE("an attribute value written with escapes is still recognised") {
    const gate::Plan plan = load_plan_text(plan_text({change(
        "aws_s3_bucket.s", "aws_s3_bucket", R"(["delete"])",
        R"({"bucket":"acme-tf\u0073tate"})", "null")}));
    CHECK(listing(decide(gate::test::one_environment(rule("hard-mandatory", kProtect)), plan)) ==
          "DEL-001 aws_s3_bucket.s [hard-mandatory] delete of a protected resource (bucket = "
          "\"acme-tfstate\")\n");
  }

  TEST_CASE("a removal whose prior values are missing cannot be cleared: a finding, not a pass") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_s3_bucket.s", "aws_s3_bucket", R"(["delete"])", "null", "null"),
        change("aws_sqs_queue.q", "aws_sqs_queue", R"(["delete"])", "null", "null"),
        change("aws_kms_key.k", "aws_kms_key", R"(["delete"])", "null", "null"),
    }));
    CHECK(listing(decide(gate::test::one_environment(rule("hard-mandatory", kProtect)), plan)) ==
          "DEL-001 aws_kms_key.k [hard-mandatory] delete of a protected resource\n"
          "DEL-001 aws_s3_bucket.s [hard-mandatory] cannot evaluate: the plan has no prior values "
          "(before) to tell whether this delete removes a protected resource\n"
          "DEL-001 aws_sqs_queue.q [hard-mandatory] cannot evaluate: the plan has no prior values "
          "(before) to tell whether this delete removes a protected resource\n");
  }

  TEST_CASE("without protect entries every matched resource is protected; actions narrow it") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_s3_bucket.a", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
        change("aws_s3_bucket.b", "aws_s3_bucket", R"(["forget"])", "{}", "null"),
        change("aws_iam_role.r", "aws_iam_role", R"(["delete","create"])", "{}", "{}", "{}",
               R"(,"deposed":"abcd1234")"),
    }));
    const gate::PolicySet set = gate::test::one_environment(
        rule("hard-mandatory", R"("actions":["delete","replace"])"), "", "prod");
    CHECK(listing(decide(set, plan, "prod")) ==
          "DEL-001 aws_iam_role.r [hard-mandatory] deposed object abcd1234: replace (delete, then "
          "create) is not allowed in prod\n"
          "DEL-001 aws_s3_bucket.a [hard-mandatory] delete is not allowed in prod\n");
  }

  TEST_CASE("protect entries are checked when loading") {
    CHECK(gate::test::policy_errors(
              {{"dev.json", "{\"rules\": [" +
                                rule("hard-mandatory",
                                     R"("protect":[{},{"attribute":"bucket","values":["x"]},
                                                   {"values":["y"]}],
                                        "actions":["update"])") +
                                "]}"}}) ==
          "dev.json:1:118: error[policy.bad-value]: this protect entry matches every resource; "
          "leave \"protect\" out to protect every resource the rule matches (at "
          "/rules/0/protect/0)\n"
          "dev.json:1:134: error[policy.bad-pointer]: \"bucket\" is not a JSON pointer to an "
          "attribute, such as \"/bucket\" (at /rules/0/protect/1/attribute)\n"
          "dev.json:2:52: error[policy.missing-key]: a protect entry with \"values\" needs "
          "\"attribute\" (at /rules/0/protect/2)\n"
          "dev.json:3:52: error[policy.unknown-action]: action \"update\" does not apply here (at "
          "/rules/0/actions/0)\n"
          "  note: expected one of: replace, replace-create-first, forget-create, delete, forget\n");
  }
}
