// Compiled resource-change selectors.
#include "rules/selector.h"

#include <fmt/format.h>

#include "policy/checker.h"
#include "util/edit_distance.h"

namespace gate::detail {
namespace {

// RE2 syntax for a `*` glob: every other character literal.
std::string glob_to_regex(std::string_view glob) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto star = glob.find('*', start);
    out += RE2::QuoteMeta(re2::StringPiece(
        glob.data() + start, (star == std::string_view::npos ? glob.size() : star) - start));
    if (star == std::string_view::npos) {
      return out;
    }
    out += ".*";
    start = star + 1;
  }
}

}  // namespace

const std::vector<std::string_view>& action_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    out.reserve(kAllActions.size());
    for (Action a : kAllActions) {
      out.push_back(to_string(a));
    }
    return out;
  }();
  return names;
}

std::string describe_actions(ActionMask mask) {
  std::string out;
  for (Action a : kAllActions) {
    if ((mask & action_bit(a)) != 0) {
      out += out.empty() ? "" : ", ";
      out += to_string(a);
    }
  }
  return out;
}

bool Selector::matches_resource(const ResourceChange& change) const {
  if (managed_ && *managed_ != change.managed) {
    return false;
  }
  if (has_types_ && exact_types_.count(change.type) == 0 &&
      (type_globs_ == nullptr || !RE2::FullMatch(change.type, *type_globs_))) {
    return false;
  }
  if (type_pattern_ && !RE2::FullMatch(change.type, *type_pattern_)) {
    return false;
  }
  if (address_ && !RE2::FullMatch(change.address, *address_)) {
    return false;
  }
  if (module_ && !RE2::FullMatch(change.module_address, *module_)) {
    return false;
  }
  if (provider_ && !RE2::FullMatch(change.provider_name, *provider_)) {
    return false;
  }
  return true;
}

bool Selector::any_resource() const {
  return !has_types_ && !type_pattern_ && !address_ && !module_ && !provider_ && !managed_;
}

const std::vector<std::string_view>& Selector::keys() {
  static const std::vector<std::string_view> keys = {
      "types", "type_pattern", "address", "module", "provider", "mode", "actions"};
  return keys;
}

ActionMask Selector::read_actions(const nlohmann::json& object, std::string_view key,
                                  const std::string& pointer, Checker& checker,
                                  ActionMask allowed) {
  const auto names = checker.strings(object, key, pointer);
  if (!names) {
    return kEveryAction & allowed;
  }
  ActionMask mask = 0;
  const std::string list_pointer = child_pointer(pointer, key);
  std::vector<std::string_view> allowed_names;
  for (Action a : kAllActions) {
    if ((allowed & action_bit(a)) != 0) {
      allowed_names.push_back(to_string(a));
    }
  }
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    const std::optional<Action> action = parse_action_name(name);
    const nlohmann::json& written = object.at(std::string(key));
    const std::string p = written.is_array() && written.size() == names->size()
                              ? child_pointer(list_pointer, i)
                              : list_pointer;
    if (!action) {
      checker.error("unknown-action", fmt::format("unknown action \"{}\"", name), p,
                    {suggestion_note(name, allowed_names)});
      continue;
    }
    if ((allowed & action_bit(*action)) == 0) {
      checker.error("unknown-action", fmt::format("action \"{}\" does not apply here", name), p,
                    {"expected one of: " + describe_actions(allowed)});
      continue;
    }
    mask |= action_bit(*action);
  }
  return mask;
}

Selector Selector::read(const nlohmann::json& object, const std::string& pointer,
                        Checker& checker) {
  Selector s;
  if (const auto types = checker.strings(object, "types", pointer)) {
    s.has_types_ = true;
    std::string globs;
    for (const std::string& t : *types) {
      if (t.find('*') == std::string::npos) {
        s.exact_types_.insert(t);
      } else {
        globs += globs.empty() ? "" : "|";
        globs += glob_to_regex(t);
      }
    }
    if (!globs.empty()) {
      s.type_globs_ = checker.regex(globs, child_pointer(pointer, "types"));
    }
  }
  const auto pattern = [&](std::string_view key, std::shared_ptr<const RE2>& out) {
    if (const auto p = checker.string(object, key, pointer)) {
      out = checker.regex(*p, child_pointer(pointer, key));
    }
  };
  pattern("type_pattern", s.type_pattern_);
  pattern("address", s.address_);
  pattern("module", s.module_);
  pattern("provider", s.provider_);
  if (const auto mode =
          checker.choice(object, "mode", pointer, {"managed", "data"}, "bad-value", "mode")) {
    s.managed_ = *mode == "managed";
  }
  s.actions_ = read_actions(object, "actions", pointer, checker);
  return s;
}

}  // namespace gate::detail
