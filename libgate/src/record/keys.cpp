// ECDSA P-256 keys over OpenSSL 3: PEM reading and writing, signing, verification, and the
// 0600 key-pair writer behind `tfgate keygen`.
#include "gate/keys.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

#include "gate/digest.h"
#include "record/json_input.h"
#include "record/openssl_ptr.h"

namespace gate {

struct PublicKey::Impl {
  detail::OpenSslPtr<EVP_PKEY> pkey;
  std::string key_id;
};

struct PrivateKey::Impl {
  detail::OpenSslPtr<EVP_PKEY> pkey;
};

namespace detail {

std::vector<std::string> take_openssl_errors() {
  std::vector<std::string> out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out.emplace_back(buf);
  }
  return out;
}

void clear_openssl_errors() { ERR_clear_error(); }

// Builds keys from OpenSSL handles and reaches the handle inside (see keys.h).
struct KeyAccess {
  static PublicKey make_public(OpenSslPtr<EVP_PKEY> pkey, std::string key_id) {
    auto impl = std::make_shared<PublicKey::Impl>();
    impl->pkey = std::move(pkey);
    impl->key_id = std::move(key_id);
    return PublicKey(std::move(impl));
  }
  static PrivateKey make_private(OpenSslPtr<EVP_PKEY> pkey) {
    auto impl = std::make_shared<PrivateKey::Impl>();
    impl->pkey = std::move(pkey);
    return PrivateKey(std::move(impl));
  }
  static EVP_PKEY* pkey(const PublicKey& key) { return key.impl_->pkey.get(); }
  static EVP_PKEY* pkey(const PrivateKey& key) { return key.impl_->pkey.get(); }
};

}  // namespace detail

namespace {

using detail::OpenSslPtr;

constexpr std::size_t kMaxKeyFileBytes = std::size_t{64} * 1024;

OpenSslPtr<BIO> memory_bio(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return nullptr;
  }
  return OpenSslPtr<BIO>(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

// The bytes written into a memory BIO.
std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
  return n > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

Diagnostic key_error(std::string code, std::string message, const std::string& source,
                     bool with_openssl_notes = false) {
  Diagnostic d = make_diagnostic(std::move(code), std::move(message), source);
  if (with_openssl_notes) {
    for (std::string& reason : detail::take_openssl_errors()) {
      d.notes.push_back("OpenSSL: " + std::move(reason));
    }
  } else {
    detail::clear_openssl_errors();
  }
  return d;
}

// nullopt for a P-256 key; otherwise a description of what the key is ("RSA 2048-bit").
std::optional<std::string> unsupported_key(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") == 1) {
    char group[64] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &len) == 1 &&
        std::string_view(group, len) == "prime256v1") {
      return std::nullopt;
    }
    detail::clear_openssl_errors();
    return fmt::format("an EC key on curve {}", len > 0 ? std::string(group, len) : "(unnamed)");
  }
  const char* type = EVP_PKEY_get0_type_name(pkey);
  return fmt::format("a key of type {} ({} bits)", type != nullptr ? type : "unknown",
                     EVP_PKEY_get_bits(pkey));
}

Diagnostic unsupported_diagnostic(const std::string& what, const std::string& source) {
  Diagnostic d = key_error("key.unsupported",
                           fmt::format("{}; tfgate signs and verifies with ECDSA P-256 keys only",
                                       what),
                           source);
  d.notes.push_back(
      "make one with `tfgate keygen` or `openssl genpkey -algorithm EC -pkeyopt "
      "ec_paramgen_curve:P-256`");
  return d;
}

Expected<std::string> spki_der(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(pkey, &der);
  if (len <= 0 || der == nullptr) {
    return Unexpected{key_error("key.syntax", "cannot encode the public key", {}, true)};
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

Expected<PublicKey> public_from(OpenSslPtr<EVP_PKEY> pkey, const std::string& source) {
  auto der = spki_der(pkey.get());
  if (!der) {
    Diagnostics diags = der.error();
    diags.front().location.file = source;
    return Unexpected{std::move(diags)};
  }
  return detail::KeyAccess::make_public(std::move(pkey), digest_bytes(*der));
}

// Writes `bytes` to a new file `path` with `mode`; the file must not exist.
bool write_new_file(const std::string& path, std::string_view bytes, mode_t mode,
                    std::string& why) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n > 0;
    if (ok) {
      done += static_cast<std::size_t>(n);
    }
  }
  ok = ok && ::fsync(fd) == 0;
  if (!ok) {
    why = std::strerror(errno);
  }
  if (::close(fd) != 0 && ok) {
    why = std::strerror(errno);
    ok = false;
  }
  if (!ok) {
    ::unlink(path.c_str());
  }
  return ok;
}

