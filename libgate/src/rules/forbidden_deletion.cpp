// Forbidden deletions: delete, replace (in either order), forget and forget-and-create of
// protected resources. A resource is protected when it matches one `protect` entry (by type,
// address, module or provider, by the value of an attribute such as the bucket name, or by
// tags), or, without `protect`, when the rule's match selects it. Attribute and tag values are
// read from `before` (the existing object) and only for changes that would remove an object.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/json_path.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

constexpr ActionMask kRemovingActions =
    action_bit(Action::kDelete) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kForget) |
    action_bit(Action::kForgetAndCreate);

// Characters Terraform never escapes in JSON strings: a value made only of them appears
// verbatim in the plan text whenever it is there at all.
bool verbatim_in_json(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '@' || c == '+' ||
           c == '=' || c == ',' || c == ' ';
  });
}

// True when `raw` has no \u or \/ escape, so that a string of verbatim_in_json characters can
// only be in it verbatim.
bool no_rewriting_escapes(std::string_view raw) {
  for (std::size_t i = raw.find('\\'); i != std::string_view::npos; i = raw.find('\\', i + 2)) {
    if (i + 1 < raw.size() && (raw[i + 1] == 'u' || raw[i + 1] == '/')) {
      return false;
    }
  }
  return true;
}

// One `protect` entry.
struct Protection {
  Selector selector;
  std::optional<JsonPath> attribute;
  std::set<std::string> values;
  bool values_verbatim = true;  // every value can be searched for in the raw text
  std::map<std::string, std::string> tags;  // "*" matches any value
  bool reads_before() const { return attribute.has_value() || !tags.empty(); }
};

std::string action_phrase(Action action) {
  switch (action) {
    case Action::kDelete:
      return "delete";
    case Action::kReplace:
      return "replace (delete, then create)";
    case Action::kReplaceCreateFirst:
      return "replace (create, then delete)";
    case Action::kForget:
      return "forget (removal from state)";
    case Action::kForgetAndCreate:
      return "forget and re-create";
    default:
      return std::string(to_string(action));
  }
}

// "tags.Name", "ingress[0].cidr_blocks" from a replace_paths entry.
std::string format_path(const nlohmann::json& path) {
  std::string out;
  if (!path.is_array()) {
    return out;
  }
  for (const nlohmann::json& step : path) {
    if (step.is_string()) {
      out += out.empty() ? "" : ".";
      out += step.get<std::string>();
    } else if (step.is_number_integer() || step.is_number_unsigned()) {
      out += fmt::format("[{}]", step.dump());
    }
  }
  return out;
}

// Reports removing actions of protected resources.
class ForbiddenDeletionRule final : public Rule {
 public:
  ForbiddenDeletionRule(RuleInfo info, Selector match, ActionMask actions,
                        std::vector<Protection> protect)
      : Rule(std::move(info), std::move(match)),
        actions_(actions),
        protect_(std::move(protect)) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    return match().actions() & actions_;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    std::string why;
    if (!protect_.empty()) {
      Coverage found = Coverage::kNo;
      for (const Protection& p : protect_) {
        const Coverage v = protects(p, change, context, why);
        if (context.failed()) {
          return;
        }
        if (v == Coverage::kYes) {
          found = v;
          break;
        }
        if (v == Coverage::kUnknown) {
          found = v;
        }
      }
      if (found == Coverage::kNo) {
        return;
      }
      if (found == Coverage::kUnknown) {
        context.report(*this, &change,
                       fmt::format("cannot evaluate: the plan has no prior values (before) to "
                                   "tell whether this {} removes a protected resource",
                                   to_string(change.action)));
        return;
      }
    }
    std::string message;
    if (!change.deposed.empty()) {
      message = fmt::format("deposed object {}: ", change.deposed);
    }
    if (protect_.empty()) {
      message += fmt::format("{} is not allowed in {}", action_phrase(change.action),
                             context.environment().name);
    } else {
      message += fmt::format("{} of a protected resource{}", action_phrase(change.action), why);
    }
    if (!change.action_reason.empty()) {
      message += fmt::format("; reason: {}", change.action_reason);
    }
    if (change.replace_paths.present() && !change.replace_paths.is_null()) {
      auto paths = context.plan().materialise(change.replace_paths);
      if (paths && paths->is_array() && !paths->empty()) {
        std::vector<std::string> names;
        for (const nlohmann::json& path : *paths) {
          names.push_back(format_path(path));
        }
        message += fmt::format("; replacement forced by {}", fmt::join(names, ", "));
      }
    }
    context.report(*this, &change, std::move(message));
  }

 private:
  // Whether a protect entry covers a change; kUnknown when it depends on prior values the plan
  // does not have.
  enum class Coverage { kNo, kYes, kUnknown };

  static Coverage protects(const Protection& p, const ResourceChange& change,
                          EvalContext& context, std::string& why) {
    if (!p.selector.matches_resource(change)) {
      return Coverage::kNo;
    }
    if (!p.reads_before()) {
      return Coverage::kYes;
    }
    if (!change.before.present() || change.before.is_null()) {
      return Coverage::kUnknown;
    }
    const std::string_view raw = change.before.text;
    const bool searchable = no_rewriting_escapes(raw);
    if (searchable && p.attribute && p.values_verbatim &&
        std::none_of(p.values.begin(), p.values.end(),
                     [&](const std::string& v) { return raw.find(v) != std::string_view::npos; })) {
      return Coverage::kNo;  // none of the protected values is anywhere in the object
    }
    if (searchable && !p.tags.empty() &&
        std::any_of(p.tags.begin(), p.tags.end(), [&](const auto& tag) {
          return verbatim_in_json(tag.first) && raw.find(tag.first) == std::string_view::npos;
        })) {
      return Coverage::kNo;  // a required tag key is not in the object
    }
    const nlohmann::json* before = context.value(change, EvalContext::Value::kBefore);
    if (before == nullptr) {
      return Coverage::kNo;  // not valid JSON: the evaluation fails with that error
    }
    std::string reason;
    if (p.attribute) {
      const nlohmann::json* v = find_at(*before, *p.attribute);
      if (v == nullptr || !v->is_string() || p.values.count(v->get<std::string>()) == 0) {
        return Coverage::kNo;
      }
      reason = fmt::format(" ({} = \"{}\")", p.attribute->text.substr(1), v->get<std::string>());
    }
    if (!p.tags.empty()) {
      const nlohmann::json* tags = before->is_object() && before->contains("tags")
                                       ? &before->at("tags")
                                       : nullptr;
      if (tags == nullptr || !tags->is_object()) {
        return Coverage::kNo;
      }
      for (const auto& [key, want] : p.tags) {
        const auto it = tags->find(key);
        if (it == tags->end() || !it->is_string() ||
            (want != "*" && it->get<std::string>() != want)) {
          return Coverage::kNo;
        }
      }
      if (reason.empty()) {
        const auto& [key, want] = *p.tags.begin();
        reason = want == "*" ? fmt::format(" (tagged {})", key)
                             : fmt::format(" (tag {} = \"{}\")", key, want);
      }
    }
    why = std::move(reason);
    return Coverage::kYes;
  }

  ActionMask actions_;
  std::vector<Protection> protect_;
};

