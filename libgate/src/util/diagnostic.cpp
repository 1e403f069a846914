// Rendering of located diagnostics for terminals and logs.
#include "gate/diagnostic.h"

#include <fmt/format.h>

namespace gate {

std::string render(const Diagnostic& d) {
  std::string out;
  const Location& at = d.location;
  if (!at.file.empty()) {
    out += at.file;
    if (at.line > 0) {
      out += fmt::format(":{}:{}", at.line, at.column);
    }
    out += ": ";
  }
  out += fmt::format("error[{}]: {}", d.code, d.message);
  if (!at.json_pointer.empty()) {
    out += fmt::format(" (at {})", at.json_pointer);
  }
  for (const std::string& note : d.notes) {
    out += "\n  note: " + note;
  }
  return out;
}

std::string render(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += render(d);
    out += '\n';
  }
  return out;
}

Diagnostic make_diagnostic(std::string code, std::string message, std::string file) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.location.file = std::move(file);
  return d;
}

}  // namespace gate
