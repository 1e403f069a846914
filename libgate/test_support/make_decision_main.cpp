// gate_make_decision: a TEST-ONLY program that writes a signed (or, with --emit-pae, unsigned)
// decision record through the libgate API, for the shell interoperability test. Its facts are
// fixed except for those given on the command line; it is never installed.
//
//   gate_make_decision --key ci.key --env staging --plan-file tfplan
//                      [--artifact NAME=PATH]... [--policy-digest D] [--previous FILE]
//                      [--emit-pae FILE] -o decision.json
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "gate/clock.h"
#include "gate/digest.h"
#include "gate/dsse.h"
#include "gate/keys.h"
#include "gate/record.h"

namespace {

int fail(const std::string& message) {
  std::cerr << "gate_make_decision: " << message << '\n';
  return 1;
}

int fail(const gate::Diagnostics& diagnostics) {
  std::cerr << gate::render(diagnostics);
  return 1;
}

bool write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  std::map<std::string, std::string> artifacts;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--artifact") {
      const auto eq = value.find('=');
      if (eq == std::string::npos) {
        return fail("--artifact needs NAME=PATH");
      }
      auto digest = gate::digest_file(value.substr(eq + 1));
      if (!digest) {
        return fail(digest.error());
      }
      artifacts[value.substr(0, eq)] = *digest;
    } else {
      options[name] = value;
    }
  }
  if ((argc - 1) % 2 != 0 || options.count("--env") == 0 || options.count("--plan-file") == 0 ||
      options.count("-o") == 0 || (options.count("--key") == 0) == (options.count("--emit-pae") == 0)) {
    return fail("usage: --env ENV --plan-file FILE (--key KEY | --emit-pae FILE) -o OUT "
                "[--artifact NAME=PATH]... [--policy-digest D] [--previous FILE]");
  }
  auto plan = gate::digest_file(options["--plan-file"]);
  if (!plan) {
    return fail(plan.error());
  }
  const auto now = gate::SystemClock().now();
  gate::DecisionFacts facts;
  facts.environment = options["--env"];
  facts.verdict = "pass";
  facts.author = "github-actions[bot]";
  facts.plan_file_digest = *plan;
  facts.artifacts = artifacts;
  facts.semantic_digest = gate::digest_bytes("semantic plan");
  facts.policy_digest = options.count("--policy-digest") != 0
                            ? options["--policy-digest"]
                            : gate::digest_bytes("policy " + facts.environment);
  facts.changes = {{"update", 1}};
  facts.source_commit = "0123456789abcdef0123456789abcdef01234567";
  facts.ci_run = "https://github.com/acme/platform/actions/runs/1";
  facts.issued_at = now;
  facts.expires_at = now + std::chrono::hours(24);
  if (options.count("--previous") != 0) {
    auto previous = gate::load_record_file(options["--previous"]);
    if (!previous) {
      return fail(previous.error());
    }
    facts.previous_record_digest = previous->digest;
  }
  auto statement = gate::make_decision_statement(facts);
  if (!statement) {
    return fail(statement.error());
  }
  auto envelope = gate::statement_envelope(*statement);
  if (!envelope) {
    return fail(envelope.error());
  }
  if (options.count("--emit-pae") != 0) {
    if (!write(options["--emit-pae"], gate::pae(envelope->payload_type, envelope->payload))) {
      return fail("cannot write " + options["--emit-pae"]);
    }
  } else {
    auto key = gate::load_private_key(options["--key"]);
    if (!key) {
      return fail(key.error());
    }
    auto signed_envelope = gate::sign_envelope(std::move(*envelope), gate::LocalSigner(*key));
    if (!signed_envelope) {
      return fail(signed_envelope.error());
    }
    envelope = std::move(signed_envelope);
  }
  if (!write(options["-o"], gate::write_envelope(*envelope))) {
    return fail("cannot write " + options["-o"]);
  }
  return 0;
}
