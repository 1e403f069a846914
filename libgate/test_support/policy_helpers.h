// Helpers for tests of policies and evaluation: policy sets and plans from inline text, a
// resource change builder, evaluation on a fixed date, and a compact listing of findings.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "gate/clock.h"
#include "gate/evaluate.h"
#include "gate/plan.h"
#include "gate/policy.h"

namespace gate::test {

/// Loads policy files given as {path, text}; fails the test on errors.
inline PolicySet load_policy_texts(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<PolicySource> sources;
  for (const auto& [path, text] : files) {
    sources.push_back(PolicySource{path, text});
  }
  auto set = load_policies(sources);
  REQUIRE_MESSAGE(set.has_value(), render(set.error()));
  return std::move(set).value();
}

/// The rendered diagnostics of loading policy files that are expected to be wrong.
inline std::string policy_errors(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<PolicySource> sources;
  for (const auto& [path, text] : files) {
    sources.push_back(PolicySource{path, text});
  }
  auto set = load_policies(sources);
  REQUIRE_FALSE(set.has_value());
  return render(set.error());
}

/// A one-file policy set "<env>.json" with the given rules (a JSON array's elements) and
/// extra top-level members.
inline PolicySet one_environment(const std::string& rules, const std::string& extra = "",
                                 const std::string& env = "test") {
  return load_policy_texts(
      {{env + ".json", "{" + extra + (extra.empty() ? "" : ",") + "\"rules\": [" + rules + "]}"}});
}

/// A resource change object. `actions` is a JSON array text; values are JSON texts.
inline std::string change(const std::string& address, const std::string& type,
                          const std::string& actions, const std::string& before = "null",
                          const std::string& after = "null", const std::string& after_unknown = "{}",
                          const std::string& extra = "") {
  return R"({"address":")" + address + R"(","mode":"managed","type":")" + type +
         R"(","name":"x","provider_name":"registry.terraform.io/hashicorp/aws",)" +
         R"("change":{"actions":)" + actions + R"(,"before":)" + before + R"(,"after":)" + after +
         R"(,"after_unknown":)" + after_unknown + R"(,"before_sensitive":{},"after_sensitive":{}})" +
         extra + "}";
}

/// A plan document with the given resource changes and extra top-level members.
inline std::string plan_text(const std::vector<std::string>& changes,
                             const std::string& extra = "") {
  std::string out = R"({"format_version":"1.2","terraform_version":"1.11.4",)" + extra +
                    (extra.empty() ? "" : ",") + R"("resource_changes":[)";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    out += (i ? "," : "") + changes[i];
  }
  return out + "]}";
}

inline Plan load_plan_text(const std::string& text) {
  auto plan = load_plan(text, "plan.json");
  REQUIRE_MESSAGE(plan.has_value(), render(plan.error()));
  return std::move(plan).value();
}

/// Evaluates in `env` on `date` (YYYY-MM-DD); fails the test on errors.
inline Decision decide(const PolicySet& policies, const Plan& plan, const std::string& env = "test",
                       const std::string& date = "2026-06-01") {
  FixedClock clock(start_of(*parse_date(date)));
  EvalOptions options;
  options.environment = env;
  options.clock = &clock;
  auto decision = evaluate(policies, plan, options);
  REQUIRE_MESSAGE(decision.has_value(), render(decision.error()));
  return std::move(decision).value();
}

/// One line per finding: "RULE address [level] message" (+ " (waived)").
inline std::string listing(const Decision& decision) {
  std::string out;
  for (const Finding& f : decision.findings) {
    out += f.rule + " " + (f.address.empty() ? "(plan)" : f.address) + " [" +
           std::string(to_string(f.enforcement)) + "] " + f.message +
           (f.waived ? " (waived)" : "") + "\n";
  }
  return out;
}

/// The three enforcement level names.
inline const std::vector<std::string>& levels() {
  static const std::vector<std::string> names = {"advisory", "soft-mandatory", "hard-mandatory"};
  return names;
}

}  // namespace gate::test
