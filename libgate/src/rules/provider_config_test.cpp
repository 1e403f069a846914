// Provider configurations: region and accounts from constants and root variables, aliases and
// module providers, and values not known from the configuration.
#include <doctest/doctest.h>

#include "policy_helpers.h"

namespace {

using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

gate::PolicySet policy() {
  return gate::test::one_environment(
      R"({"id":"PROD-003","title":"providers","kind":"provider_config","enforcement":"hard-mandatory",
          "provider":"registry\\.terraform\\.io/hashicorp/aws","region":"us-east-1","accounts":["666666666666"]})");
}

std::string check(const std::string& provider_config, const std::string& variables = "{}") {
  const gate::Plan plan = load_plan_text(plan_text(
      {}, R"("variables":)" + variables + R"(,"configuration":{"provider_config":)" +
              provider_config + "}"));
  return listing(decide(policy(), plan));
}

}  // namespace

TEST_SUITE("provider_config") {
  TEST_CASE("the platform's own provider block passes") {
    CHECK(check(R"({"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws",
                   "expressions":{"region":{"references":["var.region"]},
                                  "allowed_account_ids":{"references":["var.offline_plan","var.account_id"]}}}})",
                R"({"region":{"value":"us-east-1"},"account_id":{"value":"666666666666"},"offline_plan":{"value":true}})") ==
          "");
  }

  TEST_CASE("another region, another account, no region, or unknown values are findings") {
    CHECK(check(R"({"aws.x":{"name":"aws","alias":"x","full_name":"registry.terraform.io/hashicorp/aws",
                   "expressions":{"region":{"constant_value":"eu-west-1"},
                                  "assume_role":[{"role_arn":{"constant_value":"arn:aws:iam::999999999999:role/r"}}]}}})") ==
          "PROD-003 provider[\"registry.terraform.io/hashicorp/aws\"].x [hard-mandatory] "
          "configured for account 999999999999, not 666666666666\n"
          "PROD-003 provider[\"registry.terraform.io/hashicorp/aws\"].x [hard-mandatory] "
          "configured for region eu-west-1, not us-east-1\n");
    CHECK(check(R"({"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws",
                   "expressions":{"region":{"references":["var.region"]}}}})",
                R"({"region":{"value":"eu-west-1"}})") ==
          "PROD-003 provider[\"registry.terraform.io/hashicorp/aws\"] [hard-mandatory] "
          "configured for region eu-west-1, not us-east-1\n");
    CHECK(check(R"({"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{}}})") ==
          "PROD-003 provider[\"registry.terraform.io/hashicorp/aws\"] [hard-mandatory] cannot "
          "evaluate: the configuration sets no region (it would come from the environment the "
          "plan runs in)\n");
    CHECK(check(R"({"module.m:aws":{"name":"aws","module_address":"module.m","full_name":"registry.terraform.io/hashicorp/aws",
                   "expressions":{"region":{"constant_value":"us-east-1"},
                                  "assume_role":[{"role_arn":{"references":["var.role"]}}]}}})") ==
          "PROD-003 module.m.provider[\"registry.terraform.io/hashicorp/aws\"] [hard-mandatory] "
          "cannot evaluate: assume_role.role_arn not known from the configuration\n");
  }

  TEST_CASE("other providers are left to the rule's provider pattern") {
    CHECK(check(R"({"random":{"name":"random","full_name":"registry.terraform.io/hashicorp/random","expressions":{}}})") ==
          "");
  }
}
