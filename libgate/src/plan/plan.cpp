// gate::Plan: ownership of the document bytes, locating views, materialising values.
#include "gate/plan.h"

#include <fmt/format.h>

#include "plan/plan_buffer.h"
#include "plan/syntax_locator.h"
#include "util/text_position.h"

namespace gate {

Plan::Plan() = default;
Plan::~Plan() = default;
Plan::Plan(Plan&&) noexcept = default;
Plan& Plan::operator=(Plan&&) noexcept = default;

std::string_view Plan::text() const { return text_; }

std::string_view Plan::bytes() const { return buffer_ ? buffer_->bytes() : std::string_view(); }

Location Plan::locate(std::string_view inside, std::string pointer) const {
  Location at;
  at.file = source_name;
  at.json_pointer = std::move(pointer);
  if (inside.data() != nullptr && inside.data() >= text_.data() &&
      inside.data() <= text_.data() + text_.size()) {
    const auto pos =
        detail::position_of(text_, static_cast<std::size_t>(inside.data() - text_.data()));
    at.line = pos.line;
    at.column = pos.column;
  }
  return at;
}

namespace {
// Thrown from the parse callback to stop at a limit.
struct TooDeep {};
struct StringTooLong {};
}  // namespace

Expected<nlohmann::json> Plan::materialise(const RawJson& value) const {
  if (!value.present()) {
    return nlohmann::json();
  }
  const std::size_t max_depth = max_depth_ == 0 ? LoadOptions{}.max_depth : max_depth_;
  const std::size_t max_string =
      max_string_bytes_ == 0 ? LoadOptions{}.max_string_bytes : max_string_bytes_;
  try {
    const auto limit = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      if (static_cast<std::size_t>(depth) > max_depth) {
        throw TooDeep{};
      }
      if ((event == nlohmann::json::parse_event_t::key ||
           event == nlohmann::json::parse_event_t::value) &&
          parsed.is_string() && parsed.get_ref<const std::string&>().size() > max_string) {
        throw StringTooLong{};
      }
      return true;
    };
    return nlohmann::json::parse(value.text.begin(), value.text.end(), limit);
  } catch (const TooDeep&) {
    Diagnostic d;
    d.code = "plan.too-deep";
    d.message = fmt::format("a value is nested deeper than {} levels", max_depth);
    d.location = locate(value.text);
    return Unexpected{std::move(d)};
  } catch (const StringTooLong&) {
    const auto found = detail::find_long_string(value.text, max_string);
    Diagnostic d;
    d.code = "plan.string-too-long";
    d.message = found ? fmt::format("a string of {} bytes is longer than the limit of {} bytes",
                                    found->bytes, max_string)
                      : fmt::format("a string is longer than the limit of {} bytes", max_string);
    d.location = locate(found ? value.text.substr(found->offset) : value.text);
    return Unexpected{std::move(d)};
  } catch (const nlohmann::json::exception&) {
    const auto syntax = detail::find_syntax_error(value.text, max_depth + 1);
    Diagnostic d;
    d.code = "plan.syntax";
    d.message = syntax ? syntax->message : "not valid JSON";
    d.location = locate(syntax ? value.text.substr(syntax->offset) : value.text);
    return Unexpected{std::move(d)};
  }
}

}  // namespace gate
