// Looking up a resource's block in the plan's `configuration` (which carries no values, only
// expressions): whether an attribute is written in the code, and what it refers to. Used where
// values are unknown until apply: a computed attribute nobody configured is not an unknown
// policy, and an attachment's unknown target is resolved through its reference.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/plan.h"

namespace gate::detail {

/// The configuration block of `change` (its module resolved through module_calls), or nullptr.
const nlohmann::json* resource_configuration(const nlohmann::json& configuration,
                                             const ResourceChange& change);

/// True when the resource's block sets `attribute` (an argument or a nested block).
bool is_configured(const nlohmann::json& configuration, const ResourceChange& change,
                   const std::string& attribute);

/// The resource `attribute` refers to, as "ref:<module address.>type.name" (data sources keep
/// their "data." prefix); nullopt when it refers to no resource.
std::optional<std::string> configured_reference(const nlohmann::json& configuration,
                                                const ResourceChange& change,
                                                const std::string& attribute);

/// One provider configuration (`configuration.provider_config`), with the settings rules judge
/// resolved where the configuration and the root module's variables make them known.
struct ProviderConfig {
  std::string key;             ///< member name: "aws", "aws.east", "module.app:aws"
  std::string name;            ///< local name, e.g. "aws"
  std::string full_name;       ///< provider source, e.g. "registry.terraform.io/hashicorp/aws"
  std::string alias;           ///< empty for the default configuration
  std::string module_address;  ///< empty in the root module
  bool region_set = false;     ///< the block sets `region`
  std::optional<std::string> region;  ///< its value, when known at plan time
  /// AWS account ids the block names: in constants (allowed_account_ids, assume_role role_arn,
  /// any ARN) and in the values of root-module variables its expressions refer to.
  std::vector<std::string> accounts;
  /// Expressions whose value is not known from the configuration (module variables, locals,
  /// resource attributes), by attribute path, e.g. "assume_role.role_arn".
  std::vector<std::string> unresolved;
};

/// The provider configurations of `configuration`, sorted by key; `variables` is the plan's
/// `variables` member (null when absent).
std::vector<ProviderConfig> provider_configs(const nlohmann::json& configuration,
                                             const nlohmann::json& variables);

}  // namespace gate::detail
