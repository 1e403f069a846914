// Policy sets: the rules tfgate enforces, per environment, read from JSON files (comments
// allowed) and compiled once into an immutable PolicySet.
//
// A policy directory holds one file per environment (`dev.json`, `staging.json`, `prod.json`,
// ...; the environment is the file name without `.json`) and optionally `platform.json`, the
// organisation's values that rules reference as {"$platform": "dotted.name"}. An environment may
// `extend` another: it inherits the parent's rules, overrides one by re-declaring its id, and may
// add rules. Waivers are not inherited. policies/README.md and policies/schema/ describe the
// format; the rule kinds are allowlist, forbidden_deletion, attribute, blast_radius and
// plan_status.
//
//   gate::Expected<gate::PolicySet> policies = gate::load_policy_dir("policies");
//   if (!policies) { std::cerr << gate::render(policies.error()); return 1; }
//   for (const gate::RuleInfo& rule : policies->rules("prod")) std::cout << rule.id << '\n';
//
// Loading reports every problem of every file at once, each located (file, line:column, JSON
// pointer) and, for misspelt names, with a "did you mean" note. Unknown members are errors.
//
// Thread-safety: a PolicySet is immutable and copies share its compiled data; any number of
// threads may evaluate plans against one PolicySet at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/clock.h"
#include "gate/diagnostic.h"
#include "gate/expected.h"

namespace gate {

/// How a finding of a rule affects the verdict.
enum class Enforcement {
  kAdvisory,       ///< reported, never blocks
  kSoftMandatory,  ///< blocks unless an authorised override is recorded in the sign-off
  kHardMandatory,  ///< blocks; no override, no waiver
};

/// "advisory", "soft-mandatory" or "hard-mandatory".
std::string_view to_string(Enforcement enforcement);

/// Parses a name written by to_string(Enforcement); nullopt for anything else.
std::optional<Enforcement> parse_enforcement(std::string_view name);

/// True for the levels that make the verdict fail (soft- and hard-mandatory).
bool blocks(Enforcement enforcement);

/// What every rule declares, whatever its kind.
struct RuleInfo {
  std::string id;            ///< stable identifier, e.g. "DEL-001"
  std::string title;         ///< one line
  std::string kind;          ///< "allowlist", "forbidden_deletion", "attribute", ...
  Enforcement enforcement = Enforcement::kHardMandatory;
  std::string description;   ///< optional paragraph
  std::string help;          ///< optional remediation text (Markdown)
  Location location;         ///< where the rule object is declared
};

/// A time-limited exemption of the findings of one rule on some addresses.
struct Waiver {
  std::string rule;     ///< rule id
  std::string address;  ///< RE2 pattern that must match the whole resource address
  std::string reason;
  std::string owner;
  Date expires;         ///< last day (UTC) on which the waiver applies
  Location location;    ///< where the waiver is declared
};

/// A rule an environment switches off (`disable` in its file), with the required reason. Not
/// inherited: an environment extending this one has the rule again unless it disables it too.
struct DisabledRule {
  std::string rule;    ///< rule id
  std::string reason;  ///< why the rule does not apply here
  Location location;   ///< where the entry is declared
};

/// A policy file given as text; the environment is the file name without directory and `.json`
/// (or `.jsonc`),
/// and `platform.json` holds the platform values; `trust.json` (verify's trust file) is not
/// read.
struct PolicySource {
  std::string path;
  std::string text;
};

namespace detail {
struct PolicySetData;
struct PolicySetAccess;
}  // namespace detail

/// The compiled policies of every environment of one directory.
class PolicySet {
 public:
  PolicySet();
  ~PolicySet();
  PolicySet(const PolicySet&);
  PolicySet& operator=(const PolicySet&);
  PolicySet(PolicySet&&) noexcept;
  PolicySet& operator=(PolicySet&&) noexcept;

  /// The environment names, sorted.
  std::vector<std::string> environments() const;

  /// True when `environment` is one of environments().
  bool has_environment(std::string_view environment) const;

  /// An environment's rules with inheritance applied, sorted by id; empty for an unknown one.
  std::vector<RuleInfo> rules(std::string_view environment) const;

  /// The waivers declared by an environment's own file.
  std::vector<Waiver> waivers(std::string_view environment) const;

  /// The rules the environment's own file disables, in file order.
  std::vector<DisabledRule> disabled(std::string_view environment) const;

  /// True when the environment's `default` is "deny" (its allowlist rules apply).
  bool default_deny(std::string_view environment) const;

