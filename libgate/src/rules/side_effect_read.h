// The data sources whose read does something besides reading: invoking a function, running a
// program, sending a request. Terraform reads a data source on every plan and, when its
// arguments are known only after apply, once more during apply; each read repeats the effect.
#pragma once

#include <string_view>
#include <vector>

namespace gate::detail {

/// A data source type with side effects, and what reading it does.
struct SideEffectDataSource {
  std::string_view type;
  std::string_view effect;
};

/// The library's table of data sources with side effects. A policy extends it for one rule
/// with the rule's `types` member.
const std::vector<SideEffectDataSource>& side_effect_data_sources();

}  // namespace gate::detail
