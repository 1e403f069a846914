// Tests of the plan reader: the model it builds, action normalisation, limits, and the exact
// diagnostic for every malformed document under fixtures/bad/plans.
#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>

#include "gate/digest.h"
#include "gate/plan.h"

#include "golden.h"

namespace {

gate::Plan load_ok(std::string_view text) {
  auto plan = gate::load_plan(text, "test.json");
  if (!plan) {
    FAIL(gate::render(plan.error()));
  }
  return std::move(plan).value();
}

std::string wrap_changes(const std::string& changes) {
  return R"({"format_version":"1.2","resource_changes":[)" + changes + "]}";
}

std::string change(const std::string& address, const std::string& actions,
                   const std::string& extra = "") {
  return R"({"address":")" + address +
         R"(","mode":"managed","type":"aws_s3_bucket","name":"b","change":{"actions":)" + actions +
         R"(,"before":null,"after":{"bucket":"x"}})" + extra + "}";
}

// The diagnostic a malformed document produces, loaded and then digested (the digest reads
// every value, so errors inside skipped values surface too), rendered with its bare file name.
std::string diagnose(const std::filesystem::path& path) {
  auto plan = gate::load_plan_file(path.string());
  gate::Diagnostics diags;
  if (!plan) {
    diags = plan.error();
  } else if (auto digest = gate::semantic_plan_digest(*plan); !digest) {
    diags = digest.error();
  } else {
    return "no error\n";
  }
  for (gate::Diagnostic& d : diags) {
    d.location.file = path.filename().string();
  }
  return gate::render(diags);
}

}  // namespace

