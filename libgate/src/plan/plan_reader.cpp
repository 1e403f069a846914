// The plan reader: one pass of simdjson On-Demand over a `terraform show -json` document into
// gate::Plan. Members the model names are read and type-checked; attribute values are kept as
// spans of the text; unknown members are skipped (a minor format version may add them).
#include <cstring>
#include <future>
#include <string>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "gate/digest.h"
#include "gate/plan.h"

#include "plan/not_a_plan.h"
#include "plan/plan_buffer.h"
#include "plan/plan_validator.h"
#include "plan/syntax_locator.h"
#include "util/text_position.h"

namespace gate {
namespace od = simdjson::ondemand;

namespace detail {
struct PlanBuffer;
}

// Reads one document into a Plan; on failure, error() says why and where.
class PlanReader {
 public:
  PlanReader(Plan& plan, std::string_view doc, std::size_t capacity, const LoadOptions& options)
      : plan_(plan), doc_(doc), capacity_(capacity), options_(options) {}

  bool read();
  Diagnostic& error() { return error_; }

  /// Checks the encoding, then reads the document held by `buffer` into a Plan.
  static Expected<Plan> load(std::unique_ptr<detail::PlanBuffer> buffer, std::string name,
                             const LoadOptions& options);

 private:
  enum class Kind { kChange, kDrift, kDeferred };

  bool read_top_level(od::object& root);
  bool read_changes(od::value v, std::vector<ResourceChange>& out, const std::string& ptr,
                    Kind kind);
  bool read_resource_change(od::value v, ResourceChange& rc, const std::string& ptr, Kind kind);
  bool read_change_body(od::value v, ResourceChange& rc, const std::string& ptr);
  bool read_outputs(od::value v, const std::string& ptr);
  bool read_output(od::value v, OutputChange& oc, const std::string& ptr);
  bool read_deferred(od::value v, const std::string& ptr);
  bool read_actions(od::value v, Action& action, const std::string& ptr);
  bool read_index(od::value v, std::optional<InstanceKey>& index, const std::string& ptr);
  bool check_unique_addresses();

  bool get_string(od::value v, std::string& out, const std::string& ptr);
  bool get_optional_bool(od::value v, std::optional<bool>& out, const std::string& ptr);
  bool get_raw(od::value v, RawJson& out, const std::string& ptr);
  bool check_string_length(std::string_view decoded, const char* at, const std::string& ptr);
  bool expect_type(od::value v, od::json_type want, const char* want_name, const std::string& ptr,
                   bool allow_null);
  static bool is_null(od::value v);

  bool fail(std::string code, std::string message, const char* at, std::string ptr);
  bool fail_json(simdjson::error_code code, const char* at, std::string ptr);
  const char* position(od::value v);

  Plan& plan_;
  std::string_view doc_;
  std::size_t capacity_;
  const LoadOptions& options_;
  Diagnostic error_;
  bool has_values_ = false, has_redacted_marker_ = false, has_plan_members_ = false;
  bool has_changes_or_values_ = false, has_provider_schemas_ = false;
};

namespace {

std::string child(const std::string& ptr, std::string_view token) {
  std::string out = ptr;
  detail::append_pointer_token(out, token);
  return out;
}

std::string child(const std::string& ptr, std::size_t index) {
  return ptr + '/' + std::to_string(index);
}

const char* type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "a value";
}

bool valid_format_version(std::string_view v, int& major) {
  const auto dot = v.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == v.size()) {
    return false;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i != dot && (v[i] < '0' || v[i] > '9')) {
      return false;
    }
  }
  if (dot > 4) {
    return false;
  }
  major = std::stoi(std::string(v.substr(0, dot)));
  return true;
}

