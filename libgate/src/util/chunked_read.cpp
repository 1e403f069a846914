// Chunked reading of a file or standard input.
#include "util/chunked_read.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

namespace gate::detail {

std::optional<Diagnostic> read_chunks(const std::string& path, std::size_t chunk_bytes,
                                      const std::function<bool(std::string_view)>& consume) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      return make_diagnostic("io.read",
                             fmt::format("cannot read {}: {}", path, std::strerror(errno)), path);
    }
    in = &file;
  }
  std::string chunk(chunk_bytes, '\0');
  while (*in) {
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!consume(std::string_view(chunk.data(), static_cast<std::size_t>(in->gcount())))) {
      return std::nullopt;
    }
  }
  if (in->bad()) {
    return make_diagnostic("io.read", fmt::format("cannot read {}", path), path);
  }
  return std::nullopt;
}

}  // namespace gate::detail
