// Selectors: the compiled form of a rule's `match`, of allowlist entries and of protected-
// resource entries. A selector tests a resource change by resource type (exact names, `*`
// globs or an RE2 pattern), address, module address and provider (RE2 patterns that must match
// the whole string), mode and action. All patterns are compiled once, when policies load.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "gate/plan.h"

namespace gate::detail {

class Checker;

/// A set of actions, one bit per Action.
using ActionMask = std::uint32_t;

constexpr ActionMask action_bit(Action action) {
  return ActionMask{1} << static_cast<unsigned>(action);
}

inline constexpr ActionMask kEveryAction = (ActionMask{1} << kAllActions.size()) - 1;

/// Every action name parse_action_name() accepts, for did-you-mean notes.
const std::vector<std::string_view>& action_names();

/// Resource-change test. An empty selector matches every change.
class Selector {
 public:
  Selector() = default;

  /// True when every condition holds for `change`, the actions included.
  bool matches(const ResourceChange& change) const {
    return (actions_ & action_bit(change.action)) != 0 && matches_resource(change);
  }

  /// True when every condition but the actions holds.
  bool matches_resource(const ResourceChange& change) const;

  ActionMask actions() const { return actions_; }
  void set_actions(ActionMask actions) { actions_ = actions; }

  /// True when no condition besides the actions is set.
  bool any_resource() const;

  /// The member names read() understands (besides those the caller adds).
  static const std::vector<std::string_view>& keys();

  /// Reads the selector members of `object` (at `pointer`): types, type_pattern, address,
  /// module, provider, mode, actions. Problems are reported through `checker`.
  static Selector read(const nlohmann::json& object, const std::string& pointer, Checker& checker);

  /// Reads an array of action names at object[key]; kEveryAction when absent.
  static ActionMask read_actions(const nlohmann::json& object, std::string_view key,
                                 const std::string& pointer, Checker& checker,
                                 ActionMask allowed = kEveryAction);

 private:
  bool has_types_ = false;
  std::unordered_set<std::string> exact_types_;
  std::shared_ptr<const RE2> type_globs_;  // null when every listed type is exact
  std::shared_ptr<const RE2> type_pattern_, address_, module_, provider_;
  std::optional<bool> managed_;
  ActionMask actions_ = kEveryAction;
};

/// Names of the actions in a mask, in kAllActions order, comma separated.
std::string describe_actions(ActionMask mask);

}  // namespace gate::detail
