// Verification of decision and approval records before apply (see gate/verify.h for the steps).
#include "gate/verify.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "gate/digest.h"

namespace gate {
namespace {

// Records issued up to this far in the future (clock skew between CI runners) are accepted.
constexpr std::chrono::minutes kAllowedSkew{5};

struct StepResult {
  bool ok = false;
  std::string reason;
};

StepResult ok(std::string reason) { return StepResult{true, std::move(reason)}; }
StepResult failed(std::string reason) { return StepResult{false, std::move(reason)}; }

// "sha256:0123456789ab...": enough of a digest to tell records apart in messages.
std::string short_digest(const std::string& digest) {
  return digest.size() > 19 ? digest.substr(0, 19) + "..." : digest;
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

std::string key_list(const std::vector<TrustedKey>& keys) {
  std::vector<std::string> paths;
  paths.reserve(keys.size());
  for (const TrustedKey& k : keys) {
    paths.push_back(k.path);
  }
  return paths.empty() ? "none" : join(paths);
}

std::string finding_label(const RecordedFinding& f) {
  return f.address.empty() ? f.rule : fmt::format("{} at {}", f.rule, f.address);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// A decision and the approval records that name it.
struct Stage {
  const Record* decision = nullptr;
  std::vector<const Record*> approvals;
  const EnvironmentTrust* trust = nullptr;  // of the environment the stage is judged for
};

std::vector<const Record*> approvals_of(const std::vector<const Record*>& approvals,
                                        const std::string& decision_digest) {
  std::vector<const Record*> out;
  for (const Record* a : approvals) {
    if (a->approval().decision_digest == decision_digest) {
      out.push_back(a);
    }
  }
  return out;
}

// Approvals that may count and override: not by the author, by an allowed approver, with
// identities compared normalised (identity_key).
bool authorised(const Stage& stage, const Record& approval) {
  const std::string who = identity_key(approval.approval().approver);
  const auto& allowed = stage.trust->approvers;
  return !identity_defect(approval.approval().approver) &&
         who != identity_key(stage.decision->decision().author) &&
         (allowed.empty() ||
          std::any_of(allowed.begin(), allowed.end(),
                      [&](const std::string& a) { return identity_key(a) == who; }));
}

// The first identity of a stage (its decision's author, then each approver) that cannot be
// compared safely, as a failed step; a passed one when there is none.
StepResult check_identities(const Stage& stage) {
  const Record& d = *stage.decision;
  if (auto defect = identity_defect(d.decision().author)) {
    return failed(fmt::format("the author of decision {} is refused as an identity: {}", d.source,
                              *defect));
  }
  for (const Record* a : stage.approvals) {
    if (auto defect = identity_defect(a->approval().approver)) {
      return failed(fmt::format("the approver of {} is refused as an identity: {}", a->source,
                                *defect));
    }
  }
  return ok("");
}

StepResult check_signatures(const Stage& stage) {
  const Record& d = *stage.decision;
  const std::string& env = stage.trust->name;
  if (d.envelope.signatures.empty()) {
    return failed(fmt::format("decision {} is not signed", d.source));
  }
  const TrustedKey* key = find_signing_key(d.envelope, stage.trust->decision_keys);
  if (key == nullptr) {
    return failed(fmt::format(
        "decision {} is not signed by a decision key trusted for {} (trusted: {})", d.source,
        env, key_list(stage.trust->decision_keys)));
  }
  std::string reason = fmt::format("decision {} signed by {} ({})", d.source, key->path,
                                   short_digest(key->key.key_id()));
  std::set<std::string> approval_keys;
  for (const Record* a : stage.approvals) {
    const TrustedKey* ak = find_signing_key(a->envelope, stage.trust->approval_keys);
    if (ak == nullptr) {
      return failed(fmt::format(
          "approval {} is not signed by an approval key trusted for {} (trusted: {})", a->source,
          env, key_list(stage.trust->approval_keys)));
    }
    approval_keys.insert(ak->path);
  }
  if (!stage.approvals.empty()) {
    reason += fmt::format("; {} signed by {}",
                          plural(stage.approvals.size(), "approval", "approvals"),
                          join({approval_keys.begin(), approval_keys.end()}));
  }
  return ok(std::move(reason));
}

StepResult check_statement_types(const Stage& stage) {
  std::vector<const Record*> all = {stage.decision};
  all.insert(all.end(), stage.approvals.begin(), stage.approvals.end());
  for (const Record* r : all) {
    if (r->statement.type != kStatementType) {
      return failed(fmt::format("{} has _type \"{}\"; expected \"{}\"", r->source,
                                r->statement.type, kStatementType));
    }
  }
  return ok(fmt::format("{} in-toto Statement v1 ({} and {})",
                        plural(all.size(), "record is an", "records are"),
                        kDecisionPredicateType, kApprovalPredicateType));
}

StepResult check_environments(const Stage& stage, const std::string& environment) {
  const DecisionFacts& d = stage.decision->decision();
  if (d.environment != environment) {
    return failed(fmt::format("decision {} is for {}, not {}", stage.decision->source,
                              d.environment, environment));
  }
  for (const Record* a : stage.approvals) {
    if (a->approval().environment != environment) {
      return failed(fmt::format("approval {} is for {}, not {}", a->source,
                                a->approval().environment, environment));
    }
  }
  return ok(fmt::format("decision{} for {}", stage.approvals.empty() ? "" : " and approvals",
                        environment));
}

StepResult check_verdict(const Stage& stage) {
  const DecisionFacts& d = stage.decision->decision();
  // Overrides are judged by identity: an unusable identity fails here already.
  if (StepResult identities = check_identities(stage); d.verdict != "pass" && !identities.ok) {
    return identities;
  }
  const std::vector<RecordedFinding> blocking = blocking_findings(d);
  if (d.verdict == "pass") {
    if (!blocking.empty()) {
      // tfgate never writes this; a record that does contradicts itself.
      return failed(fmt::format("the decision says pass but lists blocking finding {}",
                                finding_label(blocking.front())));
    }
    return ok(fmt::format("pass ({})", plural(d.findings.size(), "finding", "findings")));
  }
  if (blocking.empty()) {
    return failed("the decision failed without a blocking finding an approver could override");
  }
  std::vector<std::string> overridden;
  for (const RecordedFinding& f : blocking) {
    if (f.enforcement == "hard-mandatory") {
      return failed(fmt::format(
          "the decision failed: hard-mandatory finding {} cannot be overridden",
          finding_label(f)));
    }
    std::set<std::string> by;
    for (const Record* a : stage.approvals) {
      const auto& overrides = a->approval().overrides;
      if (authorised(stage, *a) &&
          std::find(overrides.begin(), overrides.end(), f.rule) != overrides.end()) {
        by.insert(identity_key(a->approval().approver));
      }
    }
    if (by.empty()) {
      return failed(fmt::format(
          "the decision failed: soft-mandatory finding {} is not overridden by an authorised "
          "approver",
          finding_label(f)));
    }
    overridden.push_back(fmt::format("{} by {}", f.rule, join({by.begin(), by.end()})));
  }
  std::sort(overridden.begin(), overridden.end());
  overridden.erase(std::unique(overridden.begin(), overridden.end()), overridden.end());
  return ok(fmt::format("fail, every blocking finding overridden: {}", join(overridden)));
}

StepResult check_approvers(const Stage& stage) {
  const DecisionFacts& d = stage.decision->decision();
  if (StepResult identities = check_identities(stage); !identities.ok) {
    return identities;
  }
  std::set<std::string> seen, distinct, repeated, not_allowed;
  for (const Record* a : stage.approvals) {
    const std::string who = identity_key(a->approval().approver);
    if (who == identity_key(d.author)) {
      return failed(fmt::format("{} produced the decision and approved it as \"{}\" ({}); an "
                                "author never approves their own decision (identities are "
                                "compared trimmed and case-insensitively)",
                                d.author, a->approval().approver, a->source));
    }
    if (!seen.insert(who).second) {
      repeated.insert(who);
    }
    (authorised(stage, *a) ? distinct : not_allowed).insert(who);
  }
  const std::size_t required = stage.trust->approvers_required;
  std::string reason = fmt::format(
      "{}{}, {} required",
      plural(distinct.size(), "distinct approver", "distinct approvers"),
      distinct.empty() ? "" : fmt::format(" ({})", join({distinct.begin(), distinct.end()})),
      required);
  for (const std::string& who : repeated) {
    reason += fmt::format("; {} approved more than once, counted once", who);
  }
  for (const std::string& who : not_allowed) {
    reason += fmt::format("; {} is not an allowed approver for {}", who, stage.trust->name);
  }
  return distinct.size() >= required ? ok(std::move(reason)) : failed(std::move(reason));
}

// "module.app.aws_lambda_function.this s3://b/k", ...; "no code" when empty.
std::string deployed_list(const std::vector<DeployedArtifact>& deployed) {
  if (deployed.empty()) {
    return "no code";
  }
  std::vector<std::string> items;
  items.reserve(deployed.size());
  for (const DeployedArtifact& a : deployed) {
    items.push_back(a.address + " " + a.location);
  }
  return join(items, ", ");
}

std::string artifact_list(const std::map<std::string, std::string>& artifacts) {
  std::vector<std::string> items;
  items.reserve(artifacts.size());
  for (const auto& [name, digest] : artifacts) {
    items.push_back(fmt::format("{} {}", name, short_digest(digest)));
  }
  return items.empty() ? "none" : join(items);
}

class Verifier {
 public:
  Verifier(const std::vector<Record>& records, const TrustPolicy& trust,
           const VerifyRequest& request, const Clock& clock)
      : trust_(trust), request_(request), clock_(clock) {
    std::set<std::string> digests;
    for (const Record& r : records) {
      if (!digests.insert(r.digest).second) {
        continue;  // the same record given twice
      }
      (r.is_decision() ? decisions_ : approvals_).push_back(&r);
    }
  }

  Expected<Verification> run() {
    result_.environment = request_.environment;
    const EnvironmentTrust* env = trust_.find(request_.environment);
    if (env == nullptr) {
      std::vector<std::string> names;
      for (const auto& item : trust_.environments) {
        names.push_back(item.first);
      }
      Diagnostic d = make_diagnostic(
          "trust.unknown-environment",
          fmt::format("the trust file does not name environment \"{}\" (it names {})",
                      request_.environment, join(names)),
          trust_.source);
      return Unexpected{std::move(d)};
    }
    std::vector<const Record*> candidates;
    for (const Record* d : decisions_) {
      if (d->decision().environment == request_.environment) {
        candidates.push_back(d);
      }
    }
    if (candidates.size() > 1) {
      std::vector<std::string> sources;
      sources.reserve(candidates.size());
      for (const Record* d : candidates) {
        sources.push_back(d->source);
      }
      return Unexpected{make_diagnostic(
          "verify.ambiguous-decision",
          fmt::format("{} different decision records for {}: {}; give the one to apply",
                      candidates.size(), request_.environment, join(sources)))};
    }
    Stage stage;
    stage.trust = env;
    if (candidates.size() == 1) {
      stage.decision = candidates.front();
    } else if (decisions_.size() == 1) {
      stage.decision = decisions_.front();  // for another environment: step 5 says so
    }
    if (!step("envelope", identify(stage))) {
      return result_;
    }
    result_.decision_digest = stage.decision->digest;
    const DecisionFacts& d = stage.decision->decision();
    // Each step runs only when the ones before it passed.
    [[maybe_unused]] const bool all_passed =
        step("signature", check_signatures(stage)) &&
        step("statement", check_statement_types(stage)) && step("subjects", subjects(stage)) &&
        step("plan content", plan_content(d)) &&
        step("environment", check_environments(stage, request_.environment)) &&
        step("expiry", expiry(d, stage.approvals)) && step("verdict", check_verdict(stage)) &&
        step("approvers", check_approvers(stage)) && step("policy", policy(d)) &&
        step("chain", chain(stage));
    return result_;
  }

 private:
  bool step(std::string_view name, StepResult r) {
    result_.steps.push_back(VerifyStep{std::string(name), r.ok, std::move(r.reason)});
    return r.ok;
  }

  StepResult identify(Stage& stage) {
    const std::size_t total = decisions_.size() + approvals_.size();
    if (stage.decision == nullptr) {
      std::vector<std::string> found;
      for (const Record* d : decisions_) {
        found.push_back(fmt::format("{} ({})", d->decision().environment, d->source));
      }
      return failed(fmt::format("no decision record for {} among the records{}",
                                request_.environment,
                                found.empty() ? std::string(" (none is a decision)")
                                              : fmt::format(" (decisions: {})", join(found))));
    }
    stage.approvals = approvals_of(approvals_, stage.decision->digest);
    const std::size_t others = total - 1 - stage.approvals.size();
    std::string reason = fmt::format(
        "{} well-formed; decision {} ({}), {}", plural(total, "record", "records"),
        stage.decision->source, short_digest(stage.decision->digest),
        plural(stage.approvals.size(), "approval", "approvals"));
    if (others > 0) {
      reason += fmt::format(", {} for the chain or not used", plural(others, "other", "others"));
    }
    return ok(std::move(reason));
  }

  StepResult subjects(const Stage& stage) {
    const DecisionFacts& d = stage.decision->decision();
    if (d.plan_file_digest != request_.plan_file_digest) {
      return failed(fmt::format("tfplan: the decision is for {}, the plan file to apply is {}",
                                d.plan_file_digest, request_.plan_file_digest));
    }
    for (const auto& [name, digest] : d.artifacts) {
      const auto it = request_.artifacts.find(name);
      if (it == request_.artifacts.end()) {
        return failed(fmt::format(
            "artifact {} is a subject of the decision but was not given (--artifact {}=PATH)",
            name, name));
      }
      if (it->second != digest) {
        return failed(fmt::format("artifact {}: the decision is for {}, the file is {}", name,
                                  digest, it->second));
      }
    }
    for (const auto& [name, digest] : request_.artifacts) {
      if (d.artifacts.count(name) == 0) {
        return failed(fmt::format("artifact {} was given but the decision does not cover it",
                                  name));
      }
    }
    // An approval must carry exactly the decision's subjects besides "decision".
    std::set<std::pair<std::string, std::string>> expected;
    expected.emplace(std::string(kPlanFileSubject), d.plan_file_digest);
    for (const auto& item : d.artifacts) {
      expected.insert(item);
    }
    for (const Record* a : stage.approvals) {
      std::set<std::pair<std::string, std::string>> got;
      for (const Subject& s : a->statement.subjects) {
        if (s.name != kDecisionSubject) {
          got.emplace(s.name, s.digest);
        }
      }
      if (got != expected) {
        return failed(fmt::format("approval {} covers other subjects than the decision",
                                  a->source));
      }
    }
    return ok(fmt::format("tfplan {} and {} match the files to apply",
                          short_digest(request_.plan_file_digest),
                          d.artifacts.empty() ? std::string("no artifacts")
                                              : "artifacts " + artifact_list(d.artifacts)));
  }

  StepResult plan_content(const DecisionFacts& d) const {
    if (d.semantic_digest.empty()) {
      return failed("the decision records no semantic digest, so nothing ties the plan it "
                    "judged to the plan file");
    }
    if (request_.plan_semantic_digest.empty()) {
      return failed("the plan JSON of the plan file was not derived (terraform show -json), so "
                    "it cannot be compared with the plan the decision judged");
    }
    if (d.semantic_digest != request_.plan_semantic_digest) {
      return failed(fmt::format(
          "the decision judged plan JSON {}, but the plan file to apply shows {}: the decision "
          "was not made from this plan file",
          d.semantic_digest, request_.plan_semantic_digest));
    }
    return ok(fmt::format("the plan file shows the plan the decision judged (semantic {})",
                          short_digest(d.semantic_digest)));
  }

  StepResult expiry(const DecisionFacts& d, const std::vector<const Record*>& approvals) {
    const auto now = clock_.now();
    if (now >= d.expires_at) {
      return failed(fmt::format("the decision expired at {} (now {})",
                                format_timestamp(d.expires_at), format_timestamp(now)));
    }
    if (d.issued_at > now + kAllowedSkew) {
      return failed(fmt::format("the decision is issued in the future, at {} (now {})",
                                format_timestamp(d.issued_at), format_timestamp(now)));
    }
    for (const Record* a : approvals) {
      if (a->approval().issued_at > now + kAllowedSkew) {
        return failed(fmt::format("approval {} is issued in the future, at {} (now {})",
                                  a->source, format_timestamp(a->approval().issued_at),
                                  format_timestamp(now)));
      }
    }
    return ok(fmt::format("issued {}, expires {}", format_timestamp(d.issued_at),
                          format_timestamp(d.expires_at)));
  }

  StepResult policy(const DecisionFacts& d) {
    if (d.policy_digest != request_.policy_digest) {
      return failed(fmt::format(
          "the decision was made under policy {}; the policy in force is {}", d.policy_digest,
          request_.policy_digest));
    }
    return ok(fmt::format("policy {} is in force", d.policy_digest));
  }

  StepResult chain(const Stage& stage) {
    if (stage.trust->requires_artifacts) {
      StepResult bound = bound_artifacts(stage.decision->decision());
      if (!bound.ok) {
        return bound;
      }
    }
    std::vector<std::string> verified;
    const Stage* current = &stage;
    Stage previous;
    // Walk up the requires_previous links (the trust file has no cycles).
    while (!current->trust->requires_previous.empty()) {
      const std::string& env_name = current->trust->name;
      const std::string& previous_env = current->trust->requires_previous;
      const DecisionFacts& d = current->decision->decision();
      if (d.previous_record_digest.empty()) {
        return failed(fmt::format("the {} decision {} names no previous {} decision", env_name,
                                  current->decision->source, previous_env));
      }
      const Record* found = nullptr;
      for (const Record* r : decisions_) {
        if (r->digest == d.previous_record_digest) {
          found = r;
        }
      }
      if (found == nullptr) {
        return failed(fmt::format("the previous {} decision {} is not among the records",
                                  previous_env, short_digest(d.previous_record_digest)));
      }
      Stage next;
      next.decision = found;
      next.trust = trust_.find(previous_env);
      next.approvals = approvals_of(approvals_, found->digest);
      const auto prefix = [&](const StepResult& r) {
        return failed(fmt::format("previous {} decision {}: {}", previous_env, found->source,
                                  r.reason));
      };
      for (const StepResult& r :
           {check_signatures(next), check_statement_types(next),
            check_environments(next, previous_env), check_verdict(next), check_approvers(next)}) {
        if (!r.ok) {
          return prefix(r);
        }
      }
      const DecisionFacts& p = found->decision();
      if (p.artifacts != stage.decision->decision().artifacts) {
        return failed(fmt::format(
            "the app artifacts differ from the previous {} decision {}: {} has {}; {} has {}",
            previous_env, found->source, request_.environment,
            artifact_list(stage.decision->decision().artifacts), previous_env,
            artifact_list(p.artifacts)));
      }
      if (p.deployed != stage.decision->decision().deployed) {
        return failed(fmt::format(
            "the code the plans deploy differs from the previous {} decision {}: {} deploys {}; "
            "{} deploys {}",
            previous_env, found->source, request_.environment,
            deployed_list(stage.decision->decision().deployed), previous_env,
            deployed_list(p.deployed)));
      }
      verified.push_back(fmt::format("{} decision {} ({}, {})", previous_env, found->source,
                                     short_digest(found->digest),
                                     plural(next.approvals.size(), "approval", "approvals")));
      previous = std::move(next);
      current = &previous;
    }
    if (verified.empty()) {
      return ok(fmt::format("{} requires no previous stage", request_.environment));
    }
    return ok(fmt::format("verified {}; app artifacts identical ({}); deployed code identical "
                          "({})",
                          join(verified, ", then "),
                          artifact_list(stage.decision->decision().artifacts),
                          deployed_list(stage.decision->decision().deployed)));
  }

  // requires_artifacts: the decision binds app artifacts, and every piece of code its plan
  // deploys is one of them (by digest).
  StepResult bound_artifacts(const DecisionFacts& d) {
    if (d.artifacts.empty()) {
      return failed(fmt::format("the {} decision binds no app artifact, and the trust file "
                                "requires artifacts (requires_artifacts)",
                                request_.environment));
    }
    for (const DeployedArtifact& a : d.deployed) {
      if (a.location.rfind("layer:", 0) == 0) {
        continue;  // layers are judged by the policy (organisation accounts only)
      }
      bool bound = false;
      for (const auto& item : d.artifacts) {
        bound = bound || (!a.digest.empty() && item.second == a.digest);
      }
      if (!bound) {
        return failed(fmt::format("{} deploys {} ({}), which is none of the bound app artifacts "
                                  "({})",
                                  a.address, a.location,
                                  a.digest.empty() ? std::string("digest unknown") : a.digest,
                                  artifact_list(d.artifacts)));
      }
    }
    return ok("");
  }

  const TrustPolicy& trust_;
  const VerifyRequest& request_;
  const Clock& clock_;
  std::vector<const Record*> decisions_;
  std::vector<const Record*> approvals_;
  Verification result_;
};

}  // namespace

bool Verification::passed() const {
  return steps.size() == kVerifySteps.size() &&
         std::all_of(steps.begin(), steps.end(), [](const VerifyStep& s) { return s.passed; });
}

const VerifyStep* Verification::failure() const {
  for (const VerifyStep& s : steps) {
    if (!s.passed) {
      return &s;
    }
  }
  return nullptr;
}

Expected<Verification> verify_records(const std::vector<Record>& records,
                                      const TrustPolicy& trust, const VerifyRequest& request,
                                      const Clock& clock) {
  if (records.empty()) {
    return Unexpected{make_diagnostic("verify.no-records", "no records to verify")};
  }
  std::vector<std::string> problems;
  if (!is_digest(request.plan_file_digest)) {
    problems.push_back("the plan file digest is not \"sha256:<hex>\"");
  }
  if (!request.plan_semantic_digest.empty() && !is_digest(request.plan_semantic_digest)) {
    problems.push_back("the semantic digest of the plan file's content is not \"sha256:<hex>\"");
  }
  if (!is_digest(request.policy_digest)) {
    problems.push_back(fmt::format("the policy digest \"{}\" is not \"sha256:<hex>\"",
                                   request.policy_digest));
  }
  for (const auto& [name, digest] : request.artifacts) {
    if (name.empty() || name == kPlanFileSubject || name == kDecisionSubject) {
      problems.push_back(fmt::format("\"{}\" cannot name an artifact", name));
    }
    if (!is_digest(digest)) {
      problems.push_back(fmt::format("the digest of artifact {} is malformed", name));
    }
  }
  if (!problems.empty()) {
    Diagnostic d = make_diagnostic("verify.bad-request", problems.front());
    d.notes.assign(problems.begin() + 1, problems.end());
    return Unexpected{std::move(d)};
  }
  return Verifier(records, trust, request, clock).run();
}

nlohmann::ordered_json to_json(const Verification& verification) {
  nlohmann::ordered_json j;
  j["environment"] = verification.environment;
  j["verified"] = verification.passed();
  const VerifyStep* failure = verification.failure();
  j["failed_step"] = failure != nullptr ? nlohmann::ordered_json(failure->name) : nullptr;
  j["decision"] = verification.decision_digest.empty()
                      ? nlohmann::ordered_json(nullptr)
                      : nlohmann::ordered_json(verification.decision_digest);
  j["steps"] = nlohmann::ordered_json::array();
  for (const VerifyStep& s : verification.steps) {
    j["steps"].push_back({{"name", s.name}, {"passed", s.passed}, {"reason", s.reason}});
  }
  return j;
}

}  // namespace gate
