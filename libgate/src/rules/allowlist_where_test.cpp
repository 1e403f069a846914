// Allow entries with conditions and provider sources: what an allowed type may do, look-alike
// providers, and the legitimate changes that must still pass.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

const std::string kAws = R"(registry\\.(terraform\\.io|opentofu\\.org)/hashicorp/aws)";

gate::PolicySet policy() {
  return gate::test::one_environment(
      R"({"id":"PROD-001","title":"only the app","kind":"allowlist","enforcement":"hard-mandatory",
          "allow":[{"actions":["no-op"]},
                   {"mode":"data","types":["aws_iam_policy_document"],"actions":["read"]},
                   {"types":["aws_lambda_permission"],"provider":")" +
          kAws + R"(","actions":["create","update"],
                    "where":[{"path":"/principal","operator":"matches","pattern":"[a-z0-9.-]+\\.amazonaws\\.com"},
                             {"path":"/source_arn","operator":"exists"}]},
                   {"types":["aws_lambda_function"],"provider":")" +
          kAws + R"(","actions":["create","update"]}]})",
      R"("default":"deny")");
}

std::string with_provider(const std::string& change_text, const std::string& provider) {
  std::string out = change_text;
  const std::string from = "registry.terraform.io/hashicorp/aws";
  out.replace(out.find(from), from.size(), provider);
  return out;
}

}  // namespace

TEST_SUITE("allowlist where") {
  TEST_CASE("a permission for everyone, or without a source, is refused; a service's passes") {
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_lambda_permission.anyone", "aws_lambda_permission", R"(["create"])", "null",
               R"({"principal":"*"})"),
        change("aws_lambda_permission.nosource", "aws_lambda_permission", R"(["create"])", "null",
               R"({"principal":"apigateway.amazonaws.com","source_arn":null})"),
        change("aws_lambda_permission.api", "aws_lambda_permission", R"(["create"])", "null",
               R"({"principal":"apigateway.amazonaws.com","source_arn":"arn:aws:execute-api:us-east-1:666666666666:abc/*/*"})"),
        change("aws_lambda_permission.later", "aws_lambda_permission", R"(["create"])", "null",
               R"({"principal":"apigateway.amazonaws.com"})", R"({"source_arn":true})"),
    }));
    CHECK(listing(decide(policy(), plan)) ==
          "PROD-001 aws_lambda_permission.anyone [hard-mandatory] create of aws_lambda_permission "
          "is not allowed in test: after/principal must match "
          "\"[a-z0-9.-]+\\\\.amazonaws\\\\.com\" (it is \"*\")\n"
          "PROD-001 aws_lambda_permission.later [hard-mandatory] create of aws_lambda_permission "
          "is not allowed in test: cannot evaluate: after/source_arn is unknown until apply\n"
          "PROD-001 aws_lambda_permission.nosource [hard-mandatory] create of "
          "aws_lambda_permission is not allowed in test: after/source_arn must be set\n");
  }

  TEST_CASE("a look-alike provider's resource is not the platform's, OpenTofu's registry is") {
    const std::string fn = change("aws_lambda_function.app", "aws_lambda_function",
                                  R"(["update"])", "{}", "{}");
    const gate::Plan plan = load_plan_text(plan_text({
        with_provider(fn, "registry.terraform.io/evilcorp/aws"),
        with_provider(change("aws_lambda_function.tofu", "aws_lambda_function", R"(["update"])",
                             "{}", "{}"),
                      "registry.opentofu.org/hashicorp/aws"),
        with_provider(change("aws_lambda_function.sub", "aws_lambda_function", R"(["update"])",
                             "{}", "{}"),
                      "registry.terraform.io/hashicorp/aws-extra"),
    }));
    CHECK(listing(decide(policy(), plan)) ==
          "PROD-001 aws_lambda_function.app [hard-mandatory] update of aws_lambda_function is not "
          "allowed in test: no allow entry matches it\n"
          "PROD-001 aws_lambda_function.sub [hard-mandatory] update of aws_lambda_function is not "
          "allowed in test: no allow entry matches it\n");
  }

  TEST_CASE("reads are judged: only listed data sources may be read during apply") {
    const auto data = [](const std::string& type) {
      std::string c = change("data." + type + ".d", type, R"(["read"])", "null", "{}", "{}",
                             R"(,"action_reason":"read_because_dependency_pending")");
      c.replace(c.find(R"("mode":"managed")"), 16, R"("mode":"data")");
      return c;
    };
    const gate::Plan plan =
        load_plan_text(plan_text({data("aws_iam_policy_document"), data("aws_lambda_invocation")}));
    const gate::Decision d = decide(policy(), plan);
    CHECK(listing(d) ==
          "PROD-001 data.aws_lambda_invocation.d [hard-mandatory] read of aws_lambda_invocation "
          "is not allowed in test: no allow entry matches it\n");
    CHECK(d.changes[gate::Action::kRead] == 2);
  }

  TEST_CASE("a conditional entry never makes its actions always allowed") {
    // The entry with `where` has no resource selector at all: it still looks at each change.
    const gate::PolicySet set = gate::test::one_environment(
        R"({"id":"PROD-001","title":"t","kind":"allowlist","enforcement":"hard-mandatory",
            "allow":[{"actions":["create"],"where":{"path":"/tags/Owner","operator":"exists"}}]})",
        R"("default":"deny")");
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_s3_bucket.a", "aws_s3_bucket", R"(["create"])", "null",
               R"({"tags":{"Owner":"x"}})"),
        change("aws_s3_bucket.b", "aws_s3_bucket", R"(["create"])", "null", R"({"tags":{}})"),
    }));
    CHECK(listing(decide(set, plan)) ==
          "PROD-001 aws_s3_bucket.b [hard-mandatory] create of aws_s3_bucket is not allowed in "
          "test: after/tags/Owner must be set\n");
  }
}
