// Agreement: every command that reads a plan (diff --summary, diff, digest, check, check
// --record) accepts or refuses each document alike, and refuses it with the same diagnostic
// (code, line:column, pointer). Run over the malformed plans of fixtures/bad/plans and, where
// the shared corpus is present, over every third-party plan in corpus-ext/peers and every
// probe in corpus-ext/peers-probes. The one documented exception: the semantic digest (digest,
// check --record) also refuses numbers a double cannot hold exactly (digest.number), which
// the other commands accept. No diagnostic may quote a library's exception text.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli.h"
#include "fixtures.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = 0;
  std::string diagnostic;  // the first "error[...]" line from the document's name on; "" if none
  std::string all;         // everything printed, for the exception-text check
};

Outcome run(const std::vector<std::string>& args, const std::string& doc) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Outcome o;
  o.code = tfgate::run(args, io);
  o.all = out.str() + err.str();
  const std::string e = err.str();
  const auto at = e.find(doc);
  if (at != std::string::npos) {
    const auto end = e.find('\n', at);
    o.diagnostic = e.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return o;
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) {
    return files;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs every command on each document and checks that they agree; returns how many refused.
std::size_t check_agreement(const std::vector<fs::path>& files, const std::string& set) {
  const std::string policies = std::string(GATE_SOURCE_DIR) + "/policies";
  // A folder per case: CTest runs the cases in parallel processes.
  const fs::path work = fs::current_path() / ("agreement_test_" + set);
  fs::create_directories(work);
  const std::string tfplan = (work / "tfplan").string();
  std::ofstream(tfplan, std::ios::binary) << "PK\x03\x04 saved plan";
  const std::string record = (work / "decision.json").string();
  std::size_t refused = 0;
  for (const fs::path& file : files) {
    const std::string doc = file.string();
    CAPTURE(doc);
    const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
        {"diff --summary", {"diff", "--summary", doc}},
        {"diff", {"diff", doc}},
        {"check", {"check", "--policies", policies, "--env", "dev", doc}},
        {"digest", {"digest", doc}},
        {"check --record",
         {"check", "--policies", policies, "--env", "dev", "--record", record, "--plan-file",
          tfplan, "--key", gate::test::fixture("keys/ci.key"), doc}},
    };
    std::vector<Outcome> outcomes;
    for (const auto& [name, args] : commands) {
      outcomes.push_back(run(args, file.filename().string()));
      const Outcome& o = outcomes.back();
      CAPTURE(name);
      CHECK(o.all.find("json.exception") == std::string::npos);
      CHECK((o.code == 0 || o.code == 1 || o.code == 2));
      // A refusal names the document and a diagnostic code.
      CHECK((o.code != 1 || o.diagnostic.find("error[") != std::string::npos));
    }
    const Outcome& reference = outcomes[0];
    const bool digest_only = outcomes[3].diagnostic.find("error[digest.number]") !=
                             std::string::npos;
    for (std::size_t i = 1; i < outcomes.size(); ++i) {
      CAPTURE(commands[i].first);
      const bool uses_digest = i >= 3;
      if (digest_only && uses_digest) {
        // The documented exception: only the semantic digest refuses, with digest.number.
        CHECK(outcomes[i].code == 1);
        CHECK(outcomes[i].diagnostic.find("error[digest.number]") != std::string::npos);
        CHECK(reference.code == 0);
        continue;
      }
      CHECK((outcomes[i].code == 1) == (reference.code == 1));
      if (reference.code == 1) {
        CHECK(outcomes[i].diagnostic == reference.diagnostic);
      }
    }
    refused += reference.code == 1 ? 1 : 0;
  }
  fs::remove_all(work);
  return refused;
}

bool have_shared() {
  if (fs::is_directory(std::string(GATE_CORPUS_DIR) + "/../corpus-ext/peers")) {
    return true;
  }
  MESSAGE("skipped: no corpus-ext beside ", GATE_CORPUS_DIR);
  return false;
}

}  // namespace

TEST_SUITE("agreement") {
  TEST_CASE("every command refuses each malformed plan in fixtures/bad/plans alike") {
    const auto files = json_files(gate::test::fixture("bad/plans"));
    REQUIRE(files.size() >= 25);
    // Every one of them is refused by every command, except huge-integer.json and
    // unsafe-integer.json, which only the semantic digest refuses (digest.number).
    CHECK(check_agreement(files, "bad") + 2 == files.size());
  }

  TEST_CASE("every command agrees on each third-party plan of corpus-ext/peers") {
    if (!have_shared()) {
      return;
    }
    const auto files = json_files(std::string(GATE_CORPUS_DIR) + "/../corpus-ext/peers");
    CHECK(files.size() >= 400);
    check_agreement(files, "peers");
  }

  TEST_CASE("every command agrees on each probe of corpus-ext/peers-probes") {
    if (!have_shared()) {
      return;
    }
    const auto files = json_files(std::string(GATE_CORPUS_DIR) + "/../corpus-ext/peers-probes");
    CHECK(files.size() >= 30);
    check_agreement(files, "probes");
  }
}