TEST_SUITE("plan_loader") {
  TEST_CASE("reads the members of a resource change") {
    const gate::Plan plan = load_ok(R"({
      "format_version": "1.2", "terraform_version": "1.11.4", "timestamp": "2026-01-01T00:00:00Z",
      "applyable": true, "complete": true, "errored": false,
      "resource_changes": [{
        "address": "module.app[\"blue\"].aws_s3_bucket.b[0]", "previous_address": "aws_s3_bucket.b",
        "module_address": "module.app[\"blue\"]", "mode": "managed", "type": "aws_s3_bucket",
        "name": "b", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws",
        "action_reason": "replace_because_cannot_update",
        "change": {"actions": ["create", "delete"], "before": {"bucket": "old"},
                   "after": {"bucket": "new"}, "after_unknown": {"arn": true},
                   "before_sensitive": {}, "after_sensitive": {}, "replace_paths": [["bucket"]]}
      }],
      "output_changes": {"url": {"actions": ["update"], "before": "a", "after": "b"}},
      "prior_state": {"format_version": "1.0"}
    })");
    REQUIRE(plan.resource_changes.size() == 1);
    const gate::ResourceChange& rc = plan.resource_changes[0];
    CHECK(rc.address == "module.app[\"blue\"].aws_s3_bucket.b[0]");
    CHECK(rc.previous_address == "aws_s3_bucket.b");
    CHECK(rc.module_address == "module.app[\"blue\"]");
    CHECK(rc.managed);
    CHECK(rc.type == "aws_s3_bucket");
    REQUIRE(rc.index.has_value());
    CHECK(rc.index->is_number);
    CHECK(rc.index->number == 0);
    CHECK(rc.action == gate::Action::kReplaceCreateFirst);
    CHECK(rc.action_reason == "replace_because_cannot_update");
    CHECK(rc.json_pointer == "/resource_changes/0");
    CHECK(rc.replace_paths.text == R"([["bucket"]])");
    CHECK(plan.materialise(rc.after).value()["bucket"] == "new");
    CHECK(plan.materialise(rc.after_unknown).value()["arn"] == true);
    CHECK(plan.applyable == true);
    CHECK(plan.errored == false);
    CHECK(plan.timestamp == "2026-01-01T00:00:00Z");
    REQUIRE(plan.output_changes.size() == 1);
    CHECK(plan.output_changes[0].name == "url");
    CHECK(plan.output_changes[0].action == gate::Action::kUpdate);
    CHECK(plan.materialise(plan.prior_state).value()["format_version"] == "1.0");
  }

  TEST_CASE("normalises every action list Terraform and OpenTofu write") {
    const std::pair<const char*, gate::Action> cases[] = {
        {R"(["no-op"])", gate::Action::kNoOp},
        {R"(["create"])", gate::Action::kCreate},
        {R"(["read"])", gate::Action::kRead},
        {R"(["update"])", gate::Action::kUpdate},
        {R"(["delete","create"])", gate::Action::kReplace},
        {R"(["create","delete"])", gate::Action::kReplaceCreateFirst},
        {R"(["delete"])", gate::Action::kDelete},
        {R"(["forget"])", gate::Action::kForget},
        {R"(["create","forget"])", gate::Action::kForgetAndCreate},
        {R"(["forget","create"])", gate::Action::kForgetAndCreate},
    };
    for (const auto& [actions, want] : cases) {
      CAPTURE(actions);
      const gate::Plan plan = load_ok(wrap_changes(change("a.b", actions)));
      REQUIRE(plan.resource_changes.size() == 1);
      CHECK(plan.resource_changes[0].action == want);
    }
  }

  TEST_CASE("action names round-trip and classify destruction") {
    for (gate::Action a : gate::kAllActions) {
      CHECK(gate::parse_action_name(gate::to_string(a)) == a);
    }
    CHECK(gate::destroys(gate::Action::kReplace));
    CHECK(gate::destroys(gate::Action::kReplaceCreateFirst));
    CHECK_FALSE(gate::destroys(gate::Action::kForget));
    CHECK(gate::removes_from_state(gate::Action::kForget));
    CHECK_FALSE(gate::removes_from_state(gate::Action::kUpdate));
  }

  TEST_CASE("counts actions") {
    const gate::Plan plan =
        load_ok(wrap_changes(change("a.b", R"(["create"])") + "," + change("a.c", R"(["no-op"])") +
                             "," + change("a.d", R"(["delete","create"])")));
    const gate::ActionCounts counts = gate::count_actions(plan);
    CHECK(counts[gate::Action::kCreate] == 1);
    CHECK(counts[gate::Action::kReplace] == 1);
    CHECK(counts.total() == 3);
    CHECK(counts.changed() == 2);
  }

  TEST_CASE("rebuilds the address of drift entries written without one") {
    const gate::Plan plan = load_ok(R"({"format_version":"0.1","planned_values":{},"resource_drift":[
      {"module_address":"module.m","mode":"data","type":"aws_iam_policy_document","name":"p",
       "index":"k","change":{"actions":["update"]}}]})");
    REQUIRE(plan.resource_drift.size() == 1);
    CHECK(plan.resource_drift[0].address == "module.m.data.aws_iam_policy_document.p[\"k\"]");
  }

  TEST_CASE("accepts a UTF-8 byte-order mark and keeps it in the digested bytes") {
    const std::string text = "\xEF\xBB\xBF{\"format_version\":\"1.2\",\"resource_changes\":[]}";
    const gate::Plan plan = load_ok(text);
    CHECK(plan.text().front() == '{');
    CHECK(plan.bytes().size() == text.size());
  }

  TEST_CASE("accepts unknown members and a newer minor version") {
    const gate::Plan plan =
        load_ok(R"({"format_version":"1.9","future_member":{"x":[1,2]},"resource_changes":[]})");
    CHECK(plan.format_version == "1.9");
    CHECK(plan.resource_changes.empty());
  }

  TEST_CASE("refuses a document over the size limit") {
    gate::LoadOptions options;
    options.max_bytes = 10;
    auto plan = gate::load_plan(R"({"format_version":"1.2"})", "big.json", options);
    REQUIRE_FALSE(plan.has_value());
    CHECK(gate::render(plan.error()) ==
          "big.json: error[plan.too-large]: the document is larger than the limit of 10 bytes\n");
  }

  TEST_CASE("refuses values nested deeper than the depth limit anywhere, at load") {
    gate::LoadOptions options;
    options.max_depth = 8;
    auto plan = gate::load_plan(
        R"({"format_version":"1.2","resource_changes":[],"variables":{"v":{"value":[[[[[[[[[[1]]]]]]]]]]}}})",
        "deep.json", options);
    REQUIRE_FALSE(plan.has_value());
    CHECK(gate::render(plan.error()) ==
          "deep.json:1:78: error[plan.too-deep]: nested deeper than 8 levels\n");
  }

  TEST_CASE("refuses strings over the length limit anywhere, at load") {
    gate::LoadOptions options;
    options.max_string_bytes = 20;  // longer than every member name a plan has
    SUBCASE("a member the reader keeps as a string") {
      auto plan = gate::load_plan(R"({"format_version":"1.2","terraform_version":"1.11.4-a-very-long-version"})", "long.json", options);
      REQUIRE_FALSE(plan.has_value());
      CHECK(gate::render(plan.error()) ==
            "long.json:1:45: error[plan.string-too-long]: a string of 26 bytes is longer than "
            "the limit of 20 bytes (at /terraform_version)\n");
    }
    SUBCASE("a string value kept as raw JSON") {
      auto plan =
          gate::load_plan(R"({"format_version":"1.2","output_changes":{"o":{"actions":["create"],)"
                          R"("before":null,"after":"abcdefghijklmnopqrstu","after_unknown":false}}})",
                          "long.json", options);
      REQUIRE_FALSE(plan.has_value());
      CHECK(plan.error().front().code == "plan.string-too-long");
      CHECK(plan.error().front().location.json_pointer == "/output_changes/o/after");
    }
    SUBCASE("an output name") {
      auto plan = gate::load_plan(
          R"({"format_version":"1.2","output_changes":{"a-very-long-output-name":{"actions":["create"],)"
          R"("before":null,"after":1,"after_unknown":false}}})",
          "long.json", options);
      REQUIRE_FALSE(plan.has_value());
      CHECK(plan.error().front().code == "plan.string-too-long");
      CHECK(plan.error().front().location.json_pointer == "/output_changes/a-very-long-output-name");
    }
    SUBCASE("a string deep inside a value no rule reads") {
      // "\u00e9" decodes to 2 bytes: 10 of them make 20 (at the limit), 21 bytes are over it.
      auto plan = gate::load_plan(R"({"format_version":"1.2","resource_changes":[],"variables":{"v":{"value":["ok","\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9","x\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"]}}})", "long.json", options);
      REQUIRE_FALSE(plan.has_value());
      CHECK(gate::render(plan.error()) ==
            "long.json:1:142: error[plan.string-too-long]: a string of 21 bytes is longer than "
            "the limit of 20 bytes (at /variables/v/value/2)\n");
    }
    SUBCASE("a long member name") {
      auto plan = gate::load_plan(R"({"format_version":"1.2","resource_changes":[],"variables":{"v":{"value":{"a-member-name-too-long":1}}}})", "long.json", options);
      REQUIRE_FALSE(plan.has_value());
      CHECK(gate::render(plan.error()) ==
            "long.json:1:99: error[plan.string-too-long]: a string of 22 bytes is longer than "
            "the limit of 20 bytes (at /variables/v/value/a-member-name-too-long)\n");
    }
    SUBCASE("strings at the limit are read") {
      auto plan = gate::load_plan(
          R"({"format_version":"1.2","resource_changes":[],"variables":{"v":{"value":["12345678901234567890","\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"]}}})",
          "long.json", options);
      REQUIRE(plan.has_value());
      auto value = plan->materialise(plan->variables);
      REQUIRE(value.has_value());
      CHECK((*value)["v"]["value"][1].get<std::string>().size() == 20);
    }
  }

  TEST_CASE("duplicate member names are refused in every object, located") {
    const auto code_at = [](const std::string& values) {
      auto plan = gate::load_plan(
          R"({"format_version":"1.2","resource_changes":[],"variables":)" + values + "}", "d.json");
      return plan ? std::string("loaded")
                  : plan.error().front().code + " " + plan.error().front().location.json_pointer;
    };
    // An admin document first, hidden by a second "policy": never "the last one wins".
    CHECK(code_at(R"({"p":{"value":{"policy":"admin","policy":"none"}}})") ==
          "plan.duplicate-key /variables/p/value/policy");
    // The same name written with an escape is the same name.
    CHECK(code_at(R"({"p":{"value":{"a":1,"\u0061":2}}})") ==
          "plan.duplicate-key /variables/p/value/a");
    // A large object (names kept in a hash set) and a name repeated at its end.
    std::string wide = "{";
    for (int i = 0; i < 40; ++i) {
      wide += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    CHECK(code_at(wide + "\"k7\":0}") == "plan.duplicate-key /variables/k7");
    // Legitimate documents: the same names in sibling and nested objects, deep and wide.
    CHECK(code_at(R"({"p":{"value":[{"a":1},{"a":2}]},"a":{"a":{"a":{"b":1}},"b":2}})") ==
          "loaded");
    CHECK(code_at(wide + "\"nested\":" + wide + "\"x\":1}}") == "loaded");
  }

  TEST_CASE("every value is checked at load: numbers, escapes, literals") {
    const auto load = [](const std::string& value) {
      auto plan = gate::load_plan(
          R"({"format_version":"1.2","resource_changes":[],"checks":[)" + value + "]}", "v.json");
      return plan ? std::string("loaded") : gate::render(plan.error());
    };
    CHECK(load("123456789012345678901234567890") == "loaded");  // valid JSON, any width
    CHECK(load("-0.0") == "loaded");
    CHECK(load("1e400") ==
          "v.json:1:57: error[plan.syntax]: the number 1e400 is out of the range of a double\n");
    CHECK(load("NaN").find("error[plan.syntax]") != std::string::npos);
    CHECK(load("-Infinity").find("error[plan.syntax]") != std::string::npos);
    CHECK(load("01").find("error[plan.syntax]") != std::string::npos);
    CHECK(load(R"("\ud800")").find("error[plan.syntax]: invalid string: surrogate") !=
          std::string::npos);
    CHECK(load(R"("\udc00x")").find("error[plan.syntax]") != std::string::npos);
    CHECK(load(R"("\ud83d\ude00")") == "loaded");  // a pair is fine
    CHECK(load(R"("\x")").find("error[plan.syntax]") != std::string::npos);
    CHECK(load("tru").find("error[plan.syntax]") != std::string::npos);
    CHECK(load("nul").find("error[plan.syntax]") != std::string::npos);
    CHECK(load("\"a\tb\"").find("error[plan.syntax]") != std::string::npos);
    for (const char* value : {"1e400", "NaN", R"("\ud800")", "tru"}) {
      CHECK(load(value).find("json.exception") == std::string::npos);
    }
  }

  TEST_CASE("a missing file is an io.read error") {
    auto plan = gate::load_plan_file("/nonexistent/plan.json");
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().front().code == "io.read");
  }

  TEST_CASE("every malformed plan in fixtures/bad/plans gives its exact diagnostic") {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(gate::test::fixture("bad/plans"))) {
      if (entry.path().extension() == ".json") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 25);
    for (const fs::path& file : files) {
      CAPTURE(file.filename().string());
      const std::string actual = diagnose(file);
      CHECK(actual.find("error[") != std::string::npos);
      fs::path expected = file;
      expected.replace_extension(".expected");
      gate::test::check_golden(expected.string(), actual);
    }
  }
}
