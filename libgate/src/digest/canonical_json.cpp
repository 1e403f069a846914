// RFC 8785 canonical JSON, from nlohmann values and from JSON text (via the simdjson DOM,
// which keeps integers exact so that precision loss is detected rather than hidden).
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "digest/canonical_writer.h"
#include "gate/canonical_json.h"
#include "plan/syntax_locator.h"
#include "util/text_position.h"

namespace gate {
namespace detail {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// Decodes the code point of valid UTF-8 starting at s[i]; returns -1 at the end.
long decode_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) {
    return -1;
  }
  const auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  long cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  }
  return cp;
}

// First UTF-16 code unit of a code point.
long first_unit(long cp) { return cp >= 0x10000 ? 0xD800 + ((cp - 0x10000) >> 10) : cp; }

std::string number_error_message(std::string_view what) {
  return fmt::format("{} cannot be held exactly by an IEEE-754 double, so canonical JSON would "
                     "change it",
                     what);
}

}  // namespace

void append_canonical_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

bool utf16_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < n && a[i] == b[i]) {
    ++i;
  }
  if (i == n) {
    return a.size() < b.size();
  }
  // Back up to the start of the code point that differs (both share the bytes before it).
  while (i > 0 && (static_cast<unsigned char>(a[i]) & 0xC0) == 0x80) {
    --i;
  }
  const long ca = decode_at(a, i);
  const long cb = decode_at(b, i);
  const long ua = first_unit(ca);
  const long ub = first_unit(cb);
  return ua != ub ? ua < ub : ca < cb;
}

