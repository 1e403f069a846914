// Tests of identity normalisation: the one form in which approvers, authors and roster
// entries are compared, and the identities refused outright.
#include <doctest/doctest.h>

#include "gate/record.h"

TEST_SUITE("identity") {
  TEST_CASE("identity_key trims ASCII spaces and folds ASCII case only") {
    CHECK(gate::identity_key("alice") == "alice");
    CHECK(gate::identity_key("Alice") == "alice");
    CHECK(gate::identity_key("ALICE") == "alice");
    CHECK(gate::identity_key("  alice ") == "alice");
    CHECK(gate::identity_key("github-actions[BOT]") == "github-actions[bot]");
    CHECK(gate::identity_key("a lice") == "a lice");  // inner spaces stay
    // Non-ASCII letters are not folded: "É" stays, so lookalikes stay distinct.
    CHECK(gate::identity_key("\u00c9ve") == "\u00c9ve");
    CHECK(gate::identity_key("\u0430lice") != gate::identity_key("alice"));  // Cyrillic a
  }

  TEST_CASE("identity_defect refuses control, format, invisible and non-ASCII space") {
    for (const char* fine : {"alice", "Alice ", "github-actions[bot]", "j\u00f6rg",
                             "alice@example.com", "\u5f20\u4f1f"}) {
      CAPTURE(fine);
      CHECK_FALSE(gate::identity_defect(fine).has_value());
    }
    const struct {
      std::string text;
      const char* kind;
      const char* code_point;
    } refused[] = {
        {"alice\t", "control character", "U+0009"},
        {"ali\x7f" "ce", "control character", "U+007F"},
        {"alice\u0085", "control character", "U+0085"},
        {"alice\u00a0", "non-ASCII white space", "U+00A0"},
        {"alice\u2003", "non-ASCII white space", "U+2003"},
        {"alice\u3000", "non-ASCII white space", "U+3000"},
        {"alice\u200b", "format (invisible) character", "U+200B"},
        {"ali\u200dce", "format (invisible) character", "U+200D"},
        {"\u202ealice", "format (invisible) character", "U+202E"},
        {"\ufeffalice", "format (invisible) character", "U+FEFF"},
        {"ali\u00adce", "format (invisible) character", "U+00AD"},
        {"alice\u2060", "format (invisible) character", "U+2060"},
        {"alice\U000e0041", "format (invisible) character", "U+E0041"},
        {"alice\u3164", "invisible character", "U+3164"},
        {"alice\ufe0f", "invisible character", "U+FE0F"},
    };
    for (const auto& r : refused) {
      CAPTURE(r.code_point);
      const auto defect = gate::identity_defect(r.text);
      REQUIRE(defect.has_value());
      CHECK(defect->find(r.kind) != std::string::npos);
      CHECK(defect->find(r.code_point) != std::string::npos);
    }
    CHECK(*gate::identity_defect("") == "it is empty");
    CHECK(*gate::identity_defect("   ") == "it is empty");
    CHECK(*gate::identity_defect("ali\xff") == "it is not valid UTF-8");
    CHECK(gate::identity_defect("alice\u200b")->find("at byte 5") != std::string::npos);
  }
}
