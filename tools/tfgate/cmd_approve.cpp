// tfgate approve: an approval record binding an approver to one decision record (and to its
// plan file and artifacts), signed by a local key or, with --emit-pae, by an external signer.
#include <fmt/format.h>

#include <gate/clock.h>
#include <gate/dsse.h>
#include <gate/keys.h>
#include <gate/record.h>
#include <gate/trust.h>

#include "commands.h"
#include "options.h"

namespace tfgate {

int run_approve(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{
      "approve",
      "tfgate approve --env ENV --decision FILE --approver ID [--override RULE]...\n"
      "                      (--key KEY | --emit-pae FILE) [--trust FILE] [-o FILE]",
      "Writes an approval record (in-toto statement urn:tfgate:approval:v1 in a DSSE envelope)\n"
      "for a decision record: its subjects are the decision's plan file and artifacts plus the\n"
      "decision itself (SHA-256 of its payload). The approver is recorded; the decision's\n"
      "author may not approve it.\n\n"
      "A denied decision is refused unless every blocking finding is soft-mandatory and its\n"
      "rule is named with --override; hard-mandatory findings are never overridden. An expired\n"
      "decision, or one for another environment, is refused too.\n\n"
      "With --key the record is signed with that PEM private key. With --emit-pae the bytes to\n"
      "sign (the DSSE PAE) go to FILE and the unsigned envelope to -o; sign them elsewhere\n"
      "(`openssl dgst -sha256 -sign`, or AWS KMS ECDSA_SHA_256 over their SHA-256) and finish\n"
      "with `tfgate attach-signature`. With --trust, the decision must first be signed by a\n"
      "decision key the trust file trusts for ENV.",
      "Exit codes:\n  0  approval written\n  1  error: usage, unreadable or invalid input\n"
      "  2  refused: the decision may not be approved (reason printed)\n"};
  std::string env, decision_path, approver, key_path, pae_path, trust_path, comment, output;
  std::vector<std::string> overrides;
  spec.options.add_options()
      ("env", po::value(&env)->required(), "environment being approved")
      ("decision", po::value(&decision_path)->required(), "decision record to approve")
      ("approver", po::value(&approver)->required(), "approver identity (e.g. GitHub login)")
      ("override", po::value(&overrides)->composing(),
       "soft-mandatory rule id this approval overrides (repeatable)")
      ("comment", po::value(&comment), "free text recorded with the approval (e.g. why)")
      ("key", po::value(&key_path), "PEM private key to sign with")
      ("emit-pae", po::value(&pae_path), "write the bytes to sign to FILE; -o gets the unsigned "
                                         "envelope")
      ("trust", po::value(&trust_path), "trust file: check the decision's signature first")
      ("output,o", po::value(&output)->default_value("-"), "write the record to FILE");
  int code = 0;
  if (!parse_options(spec, args, io, code)) {
    return code;
  }
  if (key_path.empty() == pae_path.empty()) {
    io.err << "tfgate approve: give exactly one of --key KEY and --emit-pae FILE\n";
    return kExitError;
  }
  if (!pae_path.empty() && pae_path == output) {
    io.err << "tfgate approve: --emit-pae and -o must name different files\n";
    return kExitError;
  }
  auto decision = gate::load_record_file(decision_path);
  if (!decision) {
    return report_error(io, decision.error());
  }
  if (!decision->is_decision()) {
    io.err << fmt::format("tfgate approve: {} is an approval record; give a decision record\n",
                          decision_path);
    return kExitError;
  }
  if (!trust_path.empty()) {
    auto trust = gate::load_trust_file(trust_path);
    if (!trust) {
      return report_error(io, trust.error());
    }
    const gate::EnvironmentTrust* env_trust = trust->find(env);
    if (env_trust == nullptr) {
      io.err << fmt::format("tfgate approve: {} does not name environment {}\n", trust_path, env);
      return kExitError;
    }
    if (gate::find_signing_key(decision->envelope, env_trust->decision_keys) == nullptr) {
      io.err << fmt::format(
          "tfgate approve: refused: {} is not signed by a decision key trusted for {}\n",
          decision_path, env);
      return kExitDenied;
    }
  }
  std::optional<gate::PrivateKey> key;
  if (!key_path.empty()) {
    auto loaded = gate::load_private_key(key_path);
    if (!loaded) {
      return report_error(io, loaded.error());
    }
    key = std::move(*loaded);
  }

  gate::ApprovalFacts facts;
  facts.environment = env;
  facts.approver = approver;
  facts.overrides = overrides;
  facts.comment = comment;
  facts.issued_at = gate::SystemClock().now();
  if (auto reasons = gate::approval_refusals(decision->decision(), facts); !reasons.empty()) {
    for (const std::string& reason : reasons) {
      io.err << fmt::format("tfgate approve: refused: {}\n", reason);
    }
    return kExitDenied;
  }
  auto statement = gate::make_approval_statement(*decision, facts);
  if (!statement) {
    return report_error(io, statement.error());
  }
  auto envelope = gate::statement_envelope(*statement);
  if (!envelope) {
    return report_error(io, envelope.error());
  }
  if (key) {
    auto signed_envelope = gate::sign_envelope(std::move(*envelope), gate::LocalSigner(*key));
    if (!signed_envelope) {
      return report_error(io, signed_envelope.error());
    }
    return write_output(io, output, gate::write_envelope(*signed_envelope)) ? kExitPass
                                                                           : kExitError;
  }
  if (!write_output(io, pae_path, gate::pae(envelope->payload_type, envelope->payload)) ||
      !write_output(io, output, gate::write_envelope(*envelope))) {
    return kExitError;
  }
  io.err << fmt::format(
      "tfgate approve: wrote the bytes to sign to {}; sign them and run\n"
      "  tfgate attach-signature --envelope {} --signature SIG.der -o APPROVAL.json\n",
      pae_path, output == "-" ? "UNSIGNED.json" : output);
  return kExitPass;
}

}  // namespace tfgate
