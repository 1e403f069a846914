// Heuristics behind plan.not-a-plan hints. They only ever run on a document that is already
// refused, to say why in words a person can act on; they never make a document pass.
#include "plan/not_a_plan.h"

#include <array>

namespace gate::detail {
namespace {

constexpr std::string_view kRunShow =
    "run `terraform plan -out=tfplan`, then give tfgate `terraform show -json tfplan`";

std::string_view first_line(std::string_view text) {
  const auto end = text.find('\n');
  return end == std::string_view::npos ? text : text.substr(0, end);
}

std::string_view skip_space(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

// `terraform plan -json` writes one object per line, each with "@level" and "@message".
bool is_json_lines(std::string_view text) {
  const std::string_view line = first_line(skip_space(text));
  return !line.empty() && line.front() == '{' && line.find("\"@level\"") != std::string_view::npos &&
         line.find("\"@message\"") != std::string_view::npos;
}

// HCL starts with a block keyword followed by a label or a brace, or with a comment.
bool is_hcl(std::string_view text) {
  const std::string_view t = skip_space(text);
  if (t.substr(0, 1) == "#" || t.substr(0, 2) == "//" || t.substr(0, 2) == "/*") {
    return true;
  }
  static constexpr std::array<std::string_view, 12> kBlocks = {
      "terraform", "resource", "data",   "provider", "variable", "output",
      "module",    "locals",   "moved",  "import",   "removed",  "check"};
  for (const std::string_view block : kBlocks) {
    if (t.substr(0, block.size()) == block) {
      const std::string_view rest = skip_space(t.substr(block.size()));
      if (rest.size() < t.size() - block.size() && !rest.empty() &&
          (rest.front() == '"' || rest.front() == '{')) {
        return true;
      }
    }
  }
  return false;
}

// setup-terraform's wrapper prints the command line before the JSON and ::debug:: lines
// after it; other wrappers print a banner. A plan object further down shows the JSON is there.
bool has_text_before_json(std::string_view text) {
  const std::string_view t = skip_space(text);
  if (t.substr(0, 9) == "[command]" || t.substr(0, 9) == "::debug::") {
    return true;
  }
  const auto json = t.find("{\"format_version\"");
  return json != std::string_view::npos && json > 0;
}

}  // namespace

bool is_saved_plan_file(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

std::optional<std::string> not_a_plan_hint(std::string_view text) {
  if (is_json_lines(text)) {
    return "this is the JSON Lines log of `terraform plan -json`, not a plan; " +
           std::string(kRunShow);
  }
  if (has_text_before_json(text)) {
    return std::string(
        "text comes before the JSON (the setup-terraform wrapper prints the command and "
        "::debug:: lines around it); set `terraform_wrapper: false` in setup-terraform, or "
        "write the JSON with `terraform show -json tfplan > plan.json`");
  }
  if (is_hcl(text)) {
    return "this is Terraform configuration (HCL), not a plan; " + std::string(kRunShow);
  }
  return std::nullopt;
}

}  // namespace gate::detail
