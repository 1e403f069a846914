// Located JSON reading for records and trust files.
#include "record/json_input.h"

#include <set>
#include <vector>

#include <fmt/format.h>

#include "plan/syntax_locator.h"
#include "util/chunked_read.h"
#include "util/text_position.h"

namespace gate::detail {
namespace {

constexpr std::size_t kMaxDepth = 64;

// Walks a valid document and finds the first object that names a member twice, keeping the
// JSON pointer of where it is.
class DuplicateFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::optional<std::string> duplicate;  // the repeated name
  std::string pointer;                   // pointer of the object holding it

  bool null() override { return value(); }
  bool boolean(bool /*val*/) override { return value(); }
  bool number_integer(number_integer_t /*val*/) override { return value(); }
  bool number_unsigned(number_unsigned_t /*val*/) override { return value(); }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return value(); }
  bool string(string_t& /*val*/) override { return value(); }
  bool binary(binary_t& /*val*/) override { return value(); }
  bool start_object(std::size_t /*elements*/) override {
    enter();
    frames_.push_back(Frame{true, {}, {}, 0});
    return true;
  }
  bool key(string_t& val) override {
    Frame& f = frames_.back();
    if (!f.names.insert(val).second) {
      duplicate = val;
      pointer = current_pointer();
      return false;
    }
    f.key = val;
    return true;
  }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t /*elements*/) override {
    enter();
    frames_.push_back(Frame{false, {}, {}, 0});
    return true;
  }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    return false;
  }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> names;
    std::string key;    // last member name (objects)
    std::size_t index;  // next element index (arrays)
  };

  // A scalar or a finished container is one element of its parent array.
  bool value() {
    if (!frames_.empty() && !frames_.back().is_object) {
      ++frames_.back().index;
    }
    return true;
  }
  void enter() { path_.push_back(frames_.empty() ? std::string() : token_of(frames_.back())); }
  bool leave() {
    frames_.pop_back();
    path_.pop_back();
    return value();
  }
  static std::string token_of(const Frame& f) {
    return f.is_object ? f.key : std::to_string(f.index);
  }
  std::string current_pointer() const {
    std::string out;
    for (std::size_t i = 1; i < path_.size(); ++i) {
      append_pointer_token(out, path_[i]);
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::vector<std::string> path_;  // token of each open container within its parent
};

Diagnostic located(std::string code, std::string message, const std::string& source,
                   std::string_view text, std::size_t offset) {
  Diagnostic d = make_diagnostic(std::move(code), std::move(message), source);
  const TextPosition pos = position_of(text, offset);
  d.location.line = pos.line;
  d.location.column = pos.column;
  return d;
}

}  // namespace

Expected<std::string> read_small_file(const std::string& path, std::size_t limit,
                                      std::string_view too_large_code) {
  std::string bytes;
  bool too_large = false;
  if (auto error = read_chunks(path, std::size_t{64} * 1024, [&](std::string_view chunk) {
        bytes.append(chunk);
        too_large = bytes.size() > limit;
        return !too_large;
      })) {
    return Unexpected{std::move(*error)};
  }
  if (too_large) {
    return Unexpected{make_diagnostic(
        std::string(too_large_code),
        fmt::format("larger than {} bytes; this is not a file tfgate writes", limit), path)};
  }
  return bytes;
}

Expected<nlohmann::json> parse_json_document(std::string_view text, const std::string& source,
                                             std::string_view prefix) {
  const std::string syntax = fmt::format("{}.syntax", prefix);
  if (const auto bad = find_invalid_utf8(text)) {
    return Unexpected{located(syntax, "invalid UTF-8", source, text, *bad)};
  }
  if (auto error = find_syntax_error(text, kMaxDepth)) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Unexpected{make_diagnostic(syntax, "empty document; expected JSON", source)};
    }
    return Unexpected{located(syntax, error->message, source, text, error->offset)};
  }
  DuplicateFinder finder;
  nlohmann::json::sax_parse(text.begin(), text.end(), &finder);
  if (finder.duplicate) {
    Diagnostic d = make_diagnostic(
        fmt::format("{}.duplicate-key", prefix),
        fmt::format("member \"{}\" appears twice in one object", excerpt(*finder.duplicate)),
        source);
    d.location.json_pointer = finder.pointer;
    return Unexpected{std::move(d)};
  }
  return nlohmann::json::parse(text.begin(), text.end());
}