// Address of a drift entry written without one (Terraform 0.15.4 to 1.0.0).
std::string rebuild_address(const ResourceChange& rc) {
  std::string out;
  if (!rc.module_address.empty()) {
    out = rc.module_address + '.';
  }
  if (!rc.managed) {
    out += "data.";
  }
  out += rc.type + '.' + rc.name;
  if (rc.index) {
    if (rc.index->is_number) {
      out += fmt::format("[{}]", rc.index->number);
    } else {
      out += fmt::format("[\"{}\"]", rc.index->key);
    }
  }
  return out;
}

}  // namespace

const char* PlanReader::position(od::value v) {
  const std::string_view token = v.raw_json_token();
  return token.data();
}

bool PlanReader::fail(std::string code, std::string message, const char* at, std::string ptr) {
  error_ = Diagnostic{};
  error_.code = std::move(code);
  error_.message = std::move(message);
  error_.location.file = plan_.source_name;
  error_.location.json_pointer = std::move(ptr);
  if (at != nullptr && at >= doc_.data() && at <= doc_.data() + doc_.size()) {
    const auto pos = detail::position_of(doc_, static_cast<std::size_t>(at - doc_.data()));
    error_.location.line = pos.line;
    error_.location.column = pos.column;
  }
  return false;
}

bool PlanReader::fail_json(simdjson::error_code code, const char* at, std::string ptr) {
  if (code == simdjson::UTF8_ERROR) {
    const auto bad = detail::find_invalid_utf8(doc_);
    return fail("plan.encoding", "the document is not valid UTF-8", bad ? doc_.data() + *bad : at,
                {});
  }
  if (const auto syntax = detail::find_syntax_error(doc_, options_.max_depth)) {
    if (syntax->too_deep) {
      return fail("plan.too-deep", syntax->message, at, std::move(ptr));
    }
    return fail("plan.syntax", syntax->message, doc_.data() + syntax->offset, {});
  }
  if (code == simdjson::DEPTH_ERROR) {
    return fail("plan.too-deep", fmt::format("nested deeper than {} levels", options_.max_depth),
                at, std::move(ptr));
  }
  const char* what = code == simdjson::NUMBER_ERROR ? "a number is not valid JSON"
                     : code == simdjson::STRING_ERROR || code == simdjson::UNCLOSED_STRING
                         ? "a string is not valid JSON"
                         : "not valid JSON";
  return fail("plan.syntax", what, at, std::move(ptr));
}

bool PlanReader::is_null(od::value v) {
  od::json_type t;
  return v.type().get(t) == simdjson::SUCCESS && t == od::json_type::null;
}

bool PlanReader::expect_type(od::value v, od::json_type want, const char* want_name,
                             const std::string& ptr, bool allow_null) {
  od::json_type t;
  if (auto e = v.type().get(t)) {
    return fail_json(e, position(v), ptr);
  }
  if (t == want || (allow_null && t == od::json_type::null)) {
    return true;
  }
  return fail("plan.wrong-type", fmt::format("expected {}, found {}", want_name, type_name(t)),
              position(v), ptr);
}

bool PlanReader::get_string(od::value v, std::string& out, const std::string& ptr) {
  if (!expect_type(v, od::json_type::string, "a string", ptr, true)) {
    return false;
  }
  if (is_null(v)) {
    out.clear();
    return true;
  }
  const char* at = position(v);
  std::string_view s;
  if (auto e = v.get_string().get(s)) {
    return fail_json(e, at, ptr);
  }
  if (!check_string_length(s, at, ptr)) {
    return false;
  }
  out.assign(s);
  return true;
}

bool PlanReader::check_string_length(std::string_view decoded, const char* at,
                                     const std::string& ptr) {
  const std::size_t limit = options_.max_string_bytes;
  if (decoded.size() <= limit) {
    return true;
  }
  return fail("plan.string-too-long",
              fmt::format("a string of {} bytes is longer than the limit of {} bytes",
                          decoded.size(), limit),
              at, ptr);
}

bool PlanReader::get_optional_bool(od::value v, std::optional<bool>& out, const std::string& ptr) {
  if (!expect_type(v, od::json_type::boolean, "a boolean", ptr, true)) {
    return false;
  }
  if (is_null(v)) {
    out.reset();
    return true;
  }
  bool b = false;
  if (auto e = v.get_bool().get(b)) {
    return fail_json(e, position(v), ptr);
  }
  out = b;
  return true;
}

