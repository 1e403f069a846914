// Attribute conditions: leaf assertions (operators on one attribute) and the all_of / any_of /
// not combinators over them.
#include "rules/condition.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <re2/re2.h>

#include "eval/eval_context.h"
#include "gate/iam.h"
#include "policy/checker.h"
#include "rules/effective_tags.h"
#include "rules/json_path.h"
#include "util/text_position.h"

namespace gate::detail {
namespace {

using Truth = ConditionResult::Truth;

enum class Op {
  kExists,
  kAbsent,
  kEquals,
  kNotEquals,
  kOneOf,
  kMatches,
  kAllMatch,
  kAccountsWithin,
  kLt,
  kLe,
  kGt,
  kGe
};

// An operator and its name in policy files.
struct OpName {
  Op op;
  std::string_view name;
};

constexpr OpName kOps[] = {
    {Op::kExists, "exists"},       {Op::kAbsent, "absent"},
    {Op::kEquals, "equals"},       {Op::kNotEquals, "not-equals"},
    {Op::kOneOf, "one-of"},        {Op::kMatches, "matches"},
    {Op::kAllMatch, "all-match"},  {Op::kAccountsWithin, "accounts-within"},
    {Op::kLt, "lt"},               {Op::kLe, "le"},
    {Op::kGt, "gt"},               {Op::kGe, "ge"},
};

bool numeric(Op op) { return op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe; }

// The operand member each operator needs.
std::string_view operand_key(Op op) {
  switch (op) {
    case Op::kExists:
    case Op::kAbsent:
      return "";
    case Op::kOneOf:
    case Op::kAccountsWithin:
      return "values";
    case Op::kMatches:
    case Op::kAllMatch:
      return "pattern";
    default:
      return "value";
  }
}

const char* symbol(Op op) {
  switch (op) {
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    default:
      return ">=";
  }
}

std::string show(const nlohmann::json& v) { return excerpt(v.dump(), 60); }

std::string join_shown(const std::vector<nlohmann::json>& values) {
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (const nlohmann::json& c : values) {
    shown.push_back(show(c));
  }
  return fmt::format("{}", fmt::join(shown, ", "));
}

// The account an AWS principal names: a 12-digit id or the account field of an ARN; empty when
// it names none (then it is not within any list).
std::string principal_account(const std::string& principal) {
  static const RE2 kAccount("[0-9]{12}");
  static const RE2 kArn("arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):.*");
  std::string account;
  if (RE2::FullMatch(principal, kAccount)) {
    return principal;
  }
  if (RE2::FullMatch(principal, kArn, &account)) {
    return account;
  }
  return {};
}

// The principals of a resource policy that Allow statements grant and that are not within
// `accounts` (services are within). Empty when every grant is within.
std::vector<std::string> principals_outside(const iam::PolicyDocument& document,
                                            const std::vector<nlohmann::json>& accounts) {
  std::vector<std::string> outside;
  const auto within = [&](const std::string& account) {
    for (const nlohmann::json& a : accounts) {
      if (a.is_string() && a.get<std::string>() == account) {
        return true;
      }
    }
    return false;
  };
  for (const iam::Statement& st : document.statements) {
    if (st.effect != iam::Effect::kAllow || !st.principal) {
      continue;
    }
    if (st.not_principal || st.principal->everyone) {
      outside.emplace_back(st.not_principal ? "NotPrincipal" : "*");
      continue;
    }
    for (const auto& [type, ids] : st.principal->by_type) {
      if (type == "Service") {
        continue;
      }
      for (const std::string& id : ids) {
        if (type != "AWS" || !within(principal_account(id))) {
          std::string shown = type == "AWS" ? std::string() : type + ":";
          shown += id;
          outside.push_back(std::move(shown));
        }
      }
    }
  }
  return outside;
}

// One assertion on one attribute path.
class Leaf final : public Condition {
 public:
  bool after = true;
  JsonPath path;
  Op op = Op::kExists;
  std::string op_name;
  nlohmann::json operand;               // equals, not-equals, numeric
  std::vector<nlohmann::json> choices;  // one-of, accounts-within
  std::shared_ptr<const RE2> pattern;   // matches, all-match
  std::string pattern_text;

  std::string where() const { return (after ? "after" : "before") + path.text; }

