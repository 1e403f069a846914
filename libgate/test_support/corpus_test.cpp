// Every document of the shared corpus: plans load with the resource-change and per-action
// counts that MANIFEST.tsv records; states and non-conforming documents fail with the
// expected diagnostic code.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gate/digest.h"
#include "gate/plan.h"

namespace {

struct ManifestRow {
  std::string file;
  std::size_t resource_changes = 0;
  std::string actions_summary;
};

std::vector<ManifestRow> read_manifest() {
  std::ifstream in(std::string(GATE_CORPUS_DIR) + "/MANIFEST.tsv");
  std::vector<ManifestRow> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream s(line);
    std::string col;
    while (std::getline(s, col, '\t')) {
      cols.push_back(col);
    }
    while (cols.size() < 11) {
      cols.emplace_back();
    }
    rows.push_back({cols[0], static_cast<std::size_t>(std::stoul(cols[7].empty() ? "0" : cols[7])),
                    cols[8]});
  }
  return rows;
}

// The manifest's action-list names for our normalised actions.
std::string manifest_name(gate::Action a) {
  switch (a) {
    case gate::Action::kReplace:
      return "replace";
    case gate::Action::kReplaceCreateFirst:
      return "replace-cbd";
    case gate::Action::kForgetAndCreate:
      return "create+forget";
    default:
      return std::string(gate::to_string(a));
  }
}

std::map<std::string, std::size_t> parse_summary(const std::string& summary) {
  std::map<std::string, std::size_t> out;
  std::stringstream s(summary);
  std::string item;
  while (std::getline(s, item, ',')) {
    const auto colon = item.rfind(':');
    if (colon != std::string::npos) {
      out[item.substr(0, colon)] = std::stoul(item.substr(colon + 1));
    }
  }
  return out;
}

const std::map<std::string, std::string>& nonconforming_codes() {
  static const std::map<std::string, std::string> codes = {
      {"cds-snc-terraform-plan/test__moved-resources__moved.c1271e0d.json", "plan.unknown-actions"},
      {"hashicorp-terraform/v1.5.7__internal__cloud__testdata__plan-json-full__plan-redacted.json",
       "plan.redacted"},
      {"hashicorp-terraform/"
       "v1.5.7__internal__cloud__testdata__apply-json-with-provisioner-error__plan-redacted.json",
       "plan.redacted"},
      {"hashicorp-terraform/v1.5.7__internal__cloud__testdata__apply-json-with-outputs__plan-redacted.json",
       "plan.redacted"},
      {"opentofu-opentofu/internal__cloud__testdata__plan-json-no-changes__plan-redacted.json",
       "plan.redacted"},
      {"oocx-tfplan2md/examples__comprehensive-demo__plan.json", "plan.unknown-actions"},
      {"oocx-tfplan2md/examples__azapi-complex.json", "plan.missing-field"},
      {"oocx-tfplan2md/TestData__azapi-mixed-mappings-demo.json", "plan.missing-field"},
      {"jond3k-tfplan-validator/test__fixtures__itest__plan-duplicate-address.json",
       "plan.duplicate-address"},
  };
  return codes;
}

}  // namespace

TEST_CASE("every corpus plan loads with the manifest's counts and has a semantic digest") {
  std::size_t plans = 0;
  for (const ManifestRow& row : read_manifest()) {
    if (row.file.rfind("plans/", 0) != 0) {
      continue;
    }
    ++plans;
    CAPTURE(row.file);
    auto plan = gate::load_plan_file(std::string(GATE_CORPUS_DIR) + "/" + row.file);
    if (!plan) {
      FAIL(gate::render(plan.error()));
      continue;
    }
    CHECK(plan->resource_changes.size() == row.resource_changes);
    std::map<std::string, std::size_t> counts;
    for (const gate::ResourceChange& rc : plan->resource_changes) {
      ++counts[manifest_name(rc.action)];
    }
    CHECK(counts == parse_summary(row.actions_summary));
    auto digest = gate::semantic_plan_digest(*plan);
    CHECK_MESSAGE(digest.has_value(), gate::render(digest.error()));
  }
  CHECK(plans >= 250);
}

TEST_CASE("state documents are refused as plans") {
  std::size_t states = 0;
  for (const ManifestRow& row : read_manifest()) {
    if (row.file.rfind("states/", 0) != 0) {
      continue;
    }
    ++states;
    CAPTURE(row.file);
    auto plan = gate::load_plan_file(std::string(GATE_CORPUS_DIR) + "/" + row.file);
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().front().code == "plan.is-state");
  }
  CHECK(states >= 20);
}

TEST_CASE("non-conforming documents fail with the expected diagnostic") {
  for (const auto& [file, code] : nonconforming_codes()) {
    CAPTURE(file);
    auto plan = gate::load_plan_file(std::string(GATE_CORPUS_DIR) + "/nonconforming/" + file);
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().front().code == code);
    CHECK(plan.error().front().location.file.find(file) != std::string::npos);
  }
}
