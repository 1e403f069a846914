// Scoping rules to environments: `disable` (with its required reason) and rule-level
// `environments`, in the resolved policy, the digest and decisions; `.jsonc` policy files; and
// the lint checks against the AWS provider schema.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "golden.h"
#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::load_policy_texts;
using gate::test::plan_text;
using gate::test::policy_errors;

const char* kDev = R"({
  "rules": [
    {"id": "COST-001", "title": "t3.micro only", "kind": "attribute", "enforcement": "hard-mandatory",
     "environments": ["dev"], "match": {"types": ["aws_instance"]},
     "path": "/instance_type", "operator": "equals", "value": "t3.micro"},
    {"id": "TAG-002", "title": "Project tag", "kind": "attribute", "enforcement": "advisory",
     "match": {"types": ["aws_instance"]}, "path": "/tags/Project", "operator": "exists"}
  ]
})";

const char* kStaging = R"({"extends": "dev", "rules": []})";

const char* kProd = R"({"extends": "staging",
  "disable": [{"rule": "TAG-002", "reason": "tagged by the organisation's tag policy"}]})";

gate::PolicySet scoped() {
  return load_policy_texts({{"dev.json", kDev}, {"staging.jsonc", kStaging}, {"prod.json", kProd}});
}

std::string ids(const gate::PolicySet& set, const std::string& env) {
  std::string out;
  for (const gate::RuleInfo& r : set.rules(env)) {
    out += r.id + " ";
  }
  return out;
}

gate::Plan large_instance() {
  return load_plan_text(plan_text({change("aws_instance.web", "aws_instance", R"(["create"])",
                                          "null", R"({"instance_type":"t3.large"})")}));
}

gate::Expected<gate::PolicySet> lint(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<gate::PolicySource> sources;
  for (const auto& [path, text] : files) {
    sources.push_back({path, text});
  }
  gate::PolicyLoadOptions options;
  options.lint = true;
  return gate::load_policies(sources, options);
}

std::string lint_errors(const std::vector<std::pair<std::string, std::string>>& files) {
  auto set = lint(files);
  return set ? std::string("no error\n") : gate::render(set.error());
}

std::string rule_with(const std::string& members) {
  return R"({"rules": [{"id": "LINT-001", "title": "t", "kind": "attribute",
    "enforcement": "advisory", )" +
         members + "}]}";
}

}  // namespace

