// Masking registered sensitive values in rendered text: each value in every escaped form the
// output formats write, searched for all at once, replaced by "(sensitive value)".
#include <stdexcept>
#include <vector>

#include "gate/evaluate.h"
#include "gate/sensitive_values.h"
#include "report/renderers.h"
#include "util/multi_pattern.h"

namespace gate {
namespace {

using json = nlohmann::json;

// JSON string escaping, without the quotes: as nlohmann writes it, UTF-8 kept or \u-escaped.
std::string json_escaped(std::string_view s, bool ascii) {
  const std::string quoted =
      json(std::string(s)).dump(-1, ' ', ascii, json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

// Every form `value` can take in rendered output.
std::vector<std::string> escaped_forms(std::string_view value) {
  std::vector<std::string> forms;
  const auto add = [&forms](std::string form) {
    for (const std::string& f : forms) {
      if (f == form) {
        return;
      }
    }
    forms.push_back(std::move(form));
  };
  for (const std::string& base :
       {std::string(value), json_escaped(value, false), json_escaped(value, true)}) {
    // The escapers of the reports themselves, so that a form cannot drift from what they write.
    add(base);
    add(detail::html_escape(base));
    add(detail::xml_escape(base));
    add(detail::markdown_cell_escape(base));
    add(detail::github_data_escape(base));
    add(detail::github_property_escape(base));
  }
  return forms;
}

void add_leaves_to(SensitiveValues& values, const json& value) {
  if (value.is_string()) {
    values.add(value.get_ref<const std::string&>());
  } else if (value.is_number()) {
    values.add(value.dump());
  } else if (value.is_structured()) {
    for (const json& item : value) {
      add_leaves_to(values, item);
    }
  }
}

}  // namespace

SensitiveValues::SensitiveValues() : patterns_(std::make_unique<detail::MultiPattern>()) {}
SensitiveValues::~SensitiveValues() = default;
SensitiveValues::SensitiveValues(SensitiveValues&&) noexcept = default;
SensitiveValues& SensitiveValues::operator=(SensitiveValues&&) noexcept = default;

void SensitiveValues::add(std::string_view value, bool whole_too) {
  if (value.empty() || (!whole_too && value.size() < kMinInnerBytes)) {
    return;
  }
  if (!values_.emplace(value).second) {
    return;
  }
  finished_ = false;
  for (const std::string& form : escaped_forms(value)) {
    if (value.size() >= kMinInnerBytes) {
      patterns_->add(form);
    } else {
      // A short value: only where it stands whole, in double quotes (raw or as entities).
      patterns_->add("\"" + form + "\"", 1, 1);
      patterns_->add("&quot;" + form + "&quot;", 6, 6);
    }
  }
}

void SensitiveValues::add_leaves(const json& value) { add_leaves_to(*this, value); }

void SensitiveValues::add_output(std::string name) { outputs_.insert(std::move(name)); }

void SensitiveValues::finish() {
  patterns_->prepare();
  finished_ = true;
}

bool SensitiveValues::reveals(const json& value) const {
  if (values_.empty()) {
    return false;
  }
  if (value.is_string()) {
    return reveals(std::string_view(value.get_ref<const std::string&>()));
  }
  if (value.is_number()) {
    return reveals(std::string_view(value.dump()));
  }
  if (value.is_structured()) {
    for (const json& item : value) {
      if (reveals(item)) {
        return true;
      }
    }
  }
  return false;
}

bool SensitiveValues::reveals(std::string_view text) const {
  if (values_.empty()) {
    return false;
  }
  if (!finished_) {
    throw std::logic_error("SensitiveValues used before finish()");
  }
  return values_.count(std::string(text)) != 0 || patterns_->contains(text);
}

std::string SensitiveValues::mask(std::string_view text) const {
  if (values_.empty()) {
    return std::string(text);
  }
  if (!finished_) {
    throw std::logic_error("SensitiveValues used before finish()");
  }
  if (values_.count(std::string(text)) != 0) {
    return std::string(kMask);
  }
  const auto matches = patterns_->find_all(text);
  if (matches.empty()) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const auto& m : matches) {
    out.append(text.substr(at, m.begin - at));
    out.append(kMask);
    at = m.end;
  }
  out.append(text.substr(at));
  return out;
}

void mask_findings(Decision& decision, const SensitiveValues& values) {
  if (values.empty()) {
    return;
  }
  for (Finding& f : decision.findings) {
    f.message = values.mask(f.message);  // unchanged where nothing matches
    f.address = values.mask(f.address);
  }
}

}  // namespace gate
