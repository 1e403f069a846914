// Resolving a tag through tags_all, the resource's tags and the provider's default_tags.
#include "rules/effective_tags.h"

#include "eval/eval_context.h"
#include "plan/configuration.h"

namespace gate::detail {
namespace {

bool is_aws(const ResourceChange& change) {
  const std::string_view suffix = "hashicorp/aws";
  const std::string& p = change.provider_name;
  return p.size() >= suffix.size() &&
         p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0;
}

EffectiveTag unknown(std::string why) {
  EffectiveTag t;
  t.unknown = true;
  t.why = std::move(why);
  return t;
}

EffectiveTag known(const nlohmann::json* value) {
  EffectiveTag t;
  if (value != nullptr && !value->is_null()) {
    t.value = *value;
  }
  return t;
}

// The provider's default tag `key` for `change`, from its provider configuration block.
EffectiveTag default_tag(const ResourceChange& change, const std::string& key,
                         EvalContext& context) {
  const nlohmann::json* configuration = context.configuration();
  if (configuration == nullptr || !configuration->is_object()) {
    return unknown("the plan has no configuration to read the provider's default_tags from");
  }
  const nlohmann::json* block = resource_configuration(*configuration, change);
  const auto providers = configuration->find("provider_config");
  if (block == nullptr || !block->contains("provider_config_key") ||
      providers == configuration->end() || !providers->is_object()) {
    return unknown("the resource's provider configuration is not in the plan");
  }
  const nlohmann::json& config_key = (*block)["provider_config_key"];
  const auto provider =
      config_key.is_string() ? providers->find(config_key.get<std::string>()) : providers->end();
  if (provider == providers->end() || !provider->is_object()) {
    return unknown("the resource's provider configuration is not in the plan");
  }
  const nlohmann::json* expressions =
      provider->contains("expressions") ? &(*provider)["expressions"] : nullptr;
  if (expressions == nullptr || !expressions->is_object() ||
      !expressions->contains("default_tags")) {
    return known(nullptr);  // no default_tags: the resource's own tags are all it gets
  }
  const nlohmann::json& blocks = (*expressions)["default_tags"];
  if (!blocks.is_array() || blocks.empty()) {
    return known(nullptr);
  }
  if (blocks.size() != 1 || !blocks[0].is_object()) {
    return unknown("the provider's default_tags are not a single block");
  }
  if (!blocks[0].contains("tags")) {
    return known(nullptr);
  }
  const nlohmann::json& tags = blocks[0]["tags"];
  if (!tags.is_object() || !tags.contains("constant_value") ||
      !tags["constant_value"].is_object()) {
    return unknown("the provider's default_tags are not written as constants");
  }
  const nlohmann::json& constants = tags["constant_value"];
  const auto it = constants.find(key);
  return known(it == constants.end() ? nullptr : &*it);
}

}  // namespace

std::optional<EffectiveTag> effective_tag(const ResourceChange& change, bool after,
                                          const JsonPath& path, bool needs_value,
                                          EvalContext& context) {
  if (!change.managed || !is_aws(change) || path.tokens.size() != 2 ||
      (path.tokens[0] != "tags" && path.tokens[0] != "tags_all")) {
    return std::nullopt;
  }
  // Without a configuration (hand-written plans) there are no default_tags to read: the path is
  // read as written.
  const nlohmann::json* configuration = context.configuration();
  if (configuration == nullptr || !configuration->is_object()) {
    return std::nullopt;
  }
  const std::string& key = path.tokens[1];
  const nlohmann::json* values =
      context.value(change, after ? EvalContext::Value::kAfter : EvalContext::Value::kBefore);
  if (values == nullptr || !values->is_object()) {
    return std::nullopt;
  }
  const JsonPath tags_all{"/tags_all", {"tags_all"}};
  const JsonPath tags{"/tags", {"tags"}};
  if (!after) {
    // State values are known: tags_all there is what the resource carries.
    const nlohmann::json* all = find_at(*values, tags_all);
    if (all == nullptr || !all->is_object()) {
      return std::nullopt;
    }
    return known(all->contains(key) ? &(*all)[key] : nullptr);
  }
  const nlohmann::json* after_unknown = context.value(change, EvalContext::Value::kAfterUnknown);
  if (after_unknown == nullptr) {
    return std::nullopt;
  }
  const nlohmann::json* all = find_at(*values, tags_all);
  if (all != nullptr && all->is_object() &&
      unknown_at(*after_unknown, tags_all) == Unknownness::kKnown) {
    return known(all->contains(key) ? &(*all)[key] : nullptr);
  }
  // tags_all is unknown until apply (or absent): rebuild the tag from its two sources. The
  // resource's own tags win over default_tags but cannot take a default tag away.
  const EffectiveTag by_default = default_tag(change, key, context);
  const JsonPath own_tag{"", {"tags", key}};
  if (unknown_at(*after_unknown, tags) == Unknownness::kUnknown) {
    if (by_default.unknown) {
      return by_default;
    }
    if (!by_default.value) {
      return unknown(
          "the resource's tags are unknown until apply, and the provider's "
          "default_tags do not set " +
          key);
    }
    if (needs_value) {
      return unknown(
          "the resource's tags are unknown until apply and may override the "
          "default_tags value");
    }
    return by_default;  // present whatever the resource's tags hold
  }
  if (unknown_at(*after_unknown, own_tag) == Unknownness::kUnknown) {
    if (needs_value) {
      return unknown("the resource sets this tag to a value known only after apply");
    }
    const nlohmann::json placeholder = "(known after apply)";
    return known(&placeholder);
  }
  const nlohmann::json* own = find_at(*values, own_tag);
  if (own != nullptr && !own->is_null()) {
    return known(own);
  }
  return by_default;
}

}  // namespace gate::detail
