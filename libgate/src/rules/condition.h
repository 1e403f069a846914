// Attribute conditions: what attribute rules assert and what allow entries require of the
// changes they allow. A condition is either one assertion on an attribute (a JSON pointer into
// `after` or `before`, an operator and its operand) or a combinator over conditions: `all_of`,
// `any_of`, `not`. Evaluating one has three outcomes: it holds, it fails, or it cannot be
// evaluated because a value it needs is unknown until apply. Callers treat the third like a
// failure (fail closed), with its own reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/plan.h"

namespace gate::detail {

class Checker;
class EvalContext;

/// The outcome of evaluating a condition on one change.
struct ConditionResult {
  enum class Truth { kHolds, kFails, kUnknown };
  Truth truth = Truth::kHolds;
  /// Why it fails ("after/x must equal 1 (it is 2)") or cannot be evaluated ("after/x is
  /// unknown until apply"); empty when it holds. Plan values appear only when not sensitive.
  std::string reason;

  bool holds() const { return truth == Truth::kHolds; }
};

/// A compiled condition; immutable once read, shared by the rules that use it.
class Condition {
 public:
  virtual ~Condition() = default;

  /// Evaluates the condition on `change`. Values come from `context` (parsed once per change).
  virtual ConditionResult evaluate(const ResourceChange& change, EvalContext& context) const = 0;

  /// The condition as a statement, for messages ("after/x equals 1").
  virtual std::string describe() const = 0;

  /// The members a leaf condition is written with: in, path, operator, value, values, pattern.
  static const std::vector<std::string_view>& leaf_keys();

  /// The combinator members: all_of, any_of, not.
  static const std::vector<std::string_view>& combinator_keys();

  /// Reads the condition written in the members of `object` (at `pointer`): the leaf members,
  /// or exactly one combinator. Members of `object` outside these are the caller's business.
  /// Problems are reported through `checker`; nullptr when there was one.
  static std::shared_ptr<const Condition> read_members(const nlohmann::json& object,
                                                       const std::string& pointer,
                                                       Checker& checker);

  /// Reads a condition that is a value of its own: an object with leaf or combinator members
  /// only, or an array of them (all of which must hold).
  static std::shared_ptr<const Condition> read(const nlohmann::json& node,
                                               const std::string& pointer, Checker& checker);
};

}  // namespace gate::detail