// An integer is written as its double is; when that text is not the integer itself (beyond
// 2^53, e.g. 9007199254740993 -> 9007199254740992, or 40503599627370496 -> 40503599627370500),
// canonicalisation would change the number, so it is refused.
std::optional<std::string> canonical_integer(std::int64_t value) {
  std::string text = format_es_number(static_cast<double>(value));
  if (text != std::to_string(value)) {
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> canonical_unsigned(std::uint64_t value) {
  std::string text = format_es_number(static_cast<double>(value));
  if (text != std::to_string(value)) {
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> canonical_double(double value) {
  if (!std::isfinite(value)) {
    return std::nullopt;
  }
  return format_es_number(value);
}

namespace {

// Writes a simdjson DOM element canonically, flushing to the sink as the text grows.
class DomWriter {
 public:
  DomWriter(const CanonicalSink& sink, std::string_view skip_member)
      : sink_(sink), skip_(skip_member) {}

  std::optional<Diagnostic> write(simdjson::dom::element e, bool top) {
    using simdjson::dom::element_type;
    switch (e.type()) {
      case element_type::OBJECT: {
        std::vector<std::pair<std::string_view, simdjson::dom::element>> members;
        const simdjson::dom::object object = e.get_object().value_unsafe();
        for (auto field : object) {
          if (top && !skip_.empty() && field.key == skip_) {
            continue;
          }
          members.emplace_back(field.key, field.value);
        }
        std::sort(members.begin(), members.end(),
                  [](const auto& x, const auto& y) { return utf16_less(x.first, y.first); });
        out_ += '{';
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (i > 0) {
            if (members[i].first == members[i - 1].first) {
              return make_diagnostic(
                  "digest.duplicate-key",
                  fmt::format("member \"{}\" appears twice in one object; canonical JSON needs "
                              "unique names",
                              excerpt(members[i].first)));
            }
            out_ += ',';
          }
          append_canonical_string(out_, members[i].first);
          out_ += ':';
          if (auto err = write(members[i].second, false)) {
            prefix_pointer(*err, members[i].first);
            return err;
          }
        }
        out_ += '}';
        break;
      }
      case element_type::ARRAY: {
        out_ += '[';
        std::size_t index = 0;
        const simdjson::dom::array array = e.get_array().value_unsafe();
        for (auto item : array) {
          if (index > 0) {
            out_ += ',';
          }
          if (auto err = write(item, false)) {
            prefix_pointer(*err, std::to_string(index));
            return err;
          }
          ++index;
        }
        out_ += ']';
        break;
      }
      case element_type::STRING:
        append_canonical_string(out_, e.get_string().value_unsafe());
        break;
      case element_type::INT64: {
        const auto v = e.get_int64().value_unsafe();
        auto text = canonical_integer(v);
        if (!text) {
          return make_diagnostic("digest.number",
                                 number_error_message(fmt::format("the integer {}", v)));
        }
        out_ += *text;
        break;
      }
      case element_type::UINT64: {
        const auto v = e.get_uint64().value_unsafe();
        auto text = canonical_unsigned(v);
        if (!text) {
          return make_diagnostic("digest.number",
                                 number_error_message(fmt::format("the integer {}", v)));
        }
        out_ += *text;
        break;
      }
      case element_type::DOUBLE:
        out_ += format_es_number(e.get_double().value_unsafe());
        break;
      case element_type::BOOL:
        out_ += e.get_bool().value_unsafe() ? "true" : "false";
        break;
      case element_type::NULL_VALUE:
        out_ += "null";
        break;
    }
    if (out_.size() >= kFlushBytes) {
      flush();
    }
    return std::nullopt;
  }

  void flush() {
    sink_(out_);
    out_.clear();
  }

  // Errors are built at the offending value; each level on the way up adds its token.
  static void prefix_pointer(Diagnostic& d, std::string_view token) {
    std::string p;
    append_pointer_token(p, token);
    d.location.json_pointer = p + d.location.json_pointer;
  }

 private:
  const CanonicalSink& sink_;
  std::string_view skip_;
  std::string out_;
};

// Writes an nlohmann value canonically into a string.
std::optional<Diagnostic> write_json(const nlohmann::json& v, std::string& out, int depth) {
  if (depth > 1000) {
    return make_diagnostic("digest.too-deep", "the value is nested deeper than 1000 levels");
  }
  switch (v.type()) {
    case nlohmann::json::value_t::object: {
      std::vector<const std::string*> keys;
      keys.reserve(v.size());
      for (const auto& item : v.items()) {
        keys.push_back(&item.key());
      }
      std::sort(keys.begin(), keys.end(),
                [](const std::string* a, const std::string* b) { return utf16_less(*a, *b); });
      out += '{';
      bool first = true;
      for (const std::string* key : keys) {
        if (!first) {
          out += ',';
        }
        first = false;
        append_canonical_string(out, *key);
        out += ':';
        if (auto err = write_json(v.at(*key), out, depth + 1)) {
          return err;
        }
      }
      out += '}';
      return std::nullopt;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) {
          out += ',';
        }
        first = false;
        if (auto err = write_json(item, out, depth + 1)) {
          return err;
        }
      }
      out += ']';
      return std::nullopt;
    }
    case nlohmann::json::value_t::string:
      append_canonical_string(out, v.get_ref<const std::string&>());
      return std::nullopt;
    case nlohmann::json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return std::nullopt;
    case nlohmann::json::value_t::number_integer: {
      const auto n = v.get<std::int64_t>();
      auto text = canonical_integer(n);
      if (!text) {
        return make_diagnostic("digest.number", number_error_message(fmt::format("the integer {}", n)));
      }
      out += *text;
      return std::nullopt;
    }
    case nlohmann::json::value_t::number_unsigned: {
      const auto n = v.get<std::uint64_t>();
      auto text = canonical_unsigned(n);
      if (!text) {
        return make_diagnostic("digest.number", number_error_message(fmt::format("the integer {}", n)));
      }
      out += *text;
      return std::nullopt;
    }
    case nlohmann::json::value_t::number_float: {
      auto text = canonical_double(v.get<double>());
      if (!text) {
        return make_diagnostic("digest.number", "NaN and infinities have no JSON form");
      }
      out += *text;
      return std::nullopt;
    }
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      out += "null";
      return std::nullopt;
    case nlohmann::json::value_t::binary:
      return make_diagnostic("digest.unsupported", "binary values have no JSON form");
  }
  return std::nullopt;
}

}  // namespace

std::optional<Diagnostic> write_canonical_text(std::string_view text, bool padded,
                                               std::string_view skip_member,
                                               std::string_view code_prefix,
                                               std::size_t max_depth, const CanonicalSink& sink) {
  simdjson::dom::parser parser;
  if (parser.allocate(text.size(), max_depth) != simdjson::SUCCESS) {
    throw std::bad_alloc();
  }
  simdjson::dom::element root;
  const auto error = padded ? parser.parse(text.data(), text.size(), false).get(root)
                            : parser.parse(text.data(), text.size(), true).get(root);
  if (error) {
    Diagnostic d;
    if (error == simdjson::NUMBER_ERROR || error == simdjson::NUMBER_OUT_OF_RANGE) {
      d.code = "digest.number";
      d.message = number_error_message("a number");
      return d;
    }
    const auto syntax = find_syntax_error(text, max_depth);
    if (error == simdjson::DEPTH_ERROR || (syntax && syntax->too_deep)) {
      d.code = std::string(code_prefix) + ".too-deep";
      d.message = fmt::format("nested deeper than {} levels", max_depth);
      return d;
    }
    d.code = std::string(code_prefix) + ".syntax";
    d.message = syntax ? syntax->message : simdjson::error_message(error);
    if (syntax) {
      const auto pos = position_of(text, syntax->offset);
      d.location.line = pos.line;
      d.location.column = pos.column;
    }
    return d;
  }
  DomWriter writer(sink, skip_member);
  if (auto err = writer.write(root, true)) {
    return err;
  }
  writer.flush();
  return std::nullopt;
}

}  // namespace detail

std::string format_es_number(double value) {
  if (value == 0) {
    return "0";
  }
  std::string out;
  if (value < 0) {
    out = "-";
    value = -value;
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view s(buf, static_cast<std::size_t>(result.ptr - buf));
  const auto epos = s.find('e');
  std::string digits(1, s[0]);
  if (s.size() > 1 && s[1] == '.') {
    digits += s.substr(2, epos - 2);
  }
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
  }
  const int exponent = std::atoi(std::string(s.substr(epos + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits * 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

Expected<std::string> canonical_json(const nlohmann::json& value) {
  std::string out;
  if (auto err = detail::write_json(value, out, 0)) {
    return Unexpected{std::move(*err)};
  }
  return out;
}

Expected<std::string> canonical_json_text(std::string_view text) {
  std::string out;
  const detail::CanonicalSink sink = [&out](std::string_view piece) { out += piece; };
  if (auto err = detail::write_canonical_text(text, false, {}, "json", 256, sink)) {
    return Unexpected{std::move(*err)};
  }
  return out;
}

}  // namespace gate
