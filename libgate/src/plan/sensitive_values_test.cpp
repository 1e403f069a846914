// Tests of the sensitive-value collector and masking: every place a plan marks a value, the
// escaped forms of each output format, the minimum length for masking inside longer text.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gate/evaluate.h"
#include "gate/plan.h"
#include "gate/sensitive_values.h"

namespace {

using json = nlohmann::json;

gate::SensitiveValues collect(const json& doc) {
  auto plan = gate::load_plan(doc.dump(), "test.json");
  REQUIRE_MESSAGE(plan, gate::render(plan.error()));
  auto values = gate::collect_sensitive_values(*plan);
  REQUIRE_MESSAGE(values, gate::render(values.error()));
  return std::move(values).value();
}

json change(const json& before, const json& after, const json& before_sensitive,
            const json& after_sensitive) {
  return {{"address", "aws_thing.a"}, {"mode", "managed"}, {"type", "aws_thing"},
          {"name", "a"},
          {"change",
           {{"actions", {"update"}}, {"before", before}, {"after", after},
            {"after_unknown", json::object()}, {"before_sensitive", before_sensitive},
            {"after_sensitive", after_sensitive}}}};
}

gate::SensitiveValues of(std::initializer_list<const char*> values) {
  gate::SensitiveValues s;
  for (const char* v : values) {
    s.add(v);
  }
  s.finish();
  return s;
}

}  // namespace

TEST_CASE("sensitive values: marked leaves, nested and whole, before and after, drift") {
  const json rc = change(
      {{"tags", {{"Owner", "before-secret-1"}, {"Team", "plain-team-name"}}}},
      {{"tags", {{"Owner", "after-secret-22"}}}, {"list", {"visible-item-1", "item-secret-3"}},
       {"whole", {{"a", "whole-secret-4"}, {"n", 123456789}, {"b", true}}}},
      {{"tags", {{"Owner", true}}}},
      {{"tags", {{"Owner", true}}}, {"list", {false, true}}, {"whole", true}});
  json drift = change({{"x", "drift-secret-55"}}, {{"x", "drift-secret-66"}}, {{"x", true}},
                      json::object());
  const auto s = collect({{"format_version", "1.2"},
                          {"resource_changes", {rc}},
                          {"resource_drift", {drift}}});
  for (const char* secret : {"before-secret-1", "after-secret-22", "item-secret-3",
                             "whole-secret-4", "123456789", "drift-secret-55"}) {
    CAPTURE(secret);
    CHECK(s.reveals(json(secret)));
  }
  CHECK(s.reveals(json(123456789)));
  for (const char* plain : {"plain-team-name", "visible-item-1", "drift-secret-66", "true"}) {
    CAPTURE(plain);
    CHECK_FALSE(s.reveals(json(plain)));
  }
  CHECK(s.size() == 6);
}

TEST_CASE("sensitive values: outputs, format 0.1 planned_values and prior_state, variables") {
  const json doc = {
      {"format_version", "0.1"},
      {"planned_values",
       {{"outputs",
         {{"db_url", {{"sensitive", true}, {"value", "postgres://u:pw-0123@db"}}},
          {"name", {{"sensitive", false}, {"value", "public-name-x"}}}}}}},
      {"prior_state",
       {{"values", {{"outputs", {{"old_token", {{"sensitive", true}, {"value", "old-token-9876"}}}}}}}}},
      {"output_changes",
       {{"db_url", {{"actions", {"update"}}, {"before", "previous-url-77"}, {"after", "postgres://u:pw-0123@db"}}},
        {"marked", {{"actions", {"create"}}, {"before", nullptr}, {"after", {{"k", "marked-out-5"}}},
                    {"after_sensitive", {{"k", true}}}}}}},
      {"variables", {{"db_password", {{"value", "hunter2"}}}, {"region", {{"value", "eu-west-1"}}}}},
      {"configuration",
       {{"root_module",
         {{"variables",
           {{"db_password", {{"sensitive", true}}}, {"region", {{"default", "eu-west-1"}}}}}}}}}};
  const auto s = collect(doc);
  CHECK(s.output_is_sensitive("db_url"));
  CHECK(s.output_is_sensitive("old_token"));
  CHECK_FALSE(s.output_is_sensitive("name"));
  for (const char* secret : {"postgres://u:pw-0123@db", "old-token-9876", "previous-url-77",
                             "marked-out-5", "hunter2"}) {
    CAPTURE(secret);
    CHECK(s.reveals(json(secret)));
  }
  CHECK_FALSE(s.reveals(json("public-name-x")));
  CHECK_FALSE(s.reveals(json("eu-west-1")));
}

