// JSON with comments: comments blanked in place, offsets of values and member names,
// duplicate members, and syntax errors with their offsets.
#include <doctest/doctest.h>

#include "policy/jsonc.h"

TEST_SUITE("jsonc") {
  TEST_CASE("comments become spaces and keep every offset and line") {
    std::optional<std::size_t> unterminated;
    const std::string text = "{ // one\n  \"a\": \"x // y /* z */\", /* two\n three */ \"b\": 1 }";
    const std::string stripped = gate::detail::strip_json_comments(text, unterminated);
    CHECK_FALSE(unterminated.has_value());
    CHECK(stripped.size() == text.size());
    CHECK(stripped == "{       \n  \"a\": \"x // y /* z */\",       \n          \"b\": 1 }");
  }

  TEST_CASE("an unterminated block comment is reported where it starts") {
    std::optional<std::size_t> unterminated;
    gate::detail::strip_json_comments("{\"a\": 1 /* no end", unterminated);
    REQUIRE(unterminated.has_value());
    CHECK(*unterminated == 8);
  }

  TEST_CASE("values and member names are located by JSON pointer") {
    const std::string text = "// c\n{\"rules\": [\n  {\"id\": \"A-001\", \"a/b\": [1, 2.5, -3]}]}";
    const gate::detail::JsoncDocument doc = gate::detail::parse_jsonc(text);
    REQUIRE_FALSE(doc.fatal.has_value());
    CHECK(doc.value["rules"][0]["id"] == "A-001");
    CHECK(doc.value["rules"][0]["a/b"][1] == 2.5);
    CHECK(doc.value["rules"][0]["a/b"][2] == -3);
    CHECK(doc.spans.at("/rules/0/id").key == text.find("\"id\""));
    CHECK(doc.spans.at("/rules/0/id").value == text.find("\"A-001\""));
    CHECK(doc.spans.at("/rules/0/a~1b/2").value == text.find("-3"));
    CHECK(doc.spans.at("/rules/0").key == gate::detail::kNoOffset);
  }

  TEST_CASE("a duplicate member is reported and the first one kept") {
    const gate::detail::JsoncDocument doc = gate::detail::parse_jsonc(R"({"a": 1, "a": 2})");
    REQUIRE_FALSE(doc.fatal.has_value());
    CHECK(doc.value["a"] == 1);
    REQUIRE(doc.problems.size() == 1);
    CHECK(doc.problems[0].kind == "duplicate-key");
    CHECK(doc.problems[0].offset == 9);
    CHECK(doc.problems[0].pointer == "/a");
  }

  TEST_CASE("syntax errors say what and where") {
    struct Case {
      const char* text;
      const char* message;
      std::size_t offset;
    };
    const Case cases[] = {
        {"", "the document is empty", 0},
        {"{\"a\": 1,}", "trailing comma before '}'", 8},
        {"[1, 2,]", "trailing comma before ']'", 6},
        {"{\"a\" 1}", "unexpected '1'; expected ':' after the member name", 5},
        {"{\"a\": tru}", "invalid literal 'tru'", 6},
        {"{\"a\": 01}", "invalid number: leading zero", 6},
        {"{\"a\": \"x\n\"}", "unterminated string", 6},
        {"{\"a\": \"\\q\"}", "invalid escape '\\q' in a string", 7},
        {"{\"a\": \"\\ud800\"}", "unpaired UTF-16 surrogate in a \\u escape", 7},
        {"{} {}", "unexpected '{' after the end of the document", 3},
        {"{\"a\": [1 2]}", "unexpected '2'; expected ',' or ']' after an array element", 9},
        {"{'a': 1}", "unexpected '''; expected a member name in double quotes", 1},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      const gate::detail::JsoncDocument doc = gate::detail::parse_jsonc(c.text);
      REQUIRE(doc.fatal.has_value());
      CHECK(doc.fatal->kind == "syntax");
      CHECK(doc.fatal->message == c.message);
      CHECK(doc.fatal->offset == c.offset);
    }
  }

  TEST_CASE("encoding and depth limits") {
    CHECK(gate::detail::parse_jsonc(std::string("\xFF\xFE{\0}\0", 6)).fatal->kind == "encoding");
    CHECK(gate::detail::parse_jsonc("{\"a\": \"\xC3\x28\"}").fatal->kind == "encoding");
    CHECK(gate::detail::parse_jsonc("[[[[1]]]]", 3).fatal->kind == "too-deep");
    CHECK_FALSE(gate::detail::parse_jsonc("[[[1]]]", 3).fatal.has_value());
    CHECK(gate::detail::parse_jsonc("\xEF\xBB\xBF{\"a\": \"\\u00e9\"}").value["a"] == "\xC3\xA9");
  }
}

TEST_SUITE("jsonc") {
  TEST_CASE("the line index turns offsets into line and column") {
    const gate::detail::LineIndex lines("ab\ncd\n\nef");
    CHECK(lines.position(0) == std::make_pair<std::size_t, std::size_t>(1, 1));
    CHECK(lines.position(2) == std::make_pair<std::size_t, std::size_t>(1, 3));
    CHECK(lines.position(3) == std::make_pair<std::size_t, std::size_t>(2, 1));
    CHECK(lines.position(6) == std::make_pair<std::size_t, std::size_t>(3, 1));
    CHECK(lines.position(8) == std::make_pair<std::size_t, std::size_t>(4, 2));
    CHECK(lines.position(99) == std::make_pair<std::size_t, std::size_t>(4, 3));
  }
}
