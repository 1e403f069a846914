// Evaluation: verdicts, waivers and their expiry on a fixed clock, the order of findings,
// digests, errors, and concurrent use of one PolicySet.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <thread>

#include "fixtures.h"
#include "gate/digest.h"
#include "gate/evaluate.h"
#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::plan_text;

const char* kStaging = R"({
  "rules": [
    {"id": "DEL-002", "title": "stateful", "kind": "forbidden_deletion",
     "enforcement": "soft-mandatory", "protect": [{"types": ["aws_s3_bucket"]}]},
    {"id": "DEL-001", "title": "keys", "kind": "forbidden_deletion",
     "enforcement": "hard-mandatory", "protect": [{"types": ["aws_kms_key"]}]},
    {"id": "TAG-001", "title": "owner", "kind": "attribute", "enforcement": "advisory",
     "path": "/tags/Owner", "operator": "exists"}
  ],
  "waivers": [
    {"rule": "DEL-002", "address": "aws_s3_bucket\\.scratch(_[0-9]+)?", "reason": "cache only",
     "owner": "platform-team", "expires": "2026-06-30"},
    {"rule": "TAG-001", "address": ".*", "reason": "tags come later", "owner": "app-team",
     "expires": "2027-01-31"}
  ]
})";

gate::Plan staging_plan() {
  return load_plan_text(plan_text({
      change("aws_s3_bucket.scratch", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
      change("aws_s3_bucket.scratch_2", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
      change("aws_s3_bucket.data", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
      change("aws_sqs_queue.q", "aws_sqs_queue", R"(["create"])", "null", R"({"tags":{}})"),
  }));
}

}  // namespace

TEST_SUITE("evaluator") {
  TEST_CASE("the verdict fails on unwaived soft or hard findings, never on advisory ones") {
    const std::string rules = R"({"id":"A-001","title":"a","kind":"blast_radius",
        "enforcement":"LEVEL","max_changes":0})";
    const gate::Plan plan = load_plan_text(
        plan_text({change("aws_sqs_queue.q", "aws_sqs_queue", R"(["create"])", "null", "{}")}));
    for (const std::string& level : gate::test::levels()) {
      std::string r = rules;
      r.replace(r.find("LEVEL"), 5, level);
      const gate::Decision d = decide(gate::test::one_environment(r), plan);
      CHECK(d.findings.size() == 1);
      CHECK(d.blocking_count() == (level == "advisory" ? 0U : 1U));
      CHECK(d.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
    }
    const gate::Decision none = decide(gate::test::one_environment(
                                           R"({"id":"A-001","title":"a","kind":"blast_radius",
        "enforcement":"hard-mandatory","max_changes":1})"),
                                       plan);
    CHECK(none.findings.empty());
    CHECK(none.verdict == gate::Verdict::kPass);
  }

  TEST_CASE("a valid waiver marks matching findings waived; others stay blocking") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    const gate::Decision d = decide(set, staging_plan(), "staging", "2026-06-30");
    CHECK(listing(d) ==
          "DEL-002 aws_s3_bucket.data [soft-mandatory] delete of a protected resource\n"
          "DEL-002 aws_s3_bucket.scratch [soft-mandatory] delete of a protected resource (waived)\n"
          "DEL-002 aws_s3_bucket.scratch_2 [soft-mandatory] delete of a protected resource "
          "(waived)\n"
          "TAG-001 aws_sqs_queue.q [advisory] after/tags/Owner must be set (waived)\n");
    CHECK(d.verdict == gate::Verdict::kFail);
    CHECK(d.blocking_count() == 1);
    CHECK(d.waived_count() == 3);
    CHECK(d.count(gate::Enforcement::kSoftMandatory) == 1);
    REQUIRE(d.findings[1].waiver.has_value());
    CHECK(d.findings[1].waiver->owner == "platform-team");
    CHECK(gate::to_string(d.findings[1].waiver->expires) == "2026-06-30");
  }

  TEST_CASE("an expired waiver waives nothing and is itself a hard finding") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    const gate::Decision d = decide(set, staging_plan(), "staging", "2026-07-01");
    CHECK(listing(d) ==
          "DEL-002 aws_s3_bucket.data [soft-mandatory] delete of a protected resource\n"
          "DEL-002 aws_s3_bucket.scratch [soft-mandatory] delete of a protected resource\n"
          "DEL-002 aws_s3_bucket.scratch_2 [soft-mandatory] delete of a protected resource\n"
          "TAG-001 aws_sqs_queue.q [advisory] after/tags/Owner must be set (waived)\n"
          "WAIVER-EXPIRED (plan) [hard-mandatory] the waiver of DEL-002 for addresses matching "
          "\"aws_s3_bucket\\.scratch(_[0-9]+)?\" (owner: platform-team) expired on 2026-06-30; "
          "renew or remove it\n");
    CHECK(d.blocking_count() == 4);
  }

  TEST_CASE("an expired waiver fails even a plan it would not have matched") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    const gate::Plan empty = load_plan_text(plan_text({}));
    CHECK(decide(set, empty, "staging", "2026-06-01").verdict == gate::Verdict::kPass);
    CHECK(decide(set, empty, "staging", "2026-08-01").verdict == gate::Verdict::kFail);
  }

  TEST_CASE("the system clock is used when none is given") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    gate::EvalOptions options;
    options.environment = "staging";
    auto d = gate::evaluate(set, load_plan_text(plan_text({})), options);
    REQUIRE(d.has_value());
    // Today is after 2026-06-30 or not; either way the decision agrees with the calendar.
    const bool expired = gate::parse_date("2026-06-30").value() <
                         gate::date_of(gate::system_clock().now());
    CHECK((d->verdict == gate::Verdict::kFail) == expired);
  }

  TEST_CASE("findings are sorted by rule, address and message whatever the plan order") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    std::vector<std::string> changes = {
        change("aws_kms_key.b", "aws_kms_key", R"(["delete"])", "{}", "null"),
        change("aws_kms_key.a", "aws_kms_key", R"(["delete","create"])", "{}", "{}"),
        change("aws_kms_key.a", "aws_kms_key", R"(["delete"])", "{}", "null", "{}",
               R"(,"deposed":"00000001")"),
        change("aws_s3_bucket.z", "aws_s3_bucket", R"(["delete"])", "{}", "null"),
        change("aws_sqs_queue.q", "aws_sqs_queue", R"(["update"])", "{}", R"({"tags":{}})"),
    };
    const std::string expected = listing(decide(set, load_plan_text(plan_text(changes)), "staging"));
    CHECK(expected.rfind("DEL-001 aws_kms_key.a", 0) == 0);
    std::mt19937 random(7);
    for (int i = 0; i < 5; ++i) {
      std::shuffle(changes.begin(), changes.end(), random);
      CHECK(listing(decide(set, load_plan_text(plan_text(changes)), "staging")) == expected);
    }
  }

  TEST_CASE("the decision carries the environment, counts and digests") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    const std::string text = plan_text({
        change("aws_sqs_queue.q", "aws_sqs_queue", R"(["create"])", "null", R"({"tags":{"Owner":"a"}})"),
        change("aws_sqs_queue.r", "aws_sqs_queue", R"(["no-op"])", "{}", "{}"),
    });
    const gate::Plan plan = load_plan_text(text);
    gate::EvalOptions options;
    options.environment = "staging";
    const gate::FixedClock clock(gate::start_of(*gate::parse_date("2026-01-01")));
    options.clock = &clock;
    auto d = gate::evaluate(set, plan, options);
    REQUIRE(d.has_value());
    CHECK(d->environment == "staging");
    CHECK(d->changes[gate::Action::kCreate] == 1);
    CHECK(d->changes[gate::Action::kNoOp] == 1);
    CHECK(d->policy_digest == set.digest("staging"));
    CHECK(d->plan_digest == gate::digest_bytes(text));
    CHECK(d->semantic_digest.empty());
    options.semantic_digest = true;
    auto with_semantic = gate::evaluate(set, plan, options);
    REQUIRE(with_semantic.has_value());
    CHECK(with_semantic->semantic_digest == gate::semantic_plan_digest(plan).value());
  }

  TEST_CASE("the plan digest computed while loading is the digest of the bytes") {
    const std::string path = gate::test::fixture("plans/policy/app-update.json");
    gate::LoadOptions options;
    options.digest_bytes = true;
    auto hashed = gate::load_plan_file(path, options);
    auto plain = gate::load_plan_file(path);
    REQUIRE(hashed.has_value());
    REQUIRE(plain.has_value());
    CHECK(plain->bytes_digest().empty());
    CHECK(hashed->bytes_digest() == gate::digest_bytes(gate::test::read_file(path)));
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    CHECK(decide(set, *hashed, "staging").plan_digest == decide(set, *plain, "staging").plan_digest);
    auto broken = gate::load_plan("{\"format_version\": \"1.2\",", "broken.json", options);
    CHECK_FALSE(broken.has_value());
  }

  TEST_CASE("an unknown environment is an error with a suggestion") {
    const gate::PolicySet set = gate::test::load_policy_texts({{"staging.json", kStaging}});
    gate::EvalOptions options;
    options.environment = "stagin";
    auto d = gate::evaluate(set, load_plan_text(plan_text({})), options);
    REQUIRE_FALSE(d.has_value());
    CHECK(gate::render(d.error()) ==
          "error[policy.unknown-environment]: there is no policy for environment \"stagin\"\n"
          "  note: did you mean 'staging'?\n");
  }

  TEST_CASE("a value a rule needs that is not valid JSON is refused before any verdict") {
    // The whole document is validated when it is loaded, so no rule ever sees the value.
    auto plan = gate::load_plan(
        plan_text({change("aws_sqs_queue.q", "aws_sqs_queue", R"(["create"])", "null",
                          R"({"tags":[1,}})")}),
        "plan.json");
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().front().code == "plan.syntax");
    CHECK(plan.error().front().location.line == 1);
  }

  TEST_CASE("one PolicySet evaluates several plans from four threads as it does serially") {
    auto policies = gate::load_policy_dir(std::string(GATE_SOURCE_DIR) + "/policies");
    REQUIRE(policies.has_value());
    const char* names[] = {"app-update.json",         "app-update-plus-bucket.json",
                           "state-bucket-delete.json", "platform-core-changes.json",
                           "instance-unknown-type.json", "eleven-deletes.json",
                           "bucket-replace.json",      "errored.json"};
    std::vector<gate::Plan> plans;
    for (const char* name : names) {
      auto plan = gate::load_plan_file(gate::test::fixture(std::string("plans/policy/") + name));
      REQUIRE(plan.has_value());
      plans.push_back(std::move(plan).value());
    }
    const std::vector<std::string> envs = policies->environments();
    const auto run_all = [&](std::size_t offset) {
      std::vector<std::string> out(plans.size() * envs.size());
      for (std::size_t k = 0; k < out.size(); ++k) {
        const std::size_t i = (k + offset) % out.size();
        const gate::FixedClock clock(gate::start_of(*gate::parse_date("2026-06-01")));
        gate::EvalOptions options;
        options.environment = envs[i % envs.size()];
        options.clock = &clock;
        auto d = gate::evaluate(*policies, plans[i / envs.size()], options);
        out[i] = d ? listing(*d) + std::string(gate::to_string(d->verdict)) : "error";
      }
      return out;
    };
    const std::vector<std::string> serial = run_all(0);
    std::vector<std::vector<std::string>> parallel(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 5; ++round) {
          parallel[t] = run_all(t * 7 + static_cast<std::size_t>(round));
        }
      });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    for (const auto& result : parallel) {
      CHECK(result == serial);
    }
  }
}

