// Calendar dates and clocks.
#include <doctest/doctest.h>

#include "gate/clock.h"

TEST_SUITE("clock") {
  TEST_CASE("parses real calendar days only") {
    CHECK(gate::parse_date("2026-12-31").has_value());
    CHECK(gate::parse_date("2024-02-29").has_value());
    CHECK_FALSE(gate::parse_date("2025-02-29").has_value());
    CHECK_FALSE(gate::parse_date("2026-13-01").has_value());
    CHECK_FALSE(gate::parse_date("2026-00-10").has_value());
    CHECK_FALSE(gate::parse_date("2026-1-01").has_value());
    CHECK_FALSE(gate::parse_date("31/12/2026").has_value());
    CHECK_FALSE(gate::parse_date("1969-12-31").has_value());
    CHECK(gate::to_string(*gate::parse_date("2026-03-07")) == "2026-03-07");
  }

  TEST_CASE("start_of and date_of agree, in UTC") {
    for (const char* day : {"1970-01-01", "2000-02-29", "2026-06-01", "2099-12-31"}) {
      CAPTURE(day);
      const gate::Date d = *gate::parse_date(day);
      const auto start = gate::start_of(d);
      CHECK(gate::date_of(start) == d);
      CHECK(gate::date_of(start + std::chrono::hours(23) + std::chrono::minutes(59)) == d);
      CHECK(gate::date_of(start + std::chrono::hours(24)) != d);
    }
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(
              gate::start_of(*gate::parse_date("2026-01-01")).time_since_epoch())
              .count() == 1767225600);
  }

  TEST_CASE("a fixed clock stays where it was set") {
    const gate::FixedClock clock(gate::start_of(*gate::parse_date("2026-06-01")));
    CHECK(gate::to_string(gate::date_of(clock.now())) == "2026-06-01");
    CHECK(gate::date_of(gate::system_clock().now()).year >= 2024);
  }
}