// Reads `protect` entries and `actions`.
class ForbiddenDeletionKind final : public RuleKind {
 public:
  std::string_view name() const override { return "forbidden_deletion"; }
  std::vector<std::string_view> keys() const override { return {"protect", "actions"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    const ActionMask actions =
        Selector::read_actions(rule, "actions", pointer, checker, kRemovingActions);
    std::vector<Protection> protect;
    const auto it = rule.find("protect");
    if (it != rule.end()) {
      const std::string list_pointer = child_pointer(pointer, "protect");
      if (!it->is_array()) {
        checker.error("wrong-type",
                      fmt::format("expected an array of protect entries, found {}",
                                  json_type_name(*it)),
                      list_pointer);
      } else if (it->empty()) {
        checker.error("bad-value",
                      "\"protect\" is an empty list; leave it out to protect every resource the "
                      "rule matches",
                      list_pointer);
      } else {
        for (std::size_t i = 0; i < it->size(); ++i) {
          read_entry((*it)[i], child_pointer(list_pointer, i), checker, protect);
        }
      }
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<ForbiddenDeletionRule>(std::move(info), std::move(match), actions,
                                                   std::move(protect));
  }

 private:
  static void read_entry(const nlohmann::json& entry, const std::string& p, Checker& checker,
                         std::vector<Protection>& out) {
    std::vector<std::string_view> keys;
    for (std::string_view k : Selector::keys()) {
      if (k != "actions") {
        keys.push_back(k);
      }
    }
    keys.insert(keys.end(), {"attribute", "values", "tags"});
    if (!checker.object(entry, p, keys, {}, "a protect entry")) {
      return;
    }
    Protection protection;
    protection.selector = Selector::read(entry, p, checker);
    const auto attribute = checker.string(entry, "attribute", p);
    const auto values = checker.strings(entry, "values", p);
    if (entry.contains("attribute") != entry.contains("values")) {
      checker.error("missing-key",
                    entry.contains("attribute")
                        ? "a protect entry with \"attribute\" needs \"values\""
                        : "a protect entry with \"values\" needs \"attribute\"",
                    p);
    }
    if (attribute) {
      protection.attribute = parse_json_pointer(*attribute);
      if (!protection.attribute || protection.attribute->tokens.empty()) {
        checker.error("bad-pointer",
                      fmt::format("\"{}\" is not a JSON pointer to an attribute, such as "
                                  "\"/bucket\"",
                                  *attribute),
                      child_pointer(p, "attribute"));
      }
    }
    if (values) {
      protection.values.insert(values->begin(), values->end());
      protection.values_verbatim =
          std::all_of(values->begin(), values->end(),
                      [](const std::string& v) { return !v.empty() && verbatim_in_json(v); });
    }
    if (const auto tags = entry.find("tags"); tags != entry.end()) {
      const std::string tp = child_pointer(p, "tags");
      if (!tags->is_object() || tags->empty() || Checker::is_platform_ref(*tags)) {
        checker.error("wrong-type",
                      "expected an object of tag names and values (\"*\" for any value)", tp);
      } else {
        for (const auto& [key, value] : tags->items()) {
          if (auto v = checker.string(*tags, key, tp)) {
            protection.tags[key] = *v;
          }
        }
      }
    }
    if (protection.selector.any_resource() && !entry.contains("attribute") &&
        !entry.contains("values") && !entry.contains("tags")) {
      checker.error("bad-value",
                    "this protect entry matches every resource; leave \"protect\" out to protect "
                    "every resource the rule matches",
                    p);
    }
    out.push_back(std::move(protection));
  }
};

}  // namespace

const RuleKind& forbidden_deletion_rule_kind() {
  static const ForbiddenDeletionKind kind;
  return kind;
}

}  // namespace gate::detail
