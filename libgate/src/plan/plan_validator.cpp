// Walks a whole plan document once and stops at the first value that is not valid JSON or
// that breaks a limit; see plan_validator.h for what is checked.
#include "plan/plan_validator.h"

#include <cstring>
#include <deque>
#include <optional>
#include <utility>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "plan/syntax_locator.h"
#include "util/text_position.h"

namespace gate::detail {
namespace od = simdjson::ondemand;
namespace {

// Objects with more members than this switch from a linear scan to a hash set.
constexpr std::size_t kLinearScanMembers = 16;

// Member names seen so far in one object: a list while it is short, then a hash set.
struct Members {
  std::vector<std::string_view> keys;
  std::unordered_set<std::string_view> set;
};

// One step of the path from the root to the value being checked.
struct PathStep {
  std::string_view key;
  std::size_t index = 0;
  bool is_key = true;
};

// The content of a string that holds neither an escape nor a control character, or nullopt.
std::optional<std::string_view> plain_content(std::string_view content) {
  for (const char c : content) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  return content;
}

// The same for a string token as simdjson gives it (quotes, then perhaps white space).
std::optional<std::string_view> plain_string(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') {
    return std::nullopt;
  }
  return plain_content(token.substr(1, token.size() - 2));
}

class Validator {
 public:
  Validator(std::string_view text, std::size_t max_depth, std::size_t max_string_bytes)
      : text_(text), max_depth_(max_depth), max_string_(max_string_bytes) {}

  std::optional<ValidationProblem> run(od::document& doc) {
    od::object root;
    if (auto e = doc.get_object().get(root)) {
      return json_problem(e, text_.data());
    }
    if (!object(root, text_.data(), 1)) {
      return std::move(problem_);
    }
    return std::nullopt;
  }

 private:
  std::string pointer() const {
    std::string out;
    for (const PathStep& step : path_) {
      if (step.is_key) {
        append_pointer_token(out, step.key);
      } else {
        out += '/';
        out += std::to_string(step.index);
      }
    }
    return out;
  }

  ValidationProblem json_problem(simdjson::error_code e, const char* at) {
    ValidationProblem p;
    p.json_error = e;
    p.at = at;
    p.pointer = pointer();
    return p;
  }

  bool fail_json(simdjson::error_code e, const char* at) {
    problem_ = json_problem(e, at);
    return false;
  }

  bool fail(std::string code, std::string message, const char* at) {
    ValidationProblem p;
    p.code = std::move(code);
    p.message = std::move(message);
    p.at = at;
    p.pointer = pointer();
    problem_ = std::move(p);
    return false;
  }

  bool check_length(std::string_view decoded, const char* at) {
    if (decoded.size() <= max_string_) {
      return true;
    }
    return fail("plan.string-too-long",
                fmt::format("a string of {} bytes is longer than the limit of {} bytes",
                            decoded.size(), max_string_),
                at);
  }

  bool too_deep(std::size_t depth, const char* at) {
    if (depth <= max_depth_) {
      return false;
    }
    fail("plan.too-deep", fmt::format("nested deeper than {} levels", max_depth_), at);
    problem_.pointer.clear();  // hundreds of steps; the line and column say where
    return true;
  }

