// AWS Organizations service control policies in a plan: the SCP documents, their attachments
// (resolved through known ids or, when ids are unknown until apply, through the references in
// the plan's configuration), and the guardrail checks: each SCP valid and within 5,120 bytes
// as written with no Principal, at most 5 SCPs attached directly to one target, and the
// required Deny guards present for a governed OU (directly or through the organization root).
//
//   gate::Expected<gate::scp::Organization> org = gate::scp::read_organization(*plan);
//   auto issues = gate::scp::check_attachment_counts(*org, 5, 1);
//
// Thread-safety: pure functions over a Plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/expected.h"
#include "gate/iam.h"
#include "gate/iam_checks.h"
#include "gate/plan.h"

namespace gate::scp {

/// One aws_organizations_policy of type SERVICE_CONTROL_POLICY, as planned.
struct Policy {
  std::string address;
  std::string key;  ///< its id, or "ref:<address without index>" while the id is unknown
  bool content_unknown = false;
  std::string content;  ///< exactly as written
  std::optional<iam::PolicyDocument> document;  ///< set when the content parses
  std::string parse_error;                      ///< why it does not, otherwise
};

/// One aws_organizations_policy_attachment that exists after apply.
struct Attachment {
  std::string address;
  std::string policy_key;
  std::string target_key;
};

/// An OU, the organization root, or an account that policies can be attached to.
struct Target {
  std::string address;
  std::string key;
  std::string name;  ///< the OU's or account's name; "root" for an organization root
};

/// The SCP-relevant part of a plan.
struct Organization {
  std::vector<Policy> policies;
  std::vector<Attachment> attachments;
  std::vector<Target> targets;
};

/// Reads SCPs, attachments and targets from the planned state.
/// Errors: the errors of Plan::materialise.
[[nodiscard]] Expected<Organization> read_organization(const Plan& plan);

/// An issue about one address (an SCP, an attachment target, an OU).
struct Issue {
  std::string address;
  iam::Issue detail;
};

/// SCPs that are not valid policies, exceed `max_bytes` as written, use Principal or
/// NotPrincipal, or whose content is unknown until apply.
std::vector<Issue> check_documents(const Organization& org, std::size_t max_bytes);

/// Targets with more than `limit` SCPs attached directly; `implicit` counts the ones attached
/// outside this configuration (AWS attaches FullAWSAccess to every target).
std::vector<Issue> check_attachment_counts(const Organization& org, std::size_t limit,
                                           std::size_t implicit);

/// A Deny guard that must cover a governed OU.
struct Guard {
  std::string name;                  ///< "instance types"
  std::vector<std::string> actions;  ///< each must be denied, e.g. {"ec2:RunInstances"}
  /// When set, the statement's resources must lie within this ARN pattern and none may be "*"
  /// (e.g. "arn:aws:ec2:*:*:instance/*": a negated condition on a key other resources lack
  /// would otherwise deny every launch).
  std::string resource_within;
  /// When set, the Deny must hold a negated string condition on this key whose values are all
  /// in `allowed_values` (StringNotEquals and StringNotEqualsIfExists alike).
  std::string condition_key;
  std::vector<std::string> allowed_values;
};

/// Guards missing for the OUs named `governed_name`, looking at the SCPs attached to each such
/// OU and to the organization root. One issue per missing guard; an issue when no OU of that
/// name is in the plan. A Deny whose aws:PrincipalArn exemptions (ArnNotLike, StringNotLike)
/// cover every role and every user guards nothing, and the issue says so.
std::vector<Issue> check_required_guards(const Organization& org, const std::string& governed_name,
                                         const std::vector<Guard>& guards);

}  // namespace gate::scp