TEST_CASE("sensitive values: a plan without marks has none") {
  const json rc = change({{"a", "x"}}, {{"a", "y"}}, json::object(), {{"a", false}});
  const auto s = collect({{"format_version", "1.2"}, {"resource_changes", {rc}},
                          {"variables", {{"v", {{"value", "not-secret"}}}}},
                          {"configuration", {{"root_module", {{"variables", {{"v", {{"sensitive", false}}}}}}}}}});
  CHECK(s.empty());
  CHECK(s.mask("anything at all") == "anything at all");
}

TEST_CASE("masking: inside longer text from the minimum length, shorter values only whole") {
  const auto s = of({"LONGSECRET", "short", "1234567"});
  CHECK(gate::SensitiveValues::kMinInnerBytes == 8);
  CHECK(s.mask("arn:aws:s3:::LONGSECRET-logs") == "arn:aws:s3:::(sensitive value)-logs");
  CHECK(s.mask("a shortcut and \"short\"") == "a shortcut and \"(sensitive value)\"");
  CHECK(s.mask("port 1234567 is \"1234567\"") == "port 1234567 is \"(sensitive value)\"");
  CHECK(s.mask("short") == "(sensitive value)");
  CHECK(s.reveals(std::string_view("xLONGSECRETx")));
  CHECK_FALSE(s.reveals(std::string_view("xshortx")));
}

TEST_CASE("masking: the escaped forms of every output format") {
  const std::string value = "p\"a<s>s&w|o:r,d%\n\\end";
  gate::SensitiveValues s;
  s.add(value);
  s.finish();
  const std::string json_form = json(value).dump();  // with quotes
  CHECK(s.mask("{\"v\": " + json_form + "}") == "{\"v\": \"(sensitive value)\"}");
  CHECK(s.mask("x " + json(value).dump(-1, ' ', true) + " y") == "x \"(sensitive value)\" y");
  CHECK(s.mask("<td>p&quot;a&lt;s&gt;s&amp;w|o:r,d%\n\\end</td>") ==
        "<td>(sensitive value)</td>");
  CHECK(s.mask("| p\"a&lt;s&gt;s&amp;w\\|o:r,d% \\end |") == "| (sensitive value) |");
  CHECK(s.mask("::error::p\"a<s>s&w|o:r,d%25%0A\\end") == "::error::(sensitive value)");
  CHECK(s.mask("::error title=p\"a<s>s&w|o%3Ar%2Cd%25%0A\\end::") ==
        "::error title=(sensitive value)::");
  // JSON-escaped, then put in XML (a JUnit message quoting a value).
  CHECK(s.mask("<failure message=\"v=&quot;p\\&quot;a&lt;s&gt;s&amp;w|o:r,d%\\n\\\\end&quot;\"/>") ==
        "<failure message=\"v=&quot;(sensitive value)&quot;\"/>");
}

TEST_CASE("masking: strings of a sensitive JSON document are secrets when long enough") {
  const std::string doc =
      json{{"Statement", {{{"Effect", "Allow"}, {"Resource", "arn:aws:s3:::hidden-bucket"}}}}}
          .dump();
  const json rc = change(nullptr, {{"policy", doc}}, false, {{"policy", true}});
  const auto s = collect({{"format_version", "1.2"}, {"resource_changes", {rc}}});
  CHECK(s.reveals(json("arn:aws:s3:::hidden-bucket")));
  CHECK_FALSE(s.reveals(json("Allow")));  // short pieces of a document are not masked
}

TEST_CASE("masking: findings' messages and addresses") {
  const auto s = of({"LONGSECRET"});
  gate::Decision d;
  gate::Finding f;
  f.address = "aws_thing.a";
  f.message = "bucket LONGSECRET is deleted";
  d.findings.push_back(f);
  gate::mask_findings(d, s);
  CHECK(d.findings[0].message == "bucket (sensitive value) is deleted");
  CHECK(d.findings[0].address == "aws_thing.a");
}