bool PlanReader::get_raw(od::value v, RawJson& out, const std::string& ptr) {
  od::json_type t;
  if (auto e = v.type().get(t)) {
    return fail_json(e, position(v), ptr);
  }
  std::string_view text;
  simdjson::error_code e = simdjson::SUCCESS;
  switch (t) {
    case od::json_type::object: {
      od::object o;
      e = v.get_object().get(o);
      if (!e) {
        e = o.raw_json().get(text);
      }
      break;
    }
    case od::json_type::array: {
      od::array a;
      e = v.get_array().get(a);
      if (!e) {
        e = a.raw_json().get(text);
      }
      break;
    }
    case od::json_type::string: {
      text = v.raw_json_token();
      std::string_view decoded;
      e = v.get_string().get(decoded);
      if (!e && !check_string_length(decoded, text.data(), ptr)) {
        return false;
      }
      break;
    }
    case od::json_type::boolean: {
      text = v.raw_json_token();
      bool unused = false;
      if (!e) {
        e = v.get_bool().get(unused);
      }
      break;
    }
    case od::json_type::null:
      text = v.raw_json_token();
      break;
    case od::json_type::number: {
      text = v.raw_json_token();
      od::number unused;
      if (!e) {
        e = v.get_number().get(unused);
      }
      break;
    }
  }
  if (e) {
    return fail_json(e, position(v), ptr);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  out.text = text;
  return true;
}

bool PlanReader::read_actions(od::value v, Action& action, const std::string& ptr) {
  if (!expect_type(v, od::json_type::array, "an array of action names", ptr, false)) {
    return false;
  }
  const char* at = position(v);
  od::array arr;
  if (auto e = v.get_array().get(arr)) {
    return fail_json(e, at, ptr);
  }
  std::string names[3];
  std::size_t n = 0;
  std::size_t i = 0;
  for (auto element : arr) {
    od::value item;
    if (auto e = element.get(item)) {
      return fail_json(e, at, ptr);
    }
    std::string name;
    if (!get_string(item, name, child(ptr, i))) {
      return false;
    }
    if (n < 3) {
      names[n] = std::move(name);
    }
    ++n;
    ++i;
  }
  std::string listed;
  for (std::size_t k = 0; k < n && k < 3; ++k) {
    listed += (k ? ", \"" : "\"") + names[k] + '"';
  }
  if (n > 3) {
    listed += ", ...";
  }
  const auto is = [&](std::initializer_list<const char*> want) {
    if (want.size() != n) {
      return false;
    }
    std::size_t k = 0;
    for (const char* w : want) {
      if (names[k++] != w) {
        return false;
      }
    }
    return true;
  };
  if (is({"no-op"})) {
    action = Action::kNoOp;
  } else if (is({"create"})) {
    action = Action::kCreate;
  } else if (is({"read"})) {
    action = Action::kRead;
  } else if (is({"update"})) {
    action = Action::kUpdate;
  } else if (is({"delete", "create"})) {
    action = Action::kReplace;
  } else if (is({"create", "delete"})) {
    action = Action::kReplaceCreateFirst;
  } else if (is({"delete"})) {
    action = Action::kDelete;
  } else if (is({"forget"})) {
    action = Action::kForget;
  } else if (is({"create", "forget"}) || is({"forget", "create"})) {
    action = Action::kForgetAndCreate;
  } else {
    return fail("plan.unknown-actions",
                n == 0 ? std::string("empty actions list")
                       : fmt::format("unknown actions list [{}]", listed),
                at, ptr);
  }
  return true;
}

bool PlanReader::read_index(od::value v, std::optional<InstanceKey>& index,
                            const std::string& ptr) {
  od::json_type t;
  if (auto e = v.type().get(t)) {
    return fail_json(e, position(v), ptr);
  }
  if (t == od::json_type::null) {
    index.reset();
    return true;
  }
  InstanceKey key;
  if (t == od::json_type::string) {
    if (!get_string(v, key.key, ptr)) {
      return false;
    }
  } else if (t == od::json_type::number) {
    const char* at = position(v);
    if (v.get_int64().get(key.number) != simdjson::SUCCESS) {
      return fail("plan.wrong-type", "expected an integer index or a string key", at, ptr);
    }
    key.is_number = true;
  } else {
    return fail("plan.wrong-type",
                fmt::format("expected a number or a string, found {}", type_name(t)), position(v),
                ptr);
  }
  index = std::move(key);
  return true;
}

bool PlanReader::read_change_body(od::value v, ResourceChange& rc, const std::string& ptr) {
  if (!expect_type(v, od::json_type::object, "an object", ptr, false)) {
    return false;
  }
  const char* at = position(v);
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    return fail_json(e, at, ptr);
  }
  bool have_actions = false;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      return fail_json(e, at, ptr);
    }
    const std::string kptr = child(ptr, key);
    od::value val = field.value();
    RawJson* raw = nullptr;
    if (key == "actions") {
      if (have_actions) {
        return fail("plan.duplicate-key", "\"actions\" appears twice", position(val), kptr);
      }
      have_actions = true;
      if (!read_actions(val, rc.action, kptr)) {
        return false;
      }
      continue;
    }
    if (key == "before") {
      raw = &rc.before;
    } else if (key == "after") {
      raw = &rc.after;
    } else if (key == "after_unknown") {
      raw = &rc.after_unknown;
    } else if (key == "before_sensitive") {
      raw = &rc.before_sensitive;
    } else if (key == "after_sensitive") {
      raw = &rc.after_sensitive;
    } else if (key == "replace_paths") {
      raw = &rc.replace_paths;
    } else if (key == "importing") {
      raw = &rc.importing;
    } else {
      continue;
    }
    if (raw->present()) {
      return fail("plan.duplicate-key", fmt::format("\"{}\" appears twice", key), position(val),
                  kptr);
    }
    if (!get_raw(val, *raw, kptr)) {
      return false;
    }
  }
  if (!have_actions) {
    return fail("plan.missing-field", "the change has no \"actions\"", at, ptr);
  }
  return true;
}

