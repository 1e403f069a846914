// The condition table of gate/iam_conditions.h.
#include "gate/iam_conditions.h"

#include <algorithm>
#include <array>
#include <string>

#include "util/ascii.h"

namespace gate::iam {
namespace {

constexpr std::array<std::string_view, 18> kPinningKeys = {
    "aws:principalorgid",  "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourcearn",       "aws:sourceaccount",     "aws:sourceowner",      "aws:sourceorgid",
    "aws:sourceorgpaths",  "aws:sourcevpc",         "aws:sourcevpce",       "aws:userid",
    "aws:username",        "kms:calleraccount",     "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn", "aws:sourceip", "aws:vpcsourceip"};

constexpr std::array<std::string_view, 11> kUnrestrictingKeys = {
    "aws:securetransport",      "aws:requestedregion",     "aws:currenttime",
    "aws:epochtime",            "aws:tokenissuetime",      "aws:multifactorauthpresent",
    "aws:multifactorauthage",   "aws:useragent",           "aws:referer",
    "aws:viaawsservice",        "aws:tagkeys"};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_wild(char c) { return c == '*' || c == '?'; }

// A web-identity claim of a provider: "<issuer host>[/path]:aud" and the like.
bool is_identity_claim(std::string_view key) {
  const auto colon = key.rfind(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  const std::string_view issuer = key.substr(0, colon);
  const std::string_view claim = key.substr(colon + 1);
  return issuer.find('.') != std::string_view::npos &&
         (claim == "aud" || claim == "sub" || claim == "oaud" || claim == "amr");
}

bool is_pinning_key(std::string_view lower_key) {
  return std::find(kPinningKeys.begin(), kPinningKeys.end(), lower_key) != kPinningKeys.end() ||
         is_identity_claim(lower_key);
}

bool is_unrestricting_key(std::string_view lower_key) {
  return std::find(kUnrestrictingKeys.begin(), kUnrestrictingKeys.end(), lower_key) !=
             kUnrestrictingKeys.end() ||
         starts_with(lower_key, "aws:calledvia") || starts_with(lower_key, "aws:requesttag/");
}

// True when the value names something specific rather than everything of its kind.
bool concrete(std::string_view value) {
  if (value.empty() || std::all_of(value.begin(), value.end(), is_wild) || is_wild(value[0]) ||
      value == "0.0.0.0/0" || value == "::/0") {
    return false;
  }
  if (!starts_with(value, "arn:")) {
    return true;
  }
  // An ARN: its account must be written out (S3 ARNs have none: then the name must be).
  std::array<std::string_view, 6> parts{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const auto colon = value.find(':', start);
    if (colon == std::string_view::npos) {
      return false;
    }
    parts[i] = value.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = value.substr(start);
  const std::string_view account = parts[4];
  if (std::any_of(account.begin(), account.end(), is_wild)) {
    return false;
  }
  return !account.empty() || (!parts[5].empty() && !is_wild(parts[5][0]));
}

bool positive_operator(const Condition& c) {
  static const std::array<std::string_view, 7> kPositive = {
      "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
      "IpAddress",    "NumericEquals"};
  return std::find(kPositive.begin(), kPositive.end(), c.base_operator) != kPositive.end();
}

long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, long long& out) {
  if (pos + n > s.size()) {
    return false;
  }
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool never_true(const Condition& c, std::string_view now) {
  if (c.if_exists || !c.qualifier.empty() || c.values.empty()) {
    return false;
  }
  const std::string key = detail::ascii_lower(c.key);
  const bool time_key = key == "aws:currenttime" || key == "aws:tokenissuetime" ||
                        key == "aws:epochtime";
  const bool before_operator = c.base_operator == "DateLessThan" ||
                               c.base_operator == "DateLessThanEquals" ||
                               c.base_operator == "DateEquals" ||
                               (key == "aws:epochtime" &&
                                (c.base_operator == "NumericLessThan" ||
                                 c.base_operator == "NumericLessThanEquals" ||
                                 c.base_operator == "NumericEquals"));
  const auto reference = parse_time(now);
  if (!time_key || !before_operator || !reference) {
    return false;
  }
  // A session token lives at most 36 hours: one issued before that is gone by apply time.
  const long long margin = key == "aws:tokenissuetime" ? 36LL * 3600 : 0;
  return std::all_of(c.values.begin(), c.values.end(), [&](const std::string& v) {
    const auto t = parse_time(v);
    return t && *t < *reference - margin;
  });
}

}  // namespace

std::optional<long long> parse_time(std::string_view text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 12) {
      return std::nullopt;
    }
    return std::stoll(std::string(text));  // epoch seconds, as aws:EpochTime compares them
  }
  long long y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, mo) ||
      text[7] != '-' || !digits(text, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  long long offset = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2, h) || text.size() < 19 ||
        text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s)) {
      return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
      }
    }
    const std::string_view zone = text.substr(pos);
    long long zh = 0, zm = 0;
    if (zone == "Z" || zone == "z") {
      offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2, zh) &&
               zone[3] == ':' && digits(zone, 4, 2, zm)) {
      offset = (zone[0] == '+' ? 1 : -1) * (zh * 3600 + zm * 60);
    } else {
      return std::nullopt;
    }
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + s - offset;
}

ConditionClass classify(const Condition& condition, std::string_view now) {
  if (never_true(condition, now)) {
    return ConditionClass::kNeverTrue;
  }
  const std::string key = detail::ascii_lower(condition.key);
  if (is_pinning_key(key)) {
    const bool all_wild = std::none_of(condition.values.begin(), condition.values.end(),
                                       [](const std::string& v) { return concrete(v); });
    if (all_wild && !condition.negated()) {
      return ConditionClass::kRestrictsNothing;
    }
    const bool pins = positive_operator(condition) && !condition.if_exists &&
                      condition.qualifier != "ForAllValues" && !condition.values.empty() &&
                      std::all_of(condition.values.begin(), condition.values.end(),
                                  [](const std::string& v) { return concrete(v); });
    return pins ? ConditionClass::kPinsPrincipal : ConditionClass::kOther;
  }
  if (is_unrestricting_key(key)) {
    return ConditionClass::kRestrictsNothing;
  }
  return ConditionClass::kOther;
}

bool never_holds(const Statement& statement, std::string_view now) {
  return std::any_of(statement.conditions.begin(), statement.conditions.end(),
                     [&](const Condition& c) { return never_true(c, now); });
}

bool pins_principal(const Statement& statement, std::string_view now) {
  return std::any_of(statement.conditions.begin(), statement.conditions.end(), [&](const Condition& c) {
    return classify(c, now) == ConditionClass::kPinsPrincipal;
  });
}

std::string unrestricting_keys(const Statement& statement, std::string_view now) {
  std::string out;
  for (const Condition& c : statement.conditions) {
    if (classify(c, now) != ConditionClass::kPinsPrincipal) {
      out += (out.empty() ? "" : ", ") + c.operator_name + " " + c.key;
    }
  }
  return out;
}

}  // namespace gate::iam
