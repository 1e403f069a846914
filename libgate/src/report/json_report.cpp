// The JSON report: the stable document described in gate/report.h.
#include "gate/clock.h"
#include "report/renderers.h"

namespace gate {

nlohmann::ordered_json decision_to_json(const Decision& decision) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["verdict"] = std::string(to_string(decision.verdict));
  j["environment"] = decision.environment;
  j["nothing_to_apply"] = decision.nothing_to_apply;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : decision.findings) {
    nlohmann::ordered_json o;
    o["rule"] = f.rule;
    o["title"] = f.title;
    o["enforcement"] = std::string(to_string(f.enforcement));
    o["address"] = f.address.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(f.address);
    o["message"] = f.message;
    o["pointer"] =
        f.json_pointer.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(f.json_pointer);
    o["waived"] = f.waived;
    if (f.waived && f.waiver) {
      nlohmann::ordered_json w;
      w["owner"] = f.waiver->owner;
      w["reason"] = f.waiver->reason;
      w["expires"] = to_string(f.waiver->expires);
      w["address"] = f.waiver->address;
      o["waiver"] = std::move(w);
    } else {
      o["waiver"] = nullptr;
    }
    findings.push_back(std::move(o));
  }
  j["findings"] = std::move(findings);
  nlohmann::ordered_json& summary = j["summary"];
  nlohmann::ordered_json& changes = summary["changes"];
  for (Action a : kAllActions) {
    changes[std::string(to_string(a))] = decision.changes[a];
  }
  changes["total"] = decision.changes.total();
  nlohmann::ordered_json& counts = summary["findings"];
  for (Enforcement e :
       {Enforcement::kHardMandatory, Enforcement::kSoftMandatory, Enforcement::kAdvisory}) {
    counts[std::string(to_string(e))] = decision.count(e);
  }
  counts["waived"] = decision.waived_count();
  summary["blocking"] = decision.blocking_count();
  if (!decision.disabled.empty()) {
    nlohmann::ordered_json disabled = nlohmann::ordered_json::array();
    for (const DisabledRule& d : decision.disabled) {
      disabled.push_back({{"rule", d.rule}, {"reason", d.reason}});
    }
    j["disabled_rules"] = std::move(disabled);
  }
  nlohmann::ordered_json& digests = j["digests"];
  digests["plan_json"] = decision.plan_digest;
  digests["policy"] = decision.policy_digest;
  if (!decision.semantic_digest.empty()) {
    digests["semantic"] = decision.semantic_digest;
  }
  return j;
}

namespace detail {

std::string render_json_report(const Decision& decision) {
  return decision_to_json(decision).dump(2) + '\n';
}

}  // namespace detail
}  // namespace gate
