// The rule-kind extension point. A RuleKind reads the members of rules with its `kind` and
// compiles them into immutable Rule objects; the evaluator calls each Rule for the changes whose
// action it inspects, then once for the whole plan. A new kind (for example IAM scope or SCP
// guardrails) is one class deriving from Rule, one deriving from RuleKind, and one line in
// rules/registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/plan.h"
#include "gate/policy.h"
#include "rules/selector.h"

namespace gate::detail {

class Checker;
class EvalContext;
struct Environment;

/// A compiled rule. Immutable once compiled and shared between the environments that inherit
/// it, so every member function is const and keeps per-evaluation state in the EvalContext.
class Rule {
 public:
  Rule(RuleInfo info, Selector match) : info_(std::move(info)), match_(std::move(match)) {}
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;  // shared through pointers; never copied
  Rule& operator=(const Rule&) = delete;

  const RuleInfo& info() const { return info_; }
  /// The rule's `match`: the changes it concerns at all.
  const Selector& match() const { return match_; }

  /// Called once for each environment the rule ends up in, after inheritance is resolved, to
  /// register what the rule contributes to the environment and to say (in `problems`, one
  /// sentence each) what is wrong with how the environment uses it.
  virtual void prepare(Environment& environment, std::vector<std::string>& problems) const;

  /// The actions of the changes check_change() must see in `environment` (within match());
  /// 0 for rules that only look at the whole plan.
  virtual ActionMask inspects(const Environment& environment) const = 0;

  /// Inspects one change that match() selects and whose action is in inspects().
  virtual void check_change(const ResourceChange& change, EvalContext& context) const;

  /// Runs once per evaluation, after every change was inspected.
  virtual void check_plan(EvalContext& context) const;

 private:
  RuleInfo info_;
  Selector match_;
};

/// Reads and compiles the rules of one kind.
class RuleKind {
 public:
  virtual ~RuleKind() = default;

  /// The `kind` value, e.g. "forbidden_deletion".
  virtual std::string_view name() const = 0;

  /// The members rules of this kind may have besides the common ones (id, title, kind,
  /// enforcement, description, help, match).
  virtual std::vector<std::string_view> keys() const = 0;

  /// The members among keys() a rule must have.
  virtual std::vector<std::string_view> required_keys() const { return {}; }

  /// Compiles the rule at `pointer` (an object whose members were already checked against
  /// keys()). Reports every problem through `checker` and returns nullptr when there was one.
  virtual std::unique_ptr<Rule> compile(RuleInfo info, Selector match,
                                        const nlohmann::json& rule, const std::string& pointer,
                                        Checker& checker) const = 0;
};

/// The rule kinds, in the order `tfgate policy lint` lists them.
const std::vector<const RuleKind*>& rule_kinds();

/// The kind with that name, or nullptr.
const RuleKind* find_rule_kind(std::string_view name);

// The built-in kinds (one file each in rules/).
const RuleKind& allowlist_rule_kind();
const RuleKind& forbidden_deletion_rule_kind();
const RuleKind& attribute_rule_kind();
const RuleKind& blast_radius_rule_kind();
const RuleKind& plan_status_rule_kind();
const RuleKind& iam_scope_rule_kind();
const RuleKind& scp_rule_kind();
const RuleKind& drift_rule_kind();
const RuleKind& side_effect_read_rule_kind();
const RuleKind& provider_config_rule_kind();
const RuleKind& deployed_code_rule_kind();

}  // namespace gate::detail
