// Recognises the documents most often given instead of `terraform show -json` output (a saved
// plan file, Terraform configuration, the JSON Lines of `terraform plan -json`, the text the
// setup-terraform wrapper prints around the JSON) and says what to run instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gate::detail {

/// The zip archive `terraform plan -out` writes, by its magic bytes.
bool is_saved_plan_file(std::string_view bytes);

/// A hint for a document that did not parse as JSON but looks like one of the usual
/// mistakes, or nullopt. `text` is the whole document.
std::optional<std::string> not_a_plan_hint(std::string_view text);

}  // namespace gate::detail
