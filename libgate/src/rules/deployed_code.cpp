// Deployed code: the code a created, updated or replaced Lambda function or layer version
// deploys (gate/deployed.h) must be a bound app artifact. Code from a local file (`filename`)
// is never a bound artifact; where artifacts are bound (EvalOptions::artifacts, `--artifact`),
// the code's SHA-256 (source_code_hash, or the one the S3 key names) must be one of theirs,
// and the key and source_code_hash must agree. With `require_artifacts`, a plan judged without
// bound artifacts is a finding too.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "gate/deployed.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

constexpr ActionMask kDeploying =
    action_bit(Action::kCreate) | action_bit(Action::kUpdate) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kForgetAndCreate);

// Compares deployed code with the bound artifacts.
class DeployedCodeRule final : public Rule {
 public:
  DeployedCodeRule(RuleInfo info, Selector match, bool require_artifacts)
      : Rule(std::move(info), std::move(match)), require_artifacts_(require_artifacts) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    return match().actions() & kDeploying;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    if (!deploys_code(change)) {
      return;
    }
    const nlohmann::json* after = context.value(change, EvalContext::Value::kAfter);
    const nlohmann::json* unknown = context.value(change, EvalContext::Value::kAfterUnknown);
    const nlohmann::json* sensitive = context.value(change, EvalContext::Value::kAfterSensitive);
    if (after == nullptr || unknown == nullptr || sensitive == nullptr) {
      return;
    }
    const auto& bound = context.artifacts();
    for (const DeployedArtifact& a : deployed_by(change, *after, *unknown, *sensitive)) {
      if (a.location.rfind("layer:", 0) == 0) {
        continue;  // layers: allow-entry conditions judge whose they are
      }
      if (a.location.rfind("file:", 0) == 0) {
        context.report(*this, &change,
                       fmt::format("deploys code from a local file ({}), not from a bound app "
                                   "artifact",
                                   a.location.substr(5)));
        continue;
      }
      const std::string named = location_sha256(a.location);
      if (!named.empty() && !a.digest.empty() && named != a.digest) {
        context.report(*this, &change,
                       fmt::format("the code's location names {} but its source_code_hash is {}",
                                   named, a.digest));
        continue;
      }
      if (bound.empty()) {
        if (require_artifacts_) {
          context.report(*this, &change,
                         "no app artifact is bound (--artifact NAME=PATH), so the deployed code "
                         "cannot be checked");
        }
        continue;
      }
      if (a.digest.empty()) {
        context.report(*this, &change,
                       fmt::format("cannot evaluate: the digest of the deployed code ({}) is not "
                                   "known from the plan",
                                   a.location));
        continue;
      }
      bool found = false;
      for (const auto& item : bound) {
        found = found || item.second == a.digest;
      }
      if (!found) {
        std::vector<std::string> names;
        names.reserve(bound.size());
        for (const auto& item : bound) {
          names.push_back(fmt::format("{} {}", item.first, item.second));
        }
        context.report(*this, &change,
                       fmt::format("deploys {} ({}), which is none of the bound app artifacts "
                                   "({})",
                                   a.location, a.digest, fmt::join(names, ", ")));
      }
    }
  }

 private:
  bool require_artifacts_;
};

// Reads `require_artifacts`.
class DeployedCodeKind final : public RuleKind {
 public:
  std::string_view name() const override { return "deployed_code"; }
  std::vector<std::string_view> keys() const override { return {"require_artifacts"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    const bool require = checker.boolean(rule, "require_artifacts", pointer).value_or(false);
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<DeployedCodeRule>(std::move(info), std::move(match), require);
  }
};

}  // namespace

const RuleKind& deployed_code_rule_kind() {
  static const DeployedCodeKind kind;
  return kind;
}

}  // namespace gate::detail
