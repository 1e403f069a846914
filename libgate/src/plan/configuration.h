// Looking up a resource's block in the plan's `configuration` (which carries no values, only
// expressions): whether an attribute is written in the code, and what it refers to. Used where
// values are unknown until apply: a computed attribute nobody configured is not an unknown
// policy, and an attachment's unknown target is resolved through its reference.
#pragma once

#include <optional>
#include <string>

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

}  // namespace gate::detail
