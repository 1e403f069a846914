// The streaming RFC 8785 canonicaliser: a quick pass finds the large containers, then one
// recursive pass writes the canonical text (see canonical_stream.h).
#include "digest/canonical_stream.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "gate/canonical_json.h"

namespace gate::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

#if defined(__SSE2__)
__m128i load16(const char* p) {
  __m128i v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
unsigned first_bit(int mask) { return static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask))); }
#endif

// The first byte in [p, end) that ends a run of plain string text: '"', '\' or a control
// character; `end` when there is none.
const char* find_string_stop(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i v = load16(p);
    const __m128i stops =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
    const int mask = _mm_movemask_epi8(stops);
    if (mask != 0) {
      return p + first_bit(mask);
    }
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20) {
      return p;
    }
  }
  return end;
}

// The first '"' or '\' in [p, end); `end` when there is none.
const char* find_quote_or_backslash(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    const __m128i v = load16(p);
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) {
      return p + first_bit(mask);
    }
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == '"' || *p == '\\') {
      return p;
    }
  }
  return end;
}

// The first '"', '{', '}', '[' or ']' in [p, end); `end` when there is none.
const char* find_structural(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i open_brace = _mm_set1_epi8('{');
  const __m128i close_brace = _mm_set1_epi8('}');
  const __m128i open_bracket = _mm_set1_epi8('[');
  const __m128i close_bracket = _mm_set1_epi8(']');
  while (end - p >= 16) {
    const __m128i v = load16(p);
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, open_brace)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, close_brace), _mm_cmpeq_epi8(v, open_bracket)),
                     _mm_cmpeq_epi8(v, close_bracket)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) {
      return p + first_bit(mask);
    }
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    const char c = *p;
    if (c == '"' || c == '{' || c == '}' || c == '[' || c == ']') {
      return p;
    }
  }
  return end;
}

// Skips the string whose opening quote is at `p`; returns the byte after its closing quote, or
// nullptr when the text ends first. Does not validate the string's contents.
const char* skip_string(const char* p, const char* end) {
  ++p;
  for (;;) {
    p = find_quote_or_backslash(p, end);
    if (p == end) {
      return nullptr;
    }
    if (*p == '"') {
      return p + 1;
    }
    if (end - p < 2) {
      return nullptr;
    }
    p += 2;
  }
}

// Where a container of the text starts and ends (offsets of its brackets).
struct Span {
  std::size_t open;
  std::size_t close;
};

// Finds every container of at least `min_bytes`, sorted by where it starts. False when the
// brackets do not balance or nest deeper than `max_depth`.
bool index_large_containers(std::string_view text, std::size_t min_bytes, std::size_t max_depth,
                            std::vector<Span>& out) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::vector<std::size_t> open;
  const char* p = begin;
  for (;;) {
    p = find_structural(p, end);
    if (p == end) {
      break;
    }
    switch (*p) {
      case '"':
        p = skip_string(p, end);
        if (p == nullptr) {
          return false;
        }
        continue;
      case '{':
      case '[':
        if (open.size() >= max_depth) {
          return false;
        }
        open.push_back(static_cast<std::size_t>(p - begin));
        break;
      default: {  // '}' or ']'
        if (open.empty()) {
          return false;
        }
        const std::size_t start = open.back();
        open.pop_back();
        if ((begin[start] == '{') != (*p == '}')) {
          return false;
        }
        const auto close = static_cast<std::size_t>(p - begin);
        if (close - start + 1 >= min_bytes) {
          out.push_back({start, close});
        }
        break;
      }
    }
    ++p;
  }
  if (!open.empty()) {
    return false;
  }
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.open < b.open; });
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The code unit of "\uXXXX" at p (p[0] == '\\'), or -1 when it is not one.
long unicode_escape(const char* p, const char* end) {
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u') {
    return -1;
  }
  long unit = 0;
  for (int i = 2; i < 6; ++i) {
    const int h = hex_value(p[i]);
    if (h < 0) {
      return -1;
    }
    unit = (unit << 4) | h;
  }
  return unit;
}

void append_utf8(std::string& out, long cp) {
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

// Decodes the canonical escapes (\" \\ \b \f \n \r \t \u00XX) of a member name written by
// Writer::string, for comparing names that hold them.
std::string unescape_canonical(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char e = s[++i];
    switch (e) {
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
      case 'u':
        if (i + 4 < s.size()) {
          out += static_cast<char>(hex_value(s[i + 3]) * 16 + hex_value(s[i + 4]));
          i += 4;
        }
        break;
      default:  // '"' and '\'
        out += e;
    }
  }
  return out;
}