bool PlanReader::read_resource_change(od::value v, ResourceChange& rc, const std::string& ptr,
                                      Kind kind) {
  if (!expect_type(v, od::json_type::object, "an object", ptr, false)) {
    return false;
  }
  const char* at = position(v);
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    return fail_json(e, at, ptr);
  }
  rc.json_pointer = ptr;
  enum Seen : unsigned {
    kAddress = 1,
    kPrevious = 2,
    kModule = 4,
    kMode = 8,
    kType = 16,
    kName = 32,
    kIndex = 64,
    kProvider = 128,
    kDeposed = 256,
    kReason = 512,
    kChange = 1024
  };
  unsigned seen = 0;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      return fail_json(e, at, ptr);
    }
    const std::string kptr = child(ptr, key);
    od::value val = field.value();
    unsigned bit = 0;
    std::string* str = nullptr;
    if (key == "address") {
      bit = kAddress;
      str = &rc.address;
    } else if (key == "previous_address") {
      bit = kPrevious;
      str = &rc.previous_address;
    } else if (key == "module_address") {
      bit = kModule;
      str = &rc.module_address;
    } else if (key == "type") {
      bit = kType;
      str = &rc.type;
    } else if (key == "name") {
      bit = kName;
      str = &rc.name;
    } else if (key == "provider_name") {
      bit = kProvider;
      str = &rc.provider_name;
    } else if (key == "deposed") {
      bit = kDeposed;
      str = &rc.deposed;
    } else if (key == "action_reason") {
      bit = kReason;
      str = &rc.action_reason;
    } else if (key == "mode") {
      bit = kMode;
    } else if (key == "index") {
      bit = kIndex;
    } else if (key == "change") {
      bit = kChange;
    } else {
      continue;
    }
    if ((seen & bit) != 0) {
      return fail("plan.duplicate-key", fmt::format("\"{}\" appears twice", key), position(val),
                  kptr);
    }
    seen |= bit;
    if (str != nullptr) {
      if (!get_string(val, *str, kptr)) {
        return false;
      }
    } else if (bit == kMode) {
      std::string mode;
      const char* mat = position(val);
      if (!get_string(val, mode, kptr)) {
        return false;
      }
      if (mode != "managed" && mode != "data") {
        return fail("plan.invalid-value",
                    fmt::format("mode must be \"managed\" or \"data\", found \"{}\"",
                                detail::excerpt(mode)),
                    mat, kptr);
      }
      rc.managed = mode == "managed";
    } else if (bit == kIndex) {
      if (!read_index(val, rc.index, kptr)) {
        return false;
      }
    } else if (!read_change_body(val, rc, kptr)) {
      return false;
    }
  }
  const auto require = [&](unsigned bit, const char* name, const std::string& value) {
    if ((seen & bit) == 0 || (bit != kMode && value.empty())) {
      return fail("plan.missing-field", fmt::format("the resource change has no \"{}\"", name), at,
                  ptr);
    }
    return true;
  };
  if (!require(kMode, "mode", {}) || !require(kType, "type", rc.type) ||
      !require(kName, "name", rc.name)) {
    return false;
  }
  if ((seen & kChange) == 0) {
    return fail("plan.missing-field", "the resource change has no \"change\"", at, ptr);
  }
  if (rc.address.empty()) {
    if (kind != Kind::kDrift) {
      return fail("plan.missing-field", "the resource change has no \"address\"", at, ptr);
    }
    rc.address = rebuild_address(rc);
  }
  return true;
}

