// Action names and the counting of resource changes by action.
#include <algorithm>

#include "gate/plan.h"

namespace gate {

std::string_view to_string(Action action) {
  switch (action) {
    case Action::kNoOp:
      return "no-op";
    case Action::kCreate:
      return "create";
    case Action::kRead:
      return "read";
    case Action::kUpdate:
      return "update";
    case Action::kReplace:
      return "replace";
    case Action::kReplaceCreateFirst:
      return "replace-create-first";
    case Action::kDelete:
      return "delete";
    case Action::kForget:
      return "forget";
    case Action::kForgetAndCreate:
      return "forget-create";
  }
  return "unknown";
}

std::optional<Action> parse_action_name(std::string_view name) {
  for (Action a : kAllActions) {
    if (to_string(a) == name) {
      return a;
    }
  }
  return std::nullopt;
}

bool destroys(Action action) {
  return action == Action::kDelete || action == Action::kReplace ||
         action == Action::kReplaceCreateFirst;
}

bool removes_from_state(Action action) {
  return destroys(action) || action == Action::kForget || action == Action::kForgetAndCreate;
}

std::size_t ActionCounts::total() const {
  std::size_t sum = 0;
  for (std::size_t c : counts) {
    sum += c;
  }
  return sum;
}

std::size_t ActionCounts::changed() const {
  return total() - (*this)[Action::kNoOp] - (*this)[Action::kRead];
}

ActionCounts count_actions(const Plan& plan) {
  ActionCounts counts;
  for (const ResourceChange& rc : plan.resource_changes) {
    ++counts[rc.action];
  }
  return counts;
}

}  // namespace gate
