// Checking user-written JSON (policy files, platform values, policy test cases) node by node:
// every problem becomes a located Diagnostic (file, line:column, JSON pointer) and checking goes
// on, so that one run reports all of a file's problems. Also resolves platform references,
// {"$platform": "dotted.name"}, wherever a value (not an object of the format) is read.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "gate/diagnostic.h"
#include "policy/jsonc.h"
#include "util/json_type_name.h"

namespace gate::detail {

/// The platform values of platform.json, looked up by dotted name ("accounts.prod").
class Platform {
 public:
  Platform() = default;
  explicit Platform(nlohmann::json values) : values_(std::move(values)) {}

  /// The value a dotted name refers to; nullptr when there is none.
  const nlohmann::json* find(std::string_view name) const;

  /// Every name find() accepts, sorted.
  std::vector<std::string> names() const;

  bool empty() const { return values_.empty(); }

  /// True when platform.json exists but could not be read; references are then not checked.
  bool broken() const { return broken_; }
  void set_broken() { broken_ = true; }

 private:
  nlohmann::json values_ = nlohmann::json::object();
  bool broken_ = false;
};

/// Member of a platform reference object.
inline constexpr std::string_view kPlatformRefKey = "$platform";

/// Appends an RFC 6901 token to a pointer.
std::string child_pointer(const std::string& pointer, std::string_view token);
std::string child_pointer(const std::string& pointer, std::size_t index);

/// The checker of one file. Diagnostics codes are `<prefix>.<what>` ("policy.unknown-key").
class Checker {
 public:
  Checker(std::string file, std::string_view text, const JsoncDocument& doc, std::string prefix,
          const Platform* platform, Diagnostics& out)
      : file_(std::move(file)),
        doc_(doc),
        prefix_(std::move(prefix)),
        platform_(platform),
        out_(out),
        lines_(text) {}

  const std::string& file() const { return file_; }

  /// Location of the value (or, with `at_key`, of the member name) at `pointer`. A pointer the
  /// document has no span for is located at its nearest ancestor.
  Location locate(const std::string& pointer, bool at_key = false) const;

  /// Reports `<prefix>.<code>` at `pointer`.
  void error(std::string_view code, std::string message, const std::string& pointer,
             std::vector<std::string> notes = {}, bool at_key = false);

  /// Number of problems reported through this checker so far.
  std::size_t errors() const { return errors_; }

  /// Checks that `node` is an object, that its members are all in `allowed` (unknown ones are
  /// reported at their name with a did-you-mean note) and that the `required` ones are there.
  /// `what` names the object in messages ("a rule"). Returns false when it is not an object.
  bool object(const nlohmann::json& node, const std::string& pointer,
              const std::vector<std::string_view>& allowed,
              const std::vector<std::string_view>& required, std::string_view what);

  /// True when `node` is a platform reference object.
  static bool is_platform_ref(const nlohmann::json& node);

  /// `node`, or the platform value it refers to. nullptr (after reporting) when the reference is
  /// malformed or names no value.
  const nlohmann::json* resolve(const nlohmann::json& node, const std::string& pointer);

  /// Member `key` of `object` (at `pointer`) resolved as a string; nullopt when absent or after
  /// reporting a wrong type.
  std::optional<std::string> string(const nlohmann::json& object, std::string_view key,
                                    const std::string& pointer);

  /// A non-empty string.
  std::optional<std::string> text(const nlohmann::json& object, std::string_view key,
                                  const std::string& pointer);

  std::optional<bool> boolean(const nlohmann::json& object, std::string_view key,
                              const std::string& pointer);

  /// A non-negative integer.
  std::optional<std::uint64_t> count(const nlohmann::json& object, std::string_view key,
                                     const std::string& pointer);

  /// A non-empty array of strings. An element that is a platform reference to an array of
  /// strings is replaced by its elements.
  std::optional<std::vector<std::string>> strings(const nlohmann::json& object,
                                                  std::string_view key,
                                                  const std::string& pointer);

  /// Any JSON value, references resolved (at the top level only).
  const nlohmann::json* value(const nlohmann::json& object, std::string_view key,
                              const std::string& pointer);

  /// A string that must be one of `choices`; otherwise `<prefix>.<code>` with a did-you-mean
  /// note naming what was expected.
  std::optional<std::string> choice(const nlohmann::json& object, std::string_view key,
                                    const std::string& pointer,
                                    const std::vector<std::string_view>& choices,
                                    std::string_view code, std::string_view what);

  /// Compiles an RE2 pattern (errors not logged); nullptr after reporting `bad-regex`.
  std::unique_ptr<RE2> regex(const std::string& pattern, const std::string& pointer);

  /// A deep copy of `node` with every platform reference replaced by its value (array elements
  /// referring to arrays are spliced). Unresolvable references are left as they are.
  nlohmann::json substitute(const nlohmann::json& node) const;

 private:
  void wrong_type(const nlohmann::json& node, const std::string& pointer, std::string_view want);

  std::string file_;
  const JsoncDocument& doc_;
  std::string prefix_;
  const Platform* platform_;
  Diagnostics& out_;
  LineIndex lines_;
  std::size_t errors_ = 0;
};


}  // namespace gate::detail