TEST_SUITE("policy scoping") {
  TEST_CASE("a rule with `environments` applies only there; children inheriting it skip it") {
    const gate::PolicySet set = scoped();
    CHECK(ids(set, "dev") == "COST-001 TAG-002 ");
    CHECK(ids(set, "staging") == "TAG-002 ");
    CHECK(ids(set, "prod") == "");
    CHECK(listing(decide(set, large_instance(), "dev")) ==
          "COST-001 aws_instance.web [hard-mandatory] after/instance_type must equal \"t3.micro\" "
          "(it is \"t3.large\")\n"
          "TAG-002 aws_instance.web [advisory] after/tags/Project must be set\n");
    CHECK(listing(decide(set, large_instance(), "staging")) ==
          "TAG-002 aws_instance.web [advisory] after/tags/Project must be set\n");
  }

  TEST_CASE("`disable` takes a rule out with its reason, in the decision and the digest") {
    const gate::PolicySet set = scoped();
    const gate::Decision prod = decide(set, large_instance(), "prod");
    CHECK(listing(prod).empty());
    REQUIRE(prod.disabled.size() == 1);
    CHECK(prod.disabled[0].rule == "TAG-002");
    CHECK(prod.disabled[0].reason == "tagged by the organisation's tag policy");
    CHECK(set.resolved("prod")["disabled"] ==
          nlohmann::json::parse(
              R"([{"rule":"TAG-002","reason":"tagged by the organisation's tag policy"}])"));
    CHECK_FALSE(set.resolved("staging").contains("disabled"));
    // The reason is part of the policy in force.
    const gate::PolicySet other = load_policy_texts(
        {{"dev.json", kDev}, {"staging.json", kStaging}, {"prod.json", R"({"extends": "staging",
           "disable": [{"rule": "TAG-002", "reason": "another reason"}]})"}});
    CHECK(other.digest("prod") != set.digest("prod"));
    CHECK(other.digest("staging") == set.digest("staging"));
    // Not inherited: an environment extending prod has the rule again.
    const gate::PolicySet child = load_policy_texts({{"dev.json", kDev},
                                                     {"staging.json", kStaging},
                                                     {"prod.json", kProd},
                                                     {"dr.json", R"({"extends": "prod"})"}});
    CHECK(ids(child, "dr") == "TAG-002 ");
  }

  TEST_CASE("a disable without a reason, of an unknown rule, or twice is an error") {
    CHECK(
        policy_errors({{"dev.json", kDev},
                       {"prod.json", R"({"extends": "dev", "disable": [{"rule": "TAG-002"}]})"}}) ==
        "prod.json:1:32: error[policy.missing-key]: a disabled rule needs a \"reason\": say why "
        "the rule does not apply in this environment (at /disable/0)\n");
    CHECK(policy_errors(
              {{"dev.json", kDev},
               {"prod.json",
                R"({"extends": "dev", "disable": [{"rule": "TAG-02", "reason": "r"}]})"}}) ==
          "prod.json:1:41: error[policy.disable-unknown-rule]: \"disable\" names rule \"TAG-02\", "
          "which 'prod' does not have (at /disable/0/rule)\n  note: did you mean 'TAG-002'?\n");
    CHECK(policy_errors({{"dev.json", kDev}, {"prod.json", R"({"extends": "dev", "disable": [
                            {"rule": "TAG-002", "reason": "r"}, {"rule": "TAG-002", "reason": "r"}]})"}})
              .find("error[policy.duplicate-id]: rule \"TAG-002\" is disabled twice") !=
          std::string::npos);
    CHECK(policy_errors({{"dev.json", kDev}, {"prod.json", R"({"extends": "dev", "disable": [
                            {"rule": "TAG-002", "reason": ""}]})"}})
              .find("error[policy.bad-value]: \"reason\" is empty") != std::string::npos);
  }

  TEST_CASE("`environments` must name environments of the set") {
    CHECK(policy_errors({{"dev.json", R"({"rules": [
            {"id": "PLAN-001", "title": "t", "kind": "plan_status", "enforcement": "advisory",
             "environments": ["staing"]}]})"},
                         {"staging.json", kStaging}})
              .find("error[policy.bad-value]: rule PLAN-001 lists environment \"staing\", which "
                    "is not an environment here (at /rules/0/environments/0)\n  note: did you "
                    "mean 'staging'?") != std::string::npos);
  }

  TEST_CASE("x.json and x.jsonc cannot both declare environment x") {
    CHECK(policy_errors({{"dev.json", kDev}, {"dev.jsonc", kDev}})
              .find("error[policy.duplicate-environment]: environment 'dev' is declared by two "
                    "files") != std::string::npos);
  }

  TEST_CASE("a policy directory of .jsonc files loads and lints clean") {
    gate::PolicyLoadOptions options;
    options.lint = true;
    auto set = gate::load_policy_dir(
        std::string(GATE_SOURCE_DIR) + "/policies/examples/user-stories", options);
    REQUIRE_MESSAGE(set.has_value(), gate::render(set.error()));
    CHECK(set->environments() == std::vector<std::string>{"dev", "prod", "staging"});
    CHECK(set->disabled("prod").size() == 1);
  }
}

TEST_SUITE("policy lint") {
  TEST_CASE("the shipped policies lint clean") {
    gate::PolicyLoadOptions options;
    options.lint = true;
    auto set = gate::load_policy_dir(std::string(GATE_SOURCE_DIR) + "/policies", options);
    CHECK_MESSAGE(set.has_value(), (set ? std::string() : gate::render(set.error())));
  }

  TEST_CASE("types are checked against the AWS provider, with did-you-mean") {
    CHECK(
        lint_errors({{"dev.json", rule_with(R"("match": {"types": ["aws_s3_buckt"]},
            "path": "/bucket", "operator": "exists")")}})
            .find("error[policy.unknown-type]: registry.terraform.io/hashicorp/aws 5.100.0 has no "
                  "resource or data source type \"aws_s3_buckt\" (at "
                  "/rules/0/match/types/0)\n  note: did you mean 'aws_s3_bucket'?") !=
        std::string::npos);
    // Other providers' types and globs that match are not reported; a glob matching nothing is.
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["random_id", "aws_s3_*"]},
            "path": "/id", "operator": "exists")")}}) == "no error\n");
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["aws_s4_*"]},
            "path": "/id", "operator": "exists")")}})
              .find("\"aws_s4_*\" matches no resource or data source type") != std::string::npos);
    // Without lint, loading (as tfgate check does) accepts them.
    CHECK(lint({{"dev.json", rule_with(R"("match": {"types": ["aws_s3_buckt"]},
            "path": "/bucket", "operator": "exists")")}})
              .has_value() == false);
    CHECK(gate::load_policies({{"dev.json", rule_with(R"("match": {"types": ["aws_s3_buckt"]},
            "path": "/bucket", "operator": "exists")")}})
              .has_value());
  }

  TEST_CASE("attribute paths are checked against the schema of known types") {
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["aws_s3_bucket"]},
            "path": "/tag/owner", "operator": "exists")")}})
              .find("error[policy.unknown-attribute]: aws_s3_bucket has no attribute or block "
                    "\"tag\" (in registry.terraform.io/hashicorp/aws 5.100.0) (at "
                    "/rules/0/path)\n  note: did you mean 'tags'?") != std::string::npos);
    // A path valid for one type and not the other is reported for that type.
    CHECK(lint_errors(
              {{"dev.json", rule_with(R"("match": {"types": ["aws_instance", "aws_s3_bucket"]},
            "path": "/instance_type", "operator": "exists")")}})
              .find("aws_s3_bucket has no attribute or block \"instance_type\"") !=
          std::string::npos);
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["aws_instance"]},
            "path": "/root_block_device/0/volume_size", "operator": "le", "value": 30)")}}) ==
          "no error\n");
  }

  TEST_CASE("selections that match nothing are reported") {
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["none"]},
            "path": "/id", "operator": "exists")")}})
              .find("error[policy.matches-nothing]: \"none\" is not a resource type") !=
          std::string::npos);
    CHECK(lint_errors({{"dev.json", rule_with(R"("match": {"types": ["aws_instance"],
            "actions": ["delete"]}, "path": "/id", "operator": "exists")")}})
              .find("error[policy.matches-nothing]: rule LINT-001 inspects no action") !=
          std::string::npos);
    CHECK(lint_errors({{"dev.json", R"({"rules": [{"id": "LINT-001", "title": "t",
            "kind": "plan_status", "enforcement": "advisory", "environments": ["dev"]}],
            "disable": [{"rule": "LINT-001", "reason": "r"}]})"}})
              .find("error[policy.matches-nothing]: rule LINT-001 is disabled or left out by "
                    "\"environments\" in every environment that has it (dev)") !=
          std::string::npos);
    CHECK(lint_errors({{"dev.json", R"({"rules": [
            {"id": "PLAN-001", "title": "t", "kind": "plan_status", "enforcement": "advisory",
             "environments": ["dev", "org"]}]})"},
                       {"org.json", R"({"rules": [
            {"id": "PLAN-002", "title": "t", "kind": "plan_status", "enforcement": "advisory"}]})"}}) ==
          "dev.json:3:38: error[policy.matches-nothing]: rule PLAN-001 lists environment \"org\", "
          "which does not have this rule (it has it only where 'dev' is extended and the id not "
          "re-declared) (at /rules/0/environments/1)\n");
  }

  TEST_CASE("golden: the lint fixture's diagnostics") {
    const std::string dir = gate::test::fixture("policies/lint");
    gate::PolicyLoadOptions options;
    options.lint = true;
    std::vector<gate::PolicySource> sources;
    for (const char* name : {"dev.json", "staging.jsonc"}) {
      sources.push_back({std::string("lint/") + name, gate::test::read_file(dir + "/" + name)});
    }
    auto set = gate::load_policies(sources, options);
    REQUIRE_FALSE(set.has_value());
    gate::test::check_golden(gate::test::fixture("golden/lint/lint.txt"),
                             gate::render(set.error()));
  }
}
