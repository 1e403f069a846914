// SHA-256 digests of bytes and files.
#include "digest/sha256.h"

#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "gate/digest.h"

#include "util/chunked_read.h"

namespace gate {
namespace detail {

struct Sha256::Context {
  Context() = default;
  ~Context() { EVP_MD_CTX_free(md); }
  Context(const Context&) = delete;  // owns the OpenSSL context
  Context& operator=(const Context&) = delete;
  EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
  ctx_->md = EVP_MD_CTX_new();
  if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not initialise SHA-256");
  }
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (!bytes.empty() && EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 update failed");
  }
}

std::string Sha256::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out, &len) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 final failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "sha256:";
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 0xF];
  }
  return hex;
}

}  // namespace detail

std::string digest_bytes(std::string_view bytes) {
  detail::Sha256 sha;
  sha.update(bytes);
  return sha.finish();
}

Expected<std::string> digest_file(const std::string& path) {
  detail::Sha256 sha;
  if (auto error = detail::read_chunks(path, std::size_t{1} << 20, [&](std::string_view chunk) {
        sha.update(chunk);
        return true;
      })) {
    return Unexpected{std::move(*error)};
  }
  return sha.finish();
}

bool is_digest(std::string_view text) {
  constexpr std::string_view kPrefix = "sha256:";
  if (text.size() != kPrefix.size() + 64 || text.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  for (char c : text.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace gate
