// Tests of the record commands (keygen, approve, attach-signature, verify) run in-process, and
// of external signing with `openssl dgst -sign` through the real tfgate binary. Decisions are
// made with the library, as `tfgate check --record` will.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <gate/plan.h>
#include <gate/verify.h>

#include "cli.h"
#include "commands.h"
#include "record_fixtures.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = 0;
  std::string out;
  std::string err;
};

Result tfgate_run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Result r;
  r.code = tfgate::run(args, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A folder of its own for one test, under the test's working directory.
struct Workspace {
  fs::path dir;
  explicit Workspace(const std::string& name) : dir(fs::current_path() / ("records_test_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Workspace() { fs::remove_all(dir); }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }
  std::string read(const std::string& name) const { return gate::test::read_file(path(name)); }
};

std::string key_file(const std::string& name) { return gate::test::fixture("keys/" + name); }
// A stand-in terraform whose saved plan files are plan JSON: `show -json FILE` prints FILE.
std::string fake_terraform() { return gate::test::fixture("fake-terraform/terraform"); }

// Sets an environment variable for one scope (the fake terraform's switches).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): tests are sequential
  }
  ~ScopedEnv() { ::unsetenv(name_); }  // NOLINT(concurrency-mt-unsafe)
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// The semantic digest of a plan JSON file.
std::string semantic_of(const std::string& path) {
  return gate::semantic_plan_digest(gate::load_plan_file(path).value()).value();
}
std::string trust_file() { return gate::test::fixture("trust/trust.json"); }

std::string policy_of(const std::string& env) { return gate::digest_bytes("policy " + env); }

// `tfgate verify` with the policy digest of the test decisions and an optional clock.
Result verify(const std::vector<std::string>& args, const gate::Clock* clock = nullptr,
              const std::string& policy_digest = {}) {
  tfgate::VerifyHooks hooks;
  hooks.policy_digest = [&](const std::string& dir, const std::string& env)
      -> gate::Expected<std::string> {
    CHECK(dir == "policies");
    return policy_digest.empty() ? policy_of(env) : policy_digest;
  };
  hooks.clock = clock;
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  Result r;
  r.code = tfgate::run_verify_with(args, io, hooks);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The step named as failed in verify's text report ("" when it verified).
std::string failed_step(const Result& r) {
  const std::string marker = "not verified: step ";
  const auto at = r.out.find(marker);
  if (at == std::string::npos) {
    return "";
  }
  const auto start = at + marker.size();
  return r.out.substr(start, r.out.find(" failed:", start) - start);
}

// Files of a staging release (tfplan, app.zip) and a prod release of the same artifact, with
// decisions made through the library at the current time and approvals through the CLI. The
// saved plan files are plan JSON, shown by the fake terraform as themselves.
struct Release {
  Workspace ws;
  std::string staging_plan, prod_plan, zip;

  explicit Release(const std::string& name) : ws(name) {
    staging_plan = ws.write("staging.tfplan", gate::test::read_file(gate::test::fixture(
                                                  "plans/policy/app-update.json")));
    prod_plan = ws.write("prod.tfplan", gate::test::read_file(gate::test::fixture(
                                            "plans/policy/app-update-plus-bucket.json")));
    zip = ws.write("app.zip", "PK\x03\x04 lambda code v1");
  }

  gate::DecisionFacts facts(const std::string& env, const std::string& plan) const {
    gate::DecisionFacts f = gate::test::decision_facts(
        env, gate::digest_file(plan).value(), {{"app.zip", gate::digest_file(zip).value()}},
        gate::SystemClock().now());
    f.semantic_digest = semantic_of(plan);  // what check --record writes
    return f;
  }

  // Signs and writes a decision record; returns its path.
  std::string decision(const gate::DecisionFacts& f, const std::string& key,
                       const std::string& file) const {
    const gate::Record r = gate::test::signed_decision(f, key, file);
    return ws.write(file, gate::write_envelope(r.envelope));
  }

  // `tfgate approve` with the approvals key; returns the record's path.
  std::string approve(const std::string& env, const std::string& decision,
                      const std::string& approver, const std::string& file,
                      std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"approve",    "--env",   env,
                                     "--decision", decision, "--approver",
                                     approver,     "--key",   key_file("approvals.key"),
                                     "-o",         ws.path(file)};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = tfgate_run(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return ws.path(file);
  }

  std::vector<std::string> verify_args(const std::string& env, const std::string& plan,
                                       const std::vector<std::string>& records) const {
    std::vector<std::string> args = {"--env",       env,          "--plan-file", plan,
                                     "--artifact",  "app.zip=" + zip, "--trust", trust_file(),
                                     "--terraform", fake_terraform(), "--policies", "policies",
                                     "--records"};
    args.insert(args.end(), records.begin(), records.end());
    return args;
  }
};

// Flips one bit of the signature in a record file.
void flip_signature_bit(const Workspace& ws, const std::string& file) {
  auto j = nlohmann::json::parse(ws.read(file));
  std::string sig = gate::base64_decode(j["signatures"][0]["sig"].get<std::string>()).value();
  sig[sig.size() / 2] = static_cast<char>(sig[sig.size() / 2] ^ 0x01);
  j["signatures"][0]["sig"] = gate::base64_encode(sig);
  ws.write(file, j.dump(2));
}

// Changes one payload byte of a record file, keeping the signature: `at` is found in the
// payload and its first byte replaced by `by`.
void change_payload_byte(const Workspace& ws, const std::string& file, const std::string& at,
                         char by) {
  auto j = nlohmann::json::parse(ws.read(file));
  std::string payload = gate::base64_decode(j["payload"].get<std::string>()).value();
  const auto pos = payload.find(at);
  REQUIRE(pos != std::string::npos);
  REQUIRE(payload[pos] != by);
  payload[pos] = by;
  j["payload"] = gate::base64_encode(payload);
  ws.write(file, j.dump(2));
}

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

}  // namespace

TEST_SUITE("records") {
  TEST_CASE("keygen writes a 0600 private key and a public key, and never prints the key") {
    Workspace ws("keygen");
    const Result r = tfgate_run({"keygen", "--out", ws.path("ci")});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(mode_of(ws.path("ci.key")) == 0600u);
    CHECK(mode_of(ws.path("ci.pub")) == 0644u);
    const std::string priv = ws.read("ci.key");
    CHECK(priv.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
    CHECK(ws.read("ci.pub").rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
    CHECK(r.out.find("PRIVATE") == std::string::npos);
    std::istringstream lines(priv);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("-----", 0) != 0) {
        CHECK(r.out.find(line) == std::string::npos);
        CHECK(r.err.find(line) == std::string::npos);
      }
    }
    auto pub = gate::load_public_key(ws.path("ci.pub"));
    REQUIRE(pub.has_value());
    CHECK(r.out.find("key id:      " + pub->key_id()) != std::string::npos);
    // openssl reads both files the way tfgate wrote them.
    CHECK(shell(fmt::format("openssl pkey -in {} -pubout 2>/dev/null | cmp -s - {}",
                            ws.path("ci.key"), ws.path("ci.pub"))) == 0);

    const Result again = tfgate_run({"keygen", "--out", ws.path("ci")});
    CHECK(again.code == 1);
    CHECK(again.err.find("error[key.exists]") != std::string::npos);
    CHECK(ws.read("ci.key") == priv);
    const Result forced = tfgate_run({"keygen", "--out", ws.path("ci"), "--force"});
    CHECK(forced.code == 0);
    CHECK(ws.read("ci.key") != priv);
    CHECK(mode_of(ws.path("ci.key")) == 0600u);

    const Result split = tfgate_run(
        {"keygen", "--private", ws.path("a.key"), "--public", ws.path("b.pub")});
    CHECK(split.code == 0);
    CHECK(mode_of(ws.path("a.key")) == 0600u);
    CHECK(tfgate_run({"keygen"}).code == 1);
    CHECK(tfgate_run({"keygen", "--private", "-", "--public", ws.path("c.pub")}).code == 1);
  }

  TEST_CASE("decision, approve, verify: passes, then fails at the right step for each change") {
    Release rel("round_trip");
    const std::string decision = rel.decision(rel.facts("staging", rel.staging_plan), "ci",
                                              "decision.json");
    const std::string approval = rel.approve("staging", decision, "alice", "approval.json");
    const auto args = rel.verify_args("staging", rel.staging_plan, {approval, decision});

    const Result ok = verify(args);
    CHECK_MESSAGE(ok.code == 0, ok.out, ok.err);
    for (std::string_view step : gate::kVerifySteps) {
      CHECK(ok.out.find(fmt::format("  ok    {:<12}", step)) != std::string::npos);
    }
    CHECK(ok.out.find("verified: the plan file may be applied to staging") != std::string::npos);

    const auto expect_failure = [&](const std::vector<std::string>& a, const std::string& step,
                                    const gate::Clock* clock = nullptr,
                                    const std::string& policy = {}) {
      const Result r = verify(a, clock, policy);
      CHECK_MESSAGE(r.code == 2, r.out, r.err);
      CHECK_MESSAGE(failed_step(r) == step, r.out);
      CHECK(r.out.find(fmt::format("  FAIL  {:<12}", step)) != std::string::npos);
    };

    SUBCASE("one byte of the tfplan changed") {
      // Still a plan with the same content (one more newline), but not the bytes decided on.
      rel.ws.write("staging.tfplan", gate::test::read_file(rel.staging_plan) + "\n");
      expect_failure(args, "subjects");
    }
    SUBCASE("the decision was made from another plan's JSON") {
      gate::DecisionFacts f = rel.facts("staging", rel.staging_plan);
      f.semantic_digest = semantic_of(rel.prod_plan);
      const std::string other = rel.decision(f, "ci", "other.json");
      const std::string other_ok = rel.approve("staging", other, "alice", "other-ok.json");
      const Result r = verify(rel.verify_args("staging", rel.staging_plan, {other, other_ok}));
      CHECK(r.code == 2);
      CHECK(failed_step(r) == "plan content");
      CHECK(r.out.find("the decision was not made from this plan file") != std::string::npos);
    }
    SUBCASE("terraform cannot show the plan file: an error naming the command, never a pass") {
      const ScopedEnv fail("FAKE_TERRAFORM_FAIL", "Error: plan file was created by another version");
      const Result r = verify(args);
      CHECK(r.code == 1);
      CHECK(r.out.empty());
      CHECK(r.err.find("error[terraform.show]") != std::string::npos);
      CHECK(r.err.find(fake_terraform() + " show -no-color -json ") != std::string::npos);
      CHECK(r.err.find("Error: plan file was created by another version") != std::string::npos);
    }
    SUBCASE("the artifact changed") {
      rel.ws.write("app.zip", "PK\x03\x04 lambda code v2");
      expect_failure(args, "subjects");
    }
    SUBCASE("an artifact the decision does not cover") {
      auto extra = args;
      extra.insert(extra.begin(), {"--artifact", "worker.zip=" + rel.zip});
      expect_failure(extra, "subjects");
    }
    SUBCASE("the record's environment differs") {
      const std::string dev = rel.decision(rel.facts("dev", rel.staging_plan), "ci", "dev.json");
      expect_failure(rel.verify_args("staging", rel.staging_plan, {dev}), "environment");
    }
    SUBCASE("expired") {
      const gate::FixedClock later(gate::SystemClock().now() + std::chrono::hours(24));
      expect_failure(args, "expiry", &later);
    }
    SUBCASE("a signature by an untrusted key") {
      const std::string forged =
          rel.decision(rel.facts("staging", rel.staging_plan), "untrusted", "forged.json");
      expect_failure(rel.verify_args("staging", rel.staging_plan, {forged}), "signature");
    }
    SUBCASE("a payload byte flipped") {
      // The tfplan subject's first hex digit, so the record now names another plan file.
      const std::string hex = gate::digest_file(rel.staging_plan).value().substr(7);
      change_payload_byte(rel.ws, "decision.json", hex, hex[0] == '0' ? '1' : '0');
      expect_failure(args, "signature");
    }
    SUBCASE("a payload byte flipped so that the statement is no JSON: unusable, exit 1") {
      change_payload_byte(rel.ws, "decision.json", "{", '[');
      const Result r = verify(args);
      CHECK(r.code == 1);
      CHECK(r.err.find("error[statement.syntax]") != std::string::npos);
    }
    SUBCASE("a signature byte flipped") {
      flip_signature_bit(rel.ws, "decision.json");
      expect_failure(args, "signature");
    }
    SUBCASE("an approval signature byte flipped") {
      flip_signature_bit(rel.ws, "approval.json");
      expect_failure(args, "signature");
    }
    SUBCASE("the policy changed after the decision") {
      expect_failure(args, "policy", nullptr, gate::digest_bytes("edited policy"));
    }
    SUBCASE("too few distinct approvers") {
      expect_failure(rel.verify_args("staging", rel.staging_plan, {decision}), "approvers");
    }
    SUBCASE("the decision's author approving") {
      // tfgate approve refuses it...
      const Result refused =
          tfgate_run({"approve", "--env", "staging", "--decision", decision, "--approver",
                      "github-actions[bot]", "--key", key_file("approvals.key")});
      CHECK(refused.code == 2);
      CHECK(refused.err ==
            "tfgate approve: refused: github-actions[bot] is the decision's author and cannot "
            "approve it\n");
      // ...and verify rejects one made by other means.
      nlohmann::json st = nlohmann::json::parse(
          gate::load_record_file(approval).value().envelope.payload);
      st["predicate"]["approver"] = "github-actions[bot]";
      const gate::Record self = gate::test::signed_statement(st, "approvals", "self.json");
      const std::string self_path = rel.ws.write("self.json", gate::write_envelope(self.envelope));
      expect_failure(rel.verify_args("staging", rel.staging_plan, {decision, approval, self_path}),
                     "approvers");
    }
  }

  TEST_CASE("prod verifies only when promoted from a verified staging decision") {
    Release rel("prod_chain");
    const std::string staging =
        rel.decision(rel.facts("staging", rel.staging_plan), "ci", "staging.json");
    const std::string staging_ok = rel.approve("staging", staging, "alice", "staging-ok.json");
    gate::DecisionFacts prod_facts = rel.facts("prod", rel.prod_plan);
    prod_facts.previous_record_digest = gate::load_record_file(staging).value().digest;
    const std::string prod = rel.decision(prod_facts, "ci-prod", "prod.json");
    const std::string alice = rel.approve("prod", prod, "alice", "prod-alice.json");
    const std::string bob = rel.approve("prod", prod, "bob", "prod-bob.json");

    const Result ok = verify(rel.verify_args("prod", rel.prod_plan,
                                             {bob, staging, prod, staging_ok, alice}));
    CHECK_MESSAGE(ok.code == 0, ok.out, ok.err);
    CHECK(ok.out.find("  ok    chain         verified staging decision") != std::string::npos);

    const auto step_of = [&](const std::vector<std::string>& records) {
      const Result r = verify(rel.verify_args("prod", rel.prod_plan, records));
      CHECK_MESSAGE(r.code == 2, r.out, r.err);
      return failed_step(r);
    };
    CHECK(step_of({prod, alice}) == "approvers");
    const std::string alice_again = rel.approve("prod", prod, "alice", "prod-alice-2.json");
    CHECK(step_of({prod, alice, alice_again, staging, staging_ok}) == "approvers");
    CHECK(step_of({prod, alice, bob}) == "chain");              // staging link missing
    CHECK(step_of({prod, alice, bob, staging}) == "chain");     // staging not approved
    const std::string forged =
        rel.decision(rel.facts("staging", rel.staging_plan), "untrusted", "forged.json");
    gate::DecisionFacts to_forged = prod_facts;
    to_forged.previous_record_digest = gate::load_record_file(forged).value().digest;
    const std::string prod_forged = rel.decision(to_forged, "ci-prod", "prod-forged.json");
    CHECK(step_of({prod_forged, rel.approve("prod", prod_forged, "alice", "f1.json"),
                   rel.approve("prod", prod_forged, "bob", "f2.json"), forged,
                   rel.approve("staging", forged, "alice", "f3.json")}) == "chain");

    // Staging approved another build of the app: prod may not deploy this one.
    gate::DecisionFacts other = rel.facts("staging", rel.staging_plan);
    other.artifacts["app.zip"] = gate::digest_bytes("another build");
    const std::string staging_other = rel.decision(other, "ci", "staging-other.json");
    gate::DecisionFacts to_other = prod_facts;
    to_other.previous_record_digest = gate::load_record_file(staging_other).value().digest;
    const std::string prod_other = rel.decision(to_other, "ci-prod", "prod-other.json");
    const Result differs = verify(rel.verify_args(
        "prod", rel.prod_plan,
        {prod_other, rel.approve("prod", prod_other, "alice", "o1.json"),
         rel.approve("prod", prod_other, "bob", "o2.json"), staging_other,
         rel.approve("staging", staging_other, "alice", "o3.json")}));
    CHECK(differs.code == 2);
    CHECK(failed_step(differs) == "chain");
    CHECK(differs.out.find("the app artifacts differ") != std::string::npos);
  }

  TEST_CASE("a denied decision: approve refuses without override, verify fails at verdict") {
    Release rel("denied");
    gate::DecisionFacts f = rel.facts("staging", rel.staging_plan);
    f.verdict = "fail";
    f.findings = {{"STG-003", "aws_db_instance.main", "soft-mandatory", false},
                  {"DEL-001", "aws_s3_bucket.old", "hard-mandatory", true}};
    const std::string decision = rel.decision(f, "ci", "denied.json");
    const std::vector<std::string> base = {"approve",  "--env",      "staging", "--decision",
                                           decision,   "--approver", "alice",   "--key",
                                           key_file("approvals.key")};

    const Result plain = tfgate_run(base);
    CHECK(plain.code == 2);
    CHECK(plain.err ==
          "tfgate approve: refused: the decision failed: soft-mandatory finding STG-003 at "
          "aws_db_instance.main is not overridden (--override STG-003)\n");
    CHECK(plain.out.empty());
    auto hard = base;
    hard.insert(hard.end(), {"--override", "STG-003", "--override", "DEL-001"});
    const Result refused_hard = tfgate_run(hard);
    CHECK(refused_hard.code == 2);
    CHECK(refused_hard.err ==
          "tfgate approve: refused: override DEL-001: hard-mandatory rules cannot be "
          "overridden\n");
    auto wrong_env = base;
    wrong_env[2] = "prod";
    CHECK(tfgate_run(wrong_env).code == 2);

    CHECK(failed_step(verify(rel.verify_args("staging", rel.staging_plan, {decision}))) ==
          "verdict");
    const std::string overridden = rel.approve("staging", decision, "alice", "override.json",
                                               {"--override", "STG-003", "--comment",
                                                "restore from snapshot planned"});
    const Result ok = verify(rel.verify_args("staging", rel.staging_plan, {decision, overridden}));
    CHECK_MESSAGE(ok.code == 0, ok.out);
    CHECK(ok.out.find("every blocking finding overridden: STG-003 by alice") != std::string::npos);
    CHECK(gate::load_record_file(overridden).value().approval().comment ==
          "restore from snapshot planned");
  }

  TEST_CASE("approve --trust refuses a decision no trusted key signed") {
    Release rel("approve_trust");
    const std::string forged =
        rel.decision(rel.facts("staging", rel.staging_plan), "untrusted", "forged.json");
    const std::vector<std::string> args = {"approve", "--env",   "staging", "--decision",
                                           forged,    "--approver", "alice", "--trust",
                                           trust_file(), "--key", key_file("approvals.key")};
    const Result r = tfgate_run(args);
    CHECK(r.code == 2);
    CHECK(r.err.find("is not signed by a decision key trusted for staging") != std::string::npos);
    const std::string good =
        rel.decision(rel.facts("staging", rel.staging_plan), "ci", "good.json");
    auto good_args = args;
    good_args[4] = good;
    CHECK(tfgate_run(good_args).code == 0);
    CHECK(tfgate_run({"approve", "--env", "staging", "--decision", good, "--approver", "alice"})
              .code == 1);  // neither --key nor --emit-pae
  }

  TEST_CASE("external signing: openssl signs the emitted PAE, attach-signature completes it") {
    Release rel("external");
    const std::string tfgate = TFGATE_BINARY;
    // The decision, signed externally: the library writes the PAE and the unsigned envelope.
    auto statement = gate::make_decision_statement(rel.facts("staging", rel.staging_plan));
    REQUIRE(statement.has_value());
    auto unsigned_decision = gate::statement_envelope(*statement);
    REQUIRE(unsigned_decision.has_value());
    rel.ws.write("decision.pae",
                 gate::pae(unsigned_decision->payload_type, unsigned_decision->payload));
    rel.ws.write("decision.unsigned.json", gate::write_envelope(*unsigned_decision));
    REQUIRE(shell(fmt::format("openssl dgst -sha256 -sign {} -out {} {}", key_file("ci.key"),
                              rel.ws.path("decision.sig"), rel.ws.path("decision.pae"))) == 0);
    REQUIRE(shell(fmt::format("{} attach-signature --envelope {} --signature {} --public-key {} "
                              "-o {}",
                              tfgate, rel.ws.path("decision.unsigned.json"),
                              rel.ws.path("decision.sig"), key_file("ci.pub"),
                              rel.ws.path("decision.json"))) == 0);

    // The approval, through tfgate approve --emit-pae.
    const Result emitted = tfgate_run(
        {"approve", "--env", "staging", "--decision", rel.ws.path("decision.json"), "--approver",
         "alice", "--emit-pae", rel.ws.path("approval.pae"), "-o",
         rel.ws.path("approval.unsigned.json")});
    REQUIRE_MESSAGE(emitted.code == 0, emitted.err);
    CHECK(emitted.err.find("tfgate attach-signature --envelope") != std::string::npos);
    auto unsigned_approval = gate::load_envelope_file(rel.ws.path("approval.unsigned.json"));
    REQUIRE(unsigned_approval.has_value());
    CHECK(unsigned_approval->signatures.empty());
    CHECK(rel.ws.read("approval.pae") ==
          gate::pae(unsigned_approval->payload_type, unsigned_approval->payload));
    REQUIRE(shell(fmt::format("openssl dgst -sha256 -sign {} -out {} {}",
                              key_file("approvals.key"), rel.ws.path("approval.sig"),
                              rel.ws.path("approval.pae"))) == 0);
    // A signature by the wrong key is caught by --public-key (exit 2), garbage by the DER check.
    CHECK(shell(fmt::format("{} attach-signature --envelope {} --signature {} --public-key {} "
                            "-o {} 2>/dev/null",
                            tfgate, rel.ws.path("approval.unsigned.json"),
                            rel.ws.path("approval.sig"), key_file("ci.pub"),
                            rel.ws.path("x.json"))) == 2);
    const Result garbage =
        tfgate_run({"attach-signature", "--envelope", rel.ws.path("approval.unsigned.json"),
                    "--signature", rel.ws.path("approval.pae")});
    CHECK(garbage.code == 1);
    CHECK(garbage.err.find("error[record.bad-signature]") != std::string::npos);
    const Result attached =
        tfgate_run({"attach-signature", "--envelope", rel.ws.path("approval.unsigned.json"),
                    "--signature", rel.ws.path("approval.sig"), "-o",
                    rel.ws.path("approval.json")});
    REQUIRE_MESSAGE(attached.code == 0, attached.err);

    const Result ok = verify(rel.verify_args(
        "staging", rel.staging_plan, {rel.ws.path("decision.json"), rel.ws.path("approval.json")}));
    CHECK_MESSAGE(ok.code == 0, ok.out, ok.err);
    const Result unsigned_only = verify(rel.verify_args(
        "staging", rel.staging_plan,
        {rel.ws.path("decision.unsigned.json"), rel.ws.path("approval.json")}));
    CHECK(unsigned_only.code == 2);
    CHECK(failed_step(unsigned_only) == "signature");
  }

  TEST_CASE("verify --format json reports every step") {
    Release rel("json");
    const std::string decision =
        rel.decision(rel.facts("dev", rel.staging_plan), "ci", "decision.json");
    auto args = rel.verify_args("dev", rel.staging_plan, {decision});
    args.insert(args.end(), {"--format", "json"});
    const Result r = verify(args);
    CHECK(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["verified"] == true);
    CHECK(j["environment"] == "dev");
    CHECK(j["failed_step"].is_null());
    CHECK(j["decision"] == gate::load_record_file(decision).value().digest);
    CHECK(j["steps"].size() == gate::kVerifySteps.size());
  }

  TEST_CASE("verify exits 1, never 0, on malformed records, trust files and missing input") {
    Release rel("bad_input");
    const std::string decision =
        rel.decision(rel.facts("dev", rel.staging_plan), "ci", "decision.json");
    std::size_t checked = 0;
    for (const auto& entry : fs::directory_iterator(gate::test::fixture("bad/records"))) {
      if (entry.path().extension() != ".json") {
        continue;
      }
      CAPTURE(entry.path().filename().string());
      const Result r =
          verify(rel.verify_args("dev", rel.staging_plan, {decision, entry.path().string()}));
      CHECK(r.code == 1);
      CHECK(r.out.empty());
      auto expected = entry.path();
      expected.replace_extension(".expected");
      const std::string want = gate::test::read_file(expected.string());
      CHECK(r.err.find(want.substr(want.find(": error["))) != std::string::npos);
      ++checked;
    }
    CHECK(checked >= 30);
    checked = 0;
    for (const auto& entry : fs::directory_iterator(gate::test::fixture("bad/trust"))) {
      if (entry.path().extension() != ".json") {
        continue;
      }
      CAPTURE(entry.path().filename().string());
      auto args = rel.verify_args("dev", rel.staging_plan, {decision});
      args[std::find(args.begin(), args.end(), "--trust") - args.begin() + 1] =
          entry.path().string();
      const Result r = verify(args);
      CHECK(r.code == 1);
      CHECK(r.err.find("error[trust.") != std::string::npos);
      ++checked;
    }
    CHECK(checked >= 25);

    auto qa = rel.verify_args("qa", rel.staging_plan, {decision});
    const Result unknown_env = verify(qa);
    CHECK(unknown_env.code == 1);
    CHECK(unknown_env.err.find("error[trust.unknown-environment]") != std::string::npos);
    const Result missing_plan = verify(rel.verify_args("dev", rel.ws.path("none"), {decision}));
    CHECK(missing_plan.code == 1);
    const Result missing_record =
        verify(rel.verify_args("dev", rel.staging_plan, {rel.ws.path("none.json")}));
    CHECK(missing_record.code == 1);
    CHECK(missing_record.err.find("error[io.read]") != std::string::npos);
    CHECK(tfgate_run({"verify", "--env", "dev"}).code == 1);  // usage
  }

  TEST_CASE("approve compares the author case-insensitively and refuses invisible characters") {
    Release rel("approve_identity");
    const std::string decision =
        rel.decision(rel.facts("staging", rel.staging_plan), "ci", "decision.json");
    const auto approve_as = [&](const std::string& who) {
      return tfgate_run({"approve", "--env", "staging", "--decision", decision, "--approver", who,
                         "--key", key_file("approvals.key"), "-o", rel.ws.path("a.json")});
    };
    for (const char* author : {"GitHub-Actions[bot]", "GITHUB-ACTIONS[BOT]", " github-actions[bot]"}) {
      CAPTURE(author);
      const Result r = approve_as(author);
      CHECK(r.code == 2);
      CHECK(r.err.find("is the decision's author github-actions[bot] under another spelling") !=
            std::string::npos);
    }
    for (const char* sneaky : {"alice\u200b", "alice\u00a0", "\u2066alice", "al\u00adice"}) {
      CAPTURE(sneaky);
      const Result r = approve_as(sneaky);
      CHECK(r.code == 2);
      CHECK(r.err.find("is refused as an identity: it contains") != std::string::npos);
      CHECK_FALSE(fs::exists(rel.ws.path("a.json")));
    }
    // Another case of an allowed approver is that approver: alice and ALICE count once.
    const std::string alice = rel.approve("staging", decision, "alice", "alice.json");
    const std::string upper = rel.approve("staging", decision, "ALICE", "upper.json");
    const Result once = verify(rel.verify_args("staging", rel.staging_plan, {decision, alice, upper}));
    CHECK(once.code == 0);
    CHECK(once.out.find("1 distinct approver (alice), 1 required; alice approved more than once, "
                        "counted once") != std::string::npos);
  }

  TEST_CASE("verify --exec runs the command on the verified private copy, and only then") {
    Release rel("exec");
    const std::string decision =
        rel.decision(rel.facts("staging", rel.staging_plan), "ci", "decision.json");
    const std::string approval = rel.approve("staging", decision, "alice", "approval.json");
    const std::string original = gate::test::read_file(rel.staging_plan);
    const std::string swapped = rel.ws.write("swapped.json", gate::test::read_file(rel.prod_plan));
    const ScopedEnv applied("FAKE_TERRAFORM_APPLIED", rel.ws.path("applied"));
    const ScopedEnv pwd("FAKE_TERRAFORM_PWD", rel.ws.path("pwd"));
    auto args = rel.verify_args("staging", rel.staging_plan, {decision, approval});
    args.insert(args.end(), {"--exec", "--", fake_terraform(), "apply", "-input=false"});
    {
      // The original is replaced by another plan while verify is running (during show).
      const ScopedEnv replace("FAKE_TERRAFORM_REPLACE", rel.staging_plan + ":" + swapped);
      const Result r = verify(args);
      CHECK_MESSAGE(r.code == 0, r.out, r.err);
      CHECK(r.out.find("verified: the plan file may be applied to staging") != std::string::npos);
      CHECK(gate::test::read_file(rel.staging_plan) != original);  // it was replaced...
      CHECK(gate::test::read_file(rel.ws.path("applied")) == original);  // ...yet not applied
      CHECK(gate::test::read_file(rel.ws.path("pwd")) == rel.ws.dir.string() + "\n");
    }
    // Now the file to apply is the other plan: verification fails and nothing runs.
    fs::remove(rel.ws.path("applied"));
    const Result refused = verify(args);
    CHECK(refused.code == 2);
    CHECK(failed_step(refused) == "subjects");
    CHECK_FALSE(fs::exists(rel.ws.path("applied")));
    // The command's exit code is tfgate's.
    rel.ws.write("staging.tfplan", original);
    auto failing = rel.verify_args("staging", rel.staging_plan, {decision, approval});
    failing.insert(failing.end(), {"--exec", "--", "/bin/sh", "-c", "exit 7", "sh"});
    CHECK(verify(failing).code == 7);
    // Naming the plan file in the command would apply the original: refused.
    auto named = rel.verify_args("staging", rel.staging_plan, {decision, approval});
    named.insert(named.end(), {"--exec", "--", "terraform", "apply", "staging.tfplan"});
    const Result usage = verify(named);
    CHECK(usage.code == 1);
    CHECK(usage.err.find("do not name the plan file") != std::string::npos);
    auto empty = rel.verify_args("staging", rel.staging_plan, {decision, approval});
    empty.insert(empty.end(), {"--exec", "--"});
    CHECK(verify(empty).code == 1);
  }

  TEST_CASE("verify with an unreadable policy directory exits 1 and says so") {
    Release rel("no_engine");
    const std::string decision =
        rel.decision(rel.facts("dev", rel.staging_plan), "ci", "decision.json");
    auto args = rel.verify_args("dev", rel.staging_plan, {decision});
    args.insert(args.begin(), "verify");
    const auto policies = std::find(args.begin(), args.end(), "--policies");
    REQUIRE(policies != args.end());
    *(policies + 1) = "/nonexistent/policies";
    const Result r = tfgate_run(args);
    CHECK(r.code == 1);
    CHECK(r.err.find("error[io.read]: cannot read the policy directory") != std::string::npos);
  }

  TEST_CASE("a real plan with nothing to apply passes in dev, staging and prod; its records verify") {
    const std::string plan = gate::test::fixture("plans/platform/prod-no-changes.json");
    const std::string policies = std::string(GATE_SOURCE_DIR) + "/policies";
    const auto check = [&](const std::string& env, const std::string& format,
                           std::vector<std::string> extra = {}) {
      std::vector<std::string> args = {"check",    "--policies", policies, "--env",
                                       env,        "--format",   format,   plan};
      args.insert(args.end(), extra.begin(), extra.end());
      return tfgate_run(args);
    };
    for (const std::string env : {"dev", "staging", "prod"}) {
      CAPTURE(env);
      const Result json = check(env, "json");
      REQUIRE_MESSAGE(json.code == 0, json.out, json.err);
      const auto report = nlohmann::json::parse(json.out);
      CHECK(report["verdict"] == "pass");
      CHECK(report["nothing_to_apply"] == true);
      CHECK(check(env, "text").out.find("; nothing to apply\n") != std::string::npos);
      CHECK(check(env, "markdown").out.find("**Nothing to apply**") != std::string::npos);
      CHECK(check(env, "github").out.find("; nothing to apply") != std::string::npos);
      CHECK(check(env, "junit").out.find(R"(name="nothing_to_apply" value="true")") !=
            std::string::npos);
      CHECK(check(env, "sarif").out.find(R"("nothingToApply": true)") != std::string::npos);
    }
    // A plan that changes something says nothing of the kind.
    const Result changes = tfgate_run(
        {"check", "--policies", policies, "--env", "prod", "--format", "json",
         gate::test::fixture("plans/platform/prod-update-lambda.json")});
    CHECK(nlohmann::json::parse(changes.out)["nothing_to_apply"] == false);

    // Records made by check --record say so, and verify verifies them (staging, then prod).
    Release rel("nothing_to_apply");
    // The saved plan files "show" (through the stand-in terraform) the no-change plan itself,
    // so verify's plan content step derives the JSON the decisions judged.
    const std::string staging_tfplan =
        rel.ws.write("nothing-staging.tfplan", gate::test::read_file(plan));
    const std::string prod_tfplan =
        rel.ws.write("nothing-prod.tfplan", gate::test::read_file(plan) + "\n");
    const auto record = [&](const std::string& env, const std::string& tfplan,
                            const std::string& key, const std::string& file,
                            std::vector<std::string> extra = {}) {
      extra.insert(extra.end(), {"--record", rel.ws.path(file), "--plan-file", tfplan, "--key",
                                 key_file(key + ".key"), "--artifact", "app.zip=" + rel.zip});
      const Result r = check(env, "json", extra);
      REQUIRE_MESSAGE(r.code == 0, r.out, r.err);
      const auto loaded = gate::load_record_file(rel.ws.path(file));
      REQUIRE(loaded.has_value());
      CHECK(loaded->decision().nothing_to_apply);
      CHECK(gate::load_record_file(rel.ws.path(file))->envelope.payload.find(
                R"("nothing_to_apply":true)") != std::string::npos);
      return std::make_pair(rel.ws.path(file), loaded->decision().policy_digest);
    };
    const auto [staging, staging_policy] = record("staging", staging_tfplan, "ci", "staging.json");
    const std::string staging_ok = rel.approve("staging", staging, "alice", "staging-ok.json");
    const Result staging_verified =
        verify(rel.verify_args("staging", staging_tfplan, {staging, staging_ok}), nullptr,
               staging_policy);
    CHECK_MESSAGE(staging_verified.code == 0, staging_verified.out, staging_verified.err);

    const auto [prod, prod_policy] =
        record("prod", prod_tfplan, "ci-prod", "prod.json", {"--previous", staging});
    const std::string alice = rel.approve("prod", prod, "alice", "prod-alice.json");
    const std::string bob = rel.approve("prod", prod, "bob", "prod-bob.json");
    // The staging link is checked against the prod policy digest hook too: give each its own.
    tfgate::VerifyHooks hooks;
    hooks.policy_digest = [&](const std::string& /*dir*/, const std::string& env)
        -> gate::Expected<std::string> { return env == "prod" ? prod_policy : staging_policy; };
    std::ostringstream out, err;
    tfgate::Io io{out, err, false};
    const int code = tfgate::run_verify_with(
        rel.verify_args("prod", prod_tfplan, {prod, alice, bob, staging, staging_ok}), io, hooks);
    CHECK_MESSAGE(code == 0, out.str(), err.str());
    CHECK(out.str().find("verified: the plan file may be applied to prod") != std::string::npos);
  }
}
