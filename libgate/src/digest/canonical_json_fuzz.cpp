// libFuzzer target: RFC 8785 canonicalisation of JSON text. Canonical output must itself be
// canonical (canonicalising it again changes nothing) or be refused as a number the reader
// cannot hold exactly (a double in [2^64, 1e21) is written as an integer of 20 or 21 digits);
// the text and nlohmann paths must agree whenever both succeed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gate/canonical_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto canonical = gate::canonical_json_text(text);
  if (!canonical) {
    return 0;
  }
  auto again = gate::canonical_json_text(*canonical);
  if (again ? *again != *canonical : again.error().front().code != "digest.number") {
    std::abort();
  }
  auto value = nlohmann::json::parse(*canonical, nullptr, false);
  if (!value.is_discarded()) {
    auto from_value = gate::canonical_json(value);
    if (from_value && *from_value != *canonical) {
      std::abort();
    }
  }
  return 0;
}
