// The state of one evaluation: the plan, the environment, the findings so far, errors, and the
// attribute values of the change being inspected, parsed on first use so that changes no rule
// looks into are never parsed.
#pragma once

#include <any>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/evaluate.h"
#include "gate/plan.h"
#include "policy/policy_set_data.h"

namespace gate::detail {

/// Per-evaluation state handed to every Rule: rules report findings and read values through it.
class EvalContext {
 public:
  /// The values of a resource change a rule may ask for.
  enum class Value { kBefore, kAfter, kAfterUnknown, kBeforeSensitive, kAfterSensitive, kCount };

  EvalContext(const Plan& plan, const Environment& environment, const ActionCounts& counts)
      : plan_(plan), environment_(environment), counts_(counts) {}

  const Plan& plan() const { return plan_; }
  const Environment& environment() const { return environment_; }
  const ActionCounts& counts() const { return counts_; }

  /// App artifacts bound to the decision (EvalOptions::artifacts), name -> digest.
  const std::map<std::string, std::string>& artifacts() const { return artifacts_; }
  void set_artifacts(std::map<std::string, std::string> artifacts) {
    artifacts_ = std::move(artifacts);
  }

  /// Adds a finding of `rule` about `change` (nullptr: about the whole plan).
  void report(const Rule& rule, const ResourceChange* change, std::string message);

  /// Adds a finding of `rule` about an address that is not a resource change (a data source
  /// in prior_state, an OU named by an SCP check); `pointer` locates it in the plan.
  void report_at(const Rule& rule, std::string address, std::string pointer, std::string message);

  /// The plan's `configuration`, parsed on first use (null when absent); nullptr after an error.
  const nlohmann::json* configuration();

  /// The plan's `prior_state`, parsed on first use (null when absent); nullptr after an error.
  const nlohmann::json* prior_state();

  /// True when the plan's prior_state names the resource type `type` (a text search, done once
  /// per type and evaluation, so that rules can skip parsing prior_state when it cannot matter).
  bool prior_state_mentions(const std::string& type);

  /// A slot in which rules of one kind keep what they derived from `change` (e.g. its parsed
  /// IAM documents), so that several rules of that kind derive it once. Emptied when a value of
  /// another change is asked for.
  std::any& memo(const ResourceChange& change);

  /// A slot, named by the rule kind that uses it, for what rules derive from the whole plan
  /// once per evaluation (e.g. which data sources the plan's policy resources grant).
  std::any& plan_memo(const std::string& key) { return plan_memos_[key]; }

  /// A value of `change`, parsed on first use and kept until a value of another change is asked
  /// for. An absent value is null. nullptr after an error was recorded (see failed()).
  const nlohmann::json* value(const ResourceChange& change, Value which);

  /// True when a value could not be parsed; the evaluation then fails with errors().
  bool failed() const { return !errors_.empty(); }
  const Diagnostics& errors() const { return errors_; }

  std::vector<Finding>& findings() { return findings_; }

 private:
  const Plan& plan_;
  const Environment& environment_;
  const ActionCounts& counts_;
  std::map<std::string, std::string> artifacts_;
  std::vector<Finding> findings_;
  Diagnostics errors_;
  const ResourceChange* cached_ = nullptr;
  std::optional<nlohmann::json> configuration_, prior_state_;
  std::map<std::string, bool> prior_state_mentions_;
  const ResourceChange* memo_change_ = nullptr;
  std::any memo_;
  std::map<std::string, std::any> plan_memos_;

  const nlohmann::json* parsed_once(std::optional<nlohmann::json>& slot, const RawJson& raw);
  std::array<std::optional<nlohmann::json>, static_cast<std::size_t>(Value::kCount)> values_;
};

}  // namespace gate::detail
