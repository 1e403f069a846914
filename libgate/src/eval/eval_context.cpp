// Findings and lazily parsed values of one evaluation.
#include "eval/eval_context.h"

#include <algorithm>
#include <functional>

namespace gate::detail {

void EvalContext::report(const Rule& rule, const ResourceChange* change, std::string message) {
  Finding f;
  f.rule = rule.info().id;
  f.title = rule.info().title;
  f.enforcement = rule.info().enforcement;
  f.message = std::move(message);
  if (change != nullptr) {
    f.address = change->address;
    f.json_pointer = change->json_pointer;
  }
  findings_.push_back(std::move(f));
}

void EvalContext::report_at(const Rule& rule, std::string address, std::string pointer,
                            std::string message) {
  Finding f;
  f.rule = rule.info().id;
  f.title = rule.info().title;
  f.enforcement = rule.info().enforcement;
  f.message = std::move(message);
  f.address = std::move(address);
  f.json_pointer = std::move(pointer);
  findings_.push_back(std::move(f));
}

const nlohmann::json* EvalContext::parsed_once(std::optional<nlohmann::json>& slot,
                                               const RawJson& raw) {
  if (!slot) {
    auto parsed = plan_.materialise(raw);
    if (!parsed) {
      for (const Diagnostic& d : parsed.error()) {
        errors_.push_back(d);
      }
      return nullptr;
    }
    slot = std::move(*parsed);
  }
  return &*slot;
}

bool EvalContext::prior_state_mentions(const std::string& type) {
  const auto found = prior_state_mentions_.find(type);
  if (found != prior_state_mentions_.end()) {
    return found->second;
  }
  const std::string needle = "\"" + type + "\"";
  const std::string_view text = plan_.prior_state.text;
  const bool mentioned =
      std::search(text.begin(), text.end(),
                  std::boyer_moore_horspool_searcher(needle.begin(), needle.end())) != text.end();
  prior_state_mentions_.emplace(type, mentioned);
  return mentioned;
}

std::any& EvalContext::memo(const ResourceChange& change) {
  if (memo_change_ != &change) {
    memo_change_ = &change;
    memo_.reset();
  }
  return memo_;
}

const nlohmann::json* EvalContext::configuration() {
  return parsed_once(configuration_, plan_.configuration);
}

const nlohmann::json* EvalContext::prior_state() {
  return parsed_once(prior_state_, plan_.prior_state);
}

const nlohmann::json* EvalContext::value(const ResourceChange& change, Value which) {
  if (cached_ != &change) {
    cached_ = &change;
    for (auto& v : values_) {
      v.reset();
    }
  }
  const RawJson* raw = nullptr;
  switch (which) {
    case Value::kBefore:
      raw = &change.before;
      break;
    case Value::kAfter:
      raw = &change.after;
      break;
    case Value::kAfterUnknown:
      raw = &change.after_unknown;
      break;
    case Value::kBeforeSensitive:
      raw = &change.before_sensitive;
      break;
    case Value::kAfterSensitive:
    case Value::kCount:
      raw = &change.after_sensitive;
      break;
  }
  return parsed_once(values_[static_cast<std::size_t>(which)], *raw);
}

}  // namespace gate::detail
