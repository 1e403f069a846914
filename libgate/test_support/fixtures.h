// Paths to test data under fixtures/ and small helpers to read it.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gate::test {

/// Absolute path of a file under fixtures/.
inline std::string fixture(const std::string& relative) {
  return std::string(GATE_FIXTURES_DIR) + "/" + relative;
}

/// The bytes of a file; throws when it cannot be read (a broken test setup).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read test file " + path);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace gate::test