bool PlanReader::read_changes(od::value v, std::vector<ResourceChange>& out, const std::string& ptr,
                              Kind kind) {
  if (!expect_type(v, od::json_type::array, "an array", ptr, true)) {
    return false;
  }
  if (is_null(v)) {
    return true;
  }
  const char* at = position(v);
  od::array arr;
  if (auto e = v.get_array().get(arr)) {
    return fail_json(e, at, ptr);
  }
  std::size_t i = 0;
  for (auto element : arr) {
    od::value item;
    if (auto e = element.get(item)) {
      return fail_json(e, at, ptr);
    }
    ResourceChange rc;
    if (!read_resource_change(item, rc, child(ptr, i), kind)) {
      return false;
    }
    out.push_back(std::move(rc));
    ++i;
  }
  return true;
}

bool PlanReader::read_output(od::value v, OutputChange& oc, const std::string& ptr) {
  ResourceChange body;
  if (!read_change_body(v, body, ptr)) {
    return false;
  }
  oc.action = body.action;
  oc.before = body.before;
  oc.after = body.after;
  oc.after_unknown = body.after_unknown;
  oc.before_sensitive = body.before_sensitive;
  oc.after_sensitive = body.after_sensitive;
  oc.json_pointer = ptr;
  return true;
}

bool PlanReader::read_outputs(od::value v, const std::string& ptr) {
  if (!expect_type(v, od::json_type::object, "an object", ptr, true)) {
    return false;
  }
  if (is_null(v)) {
    return true;
  }
  const char* at = position(v);
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    return fail_json(e, at, ptr);
  }
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      return fail_json(e, at, ptr);
    }
    if (!check_string_length(key, at, ptr)) {
      return false;
    }
    OutputChange oc;
    oc.name.assign(key);
    if (!read_output(field.value(), oc, child(ptr, key))) {
      return false;
    }
    plan_.output_changes.push_back(std::move(oc));
  }
  return true;
}

