// Decision records carry the rules the environment's policy disables, with their reasons, and
// read them back; a decision without any keeps its earlier exact form.
#include <doctest/doctest.h>

#include "gate/digest.h"
#include "gate/record.h"

#include "record_fixtures.h"

TEST_SUITE("record: disabled rules") {
  TEST_CASE("disabled rules round-trip through a signed decision record") {
    gate::DecisionFacts f = gate::test::decision_facts("prod", gate::digest_bytes("tfplan"), {});
    f.disabled_rules = {{"TAG-002", "tagged by the organisation's tag policy"}};
    const gate::Record record = gate::test::signed_decision(f, "ci", "decision.json");
    CHECK(record.statement.predicate["disabled_rules"] ==
          nlohmann::json::parse(
              R"([{"rule":"TAG-002","reason":"tagged by the organisation's tag policy"}])"));
    REQUIRE(record.decision().disabled_rules.size() == 1);
    CHECK(record.decision().disabled_rules[0].rule == "TAG-002");
    CHECK(record.decision().disabled_rules[0].reason == "tagged by the organisation's tag policy");
  }

  TEST_CASE("none: no member; an unprintable reason is refused") {
    gate::DecisionFacts f = gate::test::decision_facts("prod", gate::digest_bytes("tfplan"), {});
    auto plain = gate::make_decision_statement(f);
    REQUIRE(plain.has_value());
    CHECK_FALSE((*plain)["predicate"].contains("disabled_rules"));
    f.disabled_rules = {{"TAG-002", std::string("bad\x01reason")}};
    auto bad = gate::make_decision_statement(f);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().front().message.find("TAG-002 is disabled must be printable") !=
          std::string::npos);
  }
}
