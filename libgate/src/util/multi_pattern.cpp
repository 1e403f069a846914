// Aho-Corasick over bytes: a trie of the patterns with failure links, so that one pass over
// the text finds every occurrence of every pattern.
#include "util/multi_pattern.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace gate::detail {

MultiPattern::MultiPattern() : nodes_(1) {}

void MultiPattern::add(std::string_view pattern, std::size_t trim_front, std::size_t trim_back) {
  if (pattern.empty() || trim_front + trim_back >= pattern.size()) {
    return;
  }
  std::uint32_t node = 0;
  for (char c : pattern) {
    const auto byte = static_cast<unsigned char>(c);
    std::uint32_t next = child(node, byte);
    if (next == 0) {
      next = static_cast<std::uint32_t>(nodes_.size());
      auto& edges = nodes_[node].next;
      edges.insert(std::lower_bound(edges.begin(), edges.end(), std::make_pair(byte, 0U)),
                   {byte, next});
      nodes_.emplace_back();
    }
    node = next;
  }
  nodes_[node].ends.push_back(static_cast<std::uint32_t>(patterns_.size()));
  patterns_.push_back({pattern.size(), trim_front, trim_back});
  root_next_.clear();
}

std::uint32_t MultiPattern::child(std::uint32_t node, unsigned char byte) const {
  const auto& edges = nodes_[node].next;
  const auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(byte, 0U));
  return it != edges.end() && it->first == byte ? it->second : 0;
}

std::uint32_t MultiPattern::step(std::uint32_t node, unsigned char byte) const {
  while (node != 0) {
    if (const std::uint32_t next = child(node, byte); next != 0) {
      return next;
    }
    node = nodes_[node].fail;
  }
  return root_next_[byte];
}

void MultiPattern::prepare() {
  root_next_.assign(256, 0);
  std::deque<std::uint32_t> queue;
  for (const auto& [byte, next] : nodes_[0].next) {
    root_next_[byte] = next;
    nodes_[next].fail = 0;
    queue.push_back(next);
  }
  while (!queue.empty()) {
    const std::uint32_t node = queue.front();
    queue.pop_front();
    const std::uint32_t fail = nodes_[node].fail;
    nodes_[node].output = nodes_[fail].ends.empty() ? nodes_[fail].output : fail;
    for (const auto& [byte, next] : nodes_[node].next) {
      nodes_[next].fail = step(fail, byte);  // the shallower nodes' links are already set
      queue.push_back(next);
    }
  }
}

std::vector<MultiPattern::Match> MultiPattern::find_all(std::string_view text) const {
  std::vector<Match> found;
  if (patterns_.empty()) {
    return found;
  }
  if (root_next_.empty()) {
    throw std::logic_error("MultiPattern searched before prepare()");
  }
  std::uint32_t node = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    node = step(node, static_cast<unsigned char>(text[i]));
    for (std::uint32_t at = nodes_[node].ends.empty() ? nodes_[node].output : node; at != 0;
         at = nodes_[at].output) {
      for (const std::uint32_t p : nodes_[at].ends) {
        const Pattern& pattern = patterns_[p];
        found.push_back({i + 1 - pattern.length + pattern.trim_front, i + 1 - pattern.trim_back});
      }
    }
  }
  if (found.empty()) {
    return found;
  }
  std::sort(found.begin(), found.end(),
            [](const Match& a, const Match& b) { return a.begin < b.begin; });
  std::vector<Match> merged{found.front()};
  for (const Match& m : found) {
    if (m.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, m.end);
    } else {
      merged.push_back(m);
    }
  }
  return merged;
}

bool MultiPattern::contains(std::string_view text) const {
  if (patterns_.empty()) {
    return false;
  }
  if (root_next_.empty()) {
    throw std::logic_error("MultiPattern searched before prepare()");
  }
  std::uint32_t node = 0;
  for (char c : text) {
    node = step(node, static_cast<unsigned char>(c));
    if (!nodes_[node].ends.empty() || nodes_[node].output != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace gate::detail
