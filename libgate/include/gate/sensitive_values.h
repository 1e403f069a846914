// The values a plan marks sensitive, collected so that every output can mask them wherever
// they appear, not only where the plan marks them: Terraform does not mark the copies a
// provider makes (a sensitive tag copied into `tags_all`), a sensitive variable interpolated
// into another attribute, or the outputs of format 0.1 plans (marked only in
// `planned_values.outputs`). Masking works the way CI systems mask registered secrets.
//
//   gate::Expected<gate::SensitiveValues> secrets = gate::collect_sensitive_values(*plan);
//   std::cout << secrets->mask(report);   // every sensitive value -> "(sensitive value)"
//
// What is collected: every string and number under a `before_sensitive`/`after_sensitive`
// mark of resource changes, drift, deferred changes and output changes; the values of outputs
// marked `"sensitive": true` in `planned_values.outputs` and `prior_state` (all output changes
// of those names too); the values of root variables declared `sensitive` in `configuration`;
// and the strings of at least kMinInnerBytes inside a sensitive string holding a JSON
// document (an IAM policy). Booleans and null are never collected.
//
// How they are masked: a value of at least kMinInnerBytes bytes is masked wherever it occurs,
// inside longer text too; a shorter one only as a whole value (a diff attribute equal to it,
// or the value in double quotes in rendered text), so that a one-letter secret does not blank
// every report. Each value is also masked in the escaped forms the output formats write: JSON
// string escaping (UTF-8 and \u-escaped), HTML/XML entities, Markdown table cells and GitHub
// workflow command data and properties, and JSON escaping followed by each of those.
//
// Thread-safety: a SensitiveValues is immutable once collected (finish() called); any number
// of threads may mask with it at once.
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "gate/expected.h"
#include "gate/plan.h"

namespace gate {

namespace detail {
class MultiPattern;
}

struct Decision;

/// The sensitive values of one plan and the masking they call for.
class SensitiveValues {
 public:
  /// Values at least this long (in bytes) are masked inside longer text; shorter ones only
  /// as whole values.
  static constexpr std::size_t kMinInnerBytes = 8;
  /// What a masked value is replaced by.
  static constexpr std::string_view kMask = "(sensitive value)";

  SensitiveValues();
  ~SensitiveValues();
  SensitiveValues(SensitiveValues&&) noexcept;
  SensitiveValues& operator=(SensitiveValues&&) noexcept;
  SensitiveValues(const SensitiveValues&) = delete;
  SensitiveValues& operator=(const SensitiveValues&) = delete;

  /// Registers a sensitive value. `whole_too`: also mask it as a whole value when it is
  /// shorter than kMinInnerBytes. Empty values are ignored. Call finish() after the last one.
  void add(std::string_view value, bool whole_too = true);
  /// Registers the scalar leaves (strings, numbers) of a sensitive JSON value.
  void add_leaves(const nlohmann::json& value);
  /// Marks an output as sensitive as a whole (format 0.1: marked in planned_values only).
  void add_output(std::string name);
  /// Builds the search structure; masking before finish() throws std::logic_error.
  void finish();

  /// True when the plan has no sensitive value.
  bool empty() const { return values_.empty(); }
  /// Number of distinct values registered.
  std::size_t size() const { return values_.size(); }
  /// True when the output `name` is sensitive as a whole.
  bool output_is_sensitive(const std::string& name) const { return outputs_.count(name) != 0; }

  /// True when `value` (a string or number; containers: any of their leaves) is a sensitive
  /// value or contains one of at least kMinInnerBytes.
  bool reveals(const nlohmann::json& value) const;
  /// True when `text` is a sensitive value or contains one (in any escaped form).
  bool reveals(std::string_view text) const;

  /// `text` with every occurrence of a sensitive value replaced by kMask.
  std::string mask(std::string_view text) const;

 private:
  std::unordered_set<std::string> values_;  // every value, short and long
  std::set<std::string> outputs_;
  std::unique_ptr<detail::MultiPattern> patterns_;
  bool finished_ = false;
};

/// Collects the sensitive values of `plan` (see the file comment).
/// Errors: those of Plan::materialise.
[[nodiscard]] Expected<SensitiveValues> collect_sensitive_values(const Plan& plan);

/// Masks sensitive values in the messages and addresses of a decision's findings, before
/// the decision is reported or recorded.
void mask_findings(Decision& decision, const SensitiveValues& values);

}  // namespace gate
