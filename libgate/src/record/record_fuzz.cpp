// libFuzzer target: records and trust files from arbitrary bytes. Reading never crashes; a
// record that reads back is written and read again to the same payload, digest and kind, and
// base64 decoding inverts encoding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gate/dsse.h"
#include "gate/record.h"
#include "gate/trust.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto decoded = gate::base64_decode(text)) {
    if (gate::base64_decode(gate::base64_encode(*decoded)) != decoded) {
      std::abort();
    }
  }
  // Keys are looked up where none exist: only the trust file's own parsing is exercised.
  static_cast<void>(gate::read_trust(text, "fuzz.json", "/nonexistent"));
  auto record = gate::read_record(text, "fuzz.json");
  if (!record) {
    return 0;
  }
  auto again = gate::read_record(gate::write_envelope(record->envelope), "fuzz.json");
  if (!again || again->digest != record->digest ||
      again->envelope.payload != record->envelope.payload ||
      again->is_decision() != record->is_decision() ||
      again->envelope.signatures.size() != record->envelope.signatures.size()) {
    std::abort();
  }
  return 0;
}
