// Golden-file comparison: a test's output is compared byte for byte with a file under
// fixtures/; running the tests with GATE_UPDATE_GOLDENS=1 rewrites the files instead
// (tools/dev/update-goldens does that), so every change to an expected output is a reviewed diff.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "fixtures.h"

namespace gate::test {

inline bool updating_goldens() {
  const char* v = std::getenv("GATE_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

/// Checks `actual` against the golden file at `path` (or rewrites it when updating).
inline void check_golden(const std::string& path, const std::string& actual) {
  if (updating_goldens()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    FAIL("missing golden file " << path << " (run tools/dev/update-goldens)");
    return;
  }
  CHECK_MESSAGE(read_file(path) == actual, "output differs from " << path);
}

}  // namespace gate::test
