// The tags an AWS resource will carry: its own `tags` merged over the provider's `default_tags`
// from the plan's configuration, as the provider computes `tags_all`. Lets a tag rule
// (`/tags/KEY` or `/tags_all/KEY`) be right whether the tag is set on the resource or by
// default, and judge it when `tags_all` is unknown until apply but the tag itself is known.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "gate/plan.h"

#include "rules/json_path.h"

namespace gate::detail {

class EvalContext;

/// What a tag path resolves to.
struct EffectiveTag {
  bool unknown = false;  ///< the tag cannot be known until apply
  std::string why;       ///< when unknown: what makes it so
  std::optional<nlohmann::json>
      value;  ///< the tag's value; nullopt: the resource will not carry it
};

/// For a path `/tags/KEY` or `/tags_all/KEY` into a managed resource of the AWS provider, the
/// tag the resource will carry (side `after`) or carries (side `before`): `tags_all` where it is
/// known, otherwise the resource's `tags` over the `default_tags` of the provider configuration
/// the resource uses. When the resource's tags are unknown until apply but a default tag of
/// that key exists, the tag is known to be present: with `needs_value` false (exists, absent)
/// that is an answer; with `needs_value` its value is unknown. nullopt for any other path or
/// resource, and for a plan without a configuration: read the path as written.
std::optional<EffectiveTag> effective_tag(const ResourceChange& change, bool after,
                                          const JsonPath& path, bool needs_value,
                                          EvalContext& context);

}  // namespace gate::detail
