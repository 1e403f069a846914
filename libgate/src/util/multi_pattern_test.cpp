// Tests of the multi-pattern matcher: every occurrence found, overlaps merged, trims applied,
// and agreement with a naive search on random texts.
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "util/multi_pattern.h"

namespace {

using gate::detail::MultiPattern;

std::vector<std::pair<std::size_t, std::size_t>> ranges(const MultiPattern& m,
                                                        std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& r : m.find_all(text)) {
    out.emplace_back(r.begin, r.end);
  }
  return out;
}

}  // namespace

TEST_CASE("multi-pattern: finds every pattern, merges overlaps, trims quotes") {
  MultiPattern m;
  m.add("he");
  m.add("she");
  m.add("hers");
  m.add("\"ab\"", 1, 1);
  m.add("");  // ignored
  m.prepare();
  CHECK(ranges(m, "ushers") == std::vector<std::pair<std::size_t, std::size_t>>{{1, 6}});
  CHECK(ranges(m, "he and she") ==
        std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}, {7, 10}});
  CHECK(ranges(m, "x \"ab\" abab") == std::vector<std::pair<std::size_t, std::size_t>>{{3, 5}});
  CHECK(ranges(m, "nothing here!").size() == 1);  // "he" in "here"
  CHECK_FALSE(m.contains("xyz"));
  CHECK(m.contains("ashe"));
}

TEST_CASE("multi-pattern: searching before prepare() is a bug, an empty set finds nothing") {
  MultiPattern m;
  CHECK(m.find_all("anything").empty());
  m.add("x");
  CHECK_THROWS_AS(m.contains("x"), std::logic_error);
}

TEST_CASE("multi-pattern: agrees with a naive search on random texts") {
  std::mt19937 rng(7);
  const auto random_string = [&rng](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      s += static_cast<char>('a' + std::uniform_int_distribution<int>(0, 2)(rng));
    }
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> patterns;
    MultiPattern m;
    for (int i = 0; i < 5; ++i) {
      patterns.push_back(random_string(1 + static_cast<std::size_t>(i % 4)));
      m.add(patterns.back());
    }
    m.prepare();
    const std::string text = random_string(40);
    std::vector<bool> covered(text.size(), false);
    for (const std::string& p : patterns) {
      for (auto at = text.find(p); at != std::string::npos; at = text.find(p, at + 1)) {
        for (std::size_t i = at; i < at + p.size(); ++i) {
          covered[i] = true;
        }
      }
    }
    std::vector<bool> found(text.size(), false);
    for (const auto& r : m.find_all(text)) {
      for (std::size_t i = r.begin; i < r.end; ++i) {
        found[i] = true;
      }
    }
    CAPTURE(text);
    CHECK(found == covered);
  }
}
