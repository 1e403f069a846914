// Drift judging: which attributes of each drifted object changed, which of them the
// environment ignores, and the findings of the drift rules (and, for `tfgate drift`, of the IAM
// rules on documents changed outside Terraform).
#include "eval/drift.h"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "gate/drift.h"
#include "rules/drift.h"
#include "util/text_position.h"

namespace gate {
namespace {

using json = nlohmann::json;

// Deepest nesting of a JSON document string parsed for comparison (IAM documents are shallow);
// deeper strings are compared as text.
constexpr int kMaxEmbeddedDepth = 64;

// A string that holds a JSON object or array (IAM documents), parsed; nullopt otherwise.
std::optional<json> embedded_document(const json& value) {
  if (!value.is_string()) {
    return std::nullopt;
  }
  const std::string& text = value.get_ref<const std::string&>();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (text[first] != '{' && text[first] != '[')) {
    return std::nullopt;
  }
  int depth = 0;  // an over-estimate (brackets inside strings count too): safe
  for (char c : text) {
    if (c == '{' || c == '[') {
      if (++depth > kMaxEmbeddedDepth) {
        return std::nullopt;
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return std::nullopt;
  }
  return parsed;
}

// The mask below `key` of a *_sensitive value (true, an object or array of masks, or null).
const json& sub_mask(const json& mask, const json& key) {
  static const json kNone;
  if (mask.is_object() && key.is_string()) {
    const auto it = mask.find(key.get<std::string>());
    return it == mask.end() ? kNone : *it;
  }
  if (mask.is_array() && key.is_number_unsigned() && key.get<std::size_t>() < mask.size()) {
    return mask[key.get<std::size_t>()];
  }
  return kNone;
}

// Appends the paths where `before` and `after` differ. A value either side marks sensitive is
// one path: what lies inside it (member names included) is never named.
void collect(const json& before, const json& after, const json& before_mask,
             const json& after_mask, const std::string& path, std::vector<std::string>& out) {
  if (before == after) {
    return;
  }
  const bool sensitive = before_mask == true || after_mask == true;
  if (!sensitive && before.is_object() && after.is_object()) {
    std::set<std::string> keys;
    for (const auto& item : before.items()) {
      keys.insert(item.key());
    }
    for (const auto& item : after.items()) {
      keys.insert(item.key());
    }
    static const json kNull;
    for (const std::string& key : keys) {
      const auto b = before.find(key);
      const auto a = after.find(key);
      const json k(key);
      std::string member = path;
      detail::append_pointer_token(member, key);
      collect(b == before.end() ? kNull : *b, a == after.end() ? kNull : *a,
              sub_mask(before_mask, k), sub_mask(after_mask, k), member, out);
    }
    return;
  }
  if (!sensitive && before.is_array() && after.is_array() && before.size() == after.size()) {
    for (std::size_t i = 0; i < before.size(); ++i) {
      const json k(i);
      collect(before[i], after[i], sub_mask(before_mask, k), sub_mask(after_mask, k),
              path + "/" + std::to_string(i), out);
    }
    return;
  }
  if (path.empty()) {
    out.push_back(path);  // the object itself appeared or disappeared
    return;
  }
  const auto b = embedded_document(before);
  const auto a = embedded_document(after);
  if (b && a && *b == *a) {
    return;  // the same document, written differently
  }
  out.push_back(path);
}

}  // namespace

std::vector<std::string> drifted_attributes(const json& before, const json& after,
                                            const json& before_sensitive,
                                            const json& after_sensitive) {
  std::vector<std::string> out;
  if (before.is_null() != after.is_null()) {
    return {""};
  }
  collect(before, after, before_sensitive, after_sensitive, "", out);
  std::sort(out.begin(), out.end());
  return out;
}

namespace detail {
namespace {

// Top-level attributes holding IAM documents or naming attached policies.
constexpr const char* kDocumentAttributes[] = {"/policy", "/assume_role_policy", "/inline_policy",
                                               "/json", "/policy_arn"};

constexpr std::size_t kPathsInMessage = 5;

std::string describe(const std::vector<std::string>& paths, bool deleted) {
  if (deleted) {
    return "deleted outside Terraform";
  }
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < paths.size() && i < kPathsInMessage; ++i) {
    shown.push_back(paths[i]);
  }
  std::string message = fmt::format("changed outside Terraform: {}", fmt::join(shown, ", "));
  if (paths.size() > kPathsInMessage) {
    message += fmt::format(" and {} more", paths.size() - kPathsInMessage);
  }
  return message;
}

}  // namespace

void judge_drift(EvalContext& context, DriftPass pass) {
  const Environment& env = context.environment();
  std::vector<const DriftRule*> drift_rules;
  std::vector<const Rule*> iam_rules;
  for (const auto& rule : env.rules) {
    if (const auto* d = dynamic_cast<const DriftRule*>(rule.get())) {
      drift_rules.push_back(d);
    } else if (pass == DriftPass::kDrift && rule->info().kind == "iam_scope") {
      iam_rules.push_back(rule.get());
    }
  }
  if (drift_rules.empty() && iam_rules.empty()) {
    return;
  }
  for (const ResourceChange& drift : context.plan().resource_drift) {
    const json* before = context.value(drift, EvalContext::Value::kBefore);
    const json* after = context.value(drift, EvalContext::Value::kAfter);
    const json* before_sensitive = context.value(drift, EvalContext::Value::kBeforeSensitive);
    const json* after_sensitive = context.value(drift, EvalContext::Value::kAfterSensitive);
    if (before == nullptr || after == nullptr || before_sensitive == nullptr ||
        after_sensitive == nullptr) {
      return;
    }
    const bool deleted = after->is_null() || drift.action == Action::kDelete;
    std::vector<std::string> changed =
        deleted ? std::vector<std::string>{""}
                : drifted_attributes(*before, *after, *before_sensitive, *after_sensitive);
    // Attributes AWS changes by itself: no rule judges them.
    for (const DriftRule* rule : drift_rules) {
      for (const DriftIgnore& ignore : rule->ignore()) {
        if (!ignore.match.matches(drift)) {
          continue;
        }
        changed.erase(std::remove_if(changed.begin(), changed.end(),
                                     [&](const std::string& path) {
                                       return !path.empty() &&
                                              std::any_of(ignore.attributes.begin(),
                                                          ignore.attributes.end(),
                                                          [&](const std::string& prefix) {
                                                            return pointer_within(path, prefix);
                                                          });
                                     }),
                      changed.end());
      }
    }
    if (changed.empty()) {
      continue;
    }
    const std::size_t first = context.findings().size();
    // The specific rules first; `otherwise` rules judge what none of them judged.
    std::set<std::string> claimed;
    for (const bool otherwise : {false, true}) {
      std::vector<std::string> open;
      for (const std::string& path : changed) {
        if (!otherwise || claimed.count(path) == 0) {
          open.push_back(path);
        }
      }
      for (const DriftRule* rule : drift_rules) {
        if (rule->otherwise() != otherwise || !rule->match().matches(drift)) {
          continue;
        }
        const std::vector<std::string> judged = rule->judged(open);
        if (judged.empty()) {
          continue;
        }
        claimed.insert(judged.begin(), judged.end());
        context.report(*rule, &drift, describe(judged, deleted));
        if (pass == DriftPass::kCheck) {
          context.findings().back().enforcement = rule->check_enforcement();
        }
      }
    }
    const bool documents_changed =
        !deleted && std::any_of(changed.begin(), changed.end(), [](const std::string& path) {
          return std::any_of(std::begin(kDocumentAttributes), std::end(kDocumentAttributes),
                             [&](const char* a) { return pointer_within(path, a); });
        });
    if (documents_changed) {
      // Judged as if the documents read by the refresh had been planned.
      const std::size_t iam_first = context.findings().size();
      for (const Rule* rule : iam_rules) {
        if (rule->match().matches_resource(drift) &&
            (rule->inspects(env) & action_bit(Action::kUpdate)) != 0) {
          rule->check_change(drift, context);
          if (context.failed()) {
            return;
          }
        }
      }
      for (std::size_t i = iam_first; i < context.findings().size(); ++i) {
        Finding& f = context.findings()[i];
        f.message = "as changed outside Terraform, " + f.message;
      }
    }
    for (std::size_t i = first; i < context.findings().size(); ++i) {
      context.findings()[i].drift = true;
    }
  }
}

}  // namespace detail
}  // namespace gate
