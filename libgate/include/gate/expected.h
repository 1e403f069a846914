// gate::Expected<T>: a value or the Diagnostics that explain why there is none. Every libgate
// function that reads untrusted input returns one; bad input is an ordinary result, never an
// exception. Member names follow std::expected so the type can later become an alias of it.
//
//   gate::Expected<gate::Plan> plan = gate::load_plan_file("plan.json");
//   if (!plan) { std::cerr << gate::render(plan.error()); return 1; }
//   use(*plan);
//
// Thread-safety: a plain value type.
#pragma once

#include <optional>
#include <stdexcept>
#include <utility>

#include "gate/diagnostic.h"

namespace gate {

/// Tag that builds an error Expected from Diagnostics: `return Unexpected{std::move(diags)};`.
struct Unexpected {
  Diagnostics diagnostics;
  explicit Unexpected(Diagnostics d) : diagnostics(std::move(d)) {}
  explicit Unexpected(Diagnostic d) : diagnostics{std::move(d)} {}
};

/// A T, or at least one Diagnostic. value() on an error throws std::logic_error (a bug).
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Expected(Unexpected error)                       // NOLINT(google-explicit-constructor)
      : error_(std::move(error.diagnostics)) {}

  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & { return checked(); }
  const T& value() const& {
    require_value();
    return *value_;
  }
  T&& value() && { return std::move(checked()); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &value(); }

  /// The diagnostics; empty when there is a value.
  const Diagnostics& error() const { return error_; }

 private:
  void require_value() const {
    if (!value_) {
      throw std::logic_error("gate::Expected: value() called on an error result");
    }
  }
  T& checked() {
    require_value();
    return *value_;
  }
  std::optional<T> value_;
  Diagnostics error_;
};

}  // namespace gate