  std::string describe() const override {
    switch (op) {
      case Op::kExists:
        return where() + " is set";
      case Op::kAbsent:
        return where() + " is not set";
      case Op::kEquals:
        return fmt::format("{} equals {}", where(), show(operand));
      case Op::kNotEquals:
        return fmt::format("{} does not equal {}", where(), show(operand));
      case Op::kOneOf:
        return fmt::format("{} is one of {}", where(), join_shown(choices));
      case Op::kMatches:
        return fmt::format("{} matches {}", where(), show(nlohmann::json(pattern_text)));
      case Op::kAllMatch:
        return fmt::format("every element of {} matches {}", where(),
                           show(nlohmann::json(pattern_text)));
      case Op::kAccountsWithin:
        return fmt::format("{} grants only the accounts {}", where(), join_shown(choices));
      default:
        return fmt::format("{} is {} {}", where(), symbol(op), show(operand));
    }
  }

  ConditionResult evaluate(const ResourceChange& change, EvalContext& context) const override {
    const auto star = std::find(path.tokens.begin(), path.tokens.end(), "*");
    if (star != path.tokens.end()) {
      return evaluate_each(change, context,
                           static_cast<std::size_t>(star - path.tokens.begin()));
    }
    const bool needs_whole_value = op != Op::kExists && op != Op::kAbsent;
    // A tag path of an AWS resource reads the tag it will carry, default_tags included.
    const std::optional<EffectiveTag> tag =
        effective_tag(change, after, path, needs_whole_value, context);
    if (tag && tag->unknown) {
      return {Truth::kUnknown, fmt::format("{} is unknown until apply ({})", where(), tag->why)};
    }
    if (after && !tag) {
      const nlohmann::json* unknown = context.value(change, EvalContext::Value::kAfterUnknown);
      if (unknown == nullptr) {
        return {Truth::kUnknown, "a value could not be read"};
      }
      const Unknownness u = unknown_at(*unknown, path);
      if (u == Unknownness::kUnknown || (u == Unknownness::kPartly && needs_whole_value)) {
        return {Truth::kUnknown, fmt::format("{} is unknown until apply", where())};
      }
    }
    const nlohmann::json* root = context.value(
        change, after ? EvalContext::Value::kAfter : EvalContext::Value::kBefore);
    if (root == nullptr) {
      return {Truth::kUnknown, "a value could not be read"};
    }
    const nlohmann::json* v = !tag          ? find_at(*root, path)
                              : tag->value ? &*tag->value
                                           : nullptr;
    const bool present = v != nullptr && !v->is_null();
    std::string failure;
    switch (op) {
      case Op::kExists:
        if (!present) {
          return {Truth::kFails, fmt::format("{} must be set", where())};
        }
        return {};
      case Op::kAbsent:
        if (present) {
          failure = fmt::format("{} must not be set", where());
        }
        break;
      case Op::kEquals:
        if (!present || *v != operand) {
          failure = fmt::format("{} must equal {}", where(), show(operand));
        }
        break;
      case Op::kNotEquals:
        if (present && *v == operand) {
          failure = fmt::format("{} must not equal {}", where(), show(operand));
        }
        break;
      case Op::kOneOf: {
        bool found = false;
        for (const nlohmann::json& c : choices) {
          found = found || (present && *v == c);
        }
        if (!found) {
          failure = fmt::format("{} must be one of {}", where(), join_shown(choices));
        }
        break;
      }
      case Op::kMatches:
        if (!present || !v->is_string() || !RE2::FullMatch(v->get<std::string>(), *pattern)) {
          failure = fmt::format("{} must match {}", where(), show(nlohmann::json(pattern_text)));
        }
        break;
      case Op::kAllMatch: {
        bool ok = !present || v->is_array();
        if (ok && present) {
          for (const nlohmann::json& e : *v) {
            ok = ok && e.is_string() && RE2::FullMatch(e.get<std::string>(), *pattern);
          }
        }
        if (!ok) {
          failure = fmt::format("every element of {} must match {}", where(),
                                show(nlohmann::json(pattern_text)));
        }
        break;
      }
      case Op::kAccountsWithin:
        if (present) {
          failure = accounts_failure(*v);
        }
        if (!failure.empty()) {
          return {Truth::kFails, std::move(failure)};
        }
        return {};
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        if (!present || !v->is_number()) {
          failure = fmt::format("{} must be a number {} {}", where(), symbol(op), show(operand));
          break;
        }
        const double a = v->get<double>();
        const double b = operand.get<double>();
        const bool ok = op == Op::kLt   ? a < b
                        : op == Op::kLe ? a <= b
                        : op == Op::kGt ? a > b
                                        : a >= b;
        if (!ok) {
          failure = fmt::format("{} must be {} {}", where(), symbol(op), show(operand));
        }
        break;
      }
    }
    if (failure.empty()) {
      return {};
    }
    failure += fmt::format(" (it is {})", describe_actual(change, v, context));
    return {Truth::kFails, std::move(failure)};
  }