// Moves `temporary` to `path`: replacing it when `overwrite`, failing with EEXIST otherwise.
bool publish(const std::string& temporary, const std::string& path, bool overwrite,
             int& error) {
  if (overwrite) {
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      error = errno;
      return false;
    }
    return true;
  }
  if (::link(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    return false;
  }
  ::unlink(temporary.c_str());
  return true;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

PublicKey::PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Expected<PublicKey> PublicKey::from_pem(std::string_view pem, const std::string& source) {
  auto bio = memory_bio(pem);
  OpenSslPtr<EVP_PKEY> pkey(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)
                                : nullptr);
  if (!pkey) {
    if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
      Diagnostic d = key_error("key.private",
                               "this is a private key; a public key is expected here", source);
      d.notes.push_back("write the public key with `openssl pkey -in KEY -pubout`");
      return Unexpected{std::move(d)};
    }
    Diagnostic d = key_error("key.syntax",
                             "not a PEM public key (expected \"-----BEGIN PUBLIC KEY-----\")",
                             source);
    if (pem.find("BEGIN RSA PUBLIC KEY") != std::string_view::npos) {
      d.notes.push_back("this is an RSA key; tfgate uses ECDSA P-256 keys");
    }
    return Unexpected{std::move(d)};
  }
  if (auto what = unsupported_key(pkey.get())) {
    return Unexpected{unsupported_diagnostic(*what, source)};
  }
  return public_from(std::move(pkey), source);
}

std::string PublicKey::pem() const {
  OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get()) != 1) {
    detail::clear_openssl_errors();
    return {};
  }
  return bio_contents(bio.get());
}

const std::string& PublicKey::key_id() const { return impl_->key_id; }

bool PublicKey::verify(std::string_view message, std::string_view der_signature) const {
  if (der_signature.empty() || !is_der_ecdsa_signature(der_signature)) {
    return false;
  }
  OpenSslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->pkey.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der_signature.data()),
                       der_signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  detail::clear_openssl_errors();
  return ok;
}

PrivateKey::PrivateKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Expected<PrivateKey> PrivateKey::from_pem(std::string_view pem, const std::string& source) {
  if (pem.find("ENCRYPTED") != std::string_view::npos) {
    Diagnostic d = key_error("key.encrypted",
                             "the private key is protected by a passphrase, which tfgate does "
                             "not read",
                             source);
    d.notes.push_back(
        "keep the key in a secret store, or sign externally (--emit-pae, then "
        "attach-signature)");
    return Unexpected{std::move(d)};
  }
  auto bio = memory_bio(pem);
  // A passphrase callback that supplies none, so OpenSSL never prompts on a terminal.
  pem_password_cb* no_passphrase = [](char* /*buf*/, int /*size*/, int /*rwflag*/,
                                      void* /*u*/) { return -1; };
  OpenSslPtr<EVP_PKEY> pkey(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr);
  if (!pkey) {
    const bool is_public = pem.find("PUBLIC KEY-----") != std::string_view::npos;
    return Unexpected{key_error(
        "key.syntax",
        is_public ? "this is a public key; signing needs the private key"
                  : "not a PEM private key (expected \"-----BEGIN PRIVATE KEY-----\")",
        source)};
  }
  if (auto what = unsupported_key(pkey.get())) {
    return Unexpected{unsupported_diagnostic(*what, source)};
  }
  return detail::KeyAccess::make_private(std::move(pkey));
}

PublicKey PrivateKey::public_key() const {
  // The SPKI encoding of a private key holds only its public half.
  auto der = spki_der(impl_->pkey.get());
  if (!der) {
    throw std::runtime_error("OpenSSL cannot encode the public half of a loaded key");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  OpenSslPtr<EVP_PKEY> pub(d2i_PUBKEY(nullptr, &p, static_cast<long>(der->size())));
  if (!pub) {
    throw std::runtime_error("OpenSSL cannot decode the public half of a loaded key");
  }
  return detail::KeyAccess::make_public(std::move(pub), digest_bytes(*der));
}

Expected<std::string> PrivateKey::sign(std::string_view message) const {
  OpenSslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, msg, message.size()) != 1) {
    return Unexpected{key_error("key.sign", "OpenSSL could not sign", {}, true)};
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, msg,
                     message.size()) != 1) {
    return Unexpected{key_error("key.sign", "OpenSSL could not sign", {}, true)};
  }
  sig.resize(len);
  return sig;
}

