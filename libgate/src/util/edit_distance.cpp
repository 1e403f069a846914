// Edit distance and the suggestions built on it.
#include "util/edit_distance.h"

#include <algorithm>

#include "util/ascii.h"

namespace gate::detail {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // Three rows of the dynamic-programming table: two back (for transpositions), one back, now.
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      std::size_t best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1])) {
        best = std::min(best, before[j - 2] + 1);
      }
      current[j] = best;
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
  const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    // The size difference alone is a lower bound of the distance: skip hopeless (and long)
    // words without the quadratic computation.
    const std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                           : candidate.size() - word.size();
    if (gap > limit) {
      continue;
    }
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  if (best) {
    return best;
  }
  if (word.size() >= 3) {
    for (std::string_view candidate : candidates) {
      if (candidate.size() > word.size() &&
          edit_distance(candidate.substr(0, word.size()), word) == 0) {
        return std::string(candidate);
      }
    }
  }
  return std::nullopt;
}

std::string suggestion_note(std::string_view word,
                            const std::vector<std::string_view>& candidates) {
  if (auto best = closest_match(word, candidates)) {
    return "did you mean '" + *best + "'?";
  }
  std::string out = "expected one of: ";
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += candidates[i];
  }
  return out;
}

}  // namespace gate::detail
