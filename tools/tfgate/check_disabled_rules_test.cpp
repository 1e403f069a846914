// tfgate check with an environment that disables a rule: the report lists it with its reason
// and the signed decision record carries it (predicate `disabled_rules`).
#include <filesystem>
#include <sstream>

#include <doctest/doctest.h>
#include <gate/record.h>

#include "cli.h"
#include "fixtures.h"

TEST_SUITE("tfgate check: disabled rules") {
  TEST_CASE("the report and the decision record name the disabled rule and its reason") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "tfgate-check-disabled";
    fs::create_directories(dir);
    const std::string plan =
        gate::test::fixture("plans/platform/staging-bucket-owner-default-tag.json");
    const std::string record = (dir / "decision.json").string();
    std::ostringstream out, err;
    tfgate::Io io{out, err, false};
    const int code = tfgate::run(
        {"check", "--policies", std::string(GATE_SOURCE_DIR) + "/policies/examples/user-stories",
         "--env", "prod", "--record", record, "--plan-file", plan, "--key",
         gate::test::fixture("keys/ci.key"), plan},
        io);
    REQUIRE_MESSAGE(code == 0, err.str());
    CHECK(out.str().find("\nDisabled in this environment:\n  TAG-002: production accounts "
                         "enforce the Project tag with an AWS Organizations tag policy\n") !=
          std::string::npos);
    auto read = gate::load_record_file(record);
    REQUIRE_MESSAGE(read.has_value(), gate::render(read.error()));
    REQUIRE(read->decision().disabled_rules.size() == 1);
    CHECK(read->decision().disabled_rules[0].rule == "TAG-002");
    CHECK(read->statement.predicate["disabled_rules"][0]["reason"] ==
          "production accounts enforce the Project tag with an AWS Organizations tag policy");
    fs::remove_all(dir);
  }
}