  // A number simdjson cannot hold (an integer wider than 64 bits, an exponent past the
  // range of a double, or bad grammar): integers are valid JSON whatever their width, so a
  // long integer passes; everything else is decided by the exact JSON grammar.
  bool number_fallback(std::string_view token, const char* at) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                              token.back() == '\r' || token.back() == '\t')) {
      token.remove_suffix(1);
    }
    std::string_view digits = token;
    if (!digits.empty() && digits.front() == '-') {
      digits.remove_prefix(1);
    }
    const bool integer = !digits.empty() && digits.size() <= 308 &&
                         (digits.front() != '0' || digits.size() == 1) &&
                         digits.find_first_not_of("0123456789") == std::string_view::npos;
    if (integer) {
      return true;
    }
    return fail_json(simdjson::NUMBER_ERROR, at);
  }

  bool value(od::value v, std::size_t depth) {
    od::json_type t;
    const char* at = v.raw_json_token().data();
    if (auto e = v.type().get(t)) {
      return fail_json(e, at);
    }
    switch (t) {
      case od::json_type::object: {
        if (too_deep(depth, at)) {
          return false;
        }
        od::object o;
        if (auto e = v.get_object().get(o)) {
          return fail_json(e, at);
        }
        return object(o, at, depth);
      }
      case od::json_type::array: {
        if (too_deep(depth, at)) {
          return false;
        }
        od::array a;
        if (auto e = v.get_array().get(a)) {
          return fail_json(e, at);
        }
        return array(a, at, depth);
      }
      case od::json_type::string: {
        // Most strings hold no escape: they are valid as they stand (stage 1 checked UTF-8)
        // and need not be copied; the others are decoded, which checks every escape.
        if (const auto plain = plain_string(v.raw_json_token())) {
          return check_length(*plain, at);
        }
        std::string_view s;
        if (auto e = v.get_string().get(s)) {
          return fail_json(e, at);
        }
        return check_length(s, at);
      }
      case od::json_type::number: {
        const std::string_view token = v.raw_json_token();
        od::number n;
        if (auto e = v.get_number().get(n)) {
          return e == simdjson::NUMBER_ERROR
                     ? number_fallback(token, at)
                     : fail_json(e, at);
        }
        return true;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (auto e = v.get_bool().get(b)) {
          return fail_json(e, at);
        }
        return true;
      }
      case od::json_type::null: {
        bool null = false;
        if (auto e = v.is_null().get(null)) {
          return fail_json(e, at);
        }
        return null || fail_json(simdjson::N_ATOM_ERROR, at);
      }
    }
    return fail_json(simdjson::TAPE_ERROR, at);
  }

  bool array(od::array a, const char* at, std::size_t depth) {
    path_.push_back(PathStep{{}, 0, false});
    for (auto element : a) {
      od::value item;
      if (auto e = element.get(item)) {
        return fail_json(e, at);
      }
      if (!value(item, depth + 1)) {
        return false;
      }
      ++path_.back().index;
    }
    path_.pop_back();
    return true;
  }

  bool object(od::object o, const char* at, std::size_t depth) {
    if (members_.size() < depth) {
      members_.resize(depth);  // a deque: the parents' references stay valid
    }
    std::vector<std::string_view>& keys = members_[depth - 1].keys;
    std::unordered_set<std::string_view>& set = members_[depth - 1].set;
    keys.clear();
    path_.push_back(PathStep{});
    for (auto member : o) {
      od::field field;
      if (auto e = std::move(member).get(field)) {
        return fail_json(e, at);
      }
      std::string_view key;
      const char* raw_key = field.key().raw();
      const char* quote = static_cast<const char*>(
          std::memchr(raw_key, '"', static_cast<std::size_t>(text_.data() + text_.size() - raw_key)));
      const std::optional<std::string_view> plain =
          quote == nullptr ? std::nullopt
                           : plain_content(std::string_view(
                                 raw_key, static_cast<std::size_t>(quote - raw_key)));
      if (plain) {
        key = *plain;
      } else if (auto e = field.unescaped_key().get(key)) {
        return fail_json(e, at);
      }
      path_.back().key = key;
      od::value v = field.value();
      const char* vat = v.raw_json_token().data();
      if (!check_length(key, vat)) {
        return false;
      }
      bool repeated = false;
      if (keys.size() < kLinearScanMembers) {
        for (const std::string_view seen : keys) {
          repeated = repeated || seen == key;
        }
        keys.push_back(key);
        if (keys.size() == kLinearScanMembers) {
          set.clear();
          set.insert(keys.begin(), keys.end());
        }
      } else {
        repeated = !set.insert(key).second;
      }
      if (repeated) {
        return fail("plan.duplicate-key",
                    fmt::format("\"{}\" appears twice", excerpt(key)), vat);
      }
      if (!value(v, depth + 1)) {
        return false;
      }
    }
    path_.pop_back();
    return true;
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t max_string_;
  std::vector<PathStep> path_;
  std::deque<Members> members_;  // one per depth, reused by the objects at that depth
  ValidationProblem problem_;
};

}  // namespace

std::optional<ValidationProblem> validate_document(od::document& doc, std::string_view text,
                                                   std::size_t max_depth,
                                                   std::size_t max_string_bytes) {
  return Validator(text, max_depth, max_string_bytes).run(doc);
}

}  // namespace gate::detail