TEST_SUITE("evaluator") {
  TEST_CASE("findings come back masked: an unmarked copy of a sensitive tag is never quoted") {
    // The provider copies a sensitive tag into tags_all without marking it; the rule quotes
    // the value it found there. No caller has to mask: evaluate did.
    const std::string secret = "S3CRET-TAG-VALUE";
    std::string queue = change(
        "aws_sqs_queue.q", "aws_sqs_queue", R"(["create"])", "null",
        R"({"tags":{"Owner":")" + secret + R"("},"tags_all":{"Owner":")" + secret + R"("}})");
    const std::string unmarked = R"("after_sensitive":{})";
    queue.replace(queue.find(unmarked), unmarked.size(),
                  R"("after_sensitive":{"tags":{"Owner":true}})");
    const gate::Plan plan = load_plan_text(plan_text({queue}));
    const gate::Decision d = decide(
        gate::test::one_environment(R"({"id":"TAG-002","title":"owner","kind":"attribute",
            "enforcement":"advisory","path":"/tags_all/Owner","operator":"equals",
            "value":"platform"})"),
        plan);
    REQUIRE(d.findings.size() == 1);
    CHECK(d.findings[0].message.find("(sensitive value)") != std::string::npos);
    CHECK(d.findings[0].message.find(secret) == std::string::npos);
  }
}
