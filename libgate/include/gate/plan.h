// The plan model: what `terraform show -json <planfile>` (or `tofu show -json`) says a plan
// will do, read by load_plan() into a Plan. Every format_version Terraform has written (0.1,
// 0.2, 1.0, 1.1, 1.2 and later 1.x minors) and OpenTofu's output are accepted; a major
// version other than 0 or 1 is an error.
//
// Speed: the document is read once with simdjson On-Demand. Attribute values (before, after,
// after_unknown, *_sensitive, prior_state, configuration, ...) are kept as RawJson spans of
// the original text and parsed into nlohmann::json only when asked (Plan::materialise).
//
//   gate::Expected<gate::Plan> plan = gate::load_plan_file("plan.json");
//   if (!plan) { std::cerr << gate::render(plan.error()); return 1; }
//   for (const gate::ResourceChange& rc : plan->resource_changes)
//     if (rc.action == gate::Action::kDelete) std::cout << rc.address << '\n';
//
// Thread-safety: a loaded Plan is immutable; any number of threads may read it at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/expected.h"

namespace gate {

/// What Terraform will do to one object, normalised from the `actions` list.
enum class Action {
  kNoOp,                ///< ["no-op"]
  kCreate,              ///< ["create"]
  kRead,                ///< ["read"] (data source read during apply)
  kUpdate,              ///< ["update"]
  kReplace,             ///< ["delete","create"]: destroy, then create
  kReplaceCreateFirst,  ///< ["create","delete"]: create_before_destroy
  kDelete,              ///< ["delete"]
  kForget,              ///< ["forget"]: dropped from state, object kept
  kForgetAndCreate,     ///< ["create","forget"] (Terraform) or ["forget","create"] (OpenTofu)
};

/// Every Action, in the order reports list them.
inline constexpr std::array<Action, 9> kAllActions = {
    Action::kCreate, Action::kUpdate, Action::kReplace, Action::kReplaceCreateFirst,
    Action::kForgetAndCreate, Action::kDelete, Action::kForget, Action::kRead, Action::kNoOp};

/// Stable name of an action: "no-op", "create", "read", "update", "replace",
/// "replace-create-first", "delete", "forget", "forget-create".
std::string_view to_string(Action action);

/// Parses an action name as written by to_string(); nullopt for anything else.
std::optional<Action> parse_action_name(std::string_view name);

/// True for the actions that destroy the existing object (delete and both replaces).
bool destroys(Action action);

/// True for the actions that drop the existing object from state (delete, both replaces,
/// forget, forget-and-create).
bool removes_from_state(Action action);

/// A JSON value kept as its text inside the plan document. Empty text means "absent".
/// Parse it with Plan::materialise(); the view stays valid as long as its Plan lives.
struct RawJson {
  std::string_view text;
  bool present() const { return !text.empty(); }
  /// True when present and the literal `null`.
  bool is_null() const { return text == "null"; }
};

/// A resource instance's `count` index (number) or `for_each` key (string).
struct InstanceKey {
  bool is_number = false;
  std::int64_t number = 0;
  std::string key;
};

/// One entry of resource_changes, resource_drift or deferred_changes.
struct ResourceChange {
  std::string address;           ///< absolute instance address, e.g. `module.a["x"].aws_iam_role.r[0]`
  std::string previous_address;  ///< set when the address changed through a moved block
  std::string module_address;    ///< module part of the address; empty for the root module
  bool managed = true;           ///< mode: true for "managed", false for "data"
  std::string type;              ///< resource type, e.g. "aws_iam_policy"
  std::string name;              ///< local name
  std::optional<InstanceKey> index;
  std::string provider_name;  ///< e.g. "registry.terraform.io/hashicorp/aws"
  std::string deposed;        ///< deposed object key; empty for the current object
  std::string action_reason;  ///< e.g. "replace_because_cannot_update"; empty when absent
  Action action = Action::kNoOp;
  RawJson before, after, after_unknown, before_sensitive, after_sensitive;
  RawJson replace_paths;  ///< array of attribute paths that forced a replacement
  RawJson importing;      ///< present when the change also imports
  std::string json_pointer;  ///< where this entry is in the document, e.g. "/resource_changes/3"
};

/// One root-module output change (`output_changes.<name>`).
struct OutputChange {
  std::string name;
  Action action = Action::kNoOp;
  RawJson before, after, after_unknown, before_sensitive, after_sensitive;
  std::string json_pointer;
};

/// A change postponed to a later plan (`deferred_changes[]`, Terraform 1.9+).
struct DeferredChange {
  std::string reason;
  ResourceChange change;
};

namespace detail {
struct PlanBuffer;
}

/// A loaded plan document. Move-only views (RawJson) point into the buffer it owns.
class Plan {
 public:
  Plan();
  ~Plan();
  Plan(Plan&&) noexcept;
  Plan& operator=(Plan&&) noexcept;
  Plan(const Plan&) = delete;  // owns a large buffer; share it through a pointer instead
  Plan& operator=(const Plan&) = delete;

  std::string source_name;        ///< as given to the loader, used in diagnostics
  std::string format_version;     ///< "MAJOR.MINOR"
  std::string terraform_version;  ///< empty when absent (OpenTofu writes its own version)
  std::string timestamp;          ///< RFC 3339; empty when absent (before Terraform 1.5)
  std::optional<bool> applyable, complete, errored;