bool PlanReader::read_deferred(od::value v, const std::string& ptr) {
  if (!expect_type(v, od::json_type::array, "an array", ptr, true)) {
    return false;
  }
  if (is_null(v)) {
    return true;
  }
  const char* at = position(v);
  od::array arr;
  if (auto e = v.get_array().get(arr)) {
    return fail_json(e, at, ptr);
  }
  std::size_t i = 0;
  for (auto element : arr) {
    od::value item;
    if (auto e = element.get(item)) {
      return fail_json(e, at, ptr);
    }
    const std::string iptr = child(ptr, i++);
    if (!expect_type(item, od::json_type::object, "an object", iptr, false)) {
      return false;
    }
    const char* iat = position(item);
    od::object obj;
    if (auto e = item.get_object().get(obj)) {
      return fail_json(e, iat, iptr);
    }
    DeferredChange dc;
    bool have_change = false;
    for (auto field : obj) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) {
        return fail_json(e, iat, iptr);
      }
      if (key == "reason") {
        if (!get_string(field.value(), dc.reason, child(iptr, key))) {
          return false;
        }
      } else if (key == "resource_change") {
        have_change = true;
        if (!read_resource_change(field.value(), dc.change, child(iptr, key), Kind::kDeferred)) {
          return false;
        }
      }
    }
    if (!have_change) {
      return fail("plan.missing-field", "the deferred change has no \"resource_change\"", iat,
                  iptr);
    }
    plan_.deferred_changes.push_back(std::move(dc));
  }
  return true;
}

