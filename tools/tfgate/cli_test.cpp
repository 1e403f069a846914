// In-process tests of the tfgate command line: dispatch, help, exit codes and the output of
// `digest` and `diff --summary` on fixture plans.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gate/digest.h>

#include "cli.h"
#include "fixtures.h"

namespace {

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

const std::string kBadPlan = gate::test::fixture("bad/plans/actions-move.json");

std::string write_temp(const std::string& name, const std::string& text) {
  std::ofstream(name, std::ios::binary) << text;
  return name;
}

const char* kPlan = R"({"format_version":"1.2","timestamp":"2026-11-24T10:00:00Z","resource_changes":[
  {"address":"aws_lambda_function.app","mode":"managed","type":"aws_lambda_function","name":"app",
   "change":{"actions":["update"],"before":{"s3_key":"a"},"after":{"s3_key":"b"}}},
  {"address":"aws_s3_bucket.logs","mode":"managed","type":"aws_s3_bucket","name":"logs","deposed":"0a1b2c3d",
   "change":{"actions":["delete"],"before":{"bucket":"logs"},"after":null}},
  {"address":"aws_s3_bucket.data","mode":"managed","type":"aws_s3_bucket","name":"data",
   "change":{"actions":["delete","create"],"before":{"bucket":"d"},"after":{"bucket":"e"}}},
  {"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q",
   "change":{"actions":["no-op"],"before":{},"after":{}}}]})";

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("no arguments is a usage error; --help lists the commands") {
    CHECK(run({}).code == 1);
    const Result help = run({"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("digest") != std::string::npos);
    CHECK(help.out.find("Exit codes") != std::string::npos);
    const Result unknown = run({"chekc"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("unknown command 'chekc'") != std::string::npos);
  }

  TEST_CASE("every command's --help lists its options and exit codes") {
    for (const char* command :
         {"approve", "attach-signature", "diff", "digest", "keygen", "verify", "version"}) {
      CAPTURE(command);
      const Result r = run({command, "--help"});
      CHECK(r.code == 0);
      CHECK(r.out.find("Usage: tfgate") != std::string::npos);
      CHECK(r.out.find("Exit codes") != std::string::npos);
    }
  }

  TEST_CASE("version prints the library version") {
    const Result r = run({"version"});
    CHECK(r.code == 0);
    CHECK(r.out.rfind("tfgate ", 0) == 0);
    CHECK(r.out.find("libgate") != std::string::npos);
  }

  TEST_CASE("diff --summary prints counts, then addresses grouped by action") {
    const std::string plan = write_temp("cli_test_plan.json", kPlan);
    const Result r = run({"diff", "--summary", plan});
    CHECK(r.code == 0);
    CHECK(r.out ==
          "update                       1\n"
          "replace                      1\n"
          "delete                       1\n"
          "no-op                        1\n"
          "\n"
          "update (1):\n"
          "  aws_lambda_function.app\n"
          "\n"
          "replace (1):\n"
          "  aws_s3_bucket.data\n"
          "\n"
          "delete (1):\n"
          "  aws_s3_bucket.logs (deposed 0a1b2c3d)\n");
    const Result j = run({"diff", "--summary", "--format", "json", plan});
    CHECK(j.code == 0);
    const auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["total"] == 4);
    CHECK(doc["counts"]["replace"] == 1);
    CHECK(doc["changes"]["delete"][0] == "aws_s3_bucket.logs (deposed 0a1b2c3d)");
    std::remove(plan.c_str());
  }

  TEST_CASE("a malformed plan prints the located diagnostic and exits 1") {
    const Result r = run({"diff", "--summary", kBadPlan});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == kBadPlan +
                       ":4:171: error[plan.unknown-actions]: unknown actions list [\"move\"] "
                       "(at /resource_changes/0/change/actions)\n");
    CHECK(run({"digest", kBadPlan}).code == 1);
  }

  TEST_CASE("digest prints plan JSON, semantic, plan file and artifact digests") {
    const std::string plan = write_temp("cli_test_digest.json", kPlan);
    const std::string tfplan = write_temp("cli_test_tfplan", "PK\x03\x04 saved plan bytes");
    const std::string zip = write_temp("cli_test_app.zip", "zip bytes");
    const Result r = run({"digest", plan, "--plan-file", tfplan, "--artifact", "app=" + zip,
                          "--format", "json"});
    REQUIRE(r.code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["plan_json"] == gate::digest_bytes(gate::test::read_file(plan)));
    CHECK(doc["plan_file"] == gate::digest_bytes(gate::test::read_file(tfplan)));
    CHECK(doc["artifacts"]["app"] == gate::digest_bytes("zip bytes"));
    CHECK(gate::is_digest(doc["semantic"].get<std::string>()));
    CHECK(doc["semantic"] != doc["plan_json"]);
    const Result text = run({"digest", plan});
    CHECK(text.code == 0);
    CHECK(text.out.rfind("plan_json  sha256:", 0) == 0);
    CHECK(text.out.find("\nsemantic   sha256:") != std::string::npos);
    CHECK(run({"digest", "--artifact", "noequals"}).code == 1);
    CHECK(run({"digest", "--format", "yaml", plan}).code == 1);
    CHECK(run({"digest"}).code == 1);
    for (const std::string& f : {plan, tfplan, zip}) {
      std::remove(f.c_str());
    }
  }

  TEST_CASE("-o writes the report to a file and leaves no temporary file behind") {
    const std::string plan = write_temp("cli_test_out.json", kPlan);
    const Result r = run({"diff", "--summary", plan, "-o", "cli_test_summary.txt"});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(gate::test::read_file("cli_test_summary.txt").rfind("update", 0) == 0);
    const Result bad = run({"diff", "--summary", plan, "-o", "/nonexistent/dir/out.txt"});
    CHECK(bad.code == 1);
    std::remove(plan.c_str());
    std::remove("cli_test_summary.txt");
  }

  TEST_CASE("the real binary returns the documented exit codes") {
    CHECK(std::system((std::string(TFGATE_BINARY) + " version > /dev/null").c_str()) == 0);
    const int bad = std::system(
        (std::string(TFGATE_BINARY) + " diff --summary " + kBadPlan + " 2> /dev/null").c_str());
    CHECK(WEXITSTATUS(bad) == 1);
  }
}
