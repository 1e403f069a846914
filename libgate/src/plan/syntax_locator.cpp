// Exact JSON syntax checking on the error path, using nlohmann's SAX parser.
#include "plan/syntax_locator.h"

#include <nlohmann/json.hpp>

namespace gate::detail {
namespace {

// Accepts every event, tracks depth, and keeps the first parse error.
class ErrorFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit ErrorFinder(std::size_t max_depth) : max_depth_(max_depth) {}
  std::optional<SyntaxError> error;
  std::size_t offset = 0;

  bool null() override { return true; }
  bool boolean(bool /*val*/) override { return true; }
  bool number_integer(number_integer_t /*val*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return true; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return true; }
  bool string(string_t& /*val*/) override { return true; }
  bool binary(binary_t& /*val*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return descend(); }
  bool key(string_t& /*val*/) override { return true; }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*elements*/) override { return descend(); }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    SyntaxError e;
    e.offset = position > 0 ? position - 1 : 0;
    if (ex.id == 406 && position >= last_token.size()) {
      e.offset = position - last_token.size();  // the number's first byte, not its last
    }
    // A number past the range of a double (e.g. 1e400) is reported by the parser as an
    // out-of-range exception; say it in this project's words.
    e.message = ex.id == 406 ? "the number " + last_token + " is out of the range of a double"
                             : clean(ex.what(), last_token);
    error = std::move(e);
    return false;
  }

 private:
  bool descend() {
    if (++depth_ > max_depth_) {
      SyntaxError e;
      e.too_deep = true;
      e.message = "nested deeper than " + std::to_string(max_depth_) + " levels";
      error = std::move(e);
      return false;
    }
    return true;
  }

  // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
  // parsing value - invalid literal; last read: 'tru'" -> "invalid literal; last read: 'tru'"
  static std::string clean(const std::string& what, const std::string& /*last_token*/) {
    std::string msg = what;
    if (msg.rfind("[json.exception.", 0) == 0 && msg.find("] ") != std::string::npos) {
      msg = msg.substr(msg.find("] ") + 2);
    }
    const auto dash = msg.find(" - ");
    if (dash != std::string::npos) {
      msg = msg.substr(dash + 3);
    } else {
      const auto colon = msg.find(": ");
      if (colon != std::string::npos) {
        msg = msg.substr(colon + 2);
      }
    }
    return msg;
  }

  std::size_t max_depth_;
  std::size_t depth_ = 0;
};

}  // namespace

std::optional<SyntaxError> find_syntax_error(std::string_view text, std::size_t max_depth) {
  ErrorFinder finder(max_depth);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &finder,
                                            nlohmann::json::input_format_t::json, true);
  if (ok) {
    return std::nullopt;
  }
  if (finder.error) {
    return finder.error;
  }
  SyntaxError e;
  e.message = "not valid JSON";
  return e;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > n) {
      return i;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

namespace {

// UTF-8 bytes a \uXXXX escape decodes to; a high surrogate counts for the whole pair.
std::size_t escaped_code_unit_bytes(std::string_view hex) {
  unsigned unit = 0;
  for (const char c : hex) {
    unit <<= 4;
    unit |= static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  if (unit < 0x80) {
    return 1;
  }
  if (unit < 0x800) {
    return 2;
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    return 4;
  }
  return unit >= 0xDC00 && unit <= 0xDFFF ? 0 : 3;
}

}  // namespace

std::optional<LongString> find_long_string(std::string_view text, std::size_t max_bytes) {
  std::size_t i = 0;
  while ((i = text.find('"', i)) != std::string_view::npos) {
    const std::size_t open = i++;
    std::size_t decoded = 0;
    while (i < text.size() && text[i] != '"') {
      if (text[i] != '\\') {
        ++decoded;
        ++i;
      } else if (i + 1 < text.size() && text[i + 1] == 'u' && i + 6 <= text.size()) {
        decoded += escaped_code_unit_bytes(text.substr(i + 2, 4));
        i += 6;
      } else {
        ++decoded;
        i += 2;
      }
    }
    if (decoded > max_bytes) {
      return LongString{open, decoded};
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace gate::detail
