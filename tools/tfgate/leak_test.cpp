// Property test: no sensitive value ever reaches any output. Generated plans plant unique
// marker strings in every place a plan can mark sensitive (top-level attributes, nested
// objects, list items, whole containers, JSON documents, outputs, drift, deleted and created
// objects, root variables declared sensitive, format 0.1 outputs marked only in
// planned_values and prior_state), and copy them where Terraform leaves them unmarked (a
// sensitive tag copied into `tags_all`, a sensitive variable interpolated into other
// attributes and outputs, a value inside a longer string, a sensitive policy document copied
// whole). Then every command runs in every format, report files and decision records
// included, and no output may contain a marker.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gate/dsse.h>

#include "cli.h"

namespace {

using json = nlohmann::json;

const char* kMarker = "LEAKMARK";
// Sensitive values shorter than SensitiveValues::kMinInnerBytes, copied only as whole values.
const char* kShortMarker = "Zq7x";
const char* kShortVariable = "Zq7y";

// Builds one random plan; every sensitive leaf holds kMarker + a number.
class LeakyPlanGenerator {
 public:
  // `format_01`: a format 0.1 plan, which marks sensitive only outputs, in planned_values and
  // prior_state.
  LeakyPlanGenerator(unsigned seed, bool format_01) : rng_(seed), format_01_(format_01) {}

  json plan() { return format_01_ ? plan_01() : plan_12(); }

