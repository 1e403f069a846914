// In-process tests of tfgate check, tfgate test and tfgate policy lint: exit codes 0/1/2, the
// text and JSON reports (JSON as a golden file), -o, and --help.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "cli.h"
#include "fixtures.h"
#include "golden.h"

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

std::string plan(const std::string& name) {
  return gate::test::fixture("plans/policy/" + name);
}

}  // namespace

TEST_SUITE("tfgate check") {
  TEST_CASE("exit 0 when the plan passes, with a text report") {
    const Result r = run({"check", "--policies", source("policies"), "--env", "prod",
                          plan("app-update.json")});
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("PASS prod: findings: 0 blocking, 0 advisory, 0 waived; 1 change (1 update), 1 read\n",
                      0) == 0);
  }

  TEST_CASE("exit 2 when denied, naming the address outside the allowlist") {
    const Result r = run({"check", "--policies", source("policies"), "--env", "prod",
                          plan("app-update-plus-bucket.json")});
    CHECK(r.code == 2);
    CHECK(r.out.find("\nBlocking:\n  PROD-001 [hard-mandatory] aws_s3_bucket.reports: create of "
                     "aws_s3_bucket is not allowed in prod: no allow entry matches it\n") !=
          std::string::npos);
  }

  TEST_CASE("the JSON report is stable (golden) and -o writes it to a file") {
    const std::vector<std::string> args = {"check",  "--policies", source("policies"),
                                           "--env",  "prod",       "--format",
                                           "json",   "--semantic-digest",
                                           plan("state-bucket-delete.json")};
    const Result r = run(args);
    CHECK(r.code == 2);
    gate::test::check_golden(gate::test::fixture("golden/check-prod-state-bucket-delete.json"),
                             r.out);
    const std::string file =
        (std::filesystem::temp_directory_path() / "tfgate-check-report.json").string();
    std::vector<std::string> to_file = args;
    to_file.insert(to_file.begin() + 1, {"-o", file});
    const Result written = run(to_file);
    CHECK(written.code == 2);
    CHECK(written.out.empty());
    CHECK(gate::test::read_file(file) == r.out);
    std::remove(file.c_str());
  }

  TEST_CASE("exit 1 for an unknown environment, a bad plan, bad policies or bad usage") {
    const Result env = run({"check", "--policies", source("policies"), "--env", "production",
                            plan("app-update.json")});
    CHECK(env.code == 1);
    CHECK(env.err == source("policies") +
                         ": error[policy.unknown-environment]: there is no policy for environment "
                         "\"production\"\n  note: expected one of: dev, organization, prod, "
                         "staging\n");
    const Result bad_plan = run({"check", "--policies", source("policies"), "--env", "prod",
                                 gate::test::fixture("bad/plans/truncated.json")});
    CHECK(bad_plan.code == 1);
    CHECK(bad_plan.err.find("error[plan.syntax]") != std::string::npos);
    const Result bad_policies =
        run({"check", "--policies", gate::test::fixture("bad/policies/extends-cycle"), "--env",
             "prod", plan("app-update.json")});
    CHECK(bad_policies.code == 1);
    CHECK(bad_policies.err.find("error[policy.extends-cycle]") != std::string::npos);
    CHECK(run({"check", "--env", "prod"}).code == 1);
    CHECK(run({"check", "--policies", source("policies"), "--env", "prod", "--format", "xml",
               plan("app-update.json")})
              .code == 1);
  }

  TEST_CASE("--help lists the options and exit codes") {
    const Result r = run({"check", "--help"});
    CHECK(r.code == 0);
    CHECK(r.out.find("--semantic-digest") != std::string::npos);
    CHECK(r.out.find("2  denied") != std::string::npos);
  }
}

TEST_SUITE("tfgate test") {
  TEST_CASE("exit 0 when every shipped case passes, with the closing count") {
    const Result r = run({"test", source("policies/tests")});
    CHECK(r.code == 0);
    CHECK(r.out.find("PASS prod_test.json: a plan that only updates the Lambda function passes\n") !=
          std::string::npos);
    CHECK(r.out.find("FAIL") == std::string::npos);
    CHECK(r.out.find(" passed, 0 failed\ncoverage ") != std::string::npos);
  }

  TEST_CASE("exit 2 on a failed case, 1 when a case cannot run, with the reasons") {
    const Result r = run({"test", gate::test::fixture("policy-tests/failing_test.json")});
    CHECK(r.code == 1);  // one case names an unknown environment: an error outranks failures
    CHECK(r.out.find("FAIL failing_test.json: expects the wrong verdict and the wrong rule\n"
                     "  verdict: expected pass, got fail\n"
                     "  missing finding: PROD-002 aws_s3_bucket.reports\n") != std::string::npos);
    CHECK(r.out.find("ERROR failing_test.json: names an environment there is no policy for\n"
                     "  error[policy.unknown-environment]") != std::string::npos);
    CHECK(r.out.find("\n0 passed, 3 failed\n") != std::string::npos);

    const Result failed = run({"test", gate::test::fixture("policy-tests/failures")});
    CHECK(failed.code == 2);
    CHECK(failed.out.substr(0, failed.out.find("coverage ")) ==
          "FAIL failures_test.json: expects a pass where prod denies a bucket create\n"
          "  verdict: expected pass, got fail\n"
          "  unexpected finding: PROD-001 aws_s3_bucket.reports [hard-mandatory]: create of "
          "aws_s3_bucket is not allowed in prod: no allow entry matches it\n"
          "PASS failures_test.json: a passing case among failures\n"
          "1 passed, 1 failed\n");
  }

  TEST_CASE("exit 1 when there are no cases or the case files are malformed") {
    const Result none = run({"test", gate::test::fixture("plans/policy")});
    CHECK(none.code == 1);
    CHECK(none.err.find("error[test.no-cases]") != std::string::npos);
    const Result bad = run({"test", gate::test::fixture("policy-tests/bad")});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("error[test.unknown-key]") != std::string::npos);
    CHECK(bad.err.find("error[test.bad-date]") != std::string::npos);
    CHECK(bad.err.find("error[test.missing-key]: an expected finding needs the member \"rule\"") !=
          std::string::npos);
  }
}

TEST_SUITE("tfgate policy lint") {
  TEST_CASE("exit 0 for the shipped policies, one line per environment") {
    const Result r = run({"policy", "lint", source("policies")});
    CHECK(r.code == 0);
    CHECK(r.out.find("prod") != std::string::npos);
    CHECK(r.out.find("extends staging") != std::string::npos);
    CHECK(r.out.find("4 environments, no problems") != std::string::npos);
  }

  TEST_CASE("exit 1 with every problem of a bad policy") {
    const std::string dir = gate::test::fixture("bad/policies/missing-parent");
    const Result r = run({"policy", "lint", dir});
    CHECK(r.code == 1);
    CHECK(r.err.find("missing-parent/prod.json:2:14: error[policy.missing-parent]") !=
          std::string::npos);
    CHECK(r.err.find("missing-parent/staging.json:2:14: error[policy.missing-parent]") !=
          std::string::npos);
    CHECK(r.err.find("2 problems found\n") != std::string::npos);
  }

  TEST_CASE("usage: subcommands and --help") {
    CHECK(run({"policy"}).code == 1);
    CHECK(run({"policy", "--help"}).code == 0);
    CHECK(run({"policy", "lnt"}).code == 1);
    const Result help = run({"policy", "lint", "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("Exit codes:") != std::string::npos);
    CHECK(run({"test", "--help"}).out.find("N passed, M failed") != std::string::npos);
  }
}
