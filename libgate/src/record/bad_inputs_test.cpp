// Every malformed record under fixtures/bad/records and every malformed trust file under
// fixtures/bad/trust gives its exact diagnostic (golden <name>.expected beside it).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "gate/record.h"
#include "gate/trust.h"
#include "golden.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const std::string& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(gate::test::fixture(folder))) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The diagnostics, rendered with the bare file name so the goldens do not depend on where the
// checkout is.
std::string rendered(gate::Diagnostics diags, const fs::path& file) {
  for (gate::Diagnostic& d : diags) {
    if (d.location.file == file.string()) {
      d.location.file = file.filename().string();
    }
  }
  return gate::render(diags);
}

void check_expected(const fs::path& file, const std::string& actual) {
  CHECK(actual.find("error[") != std::string::npos);
  fs::path expected = file;
  expected.replace_extension(".expected");
  gate::test::check_golden(expected.string(), actual);
}

}  // namespace

TEST_SUITE("bad inputs") {
  TEST_CASE("every malformed record in fixtures/bad/records gives its exact diagnostic") {
    const auto files = json_files("bad/records");
    CHECK(files.size() >= 30);
    for (const fs::path& file : files) {
      CAPTURE(file.filename().string());
      auto record = gate::load_record_file(file.string());
      REQUIRE_FALSE(record.has_value());
      check_expected(file, rendered(record.error(), file));
    }
  }

  TEST_CASE("every malformed trust file in fixtures/bad/trust gives its exact diagnostic") {
    const auto files = json_files("bad/trust");
    CHECK(files.size() >= 25);
    for (const fs::path& file : files) {
      CAPTURE(file.filename().string());
      auto trust = gate::load_trust_file(file.string());
      REQUIRE_FALSE(trust.has_value());
      check_expected(file, rendered(trust.error(), file));
    }
  }
}
