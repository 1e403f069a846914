// Golden files for every diff format on fixture plans (real Terraform output of the platform's
// stacks and hand-written plans for review features). Regenerate with tools/dev/update-goldens.
#include <doctest/doctest.h>

#include <filesystem>

#include "gate/diff_report.h"
#include "gate/plan_diff.h"
#include "golden.h"

namespace {

const char* const kPlans[] = {
    "plans/review/iam-update-and-replace.json",
    "plans/review/sensitive-unknown-drift.json",
    "plans/review/import-move-forget.json",
    "plans/platform/bootstrap-create.json",
    "plans/platform/dev-create.json",
    "plans/platform/tooling-create.json",
    "plans/platform/prod-update-lambda.json",
    "plans/platform/tooling-oidc-wildcard.json",
    "plans/platform/staging-replace-table.json",
};

}  // namespace

TEST_CASE("diff output of fixture plans matches the golden files in every format") {
  for (const char* relative : kPlans) {
    const std::string name = relative;
    CAPTURE(name);
    auto plan = gate::load_plan_file(gate::test::fixture(relative));
    REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
    auto diff = gate::diff_plan(*plan);
    REQUIRE_MESSAGE(diff.has_value(), gate::render(diff.error()));
    const std::string stem = std::filesystem::path(relative).stem().string();
    const std::pair<gate::DiffFormat, const char*> formats[] = {
        {gate::DiffFormat::kText, ".txt"},
        {gate::DiffFormat::kMarkdown, ".md"},
        {gate::DiffFormat::kJson, ".json"},
    };
    for (const auto& [format, ext] : formats) {
      gate::test::check_golden(gate::test::fixture("golden/diff/" + stem + ext),
                               gate::render_diff(*diff, format, {}));
    }
  }
}