  /// The environment it extends directly; empty when none.
  std::string parent(std::string_view environment) const;

  /// The resolved form of an environment: inheritance applied, platform references replaced,
  /// comments gone. {"version", "environment", "default", "rules" (sorted by id), "waivers"}.
  /// Null for an unknown environment.
  nlohmann::json resolved(std::string_view environment) const;

  /// "sha256:<hex>" of the RFC 8785 canonical form of resolved(environment): what a decision
  /// for that environment records. Changes with any rule or waiver, not with comments or
  /// white space. Empty for an unknown environment.
  std::string digest(std::string_view environment) const;

  /// "sha256:<hex>" over every environment's resolved form.
  std::string digest() const;

  /// A policy.unknown-environment diagnostic for a name that is not an environment, with a
  /// "did you mean" note or the list of environments; nullopt when the name is known.
  std::optional<Diagnostic> check_environment(std::string_view environment) const;

 private:
  friend struct detail::PolicySetAccess;
  std::shared_ptr<const detail::PolicySetData> data_;
};

/// Limits on policy input.
struct PolicyLoadOptions {
  std::size_t max_file_bytes = std::size_t{16} << 20;  ///< largest policy file (16 MiB)
  std::size_t max_depth = 64;                          ///< deepest nesting
  /// Also run the lint checks (`tfgate policy lint`): types and attribute paths against the
  /// AWS provider schema, and selections that can match nothing (see the policy.* lint codes).
  bool lint = false;
};

/// Loads every `*.json` and `*.jsonc` file directly inside `dir` (sub-directories such as
/// schema/ and tests/ are not read; `trust.json` is verify's trust file).
///
/// Errors (all of them, sorted by file, line and column):
///   io.read                      the directory or a file cannot be read
///   policy.no-policies           the directory holds no environment file
///   policy.too-large             a file is larger than options.max_file_bytes
///   policy.encoding              a file is not UTF-8
///   policy.syntax                not JSON (comments allowed), or an unterminated comment
///   policy.too-deep              nested deeper than options.max_depth
///   policy.duplicate-key         a member appears twice in one object
///   policy.bad-environment       a file name is not a valid environment name
///   policy.unknown-key           a member the format does not define (did-you-mean note)
///   policy.missing-key           a required member is absent
///   policy.wrong-type            a member has the wrong JSON type
///   policy.bad-value             a value outside its allowed set or range (did-you-mean note)
///   policy.unknown-kind          `kind` is not a rule kind (did-you-mean note)
///   policy.bad-enforcement       `enforcement` is not a level (did-you-mean note)
///   policy.unknown-action        an action name is unknown (did-you-mean note)
///   policy.bad-id                a rule id is not of the form ABC-123
///   policy.duplicate-id          two rules of one file share an id
///   policy.bad-regex             an RE2 pattern does not compile (RE2's reason)
///   policy.bad-pointer           a JSON pointer is not valid RFC 6901
///   policy.bad-date              a date is not a real YYYY-MM-DD day
///   policy.unknown-platform-ref  {"$platform": name} names no platform value (did-you-mean)
///   policy.missing-parent        `extends` names no environment (did-you-mean note)
///   policy.extends-cycle         environments extend each other in a cycle
///   policy.default-deny          "default": "deny" without an allowlist rule, or an allowlist
///                                rule where the default is "allow"
///   policy.waiver-unknown-rule   a waiver names a rule the environment does not have
///   policy.waiver-hard-mandatory a waiver names a hard-mandatory rule (those cannot be waived)
///   policy.disable-unknown-rule  `disable` names a rule the environment does not have
///   policy.duplicate-environment two files (`x.json`, `x.jsonc`) declare one environment
/// With options.lint, also:
///   policy.unknown-type          an `aws_` type the pinned AWS provider does not have, or a
///                                glob none of its types matches (did-you-mean note)
///   policy.unknown-attribute     a path's attribute is not in the selected type's schema
///   policy.matches-nothing       a rule or entry that can select no change (a name that is no
///                                type, a mode its types exclude, no action in common, disabled
///                                or scoped out everywhere, an `environments` entry without it)
[[nodiscard]] Expected<PolicySet> load_policy_dir(const std::string& dir,
                                                  const PolicyLoadOptions& options = {});

/// Loads policy files already in memory. Same errors as load_policy_dir (io.read excepted).
[[nodiscard]] Expected<PolicySet> load_policies(const std::vector<PolicySource>& sources,
                                                const PolicyLoadOptions& options = {});

}  // namespace gate
