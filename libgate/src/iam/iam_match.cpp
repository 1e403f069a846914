// AWS wildcard matching for actions and ARNs, and IAM's policy size counting.
#include <algorithm>
#include <vector>

#include "gate/iam.h"

#include "util/ascii.h"

namespace gate::iam {
namespace {

char fold(char c, bool ignore_case) { return ignore_case ? detail::ascii_lower(c) : c; }

// Splits an ARN into its six parts; the last keeps any further colons.
bool split_arn(std::string_view arn, std::string_view parts[6]) {
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      return false;
    }
    parts[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = arn.substr(start);
  return true;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  // Iterative matching with one backtrack point per '*': linear in practice, never exponential.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || fold(pattern[p], ignore_case) == fold(text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

bool action_matches(std::string_view pattern, std::string_view action) {
  return pattern == "*" || glob_match(pattern, action, true);
}

bool any_action_matches(const std::vector<std::string>& patterns, std::string_view action) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return action_matches(p, action); });
}

bool statement_covers_action(const Statement& statement, std::string_view action) {
  const bool listed = any_action_matches(statement.actions, action);
  return (statement.not_action ? !listed : listed) &&
         !any_action_matches(statement.denied_actions, action);
}

bool globs_intersect(std::string_view a, std::string_view b, bool ignore_case) {
  // reachable[i][j]: a[i..] and b[j..] can still match a common text. Filled backwards.
  const std::size_t n = a.size(), m = b.size();
  std::vector<char> reachable((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> char& { return reachable[i * (m + 1) + j]; };
  for (std::size_t i = n + 1; i-- > 0;) {
    for (std::size_t j = m + 1; j-- > 0;) {
      bool ok = false;
      if (i == n && j == m) {
        ok = true;
      }
      if (!ok && i < n && a[i] == '*') {
        ok = at(i + 1, j) || (j < m && at(i, j + 1));
      }
      if (!ok && j < m && b[j] == '*') {
        ok = at(i, j + 1) || (i < n && at(i + 1, j));
      }
      if (!ok && i < n && j < m && a[i] != '*' && b[j] != '*' &&
          (a[i] == '?' || b[j] == '?' || fold(a[i], ignore_case) == fold(b[j], ignore_case))) {
        ok = at(i + 1, j + 1);
      }
      at(i, j) = ok ? 1 : 0;
    }
  }
  return at(0, 0) != 0;
}

bool arn_patterns_intersect(std::string_view a, std::string_view b) {
  if (a == "*" || b == "*") {
    return true;
  }
  std::string_view p[6], q[6];
  if (!split_arn(a, p) || !split_arn(b, q)) {
    return globs_intersect(a, b, false);
  }
  for (int i = 0; i < 6; ++i) {
    if (!globs_intersect(p[i], q[i], false)) {
      return false;
    }
  }
  return true;
}

bool arn_matches(std::string_view pattern, std::string_view arn) {
  if (pattern == "*") {
    return true;
  }
  std::string_view p[6], a[6];
  if (!split_arn(pattern, p) || !split_arn(arn, a)) {
    return glob_match(pattern, arn, false);
  }
  for (int i = 0; i < 6; ++i) {
    if (!glob_match(p[i], a[i], false)) {
      return false;
    }
  }
  return true;
}

std::string arn_account(std::string_view arn) {
  std::string_view parts[6];
  if (arn.substr(0, 4) != "arn:" || !split_arn(arn, parts)) {
    return {};
  }
  return std::string(parts[4]);
}

std::size_t non_whitespace_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return c != ' ' && c != '\t' && c != '\n' && c != '\r';
  }));
}

}  // namespace gate::iam
