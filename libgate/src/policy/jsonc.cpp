// Comment stripping and a small recursive-descent JSON parser that records offsets.
#include "policy/jsonc.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <system_error>

#include <fmt/format.h>

#include "plan/syntax_locator.h"
#include "util/text_position.h"

namespace gate::detail {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  starts_.push_back(0);
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    starts_.push_back(i + 1);
  }
}

std::pair<std::size_t, std::size_t> LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, size_);
  const auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::size_t>(next - starts_.begin());
  return {line, offset - starts_[line - 1] + 1};
}

std::string strip_json_comments(std::string_view text, std::optional<std::size_t>& unterminated) {
  std::string out(text);
  unterminated.reset();
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '"') {
      // Skip the string literal; an unterminated one is left for the parser to report.
      ++i;
      while (i < n && text[i] != '"' && text[i] != '\n') {
        i += text[i] == '\\' ? 2 : 1;
      }
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') {
        out[i++] = ' ';
      }
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      const std::size_t start = i;
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? n : end + 2;
      for (; i < stop; ++i) {
        if (out[i] != '\n' && out[i] != '\r') {
          out[i] = ' ';
        }
      }
      if (end == std::string_view::npos) {
        unterminated = start;
        return out;
      }
      continue;
    }
    ++i;
  }
  return out;
}

namespace {

// One pass over stripped text. Stops at the first syntax error (recorded in doc.fatal).
class Parser {
 public:
  Parser(std::string_view text, std::size_t max_depth, JsoncDocument& doc)
      : text_(text), max_depth_(max_depth), doc_(doc) {}