  // A `*` token at `star`: the assertion must hold for every element of the array (or member
  // of the object) there; none there holds.
  ConditionResult evaluate_each(const ResourceChange& change, EvalContext& context,
                                std::size_t star) const {
    JsonPath prefix;
    prefix.tokens.assign(path.tokens.begin(),
                         path.tokens.begin() + static_cast<std::ptrdiff_t>(star));
    for (const std::string& t : prefix.tokens) {
      prefix.text += "/" + t;
    }
    if (after) {
      const nlohmann::json* unknown = context.value(change, EvalContext::Value::kAfterUnknown);
      if (unknown == nullptr) {
        return {Truth::kUnknown, "a value could not be read"};
      }
      if (unknown_at(*unknown, prefix) == Unknownness::kUnknown) {
        return {Truth::kUnknown,
                fmt::format("{} is unknown until apply", (after ? "after" : "before") + prefix.text)};
      }
    }
    const nlohmann::json* root = context.value(
        change, after ? EvalContext::Value::kAfter : EvalContext::Value::kBefore);
    if (root == nullptr) {
      return {Truth::kUnknown, "a value could not be read"};
    }
    const nlohmann::json* container = prefix.tokens.empty() ? root : find_at(*root, prefix);
    if (container == nullptr || !(container->is_array() || container->is_object())) {
      return {};
    }
    std::vector<std::string> keys;
    if (container->is_array()) {
      for (std::size_t i = 0; i < container->size(); ++i) {
        keys.push_back(std::to_string(i));
      }
    } else {
      for (const auto& item : container->items()) {
        keys.push_back(item.key());
      }
    }
    std::optional<ConditionResult> unknown;
    for (const std::string& key : keys) {
      Leaf one = *this;
      one.path.tokens[star] = key;
      one.path.text.clear();
      for (const std::string& t : one.path.tokens) {
        one.path.text += "/" + t;
      }
      ConditionResult r = one.evaluate(change, context);
      if (r.truth == Truth::kFails) {
        return r;
      }
      if (r.truth == Truth::kUnknown && !unknown) {
        unknown = std::move(r);
      }
    }
    return unknown ? std::move(*unknown) : ConditionResult{};
  }

 private:
  // Why a resource policy (a JSON string or object) grants outside `choices`; empty when not.
  std::string accounts_failure(const nlohmann::json& v) const {
    Expected<iam::PolicyDocument> document =
        v.is_string() ? iam::parse_policy(v.get<std::string>()) : iam::parse_policy_json(v);
    if (!document) {
      return fmt::format("{} must be a policy document granting only the accounts {}", where(),
                         join_shown(choices));
    }
    const std::vector<std::string> outside = principals_outside(*document, choices);
    if (outside.empty()) {
      return {};
    }
    return fmt::format("{} must grant only the accounts {} (it grants {})", where(),
                       join_shown(choices), excerpt(fmt::format("{}", fmt::join(outside, ", ")), 80));
  }

  std::string describe_actual(const ResourceChange& change, const nlohmann::json* v,
                              EvalContext& context) const {
    if (v == nullptr) {
      return "not set";
    }
    const nlohmann::json* sensitive = context.value(
        change, after ? EvalContext::Value::kAfterSensitive : EvalContext::Value::kBeforeSensitive);
    if (sensitive == nullptr || sensitive_at(*sensitive, path)) {
      return "(sensitive)";
    }
    return v->is_null() ? std::string("null") : show(*v);
  }
};

// all_of / any_of over conditions.
class Junction final : public Condition {
 public:
  Junction(bool all, std::vector<std::shared_ptr<const Condition>> parts)
      : all_(all), parts_(std::move(parts)) {}