 private:
  json plan_12() {
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
    const std::string lambda_bucket = marker();
    changes.push_back({{"address", "aws_lambda_function.secret"}, {"mode", "managed"},
                       {"type", "aws_lambda_function"}, {"name", "secret"},
                       {"change", {{"actions", {"update"}}, {"before", {{"s3_bucket", marker()}}},
                                   {"after", {{"s3_bucket", lambda_bucket}}}, {"after_unknown", json::object()},
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
    // Unmarked copies. A sensitive root variable, interpolated into other attributes (two
    // of them read by shipped rules that quote the value) and into an output.
    const std::string password = marker();
    const std::string tag = marker();
    changes.push_back(
        {{"address", "aws_instance.tagged"}, {"mode", "managed"}, {"type", "aws_instance"},
         {"name", "tagged"},
         {"change",
          {{"actions", {"create"}}, {"before", nullptr},
           {"after",
            {{"instance_type", "t3." + password},
             {"user_data", kShortVariable},
             {"tags", {{"Owner", tag}, {"Pin", kShortMarker}}},
             {"tags_all", {{"Owner", tag}, {"Pin", kShortMarker}, {"Env", "dev"}}},
             {"description", "owned by " + tag + ", ask them"}}},
           {"after_unknown", json::object()}, {"before_sensitive", false},
           {"after_sensitive", {{"tags", {{"Owner", true}, {"Pin", true}}}}}}}});
    changes.push_back(
        {{"address", "aws_db_instance.app"}, {"mode", "managed"}, {"type", "aws_db_instance"},
         {"name", "app"},
         {"change",
          {{"actions", {"update"}},
           {"before", {{"instance_class", "db.t3.micro"}, {"password", password},
                       {"endpoint", "postgres://app:" + password + "@db:5432/app"}}},
           {"after", {{"instance_class", "db." + password}, {"password", password},
                      {"endpoint", "postgres://app:" + password + "@db2:5432/app"}}},
           {"after_unknown", json::object()}, {"before_sensitive", {{"password", true}}},
           {"after_sensitive", {{"password", true}}}}}});
    // The sensitive policy document and the Lambda's sensitive bucket, copied unmarked: the
    // IAM and attribute rules read and quote these.
    changes.push_back({{"address", "aws_iam_policy.copy"}, {"mode", "managed"},
                       {"type", "aws_iam_policy"}, {"name", "copy"},
                       {"change", {{"actions", {"create"}}, {"before", nullptr},
                                   {"after", {{"policy", secret_doc}}},
                                   {"after_unknown", json::object()},
                                   {"before_sensitive", false}, {"after_sensitive", false}}}});
    changes.push_back({{"address", "aws_lambda_function.copy"}, {"mode", "managed"},
                       {"type", "aws_lambda_function"}, {"name", "copy"},
                       {"change", {{"actions", {"create"}}, {"before", nullptr},
                                   {"after", {{"s3_bucket", lambda_bucket},
                                              {"role", "arn:aws:iam::1:role/" + lambda_bucket}}},
                                   {"after_unknown", json::object()},
                                   {"before_sensitive", false}, {"after_sensitive", false}}}});
    outputs["endpoint"] = {{"actions", {"create"}}, {"before", nullptr},
                           {"after", "postgres://app:" + password + "@db2:5432/app"},
                           {"after_unknown", false}, {"before_sensitive", false},
                           {"after_sensitive", false}};
    return {{"format_version", "1.2"},
            {"terraform_version", "1.11.4"},
            {"variables", {{"db_password", {{"value", password}}},
                           {"pin", {{"value", kShortVariable}}},
                           {"region", {{"value", "eu-west-1"}}}}},
            {"planned_values", {{"root_module", json::object()}}},
            {"resource_changes", changes},
            {"resource_drift", drift},
            {"output_changes", outputs},
            {"configuration",
             {{"root_module",
               {{"variables", {{"db_password", {{"sensitive", true}}},
                               {"pin", {{"sensitive", true}}},
                               {"region", {{"default", "eu-west-1"}}}}}}}}},
            {"applyable", true},
            {"errored", false}};
  }

  // Format 0.1 (Terraform 0.12 to 0.14): no *_sensitive marks; sensitive outputs are marked
  // only in planned_values.outputs and prior_state, and output_changes hold them in clear.
  json plan_01() {
    json changes = json::array();
    for (int i = 0; i < pick(2, 5); ++i) {
      json rc = change("aws_thing.r" + std::to_string(i), random_actions());
      rc["change"].erase("before_sensitive");
      rc["change"].erase("after_sensitive");
      changes.push_back(rc);
    }
    const std::string token = marker();
    const std::string previous = marker();
    const json structured = {{"nested", marker()}, {"list", {marker(), marker()}}};
    // An unmarked copy of a sensitive output's value in resources: Terraform 0.12 marks none.
    changes.push_back({{"address", "aws_lambda_function.copy"}, {"mode", "managed"},
                       {"type", "aws_lambda_function"}, {"name", "copy"},
                       {"change", {{"actions", {"update"}},
                                   {"before", {{"s3_bucket", "artifacts"}}},
                                   {"after", {{"s3_bucket", token},
                                              {"tags_all", {{"Token", "t=" + token}}}}},
                                   {"after_unknown", json::object()}}}});
    json outputs = json::object();
    outputs["token"] = {{"actions", {"create"}}, {"before", nullptr}, {"after", token},
                        {"after_unknown", false}};
    outputs["structured"] = {{"actions", {"update"}}, {"before", previous},
                             {"after", structured}, {"after_unknown", false}};
    outputs["plain_out"] = {{"actions", {"create"}}, {"before", nullptr}, {"after", "visible"},
                            {"after_unknown", false}};
    return {{"format_version", "0.1"},
            {"terraform_version", "0.12.31"},
            {"planned_values",
             {{"outputs", {{"token", {{"sensitive", true}, {"value", token}}},
                           {"structured", {{"sensitive", true}, {"value", structured}}},
                           {"plain_out", {{"sensitive", false}, {"value", "visible"}}}}},
              {"root_module", json::object()}}},
            {"resource_changes", changes},
            {"output_changes", outputs},
            {"prior_state",
             {{"format_version", "0.1"},
              {"terraform_version", "0.12.31"},
              {"values", {{"outputs", {{"structured", {{"sensitive", true}, {"value", previous}}},
                                       {"retired", {{"sensitive", true}, {"value", marker()}}}}},
                          {"root_module", json::object()}}}}},
            {"configuration", {{"root_module", json::object()}}}};
  }

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string marker() { return kMarker + std::to_string(counter_++); }

  json random_actions() {
    static const json kLists[] = {{"create"}, {"update"}, {"delete"}, {"delete", "create"},
                                  {"create", "delete"}, {"no-op"}, {"forget"}};
    return kLists[pick(0, 6)];
  }

  // A value and its sensitivity mask, of random shape.
  std::pair<json, json> value(int depth) {
    int kind = depth > 2 ? pick(0, 2) : pick(0, 6);
    if (format_01_ && kind != 3 && kind != 4) {
      kind = 0;  // format 0.1 marks no resource value: only plain leaves
    }
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
  bool format_01_ = false;
  int counter_ = 0;
};

std::string run_capture(const std::vector<std::string>& args, int& code) {
  std::ostringstream out, err;
  tfgate::Io io{out, err, false};
  code = tfgate::run(args, io);
  return out.str() + err.str();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What a reader of `text` could see of a marker: the text itself and, for a DSSE envelope
// (a decision record), its decoded payload.
std::string readable(const std::string& text) {
  auto envelope = gate::read_envelope(text, "record");
  return envelope ? text + envelope->payload : text;
}

bool leaks(const std::string& output) {
  return output.find(kMarker) != std::string::npos ||
         output.find(kShortMarker) != std::string::npos ||
         output.find(kShortVariable) != std::string::npos;
}

}  // namespace

TEST_CASE("no command prints a sensitive value, in any format") {
  const std::string path = "leak_test_plan.json";
  const std::string tfplan = "leak_test.tfplan";
  const std::string file_out = "leak_test_output.txt";
  const std::string record = "leak_test_record.json";
  const std::string pae = "leak_test_record.pae";
  std::ofstream(tfplan, std::ios::binary) << "PK\x03\x04 saved plan";
  std::size_t runs = 0, files = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    LeakyPlanGenerator gen(seed, seed % 4 == 0);
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
        {"diff", "--full", "-o", file_out, path},
        {"digest", path},
        {"digest", "--format", "json", path},
    };
    const std::string policies = std::string(GATE_SOURCE_DIR) + "/policies";
    for (const char* env : {"dev", "prod"}) {
      for (const char* format : {"text", "json", "markdown", "sarif", "junit", "github"}) {
        commands.push_back({"check", "--policies", policies, "--env", env, "--format", format, path});
      }
      commands.push_back({"check", "--policies", policies, "--env", env, "-o", file_out,
                          "--record", record, "--plan-file", tfplan, "--emit-pae", pae, path});
    }
    for (const auto& command : commands) {
      std::string command_line;
      for (const std::string& arg : command) {
        command_line += arg + ' ';
      }
      CAPTURE(command_line);
      std::remove(file_out.c_str());
      std::remove(record.c_str());
      std::remove(pae.c_str());
      int code = 0;
      const std::string output = run_capture(command, code);
      CHECK((command.front() == "check" ? code != 1 : code == 0));
      CHECK_MESSAGE(!leaks(output), output);
      for (const std::string& written : {file_out, record, pae}) {
        const std::string text = read_file(written);
        if (!text.empty()) {
          ++files;
          CHECK_MESSAGE(!leaks(readable(text)), written, ": ", text);
        }
      }
      ++runs;
    }
  }
  for (const std::string& f : {path, tfplan, file_out, record, pae}) {
    std::remove(f.c_str());
  }
  CHECK(runs == 40 * 26);
  CHECK(files == 40 * (1 + 2 * 3));  // diff -o; per env: report, record, bytes to sign
}

TEST_CASE("the leak test's plans do carry the unmarked copies it guards against") {
  // Without masking by value these would be printed: the copies are real, not marked.
  for (bool format_01 : {false, true}) {
    CAPTURE(format_01);
    const json plan = LeakyPlanGenerator(3, format_01).plan();
    std::size_t unmarked_copies = 0;
    for (const json& rc : plan["resource_changes"]) {
      const json& change = rc["change"];
      const bool marks = change.contains("after_sensitive") &&
                         change["after_sensitive"].dump().find("true") != std::string::npos;
      if (!marks && change["after"].dump().find(kMarker) != std::string::npos) {
        ++unmarked_copies;
      }
    }
    CHECK(unmarked_copies >= (format_01 ? 1U : 2U));
  }
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
          {"planned_values", {{"root_module", json::object()}}}, {"resource_changes", json::array()},
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
