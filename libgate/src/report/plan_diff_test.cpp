// The attribute-level plan diff: changes, unknown and sensitive values (never carried),
// JSON documents compared as JSON, replace paths, containers, imports and moves.
#include <doctest/doctest.h>

#include "gate/diff_report.h"
#include "gate/plan_diff.h"

namespace {

gate::PlanDiff diff_of(const std::string& change_json, const std::string& extra = "") {
  const std::string text =
      R"({"format_version":"1.2","resource_changes":[{"address":"aws_x.a","mode":"managed",)"
      R"("type":"aws_x","name":"a",)" +
      extra + R"("change":)" + change_json + "}]}";
  auto plan = gate::load_plan(text, "t.json");
  REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
  auto diff = gate::diff_plan(*plan);
  REQUIRE_MESSAGE(diff.has_value(), gate::render(diff.error()));
  return std::move(*diff);
}

const gate::DiffNode& child(const gate::DiffNode& node, const std::string& key) {
  for (const gate::DiffNode& c : node.children) {
    if (c.key == key) {
      return c;
    }
  }
  FAIL("no child " << key);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_SUITE("plan_diff") {
  TEST_CASE("an update lists changed, added and removed attributes") {
    const auto d = diff_of(R"({"actions":["update"],"before":{"a":1,"b":"x","c":true},
                              "after":{"a":2,"b":"x","d":[1]}})");
    REQUIRE(d.changes.size() == 1);
    const gate::DiffNode& root = d.changes[0].root;
    CHECK(child(root, "a").change == gate::DiffNode::Change::kUpdated);
    CHECK(child(root, "a").before.value == 1);
    CHECK(child(root, "a").after.value == 2);
    CHECK(child(root, "b").change == gate::DiffNode::Change::kUnchanged);
    CHECK(child(root, "c").change == gate::DiffNode::Change::kRemoved);
    CHECK(child(root, "d").change == gate::DiffNode::Change::kAdded);
  }

  TEST_CASE("unknown values are known after apply, including inside lists") {
    const auto d = diff_of(R"({"actions":["update"],"before":{"id":"i-1","ips":["a","b"]},
                              "after":{"ips":["a",null]},"after_unknown":{"id":true,"ips":[false,true]}})");
    const gate::DiffNode& root = d.changes[0].root;
    CHECK(child(root, "id").after.state == gate::DiffValue::State::kUnknown);
    CHECK(child(root, "id").change == gate::DiffNode::Change::kUpdated);
    const gate::DiffNode& ips = child(root, "ips");
    REQUIRE(ips.children.size() == 2);
    CHECK(ips.children[1].after.state == gate::DiffValue::State::kUnknown);
    CHECK(ips.children[0].change == gate::DiffNode::Change::kUnchanged);
  }

