// Shipped IAM data, compiled in from versioned data files of the library (libgate/data/):
// the privilege-escalation catalogue (escalation_paths.json: each path's actions, the resource
// each action needs, and its source) and the table of AWS managed policies that grant
// administration or control over IAM (aws_managed_policies.json: each ARN with the statements
// that make it so, and its source).
//
//   for (const gate::iam::EscalationPath& path : gate::iam::default_escalation_paths()) ...
//   if (const gate::iam::ManagedPolicy* p = gate::iam::find_managed_policy(arn)) ...
//
// Thread-safety: the tables are built once, on first use, and never change.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gate/expected.h"
#include "gate/iam.h"

namespace gate::iam {

/// One action of an escalation path and what it must be allowed on.
struct EscalationAction {
  std::string action;          ///< e.g. "iam:CreatePolicyVersion"
  std::string resource = "*";  ///< the ARN pattern of what the action acts on
  /// True: only a grant on many resources counts ("*", or a wildcard in the account or name);
  /// false: one named resource is enough.
  bool wildcard_only = false;
};

/// A privilege-escalation path: holding every action lets a principal raise its permissions.
struct EscalationPath {
  std::string name;  ///< the path's id, named by findings
  std::string summary;
  std::vector<EscalationAction> actions;
  std::vector<std::string> sources;  ///< references to where the path is described
};

/// An AWS managed policy that grants administration or control over IAM.
struct ManagedPolicy {
  std::string name;
  std::string arn;
  std::string source;
  PolicyDocument document;  ///< the statements that make it so
};

/// Parses an escalation catalogue (the format of libgate/data/escalation_paths.json).
/// Errors: iam.catalogue (not JSON, a missing or ill-typed field, an unknown source key, a
/// duplicate id, an action that is not "service:Action", a scope other than wildcard/any).
[[nodiscard]] Expected<std::vector<EscalationPath>> parse_escalation_catalogue(std::string_view text);

/// Parses a managed-policy table (the format of libgate/data/aws_managed_policies.json).
/// Errors: iam.catalogue (as above; a document that is not a valid policy).
[[nodiscard]] Expected<std::vector<ManagedPolicy>> parse_managed_policies(std::string_view text);

/// The shipped catalogue and table. A broken data file is a defect of the build (its tests
/// load and validate both): the process then stops with a message rather than judge without.
const std::vector<EscalationPath>& default_escalation_paths();
const std::vector<ManagedPolicy>& default_managed_policies();

/// The shipped entry for `arn`, or nullptr.
const ManagedPolicy* find_managed_policy(std::string_view arn);

/// The shipped data files' text, as compiled in.
std::string_view escalation_catalogue_text();
std::string_view managed_policies_text();

}  // namespace gate::iam
