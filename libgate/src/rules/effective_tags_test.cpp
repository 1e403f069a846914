// Tag rules with the provider's default_tags: real Terraform plans where the tag comes from
// default_tags while tags_all is unknown until apply, and the plans that must still be caught
// (no default tag, another provider configuration, a value the resource may override).
#include <doctest/doctest.h>

#include "fixtures.h"
#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

std::string owner_rule(const std::string& members) {
  return R"({"id":"TAG-001","title":"owner","kind":"attribute","enforcement":"hard-mandatory",)"
         R"("match":{"types":["aws_s3_bucket"]},)" +
         members + "}";
}

std::string on_fixture(const std::string& plan, const std::string& members) {
  auto loaded = gate::load_plan_file(gate::test::fixture("plans/platform/" + plan));
  REQUIRE_MESSAGE(loaded.has_value(), gate::render(loaded.error()));
  return listing(decide(gate::test::one_environment(owner_rule(members)), *loaded));
}

// A configuration with two provider configurations: "aws" tags with owner, "aws.west" does not.
const char* kConfiguration = R"("configuration":{
  "provider_config":{
    "aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{
      "default_tags":[{"tags":{"constant_value":{"owner":"platform-team"}}}]}},
    "aws.west":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","alias":"west",
      "expressions":{"region":{"constant_value":"us-west-2"}}},
    "aws.vars":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","alias":"vars",
      "expressions":{"default_tags":[{"tags":{"references":["var.tags"]}}]}}},
  "root_module":{"resources":[
    {"address":"aws_s3_bucket.x","mode":"managed","type":"aws_s3_bucket","name":"x",
     "provider_config_key":"PROVIDER","expressions":{}}]}})";

// One bucket created with `after` / `after_unknown`, using provider configuration `provider`.
std::string on_bucket(const std::string& members, const std::string& after,
                      const std::string& unknown, const std::string& provider = "aws") {
  std::string configuration = kConfiguration;
  configuration.replace(configuration.find("PROVIDER"), 8, provider);
  const gate::Plan plan = load_plan_text(plan_text(
      {change("aws_s3_bucket.x", "aws_s3_bucket", R"(["create"])", "null", after, unknown)},
      configuration));
  return listing(decide(gate::test::one_environment(owner_rule(members)), plan));
}

const char* kExists = R"("path":"/tags/owner","operator":"exists")";
const char* kUnknownTags = R"({"tags":true,"tags_all":true})";

}  // namespace

TEST_SUITE("effective tags") {
  TEST_CASE("real plans: the owner tag from default_tags counts while tags_all is unknown") {
    CHECK(on_fixture("staging-bucket-owner-default-tag.json", kExists) == "");
    CHECK(on_fixture("staging-bucket-owner-default-tag.json",
                     R"("path":"/tags_all/owner","operator":"exists")") == "");
    // Without the default tag, the unknown tags could hold it or not: a finding, not a pass.
    CHECK(on_fixture("staging-bucket-no-owner.json", kExists) ==
          "TAG-001 aws_s3_bucket.reports [hard-mandatory] cannot evaluate: after/tags/owner is "
          "unknown until apply (the resource's tags are unknown until apply, and the provider's "
          "default_tags do not set owner)\n");
    // Known tags_all (every resource of a create plan whose tags are constants) is read as is.
    CHECK(on_fixture("staging-create.json", kExists) == "");
  }

  TEST_CASE("a value the resource's unknown tags may override cannot be judged") {
    CHECK(on_fixture("staging-bucket-owner-default-tag.json",
                     R"("path":"/tags/owner","operator":"equals","value":"platform-team")") ==
          "TAG-001 aws_s3_bucket.reports [hard-mandatory] cannot evaluate: after/tags/owner is "
          "unknown until apply (the resource's tags are unknown until apply and may override the "
          "default_tags value)\n");
    // `absent` is decided: the default tag is there whatever the resource's tags hold.
    CHECK(on_bucket(R"("path":"/tags/owner","operator":"absent")", "{}", kUnknownTags) ==
          "TAG-001 aws_s3_bucket.x [hard-mandatory] after/tags/owner must not be set (it is "
          "\"platform-team\")\n");
  }

  TEST_CASE("the resource's own tag wins over the default; its unknown value is unknown") {
    const std::string rule = R"("path":"/tags/owner","operator":"equals","value":"data-team")";
    CHECK(on_bucket(rule, R"({"tags":{"owner":"data-team"}})", R"({"tags_all":true})") == "");
    CHECK(on_bucket(rule, R"({"tags":{"Name":"x"}})", R"({"tags_all":true})") ==
          "TAG-001 aws_s3_bucket.x [hard-mandatory] after/tags/owner must equal \"data-team\" "
          "(it is \"platform-team\")\n");
    CHECK(on_bucket(rule, R"({"tags":{"Name":"x"}})", R"({"tags":{"owner":true},"tags_all":true})")
              .find("cannot evaluate: after/tags/owner is unknown until apply (the resource sets "
                    "this tag to a value known only after apply)") != std::string::npos);
    CHECK(on_bucket(kExists, R"({"tags":{"Name":"x"}})",
                    R"({"tags":{"owner":true},"tags_all":true})") == "");
  }

  TEST_CASE("only the resource's own provider configuration's default_tags count") {
    // aws.west has no default_tags: the owner of the default provider does not apply.
    CHECK(on_bucket(kExists, R"({"tags":{"Name":"x"}})", R"({"tags_all":true})", "aws.west") ==
          "TAG-001 aws_s3_bucket.x [hard-mandatory] after/tags/owner must be set\n");
    CHECK(on_bucket(kExists, "{}", kUnknownTags, "aws.west")
              .find("cannot evaluate: after/tags/owner is unknown until apply") !=
          std::string::npos);
    // default_tags from a variable are not read: fail closed.
    CHECK(on_bucket(kExists, R"({"tags":{"Name":"x"}})", R"({"tags_all":true})", "aws.vars") ==
          "TAG-001 aws_s3_bucket.x [hard-mandatory] cannot evaluate: after/tags/owner is unknown "
          "until apply (the provider's default_tags are not written as constants)\n");
    // A configuration key the plan does not have.
    CHECK(on_bucket(kExists, R"({"tags":{"Name":"x"}})", R"({"tags_all":true})", "aws.gone")
              .find("the resource's provider configuration is not in the plan") !=
          std::string::npos);
  }

  TEST_CASE("known tags_all is what the resource carries, the resource's tags included") {
    CHECK(on_bucket(kExists, R"({"tags":null,"tags_all":{"owner":"x"}})", "{}") == "");
    CHECK(on_bucket(kExists, R"({"tags":{"Name":"x"},"tags_all":{"Name":"x"}})", "{}") ==
          "TAG-001 aws_s3_bucket.x [hard-mandatory] after/tags/owner must be set\n");
  }
}