// A member name as written to the output: the canonical string, quotes included.
struct Name {
  std::string_view text;
  bool escaped;  // holds a backslash escape
};

bool name_less(const Name& a, const Name& b) {
  const std::string_view x = a.text.substr(1, a.text.size() - 2);
  const std::string_view y = b.text.substr(1, b.text.size() - 2);
  if (a.escaped || b.escaped) {
    return utf16_less(unescape_canonical(x), unescape_canonical(y));
  }
  // UTF-8 byte order is code point order, which is UTF-16 order unless one of the characters
  // that differ is at U+E000 or above (lead byte 0xEE and up): only then is the long way needed.
  const std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) {
      const auto cx = static_cast<unsigned char>(x[i]);
      const auto cy = static_cast<unsigned char>(y[i]);
      return cx < 0xEE && cy < 0xEE ? cx < cy : utf16_less(x, y);
    }
  }
  return x.size() < y.size();
}

// The recursive pass. Every function reads the value at p_, appends its canonical form to out_
// and leaves p_ after it; false means "leave this text to the DOM writer".
class Writer {
 public:
  Writer(std::string_view text, const StreamOptions& options, std::vector<Span> large,
         const CanonicalSink& sink)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        options_(options),
        large_(std::move(large)),
        sink_(sink),
        members_(options.max_depth + 2) {}

  bool run() {
    skip_space();
    if (p_ == end_ || !value(0, true)) {
      return false;
    }
    skip_space();
    if (p_ != end_) {
      return false;
    }
    sink_(out_);
    return true;
  }

 private:
  // A member of a small object, as offsets into out_: its name from `begin` to `name_end`,
  // its value up to `end`.
  struct Member {
    std::size_t begin;
    std::size_t name_end;
    std::size_t end;
    bool escaped;
  };
  // A member of a large object: its canonical name and where its value is in the text.
  struct LargeMember {
    std::string name;
    bool escaped;
    const char* value;
    const char* value_end;
  };

  void skip_space() {
    while (p_ != end_ && is_space(*p_)) {
      ++p_;
    }
  }

  bool at(char c) const { return p_ != end_ && *p_ == c; }

  void flush_if_full() {
    if (small_objects_open_ == 0 && out_.size() >= options_.flush_bytes) {
      sink_(out_);
      out_.clear();
    }
  }

  bool value(std::size_t depth, bool top) {
    if (depth + 2 >= options_.max_depth) {
      return false;
    }
    switch (*p_) {
      case '{': {
        const Span* span = large_span();
        return span != nullptr ? large_object(depth, top, begin_ + span->close)
                               : small_object(depth, top);
      }
      case '[':
        return array(depth);
      case '"': {
        bool escaped = false;
        return string(escaped);
      }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  // The index entry of the container starting at p_, if it is large.
  const Span* large_span() const {
    const auto offset = static_cast<std::size_t>(p_ - begin_);
    const auto it = std::lower_bound(large_.begin(), large_.end(), offset,
                                     [](const Span& s, std::size_t o) { return s.open < o; });
    return it != large_.end() && it->open == offset ? &*it : nullptr;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    out_ += word;
    p_ += word.size();
    return true;
  }

  bool digits() {
    const char* start = p_;
    while (p_ != end_ && is_digit(*p_)) {
      ++p_;
    }
    return p_ != start;
  }

  bool number() {
    const char* const start = p_;
    const bool negative = at('-');
    if (negative) {
      ++p_;
    }
    if (at('0')) {
      ++p_;
    } else if (p_ == end_ || *p_ < '1' || *p_ > '9' || !digits()) {
      return false;
    }
    const char* const int_end = p_;
    bool integral = true;
    if (at('.')) {
      integral = false;
      ++p_;
      if (!digits()) {
        return false;
      }
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) {
        ++p_;
      }
      if (!digits()) {
        return false;
      }
    }
    if (!integral) {
      double d = 0;
      const auto [ptr, ec] = std::from_chars(start, p_, d);
      if (ec != std::errc{} || ptr != p_ || !std::isfinite(d)) {
        return false;
      }
      out_ += format_es_number(d);
      return true;
    }
    const char* const first_digit = negative ? start + 1 : start;
    const auto count = static_cast<std::size_t>(int_end - first_digit);
    if (count <= 15) {  // exact in a double, and written by ECMAScript as it is
      if (negative && count == 1 && *first_digit == '0') {
        out_ += '0';
      } else {
        out_.append(start, static_cast<std::size_t>(int_end - start));
      }
      return true;
    }
    std::uint64_t magnitude = 0;
    for (const char* d = first_digit; d != int_end; ++d) {
      const auto digit = static_cast<std::uint64_t>(*d - '0');
      if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        return false;
      }
      magnitude = magnitude * 10 + digit;
    }
    constexpr auto kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::optional<std::string> text;
    if (negative) {
      if (magnitude > kInt64Max) {
        return false;
      }
      text = canonical_integer(-static_cast<std::int64_t>(magnitude));
    } else {
      text = magnitude <= kInt64Max ? canonical_integer(static_cast<std::int64_t>(magnitude))
                                    : canonical_unsigned(magnitude);
    }
    if (!text) {
      return false;
    }
    out_ += *text;
    return true;
  }

