// The `drift` rule kind: judges objects that changed outside Terraform (a plan's
// `resource_drift`). A drift rule concerns the drifted objects its `match` selects, optionally
// only drift in some attributes (`attributes`) or not in others (`except_attributes`); its
// `ignore` entries name attributes AWS changes by itself, which no rule of the environment
// judges. `check_enforcement` is the level at which `tfgate check` reports the drift its plan's
// refresh found (the plan being checked may be the one that repairs it). An `otherwise` rule
// judges only the drifted attributes no other drift rule judged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/plan.h"
#include "gate/policy.h"
#include "rules/rule.h"
#include "rules/selector.h"

namespace gate::detail {

/// Attributes of matching objects whose drift is expected (e.g. set by AWS itself).
struct DriftIgnore {
  Selector match;
  std::vector<std::string> attributes;  ///< JSON pointer prefixes
};

/// True when `path` is `prefix` or lies below it (`/tags/Owner` lies below `/tags`).
bool pointer_within(const std::string& path, const std::string& prefix);

/// A compiled drift rule.
class DriftRule final : public Rule {
 public:
  struct Params {
    std::vector<std::string> attributes;         ///< empty: every attribute
    std::vector<std::string> except_attributes;  ///< never judged by this rule
    std::vector<DriftIgnore> ignore;             ///< environment-wide
    std::optional<Enforcement> check_enforcement;
    bool otherwise = false;  ///< judges only what no other drift rule judged
  };

  DriftRule(RuleInfo info, Selector match, Params params)
      : Rule(std::move(info), std::move(match)), params_(std::move(params)) {}

  /// Drift rules never see planned changes: the drift pass calls judge().
  ActionMask inspects(const Environment& /*environment*/) const override { return 0; }

  const std::vector<DriftIgnore>& ignore() const { return params_.ignore; }
  bool otherwise() const { return params_.otherwise; }

  /// The level of the findings in `tfgate check` (the rule's own level unless set).
  Enforcement check_enforcement() const {
    return params_.check_enforcement.value_or(info().enforcement);
  }

  /// The paths among `changed` (the drifted object's changed attributes, ignored ones already
  /// removed) this rule judges; empty when it has nothing to say.
  std::vector<std::string> judged(const std::vector<std::string>& changed) const;

 private:
  Params params_;
};

}  // namespace gate::detail
