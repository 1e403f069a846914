// Property test: no sensitive value ever reaches any output. Generated plans plant unique
// marker strings in every place a plan can mark sensitive (top-level attributes, nested
// objects, list items, whole containers, JSON documents, outputs, drift, deleted and created
// objects), then every command runs in every format and no output may contain a marker.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.h"

namespace {

using json = nlohmann::json;

const char* kMarker = "LEAKMARK";

// Builds one random plan; every sensitive leaf holds kMarker + a number.
class LeakyPlanGenerator {
 public:
  explicit LeakyPlanGenerator(unsigned seed) : rng_(seed) {}

  json plan() {
    json changes = json::array();
    const int n = pick(3, 8);
    for (int i = 0; i < n; ++i) {
      changes.push_back(change("aws_thing.r" + std::to_string(i), random_actions()));
    }
    // Resources the shipped rules read: a deleted bucket whose name is sensitive (DEL rules
    // read it), an IAM policy and an attribute-checked Lambda whose values are sensitive.
    const std::string secret_doc =
        json{{"Statement", {{{"Sid", marker()}, {"Effect", "Allow"}, {"Action", "*"},
                             {"Resource", marker()}}}}}.dump();
    changes.push_back({{"address", "aws_s3_bucket.secret"}, {"mode", "managed"},
                       {"type", "aws_s3_bucket"}, {"name", "secret"},
                       {"change", {{"actions", {"delete"}}, {"before", {{"bucket", marker()}}},
                                   {"after", nullptr}, {"before_sensitive", {{"bucket", true}}},
                                   {"after_sensitive", false}}}});
    changes.push_back({{"address", "aws_iam_policy.secret"}, {"mode", "managed"},
                       {"type", "aws_iam_policy"}, {"name", "secret"},
                       {"change", {{"actions", {"create"}}, {"before", nullptr},
                                   {"after", {{"policy", secret_doc}}}, {"after_unknown", json::object()},
                                   {"before_sensitive", false}, {"after_sensitive", {{"policy", true}}}}}});
    changes.push_back({{"address", "aws_lambda_function.secret"}, {"mode", "managed"},
                       {"type", "aws_lambda_function"}, {"name", "secret"},
                       {"change", {{"actions", {"update"}}, {"before", {{"s3_bucket", marker()}}},
                                   {"after", {{"s3_bucket", marker()}}}, {"after_unknown", json::object()},
                                   {"before_sensitive", {{"s3_bucket", true}}},
                                   {"after_sensitive", {{"s3_bucket", true}}}}}});
    json drift = json::array();
    drift.push_back(change("aws_thing.drifted", json::array({"update"})));
    json outputs = json::object();
    outputs["secret_out"] = {{"actions", {"update"}},
                             {"before", marker()},
                             {"after", json{{"nested", marker()}, {"list", {marker(), marker()}}}},
                             {"after_unknown", false},
                             {"before_sensitive", true},
                             {"after_sensitive", true}};
    outputs["plain_out"] = {{"actions", {"create"}}, {"before", nullptr}, {"after", "visible"},
                            {"after_unknown", false}, {"before_sensitive", false},
                            {"after_sensitive", false}};
    return {{"format_version", "1.2"},
            {"terraform_version", "1.11.4"},
            {"resource_changes", changes},
            {"resource_drift", drift},
            {"output_changes", outputs},
            {"variables", {{"db_password", {{"value", marker()}}}}},
            {"applyable", true},
            {"errored", false}};
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string marker() { return kMarker + std::to_string(counter_++); }

  json random_actions() {
    static const json kLists[] = {{"create"}, {"update"}, {"delete"}, {"delete", "create"},
                                  {"create", "delete"}, {"no-op"}, {"forget"}};
    return kLists[pick(0, 6)];
  }

  // A value and its sensitivity mask, of random shape.
  std::pair<json, json> value(int depth) {
    const int kind = depth > 2 ? pick(0, 2) : pick(0, 6);
    switch (kind) {
      case 0:  // plain leaf
        return {"plain-" + std::to_string(pick(0, 9)), json()};
      case 1:  // sensitive leaf
        return {marker(), true};
      case 2:  // sensitive JSON document string
        return {json{{"Statement", {{{"Action", marker()}}}}}.dump(), true};
      case 3: {  // object with some sensitive members
        json v = json::object(), m = json::object();
        for (int i = 0; i < pick(1, 4); ++i) {
          auto [cv, cm] = value(depth + 1);
          const std::string key = "k" + std::to_string(i);
          v[key] = cv;
          if (!cm.is_null()) {
            m[key] = cm;
          }
        }
        return {v, m};
      }
      case 4: {  // list with sensitive items
        json v = json::array(), m = json::array();
        for (int i = 0; i < pick(1, 4); ++i) {
          auto [cv, cm] = value(depth + 1);
          v.push_back(cv);
          m.push_back(cm.is_null() ? json(false) : cm);
        }
        return {v, m};
      }
      case 5:  // whole sensitive container
        return {json{{"a", marker()}, {"b", {marker()}}}, true};
      default:  // sensitive list item inside a map
        return {json{{"tags", {{"x", marker()}}}}, json{{"tags", {{"x", true}}}}};
    }
  }

  std::pair<json, json> attributes() {
    json v = json::object(), m = json::object();
    for (int i = 0; i < pick(2, 6); ++i) {
      auto [cv, cm] = value(0);
      const std::string key = "attr" + std::to_string(i);
      v[key] = cv;
      if (!cm.is_null()) {
        m[key] = cm;
      }
    }
    return {v, m};
  }

  json change(const std::string& address, const json& actions) {
    auto [before, before_mask] = attributes();
    auto [after, after_mask] = attributes();
    const bool creates = actions == json{"create"};
    const bool deletes = actions == json{"delete"} || actions == json{"forget"};
    const std::string type = address.substr(0, address.find('.'));
    const std::string name = address.substr(address.find('.') + 1);
    return {{"address", address},
            {"mode", "managed"},
            {"type", type},
            {"name", name},
            {"change",
             {{"actions", actions},
              {"before", creates ? json() : before},
              {"after", deletes ? json() : after},
              {"after_unknown", json::object()},
              {"before_sensitive", creates ? json(false) : before_mask},
              {"after_sensitive", deletes ? json(false) : after_mask},
              {"replace_paths", json::array({json::array({"attr0"})})}}}};
  }

  std::mt19937 rng_;
  int counter_ = 0;
};

std::string run_capture(const std::vector<std::string>& args, int& code) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  code = tfgate::run(args, io);
  return out.str() + err.str();
}

}  // namespace

