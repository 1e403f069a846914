// JSON with comments, as policy and policy-test files are written: `//` and `/* */` comments
// are blanked out byte for byte (so every offset, line and column stays right), then the text is
// parsed into nlohmann::json while the byte offset of every value and member name is recorded
// by JSON pointer, for located diagnostics. Duplicate member names are reported, not dropped
// silently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace gate::detail {

inline constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

/// Where one value sits in the text: the offset of its member name (kNoOffset for array
/// elements and the root) and of its first byte.
struct JsonSpan {
  std::size_t key = kNoOffset;
  std::size_t value = 0;
};

/// A problem in the text. `kind` is the last part of a diagnostic code: "syntax", "encoding",
/// "too-deep" or "duplicate-key".
struct JsoncProblem {
  std::string kind;
  std::string message;
  std::size_t offset = 0;
  std::string pointer;
};

/// The parsed document. When `fatal` is set the value is unusable; `problems` lists the
/// problems that did not stop parsing (duplicate member names: the first one is kept).
struct JsoncDocument {
  nlohmann::json value;
  std::unordered_map<std::string, JsonSpan> spans;
  std::vector<JsoncProblem> problems;
  std::optional<JsoncProblem> fatal;
};

/// Line starts of a text, for turning many byte offsets into line:column quickly.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// 1-based line and column (in bytes) of `offset`; offsets past the end are clamped.
  std::pair<std::size_t, std::size_t> position(std::size_t offset) const;

 private:
  std::size_t size_;
  std::vector<std::size_t> starts_;  // offset of the first byte of each line
};

/// Replaces every comment outside string literals by spaces, keeping line breaks, so the result
/// has the same length and line structure. Sets `unterminated` to the offset of a block comment
/// that never ends.
std::string strip_json_comments(std::string_view text, std::optional<std::size_t>& unterminated);

/// Strips comments and parses. A UTF-8 byte-order mark is skipped; UTF-16/32 text and invalid
/// UTF-8 are "encoding" problems; nesting deeper than `max_depth` is "too-deep".
JsoncDocument parse_jsonc(std::string_view text, std::size_t max_depth = 64);

}  // namespace gate::detail
