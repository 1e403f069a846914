// Every plan of the shared corpus (and of its peers) that records drift: its resource_drift is
// read and judged with the shipped policies. Each drifted object whose changed attributes no
// ignore entry covers gets a finding of a drift rule; one that did not change gets none; no
// value of a drifted object reaches a drift rule's message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gate/drift.h"
#include "gate/evaluate.h"
#include "gate/plan.h"
#include "gate/policy.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::vector<fs::path> plans_with_drift() {
  std::vector<fs::path> out;
  const fs::path corpus(GATE_CORPUS_DIR);
  for (const fs::path& dir : {corpus / "plans", corpus.parent_path() / "corpus-ext" / "peers"}) {
    if (!fs::exists(dir)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") {
        continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (text.str().find("\"resource_drift\"") != std::string::npos) {
        out.push_back(entry.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every string and number leaf of a value, for the leak check.
void leaves(const json& value, std::vector<std::string>& out) {
  if (value.is_structured()) {
    for (const auto& item : value) {
      leaves(item, out);
    }
  } else if (value.is_string() && value.get_ref<const std::string&>().size() >= 8) {
    out.push_back(value.get<std::string>());
  }
}

}  // namespace

TEST_CASE("the corpus plans with resource_drift are judged with the shipped policies") {
  auto policies = gate::load_policy_dir(std::string(GATE_SOURCE_DIR) + "/policies");
  REQUIRE_MESSAGE(policies.has_value(), gate::render(policies.error()));
  std::size_t plans = 0, drifted = 0, judged = 0;
  for (const fs::path& path : plans_with_drift()) {
    auto plan = gate::load_plan_file(path.string());
    if (!plan) {
      continue;  // non-conforming documents are the plan loader's test
    }
    if (plan->resource_drift.empty()) {
      continue;
    }
    CAPTURE(path.string());
    ++plans;
    for (const char* env : {"dev", "prod"}) {
      gate::EvalOptions options;
      options.environment = env;
      auto decision = gate::evaluate_drift(*policies, *plan, options);
      REQUIRE_MESSAGE(decision.has_value(), gate::render(decision.error()));
      CHECK(decision->changes.total() == plan->resource_drift.size());
      for (const gate::ResourceChange& d : plan->resource_drift) {
        auto before = plan->materialise(d.before);
        auto after = plan->materialise(d.after);
        REQUIRE(before.has_value());
        REQUIRE(after.has_value());
        const bool changed = after->is_null() || before->is_null() ||
                             !gate::drifted_attributes(*before, *after).empty();
        std::size_t drift_findings = 0;
        for (const gate::Finding& f : decision->findings) {
          CHECK(f.drift);
          if (f.address == d.address && f.rule.rfind("DRIFT-", 0) == 0) {
            ++drift_findings;
          }
        }
        // The corpus holds no AWS objects the ignore entries name: every real change is judged
        // (by the catch-all at least), and an object that did not change is not.
        CHECK_MESSAGE((drift_findings >= 1) == changed, d.address);
        judged += drift_findings;
        std::vector<std::string> values;
        leaves(*before, values);
        leaves(*after, values);
        // Drift rules name attribute paths only (IAM rules name the actions and resources of
        // documents not marked sensitive, as for planned changes).
        for (const gate::Finding& f : decision->findings) {
          if (f.rule.rfind("DRIFT-", 0) != 0) {
            continue;
          }
          for (const std::string& v : values) {
            CHECK_MESSAGE(f.message.find(v) == std::string::npos, f.message);
          }
        }
      }
      drifted += plan->resource_drift.size();
    }
  }
  MESSAGE(fmt::format("{} plans, {} drifted objects, {} drift findings", plans, drifted, judged));
  CHECK(plans >= 10);
  CHECK(judged > 0);
}
