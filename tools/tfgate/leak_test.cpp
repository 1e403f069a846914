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
    for (const auto& command : commands) {
      CAPTURE(command.front());
      int code = 0;
      const std::string output = run_capture(command, code);
      CHECK(code == 0);
      CHECK_MESSAGE(output.find(kMarker) == std::string::npos, output);
      ++runs;
    }
  }
  std::remove(path.c_str());
  CHECK(runs == 440);
}
