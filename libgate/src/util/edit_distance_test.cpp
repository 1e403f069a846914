// Edit distance and "did you mean" suggestions.
#include <doctest/doctest.h>

#include "util/edit_distance.h"

TEST_SUITE("edit_distance") {
  TEST_CASE("counts insertions, deletions, substitutions and transpositions") {
    using gate::detail::edit_distance;
    CHECK(edit_distance("enforcement", "enforcement") == 0);
    CHECK(edit_distance("enforcment", "enforcement") == 1);
    CHECK(edit_distance("extend", "extends") == 1);
    CHECK(edit_distance("raed", "read") == 1);
    CHECK(edit_distance("Deny", "deny") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
  }

  TEST_CASE("suggests a close candidate or a prefix, otherwise lists the choices") {
    const std::vector<std::string_view> levels = {"advisory", "soft-mandatory", "hard-mandatory"};
    CHECK(gate::detail::suggestion_note("advisroy", levels) == "did you mean 'advisory'?");
    CHECK(gate::detail::suggestion_note("hard", levels) == "did you mean 'hard-mandatory'?");
    CHECK(gate::detail::suggestion_note("blocking", levels) ==
          "expected one of: advisory, soft-mandatory, hard-mandatory");
    CHECK_FALSE(gate::detail::closest_match("xy", {"id", "kind"}).has_value());
    CHECK(gate::detail::closest_match("ids", {"id", "kind"}) == std::string("id"));
  }
}
