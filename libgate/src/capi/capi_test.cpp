// The C API: loading, evaluation, digests and verification through opaque handles and JSON
// strings, with errors as JSON diagnostics.
#include <fstream>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "gate/gate.h"

#include "fixtures.h"

namespace {

std::string take(char* text) {
  std::string out = text == nullptr ? "" : text;
  gate_string_free(text);
  return out;
}

const std::string kPolicies = std::string(GATE_SOURCE_DIR) + "/policies";

}  // namespace

TEST_SUITE("capi") {
  TEST_CASE("a policy set evaluates plans: pass, denied, and errors as JSON diagnostics") {
    gate_policy_set* set = nullptr;
    char* error = nullptr;
    REQUIRE(gate_policy_set_load(kPolicies.c_str(), &set, &error) == GATE_OK);
    REQUIRE(set != nullptr);
    for (const auto& [plan, want] : {std::pair{"prod-update-lambda", GATE_OK},
                                     std::pair{"prod-create-outside-allowlist", GATE_DENIED}}) {
      const std::string text = gate::test::read_file(
          gate::test::fixture(std::string("plans/platform/") + plan + ".json"));
      char* report = nullptr;
      CHECK(gate_evaluate(set, text.data(), text.size(), "prod", &report, &error) == want);
      const auto doc = nlohmann::json::parse(take(report));
      CHECK(doc["verdict"] == (want == GATE_OK ? "pass" : "fail"));
    }
    char* report = nullptr;
    const std::string bad = "{\"format_version\": \"9.0\"}";
    CHECK(gate_evaluate(set, bad.data(), bad.size(), "prod", &report, &error) == GATE_ERROR);
    CHECK(report == nullptr);
    const auto diags = nlohmann::json::parse(take(error));
    CHECK(diags[0]["code"] == "plan.format-version");
    error = nullptr;
    const std::string empty_plan = R"({"format_version":"1.2","resource_changes":[]})";
    CHECK(gate_evaluate(set, empty_plan.data(), empty_plan.size(), "prdo", &report, &error) ==
          GATE_ERROR);
    CHECK(nlohmann::json::parse(take(error))[0]["code"] == "policy.unknown-environment");
    gate_policy_set_free(set);
  }

  TEST_CASE("one policy set evaluates plans from three threads with the serial reports") {
    gate_policy_set* set = nullptr;
    char* error = nullptr;
    REQUIRE(gate_policy_set_load(kPolicies.c_str(), &set, &error) == GATE_OK);
    const char* names[] = {"prod-update-lambda", "prod-create-outside-allowlist",
                           "staging-service-wildcard", "dev-create"};
    std::vector<std::string> plans;
    for (const char* name : names) {
      plans.push_back(gate::test::read_file(
          gate::test::fixture(std::string("plans/platform/") + name + ".json")));
    }
    const auto evaluate_all = [&] {
      std::vector<std::string> reports;
      for (const std::string& plan : plans) {
        for (const char* env : {"dev", "staging", "prod"}) {
          char* report = nullptr;
          char* err = nullptr;
          const gate_status status =
              gate_evaluate(set, plan.data(), plan.size(), env, &report, &err);
          reports.push_back(std::to_string(status) + take(report) + take(err));
        }
      }
      return reports;
    };
    const std::vector<std::string> serial = evaluate_all();
    std::vector<std::vector<std::string>> parallel(3);
    std::vector<std::thread> threads;
    for (auto& result : parallel) {
      threads.emplace_back([&result, &evaluate_all] { result = evaluate_all(); });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    for (const auto& result : parallel) {
      CHECK(result == serial);
    }
    gate_policy_set_free(set);
  }

  TEST_CASE("loading a missing directory fails with a located diagnostic") {
    gate_policy_set* set = nullptr;
    char* error = nullptr;
    CHECK(gate_policy_set_load("/nonexistent/policies", &set, &error) == GATE_ERROR);
    CHECK(set == nullptr);
    CHECK(nlohmann::json::parse(take(error))[0]["code"] == "io.read");
    CHECK(gate_policy_set_load(nullptr, &set, &error) == GATE_ERROR);
    CHECK(nlohmann::json::parse(take(error))[0]["code"] == "api.argument");
  }

  TEST_CASE("digests of files and of plans") {
    char* digest = nullptr;
    char* error = nullptr;
    const std::string path = gate::test::fixture("plans/review/import-move-forget.json");
    REQUIRE(gate_digest_file(path.c_str(), &digest, &error) == GATE_OK);
    CHECK(take(digest).rfind("sha256:", 0) == 0);
    const std::string text = gate::test::read_file(path);
    REQUIRE(gate_semantic_digest(text.data(), text.size(), &digest, &error) == GATE_OK);
    CHECK(take(digest) ==
          "sha256:36403eb90cb923b89f2155e3414442904c7daa8ca269b08e267c6fdcfa6c1616");
    CHECK(gate_digest_file("/nonexistent", &digest, &error) == GATE_ERROR);
    take(error);
    CHECK(std::string(gate_version()).find('.') != std::string::npos);
  }

  TEST_CASE("verify takes its request as JSON and refuses an incomplete one") {
    char* result = nullptr;
    char* error = nullptr;
    CHECK(gate_verify("not json", &result, &error) == GATE_ERROR);
    CHECK(nlohmann::json::parse(take(error))[0]["code"] == "api.request");
    CHECK(gate_verify(R"({"environment":"dev"})", &result, &error) == GATE_ERROR);
    CHECK(nlohmann::json::parse(take(error))[0]["message"] ==
          "the request needs environment, plan_file, records, trust and policies");
    const std::string missing_record =
        R"({"environment":"dev","plan_file":")" + gate::test::fixture("e2e/stack/main.tf") +
        R"(","records":["/nonexistent.json"],"trust":")" + gate::test::fixture("e2e/trust.json") +
        R"(","policies":")" + kPolicies + R"("})";
    CHECK(gate_verify(missing_record.c_str(), &result, &error) == GATE_ERROR);
    CHECK(nlohmann::json::parse(take(error))[0]["code"] == "io.read");
    CHECK(result == nullptr);
  }
}
