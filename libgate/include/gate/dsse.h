// DSSE v1 envelopes (https://github.com/secure-systems-lab/dsse): the signed wrapper of every
// tfgate record. The signature covers the pre-authentication encoding (PAE) of the payload
// type and the payload bytes,
//
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
//
// (SP a space, LEN a byte count in ASCII decimal), never the JSON of the envelope, so a record
// verifies with plain tools:
//
//   jq -r .payload rec.json | base64 -d > payload.bin
//   PT=$(jq -r .payloadType rec.json)
//   jq -r '.signatures[0].sig' rec.json | base64 -d > sig.der
//   { printf 'DSSEv1 %d %s %d ' "$(printf %s "$PT" | wc -c)" "$PT" "$(stat -c%s payload.bin)"
//     cat payload.bin; } > pae.bin
//   openssl dgst -sha256 -verify ci.pub -signature sig.der pae.bin
//
// Envelopes are written as {"payload", "payloadType", "signatures": [{"sig"}]} with standard
// base64 (padded) and no `keyid` (cosign and sigstore-go skip a signature whose keyid is not
// theirs); readers accept standard and URL-safe base64 and ignore `keyid`.
//
// Signing happens through a Signer: a local PEM key (LocalSigner), a callback (CallbackSigner),
// or in two steps for a key that never leaves its keystore: write pae() to a file and the
// unsigned envelope beside it, have the keystore sign, then attach_signature(). With an AWS KMS
// key of spec ECC_NIST_P256 (the PAE may exceed KMS's 4096-byte RAW limit, so KMS signs its
// SHA-256 digest):
//
//   openssl dgst -sha256 -binary pae.bin > pae.sha256
//   aws kms sign --key-id alias/tfgate-prod --message fileb://pae.sha256 --message-type DIGEST
//     --signing-algorithm ECDSA_SHA_256 --query Signature --output text | base64 -d > sig.der
//   tfgate attach-signature --envelope unsigned.json --signature sig.der -o record.json
//
// (the `aws kms sign` command is one line, wrapped here), and the matching public key for the
// trust file:
//
//   aws kms get-public-key --key-id alias/tfgate-prod --query PublicKey --output text
//     | base64 -d | openssl pkey -pubin -inform DER -out keys/prod.pub
//
// Thread-safety: plain values and reentrant functions; a LocalSigner may sign from several
// threads at once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/expected.h"
#include "gate/keys.h"

namespace gate {

/// The payload type of every tfgate record: an in-toto Statement.
inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";

/// One signature of an envelope.
struct EnvelopeSignature {
  std::string keyid;  ///< optional and unauthenticated; never used to decide anything
  std::string sig;    ///< the raw signature bytes (DER ECDSA for tfgate), base64-decoded
};

/// A DSSE envelope with its payload decoded.
struct Envelope {
  std::string payload_type;
  std::string payload;  ///< the raw payload bytes, exactly as signed
  std::vector<EnvelopeSignature> signatures;
};

/// Makes a DSSE signature: DER ECDSA P-256 over SHA-256 of the given bytes.
class Signer {
 public:
  virtual ~Signer() = default;
  /// Signs `message` (the PAE). Errors: whatever the key store reports (key.sign, ...).
  [[nodiscard]] virtual Expected<std::string> sign(std::string_view message) const = 0;
};

/// Signs with a private key held in memory (read from a PEM file).
class LocalSigner final : public Signer {
 public:
  explicit LocalSigner(PrivateKey key) : key_(std::move(key)) {}
  [[nodiscard]] Expected<std::string> sign(std::string_view message) const override {
    return key_.sign(message);
  }

 private:
  PrivateKey key_;
};

/// Signs by calling a function: an adapter for key stores reached in-process (an HSM or a
/// KMS client). The function must return a DER ECDSA signature over SHA-256 of its argument.
class CallbackSigner final : public Signer {
 public:
  using Function = std::function<Expected<std::string>(std::string_view message)>;
  explicit CallbackSigner(Function function) : function_(std::move(function)) {}
  [[nodiscard]] Expected<std::string> sign(std::string_view message) const override {
    return function_(message);
  }

 private:
  Function function_;
};

/// The DSSE v1 pre-authentication encoding: the bytes that are signed.
std::string pae(std::string_view payload_type, std::string_view payload);

/// An envelope of `payload` with no signature yet.
Envelope unsigned_envelope(std::string payload_type, std::string payload);

/// Signs the envelope's PAE and appends the signature (without keyid).
/// Errors: those of the signer; record.bad-signature (the signer returned something that is
/// not a DER ECDSA signature).
[[nodiscard]] Expected<Envelope> sign_envelope(Envelope envelope, const Signer& signer);

/// Appends an externally made signature. `der_signature` must be a DER ECDSA signature (see
/// is_der_ecdsa_signature); it is not checked against any key here.
/// Errors: record.bad-signature (not DER ECDSA; location `source`),
///         record.duplicate-signature (the envelope already carries this signature).
[[nodiscard]] Expected<Envelope> attach_signature(Envelope envelope,
                                                  std::string_view der_signature,
                                                  const std::string& source = {});

/// The envelope as pretty-printed JSON (two-space indent, trailing newline): payload,
/// payloadType, signatures[].sig, standard base64 with padding.
std::string write_envelope(const Envelope& envelope);

/// Reads envelope JSON. Unknown members are ignored; signatures may be empty (an unsigned
/// envelope). Does not check the payload type or the signatures.
///
/// Errors (located in `source`, with the JSON pointer of the offending value):
///   record.too-large      more than 16 MiB
///   record.syntax         not JSON (line and column), or invalid UTF-8
///   record.duplicate-key  an object names a member twice
///   record.wrong-type     the envelope or a member has the wrong JSON type
///   record.missing-field  payload, payloadType, signatures or a signature's sig is absent
///   record.base64         payload or sig is not base64 (standard or URL-safe)
[[nodiscard]] Expected<Envelope> read_envelope(std::string_view text, const std::string& source);

/// Reads an envelope file ("-" reads standard input). Errors: io.read and those of
/// read_envelope.
[[nodiscard]] Expected<Envelope> load_envelope_file(const std::string& path);

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

/// Decodes standard or URL-safe base64, padded or not; nullopt for anything else (white
/// space included).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace gate