void JsonReader::fail(std::string_view kind, std::string message, const std::string& pointer) {
  Diagnostic d = make_diagnostic(fmt::format("{}.{}", prefix_, kind), std::move(message), source_);
  d.location.json_pointer = pointer;
  diagnostics_.push_back(std::move(d));
}

bool JsonReader::require_object(const nlohmann::json& value, const std::string& pointer,
                                std::string_view what) {
  if (value.is_object()) {
    return true;
  }
  fail("wrong-type", fmt::format("{} must be an object, not {}", what, json_type_name(value)),
       pointer);
  return false;
}

const nlohmann::json* JsonReader::member(const nlohmann::json& object, std::string_view name,
                                         const std::string& pointer, bool required) {
  const auto it = object.find(name);
  if (it == object.end()) {
    if (required) {
      fail("missing-field", fmt::format("missing member \"{}\"", name), pointer);
    }
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::string(const nlohmann::json& object, std::string_view name,
                                              const std::string& pointer, bool required) {
  const nlohmann::json* v = member(object, name, pointer, required);
  if (v == nullptr) {
    return std::nullopt;
  }
  return as_string(*v, child(pointer, name));
}

std::optional<std::string> JsonReader::as_string(const nlohmann::json& value,
                                                 const std::string& pointer) {
  if (!value.is_string()) {
    fail("wrong-type", fmt::format("expected a string, not {}", json_type_name(value)), pointer);
    return std::nullopt;
  }
  return value.get<std::string>();
}

const nlohmann::json* JsonReader::object(const nlohmann::json& object, std::string_view name,
                                         const std::string& pointer, bool required) {
  const nlohmann::json* v = member(object, name, pointer, required);
  if (v != nullptr && !v->is_object()) {
    fail("wrong-type", fmt::format("expected an object, not {}", json_type_name(*v)),
         child(pointer, name));
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonReader::array(const nlohmann::json& object, std::string_view name,
                                        const std::string& pointer, bool required) {
  const nlohmann::json* v = member(object, name, pointer, required);
  if (v != nullptr && !v->is_array()) {
    fail("wrong-type", fmt::format("expected an array, not {}", json_type_name(*v)),
         child(pointer, name));
    return nullptr;
  }
  return v;
}

std::optional<bool> JsonReader::boolean(const nlohmann::json& object, std::string_view name,
                                        const std::string& pointer, bool required) {
  const nlohmann::json* v = member(object, name, pointer, required);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_boolean()) {
    fail("wrong-type", fmt::format("expected true or false, not {}", json_type_name(*v)),
         child(pointer, name));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::uint64_t> JsonReader::count(const nlohmann::json& object, std::string_view name,
                                               const std::string& pointer, std::uint64_t max,
                                               bool required) {
  const nlohmann::json* v = member(object, name, pointer, required);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_number()) {
    fail("wrong-type", fmt::format("expected a whole number, not {}", json_type_name(*v)),
         child(pointer, name));
    return std::nullopt;
  }
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() > max) {
    fail("bad-value",
         fmt::format("expected a whole number from 0 to {}, not {}", max, excerpt(v->dump())),
         child(pointer, name));
    return std::nullopt;
  }
  return v->get<std::uint64_t>();
}

std::string JsonReader::child(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  append_pointer_token(out, token);
  return out;
}

std::string JsonReader::child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

}  // namespace gate::detail
