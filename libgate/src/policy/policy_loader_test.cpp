// Tests of policy loading: the shipped policies, inheritance, platform references, the policy
// digest, and the exact diagnostics of every malformed policy under fixtures/bad/policies.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "gate/digest.h"
#include "gate/policy.h"
#include "golden.h"
#include "policy_helpers.h"

namespace {

namespace fs = std::filesystem;

std::string policies_dir() { return std::string(GATE_SOURCE_DIR) + "/policies"; }

// Rendered diagnostics of a bad fixture: one file (`name.json`), or a directory of files.
std::string diagnose(const fs::path& path) {
  std::vector<gate::PolicySource> sources;
  if (fs::is_directory(path)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path)) {
      files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      sources.push_back({(path.filename() / f.filename()).string(),
                         gate::test::read_file(f.string())});
    }
  } else {
    sources.push_back({path.filename().string(), gate::test::read_file(path.string())});
  }
  auto set = gate::load_policies(sources);
  return set ? std::string("no error\n") : gate::render(set.error());
}

std::string ids(const std::vector<gate::RuleInfo>& rules) {
  std::string out;
  for (const gate::RuleInfo& r : rules) {
    out += r.id + ":" + std::string(gate::to_string(r.enforcement)) + " ";
  }
  return out;
}

const char* kParent = R"({
  "default": "allow",
  "rules": [
    {"id": "DEL-002", "title": "stateful", "kind": "forbidden_deletion", "enforcement": "advisory",
     "protect": [{"types": ["aws_s3_bucket"]}]},
    {"id": "PLAN-001", "title": "status", "kind": "plan_status", "enforcement": "hard-mandatory"}
  ]
})";

const char* kChild = R"({
  "extends": "dev",
  "rules": [
    {"id": "DEL-002", "title": "stateful", "kind": "forbidden_deletion",
     "enforcement": "soft-mandatory", "protect": [{"types": ["aws_s3_bucket"]}]},
    {"id": "BLAST-001", "title": "small", "kind": "blast_radius", "enforcement": "advisory",
     "max_deletes": 3}
  ]
})";

}  // namespace

