// The compiled contents of a PolicySet: one resolved Environment per policy file, with its
// rules (inheritance applied), waivers, the change dispatch table the evaluator walks, and its
// digest. Built once by the loader, then only read.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "gate/policy.h"
#include "rules/condition.h"
#include "rules/rule.h"
#include "rules/selector.h"

namespace gate::detail {

/// A waiver with its address pattern compiled.
struct CompiledWaiver {
  Waiver waiver;
  std::shared_ptr<const RE2> address;
};

/// An allowlist entry: the changes it selects and what they must satisfy to be allowed.
struct AllowEntry {
  Selector selector;
  std::shared_ptr<const Condition> where;  ///< null: every selected change is allowed
};

/// One environment, resolved.
struct Environment {
  std::string name;
  std::string parent;  ///< the environment it extends directly, or empty
  bool default_deny = false;
  std::vector<std::shared_ptr<const Rule>> rules;  ///< sorted by id
  std::vector<CompiledWaiver> waivers;
  std::vector<DisabledRule> disabled;  ///< rules of the chain this environment's file disables

  // Registered by Rule::prepare.
  std::vector<const AllowEntry*> allow_entries;  ///< every allowlist entry of the environment
  std::size_t allowlist_rules = 0;

  /// For each action (indexed by the Action value), the rules whose check_change sees it.
  std::array<std::vector<const Rule*>, kAllActions.size()> by_action;

  nlohmann::json resolved;  ///< what the digest covers
  std::string digest;
};

/// Every environment of a policy directory, by name, and the digest over all of them.
struct PolicySetData {
  std::map<std::string, Environment, std::less<>> environments;
  std::string digest;

  const Environment* find(std::string_view name) const {
    const auto it = environments.find(name);
    return it == environments.end() ? nullptr : &it->second;
  }
};

/// Access to a PolicySet's data for the library's own code.
struct PolicySetAccess {
  static const PolicySetData* data(const PolicySet& set) { return set.data_.get(); }
  static PolicySet make(std::shared_ptr<const PolicySetData> data) {
    PolicySet set;
    set.data_ = std::move(data);
    return set;
  }
};

}  // namespace gate::detail