TEST_CASE("no command prints a sensitive value, in any format") {
  const std::string path = "leak_test_plan.json";
  std::size_t runs = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    LeakyPlanGenerator gen(seed);
    const json plan = gen.plan();
    std::ofstream(path) << plan.dump(seed % 2 == 0 ? 2 : -1);
    std::vector<std::vector<std::string>> commands = {
        {"diff", path},
        {"diff", "--full", path},
        {"diff", "--format", "markdown", path},
        {"diff", "--format", "markdown", "--full", path},
        {"diff", "--format", "json", path},
        {"diff", "--format", "json", "--full", path},
        {"diff", "--color", "always", "--full", path},
        {"diff", "--summary", path},
        {"diff", "--summary", "--format", "json", path},
        {"digest", path},
        {"digest", "--format", "json", path},
    };
    const std::string policies = std::string(GATE_SOURCE_DIR) + "/policies";
    for (const char* env : {"dev", "prod"}) {
      for (const char* format : {"text", "json", "markdown", "sarif", "junit", "github"}) {
        commands.push_back({"check", "--policies", policies, "--env", env, "--format", format, path});
      }
    }
    for (const auto& command : commands) {
      CAPTURE(command.front());
      int code = 0;
      const std::string output = run_capture(command, code);
      CHECK((command.front() == "check" ? code != 1 : code == 0));
      CHECK_MESSAGE(output.find(kMarker) == std::string::npos, output);
      ++runs;
    }
  }
  std::remove(path.c_str());
  CHECK(runs == 40 * 23);
}

