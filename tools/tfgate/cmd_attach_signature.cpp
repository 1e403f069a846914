// tfgate attach-signature: completes an unsigned envelope (written by --emit-pae) with a DER
// ECDSA signature made elsewhere, e.g. by an AWS KMS key that never leaves KMS:
//
//   openssl dgst -sha256 -binary pae.bin > pae.sha256
//   aws kms sign --key-id alias/tfgate-prod --message fileb://pae.sha256 --message-type DIGEST
//     --signing-algorithm ECDSA_SHA_256 --query Signature --output text | base64 -d > sig.der
//   tfgate attach-signature --envelope unsigned.json --signature sig.der -o record.json
//
// (`aws kms sign` is one command, wrapped here.)
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include <gate/dsse.h>
#include <gate/keys.h>

#include "commands.h"
#include "options.h"

namespace tfgate {
namespace {

// A DER ECDSA P-256 signature is at most 72 bytes; anything much larger is the wrong file.
constexpr std::size_t kMaxSignatureBytes = 1024;

}  // namespace

int run_attach_signature(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "attach-signature",
      "tfgate attach-signature --envelope FILE --signature SIG.der [--public-key PUB] [-o FILE]",
      "Adds a signature made outside tfgate to a DSSE envelope written by --emit-pae. The\n"
      "signature must be a DER ECDSA P-256 signature over SHA-256 of the PAE bytes, as\n"
      "`openssl dgst -sha256 -sign KEY -out SIG.der pae.bin` writes it, or as AWS KMS returns it\n"
      "for an ECC_NIST_P256 key with ECDSA_SHA_256 and MessageType DIGEST over the PAE's\n"
      "SHA-256 (`openssl dgst -sha256 -binary pae.bin`). With --public-key the signature is\n"
      "checked before the envelope is written.",
      "Exit codes:\n  0  envelope written\n  1  error: usage, unreadable input, not a DER ECDSA "
      "signature\n  2  the signature does not verify with --public-key\n"};
  std::string envelope_path, signature_path, public_key_path, output;
  spec.options.add_options()
      ("envelope", po::value(&envelope_path)->required(), "unsigned (or signed) envelope")
      ("signature", po::value(&signature_path)->required(), "DER signature file")
      ("public-key", po::value(&public_key_path), "PEM public key the signature must verify with")
      ("output,o", po::value(&output)->default_value("-"), "write the envelope to FILE");
  int code = 0;
  if (!parse_options(spec, args, io, code)) {
    return code;
  }
  auto envelope = gate::load_envelope_file(envelope_path);
  if (!envelope) {
    return report_error(io, envelope.error());
  }
  std::ifstream file(signature_path, std::ios::binary);
  if (!file) {
    io.err << fmt::format("tfgate attach-signature: cannot read {}\n", signature_path);
    return kExitError;
  }
  std::string signature(kMaxSignatureBytes + 1, '\0');
  file.read(signature.data(), static_cast<std::streamsize>(signature.size()));
  signature.resize(static_cast<std::size_t>(file.gcount()));
  if (signature.size() > kMaxSignatureBytes) {
    io.err << fmt::format("tfgate attach-signature: {} is too large for a signature\n",
                          signature_path);
    return kExitError;
  }
  if (!public_key_path.empty()) {
    auto key = gate::load_public_key(public_key_path);
    if (!key) {
      return report_error(io, key.error());
    }
    if (gate::is_der_ecdsa_signature(signature) &&
        !key->verify(gate::pae(envelope->payload_type, envelope->payload), signature)) {
      io.err << fmt::format(
          "tfgate attach-signature: {} is not a signature of this envelope's PAE by {}\n",
          signature_path, public_key_path);
      return kExitDenied;
    }
  }
  auto completed = gate::attach_signature(std::move(*envelope), signature, signature_path);
  if (!completed) {
    return report_error(io, completed.error());
  }
  return write_output(io, output, gate::write_envelope(*completed)) ? kExitPass : kExitError;
}

}  // namespace tfgate
