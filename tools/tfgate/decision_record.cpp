// Decision records for `tfgate check --record`.
#include "decision_record.h"

#include "options.h"

#include <chrono>

#include <fmt/format.h>

#include <gate/clock.h>
#include <gate/deployed.h>
#include <gate/digest.h>
#include <gate/dsse.h>
#include <gate/keys.h>
#include <gate/record.h>

namespace tfgate {

bool validate_record_request(const RecordRequest& request, Io& io) {
  if (request.plan_file.empty()) {
    io.err << "tfgate check: --record needs --plan-file (the saved plan the record is bound to)\n";
    return false;
  }
  if (request.key.empty() == request.emit_pae.empty()) {
    io.err << "tfgate check: with --record, give exactly one of --key KEY and --emit-pae FILE\n";
    return false;
  }
  if (!request.emit_pae.empty() && request.emit_pae == request.output) {
    io.err << "tfgate check: --emit-pae and --record must name different files\n";
    return false;
  }
  if (request.expires_in_hours <= 0) {
    io.err << "tfgate check: --expires-in must be a positive number of hours\n";
    return false;
  }
  return true;
}

bool write_decision_record(const gate::Decision& decision, const gate::Plan& plan,
                           const gate::SensitiveValues& sensitive,
                           const std::map<std::string, std::string>& artifacts,
                           const RecordRequest& request, Io& io) {
  gate::DecisionFacts facts;
  facts.environment = decision.environment;
  facts.verdict = std::string(gate::to_string(decision.verdict));
  facts.author = request.author;
  facts.semantic_digest = decision.semantic_digest;
  facts.nothing_to_apply = decision.nothing_to_apply;
  facts.policy_digest = decision.policy_digest;
  facts.source_commit = request.source_commit;
  facts.ci_run = request.ci_run;
  for (gate::Action a : gate::kAllActions) {
    facts.changes[std::string(gate::to_string(a))] = decision.changes[a];
  }
  for (const gate::Finding& f : decision.findings) {
    if (f.drift) {
      facts.drift.push_back({f.address, f.rule});
    }
    facts.findings.push_back(
        {f.rule, f.address, std::string(gate::to_string(f.enforcement)), f.waived});
  }
  for (const gate::DisabledRule& d : decision.disabled) {
    facts.disabled_rules.push_back({d.rule, d.reason});
  }
  if (!request.plan_file_digest.empty()) {
    facts.plan_file_digest = request.plan_file_digest;
  } else {
    auto plan_file = gate::digest_file(request.plan_file);
    if (!plan_file) {
      report_error(io, plan_file.error());
      return false;
    }
    facts.plan_file_digest = *plan_file;
  }
  facts.artifacts = artifacts;
  auto deployed = gate::deployed_artifacts(plan);
  if (!deployed) {
    report_error(io, deployed.error());
    return false;
  }
  // A code location may hold a copy of a sensitive value (a bucket name, a key).
  for (gate::DeployedArtifact& a : *deployed) {
    a.location = sensitive.mask(a.location);
  }
  facts.deployed = std::move(*deployed);
  if (!request.previous.empty()) {
    auto previous = gate::load_record_file(request.previous);
    if (!previous) {
      report_error(io, previous.error());
      return false;
    }
    if (!previous->is_decision()) {
      io.err << fmt::format("tfgate check: --previous {} is not a decision record\n",
                            request.previous);
      return false;
    }
    facts.previous_record_digest = previous->digest;
  }
  facts.issued_at = gate::system_clock().now();
  facts.expires_at = facts.issued_at + std::chrono::hours(request.expires_in_hours);
  auto statement = gate::make_decision_statement(facts);
  if (!statement) {
    report_error(io, statement.error());
    return false;
  }
  auto envelope = gate::statement_envelope(*statement);
  if (!envelope) {
    report_error(io, envelope.error());
    return false;
  }
  if (!request.key.empty()) {
    auto key = gate::load_private_key(request.key);
    if (!key) {
      report_error(io, key.error());
      return false;
    }
    auto signed_envelope = gate::sign_envelope(std::move(*envelope), gate::LocalSigner(*key));
    if (!signed_envelope) {
      report_error(io, signed_envelope.error());
      return false;
    }
    return write_output(io, request.output, gate::write_envelope(*signed_envelope));
  }
  if (!write_output(io, request.emit_pae, gate::pae(envelope->payload_type, envelope->payload)) ||
      !write_output(io, request.output, gate::write_envelope(*envelope))) {
    return false;
  }
  io.err << fmt::format(
      "tfgate check: wrote the bytes to sign to {}; sign them and run\n"
      "  tfgate attach-signature --envelope {} --signature SIG.der -o DECISION.json\n",
      request.emit_pae, request.output);
  return true;
}

}  // namespace tfgate