  std::vector<ResourceChange> resource_changes;
  std::vector<ResourceChange> resource_drift;
  std::vector<OutputChange> output_changes;
  std::vector<DeferredChange> deferred_changes;

  RawJson variables, planned_values, prior_state, configuration, checks, relevant_attributes,
      action_invocations;

  /// The document as parsed (after a UTF-8 byte-order mark, if any).
  std::string_view text() const;

  /// The bytes exactly as read, byte-order mark included: what the plan JSON digest covers.
  std::string_view bytes() const;

  /// Parses a RawJson of this plan into nlohmann::json, with the loader's depth and string
  /// limits. Errors, located: plan.syntax (a value the fast reader skipped is not valid
  /// JSON), plan.too-deep, plan.string-too-long (a string or member name in the value is
  /// longer than LoadOptions::max_string_bytes).
  Expected<nlohmann::json> materialise(const RawJson& value) const;

  /// Location (file, line, column) of a view into text(); `pointer` is copied into it.
  Location locate(std::string_view inside, std::string pointer = {}) const;

  /// digest_bytes(bytes()), when LoadOptions::digest_bytes asked the loader to compute it
  /// while it read the document; empty otherwise.
  const std::string& bytes_digest() const { return bytes_digest_; }

 private:
  friend class PlanReader;
  std::unique_ptr<detail::PlanBuffer> buffer_;
  std::string_view text_;
  std::size_t max_depth_ = 0;
  std::size_t max_string_bytes_ = 0;
  std::string bytes_digest_;
};

/// Limits that keep a hostile document from exhausting memory or the stack.
struct LoadOptions {
  std::size_t max_bytes = std::size_t{4} << 30;  ///< largest accepted document (4 GiB)
  std::size_t max_depth = 256;                   ///< deepest nesting of arrays and objects
  /// Longest string or member name, in UTF-8 bytes once decoded, that is read or materialised
  /// (16 MiB).
  std::size_t max_string_bytes = std::size_t{16} << 20;
  /// Also compute Plan::bytes_digest(), on a second thread while the document is parsed (the
  /// plan JSON digest then costs almost no wall time).
  bool digest_bytes = false;
};

/// Reads a plan from a file; "-" reads standard input.
///
/// Errors (code: meaning; location):
///   io.read               the file cannot be opened or read
///   plan.empty            the input is empty or only white space
///   plan.encoding         UTF-16/UTF-32 text (e.g. PowerShell redirection), or invalid UTF-8
///   plan.too-large        larger than options.max_bytes
///   plan.too-deep         nested deeper than options.max_depth
///   plan.string-too-long  a string or member name is longer than options.max_string_bytes
///   plan.syntax           not valid JSON anywhere in the document (NaN, a number past the range
///                         of a double, a lone surrogate, truncation...; line:column of the byte)
///   plan.wrong-type       a member has the wrong JSON type (JSON pointer of the member)
///   plan.missing-field    a required member is absent (JSON pointer of its parent)
///   plan.format-version   format_version is not "MAJOR.MINOR" or its major is not 0 or 1
///   plan.is-state         the document is a state (`terraform show -json` of a state file)
///   plan.redacted         an HCP Terraform redacted plan, not `terraform show -json` output
///   plan.unknown-actions  an actions list no Terraform or OpenTofu release writes
///   plan.duplicate-key    a member name appears twice in one object (anywhere in the document)
///   plan.not-a-plan       not `terraform show -json` output of a plan: no planned_values and no
///                         resource_changes, or a saved plan file, HCL, the JSON Lines log of
///                         `terraform plan -json`, text before the JSON, provider schema JSON
///   plan.duplicate-address two resource changes share address and deposed key
///
/// Linear in the input size; the Plan holds the input text (memory-mapped where possible).
[[nodiscard]] Expected<Plan> load_plan_file(const std::string& path,
                                            const LoadOptions& options = {});

/// Reads a plan from text already in memory; `source_name` is used in diagnostics.
/// Same errors as load_plan_file (io.read excepted).
[[nodiscard]] Expected<Plan> load_plan(std::string_view text, std::string source_name,
                                       const LoadOptions& options = {});

/// Number of resource changes per action.
struct ActionCounts {
  std::array<std::size_t, kAllActions.size()> counts{};
  std::size_t& operator[](Action action) { return counts[static_cast<std::size_t>(action)]; }
  std::size_t operator[](Action action) const {
    return counts[static_cast<std::size_t>(action)];
  }
  std::size_t total() const;
  std::size_t changed() const;  ///< everything but no-op and read
};

/// Counts plan.resource_changes by action.
ActionCounts count_actions(const Plan& plan);

/// True when applying the plan would change nothing: it is not errored, not incomplete
/// (`complete` is not false), not marked `applyable: true`, defers nothing, and every resource
/// change is a no-op that neither moves (previous_address) nor imports, and every output
/// change is a no-op. Data sources to read (action read) count as something to apply. Drift
/// (resource_drift) alone does not: Terraform marks such a plan `applyable: false`.
bool nothing_to_apply(const Plan& plan);

}  // namespace gate