  TEST_CASE("sensitive values are never carried, whether leaves, containers or list items") {
    const auto d = diff_of(R"({"actions":["update"],
        "before":{"pw":"old-secret","conf":{"k":"confval-one"},"list":["x","hidden-1"]},
        "after":{"pw":"new-secret","conf":{"k":"confval-two"},"list":["x","hidden-2"]},
        "before_sensitive":{"pw":true,"conf":true,"list":[false,true]},
        "after_sensitive":{"pw":true,"conf":true,"list":[false,true]}})");
    const gate::DiffNode& root = d.changes[0].root;
    for (const char* key : {"pw", "conf"}) {
      CAPTURE(key);
      const gate::DiffNode& n = child(root, key);
      CHECK(n.before.state == gate::DiffValue::State::kSensitive);
      CHECK(n.after.state == gate::DiffValue::State::kSensitive);
      CHECK(n.before.value.is_null());
      CHECK(n.after.value.is_null());
      CHECK(n.change == gate::DiffNode::Change::kUpdated);
    }
    const gate::DiffNode& list = child(root, "list");
    CHECK(list.children[1].after.state == gate::DiffValue::State::kSensitive);
    for (gate::DiffFormat f : {gate::DiffFormat::kText, gate::DiffFormat::kMarkdown,
                               gate::DiffFormat::kJson}) {
      gate::DiffRenderOptions options;
      options.full = true;
      const std::string out = gate::render_diff(d, f, options);
      CHECK(out.find("secret") == std::string::npos);
      CHECK(out.find("hidden") == std::string::npos);
      CHECK(out.find("confval") == std::string::npos);
    }
  }

  TEST_CASE("a value that becomes sensitive hides both sides") {
    const auto d = diff_of(R"({"actions":["update"],"before":{"t":"same"},"after":{"t":"same"},
                              "before_sensitive":{},"after_sensitive":{"t":true}})");
    const gate::DiffNode& t = child(d.changes[0].root, "t");
    CHECK(t.before.state == gate::DiffValue::State::kSensitive);
    CHECK(t.change == gate::DiffNode::Change::kUnchanged);
  }

  TEST_CASE("a value whose shape changes is hidden whole when any part of it is sensitive") {
    const auto d = diff_of(R"({"actions":["update"],"before":{"a":"plain"},
                              "after":{"a":{"tags":{"x":"nested-secret"}}},
                              "before_sensitive":{},"after_sensitive":{"a":{"tags":{"x":true}}}})");
    const gate::DiffNode& a = child(d.changes[0].root, "a");
    CHECK(a.after.state == gate::DiffValue::State::kSensitive);
    CHECK(a.before.state == gate::DiffValue::State::kSensitive);
    CHECK(gate::render_diff(d, gate::DiffFormat::kJson, {}).find("nested-secret") ==
          std::string::npos);
  }

  TEST_CASE("JSON documents in strings are compared as JSON") {
    const auto d = diff_of(
        R"({"actions":["update"],
            "before":{"policy":"{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\"}]}"},
            "after":{"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}"}})");
    const gate::DiffNode& policy = child(d.changes[0].root, "policy");
    CHECK(policy.json_document);
    CHECK(policy.container);
    const gate::DiffNode& action = child(child(policy, "Statement").children[0], "Action");
    CHECK(action.before.value == "s3:GetObject");
    CHECK(action.after.value == "s3:*");
    CHECK(child(child(policy, "Statement").children[0], "Effect").change ==
          gate::DiffNode::Change::kUnchanged);
  }

  TEST_CASE("a re-formatted JSON document is an update with no member changes") {
    const auto d = diff_of(R"({"actions":["update"],"before":{"p":"{\"a\": 1}"},"after":{"p":"{\"a\":1}"}})");
    const gate::DiffNode& p = child(d.changes[0].root, "p");
    CHECK(p.json_document);
    CHECK(p.change == gate::DiffNode::Change::kUpdated);
    CHECK(gate::render_diff(d, gate::DiffFormat::kText, {}).find("only its formatting differs") !=
          std::string::npos);
  }

  TEST_CASE("replace paths mark the attributes that force a replacement") {
    const auto d = diff_of(R"({"actions":["delete","create"],"before":{"name":"a","tags":{"k":"1"}},
                              "after":{"name":"b","tags":{"k":"2"}},"replace_paths":[["name"],["tags","k"]]})",
                           R"("action_reason":"replace_because_cannot_update",)");
    const gate::DiffNode& root = d.changes[0].root;
    CHECK(child(root, "name").forces_replacement);
    CHECK(child(child(root, "tags"), "k").forces_replacement);
    CHECK_FALSE(child(root, "tags").forces_replacement);
    CHECK(d.changes[0].action_reason == "replace_because_cannot_update");
    CHECK(gate::render_diff(d, gate::DiffFormat::kText, {}).find("# forces replacement") !=
          std::string::npos);
  }

  TEST_CASE("no-op entries are left out unless they import or move") {
    const auto plain = diff_of(R"({"actions":["no-op"],"before":{"a":1},"after":{"a":1}})");
    CHECK(plain.changes.empty());
    const auto imported = diff_of(R"({"actions":["no-op"],"before":{"a":1},"after":{"a":1},
                                     "importing":{"id":"bucket-1"}})");
    REQUIRE(imported.changes.size() == 1);
    CHECK(imported.changes[0].import_id == std::string("bucket-1"));
    const auto moved = diff_of(R"({"actions":["no-op"],"before":{},"after":{}})",
                               R"("previous_address":"aws_x.old",)");
    REQUIRE(moved.changes.size() == 1);
    CHECK(moved.changes[0].previous_address == "aws_x.old");
  }

  TEST_CASE("markdown stays under its limit and says what it left out") {
    std::string changes;
    for (int i = 0; i < 400; ++i) {
      changes += (i ? "," : "") + std::string(R"({"address":"aws_x.r)") + std::to_string(i) +
                 R"(","mode":"managed","type":"aws_x","name":"r)" + std::to_string(i) +
                 R"(","change":{"actions":["create"],"before":null,"after":{"description":")" +
                 std::string(200, 'd') + R"("}}})";
    }
    auto plan = gate::load_plan(R"({"format_version":"1.2","resource_changes":[)" + changes + "]}",
                                "big.json");
    REQUIRE(plan.has_value());
    auto diff = gate::diff_plan(*plan);
    REQUIRE(diff.has_value());
    gate::DiffRenderOptions options;
    const std::string md = gate::render_diff(*diff, gate::DiffFormat::kMarkdown, options);
    CHECK(md.size() < options.markdown_limit);
    CHECK(md.find("entries are not shown") != std::string::npos);
    CHECK(md.rfind("### Plan: 400 to create", 0) == 0);
  }
}