  void parse() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      pos_ = 3;
    }
    skip_space();
    if (pos_ >= text_.size()) {
      fail("the document is empty", pos_);
      return;
    }
    if (!value(doc_.value, "", 0)) {
      return;
    }
    skip_space();
    if (pos_ < text_.size()) {
      fail(fmt::format("unexpected {} after the end of the document", describe(pos_)), pos_);
    }
  }

 private:
  bool fail(std::string message, std::size_t offset, std::string kind = "syntax") {
    doc_.fatal = JsoncProblem{std::move(kind), std::move(message), offset, {}};
    return false;
  }

  std::string describe(std::size_t at) const {
    if (at >= text_.size()) {
      return "end of input";
    }
    const auto c = static_cast<unsigned char>(text_[at]);
    if (c >= 0x20 && c < 0x7f) {
      return fmt::format("'{}'", static_cast<char>(c));
    }
    return fmt::format("byte 0x{:02x}", c);
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      ++pos_;
    }
  }

  bool value(nlohmann::json& out, const std::string& ptr, std::size_t depth) {
    skip_space();
    doc_.spans[ptr].value = pos_;
    if (pos_ >= text_.size()) {
      return fail("unexpected end of input; expected a value", pos_);
    }
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= max_depth_) {
        return fail(fmt::format("nested deeper than {} levels", max_depth_), pos_, "too-deep");
      }
      return c == '{' ? object(out, ptr, depth + 1) : array(out, ptr, depth + 1);
    }
    if (c == '"') {
      std::string s;
      if (!string(s)) {
        return false;
      }
      out = std::move(s);
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number(out);
    }
    return literal(out);
  }

  bool object(nlohmann::json& out, const std::string& ptr, std::size_t depth) {
    out = nlohmann::json::object();
    ++pos_;  // '{'
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        if (pos_ < text_.size() && text_[pos_] == '}') {
          return fail("trailing comma before '}'", pos_);
        }
        return fail(fmt::format("unexpected {}; expected a member name in double quotes",
                                describe(pos_)),
                    pos_);
      }
      const std::size_t key_at = pos_;
      std::string key;
      if (!string(key)) {
        return false;
      }
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        return fail(fmt::format("unexpected {}; expected ':' after the member name",
                                describe(pos_)),
                    pos_);
      }
      ++pos_;
      std::string child = ptr;
      append_pointer_token(child, key);
      if (out.contains(key)) {
        doc_.problems.push_back(JsoncProblem{
            "duplicate-key", fmt::format("member \"{}\" appears more than once", key), key_at,
            child});
        nlohmann::json ignored;
        const JsonSpan kept = doc_.spans[child];
        if (!value(ignored, child, depth)) {
          return false;
        }
        doc_.spans[child] = kept;
      } else {
        if (!value(out[key], child, depth)) {
          return false;
        }
        doc_.spans[child].key = key_at;
      }
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail(fmt::format("unexpected {}; expected ',' or '}}' after an object member",
                              describe(pos_)),
                  pos_);
    }
  }

  bool array(nlohmann::json& out, const std::string& ptr, std::size_t depth) {
    out = nlohmann::json::array();
    ++pos_;  // '['
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (std::size_t index = 0;; ++index) {
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        return fail("trailing comma before ']'", pos_);
      }
      nlohmann::json element;
      if (!value(element, ptr + '/' + std::to_string(index), depth)) {
        return false;
      }
      out.push_back(std::move(element));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail(fmt::format("unexpected {}; expected ',' or ']' after an array element",
                              describe(pos_)),
                  pos_);
    }
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(std::size_t at, std::uint32_t& out) const {
    if (at + 4 > text_.size()) {
      return false;
    }
    out = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const char c = text_[i];
      out <<= 4;
      if (c >= '0' && c <= '9') {
        out |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        out |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        out |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  bool string(std::string& out) {
    const std::size_t start = pos_;
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        return fail("unterminated string", start);
      }
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail(c == '\n' ? std::string("unterminated string")
                              : fmt::format("control character 0x{:02x} in a string; write it as "
                                            "an escape",
                                            static_cast<unsigned>(c)),
                    c == '\n' ? start : pos_);
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      const std::size_t escape_at = pos_;
      if (pos_ + 1 >= text_.size()) {
        return fail("unterminated string", start);
      }
      const char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(pos_, cp)) {
            return fail("invalid \\u escape; expected four hex digits", escape_at);
          }
          pos_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u' &&
                hex4(pos_ + 2, low) && low >= 0xDC00 && low <= 0xDFFF) {
              pos_ += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              return fail("unpaired UTF-16 surrogate in a \\u escape", escape_at);
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired UTF-16 surrogate in a \\u escape", escape_at);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(fmt::format("invalid escape '\\{}' in a string", e), escape_at);
      }
    }
  }

  bool number(nlohmann::json& out) {
    const std::size_t start = pos_;
    std::size_t i = pos_;
    const auto digit = [&](std::size_t k) {
      return k < text_.size() && text_[k] >= '0' && text_[k] <= '9';
    };
    if (text_[i] == '-') {
      ++i;
    }
    if (!digit(i)) {
      return fail("invalid number", start);
    }
    if (text_[i] == '0') {
      ++i;
      if (digit(i)) {
        return fail("invalid number: leading zero", start);
      }
    } else {
      while (digit(i)) {
        ++i;
      }
    }
    bool integral = true;
    if (i < text_.size() && text_[i] == '.') {
      integral = false;
      ++i;
      if (!digit(i)) {
        return fail("invalid number: expected a digit after '.'", start);
      }
      while (digit(i)) {
        ++i;
      }
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      integral = false;
      ++i;
      if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) {
        ++i;
      }
      if (!digit(i)) {
        return fail("invalid number: expected a digit in the exponent", start);
      }
      while (digit(i)) {
        ++i;
      }
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + i;
    pos_ = i;
    if (integral) {
      std::int64_t v = 0;
      if (std::from_chars(first, last, v).ec == std::errc()) {
        out = v;
        return true;
      }
      std::uint64_t u = 0;
      if (*first != '-' && std::from_chars(first, last, u).ec == std::errc()) {
        out = u;
        return true;
      }
    }
    double d = 0;
    const auto result = std::from_chars(first, last, d);
    if (result.ec != std::errc()) {
      return fail("number out of range", start);
    }
    out = d;
    return true;
  }

  bool literal(nlohmann::json& out) {
    const std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && ((text_[end] >= 'a' && text_[end] <= 'z') ||
                                  (text_[end] >= 'A' && text_[end] <= 'Z'))) {
      ++end;
    }
    const std::string_view word = text_.substr(start, end - start);
    if (word == "true") {
      out = true;
    } else if (word == "false") {
      out = false;
    } else if (word == "null") {
      out = nullptr;
    } else if (word.empty()) {
      return fail(fmt::format("unexpected {}; expected a value", describe(start)), start);
    } else {
      return fail(fmt::format("invalid literal '{}'", excerpt(word, 20)), start);
    }
    pos_ = end;
    return true;
  }

  std::string_view text_;
  std::size_t max_depth_;
  JsoncDocument& doc_;
  std::size_t pos_ = 0;
};

}  // namespace

JsoncDocument parse_jsonc(std::string_view text, std::size_t max_depth) {
  JsoncDocument doc;
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                           (text[0] == '\xFE' && text[1] == '\xFF') ||
                           (text[0] == '\0' || text[1] == '\0'))) {
    doc.fatal = JsoncProblem{"encoding", "the file is UTF-16 or UTF-32 text; save it as UTF-8", 0,
                             {}};
    return doc;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    doc.fatal = JsoncProblem{"encoding", "the file is not valid UTF-8", *bad, {}};
    return doc;
  }
  std::optional<std::size_t> unterminated;
  const std::string stripped = strip_json_comments(text, unterminated);
  if (unterminated) {
    doc.fatal = JsoncProblem{"syntax", "unterminated /* comment", *unterminated, {}};
    return doc;
  }
  Parser(stripped, max_depth, doc).parse();
  return doc;
}

}  // namespace gate::detail
