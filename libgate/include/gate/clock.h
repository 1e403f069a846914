// The time source of everything in libgate that depends on "now" (when a record is issued and
// when it expires, whether it has expired), injected so that results are reproducible:
// production code passes a SystemClock, tests a FixedClock.
//
//   gate::FixedClock clock(gate::SystemClock().now());
//   auto verification = gate::verify_records(records, trust, request, clock);
//
// Thread-safety: both clocks may be read from any number of threads.
#pragma once

#include <chrono>

namespace gate {

/// Where libgate reads the current time from.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current time.
  virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

/// A clock that always says the same time (tests, replays).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point time) : time_(time) {}
  std::chrono::system_clock::time_point now() const override { return time_; }

 private:
  std::chrono::system_clock::time_point time_;
};

}  // namespace gate
