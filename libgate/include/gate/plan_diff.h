// The reviewer's view of a plan: for each changed resource, the attribute-level difference
// between before and after, with unknown values ("known after apply") and sensitive values
// ("sensitive value") marked so that renderers can never print a secret, attributes that hold
// JSON documents (IAM and bucket policies, SCPs) parsed and diffed as JSON, and the attribute
// paths that force a replacement marked.
//
//   gate::Expected<gate::PlanDiff> diff = gate::diff_plan(*plan);
//   std::cout << gate::render_diff(*diff, gate::DiffFormat::kText, {});
//
// Thread-safety: diff_plan reads the Plan only; the result is a plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/expected.h"
#include "gate/plan.h"
#include "gate/sensitive_values.h"

namespace gate {

/// One side of a leaf: a value, or a marker that hides it.
struct DiffValue {
  enum class State {
    kAbsent,     ///< the attribute does not exist on this side
    kKnown,      ///< `value` holds it
    kUnknown,    ///< known only after apply
    kSensitive,  ///< hidden: marked sensitive in the plan (never carried in `value`)
  };
  State state = State::kAbsent;
  nlohmann::json value;  ///< set only when state is kKnown
};

/// How one attribute (or element, or map entry) changes.
struct DiffNode {
  enum class Change { kUnchanged, kAdded, kRemoved, kUpdated };
  std::string key;       ///< attribute or map key; "[3]" for a list element; empty at the root
  Change change = Change::kUnchanged;
  DiffValue before, after;          ///< for leaves (nodes without children)
  std::vector<DiffNode> children;   ///< for objects, lists, and parsed JSON documents
  bool container = false;           ///< an object or list compared member by member
  bool json_document = false;       ///< a string holding JSON, parsed and compared as JSON
  bool forces_replacement = false;  ///< named by the change's replace_paths
};

/// The difference for one resource change (or drift entry).
struct ResourceDiff {
  std::string address;
  std::string previous_address;  ///< set when moved
  std::string deposed;
  std::string type;
  Action action = Action::kNoOp;
  std::string action_reason;
  std::optional<std::string> import_id;  ///< set when the change imports ("" if the id is unknown)
  DiffNode root;                          ///< children are the top-level attributes
};

/// The difference for one output.
struct OutputDiff {
  std::string name;
  Action action = Action::kNoOp;
  DiffNode root;  ///< a leaf, or a container for structured outputs
};

/// Everything a reviewer sees.
struct PlanDiff {
  std::string source_name;
  ActionCounts counts;
  std::vector<ResourceDiff> changes;  ///< every entry that is not a plain no-op, in plan order
  std::vector<ResourceDiff> drift;    ///< objects changed outside Terraform
  std::vector<OutputDiff> outputs;    ///< outputs whose action is not no-op
};

/// Options for diff_plan.
struct DiffOptions {
  bool include_drift = true;
  /// The plan's sensitive values (collect_sensitive_values); when null, diff_plan collects
  /// them itself. A value that is or contains one is hidden like a marked value, wherever it
  /// is: unmarked copies (`tags_all`), interpolations, outputs of format 0.1 plans.
  const SensitiveValues* sensitive = nullptr;
};

/// Computes the reviewer's diff of a plan. No-op entries are left out unless they import or
/// move. Outputs marked sensitive only in planned_values (format 0.1) are hidden whole.
/// Errors: the errors of Plan::materialise (plan.syntax, plan.too-deep).
[[nodiscard]] Expected<PlanDiff> diff_plan(const Plan& plan, const DiffOptions& options = {});

}  // namespace gate
