// The bytes of a plan document, followed by the zero padding simdjson reads past the end.
// Files are memory-mapped (far cheaper than reading a page-cached file into fresh memory);
// standard input and in-memory text are copied.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "gate/expected.h"

namespace gate::detail {

struct PlanBuffer {
  PlanBuffer() = default;
  ~PlanBuffer();
  PlanBuffer(const PlanBuffer&) = delete;
  PlanBuffer& operator=(const PlanBuffer&) = delete;

  /// The whole document as read, including a byte-order mark if there was one.
  std::string_view bytes() const { return {data_, size_}; }
  /// Bytes readable from data(): size() plus at least the simdjson padding.
  std::size_t capacity() const { return capacity_; }
  const char* data() const { return data_; }

  /// Maps (or, for "-" and non-regular files, reads) a file.
  /// Errors: io.read, plan.too-large.
  static Expected<std::unique_ptr<PlanBuffer>> from_file(const std::string& path,
                                                         std::size_t max_bytes);
  /// Copies text. Errors: plan.too-large.
  static Expected<std::unique_ptr<PlanBuffer>> from_text(std::string_view text,
                                                         const std::string& source_name,
                                                         std::size_t max_bytes);

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t mapped_ = 0;  // bytes of the mapping to unmap; 0 when data_ is heap memory
};

}  // namespace gate::detail
