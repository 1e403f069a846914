// tfgate keygen: an ECDSA P-256 key pair for signing records. The private key (PKCS#8 PEM) is
// created with mode 0600 and never printed; the public key (SPKI PEM) goes into the trust file.
#include <fmt/format.h>

#include <gate/keys.h>

#include "commands.h"
#include "options.h"

namespace tfgate {

int run_keygen(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "keygen", "tfgate keygen --out PREFIX | --private FILE --public FILE [--force]",
      "Makes an ECDSA P-256 key pair for signing decision and approval records: the private\n"
      "key as PEM PKCS#8 (as `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`\n"
      "writes it), created with mode 0600, and the public key as PEM SubjectPublicKeyInfo (as\n"
      "`openssl pkey -pubout` writes it) for the trust file. The private key is never printed.\n"
      "Existing files are not overwritten unless --force is given. Prints the key id\n"
      "(SHA-256 of the public key's DER encoding).",
      kExitCodesSimple};
  std::string prefix, private_path, public_path;
  bool force = false;
  spec.options.add_options()
      ("out", po::value(&prefix), "write PREFIX.key (private) and PREFIX.pub (public)")
      ("private", po::value(&private_path), "private key file (instead of --out)")
      ("public", po::value(&public_path), "public key file (instead of --out)")
      ("force", po::bool_switch(&force), "replace existing files");
  int code = 0;
  if (!parse_options(spec, args, io, code)) {
    return code;
  }
  if (!prefix.empty() && (!private_path.empty() || !public_path.empty())) {
    io.err << "tfgate keygen: give either --out or --private and --public, not both\n";
    return kExitError;
  }
  if (!prefix.empty()) {
    private_path = prefix + ".key";
    public_path = prefix + ".pub";
  }
  if (private_path.empty() || public_path.empty()) {
    io.err << "tfgate keygen: give --out PREFIX, or both --private FILE and --public FILE\n";
    return kExitError;
  }
  if (private_path == "-" || public_path == "-") {
    io.err << "tfgate keygen: keys are written to files only, never to standard output\n";
    return kExitError;
  }
  auto key = gate::generate_private_key();
  if (!key) {
    return report_error(io, key.error());
  }
  auto files = gate::write_key_pair(*key, private_path, public_path, force);
  if (!files) {
    return report_error(io, files.error());
  }
  io.out << fmt::format(
      "private key: {} (mode 0600: keep it secret and out of the repository)\n"
      "public key:  {} (list it in the trust file)\n"
      "key id:      {}\n",
      files->private_path, files->public_path, files->key_id);
  return kExitPass;
}

}  // namespace tfgate
