// Time, injected: evaluation (waiver expiry), signing and verification take a Clock instead of
// reading the system clock, so that their results are reproducible and testable. Also calendar
// dates ("YYYY-MM-DD", UTC), the form in which policy files write expiry dates.
//
//   gate::FixedClock clock(gate::start_of(*gate::parse_date("2026-06-01")));
//   gate::EvalOptions options;
//   options.clock = &clock;
//
// Thread-safety: SystemClock and FixedClock may be used from any number of threads at once.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gate {

/// A source of the current time (UTC).
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current time.
  virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The operating system's clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override;
};

/// A clock stopped at one instant, for tests and reproducible runs.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point at) : at_(at) {}
  std::chrono::system_clock::time_point now() const override { return at_; }

 private:
  std::chrono::system_clock::time_point at_;
};

/// A process-wide SystemClock, used where no clock is given.
const Clock& system_clock();

/// A day of the proleptic Gregorian calendar, in UTC.
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31, valid for the month
  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) {
      return a.year < b.year;
    }
    return a.month != b.month ? a.month < b.month : a.day < b.day;
  }
};

/// Parses "YYYY-MM-DD" naming a real calendar day (years 1970..9999); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

/// "YYYY-MM-DD".
std::string to_string(const Date& date);

/// Midnight UTC at the start of `date`.
std::chrono::system_clock::time_point start_of(const Date& date);

/// The UTC calendar day that contains `time`.
Date date_of(std::chrono::system_clock::time_point time);

}  // namespace gate
