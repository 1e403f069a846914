// Located diagnostics: what libgate returns when an input (plan, policy, record, key) is
// unusable. A Diagnostic has a stable code ("plan.syntax"), a one-sentence message and a
// location (file, line:column, JSON pointer), so the same value feeds terminal text, JSON and
// SARIF output.
//
//   gate::Diagnostic d = ...;
//   std::cerr << gate::render(d) << '\n';
//   // plan.json:14:7: error[plan.syntax]: expected ',' or '}' after an object member
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gate {

/// Where a diagnostic points. Every field may be empty or 0 when unknown.
struct Location {
  std::string file;          ///< "plan.json", "<stdin>", "policies/prod.json"
  std::size_t line = 0;      ///< 1-based line, 0 when unknown
  std::size_t column = 0;    ///< 1-based column in bytes, 0 when unknown
  std::string json_pointer;  ///< RFC 6901 pointer of the offending value, e.g. "/resource_changes/3"
};

/// One problem found in an input.
struct Diagnostic {
  std::string code;                ///< stable, dotted lower case: "plan.syntax"
  std::string message;             ///< one sentence, lower-case start, no trailing period
  Location location;               ///< where it is
  std::vector<std::string> notes;  ///< hints, e.g. "did you mean 'resources'?"
};

/// Several problems, in the order they were found.
using Diagnostics = std::vector<Diagnostic>;

/// Renders "file:line:column: error[code]: message (at /pointer)" followed by one
/// "  note: ..." line per note. Fields that are unknown are left out.
std::string render(const Diagnostic& diagnostic);

/// Renders every diagnostic, one per line (notes on their own lines).
std::string render(const Diagnostics& diagnostics);

/// Returns a Diagnostic with the given code and message, located in `file` only.
Diagnostic make_diagnostic(std::string code, std::string message, std::string file = {});

}  // namespace gate
