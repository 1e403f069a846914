// The one definition of a valid plan document: before the reader builds a Plan, every value
// of the document is walked once with simdjson On-Demand (no DOM) and checked, whether or not
// a rule will read it: JSON grammar, UTF-8 and escapes (no lone surrogates), numbers (no NaN,
// no overflow past a double), nesting depth, string length, and unique member names in every
// object. Every command reads plans through load_plan, so all of them accept and refuse the
// same documents with the same diagnostic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <simdjson.h>

namespace gate::detail {

/// Why a document is not valid: either a simdjson error (`json_error`, mapped to a located
/// plan.syntax / plan.encoding / plan.too-deep by the reader) or a finished diagnostic
/// (`code`, `message`). `at` points into the document; `pointer` is the JSON pointer of the
/// value concerned.
struct ValidationProblem {
  simdjson::error_code json_error = simdjson::SUCCESS;
  std::string code;
  std::string message;
  const char* at = nullptr;
  std::string pointer;
};

/// Walks every value of `doc` (whose root is an object) and leaves it consumed; the caller
/// rewinds it to read it again. `text` is the document the iterator runs over.
std::optional<ValidationProblem> validate_document(simdjson::ondemand::document& doc,
                                                   std::string_view text, std::size_t max_depth,
                                                   std::size_t max_string_bytes);

}  // namespace gate::detail