  // Writes the string at p_ canonically; `escaped` says whether the output holds an escape.
  bool string(bool& escaped) {
    ++p_;
    out_ += '"';
    for (;;) {
      const char* stop = find_string_stop(p_, end_);
      out_.append(p_, static_cast<std::size_t>(stop - p_));
      p_ = stop;
      if (p_ == end_) {
        return false;
      }
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        out_ += '"';
        return true;
      }
      if (c != '\\' || end_ - p_ < 2) {
        return false;
      }
      const char e = p_[1];
      switch (e) {
        case '"':
        case '\\':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          out_ += '\\';
          out_ += e;
          escaped = true;
          p_ += 2;
          break;
        case '/':
          out_ += '/';
          p_ += 2;
          break;
        case 'u':
          if (!unicode(escaped)) {
            return false;
          }
          break;
        default:
          return false;
      }
    }
  }

  // Writes the code point of the \u escape (or surrogate pair) at p_.
  bool unicode(bool& escaped) {
    long cp = unicode_escape(p_, end_);
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
      return false;
    }
    p_ += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const long low = unicode_escape(p_, end_);
      if (low < 0xDC00 || low > 0xDFFF) {
        return false;
      }
      p_ += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (cp < 0x20 || cp == '"' || cp == '\\') {
      // One character, escaped the canonical way.
      const std::size_t before = out_.size();
      append_canonical_string(out_, std::string(1, static_cast<char>(cp)));
      out_.erase(before, 1);  // the opening quote
      out_.pop_back();        // the closing quote
      escaped = true;
    } else {
      append_utf8(out_, cp);
    }
    return true;
  }

  // True when the name just written from `begin` is the member to leave out.
  bool skipped(bool top, std::size_t begin) const {
    if (!top || options_.skip_member.empty()) {
      return false;
    }
    const std::string_view name(out_.data() + begin, out_.size() - begin);
    return name.size() == options_.skip_member.size() + 2 &&
           name.substr(1, name.size() - 2) == options_.skip_member;
  }

  bool array(std::size_t depth) {
    ++p_;
    out_ += '[';
    skip_space();
    if (at(']')) {
      ++p_;
      out_ += ']';
      return true;
    }
    for (;;) {
      if (p_ == end_ || !value(depth + 1, false)) {
        return false;
      }
      flush_if_full();
      skip_space();
      if (at(',')) {
        ++p_;
        out_ += ',';
        skip_space();
        continue;
      }
      if (at(']')) {
        ++p_;
        out_ += ']';
        return true;
      }
      return false;
    }
  }

  // An object written in out_, whose members are put in order there when they were not.
  bool small_object(std::size_t depth, bool top) {
    ++p_;
    ++small_objects_open_;
    std::vector<Member>& members = members_[depth];
    members.clear();
    const std::size_t body = out_.size() + 1;
    out_ += '{';
    skip_space();
    bool ordered = true;
    if (!at('}')) {
      for (;;) {
        if (!at('"')) {
          return false;
        }
        const std::size_t before = out_.size();
        if (!members.empty()) {
          out_ += ',';
        }
        Member m{out_.size(), 0, 0, false};
        if (!string(m.escaped)) {
          return false;
        }
        m.name_end = out_.size();
        const bool skip = skipped(top, m.begin);
        skip_space();
        if (!at(':')) {
          return false;
        }
        ++p_;
        out_ += ':';
        skip_space();
        if (p_ == end_ || !value(depth + 1, false)) {
          return false;
        }
        m.end = out_.size();
        if (skip) {
          out_.resize(before);
        } else {
          if (ordered && !members.empty() && !name_less(name(members.back()), name(m))) {
            ordered = false;
          }
          members.push_back(m);
        }
        skip_space();
        if (at(',')) {
          ++p_;
          skip_space();
          continue;
        }
        if (at('}')) {
          break;
        }
        return false;
      }
    }
    ++p_;
    if (!ordered && !reorder(body, members)) {
      return false;
    }
    out_ += '}';
    --small_objects_open_;
    return true;
  }

  Name name(const Member& m) const {
    return {std::string_view(out_.data() + m.begin, m.name_end - m.begin), m.escaped};
  }

  // Rewrites out_ from `body` on with the members in canonical order; false on a repeated name.
  bool reorder(std::size_t body, std::vector<Member>& members) {
    std::sort(members.begin(), members.end(),
              [this](const Member& a, const Member& b) { return name_less(name(a), name(b)); });
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (!name_less(name(members[i - 1]), name(members[i]))) {
        return false;
      }
    }
    scratch_.assign(out_, body, std::string::npos);
    out_.resize(body);
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) {
        out_ += ',';
      }
      out_.append(scratch_, members[i].begin - body, members[i].end - members[i].begin);
    }
    return true;
  }

  // Skips the value at p_ without writing it (it is read again, and checked, when written).
  bool skip_value() {
    const char c = *p_;
    if (c == '"') {
      p_ = skip_string(p_, end_);
      return p_ != nullptr;
    }
    if (c == '{' || c == '[') {
      if (const Span* span = large_span()) {
        p_ = begin_ + span->close + 1;
        return true;
      }
      std::size_t depth = 0;
      for (;;) {
        p_ = find_structural(p_, end_);
        if (p_ == end_) {
          return false;
        }
        switch (*p_) {
          case '"':
            p_ = skip_string(p_, end_);
            if (p_ == nullptr) {
              return false;
            }
            continue;
          case '{':
          case '[':
            ++depth;
            break;
          default:
            --depth;
        }
        ++p_;
        if (depth == 0) {
          return true;
        }
      }
    }
    const char* start = p_;
    while (p_ != end_ && !is_space(*p_) && *p_ != ',' && *p_ != '}' && *p_ != ']') {
      ++p_;
    }
    return p_ != start;
  }

  // An object too large to hold: its names are read first, then its values in name order,
  // so that the output can be flushed as it grows.
  bool large_object(std::size_t depth, bool top, const char* close) {
    ++p_;
    std::vector<LargeMember> members;
    skip_space();
    if (!at('}')) {
      for (;;) {
        if (!at('"')) {
          return false;
        }
        const std::size_t before = out_.size();
        LargeMember m{{}, false, nullptr, nullptr};
        if (!string(m.escaped)) {
          return false;
        }
        const bool skip = skipped(top, before);
        m.name.assign(out_, before, std::string::npos);
        out_.resize(before);
        skip_space();
        if (!at(':')) {
          return false;
        }
        ++p_;
        skip_space();
        m.value = p_;
        if (p_ == end_ || !skip_value()) {
          return false;
        }
        m.value_end = p_;
        if (!skip) {
          members.push_back(std::move(m));
        }
        skip_space();
        if (at(',')) {
          ++p_;
          skip_space();
          continue;
        }
        if (at('}')) {
          break;
        }
        return false;
      }
    }
    if (p_ != close) {
      return false;
    }
    const auto less = [](const LargeMember& a, const LargeMember& b) {
      return name_less({a.name, a.escaped}, {b.name, b.escaped});
    };
    std::sort(members.begin(), members.end(), less);
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (!less(members[i - 1], members[i])) {
        return false;
      }
    }
    out_ += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) {
        out_ += ',';
      }
      out_ += members[i].name;
      out_ += ':';
      p_ = members[i].value;
      if (!value(depth + 1, false) || p_ != members[i].value_end) {
        return false;
      }
      flush_if_full();
    }
    out_ += '}';
    p_ = close + 1;
    return true;
  }

  const char* const begin_;
  const char* p_;
  const char* const end_;
  const StreamOptions& options_;
  const std::vector<Span> large_;
  const CanonicalSink& sink_;
  std::vector<std::vector<Member>> members_;  // one list per depth, reused
  std::size_t small_objects_open_ = 0;
  std::string out_;
  std::string scratch_;
};

}  // namespace

bool stream_canonical(std::string_view text, const StreamOptions& options,
                      const CanonicalSink& sink) {
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    return false;
  }
  std::vector<Span> large;
  if (!index_large_containers(text, options.large_bytes, options.max_depth, large)) {
    return false;
  }
  Writer writer(text, options, std::move(large), sink);
  return writer.run();
}

}  // namespace gate::detail
