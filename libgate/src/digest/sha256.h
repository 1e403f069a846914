// Streaming SHA-256 over OpenSSL's EVP interface (which uses SHA-NI where the CPU has it).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gate::detail {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  /// Finishes the hash and returns it as "sha256:<hex>". The object cannot be reused.
  std::string finish();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

}  // namespace gate::detail
