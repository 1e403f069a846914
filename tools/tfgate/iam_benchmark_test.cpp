// The third-party IAM privilege-escalation benchmark (BishopFox iam-vulnerable, real plans in
// ../shared/benchmarks/iam-vulnerable): `tfgate check` with the shipped policies on every plan
// must give the exit code of expected.tsv, and, where a line names an address, a finding on
// it. Skipped, with a message, where the shared benchmark is absent.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"

namespace {

const std::string kBenchmark = std::string(GATE_SOURCE_DIR) + "/../shared/benchmarks/iam-vulnerable";

struct Line {
  std::string plan, environment, address;
  int code = 0;
};

std::vector<Line> expected_lines() {
  std::vector<Line> out;
  std::ifstream in(kBenchmark + "/expected.tsv");
  std::string text;
  while (std::getline(in, text)) {
    std::istringstream fields(text);
    Line line;
    std::string code;
    std::getline(fields, line.plan, '\t');
    std::getline(fields, line.environment, '\t');
    std::getline(fields, code, '\t');
    std::getline(fields, line.address, '\t');
    if (line.plan.empty() || code.empty()) {
      continue;
    }
    line.code = std::stoi(code);
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_SUITE("iam_benchmark") {
  TEST_CASE("iam-vulnerable: every expected verdict and finding of expected.tsv") {
    if (!std::filesystem::exists(kBenchmark + "/expected.tsv")) {
      MESSAGE("skipped: no iam-vulnerable benchmark at " << kBenchmark);
      return;
    }
    const std::vector<Line> lines = expected_lines();
    REQUIRE(lines.size() == 77);
    std::size_t matched = 0;
    for (const Line& line : lines) {
      CAPTURE(line.plan);
      CAPTURE(line.environment);
      std::ostringstream out, err;
      tfgate::Io io{out, err, false};
      const int code = tfgate::run({"check", "--policies", std::string(GATE_SOURCE_DIR) + "/policies",
                                    "--env", line.environment, "--format", "json",
                                    kBenchmark + "/plans/" + line.plan + ".json"},
                                   io);
      CHECK(code == line.code);
      bool named = line.address.empty();
      const nlohmann::json report = nlohmann::json::parse(out.str(), nullptr, false);
      REQUIRE(report.is_object());
      for (const nlohmann::json& f : report.value("findings", nlohmann::json::array())) {
        if (f.value("address", "") == line.address && f.value("waived", false) == false) {
          named = true;
        }
      }
      CHECK_MESSAGE(named, "no finding names " << line.address);
      if (code == line.code && named) {
        ++matched;
      }
    }
    CHECK(matched == 77);
  }
}
