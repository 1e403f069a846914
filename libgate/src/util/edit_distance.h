// "Did you mean ...?" suggestions for misspelt keys and values in user-written files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate::detail {

/// Optimal-string-alignment distance (insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1), comparing ASCII letters without regard to case.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, when it is close enough to be a likely misspelling: at
/// most max(1, size/3) edits away (capped at 3), or `word` is a prefix of it of at least 3
/// characters ("hard" for "hard-mandatory"). Ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

/// "did you mean 'X'?" when closest_match finds one, otherwise "expected one of: a, b, c".
std::string suggestion_note(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace gate::detail