bool PlanReader::read_top_level(od::object& root) {
  std::unordered_set<std::string> seen;
  for (auto field : root) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      return fail_json(e, nullptr, {});
    }
    const std::string ptr = child(std::string(), key);
    od::value val = field.value();
    const bool known = key == "format_version" || key == "terraform_version" ||
                       key == "timestamp" || key == "applyable" || key == "complete" ||
                       key == "errored" || key == "resource_changes" || key == "resource_drift" ||
                       key == "output_changes" || key == "deferred_changes" || key == "variables" ||
                       key == "planned_values" || key == "prior_state" || key == "configuration" ||
                       key == "checks" || key == "relevant_attributes" ||
                       key == "action_invocations";
    if (!known) {
      has_values_ = has_values_ || key == "values";
      has_redacted_marker_ = has_redacted_marker_ || key == "plan_format_version";
      has_provider_schemas_ = has_provider_schemas_ || key == "provider_schemas";
      continue;
    }
    if (!seen.emplace(key).second) {
      return fail("plan.duplicate-key", fmt::format("\"{}\" appears twice", key), position(val),
                  ptr);
    }
    bool ok = true;
    if (key == "format_version") {
      const char* at = position(val);
      ok = expect_type(val, od::json_type::string, "a string", ptr, false) &&
           get_string(val, plan_.format_version, ptr);
      if (ok) {
        int major = 0;
        if (!valid_format_version(plan_.format_version, major)) {
          return fail("plan.format-version",
                      fmt::format("format_version \"{}\" is not of the form MAJOR.MINOR",
                                  detail::excerpt(plan_.format_version)),
                      at, ptr);
        }
        if (major > 1) {
          return fail("plan.format-version",
                      fmt::format("format_version {} is not supported; this reader knows major "
                                  "versions 0 and 1",
                                  plan_.format_version),
                      at, ptr);
        }
      }
    } else if (key == "terraform_version") {
      ok = get_string(val, plan_.terraform_version, ptr);
    } else if (key == "timestamp") {
      ok = get_string(val, plan_.timestamp, ptr);
    } else if (key == "applyable") {
      ok = get_optional_bool(val, plan_.applyable, ptr);
    } else if (key == "complete") {
      ok = get_optional_bool(val, plan_.complete, ptr);
    } else if (key == "errored") {
      ok = get_optional_bool(val, plan_.errored, ptr);
    } else if (key == "resource_changes") {
      has_plan_members_ = true;
      has_changes_or_values_ = true;
      ok = read_changes(val, plan_.resource_changes, ptr, Kind::kChange);
    } else if (key == "resource_drift") {
      ok = read_changes(val, plan_.resource_drift, ptr, Kind::kDrift);
    } else if (key == "output_changes") {
      ok = read_outputs(val, ptr);
    } else if (key == "deferred_changes") {
      ok = read_deferred(val, ptr);
    } else {
      RawJson* raw = key == "variables"             ? &plan_.variables
                     : key == "planned_values"      ? &plan_.planned_values
                     : key == "prior_state"         ? &plan_.prior_state
                     : key == "configuration"       ? &plan_.configuration
                     : key == "checks"              ? &plan_.checks
                     : key == "relevant_attributes" ? &plan_.relevant_attributes
                                                    : &plan_.action_invocations;
      has_plan_members_ = has_plan_members_ || key == "planned_values" || key == "configuration";
      has_changes_or_values_ = has_changes_or_values_ || key == "planned_values";
      ok = get_raw(val, *raw, ptr);
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool PlanReader::check_unique_addresses() {
  std::unordered_set<std::string> seen;
  seen.reserve(plan_.resource_changes.size());
  for (const ResourceChange& rc : plan_.resource_changes) {
    if (!seen.insert(rc.address + '\n' + rc.deposed).second) {
      return fail("plan.duplicate-address",
                  rc.deposed.empty()
                      ? fmt::format("\"{}\" has more than one resource change", rc.address)
                      : fmt::format("\"{}\" (deposed {}) has more than one resource change",
                                    rc.address, rc.deposed),
                  nullptr, rc.json_pointer);
    }
  }
  return true;
}

bool PlanReader::read() {
  od::parser parser;
  od::document doc;
  if (auto e = parser.iterate(doc_.data(), doc_.size(), capacity_).get(doc)) {
    return fail_json(e, doc_.data(), {});
  }
  od::json_type t;
  if (auto e = doc.type().get(t)) {
    return fail_json(e, doc_.data(), {});
  }
  if (t != od::json_type::object) {
    if (const auto syntax = detail::find_syntax_error(doc_, options_.max_depth)) {
      return fail("plan.syntax", syntax->message, doc_.data() + syntax->offset, {});
    }
    return fail("plan.wrong-type",
                fmt::format("the document is {}, not a JSON object", type_name(t)), nullptr, "");
  }
  // The whole document is checked first, so no command judges a document another refuses.
  if (auto problem = detail::validate_document(doc, doc_, options_.max_depth,
                                               options_.max_string_bytes)) {
    if (problem->json_error != simdjson::SUCCESS) {
      return fail_json(problem->json_error, problem->at, std::move(problem->pointer));
    }
    return fail(std::move(problem->code), std::move(problem->message), problem->at,
                std::move(problem->pointer));
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return fail_json(simdjson::TRAILING_CONTENT, trailing, {});
  }
  doc.rewind();
  od::object root;
  if (auto e = doc.get_object().get(root)) {
    return fail_json(e, doc_.data(), {});
  }
  if (!read_top_level(root)) {
    return false;
  }
  if (plan_.format_version.empty()) {
    if (has_redacted_marker_) {
      return fail("plan.redacted",
                  "this is an HCP Terraform redacted plan (plan_format_version), not "
                  "`terraform show -json` output",
                  nullptr, "");
    }
    if (has_values_ && !has_plan_members_) {
      return fail("plan.is-state",
                  "this is a state document (top-level \"values\"), not a plan; run "
                  "`terraform show -json` on the saved plan file",
                  nullptr, "");
    }
    return fail("plan.missing-field", "the document has no \"format_version\"", nullptr, "");
  }
  if (has_values_ && !has_plan_members_) {
    return fail("plan.is-state",
                "this is a state document (top-level \"values\"), not a plan; run "
                "`terraform show -json` on the saved plan file",
                nullptr, "");
  }
  // Every format version of `terraform show -json` on a plan writes planned_values (and
  // resource_changes when the configuration has resources); without both, nothing says
  // what would be applied.
  if (!has_changes_or_values_) {
    if (has_provider_schemas_) {
      return fail("plan.not-a-plan",
                  "this is provider schema JSON (`terraform providers schema -json`), not a "
                  "plan; give tfgate `terraform show -json tfplan`",
                  doc_.data(), "");
    }
    return fail("plan.not-a-plan",
                fmt::format("format_version {} plans have \"planned_values\" or "
                            "\"resource_changes\", and this document has neither; give tfgate "
                            "`terraform show -json tfplan`",
                            plan_.format_version),
                doc_.data(), "");
  }
  return check_unique_addresses();
}

Expected<Plan> PlanReader::load(std::unique_ptr<detail::PlanBuffer> buffer, std::string name,
                                const LoadOptions& options) {
  Plan plan;
  plan.source_name = std::move(name);
  plan.max_depth_ = options.max_depth;
  plan.max_string_bytes_ = options.max_string_bytes;
  const std::string_view bytes = buffer->bytes();
  const auto starts = [&](std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
  };
  if (detail::is_saved_plan_file(bytes)) {
    Diagnostic d = make_diagnostic(
        "plan.not-a-plan",
        "this is a saved plan file (the zip archive `terraform plan -out` writes), not its "
        "JSON; give tfgate `terraform show -json tfplan`",
        plan.source_name);
    d.location.line = 1;
    d.location.column = 1;
    return Unexpected{std::move(d)};
  }
  const auto encoding_error = [&](const char* what) {
    return Unexpected{make_diagnostic(
        "plan.encoding",
        fmt::format("the document is {}; write it as UTF-8 (in PowerShell: "
                    "terraform show -json tfplan | Out-File -Encoding utf8 plan.json)",
                    what),
        plan.source_name)};
  };
  std::size_t skip = 0;
  if (starts("\xEF\xBB\xBF")) {
    skip = 3;
  } else if (starts(std::string_view("\x00\x00\xFE\xFF", 4)) || starts("\xFF\xFE") ||
             starts("\xFE\xFF")) {
    return encoding_error("UTF-16 or UTF-32 text (it starts with a byte-order mark)");
  } else if (bytes.size() >= 2 && (bytes[0] == '\0' || bytes[1] == '\0')) {
    return encoding_error("UTF-16 or UTF-32 text (it holds NUL bytes)");
  }
  const std::string_view text = bytes.substr(skip);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Unexpected{make_diagnostic("plan.empty", "the document is empty", plan.source_name)};
  }
  const std::size_t capacity = buffer->capacity() - skip;
  plan.buffer_ = std::move(buffer);
  plan.text_ = text;
  // The digest covers the bytes as read (byte-order mark included), hashed from the same
  // buffer that is parsed.
  std::future<std::string> digest;
  if (options.digest_bytes) {
    digest = std::async(std::launch::async, [bytes] { return digest_bytes(bytes); });
  }
  PlanReader reader(plan, text, capacity, options);
  const bool ok = reader.read();
  if (digest.valid()) {
    plan.bytes_digest_ = digest.get();
  }
  if (!ok) {
    Diagnostic& error = reader.error();
    if (error.code == "plan.syntax") {
      if (auto hint = detail::not_a_plan_hint(text)) {
        error.code = "plan.not-a-plan";
        error.message = std::move(*hint);
        error.location.json_pointer.clear();
      }
    }
    return Unexpected{std::move(error)};
  }
  return plan;
}

Expected<Plan> load_plan_file(const std::string& path, const LoadOptions& options) {
  auto buffer = detail::PlanBuffer::from_file(path, options.max_bytes);
  if (!buffer) {
    return Unexpected{buffer.error()};
  }
  return PlanReader::load(std::move(*buffer), path == "-" ? "<stdin>" : path, options);
}

Expected<Plan> load_plan(std::string_view text, std::string source_name,
                         const LoadOptions& options) {
  auto buffer = detail::PlanBuffer::from_text(text, source_name, options.max_bytes);
  if (!buffer) {
    return Unexpected{buffer.error()};
  }
  return PlanReader::load(std::move(*buffer), std::move(source_name), options);
}

}  // namespace gate
