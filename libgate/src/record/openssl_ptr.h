// Owning pointers for OpenSSL handles, and the error-queue reader that turns OpenSSL's reasons
// into diagnostic notes. The only place libgate names OpenSSL types outside .cpp files.
#pragma once

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <vector>

namespace gate::detail {

/// Frees any OpenSSL handle libgate holds, with the matching *_free function.
struct OpenSslFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};

template <class T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

/// Empties OpenSSL's thread-local error queue and returns its reasons, oldest first.
std::vector<std::string> take_openssl_errors();

/// Empties OpenSSL's error queue without reading it (after an expected failure).
void clear_openssl_errors();

}  // namespace gate::detail
