// Attribute assertions: every operator passing and failing, before and after, `when`, unknown
// values, sensitive values kept out of messages, and each enforcement level.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string rule(const std::string& members, const std::string& level = "hard-mandatory") {
  return R"({"id":"ATTR-001","title":"attribute","kind":"attribute","enforcement":")" + level +
         R"(","match":{"types":["aws_instance"]},)" + members + "}";
}

// Evaluates one assertion against one created instance with `after`.
std::string check_after(const std::string& members, const std::string& after,
                        const std::string& unknown = "{}") {
  const gate::Plan plan = load_plan_text(plan_text(
      {change("aws_instance.i", "aws_instance", R"(["create"])", "null", after, unknown)}));
  return listing(decide(gate::test::one_environment(rule(members)), plan));
}

}  // namespace

TEST_SUITE("attribute") {
  TEST_CASE("each operator passes and fails") {
    const std::string after =
        R"({"instance_type":"t3.micro","volume_size":20,"tags":{"Owner":"a"},"ebs_optimized":null})";
    struct Case {
      const char* members;
      const char* failure;  // empty: passes
    };
    const Case cases[] = {
        {R"("path":"/tags/Owner","operator":"exists")", ""},
        {R"("path":"/tags/Team","operator":"exists")", "after/tags/Team must be set"},
        {R"("path":"/ebs_optimized","operator":"exists")", "after/ebs_optimized must be set"},
        {R"("path":"/ebs_optimized","operator":"absent")", ""},
        {R"("path":"/tags","operator":"absent")",
         "after/tags must not be set (it is {\"Owner\":\"a\"})"},
        {R"("path":"/instance_type","operator":"equals","value":"t3.micro")", ""},
        {R"("path":"/instance_type","operator":"equals","value":"t2.micro")",
         "after/instance_type must equal \"t2.micro\" (it is \"t3.micro\")"},
        {R"("path":"/instance_type","operator":"not-equals","value":"m5.large")", ""},
        {R"("path":"/instance_type","operator":"not-equals","value":"t3.micro")",
         "after/instance_type must not equal \"t3.micro\" (it is \"t3.micro\")"},
        {R"("path":"/volume_size","operator":"one-of","values":[10,20])", ""},
        {R"("path":"/instance_type","operator":"one-of","values":["t2.micro","m5.large"])",
         "after/instance_type must be one of \"t2.micro\", \"m5.large\" (it is \"t3.micro\")"},
        {R"("path":"/instance_type","operator":"matches","pattern":"t[23]\\..*")", ""},
        {R"("path":"/instance_type","operator":"matches","pattern":"t3")",
         "after/instance_type must match \"t3\" (it is \"t3.micro\")"},
        {R"("path":"/volume_size","operator":"lt","value":21)", ""},
        {R"("path":"/volume_size","operator":"lt","value":20)",
         "after/volume_size must be < 20 (it is 20)"},
        {R"("path":"/volume_size","operator":"le","value":20)", ""},
        {R"("path":"/volume_size","operator":"le","value":19.5)",
         "after/volume_size must be <= 19.5 (it is 20)"},
        {R"("path":"/volume_size","operator":"gt","value":19)", ""},
        {R"("path":"/volume_size","operator":"gt","value":20)",
         "after/volume_size must be > 20 (it is 20)"},
        {R"("path":"/volume_size","operator":"ge","value":20)", ""},
        {R"("path":"/volume_size","operator":"ge","value":30)",
         "after/volume_size must be >= 30 (it is 20)"},
        {R"("path":"/instance_type","operator":"ge","value":30)",
         "after/instance_type must be a number >= 30 (it is \"t3.micro\")"},
        {R"("path":"/missing","operator":"equals","value":1)",
         "after/missing must equal 1 (it is not set)"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.members);
      const std::string expected =
          *c.failure ? std::string("ATTR-001 aws_instance.i [hard-mandatory] ") + c.failure + "\n"
                     : std::string();
      CHECK(check_after(c.members, after) == expected);
    }
  }

  TEST_CASE("each enforcement level: a passing and a failing change") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_instance.ok", "aws_instance", R"(["create"])", "null",
               R"({"instance_type":"t3.micro"})"),
        change("aws_instance.big", "aws_instance", R"(["update"])", R"({"instance_type":"t3.micro"})",
               R"({"instance_type":"m5.large"})"),
    }));
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const gate::Decision d = decide(
          gate::test::one_environment(rule(
              R"("path":"/instance_type","operator":"one-of","values":["t2.micro","t3.micro"])",
              level)),
          plan);
      CHECK(listing(d) == "ATTR-001 aws_instance.big [" + level +
                              "] after/instance_type must be one of \"t2.micro\", \"t3.micro\" "
                              "(it is \"m5.large\")\n");
      CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
    }
  }

  TEST_CASE("a value unknown until apply cannot be evaluated, never passes") {
    const std::string members = R"("path":"/instance_type","operator":"equals","value":"t3.micro")";
    CHECK(check_after(members, "{}", R"({"instance_type":true})") ==
          "ATTR-001 aws_instance.i [hard-mandatory] cannot evaluate: after/instance_type is unknown "
          "until apply\n");
    // A containing value that is unknown makes the path unknown too.
    CHECK(check_after(R"("path":"/tags/Owner","operator":"exists")", "{}", R"({"tags":true})") ==
          "ATTR-001 aws_instance.i [hard-mandatory] cannot evaluate: after/tags/Owner is unknown "
          "until apply\n");
    // A value with unknown parts: known to exist, but not comparable.
    const std::string partly = R"({"tags":{"Owner":"a"}})";
    const std::string unknown = R"({"tags":{"Team":true}})";
    CHECK(check_after(R"("path":"/tags","operator":"exists")", partly, unknown).empty());
    CHECK(check_after(R"("path":"/tags","operator":"equals","value":{"Owner":"a"})", partly,
                      unknown) ==
          "ATTR-001 aws_instance.i [hard-mandatory] cannot evaluate: after/tags is unknown until "
          "apply\n");
    // Known siblings do not matter.
    CHECK(check_after(members, R"({"instance_type":"t3.micro"})", R"({"arn":true})").empty());
  }

  TEST_CASE("sensitive values never appear in a message") {
    const gate::Plan plan = load_plan_text(
        R"({"format_version":"1.2","resource_changes":[{"address":"aws_instance.i","mode":"managed",
            "type":"aws_instance","name":"i","change":{"actions":["create"],"before":null,
            "after":{"user_data":"password=hunter2"},"after_unknown":{},
            "after_sensitive":{"user_data":true}}}]})");
    const gate::Decision d = decide(
        gate::test::one_environment(rule(R"("path":"/user_data","operator":"absent")")), plan);
    CHECK(listing(d) ==
          "ATTR-001 aws_instance.i [hard-mandatory] after/user_data must not be set (it is "
          "(sensitive))\n");
  }

  TEST_CASE("before, when, and which actions are looked at by default") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_instance.a", "aws_instance", R"(["delete"])", R"({"disable_api_termination":false})",
               "null"),
        change("aws_instance.b", "aws_instance", R"(["no-op"])", R"({"instance_type":"m5.large"})",
               R"({"instance_type":"m5.large"})"),
        change("aws_instance.c", "aws_instance", R"(["delete"])", R"({"disable_api_termination":true})",
               "null"),
    }));
    const gate::PolicySet before = gate::test::one_environment(rule(
        R"("in":"before","path":"/disable_api_termination","operator":"equals","value":true)"));
    CHECK(listing(decide(before, plan)) ==
          "ATTR-001 aws_instance.a [hard-mandatory] before/disable_api_termination must equal true "
          "(it is false)\n");
    // no-op changes are looked at only when `when` says so.
    const std::string members = R"("path":"/instance_type","operator":"equals","value":"t3.micro")";
    CHECK(listing(decide(gate::test::one_environment(rule(members)), plan)).empty());
    CHECK(listing(decide(gate::test::one_environment(rule(members + R"(,"when":["no-op"])")),
                         plan)) ==
          "ATTR-001 aws_instance.b [hard-mandatory] after/instance_type must equal \"t3.micro\" "
          "(it is \"m5.large\")\n");
  }

  TEST_CASE("operands are checked when loading") {
    CHECK(gate::test::policy_errors(
              {{"dev.json",
                "{\"rules\": [" +
                    rule(R"("path":"/a","operator":"lt","value":"ten","pattern":"x","when":["delete"])") +
                    "," +
                    R"({"id":"ATTR-002","title":"t","kind":"attribute","enforcement":"advisory",
                        "path":"tags","operator":"one-of"})" +
                    "]}"}}) ==
          "dev.json:1:170: error[policy.wrong-type]: operator \"lt\" compares numbers; expected a "
          "number, found a string (at /rules/0/value)\n"
          "dev.json:1:186: error[policy.bad-value]: \"pattern\" does not apply to operator \"lt\" "
          "(at /rules/0/pattern)\n"
          "dev.json:1:198: error[policy.unknown-action]: action \"delete\" does not apply here (at "
          "/rules/0/when/0)\n"
          "  note: expected one of: create, update, replace, replace-create-first, forget-create, "
          "read, no-op\n"
          "dev.json:1:209: error[policy.missing-key]: operator \"one-of\" needs the member "
          "\"values\" (at /rules/1)\n"
          "dev.json:2:32: error[policy.bad-pointer]: \"tags\" is not a JSON pointer to an "
          "attribute, such as \"/tags/Owner\" (at /rules/1/path)\n");
  }
}