  std::string describe() const override {
    std::vector<std::string> shown;
    shown.reserve(parts_.size());
    for (const auto& p : parts_) {
      shown.push_back(p->describe());
    }
    return fmt::format("{}({})", all_ ? "all of" : "any of", fmt::join(shown, "; "));
  }

  ConditionResult evaluate(const ResourceChange& change, EvalContext& context) const override {
    std::optional<ConditionResult> unknown;
    std::vector<std::string> failures;
    for (const auto& p : parts_) {
      ConditionResult r = p->evaluate(change, context);
      if (r.truth == Truth::kUnknown) {
        if (!unknown) {
          unknown = std::move(r);
        }
      } else if ((all_ && r.truth == Truth::kFails) || (!all_ && r.truth == Truth::kHolds)) {
        return r;  // decided: a part fails all_of, or a part holds any_of
      } else if (r.truth == Truth::kFails) {
        failures.push_back(std::move(r.reason));
      }
    }
    if (unknown) {
      return std::move(*unknown);
    }
    if (all_) {
      return {};
    }
    return {Truth::kFails, fmt::format("{}", fmt::join(failures, ", or "))};
  }

 private:
  bool all_;
  std::vector<std::shared_ptr<const Condition>> parts_;
};

// not: holds where its condition fails.
class Negation final : public Condition {
 public:
  explicit Negation(std::shared_ptr<const Condition> part) : part_(std::move(part)) {}

  std::string describe() const override { return fmt::format("not ({})", part_->describe()); }

  ConditionResult evaluate(const ResourceChange& change, EvalContext& context) const override {
    ConditionResult r = part_->evaluate(change, context);
    switch (r.truth) {
      case Truth::kUnknown:
        return r;
      case Truth::kFails:
        return {};
      case Truth::kHolds:
        break;
    }
    return {Truth::kFails, fmt::format("it must not hold that {}", part_->describe())};
  }

 private:
  std::shared_ptr<const Condition> part_;
};

void read_operand(const nlohmann::json& object, const std::string& pointer, Checker& checker,
                  Leaf& leaf) {
  const std::string_view needed = operand_key(leaf.op);
  for (std::string_view key : {"value", "values", "pattern"}) {
    if (key != needed && object.contains(std::string(key))) {
      checker.error("bad-value",
                    fmt::format("\"{}\" does not apply to operator \"{}\"", key, leaf.op_name),
                    child_pointer(pointer, key));
    }
  }
  if (needed.empty()) {
    return;
  }
  if (!object.contains(std::string(needed))) {
    checker.error("missing-key",
                  fmt::format("operator \"{}\" needs the member \"{}\"", leaf.op_name, needed),
                  pointer);
    return;
  }
  const std::string p = child_pointer(pointer, needed);
  if (needed == "pattern") {
    if (const auto text = checker.string(object, "pattern", pointer)) {
      leaf.pattern = checker.regex(*text, p);
      leaf.pattern_text = *text;
    }
    return;
  }
  if (needed == "values") {
    const nlohmann::json* list = checker.value(object, "values", pointer);
    if (list == nullptr) {
      return;
    }
    if (!list->is_array() || list->empty()) {
      checker.error("wrong-type", "expected a non-empty array of values", p);
      return;
    }
    const bool from_platform = list != &object.at("values");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const nlohmann::json& element = (*list)[i];
      const nlohmann::json* v =
          from_platform ? &element : checker.resolve(element, child_pointer(p, i));
      if (v == nullptr) {
        continue;
      }
      if (v != &element && v->is_array()) {
        leaf.choices.insert(leaf.choices.end(), v->begin(), v->end());
      } else {
        leaf.choices.push_back(*v);
      }
    }
    return;
  }
  const nlohmann::json* v = checker.value(object, "value", pointer);
  if (v == nullptr) {
    return;
  }
  if (numeric(leaf.op) && !v->is_number()) {
    checker.error("wrong-type",
                  fmt::format("operator \"{}\" compares numbers; expected a number, found {}",
                              leaf.op_name, json_type_name(*v)),
                  p);
    return;
  }
  leaf.operand = *v;
}

