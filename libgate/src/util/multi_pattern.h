// Finding many literal strings in one pass over a text (Aho-Corasick automaton): where the
// registered patterns occur, overlapping occurrences included. Used to mask sensitive values
// in rendered output, where a plan may mark thousands of values and the text is megabytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gate::detail {

/// A set of byte-string patterns, searched for together: add() them, prepare(), then search.
/// Searching is const and may run on several threads at once.
class MultiPattern {
 public:
  /// One occurrence: text[begin, end) equals a pattern (or, for patterns added with a trim,
  /// the inner part of one).
  struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;
  };

  MultiPattern();

  /// Adds `pattern` (ignored when empty). An occurrence is reported without its first
  /// `trim_front` and last `trim_back` bytes (to match a quoted value but cover its content).
  void add(std::string_view pattern, std::size_t trim_front = 0, std::size_t trim_back = 0);

  /// Builds the failure links; call after the last add() and before searching.
  void prepare();

  /// True when no pattern was added.
  bool empty() const { return patterns_.empty(); }

  /// Every occurrence in `text`, as ranges merged where they overlap or touch, in order.
  std::vector<Match> find_all(std::string_view text) const;

  /// True when any pattern occurs in `text`.
  bool contains(std::string_view text) const;

 private:
  struct Pattern {
    std::size_t length = 0;
    std::size_t trim_front = 0;
    std::size_t trim_back = 0;
  };
  struct Node {
    std::vector<std::pair<unsigned char, std::uint32_t>> next;  // sorted by byte
    std::uint32_t fail = 0;
    std::uint32_t output = 0;      // first node on the fail chain that ends patterns (0: none)
    std::vector<std::uint32_t> ends;  // patterns ending here
  };

  std::uint32_t child(std::uint32_t node, unsigned char byte) const;
  std::uint32_t step(std::uint32_t node, unsigned char byte) const;

  std::vector<Pattern> patterns_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> root_next_;  // dense transitions of the root, set by prepare()
};

}  // namespace gate::detail
