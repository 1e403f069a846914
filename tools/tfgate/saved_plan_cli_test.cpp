// check, diff and digest given the saved plan file itself (--plan-file without a plan JSON):
// the same verdict, digests and output as from the JSON, through a stand-in terraform whose
// saved plans are plan JSON (fixtures/fake-terraform).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gate/digest.h>
#include <gate/plan.h>
#include <gate/record.h>

#include "cli.h"
#include "fixtures.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  const int code = tfgate::run(args, io);
  return {code, out.str(), err.str()};
}

const std::string kFake = gate::test::fixture("fake-terraform/terraform");
const std::string kPolicies = std::string(GATE_SOURCE_DIR) + "/policies";

// A folder holding a saved plan file ("tfplan": a copy of a fixture plan JSON).
struct Stack {
  fs::path dir;
  std::string json, tfplan;
  Stack(const std::string& name, const std::string& fixture_plan)
      : dir(fs::current_path() / ("saved_plan_cli_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    json = gate::test::fixture(fixture_plan);
    tfplan = (dir / "tfplan").string();
    fs::copy_file(json, tfplan);
  }
  ~Stack() { fs::remove_all(dir); }
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

}  // namespace

TEST_SUITE("saved plan cli") {
  TEST_CASE("check --plan-file alone gives the verdict and semantic digest of the JSON path") {
    for (const auto& [plan, expected] :
         {std::pair<std::string, int>{"plans/policy/app-update.json", 0},
          std::pair<std::string, int>{"plans/policy/app-update-plus-bucket.json", 2}}) {
      CAPTURE(plan);
      const Stack s("check", plan);
      const std::vector<std::string> common = {"check", "--env", "prod", "--policies", kPolicies,
                                               "--format", "json", "--semantic-digest"};
      auto from_json = common;
      from_json.push_back(s.json);
      auto from_file = common;
      from_file.insert(from_file.end(), {"--plan-file", s.tfplan, "--terraform", kFake});
      const Result a = run(from_json);
      const Result b = run(from_file);
      CHECK(a.code == expected);
      CHECK_MESSAGE(b.code == expected, b.err);
      const auto ja = nlohmann::json::parse(a.out);
      const auto jb = nlohmann::json::parse(b.out);
      CHECK(ja["verdict"] == jb["verdict"]);
      CHECK(ja["findings"] == jb["findings"]);
      CHECK(gate::is_digest(jb["digests"]["semantic"].get<std::string>()));
      CHECK(ja["digests"]["semantic"] == jb["digests"]["semantic"]);
      CHECK(ja["digests"]["plan_json"] == jb["digests"]["plan_json"]);
    }
  }

  TEST_CASE("check --record --plan-file binds the bytes judged, even if the file is swapped") {
    const Stack s("record", "plans/policy/app-update.json");
    const std::string original = gate::test::read_file(s.tfplan);
    const std::string other = gate::test::fixture("plans/policy/app-update-plus-bucket.json");
    ::setenv("FAKE_TERRAFORM_REPLACE", (s.tfplan + ":" + other).c_str(), 1);  // NOLINT
    const Result r = run({"check", "--env", "prod", "--policies", kPolicies, "--plan-file",
                          s.tfplan, "--terraform", kFake, "--record", s.path("decision.json"),
                          "--key", gate::test::fixture("keys/ci.key"), "-o", s.path("report")});
    ::unsetenv("FAKE_TERRAFORM_REPLACE");  // NOLINT(concurrency-mt-unsafe)
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(gate::test::read_file(s.tfplan) != original);  // swapped while check ran
    auto record = gate::load_record_file(s.path("decision.json"));
    REQUIRE(record.has_value());
    CHECK(record->decision().plan_file_digest == gate::digest_bytes(original));
    CHECK(record->decision().semantic_digest ==
          gate::semantic_plan_digest(gate::load_plan_file(s.json).value()).value());
    CHECK(record->decision().verdict == "pass");  // the plan with the bucket deletion was not read
  }

  TEST_CASE("diff and digest --plan-file equal their JSON-path output") {
    const Stack s("diff", "plans/policy/app-update-plus-bucket.json");
    for (const std::vector<std::string>& mode :
         {std::vector<std::string>{"diff"}, std::vector<std::string>{"diff", "--summary"},
          std::vector<std::string>{"diff", "--format", "json"}}) {
      auto from_json = mode;
      from_json.push_back(s.json);
      auto from_file = mode;
      from_file.insert(from_file.end(), {"--plan-file", s.tfplan, "--terraform", kFake});
      const Result a = run(from_json);
      const Result b = run(from_file);
      CHECK(a.code == 0);
      CHECK_MESSAGE(b.code == 0, b.err);
      CHECK(a.out == b.out);
    }
    const Result d = run({"digest", "--plan-file", s.tfplan, "--terraform", kFake, "--format",
                          "json"});
    REQUIRE_MESSAGE(d.code == 0, d.err);
    const auto j = nlohmann::json::parse(d.out);
    const std::string bytes = gate::test::read_file(s.json);
    CHECK(j["plan_file"] == gate::digest_bytes(bytes));
    CHECK(j["plan_json"] == gate::digest_bytes(bytes));  // the stand-in shows the file as is
    CHECK(j["semantic"] ==
          gate::semantic_plan_digest(gate::load_plan_file(s.json).value()).value());
  }

  TEST_CASE("without terraform, or when it fails, the commands exit 1 and say what they ran") {
    const Stack s("fail", "plans/policy/app-update.json");
    const Result missing = run({"diff", "--plan-file", s.tfplan, "--terraform", s.path("none")});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("error[terraform.not-found]") != std::string::npos);
    ::setenv("FAKE_TERRAFORM_FAIL", "Error: Failed to load plugin schemas", 1);  // NOLINT
    const Result failed = run({"check", "--env", "prod", "--policies", kPolicies, "--plan-file",
                               s.tfplan, "--terraform", kFake});
    ::unsetenv("FAKE_TERRAFORM_FAIL");  // NOLINT(concurrency-mt-unsafe)
    CHECK(failed.code == 1);
    CHECK(failed.out.empty());
    CHECK(failed.err.find("error[terraform.show]") != std::string::npos);
    CHECK(failed.err.find(kFake + " show -no-color -json") != std::string::npos);
    CHECK(failed.err.find("Error: Failed to load plugin schemas") != std::string::npos);
    const Result neither = run({"check", "--env", "prod", "--policies", kPolicies});
    CHECK(neither.code == 1);
    CHECK(neither.err.find("--plan-file tfplan") != std::string::npos);
  }
}
