// Provider configurations: every provider block of the plan's configuration whose source matches
// the rule's `provider` pattern must be configured for the rule's `region` and name only the
// rule's `accounts` (allowed_account_ids, assume_role role ARNs, any account or ARN in its
// settings or in the root variables they refer to). A setting whose value is not known from
// the configuration is "cannot evaluate".
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "plan/configuration.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

// What a provider configuration may say.
struct ProviderSpec {
  std::shared_ptr<const RE2> provider;  // null: every provider
  std::optional<std::string> region;
  std::optional<std::vector<std::string>> accounts;
};

// Judges provider configurations once per plan.
class ProviderConfigRule final : public Rule {
 public:
  ProviderConfigRule(RuleInfo info, Selector match, ProviderSpec spec)
      : Rule(std::move(info), std::move(match)), spec_(std::move(spec)) {}

  ActionMask inspects(const Environment& /*environment*/) const override { return 0; }

  void check_plan(EvalContext& context) const override {
    const nlohmann::json* configuration = context.configuration();
    if (configuration == nullptr) {
      return;
    }
    nlohmann::json variables;
    if (context.plan().variables.present()) {
      auto parsed = context.plan().materialise(context.plan().variables);
      if (parsed) {
        variables = std::move(*parsed);
      }
    }
    for (const ProviderConfig& p : provider_configs(*configuration, variables)) {
      if (spec_.provider && !RE2::FullMatch(p.full_name, *spec_.provider)) {
        continue;
      }
      check(p, context);
    }
  }

 private:
  void check(const ProviderConfig& p, EvalContext& context) const {
    std::string address = fmt::format("provider[\"{}\"]", p.full_name);
    if (!p.alias.empty()) {
      address += "." + p.alias;
    }
    if (!p.module_address.empty()) {
      address = p.module_address + "." + address;
    }
    const std::string pointer =
        child_pointer(child_pointer("/configuration", "provider_config"), p.key);
    if (spec_.region) {
      if (!p.region_set) {
        context.report_at(*this, address, pointer,
                          "cannot evaluate: the configuration sets no region (it would come "
                          "from the environment the plan runs in)");
      } else if (!p.region) {
        context.report_at(*this, address, pointer,
                          "cannot evaluate: the region is not known from the configuration");
      } else if (*p.region != *spec_.region) {
        context.report_at(*this, address, pointer,
                          fmt::format("configured for region {}, not {}", *p.region,
                                      *spec_.region));
      }
    }
    if (!spec_.accounts) {
      return;
    }
    for (const std::string& account : p.accounts) {
      if (std::find(spec_.accounts->begin(), spec_.accounts->end(), account) ==
          spec_.accounts->end()) {
        context.report_at(*this, address, pointer,
                          fmt::format("configured for account {}, not {}", account,
                                      fmt::join(*spec_.accounts, ", ")));
      }
    }
    if (!p.unresolved.empty()) {
      context.report_at(*this, address, pointer,
                        fmt::format("cannot evaluate: {} not known from the configuration",
                                    fmt::join(p.unresolved, ", ")));
    }
  }

  ProviderSpec spec_;
};

// Reads `provider`, `region` and `accounts`.
class ProviderConfigKind final : public RuleKind {
 public:
  std::string_view name() const override { return "provider_config"; }
  std::vector<std::string_view> keys() const override { return {"provider", "region", "accounts"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    ProviderSpec spec;
    if (const auto pattern = checker.string(rule, "provider", pointer)) {
      spec.provider = checker.regex(*pattern, child_pointer(pointer, "provider"));
    }
    spec.region = checker.text(rule, "region", pointer);
    spec.accounts = checker.strings(rule, "accounts", pointer);
    if (!spec.region && !spec.accounts) {
      checker.error("missing-key", "a provider_config rule needs \"region\" or \"accounts\"",
                    pointer);
    }
    if (rule.contains("match")) {
      checker.error("bad-value",
                    "a provider_config rule judges provider blocks; use \"provider\" rather than "
                    "\"match\"",
                    child_pointer(pointer, "match"));
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<ProviderConfigRule>(std::move(info), std::move(match),
                                                std::move(spec));
  }
};

}  // namespace

const RuleKind& provider_config_rule_kind() {
  static const ProviderConfigKind kind;
  return kind;
}

}  // namespace gate::detail
