// tfgate test beyond exact expectations: `expect.rules` and `expect.absent`, inline plans,
// `--rule`, the coverage lines, and the JUnit (validated against fixtures/schemas/junit.xsd
// with xmllint) and JSON formats.
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "fixtures.h"

namespace {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Result r;
  r.code = tfgate::run(args, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string source(const std::string& relative) {
  return std::string(GATE_SOURCE_DIR) + "/" + relative;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("tfgate test: filters, coverage, formats") {
  TEST_CASE("the example policy set's cases pass, with full coverage") {
    const Result r = run({"test", source("policies/examples")});
    CHECK_MESSAGE(r.code == 0, r.out);
    CHECK(contains(r.out,
                   "PASS user-stories/tests/user_stories_test.jsonc: the owner tag from "
                   "the provider's default_tags counts, with tags_all unknown until apply\n"));
    CHECK(contains(r.out,
                   "9 passed, 0 failed\n"
                   "coverage dev: 2 of 2 rules exercised\n"
                   "coverage prod: 1 of 1 rules exercised\n"
                   "coverage staging: 2 of 2 rules exercised\n"));
  }

  TEST_CASE("the shipped policies' cases print coverage per environment") {
    const Result r = run({"test", source("policies/tests")});
    CHECK(r.code == 0);
    for (const char* env : {"dev", "organization", "prod", "staging"}) {
      CAPTURE(env);
      CHECK(contains(r.out, std::string("policies ") + env + ": "));
    }
  }

  TEST_CASE("rules and absent: failures name what was compared") {
    const Result r = run({"test", gate::test::fixture("policy-tests/filters")});
    CHECK(r.code == 1);  // the misspelt rule is an error
    CHECK(contains(r.out,
                   "FAIL filters_test.jsonc: fails: a finding of a compared rule that the "
                   "case does not list\n  unexpected finding: COST-001 aws_instance.web "
                   "[hard-mandatory]: after/instance_type must equal \"t3.micro\" (it is "
                   "\"t3.large\")\nPASS"));
    CHECK(contains(r.out,
                   "PASS filters_test.jsonc: passes: the same plan, comparing only "
                   "TAG-002\n"));
    CHECK(contains(r.out,
                   "FAIL filters_test.jsonc: fails: a finding that must be absent\n"
                   "  finding that must be absent: COST-001 aws_instance.web "
                   "[hard-mandatory]"));
    CHECK(contains(r.out,
                   "ERROR filters_test.jsonc: error: a misspelt rule cannot hold "
                   "vacuously\n  rule COST-01 is not a rule of the policies in "));
    CHECK(contains(r.out, "1 passed, 3 failed\n"));
  }

  TEST_CASE("--rule runs the cases about one rule and checks only that rule") {
    const Result r = run({"test", "--rule", "COST-001", source("policies/examples")});
    CHECK_MESSAGE(r.code == 0, r.out);
    CHECK(contains(r.out, "a t3.large instance is refused in dev"));
    CHECK(contains(r.out, "the same t3.large instance passes in staging"));
    CHECK_FALSE(contains(r.out, "owner tag from the provider's default_tags"));  // TAG-001 only
    CHECK_FALSE(contains(r.out, "coverage "));
    // The filter case that fails on COST-001 still fails; the one about TAG-002 is not run.
    const Result f =
        run({"test", "--rule", "TAG-002", gate::test::fixture("policy-tests/filters")});
    CHECK(f.code == 0);
    CHECK(f.out ==
          "PASS filters_test.jsonc: passes: the same plan, comparing only TAG-002\n"
          "1 passed, 0 failed\n");
    CHECK(run({"test", "--rule", "NOPE-001", source("policies/examples")}).code == 1);
  }

  TEST_CASE("--format json has a version, every case and the coverage") {
    const Result r = run({"test", "--format", "json", gate::test::fixture("policy-tests/filters")});
    CHECK(r.code == 1);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["version"] == 1);
    REQUIRE(j["cases"].size() == 4);
    CHECK(j["cases"][0]["status"] == "fail");
    CHECK(j["cases"][3]["status"] == "error");
    CHECK(j["summary"] == nlohmann::json::parse(R"({"passed":1,"failed":2,"errors":1})"));
    REQUIRE(j["coverage"].size() == 3);
    CHECK(j["coverage"][0]["environment"] == "dev");
    CHECK(j["coverage"][0]["not_exercised"] == nlohmann::json::array());
    CHECK(j["coverage"][1]["environment"] == "prod");
    CHECK(j["coverage"][1]["not_exercised"] == nlohmann::json::parse(R"(["TAG-001"])"));
  }

  TEST_CASE("--format junit validates against the JUnit schema") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "tfgate-test-junit";
    fs::create_directories(dir);
    for (const std::string& cases :
         {gate::test::fixture("policy-tests/filters"), source("policies/examples")}) {
      const std::string out = (dir / "results.xml").string();
      const Result r = run({"test", "--format", "junit", "-o", out, cases});
      const bool examples = cases.find("examples") != std::string::npos;
      CHECK(r.code == (examples ? 0 : 1));
      const std::string xml = gate::test::read_file(out);
      CHECK(contains(xml, "<testsuites>"));
      if (cases.find("filters") != std::string::npos) {
        CHECK(contains(xml, "failures=\"2\" errors=\"1\""));
        CHECK(
            contains(xml, "<property name=\"not-exercised.staging\" value=\"TAG-001 TAG-002\"/>"));
      }
      if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
        MESSAGE("xmllint is not installed: schema validation skipped");
        continue;
      }
      const std::string command = "xmllint --noout --schema '" +
                                  gate::test::fixture("schemas/junit.xsd") + "' '" + out +
                                  "' >/dev/null 2>&1";
      CHECK_MESSAGE(std::system(command.c_str()) == 0, xml);
    }
    fs::remove_all(dir);
  }

  TEST_CASE("an unknown format is a usage error") {
    CHECK(run({"test", "--format", "xml", source("policies/examples")}).code == 1);
  }
}