Expected<PrivateKey> generate_private_key() {
  OpenSslPtr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!pkey) {
    return Unexpected{key_error("key.generate", "OpenSSL could not generate a P-256 key", {},
                                true)};
  }
  return detail::KeyAccess::make_private(std::move(pkey));
}

Expected<KeyFiles> write_key_pair(const PrivateKey& key, const std::string& private_path,
                                  const std::string& public_path, bool overwrite) {
  if (private_path.empty() || public_path.empty() || private_path == public_path) {
    return Unexpected{make_diagnostic(
        "io.write", "the private and public key need two different, non-empty paths")};
  }
  if (!overwrite) {
    for (const std::string* path : {&private_path, &public_path}) {
      if (exists(*path)) {
        Diagnostic d = make_diagnostic(
            "key.exists", fmt::format("{} exists; not overwriting a key", *path), *path);
        d.notes.push_back("use --force to replace it");
        return Unexpected{std::move(d)};
      }
    }
  }
  EVP_PKEY* pkey = detail::KeyAccess::pkey(key);
  // Secure memory is cleared when freed, so the PEM text does not outlive the write.
  OpenSslPtr<BIO> secret(BIO_new(BIO_s_secmem()));
  if (!secret || PEM_write_bio_PrivateKey(secret.get(), pkey, nullptr, nullptr, 0, nullptr,
                                          nullptr) != 1) {
    return Unexpected{key_error("io.write", "OpenSSL could not encode the private key",
                                private_path, true)};
  }
  char* data = nullptr;
  const long n = BIO_ctrl(secret.get(), BIO_CTRL_INFO, 0, &data);
  const std::string_view private_pem(data, n > 0 ? static_cast<std::size_t>(n) : 0);
  const PublicKey pub = key.public_key();

  const std::string private_tmp = fmt::format("{}.tmp-{}", private_path, ::getpid());
  const std::string public_tmp = fmt::format("{}.tmp-{}", public_path, ::getpid());
  std::string why;
  if (!write_new_file(private_tmp, private_pem, 0600, why)) {
    return Unexpected{make_diagnostic(
        "io.write", fmt::format("cannot write {}: {}", private_path, why), private_path)};
  }
  if (!write_new_file(public_tmp, pub.pem(), 0644, why)) {
    ::unlink(private_tmp.c_str());
    return Unexpected{make_diagnostic(
        "io.write", fmt::format("cannot write {}: {}", public_path, why), public_path)};
  }
  int error = 0;
  const auto failed = [&](const std::string& path) -> Expected<KeyFiles> {
    ::unlink(private_tmp.c_str());
    ::unlink(public_tmp.c_str());
    if (error == EEXIST) {
      return Unexpected{make_diagnostic(
          "key.exists", fmt::format("{} exists; not overwriting a key", path), path)};
    }
    return Unexpected{make_diagnostic(
        "io.write", fmt::format("cannot write {}: {}", path, std::strerror(error)), path)};
  };
  if (!publish(private_tmp, private_path, overwrite, error)) {
    return failed(private_path);
  }
  if (!publish(public_tmp, public_path, overwrite, error)) {
    if (!overwrite) {
      ::unlink(private_path.c_str());  // just created by us: do not leave half a pair
    }
    return failed(public_path);
  }
  return KeyFiles{private_path, public_path, pub.key_id()};
}

Expected<PublicKey> load_public_key(const std::string& path) {
  auto text = detail::read_small_file(path, kMaxKeyFileBytes, "key.syntax");
  if (!text) {
    return Unexpected{text.error()};
  }
  return PublicKey::from_pem(*text, path);
}

Expected<PrivateKey> load_private_key(const std::string& path) {
  auto text = detail::read_small_file(path, kMaxKeyFileBytes, "key.syntax");
  if (!text) {
    return Unexpected{text.error()};
  }
  auto key = PrivateKey::from_pem(*text, path);
  OPENSSL_cleanse(text->data(), text->size());
  return key;
}

bool is_der_ecdsa_signature(std::string_view der) {
  if (der.empty() || der.size() > 256) {
    return false;
  }
  const auto* start = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* p = start;
  OpenSslPtr<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != start + der.size()) {
    detail::clear_openssl_errors();
    return false;
  }
  // Strict DER: re-encoding gives the same bytes (no long-form lengths, no padding).
  unsigned char* again = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &again);
  const bool same = len > 0 && static_cast<std::size_t>(len) == der.size() &&
                    std::memcmp(again, start, der.size()) == 0;
  OPENSSL_free(again);
  return same;
}

}  // namespace gate