namespace {

// A plan whose resource_drift holds objects the shipped drift and IAM rules judge, every value
// sensitive and holding a marker: a map whose member names are markers, a drifted policy
// document allowing everything, a deleted protected bucket, tags.
json leaky_drift_plan(unsigned seed) {
  int counter = 0;
  const auto marker = [&] { return std::string(kMarker) + "D" + std::to_string(seed) + "_" + std::to_string(counter++); };
  const auto drift = [](const std::string& type, const std::string& name, const json& actions,
                        const json& before, const json& after, const json& before_mask,
                        const json& after_mask) {
    return json{{"address", type + "." + name}, {"mode", "managed"}, {"type", type}, {"name", name},
                {"change", {{"actions", actions}, {"before", before}, {"after", after},
                            {"after_unknown", json::object()}, {"before_sensitive", before_mask},
                            {"after_sensitive", after_mask}}}};
  };
  const std::string admin =
      json{{"Version", "2012-10-17"},
           {"Statement", {{{"Sid", marker()}, {"Effect", "Allow"}, {"Action", "*"}, {"Resource", "*"}}}}}
          .dump();
  const std::string narrow =
      json{{"Version", "2012-10-17"},
           {"Statement", {{{"Sid", marker()}, {"Effect", "Allow"}, {"Action", "s3:GetObject"},
                           {"Resource", marker()}}}}}
          .dump();
  json secret_map = json::object();
  secret_map[marker()] = marker();
  json secret_map_after = secret_map;
  secret_map_after[marker()] = marker();
  json list = json::array();
  list.push_back(drift("aws_iam_role_policy", "ci", {"update"}, {{"policy", narrow}},
                       {{"policy", admin}}, {{"policy", true}}, {{"policy", true}}));
  list.push_back(drift("aws_lambda_function", "fn", {"update"},
                       {{"environment", {{{"variables", secret_map}}}}},
                       {{"environment", {{{"variables", secret_map_after}}}}},
                       {{"environment", {{{"variables", true}}}}},
                       {{"environment", {{{"variables", true}}}}}));
  list.push_back(drift("aws_s3_bucket_versioning", "state", {"update"},
                       {{"bucket", marker()}, {"versioning_configuration", {{{"status", marker()}}}}},
                       {{"bucket", marker()}, {"versioning_configuration", {{{"status", marker()}}}}},
                       {{"bucket", true}, {"versioning_configuration", true}},
                       {{"bucket", true}, {"versioning_configuration", true}}));
  list.push_back(drift("aws_dynamodb_table", "lock", {"update"}, {{"tags", secret_map}},
                       {{"tags", secret_map_after}}, {{"tags", true}}, {{"tags", true}}));
  list.push_back(drift("aws_s3_bucket", "state", {"delete"}, {{"bucket", marker()}}, nullptr,
                       {{"bucket", true}}, false));
  return {{"format_version", "1.2"}, {"terraform_version", "1.11.4"},
          {"resource_drift", list}, {"applyable", true}, {"errored", false}};
}

}  // namespace

TEST_CASE("tfgate drift prints no sensitive value, in any format") {
  const std::string path = "leak_test_drift_plan.json";
  const std::string policies = std::string(GATE_SOURCE_DIR) + "/policies";
  std::size_t runs = 0;
  for (unsigned seed = 1; seed <= 4; ++seed) {
    CAPTURE(seed);
    std::ofstream(path) << leaky_drift_plan(seed).dump(seed % 2 == 0 ? 2 : -1);
    for (const char* env : {"dev", "prod"}) {
      for (const char* format : {"text", "json", "markdown", "sarif", "junit", "github"}) {
        int code = 0;
        const std::string output =
            run_capture({"drift", "--policies", policies, "--env", env, "--format", format, path}, code);
        CAPTURE(format);
        CHECK(code == 2);  // the admin document and the deleted bucket block
        CHECK(output.find("aws_iam_role_policy.ci") != std::string::npos);
        CHECK_MESSAGE(output.find(kMarker) == std::string::npos, output);
        ++runs;
      }
    }
  }
  std::remove(path.c_str());
  CHECK(runs == 4 * 2 * 6);
}
