// Reading a file ("-": standard input) in chunks, for callers that hash or bound what they read
// instead of holding a whole file they have not sized yet.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gate/diagnostic.h"

namespace gate::detail {

/// Hands each chunk (at most `chunk_bytes`) of `path` to `consume`, in order; reading stops
/// early when `consume` returns false. An io.read diagnostic when the file cannot be opened or
/// read; nullopt otherwise (also after an early stop).
std::optional<Diagnostic> read_chunks(const std::string& path, std::size_t chunk_bytes,
                                      const std::function<bool(std::string_view)>& consume);

}  // namespace gate::detail
