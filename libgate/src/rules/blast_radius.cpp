// Blast radius: upper bounds on how many deletes, replaces, deletes and replaces together, and
// changes (everything but no-op and read) one plan may make, counting the changes the rule's
// match selects. One finding about the whole plan per bound exceeded.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

// A bound a rule may set, and what it counts.
struct Bound {
  std::string_view key;
  std::string_view noun;  // what is counted, for messages
};

constexpr Bound kBounds[] = {
    {"max_deletes", "deletes"},
    {"max_replaces", "replaces"},
    {"max_deletes_and_replaces", "deletes and replaces"},
    {"max_changes", "changes"},
};

// Counts the matched changes per action and compares them with the bounds.
class BlastRadiusRule final : public Rule {
 public:
  BlastRadiusRule(RuleInfo info, Selector match, std::array<std::optional<std::uint64_t>, 4> max)
      : Rule(std::move(info), std::move(match)), max_(max) {}

  ActionMask inspects(const Environment& /*environment*/) const override { return 0; }

  void check_plan(EvalContext& context) const override {
    ActionCounts counts;
    if (match().any_resource() && match().actions() == kEveryAction) {
      counts = context.counts();
    } else {
      for (const ResourceChange& change : context.plan().resource_changes) {
        if (match().matches(change)) {
          ++counts[change.action];
        }
      }
    }
    const std::size_t deletes = counts[Action::kDelete];
    const std::size_t replaces = counts[Action::kReplace] + counts[Action::kReplaceCreateFirst];
    const std::size_t actual[4] = {deletes, replaces, deletes + replaces, counts.changed()};
    for (std::size_t i = 0; i < 4; ++i) {
      if (max_[i] && actual[i] > *max_[i]) {
        context.report(*this, nullptr,
                       fmt::format("the plan makes {} {}, more than the {} allowed", actual[i],
                                   kBounds[i].noun, *max_[i]));
      }
    }
  }

 private:
  std::array<std::optional<std::uint64_t>, 4> max_;
};

// Reads the bounds (at least one).
class BlastRadiusKind final : public RuleKind {
 public:
  std::string_view name() const override { return "blast_radius"; }
  std::vector<std::string_view> keys() const override {
    std::vector<std::string_view> out;
    for (const Bound& b : kBounds) {
      out.push_back(b.key);
    }
    return out;
  }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    std::array<std::optional<std::uint64_t>, 4> max;
    bool any = false;
    for (std::size_t i = 0; i < 4; ++i) {
      any = any || rule.contains(std::string(kBounds[i].key));
      max[i] = checker.count(rule, kBounds[i].key, pointer);
    }
    if (!any) {
      checker.error("missing-key",
                    "a blast_radius rule needs at least one of \"max_deletes\", \"max_replaces\", "
                    "\"max_deletes_and_replaces\", \"max_changes\"",
                    pointer);
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<BlastRadiusRule>(std::move(info), std::move(match), max);
  }
};

}  // namespace

const RuleKind& blast_radius_rule_kind() {
  static const BlastRadiusKind kind;
  return kind;
}

}  // namespace gate::detail
