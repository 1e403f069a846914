// evaluate(): walks the plan's resource changes once, handing each to the rules that inspect
// its action, then runs the plan-level checks, applies waivers and decides the verdict.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "eval/drift.h"
#include "eval/eval_context.h"
#include "gate/digest.h"
#include "gate/drift.h"
#include "gate/evaluate.h"
#include "gate/sensitive_values.h"
#include "policy/policy_set_data.h"

namespace gate {

std::string_view to_string(Verdict verdict) {
  return verdict == Verdict::kPass ? "pass" : "fail";
}

std::size_t Decision::blocking_count() const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.blocking(); }));
}

std::size_t Decision::count(Enforcement level) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return !f.waived && f.enforcement == level;
  }));
}

std::size_t Decision::waived_count() const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.waived; }));
}

namespace {

Finding expired_waiver_finding(const Waiver& w) {
  Finding f;
  f.rule = std::string(kExpiredWaiverRule);
  f.title = "Expired waiver";
  f.enforcement = Enforcement::kHardMandatory;
  f.message = fmt::format(
      "the waiver of {} for addresses matching \"{}\" (owner: {}) expired on {}; renew or remove "
      "it",
      w.rule, w.address, w.owner, to_string(w.expires));
  return f;
}

void apply_waivers(const detail::Environment& env, const Date& today,
                   std::vector<Finding>& findings) {
  std::vector<const detail::CompiledWaiver*> active;
  for (const detail::CompiledWaiver& w : env.waivers) {
    if (today < w.waiver.expires || today == w.waiver.expires) {
      active.push_back(&w);
    } else {
      findings.push_back(expired_waiver_finding(w.waiver));
    }
  }
  if (active.empty()) {
    return;
  }
  for (Finding& f : findings) {
    for (const detail::CompiledWaiver* w : active) {
      if (w->waiver.rule == f.rule && RE2::FullMatch(f.address, *w->address)) {
        f.waived = true;
        f.waiver = w->waiver;
        break;
      }
    }
  }
}

// What an evaluation judges: the planned changes (with the drift the plan's refresh found, at
// the drift rules' check level), or the drift alone.
enum class Judged { kPlan, kDrift };

ActionCounts count_drift(const Plan& plan) {
  ActionCounts counts;
  for (const ResourceChange& drift : plan.resource_drift) {
    ++counts[drift.action];
  }
  return counts;
}

Expected<Decision> evaluate_judged(const PolicySet& policies, const Plan& plan,
                                   const EvalOptions& options, Judged judged) {
  if (auto unknown = policies.check_environment(options.environment)) {
    return Unexpected{std::move(*unknown)};
  }
  const detail::Environment& env =
      *detail::PolicySetAccess::data(policies)->find(options.environment);
  const Clock& clock = options.clock != nullptr ? *options.clock : system_clock();

  Decision decision;
  decision.environment = env.name;
  decision.changes = judged == Judged::kPlan ? count_actions(plan) : count_drift(plan);
  decision.nothing_to_apply = nothing_to_apply(plan);
  detail::EvalContext context(plan, env, decision.changes);
  context.set_artifacts(options.artifacts);
  if (judged == Judged::kDrift) {
    detail::judge_drift(context, detail::DriftPass::kDrift);
    if (context.failed()) {
      return Unexpected{context.errors()};
    }
  }
  static const std::vector<ResourceChange> kNone;
  for (const ResourceChange& change : judged == Judged::kPlan ? plan.resource_changes : kNone) {
    for (const detail::Rule* rule : env.by_action[static_cast<std::size_t>(change.action)]) {
      if (rule->match().matches_resource(change)) {
        rule->check_change(change, context);
        if (context.failed()) {
          return Unexpected{context.errors()};
        }
      }
    }
  }
  if (judged == Judged::kPlan) {
    for (const auto& rule : env.rules) {
      rule->check_plan(context);
    }
    detail::judge_drift(context, detail::DriftPass::kCheck);
  }
  if (context.failed()) {
    return Unexpected{context.errors()};
  }
  std::vector<Finding>& findings = context.findings();
  apply_waivers(env, date_of(clock.now()), findings);
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.rule, a.address, a.message, a.waived) <
           std::tie(b.rule, b.address, b.message, b.waived);
  });
  decision.findings = std::move(findings);
  // Findings may quote plan values: none leaves the library with a sensitive one.
  if (options.sensitive != nullptr) {
    mask_findings(decision, *options.sensitive);
  } else {
    auto sensitive = collect_sensitive_values(plan);
    if (!sensitive) {
      return Unexpected{sensitive.error()};
    }
    mask_findings(decision, *sensitive);
  }
  decision.verdict = decision.blocking_count() == 0 ? Verdict::kPass : Verdict::kFail;
  decision.policy_digest = env.digest;
  decision.disabled = env.disabled;
  decision.plan_digest =
      plan.bytes_digest().empty() ? digest_bytes(plan.bytes()) : plan.bytes_digest();
  if (options.semantic_digest) {
    auto semantic = semantic_plan_digest(plan);
    if (!semantic) {
      return Unexpected{semantic.error()};
    }
    decision.semantic_digest = std::move(*semantic);
  }
  return decision;
}

}  // namespace

Expected<Decision> evaluate(const PolicySet& policies, const Plan& plan,
                            const EvalOptions& options) {
  return evaluate_judged(policies, plan, options, Judged::kPlan);
}

Expected<Decision> evaluate_drift(const PolicySet& policies, const Plan& plan,
                                  const EvalOptions& options) {
  return evaluate_judged(policies, plan, options, Judged::kDrift);
}

}  // namespace gate
