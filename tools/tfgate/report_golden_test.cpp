// Golden files for every format of `tfgate check` on platform plans (and the schema check of the
// SARIF and JUnit ones, run by CTest through tools/dev/validate-reports). Regenerate with
// tools/dev/update-goldens.
#include <doctest/doctest.h>

#include <sstream>

#include "cli.h"
#include "golden.h"

namespace {

struct Case {
  const char* plan;
  const char* environment;
};

const Case kCases[] = {
    {"prod-update-lambda", "prod"},          {"prod-create-outside-allowlist", "prod"},
    {"staging-replace-table", "staging"},    {"dev-widen-deploy-role", "dev"},
    {"tooling-oidc-wildcard", "staging"},    {"organization-missing-guard", "organization"},
    {"dev-service-wildcard", "dev"},
};

const std::pair<const char*, const char*> kFormats[] = {
    {"text", ".txt"},       {"json", ".json"},         {"markdown", ".md"},
    {"sarif", ".sarif.json"}, {"junit", ".junit.xml"}, {"github", ".github.txt"},
};

}  // namespace

TEST_CASE("check reports of platform plans match the golden files in every format") {
  for (const Case& c : kCases) {
    for (const auto& [format, ext] : kFormats) {
      const std::string name = std::string(c.plan) + "." + c.environment + ext;
      CAPTURE(name);
      std::ostringstream out, err;
      tfgate::Io io{out, err, false};
      // Paths relative to the source tree, so that the reports name the plan the same way on
      // every machine.
      const std::string plan = "fixtures/plans/platform/" + std::string(c.plan) + ".json";
      const int code = tfgate::run({"check", "--policies", std::string(GATE_SOURCE_DIR) + "/policies",
                                    "--env", c.environment, "--format", format,
                                    std::string(GATE_SOURCE_DIR) + "/" + plan},
                                   io);
      CHECK(err.str().empty());
      CHECK((code == 0 || code == 2));
      std::string report = out.str();
      // The absolute source path differs between machines; the golden files hold it relative.
      for (std::size_t at; (at = report.find(std::string(GATE_SOURCE_DIR) + "/")) != std::string::npos;) {
        report.erase(at, std::string(GATE_SOURCE_DIR).size() + 1);
      }
      gate::test::check_golden(gate::test::fixture("golden/check/" + name), report);
    }
  }
}
