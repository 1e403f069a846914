// ECDSA P-256 keys for signing and verifying records. Public keys are PEM SubjectPublicKeyInfo
// ("-----BEGIN PUBLIC KEY-----", what `openssl pkey -pubout` writes); private keys are PEM
// PKCS#8 ("-----BEGIN PRIVATE KEY-----", what `openssl genpkey -algorithm EC -pkeyopt
// ec_paramgen_curve:P-256` writes). Signatures are ASN.1 DER ECDSA signatures over the SHA-256
// of the message, so `openssl dgst -sha256 -sign/-verify` produces and checks the same bytes.
// Other key types and curves are refused: every verifier in the ecosystem accepts P-256/SHA-256
// without options, and one algorithm leaves nothing to negotiate.
//
//   gate::Expected<gate::PrivateKey> key = gate::generate_private_key();
//   gate::Expected<gate::KeyFiles> files =
//       gate::write_key_pair(*key, "ci.key", "ci.pub", /*overwrite=*/false);
//   gate::Expected<gate::PublicKey> pub = gate::load_public_key("ci.pub");
//   bool ok = pub->verify(message, *key->sign(message));
//
// The private key's PEM text is never returned by this API: it only goes to a file created
// with mode 0600.
//
// Thread-safety: keys are immutable after loading; any number of threads may sign or verify
// with the same key at once. Copies share the underlying key.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "gate/expected.h"

namespace gate {

namespace detail {
struct KeyAccess;  // the implementation's access to the OpenSSL key inside
}  // namespace detail

/// A P-256 public key.
class PublicKey {
 public:
  /// Reads a PEM SubjectPublicKeyInfo. `source` names the input in diagnostics.
  ///
  /// Errors:
  ///   key.syntax       not a PEM public key
  ///   key.private      a private key was given where a public key is expected
  ///   key.unsupported  a key other than ECDSA P-256 (RSA, Ed25519, P-384, ...)
  [[nodiscard]] static Expected<PublicKey> from_pem(std::string_view pem,
                                                    const std::string& source);

  /// The key as PEM SubjectPublicKeyInfo, as `openssl pkey -pubout` writes it.
  std::string pem() const;

  /// "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo: a stable, informative name for
  /// the key (the same as `openssl pkey -pubin -outform DER | sha256sum`).
  const std::string& key_id() const;

  /// True when `der_signature` is a valid DER ECDSA signature by this key over SHA-256 of
  /// `message`. Any malformed signature is simply not valid.
  bool verify(std::string_view message, std::string_view der_signature) const;

 private:
  struct Impl;
  explicit PublicKey(std::shared_ptr<const Impl> impl);
  friend struct detail::KeyAccess;
  std::shared_ptr<const Impl> impl_;
};

/// A P-256 private key. Its PEM text cannot be read back through this API.
class PrivateKey {
 public:
  /// Reads a PEM private key (PKCS#8, or the traditional "EC PRIVATE KEY" form).
  ///
  /// Errors:
  ///   key.syntax       not a PEM private key
  ///   key.encrypted    the key is protected by a passphrase (not supported: keep keys in a
  ///                    secret store or KMS instead)
  ///   key.unsupported  a key other than ECDSA P-256
  [[nodiscard]] static Expected<PrivateKey> from_pem(std::string_view pem,
                                                     const std::string& source);

  /// The matching public key.
  PublicKey public_key() const;

  /// DER ECDSA signature over SHA-256 of `message`. Errors: key.sign (OpenSSL failed).
  [[nodiscard]] Expected<std::string> sign(std::string_view message) const;

 private:
  struct Impl;
  explicit PrivateKey(std::shared_ptr<const Impl> impl);
  friend struct detail::KeyAccess;
  std::shared_ptr<const Impl> impl_;
};

/// What write_key_pair wrote.
struct KeyFiles {
  std::string private_path;  ///< PEM PKCS#8, mode 0600
  std::string public_path;   ///< PEM SubjectPublicKeyInfo, mode 0644
  std::string key_id;        ///< PublicKey::key_id() of the pair
};

/// A fresh P-256 key from OpenSSL's random generator. Errors: key.generate.
[[nodiscard]] Expected<PrivateKey> generate_private_key();

/// Writes the private key (PKCS#8 PEM) and its public key (SPKI PEM). Each file is written to a
/// temporary sibling first (the private one created with mode 0600, so the key is never
/// readable by others, not even briefly) and then moved into place; without `overwrite`,
/// existing files are left alone and nothing is written.
///
/// Errors:
///   key.exists  a destination exists and `overwrite` is false
///   io.write    a file cannot be created or written
[[nodiscard]] Expected<KeyFiles> write_key_pair(const PrivateKey& key,
                                                const std::string& private_path,
                                                const std::string& public_path, bool overwrite);

/// Reads a public key file. Errors: io.read, and those of PublicKey::from_pem.
[[nodiscard]] Expected<PublicKey> load_public_key(const std::string& path);

/// Reads a private key file. Errors: io.read, and those of PrivateKey::from_pem.
[[nodiscard]] Expected<PrivateKey> load_private_key(const std::string& path);

/// True when `der` is exactly one strictly DER-encoded ECDSA-Sig-Value (SEQUENCE of two
/// INTEGERs r, s) and nothing else, as `openssl dgst -sign` and AWS KMS ECDSA_SHA_256 write.
bool is_der_ecdsa_signature(std::string_view der);

}  // namespace gate