std::shared_ptr<const Condition> read_leaf(const nlohmann::json& object,
                                           const std::string& pointer, Checker& checker) {
  const std::size_t errors = checker.errors();
  auto leaf = std::make_shared<Leaf>();
  if (!object.contains("path")) {
    checker.error("missing-key", "a condition needs \"path\"", pointer);
  }
  if (!object.contains("operator")) {
    checker.error("missing-key", "a condition needs \"operator\"", pointer);
  }
  if (const auto in =
          checker.choice(object, "in", pointer, {"after", "before"}, "bad-value", "side (\"in\")")) {
    leaf->after = *in == "after";
  }
  if (const auto path = checker.string(object, "path", pointer)) {
    auto parsed = parse_json_pointer(*path);
    if (!parsed || parsed->tokens.empty()) {
      checker.error("bad-pointer",
                    fmt::format("\"{}\" is not a JSON pointer to an attribute, such as "
                                "\"/tags/Owner\"",
                                *path),
                    child_pointer(pointer, "path"));
    } else {
      leaf->path = std::move(*parsed);
    }
  }
  std::vector<std::string_view> op_names;
  for (const OpName& o : kOps) {
    op_names.push_back(o.name);
  }
  if (const auto name =
          checker.choice(object, "operator", pointer, op_names, "bad-value", "operator")) {
    for (const OpName& o : kOps) {
      if (o.name == *name) {
        leaf->op = o.op;
        leaf->op_name = *name;
      }
    }
    read_operand(object, pointer, checker, *leaf);
  }
  if (checker.errors() != errors) {
    return nullptr;
  }
  return leaf;
}

}  // namespace

const std::vector<std::string_view>& Condition::leaf_keys() {
  static const std::vector<std::string_view> keys = {"in",    "path",   "operator",
                                                     "value", "values", "pattern"};
  return keys;
}

const std::vector<std::string_view>& Condition::combinator_keys() {
  static const std::vector<std::string_view> keys = {"all_of", "any_of", "not"};
  return keys;
}

std::shared_ptr<const Condition> Condition::read_members(const nlohmann::json& object,
                                                         const std::string& pointer,
                                                         Checker& checker) {
  std::vector<std::string_view> combinators;
  for (std::string_view k : combinator_keys()) {
    if (object.contains(std::string(k))) {
      combinators.push_back(k);
    }
  }
  if (combinators.empty()) {
    return read_leaf(object, pointer, checker);
  }
  bool leaf_too = false;
  for (std::string_view k : leaf_keys()) {
    leaf_too = leaf_too || object.contains(std::string(k));
  }
  if (combinators.size() > 1 || leaf_too) {
    checker.error("bad-value",
                  "a condition is one assertion (path, operator) or one of all_of, any_of, not; "
                  "wrap several in all_of",
                  pointer);
    return nullptr;
  }
  const std::string key(combinators.front());
  const std::string p = child_pointer(pointer, key);
  const nlohmann::json& operand = object.at(key);
  if (key == "not") {
    auto part = read(operand, p, checker);
    return part ? std::make_shared<Negation>(std::move(part)) : nullptr;
  }
  if (!operand.is_array() || operand.empty()) {
    checker.error("wrong-type", fmt::format("\"{}\" expects a non-empty array of conditions", key),
                  p);
    return nullptr;
  }
  std::vector<std::shared_ptr<const Condition>> parts;
  bool ok = true;
  for (std::size_t i = 0; i < operand.size(); ++i) {
    auto part = read(operand[i], child_pointer(p, i), checker);
    ok = ok && part != nullptr;
    parts.push_back(std::move(part));
  }
  if (!ok) {
    return nullptr;
  }
  return std::make_shared<Junction>(key == "all_of", std::move(parts));
}

std::shared_ptr<const Condition> Condition::read(const nlohmann::json& node,
                                                 const std::string& pointer, Checker& checker) {
  if (node.is_array()) {
    if (node.empty()) {
      checker.error("wrong-type", "expected a non-empty array of conditions", pointer);
      return nullptr;
    }
    std::vector<std::shared_ptr<const Condition>> parts;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
      auto part = read(node[i], child_pointer(pointer, i), checker);
      ok = ok && part != nullptr;
      parts.push_back(std::move(part));
    }
    return ok ? std::make_shared<Junction>(true, std::move(parts)) : nullptr;
  }
  std::vector<std::string_view> allowed = leaf_keys();
  allowed.insert(allowed.end(), combinator_keys().begin(), combinator_keys().end());
  if (!checker.object(node, pointer, allowed, {}, "a condition")) {
    return nullptr;
  }
  return read_members(node, pointer, checker);
}

}  // namespace gate::detail
