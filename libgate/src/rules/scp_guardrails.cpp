// SCP guardrails over the organization's plan (one check per rule, chosen by `check`):
// `documents` (every SCP valid JSON and a valid policy, at most `max_bytes` as written, no
// Principal), `attachments` (at most `limit` SCPs attached directly to one target, counting
// `implicit` ones AWS attaches itself), and `guards` (the Deny guards the governed OU must be
// covered by). Findings name the SCP, the target or the OU. Built on gate/scp.h.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "gate/scp.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

using json = nlohmann::json;

enum class Check { kDocuments, kAttachments, kGuards };

struct Params {
  Check check = Check::kDocuments;
  std::size_t max_bytes = 5120;
  std::size_t limit = 5;
  std::size_t implicit = 1;
  std::string governed_ou;
  std::vector<scp::Guard> guards;
};

class ScpRule final : public Rule {
 public:
  ScpRule(RuleInfo info, Selector match, Params params)
      : Rule(std::move(info), std::move(match)), params_(std::move(params)) {}

  ActionMask inspects(const Environment& /*environment*/) const override { return 0; }

  void check_plan(EvalContext& context) const override {
    auto org = scp::read_organization(context.plan());
    if (!org) {
      context.report(*this, nullptr,
                     fmt::format("cannot evaluate the SCPs: {}", org.error().front().message));
      return;
    }
    std::vector<scp::Issue> issues;
    switch (params_.check) {
      case Check::kDocuments:
        issues = scp::check_documents(*org, params_.max_bytes);
        break;
      case Check::kAttachments:
        issues = scp::check_attachment_counts(*org, params_.limit, params_.implicit);
        break;
      case Check::kGuards:
        issues = scp::check_required_guards(*org, params_.governed_ou, params_.guards);
        break;
    }
    for (const scp::Issue& issue : issues) {
      const ResourceChange* change = nullptr;
      for (const ResourceChange& rc : context.plan().resource_changes) {
        if (rc.address == issue.address) {
          change = &rc;
        }
      }
      if (change != nullptr) {
        context.report(*this, change, issue.detail.message);
      } else {
        context.report_at(*this, issue.address, "", issue.detail.message);
      }
    }
  }

 private:
  Params params_;
};

class ScpKind final : public RuleKind {
 public:
  std::string_view name() const override { return "scp"; }
  std::vector<std::string_view> keys() const override {
    return {"check", "max_bytes", "limit", "implicit", "governed_ou", "guards"};
  }
  std::vector<std::string_view> required_keys() const override { return {"check"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    Params params;
    const auto check = checker.choice(rule, "check", pointer,
                                      {"documents", "attachments", "guards"}, "unknown-check",
                                      "SCP check");
    if (check) {
      params.check = *check == "documents"     ? Check::kDocuments
                     : *check == "attachments" ? Check::kAttachments
                                               : Check::kGuards;
    }
    if (auto v = checker.count(rule, "max_bytes", pointer)) {
      params.max_bytes = *v;
    }
    if (auto v = checker.count(rule, "limit", pointer)) {
      params.limit = *v;
    }
    if (auto v = checker.count(rule, "implicit", pointer)) {
      params.implicit = *v;
    }
    if (params.check == Check::kGuards) {
      if (auto ou = checker.text(rule, "governed_ou", pointer)) {
        params.governed_ou = *ou;
      } else if (!rule.contains("governed_ou")) {
        checker.error("missing-key", "check \"guards\" needs \"governed_ou\"", pointer);
      }
      read_guards(rule, pointer, checker, params.guards);
    }
    if (rule.contains("match")) {
      checker.error("bad-value", "an scp rule judges the organization as a whole; \"match\" does not apply",
                    child_pointer(pointer, "match"));
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<ScpRule>(std::move(info), std::move(match), std::move(params));
  }

 private:
  static void read_guards(const json& rule, const std::string& pointer, Checker& checker,
                          std::vector<scp::Guard>& out) {
    const std::string guards_pointer = child_pointer(pointer, "guards");
    if (!rule.contains("guards") || !rule["guards"].is_array() || rule["guards"].empty()) {
      checker.error("missing-key", "check \"guards\" needs a non-empty \"guards\" list",
                    rule.contains("guards") ? guards_pointer : pointer);
      return;
    }
    for (std::size_t i = 0; i < rule["guards"].size(); ++i) {
      const json& g = rule["guards"][i];
      const std::string p = child_pointer(guards_pointer, i);
      if (!checker.object(g, p, {"name", "actions", "resource_within", "condition_key", "allowed_values"},
                          {"name", "actions"}, "a guard")) {
        continue;
      }
      scp::Guard guard;
      guard.name = checker.text(g, "name", p).value_or("");
      guard.actions = checker.strings(g, "actions", p).value_or(std::vector<std::string>{});
      guard.resource_within = checker.text(g, "resource_within", p).value_or("");
      guard.condition_key = checker.text(g, "condition_key", p).value_or("");
      guard.allowed_values = checker.strings(g, "allowed_values", p).value_or(std::vector<std::string>{});
      if (guard.condition_key.empty() != guard.allowed_values.empty()) {
        checker.error("bad-value", "\"condition_key\" and \"allowed_values\" go together", p);
      }
      out.push_back(std::move(guard));
    }
  }
};

}  // namespace

const RuleKind& scp_rule_kind() {
  static const ScpKind kind;
  return kind;
}

}  // namespace gate::detail
