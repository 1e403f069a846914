// Agreement: every command that reads a plan (diff --summary, diff, digest, check, check
// --record, and check and verify reading a saved plan through terraform show) accepts or
// refuses each document alike, and refuses it with the same diagnostic (code, line:column,
// pointer). Run over the malformed plans of fixtures/bad/plans and, where
// the shared corpus is present, over every third-party plan in corpus-ext/peers and every
// probe in corpus-ext/peers-probes. The one documented exception: the semantic digest (digest,
// check --record) also refuses numbers a double cannot hold exactly (digest.number), which
// the other commands accept. No diagnostic may quote a library's exception text.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "cli.h"
#include "fixtures.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = 0;
  // The first diagnostic, from its line:column on (the name of the document differs when it
  // is read through terraform show): "12:7: error[plan.syntax]: ..."; "" if none.
  std::string diagnostic;
  std::string all;  // everything printed, for the exception-text check
};

Outcome run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Outcome o;
  o.code = tfgate::run(args, io);
  o.all = out.str() + err.str();
  static const std::regex kDiagnostic(R"(([0-9]+:[0-9]+: )?error\[[^\]]+\].*)");
  std::smatch m;
  const std::string e = err.str();
  if (std::regex_search(e, m, kDiagnostic)) {
    o.diagnostic = m.str(0);
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
  // The stand-in terraform "shows" a saved plan file by printing it: the document itself.
  const std::string terraform = gate::test::fixture("fake-terraform/terraform");
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
        {"check --plan-file",
         {"check", "--policies", policies, "--env", "dev", "--plan-file", doc, "--terraform",
          terraform}},
        // verify derives the plan before it reads the records: an accepted document goes on to
        // the steps (and fails at subjects: the record binds another plan file), a refused one
        // stops with the plan's diagnostic.
        {"verify",
         {"verify", "--env", "staging", "--plan-file", doc, "--terraform", terraform, "--trust",
          gate::test::fixture("trust/trust.json"), "--policies", policies, "--records", record}},
    };
    std::vector<Outcome> outcomes;
    for (const auto& [name, args] : commands) {
      outcomes.push_back(run(args));
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
      const bool uses_digest = i == 3 || i == 4 || i == 6;
      if (digest_only && uses_digest) {
        // The documented exception: only the semantic digest refuses, with digest.number.
        CHECK(outcomes[i].code == 1);
        CHECK(outcomes[i].diagnostic.find("error[digest.number]") != std::string::npos);
        CHECK(reference.code == 0);
        continue;
      }
      CHECK((outcomes[i].code == 1) == (reference.code == 1));
      const bool through_terraform = i == 5 || i == 6;
      if (through_terraform && reference.diagnostic.find("error[plan.empty]") != std::string::npos) {
        // The other documented difference: terraform show printing nothing is its failure.
        CHECK(outcomes[i].diagnostic.find("error[terraform.show]") != std::string::npos);
        CHECK(outcomes[i].diagnostic.find("printed nothing") != std::string::npos);
        continue;
      }
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
