// tfgate drift: golden reports in every format for the drift fixtures of the project's stacks,
// exit codes (0 nothing blocking, 2 blocking drift, 1 error), and check's handling of the drift
// a plan's refresh found (reported at the check level, listed in the decision record).
#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gate/record.h>

#include "cli.h"
#include "golden.h"

namespace {

struct Run {
  int code = 0;
  std::string out, err;
};

Run tfgate_run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Run r;
  r.code = tfgate::run(args, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string source(const std::string& relative) {
  return std::string(GATE_SOURCE_DIR) + "/" + relative;
}

std::string drift_fixture(const std::string& name) {
  return source("fixtures/plans/drift/" + name + ".json");
}

// The reports name files relative to the source tree on every machine.
std::string relative(std::string report) {
  for (std::size_t at; (at = report.find(std::string(GATE_SOURCE_DIR) + "/")) != std::string::npos;) {
    report.erase(at, std::string(GATE_SOURCE_DIR).size() + 1);
  }
  return report;
}

struct Case {
  const char* plan;
  const char* environment;
  int code;
};

const Case kCases[] = {
    {"tooling-refresh-only", "staging", 2},
    {"tooling-tags-refresh-only", "staging", 0},
    {"dev-ignored-refresh-only", "dev", 0},
    {"tooling-refresh-only", "prod", 2},
};

const std::pair<const char*, const char*> kFormats[] = {
    {"text", ".txt"},         {"json", ".json"},         {"markdown", ".md"},
    {"sarif", ".sarif.json"}, {"junit", ".junit.xml"}, {"github", ".github.txt"},
};

}  // namespace

TEST_SUITE("tfgate drift") {
  TEST_CASE("drift reports of the stacks' drift fixtures match the golden files in every format") {
    for (const Case& c : kCases) {
      for (const auto& [format, ext] : kFormats) {
        const std::string name = std::string(c.plan) + "." + c.environment + ext;
        CAPTURE(name);
        const Run r = tfgate_run({"drift", "--policies", source("policies"), "--env",
                                  c.environment, "--format", format, drift_fixture(c.plan)});
        CHECK(r.err.empty());
        CHECK(r.code == c.code);
        gate::test::check_golden(gate::test::fixture("golden/drift/" + name), relative(r.out));
      }
    }
  }

  TEST_CASE("blocking drift: the suspended versioning, the widened role policy (also LP-001)") {
    const Run r = tfgate_run({"drift", "--policies", source("policies"), "--env", "staging",
                              "--format", "json", drift_fixture("tooling-refresh-only")});
    REQUIRE(r.code == 2);
    const auto report = nlohmann::json::parse(r.out);
    std::set<std::string> seen;
    for (const auto& f : report["findings"]) {
      seen.insert(f["rule"].get<std::string>() + " " + f["address"].get<std::string>() + " " +
                  f["enforcement"].get<std::string>());
      CHECK(f["pointer"].get<std::string>().rfind("/resource_drift/", 0) == 0);
    }
    CHECK(seen.count("DRIFT-001 aws_s3_bucket_versioning.state hard-mandatory") == 1);
    CHECK(seen.count("DRIFT-002 aws_iam_role_policy.ci hard-mandatory") == 1);
    CHECK(seen.count("LP-001 aws_iam_role_policy.ci hard-mandatory") == 1);
    CHECK(seen.count("DRIFT-003 aws_dynamodb_table.lock advisory") == 1);
    // The same plan in check: the plan puts everything back, so nothing blocks.
    const Run check = tfgate_run({"check", "--policies", source("policies"), "--env", "staging",
                                  "--format", "json", drift_fixture("tooling-refresh-only")});
    CHECK(check.code == 0);
  }

  TEST_CASE("text and markdown show the drifted attributes as diff does; --no-diff leaves them out") {
    const Run text = tfgate_run({"drift", "--policies", source("policies"), "--env", "staging",
                                 drift_fixture("tooling-refresh-only")});
    CHECK(text.out.find("Suspended") != std::string::npos);
    const Run bare = tfgate_run({"drift", "--policies", source("policies"), "--env", "staging",
                                 "--no-diff", drift_fixture("tooling-refresh-only")});
    CHECK(bare.out.find("Suspended") == std::string::npos);
    CHECK(bare.out.find("DRIFT-001") != std::string::npos);
    const Run clean = tfgate_run({"drift", "--policies", source("policies"), "--env", "prod",
                                  source("fixtures/plans/platform/prod-update-lambda.json")});
    CHECK(clean.code == 0);
    CHECK(clean.out.find("No objects changed outside Terraform.") != std::string::npos);
  }

  TEST_CASE("errors exit 1: usage, an unknown environment, a missing plan, a bad format") {
    CHECK(tfgate_run({"drift", drift_fixture("tooling-refresh-only")}).code == 1);
    CHECK(tfgate_run({"drift", "--policies", source("policies"), "--env", "qa",
                      drift_fixture("tooling-refresh-only")})
              .code == 1);
    CHECK(tfgate_run({"drift", "--policies", source("policies"), "--env", "dev", "nope.json"})
              .code == 1);
    CHECK(tfgate_run({"drift", "--policies", source("policies"), "--env", "dev", "--format",
                      "yaml", drift_fixture("tooling-refresh-only")})
              .code == 1);
  }

  TEST_CASE("check reports a plan's drift at the check level and the record lists it") {
    const std::string record = "drift_cli_test_record.json";
    const Run r = tfgate_run({"check", "--policies", source("policies"), "--env", "staging",
                              "--format", "json", "--record", record, "--plan-file",
                              drift_fixture("tooling-with-plan"), "--key",
                              source("fixtures/keys/ci.key"), drift_fixture("tooling-with-plan")});
    CHECK_MESSAGE(r.code == 0, r.err);
    const auto report = nlohmann::json::parse(r.out);
    std::set<std::string> drift;
    for (const auto& f : report["findings"]) {
      if (f["pointer"].is_string() &&
          f["pointer"].get<std::string>().rfind("/resource_drift/", 0) == 0) {
        drift.insert(f["rule"].get<std::string>() + " " + f["address"].get<std::string>() + " " +
                     f["enforcement"].get<std::string>());
      }
    }
    CHECK(drift == std::set<std::string>{"DRIFT-001 aws_s3_bucket_versioning.state advisory",
                                         "DRIFT-002 aws_iam_role_policy.ci advisory",
                                         "DRIFT-003 aws_dynamodb_table.lock advisory"});
    auto recorded = gate::load_record_file(record);
    std::remove(record.c_str());
    REQUIRE_MESSAGE(recorded.has_value(), gate::render(recorded.error()));
    REQUIRE(recorded->is_decision());
    const std::vector<gate::RecordedDrift> expected = {
        {"aws_dynamodb_table.lock", "DRIFT-003"},
        {"aws_iam_role_policy.ci", "DRIFT-002"},
        {"aws_s3_bucket_versioning.state", "DRIFT-001"}};
    CHECK(recorded->decision().drift == expected);
  }
}
