// RFC 8785 canonical JSON: the RFC's number and string vectors, member ordering by UTF-16
// code units, and refusal of numbers a double cannot hold.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>

#include "digest/canonical_writer.h"
#include "fixtures.h"
#include "gate/canonical_json.h"

namespace {

double from_bits(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

}  // namespace

TEST_SUITE("canonical_json") {
  TEST_CASE("formats numbers as RFC 8785 Appendix B lists them") {
    const std::pair<std::uint64_t, const char*> vectors[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& [bits, want] : vectors) {
      CAPTURE(want);
      CHECK(gate::format_es_number(from_bits(bits)) == want);
    }
  }

  TEST_CASE("canonicalises the RFC 8785 example document") {
    const char* input = R"({
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    })";
    const std::string want =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    auto from_text = gate::canonical_json_text(input);
    REQUIRE(from_text.has_value());
    CHECK(*from_text == want);
    auto from_value = gate::canonical_json(nlohmann::json::parse(input));
    REQUIRE(from_value.has_value());
    CHECK(*from_value == want);
  }

  TEST_CASE("sorts member names by UTF-16 code units, as in RFC 8785 section 3.2.3") {
    const char* input = R"({"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7})";
    const std::string want =
        "{\"\\r\":2,\"1\":4,\"\xC2\x80\":6,\"\xC3\xB6\":7,\"\xE2\x82\xAC\":1,"
        "\"\xF0\x9F\x98\x80\":5,\"\xEF\xAC\xB3\":3}";
    CHECK(gate::canonical_json_text(input).value() == want);
    CHECK(gate::canonical_json(nlohmann::json::parse(input)).value() == want);
    CHECK(gate::detail::utf16_less("\xF0\x9F\x98\x80", "\xEF\xAC\xB3"));
    CHECK_FALSE(gate::detail::utf16_less("\xEF\xAC\xB3", "\xF0\x9F\x98\x80"));
    CHECK(gate::detail::utf16_less("a", "ab"));
  }

  TEST_CASE("escapes control characters in lower-case hex and leaves the rest as UTF-8") {
    CHECK(gate::canonical_json(nlohmann::json("\x01<>&\x7f\xC3\xA9")).value() ==
          "\"\\u0001<>&\x7f\xC3\xA9\"");
    CHECK(gate::canonical_json_text(R"("\u003c\u0026\b\f\t")").value() == "\"<&\\b\\f\\t\"");
  }

  TEST_CASE("writes integers exactly and refuses those a double cannot hold") {
    CHECK(gate::canonical_json_text("[9007199254740992, -9007199254740992, 18014398509481984]")
              .value() == "[9007199254740992,-9007199254740992,18014398509481984]");
    auto unsafe = gate::canonical_json_text("[9007199254740993]");
    REQUIRE_FALSE(unsafe.has_value());
    CHECK(unsafe.error().front().code == "digest.number");
    CHECK(unsafe.error().front().location.json_pointer == "/0");
    auto unsafe_value = gate::canonical_json(nlohmann::json(std::uint64_t{18446744073709551615u}));
    REQUIRE_FALSE(unsafe_value.has_value());
    CHECK(unsafe_value.error().front().code == "digest.number");
    CHECK_FALSE(gate::canonical_json(nlohmann::json(std::nan(""))).has_value());
  }

  TEST_CASE("integers of more than 64 bits are refused, as the digest cannot hold them exactly") {
    auto big = gate::canonical_json_text("[80000100488232240000]");
    REQUIRE_FALSE(big.has_value());
    CHECK(big.error().front().code == "digest.number");
  }

  TEST_CASE("refuses integers whose canonical form would be another number") {
    // 2^55 + 8 is a double, but ECMAScript writes it with trailing zeros: a different integer.
    CHECK_FALSE(gate::canonical_json_text("40503599627370496").has_value());
    CHECK(gate::canonical_json_text("40503599627370500").value() == "40503599627370500");
    CHECK_FALSE(gate::canonical_json(nlohmann::json(std::int64_t{40503599627370496})).has_value());
  }

  TEST_CASE("inputs found by fuzzing: canonical output is canonical again, or refused") {
    namespace fs = std::filesystem;
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(gate::test::fixture("fuzz/canonical_json"))) {
      CAPTURE(entry.path().filename().string());
      auto canonical = gate::canonical_json_text(gate::test::read_file(entry.path().string()));
      if (canonical) {
        auto again = gate::canonical_json_text(*canonical);
        if (again) {
          CHECK(*again == *canonical);
        } else {
          CHECK(again.error().front().code == "digest.number");
        }
      }
      ++n;
    }
    CHECK(n >= 1);
  }

  TEST_CASE("refuses duplicate member names and bad JSON text") {
    auto dup = gate::canonical_json_text(R"({"a":1,"b":{"c":1,"c":2}})");
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error().front().code == "digest.duplicate-key");
    CHECK(dup.error().front().location.json_pointer == "/b");
    auto bad = gate::canonical_json_text("{\"a\":\n tru}");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().front().code == "json.syntax");
    CHECK(bad.error().front().location.line == 2);
  }
}
