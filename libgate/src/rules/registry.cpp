// The table of rule kinds, and the default behaviour of Rule.
#include "rules/rule.h"

namespace gate::detail {

void Rule::prepare(Environment& /*environment*/, std::vector<std::string>& /*problems*/) const {}

void Rule::check_change(const ResourceChange& /*change*/, EvalContext& /*context*/) const {}

void Rule::check_plan(EvalContext& /*context*/) const {}

const std::vector<const RuleKind*>& rule_kinds() {
  static const std::vector<const RuleKind*> kinds = {
      &allowlist_rule_kind(),    &forbidden_deletion_rule_kind(), &attribute_rule_kind(),
      &blast_radius_rule_kind(), &plan_status_rule_kind(),    &iam_scope_rule_kind(),
      &scp_rule_kind(),          &side_effect_read_rule_kind(), &provider_config_rule_kind(),
      &deployed_code_rule_kind(), &drift_rule_kind(),
  };
  return kinds;
}

const RuleKind* find_rule_kind(std::string_view name) {
  for (const RuleKind* kind : rule_kinds()) {
    if (kind->name() == name) {
      return kind;
    }
  }
  return nullptr;
}

}  // namespace gate::detail