TEST_SUITE("plan_diff masking by value") {
  TEST_CASE("an unmarked copy of a sensitive value is hidden; other values stay visible") {
    // The tags_all pattern: the provider copies a sensitive tag into tags_all, unmarked.
    const auto d = diff_of(R"({"actions":["create"],"before":null,
        "after":{"tags":{"Owner":"owner-secret-1","Pin":"pw"},
                 "tags_all":{"Owner":"owner-secret-1","Pin":"pw","Env":"dev","Team":"pwned"},
                 "url":"https://owner-secret-1@example.com","name":"visible-name"},
        "after_unknown":{},"after_sensitive":{"tags":{"Owner":true,"Pin":true}}})");
    const gate::DiffNode& root = d.changes.at(0).root;
    const gate::DiffNode& all = child(root, "tags_all");
    CHECK(child(all, "Owner").after.state == gate::DiffValue::State::kSensitive);
    CHECK(child(all, "Pin").after.state == gate::DiffValue::State::kSensitive);  // short, whole
    CHECK(child(all, "Env").after.value == "dev");
    CHECK(child(all, "Team").after.value == "pwned");  // contains the short "pw": not masked
    CHECK(child(root, "url").after.state == gate::DiffValue::State::kSensitive);  // inside
    CHECK(child(root, "name").after.value == "visible-name");
    const std::string text = gate::render_diff(d, gate::DiffFormat::kText, {true, false});
    CHECK(text.find("owner-secret-1") == std::string::npos);
    CHECK(text.find("visible-name") != std::string::npos);
  }

  TEST_CASE("format 0.1 outputs marked sensitive only in planned_values are hidden") {
    const std::string text = R"({"format_version":"0.1","terraform_version":"0.12.31",
        "planned_values":{"outputs":{"token":{"sensitive":true,"value":"tok-secret-77"},
                                     "name":{"sensitive":false,"value":"public-name"}},
                          "root_module":{}},
        "resource_changes":[],
        "output_changes":{"token":{"actions":["create"],"before":null,"after":"tok-secret-77",
                                   "after_unknown":false},
                          "name":{"actions":["create"],"before":null,"after":"public-name",
                                  "after_unknown":false}}})";
    auto plan = gate::load_plan(text, "t.json");
    REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
    auto d = gate::diff_plan(*plan);
    REQUIRE_MESSAGE(d.has_value(), gate::render(d.error()));
    REQUIRE(d->outputs.size() == 2);
    for (const gate::OutputDiff& o : d->outputs) {
      CAPTURE(o.name);
      if (o.name == "token") {
        CHECK(o.root.after.state == gate::DiffValue::State::kSensitive);
      } else {
        CHECK(o.root.after.value == "public-name");
      }
    }
    for (auto format : {gate::DiffFormat::kText, gate::DiffFormat::kMarkdown,
                        gate::DiffFormat::kJson}) {
      CHECK(gate::render_diff(*d, format, {}).find("tok-secret-77") == std::string::npos);
    }
  }
}
