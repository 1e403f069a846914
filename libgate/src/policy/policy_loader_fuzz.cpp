// libFuzzer target: the policy loader. The input is the prod environment's file, loaded beside
// fixed platform values and a fixed parent environment it may extend. Loading never crashes;
// a set that loads is deterministic (a second load has the same digests), its digest is the
// canonical form of its resolved rules, and it evaluates a small IAM plan without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gate/canonical_json.h"
#include "gate/digest.h"
#include "gate/evaluate.h"
#include "gate/plan.h"
#include "gate/policy.h"

namespace {

constexpr std::string_view kPlatform = R"({
  "github": {"repository": "acme/platform", "oidc_subjects": ["environment:prod"]},
  "accounts": {"tooling": "333333333333", "prod": "666666666666"},
  "account_ids": ["333333333333", "666666666666"],
  "governed_ou": "students",
  "free_tier": {"instance_types": ["t3.micro"]},
  "protected_names": ["tfgate-deploy-prod"]
})";

constexpr std::string_view kParent = R"({
  "rules": [
    {"id": "DEL-001", "title": "No deletes", "kind": "forbidden_deletion",
     "enforcement": "hard-mandatory"}
  ]
})";

// One IAM policy update and one role replacement, so the IAM, deletion and attribute rules
// all have something to inspect.
constexpr std::string_view kPlan = R"({
  "format_version": "1.2",
  "resource_changes": [
    {"address": "aws_iam_policy.app", "mode": "managed", "type": "aws_iam_policy", "name": "app",
     "provider_name": "registry.terraform.io/hashicorp/aws",
     "change": {"actions": ["update"],
       "before": {"name": "app", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"},
       "after": {"name": "app", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\",\"s3:*\"],\"Resource\":\"*\"}]}"},
       "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}}},
    {"address": "aws_iam_role.deploy", "mode": "managed", "type": "aws_iam_role", "name": "deploy",
     "provider_name": "registry.terraform.io/hashicorp/aws",
     "change": {"actions": ["delete", "create"],
       "before": {"name": "tfgate-deploy-prod", "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringLike\":{\"token.actions.githubusercontent.com:sub\":\"repo:acme/*\"}}}]}"},
       "after": {"name": "tfgate-deploy-prod"},
       "after_unknown": {"assume_role_policy": true}, "before_sensitive": {}, "after_sensitive": {}}}
  ]
})";

gate::Expected<gate::PolicySet> load(std::string_view text) {
  std::vector<gate::PolicySource> sources = {
      {"policies/platform.json", std::string(kPlatform)},
      {"policies/staging.json", std::string(kParent)},
      {"policies/prod.json", std::string(text)},
  };
  return gate::load_policies(sources);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policies = load(text);
  if (!policies) {
    (void)gate::render(policies.error());
    return 0;
  }
  auto again = load(text);
  if (!again || again->digest() != policies->digest() ||
      again->digest("prod") != policies->digest("prod")) {
    std::abort();
  }
  auto canonical = gate::canonical_json(policies->resolved("prod"));
  if (!canonical || gate::digest_bytes(*canonical) != policies->digest("prod")) {
    std::abort();
  }
  static const gate::Expected<gate::Plan> plan = gate::load_plan(kPlan, "fuzz-plan.json");
  if (!plan) {
    std::abort();
  }
  gate::EvalOptions options;
  options.environment = "prod";
  (void)gate::evaluate(*policies, *plan, options);
  return 0;
}