TEST_SUITE("policy_loader") {
  TEST_CASE("the shipped policies load, with prod extending staging extending dev") {
    auto set = gate::load_policy_dir(policies_dir());
    REQUIRE_MESSAGE(set.has_value(), gate::render(set.error()));
    CHECK(set->environments() == std::vector<std::string>{"dev", "organization", "prod", "staging"});
    CHECK(set->parent("prod") == "staging");
    CHECK(set->parent("staging") == "dev");
    CHECK(set->parent("organization") == "dev");
    CHECK(set->default_deny("prod"));
    CHECK_FALSE(set->default_deny("staging"));
    // IAM rules: service wildcards, NotAction with Allow and privilege escalation are advisory
    // in dev and blocking from staging on; unknown IAM documents advisory, soft, then hard.
    // PROT-001 to PROT-010: protected resources are not weakened, in every environment.
    std::string kProtected;
    for (int i = 1; i <= 10; ++i) {
      kProtected += "PROT-0" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":hard-mandatory ";
    }
    CHECK(ids(set->rules("dev")) ==
          "APP-001:advisory DEL-001:hard-mandatory DEL-002:advisory "
          "DRIFT-001:hard-mandatory DRIFT-002:hard-mandatory DRIFT-003:advisory "
          "DRIFT-004:advisory "
          "IAM-001:hard-mandatory "
          "LP-001:hard-mandatory LP-003:advisory LP-006:advisory LP-008:hard-mandatory "
          "LP-014:advisory OIDC-001:hard-mandatory PE-001:advisory PE-003:hard-mandatory "
          "PLAN-001:hard-mandatory PLAN-003:advisory " + kProtected +
              "READ-001:advisory SIZE-001:hard-mandatory "
              "TRUST-001:hard-mandatory XACCT-001:hard-mandatory XACCT-002:hard-mandatory ");
    CHECK(ids(set->rules("staging")) ==
          "APP-001:advisory BLAST-001:soft-mandatory DEL-001:hard-mandatory "
          "DEL-002:soft-mandatory "
          "DRIFT-001:hard-mandatory DRIFT-002:hard-mandatory DRIFT-003:advisory "
          "DRIFT-004:advisory "
          "IAM-001:hard-mandatory LP-001:hard-mandatory "
          "LP-003:hard-mandatory LP-006:hard-mandatory LP-008:hard-mandatory LP-014:advisory "
          "OIDC-001:hard-mandatory PE-001:hard-mandatory PE-003:hard-mandatory "
          "PLAN-001:hard-mandatory PLAN-003:soft-mandatory " + kProtected +
              "READ-001:soft-mandatory SIZE-001:hard-mandatory "
              "TRUST-001:hard-mandatory XACCT-001:hard-mandatory XACCT-002:hard-mandatory ");
    CHECK(ids(set->rules("prod")) ==
          "APP-001:advisory BLAST-001:soft-mandatory DEL-001:hard-mandatory "
          "DEL-002:soft-mandatory "
          "DRIFT-001:hard-mandatory DRIFT-002:hard-mandatory DRIFT-003:advisory "
          "DRIFT-004:advisory "
          "IAM-001:hard-mandatory LP-001:hard-mandatory "
          "LP-003:hard-mandatory LP-006:hard-mandatory LP-008:hard-mandatory LP-014:advisory "
          "OIDC-001:hard-mandatory PE-001:hard-mandatory PE-003:hard-mandatory "
          "PLAN-001:hard-mandatory PLAN-003:hard-mandatory PROD-001:hard-mandatory "
          "PROD-002:hard-mandatory PROD-003:hard-mandatory PROD-004:hard-mandatory " +
              kProtected +
              "READ-001:hard-mandatory SIZE-001:hard-mandatory TRUST-001:hard-mandatory "
              "XACCT-001:hard-mandatory XACCT-002:hard-mandatory ");
    CHECK(set->rules("organization").size() == 39);
    const gate::RuleInfo del = set->rules("prod")[2];
    CHECK(del.location.file == policies_dir() + "/dev.json");
    CHECK(del.location.json_pointer == "/rules/0");
    CHECK(del.kind == "forbidden_deletion");
    CHECK_FALSE(del.help.empty());
    CHECK(gate::is_digest(set->digest("prod")));
  }

  TEST_CASE("a child overrides a parent rule by id, adds rules and inherits the default") {
    const gate::PolicySet set = gate::test::load_policy_texts(
        {{"dev.json", kParent}, {"staging.json", kChild}});
    CHECK(ids(set.rules("dev")) == "DEL-002:advisory PLAN-001:hard-mandatory ");
    CHECK(ids(set.rules("staging")) ==
          "BLAST-001:advisory DEL-002:soft-mandatory PLAN-001:hard-mandatory ");
    CHECK(set.rules("staging")[1].location.file == "staging.json");
    CHECK_FALSE(set.default_deny("staging"));
    CHECK(set.resolved("staging")["rules"].size() == 3);
    CHECK(set.resolved("nowhere").is_null());
    CHECK(set.rules("nowhere").empty());
  }

  TEST_CASE("platform references: a value, a list spliced into a list, a whole list") {
    const gate::PolicySet set = gate::test::load_policy_texts(
        {{"platform.json",
          R"({"state_bucket": "acme-tfstate", "more": ["a", "b"], "accounts": {"prod": "666"}})"},
         {"dev.json", R"({"rules": [
            {"id": "DEL-001", "title": "t", "kind": "forbidden_deletion", "enforcement": "hard-mandatory",
             "protect": [{"attribute": "/bucket",
                          "values": [{"$platform": "state_bucket"}, {"$platform": "more"}, "c"]}]},
            {"id": "ATTR-001", "title": "t", "kind": "attribute", "enforcement": "advisory",
             "path": "/account", "operator": "one-of", "values": {"$platform": "more"}},
            {"id": "ATTR-002", "title": "t", "kind": "attribute", "enforcement": "advisory",
             "path": "/account", "operator": "equals", "value": {"$platform": "accounts.prod"}}]})"}});
    const nlohmann::json rules = set.resolved("dev")["rules"];
    CHECK(rules[0]["values"] == nlohmann::json::parse(R"(["a", "b"])"));
    CHECK(rules[1]["value"] == "666");
    CHECK(rules[2]["protect"][0]["values"] ==
          nlohmann::json::parse(R"(["acme-tfstate", "a", "b", "c"])"));
  }

  TEST_CASE("the policy digest ignores comments, white space and member order") {
    const std::string plain =
        R"({"rules":[{"id":"PLAN-001","title":"t","kind":"plan_status","enforcement":"hard-mandatory"}]})";
    const std::string commented = R"(// a comment
      {
        /* the rules */ "rules": [
          {"enforcement": "hard-mandatory", "kind": "plan_status",   // reordered
           "title": "t", "id": "PLAN-001"}
        ]
      })";
    const std::string changed =
        R"({"rules":[{"id":"PLAN-001","title":"t","kind":"plan_status","enforcement":"advisory"}]})";
    const std::string digest = gate::test::load_policy_texts({{"dev.json", plain}}).digest("dev");
    CHECK(gate::test::load_policy_texts({{"dev.json", commented}}).digest("dev") == digest);
    CHECK(gate::test::load_policy_texts({{"dev.json", changed}}).digest("dev") != digest);
    // A new waiver changes it too.
    const std::string waived = R"({"rules":[{"id":"PLAN-001","title":"t","kind":"plan_status",
        "enforcement":"soft-mandatory"}], "waivers": [{"rule":"PLAN-001","address":".*",
        "reason":"r","owner":"o","expires":"2026-12-31"}]})";
    const std::string unwaived = R"({"rules":[{"id":"PLAN-001","title":"t","kind":"plan_status",
        "enforcement":"soft-mandatory"}]})";
    CHECK(gate::test::load_policy_texts({{"dev.json", waived}}).digest("dev") !=
          gate::test::load_policy_texts({{"dev.json", unwaived}}).digest("dev"));
  }

  TEST_CASE("an environment's digest follows its parents and not its siblings") {
    const gate::PolicySet base = gate::test::load_policy_texts(
        {{"dev.json", kParent}, {"staging.json", kChild}, {"other.json", kParent}});
    const std::string changed_parent =
        std::string(kParent).replace(std::string(kParent).find("advisory"), 8, "soft-mandatory");
    const gate::PolicySet parent_changed = gate::test::load_policy_texts(
        {{"dev.json", changed_parent}, {"staging.json", kChild}, {"other.json", kParent}});
    CHECK(parent_changed.digest("dev") != base.digest("dev"));
    CHECK(parent_changed.digest("other") == base.digest("other"));
    // staging re-declares DEL-002, so a change of dev's DEL-002 does not reach it...
    CHECK(parent_changed.digest("staging") == base.digest("staging"));
    CHECK(parent_changed.digest() != base.digest());
    // ...but a change of an inherited rule does.
    std::string changed_plan = kParent;
    changed_plan.replace(changed_plan.find("\"status\""), 8, "\"Status\"");
    CHECK(gate::test::load_policy_texts(
              {{"dev.json", changed_plan}, {"staging.json", kChild}, {"other.json", kParent}})
              .digest("staging") != base.digest("staging"));
  }

  TEST_CASE("an unknown environment is reported with a suggestion") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"dev.json", kParent},
                                                              {"staging.json", kChild}});
    CHECK_FALSE(set.check_environment("staging").has_value());
    auto d = set.check_environment("stagng");
    REQUIRE(d.has_value());
    CHECK(gate::render(*d) ==
          "error[policy.unknown-environment]: there is no policy for environment \"stagng\"\n"
          "  note: did you mean 'staging'?");
  }

  TEST_CASE("a directory without policy files, or that does not exist, is an error") {
    auto missing = gate::load_policy_dir("/nonexistent/policies");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().front().code == "io.read");
    auto empty = gate::load_policy_dir(gate::test::fixture("plans/policy/../../bad"));
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().front().code == "policy.no-policies");
    CHECK(gate::test::policy_errors({{"platform.json", "{}"}}) ==
          "error[policy.no-policies]: no policy files: a policy set needs at least one "
          "environment file such as prod.json\n");
  }

  TEST_CASE("every malformed policy in fixtures/bad/policies gives its exact diagnostics") {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(gate::test::fixture("bad/policies"))) {
      if (entry.path().extension() == ".json" || entry.is_directory()) {
        cases.push_back(entry.path());
      }
    }
    std::sort(cases.begin(), cases.end());
    CHECK(cases.size() >= 15);
    for (const fs::path& c : cases) {
      CAPTURE(c.filename().string());
      const std::string actual = diagnose(c);
      CHECK(actual.find("error[") != std::string::npos);
      fs::path expected = c;
      expected.replace_extension(".expected");
      if (fs::is_directory(c)) {
        expected = c.string() + ".expected";
      }
      gate::test::check_golden(expected.string(), actual);
    }
  }
}
