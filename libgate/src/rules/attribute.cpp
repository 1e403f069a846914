// Attribute assertions: a JSON pointer into `after` (default) or `before`, an operator and its
// operand. The assertion must hold for every change the rule selects whose action is in `when`
// (by default the actions that have the chosen side: create, update and replaces for `after`;
// update, replaces, delete and forget for `before`). A value after_unknown marks unknown gives a
// "cannot evaluate" finding. Plan values appear in messages only when not marked sensitive.
#include <fmt/format.h>

#include "eval/eval_context.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/effective_tags.h"
#include "rules/json_path.h"
#include "rules/rule.h"
#include "util/text_position.h"

namespace gate::detail {
namespace {

enum class Op { kExists, kAbsent, kEquals, kNotEquals, kOneOf, kMatches, kLt, kLe, kGt, kGe };

// An operator and its name in policy files.
struct OpName {
  Op op;
  std::string_view name;
};

constexpr OpName kOps[] = {
    {Op::kExists, "exists"}, {Op::kAbsent, "absent"},   {Op::kEquals, "equals"},
    {Op::kNotEquals, "not-equals"}, {Op::kOneOf, "one-of"}, {Op::kMatches, "matches"},
    {Op::kLt, "lt"},         {Op::kLe, "le"},           {Op::kGt, "gt"},
    {Op::kGe, "ge"},
};

bool numeric(Op op) { return op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe; }

// The operand member each operator needs.
std::string_view operand_key(Op op) {
  switch (op) {
    case Op::kExists:
    case Op::kAbsent:
      return "";
    case Op::kOneOf:
      return "values";
    case Op::kMatches:
      return "pattern";
    default:
      return "value";
  }
}

constexpr ActionMask kAfterActions =
    action_bit(Action::kCreate) | action_bit(Action::kUpdate) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kForgetAndCreate);
constexpr ActionMask kBeforeActions =
    action_bit(Action::kUpdate) | action_bit(Action::kReplace) |
    action_bit(Action::kReplaceCreateFirst) | action_bit(Action::kDelete) |
    action_bit(Action::kForget) | action_bit(Action::kForgetAndCreate);

constexpr ActionMask kUnchanged = action_bit(Action::kNoOp) | action_bit(Action::kRead);

std::string show(const nlohmann::json& v) { return excerpt(v.dump(), 60); }

// One assertion on one attribute path.
class AttributeRule final : public Rule {
 public:
  // The compiled assertion.
  struct Spec {
    bool after = true;
    JsonPath path;
    Op op = Op::kExists;
    std::string op_name;
    nlohmann::json operand;       // equals, not-equals, numeric
    std::vector<nlohmann::json> choices;  // one-of
    std::shared_ptr<const RE2> pattern;  // matches
    std::string pattern_text;
    ActionMask when = kAfterActions;
  };

