// Tests of reading a saved plan file: the private copy, the terraform binary chosen, and
// `terraform show -json` run through pipes, with a stand-in terraform
// (fixtures/fake-terraform) whose saved plans are plan JSON documents.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "fixtures.h"
#include "gate/digest.h"
#include "gate/saved_plan.h"
#include "terraform/process.h"

namespace {

namespace fs = std::filesystem;

const std::string kFake = gate::test::fixture("fake-terraform/terraform");

// A folder of its own for one test, under the working directory.
struct Folder {
  fs::path dir;
  explicit Folder(const std::string& name) : dir(fs::current_path() / ("saved_plan_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Folder() { fs::remove_all(dir); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream((dir / name).string(), std::ios::binary) << bytes;
    return (dir / name).string();
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

// Sets an environment variable for one scope, restoring the previous value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) {  // NOLINT(concurrency-mt-unsafe)
      old_ = old;
    }
    ::setenv(name, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    } else {
      ::unsetenv(name_);  // NOLINT(concurrency-mt-unsafe)
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

gate::ShowOptions fake() {
  gate::ShowOptions o;
  o.terraform = kFake;
  return o;
}

}  // namespace

TEST_SUITE("saved plan") {
  TEST_CASE("the copy is private, read once, digested, and removed afterwards") {
    Folder f("copy");
    const std::string original = f.write("tfplan", "PK\x03\x04 the saved plan");
    std::string dir, copy_path;
    {
      auto copy = gate::PlanCopy::make(original);
      REQUIRE(copy.has_value());
      dir = copy->directory();
      copy_path = copy->path();
      CHECK(mode_of(dir) == 0700u);
      CHECK(mode_of(copy_path) == 0400u);
      CHECK(fs::path(copy_path).parent_path() == fs::path(dir));
      CHECK(copy->digest() == gate::digest_bytes("PK\x03\x04 the saved plan"));
      CHECK(copy->source() == original);
      // The original replaced after the copy was made changes neither the copy nor its digest.
      f.write("tfplan", "PK\x03\x04 another plan");
      CHECK(gate::test::read_file(copy_path) == "PK\x03\x04 the saved plan");
      gate::PlanCopy moved = std::move(*copy);
      CHECK(moved.path() == copy_path);
      CHECK(fs::exists(copy_path));
    }
    CHECK_FALSE(fs::exists(dir));
    auto missing = gate::PlanCopy::make(f.path("none"));
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().front().code == "io.read");
  }

  TEST_CASE("show -json runs on the copy in the plan's directory and returns what it printed") {
    Folder f("show");
    const std::string json = gate::test::read_file(
        gate::test::fixture("plans/policy/app-update.json"));
    auto copy = gate::PlanCopy::make(f.write("tfplan", json));
    REQUIRE(copy.has_value());
    const ScopedEnv pwd("FAKE_TERRAFORM_PWD", f.path("pwd"));
    auto shown = gate::show_plan_json(*copy, fake());
    REQUIRE_MESSAGE(shown.has_value(), gate::render(shown.error()));
    CHECK(*shown == json);
    CHECK(fs::equivalent(gate::test::read_file(f.path("pwd")).substr(0, f.dir.string().size()),
                         f.dir));
    gate::ShowOptions elsewhere = fake();
    elsewhere.chdir = fs::current_path().string();
    REQUIRE(gate::show_plan_json(*copy, elsewhere).has_value());
    CHECK(gate::test::read_file(f.path("pwd")) == fs::current_path().string() + "\n");
    // A relative --terraform is taken from the current directory, not the stack's.
    gate::ShowOptions relative;
    relative.terraform = fs::relative(kFake).string();
    REQUIRE(relative.terraform.find('/') != std::string::npos);
    auto shown_relative = gate::show_plan_json(*copy, relative);
    REQUIRE_MESSAGE(shown_relative.has_value(), gate::render(shown_relative.error()));
    CHECK(*shown_relative == json);
    auto plan = gate::load_saved_plan(*copy, fake());
    REQUIRE(plan.has_value());
    auto direct = gate::load_plan(json, "app-update.json");
    REQUIRE(direct.has_value());
    CHECK(gate::semantic_plan_digest(*plan).value() == gate::semantic_plan_digest(*direct).value());
    CHECK(plan->source_name.find("tfplan (terraform show -json)") != std::string::npos);
  }

  TEST_CASE("a failing or missing terraform is an error naming the command and its stderr") {
    Folder f("fail");
    auto copy = gate::PlanCopy::make(f.write("tfplan", "not a plan"));
    REQUIRE(copy.has_value());
    {
      const ScopedEnv fail("FAKE_TERRAFORM_FAIL", "Error: Failed to read the given file");
      auto shown = gate::show_plan_json(*copy, fake());
      REQUIRE_FALSE(shown.has_value());
      const std::string text = gate::render(shown.error());
      CHECK(shown.error().front().code == "terraform.show");
      CHECK(text.find(kFake + " show -no-color -json " + copy->path()) != std::string::npos);
      CHECK(text.find("exited with status 1") != std::string::npos);
      CHECK(text.find("Error: Failed to read the given file") != std::string::npos);
    }
    gate::ShowOptions missing;
    missing.terraform = f.path("no-such-terraform");
    auto not_found = gate::show_plan_json(*copy, missing);
    REQUIRE_FALSE(not_found.has_value());
    CHECK(not_found.error().front().code == "terraform.not-found");
    CHECK(gate::render(not_found.error()).find("no-such-terraform") != std::string::npos);
    {
      const ScopedEnv env("TFGATE_TERRAFORM", kFake);
      auto chosen = gate::find_terraform(gate::ShowOptions{});
      REQUIRE(chosen.has_value());
      CHECK(*chosen == kFake);
      // --terraform wins over the environment.
      CHECK_FALSE(gate::find_terraform(missing).has_value());
    }
    {
      const ScopedEnv path("PATH", f.dir.string());
      auto none = gate::find_terraform(gate::ShowOptions{});
      REQUIRE_FALSE(none.has_value());
      CHECK(gate::render(none.error()).find("neither terraform nor tofu") != std::string::npos);
      fs::copy_file(kFake, f.path("tofu"));
      auto tofu = gate::find_terraform(gate::ShowOptions{});
      REQUIRE(tofu.has_value());
      CHECK(*tofu == f.path("tofu"));
    }
  }
}

TEST_SUITE("process") {
  TEST_CASE("both streams are drained at once; stderr is bounded; stdout over the limit fails") {
    const std::vector<std::string> argv = {
        "/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero; "
                         "exit 3"};
    auto r = gate::detail::run_capturing(argv, "", 1 << 20);
    REQUIRE(r.has_value());
    CHECK(r->exit_code == 3);
    CHECK(r->out.size() == 300000);
    CHECK(r->err.size() == 4096);
    CHECK(r->err_cut);
    auto big = gate::detail::run_capturing(argv, "", 1000);
    REQUIRE_FALSE(big.has_value());
    CHECK(big.error().front().code == "process.output-too-large");
    auto missing = gate::detail::run_capturing({"/no/such/program"}, "", 10);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().front().code == "process.start");
    auto bad_dir = gate::detail::run_inheriting({"/bin/sh", "-c", "exit 0"}, "/no/such/dir");
    CHECK_FALSE(bad_dir.has_value());
    auto code = gate::detail::run_inheriting({"/bin/sh", "-c", "exit 7"}, "");
    REQUIRE(code.has_value());
    CHECK(*code == 7);
    auto killed = gate::detail::run_inheriting({"/bin/sh", "-c", "kill -TERM $$"}, "");
    REQUIRE(killed.has_value());
    CHECK(*killed == 128 + 15);
    CHECK(gate::detail::find_executable("sh").find("/sh") != std::string::npos);
    CHECK(gate::detail::find_executable("no-such-program-anywhere").empty());
  }
}
