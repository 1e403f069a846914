// PolicySet accessors and enforcement-level names.
#include <fmt/format.h>

#include "gate/policy.h"
#include "policy/policy_set_data.h"
#include "util/edit_distance.h"

namespace gate {

std::string_view to_string(Enforcement enforcement) {
  switch (enforcement) {
    case Enforcement::kAdvisory:
      return "advisory";
    case Enforcement::kSoftMandatory:
      return "soft-mandatory";
    case Enforcement::kHardMandatory:
      return "hard-mandatory";
  }
  return "hard-mandatory";
}

std::optional<Enforcement> parse_enforcement(std::string_view name) {
  for (Enforcement e :
       {Enforcement::kAdvisory, Enforcement::kSoftMandatory, Enforcement::kHardMandatory}) {
    if (to_string(e) == name) {
      return e;
    }
  }
  return std::nullopt;
}

bool blocks(Enforcement enforcement) { return enforcement != Enforcement::kAdvisory; }

PolicySet::PolicySet() = default;
PolicySet::~PolicySet() = default;
PolicySet::PolicySet(const PolicySet&) = default;
PolicySet& PolicySet::operator=(const PolicySet&) = default;
PolicySet::PolicySet(PolicySet&&) noexcept = default;
PolicySet& PolicySet::operator=(PolicySet&&) noexcept = default;

namespace {

const detail::Environment* find(const std::shared_ptr<const detail::PolicySetData>& data,
                                std::string_view name) {
  return data ? data->find(name) : nullptr;
}

}  // namespace

std::vector<std::string> PolicySet::environments() const {
  std::vector<std::string> out;
  if (data_) {
    for (const auto& [name, env] : data_->environments) {
      out.push_back(name);
    }
  }
  return out;
}

bool PolicySet::has_environment(std::string_view environment) const {
  return find(data_, environment) != nullptr;
}

std::vector<RuleInfo> PolicySet::rules(std::string_view environment) const {
  std::vector<RuleInfo> out;
  if (const detail::Environment* env = find(data_, environment)) {
    for (const auto& rule : env->rules) {
      out.push_back(rule->info());
    }
  }
  return out;
}

std::vector<Waiver> PolicySet::waivers(std::string_view environment) const {
  std::vector<Waiver> out;
  if (const detail::Environment* env = find(data_, environment)) {
    for (const detail::CompiledWaiver& w : env->waivers) {
      out.push_back(w.waiver);
    }
  }
  return out;
}

std::vector<DisabledRule> PolicySet::disabled(std::string_view environment) const {
  const detail::Environment* env = find(data_, environment);
  return env != nullptr ? env->disabled : std::vector<DisabledRule>();
}

bool PolicySet::default_deny(std::string_view environment) const {
  const detail::Environment* env = find(data_, environment);
  return env != nullptr && env->default_deny;
}

std::string PolicySet::parent(std::string_view environment) const {
  const detail::Environment* env = find(data_, environment);
  return env != nullptr ? env->parent : std::string();
}

nlohmann::json PolicySet::resolved(std::string_view environment) const {
  const detail::Environment* env = find(data_, environment);
  return env != nullptr ? env->resolved : nlohmann::json();
}

std::string PolicySet::digest(std::string_view environment) const {
  const detail::Environment* env = find(data_, environment);
  return env != nullptr ? env->digest : std::string();
}

std::string PolicySet::digest() const { return data_ ? data_->digest : std::string(); }

std::optional<Diagnostic> PolicySet::check_environment(std::string_view environment) const {
  if (has_environment(environment)) {
    return std::nullopt;
  }
  const std::vector<std::string> names = environments();
  const std::vector<std::string_view> views(names.begin(), names.end());
  Diagnostic d = make_diagnostic(
      "policy.unknown-environment",
      fmt::format("there is no policy for environment \"{}\"", environment));
  d.notes.push_back(names.empty() ? std::string("the policy set has no environments")
                                  : detail::suggestion_note(environment, views));
  return d;
}

}  // namespace gate