  AttributeRule(RuleInfo info, Selector match, Spec spec)
      : Rule(std::move(info), std::move(match)), spec_(std::move(spec)) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    return match().actions() & spec_.when;
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    const std::string where = (spec_.after ? "after" : "before") + spec_.path.text;
    const bool value_needed = spec_.op != Op::kExists && spec_.op != Op::kAbsent;
    const auto tag = effective_tag(change, spec_.after, spec_.path, value_needed, context);
    if (tag && tag->unknown) {
      context.report(*this, &change,
                     fmt::format("cannot evaluate: {} is unknown until apply ({})", where,
                                 tag->why));
      return;
    }
    if (spec_.after && !tag) {
      const nlohmann::json* unknown = context.value(change, EvalContext::Value::kAfterUnknown);
      if (unknown == nullptr) {
        return;
      }
      const Unknownness u = unknown_at(*unknown, spec_.path);
      const bool needs_whole_value = spec_.op != Op::kExists && spec_.op != Op::kAbsent;
      if (u == Unknownness::kUnknown || (u == Unknownness::kPartly && needs_whole_value)) {
        context.report(*this, &change,
                       fmt::format("cannot evaluate: {} is unknown until apply", where));
        return;
      }
    }
    const nlohmann::json* root = context.value(
        change, spec_.after ? EvalContext::Value::kAfter : EvalContext::Value::kBefore);
    if (root == nullptr) {
      return;
    }
    const nlohmann::json* v =
        !tag ? find_at(*root, spec_.path) : tag->value ? &*tag->value : nullptr;
    const bool present = v != nullptr && !v->is_null();
    std::string failure;
    switch (spec_.op) {
      case Op::kExists:
        if (!present) {
          failure = fmt::format("{} must be set", where);
        }
        break;
      case Op::kAbsent:
        if (present) {
          failure = fmt::format("{} must not be set", where);
        }
        break;
      case Op::kEquals:
        if (!present || *v != spec_.operand) {
          failure = fmt::format("{} must equal {}", where, show(spec_.operand));
        }
        break;
      case Op::kNotEquals:
        if (present && *v == spec_.operand) {
          failure = fmt::format("{} must not equal {}", where, show(spec_.operand));
        }
        break;
      case Op::kOneOf: {
        bool found = false;
        for (const nlohmann::json& c : spec_.choices) {
          found = found || (present && *v == c);
        }
        if (!found) {
          std::vector<std::string> shown;
          for (const nlohmann::json& c : spec_.choices) {
            shown.push_back(show(c));
          }
          failure = fmt::format("{} must be one of {}", where, fmt::join(shown, ", "));
        }
        break;
      }
      case Op::kMatches:
        if (!present || !v->is_string() || !RE2::FullMatch(v->get<std::string>(), *spec_.pattern)) {
          failure = fmt::format("{} must match {}", where, show(nlohmann::json(spec_.pattern_text)));
        }
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        if (!present || !v->is_number()) {
          failure = fmt::format("{} must be a number {} {}", where, symbol(), show(spec_.operand));
          break;
        }
        const double a = v->get<double>();
        const double b = spec_.operand.get<double>();
        const bool ok = spec_.op == Op::kLt   ? a < b
                        : spec_.op == Op::kLe ? a <= b
                        : spec_.op == Op::kGt ? a > b
                                              : a >= b;
        if (!ok) {
          failure = fmt::format("{} must be {} {}", where, symbol(), show(spec_.operand));
        }
        break;
      }
    }
    if (failure.empty()) {
      return;
    }
    if (spec_.op != Op::kExists) {
      failure += fmt::format(" (it is {})", describe_actual(change, v, context));
    }
    context.report(*this, &change, std::move(failure));
  }

 private:
  const char* symbol() const {
    switch (spec_.op) {
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

  std::string describe_actual(const ResourceChange& change, const nlohmann::json* v,
                              EvalContext& context) const {
    if (v == nullptr) {
      return "not set";
    }
    const nlohmann::json* sensitive = context.value(
        change, spec_.after ? EvalContext::Value::kAfterSensitive
                            : EvalContext::Value::kBeforeSensitive);
    if (sensitive == nullptr || sensitive_at(*sensitive, spec_.path)) {
      return "(sensitive)";
    }
    return v->is_null() ? std::string("null") : show(*v);
  }

  Spec spec_;
};

// Reads the path, the operator and its operand.
class AttributeKind final : public RuleKind {
 public:
  std::string_view name() const override { return "attribute"; }
  std::vector<std::string_view> keys() const override {
    return {"in", "path", "operator", "value", "values", "pattern", "when"};
  }
  std::vector<std::string_view> required_keys() const override { return {"path", "operator"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const nlohmann::json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    AttributeRule::Spec spec;
    if (const auto in = checker.choice(rule, "in", pointer, {"after", "before"}, "bad-value",
                                       "side (\"in\")")) {
      spec.after = *in == "after";
    }
    if (const auto path = checker.string(rule, "path", pointer)) {
      auto parsed = parse_json_pointer(*path);
      if (!parsed || parsed->tokens.empty()) {
        checker.error("bad-pointer",
                      fmt::format("\"{}\" is not a JSON pointer to an attribute, such as "
                                  "\"/tags/Owner\"",
                                  *path),
                      child_pointer(pointer, "path"));
      } else {
        spec.path = std::move(*parsed);
      }
    }
    std::vector<std::string_view> op_names;
    for (const OpName& o : kOps) {
      op_names.push_back(o.name);
    }
    std::optional<Op> op;
    if (const auto name = checker.choice(rule, "operator", pointer, op_names, "bad-value",
                                         "operator")) {
      for (const OpName& o : kOps) {
        if (o.name == *name) {
          op = o.op;
          spec.op_name = *name;
        }
      }
    }
    if (op) {
      spec.op = *op;
      read_operand(rule, pointer, checker, spec);
    }
    spec.when = Selector::read_actions(rule, "when", pointer, checker,
                                       spec.after ? kAfterActions | kUnchanged : kBeforeActions | kUnchanged);
    if (!rule.contains("when")) {
      spec.when = spec.after ? kAfterActions : kBeforeActions;
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<AttributeRule>(std::move(info), std::move(match), std::move(spec));
  }

 private:
  static void read_operand(const nlohmann::json& rule, const std::string& pointer,
                           Checker& checker, AttributeRule::Spec& spec) {
    const std::string_view needed = operand_key(spec.op);
    for (std::string_view key : {"value", "values", "pattern"}) {
      if (key != needed && rule.contains(std::string(key))) {
        checker.error("bad-value",
                      fmt::format("\"{}\" does not apply to operator \"{}\"", key, spec.op_name),
                      child_pointer(pointer, key));
      }
    }
    if (needed.empty()) {
      return;
    }
    if (!rule.contains(std::string(needed))) {
      checker.error("missing-key",
                    fmt::format("operator \"{}\" needs the member \"{}\"", spec.op_name, needed),
                    pointer);
      return;
    }
    const std::string p = child_pointer(pointer, needed);
    if (needed == "pattern") {
      if (const auto text = checker.string(rule, "pattern", pointer)) {
        spec.pattern = checker.regex(*text, p);
        spec.pattern_text = *text;
      }
      return;
    }
    if (needed == "values") {
      const nlohmann::json* list = checker.value(rule, "values", pointer);
      if (list == nullptr) {
        return;
      }
      if (!list->is_array() || list->empty()) {
        checker.error("wrong-type", "expected a non-empty array of values", p);
        return;
      }
      const bool from_platform = list != &rule.at("values");
      for (std::size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json& element = (*list)[i];
        const nlohmann::json* v =
            from_platform ? &element : checker.resolve(element, child_pointer(p, i));
        if (v == nullptr) {
          continue;
        }
        if (v != &element && v->is_array()) {
          spec.choices.insert(spec.choices.end(), v->begin(), v->end());
        } else {
          spec.choices.push_back(*v);
        }
      }
      return;
    }
    const nlohmann::json* v = checker.value(rule, "value", pointer);
    if (v == nullptr) {
      return;
    }
    if (numeric(spec.op) && !v->is_number()) {
      checker.error("wrong-type",
                    fmt::format("operator \"{}\" compares numbers; expected a number, found {}",
                                spec.op_name, json_type_name(*v)),
                    p);
      return;
    }
    spec.operand = *v;
  }
};

}  // namespace

const RuleKind& attribute_rule_kind() {
  static const AttributeKind kind;
  return kind;
}

}  // namespace gate::detail
