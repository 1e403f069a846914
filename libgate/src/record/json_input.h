// Reading the small JSON documents of the record area (envelopes, statements, trust files)
// with located diagnostics: syntax errors with line and column, duplicate member names (which
// different parsers resolve differently, so a signed document with one is refused), and typed
// member access that reports the JSON pointer of a missing or mistyped value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/json_type_name.h"

#include "gate/expected.h"

namespace gate::detail {

/// The bytes of a file ("-" reads standard input). Errors: io.read (unreadable), and
/// `too_large_code` when the file holds more than `limit` bytes.
Expected<std::string> read_small_file(const std::string& path, std::size_t limit,
                                      std::string_view too_large_code);

/// Parses `text` as one JSON value. Codes are `<prefix>.syntax` (invalid UTF-8, bad syntax,
/// nesting deeper than 64) and `<prefix>.duplicate-key`, located in `source`.
Expected<nlohmann::json> parse_json_document(std::string_view text, const std::string& source,
                                             std::string_view prefix);

/// Typed access to the members of parsed JSON. Every failed access records one diagnostic
/// (code `<prefix>.missing-field` or `<prefix>.wrong-type`, pointer of the value or of the
/// object missing it) and returns nullptr/nullopt; the caller stops at the first one.
class JsonReader {
 public:
  JsonReader(std::string source, std::string prefix)
      : source_(std::move(source)), prefix_(std::move(prefix)) {}

  /// Records `<prefix>.<kind>` with `message` at `pointer`.
  void fail(std::string_view kind, std::string message, const std::string& pointer);

  bool failed() const { return !diagnostics_.empty(); }
  Diagnostics take() { return std::move(diagnostics_); }

  /// Checks that `value` is an object; `what` names it in the message ("the envelope").
  bool require_object(const nlohmann::json& value, const std::string& pointer,
                      std::string_view what);

  /// The member `name` of `object` (which must be an object), or nullptr. When absent and
  /// `required`, records missing-field; when absent and not required, records nothing.
  const nlohmann::json* member(const nlohmann::json& object, std::string_view name,
                               const std::string& pointer, bool required = true);

  /// A member that must be a string (when present).
  std::optional<std::string> string(const nlohmann::json& object, std::string_view name,
                                    const std::string& pointer, bool required = true);

  /// A member that must be an object; nullptr when absent or mistyped.
  const nlohmann::json* object(const nlohmann::json& object, std::string_view name,
                               const std::string& pointer, bool required = true);

  /// A member that must be an array; nullptr when absent or mistyped.
  const nlohmann::json* array(const nlohmann::json& object, std::string_view name,
                              const std::string& pointer, bool required = true);

  /// A member that must be a boolean.
  std::optional<bool> boolean(const nlohmann::json& object, std::string_view name,
                              const std::string& pointer, bool required = true);

  /// A member that must be a whole number in [0, max].
  std::optional<std::uint64_t> count(const nlohmann::json& object, std::string_view name,
                                     const std::string& pointer, std::uint64_t max,
                                     bool required = true);

  /// Checks that `value` (at `pointer`) is a string and returns it.
  std::optional<std::string> as_string(const nlohmann::json& value, const std::string& pointer);

  /// `pointer` + "/" + escaped `token`.
  static std::string child(const std::string& pointer, std::string_view token);
  static std::string child(const std::string& pointer, std::size_t index);

 private:
  std::string source_;
  std::string prefix_;
  Diagnostics diagnostics_;
};


}  // namespace gate::detail
