// The SARIF 2.1.0 report, for code scanning: one reportingDescriptor per policy rule (title,
// description, help), one result per finding with the resource address as its logical location
// and the plan file as its artifact, levels error / warning / note for hard-mandatory /
// soft-mandatory / advisory, a suppression for waived findings, and partial fingerprints that
// depend only on rule, address and message, so they are stable across runs.
#include <map>

#include <gate/digest.h>
#include <gate/version.h>

#include "report/renderers.h"

namespace gate::detail {
namespace {

using ojson = nlohmann::ordered_json;

const char* level(Enforcement e) {
  switch (e) {
    case Enforcement::kHardMandatory:
      return "error";
    case Enforcement::kSoftMandatory:
      return "warning";
    case Enforcement::kAdvisory:
      return "note";
  }
  return "note";
}

}  // namespace

std::string render_sarif_report(const Decision& decision, const ReportOptions& options) {
  const std::vector<RuleInfo> rules = described_rules(decision, options);
  std::map<std::string, std::size_t> index;
  ojson descriptors = ojson::array();
  for (const RuleInfo& r : rules) {
    index[r.id] = descriptors.size();
    ojson d;
    d["id"] = r.id;
    d["name"] = r.id;
    d["shortDescription"] = {{"text", r.title.empty() ? r.id : r.title}};
    if (!r.description.empty()) {
      d["fullDescription"] = {{"text", r.description}};
    }
    const std::string help = r.help.empty() ? (r.description.empty() ? r.title : r.description) : r.help;
    d["help"] = {{"text", help.empty() ? r.id : help}, {"markdown", help.empty() ? r.id : help}};
    d["defaultConfiguration"] = {{"level", level(r.enforcement)}};
    d["properties"] = {{"enforcement", std::string(to_string(r.enforcement))}};
    descriptors.push_back(std::move(d));
  }
  ojson results = ojson::array();
  for (const Finding& f : decision.findings) {
    ojson r;
    r["ruleId"] = f.rule;
    r["ruleIndex"] = index[f.rule];
    r["level"] = level(f.enforcement);
    r["message"] = {{"text", f.address.empty() ? f.message : f.address + ": " + f.message}};
    ojson location;
    if (!options.plan_uri.empty()) {
      location["physicalLocation"] = {{"artifactLocation", {{"uri", options.plan_uri}}}};
    }
    location["logicalLocations"] = ojson::array(
        {{{"fullyQualifiedName", f.address.empty() ? "(plan)" : f.address}, {"kind", "resource"}}});
    r["locations"] = ojson::array({location});
    r["partialFingerprints"] = {
        {"tfgateFinding/v1", digest_bytes(f.rule + '\n' + f.address + '\n' + f.message).substr(7)}};
    if (f.waived && f.waiver) {
      r["suppressions"] = ojson::array(
          {{{"kind", "external"},
            {"justification", f.waiver->reason + " (owner " + f.waiver->owner + ", until " +
                                  std::string(to_string(f.waiver->expires)) + ")"}}});
    }
    r["properties"] = {{"enforcement", std::string(to_string(f.enforcement))},
                       {"blocking", f.blocking()}};
    results.push_back(std::move(r));
  }
  ojson run;
  run["tool"] = {{"driver",
                  {{"name", "tfgate"},
                   {"version", GATE_VERSION_STRING},
                   {"informationUri", "https://github.com/acme/platform"},
                   {"rules", std::move(descriptors)}}}};
  run["results"] = std::move(results);
  run["properties"] = {{"environment", decision.environment},
                       {"verdict", std::string(to_string(decision.verdict))},
                       {"planDigest", decision.plan_digest},
                       {"policyDigest", decision.policy_digest}};
  if (decision.nothing_to_apply) {
    run["properties"]["nothingToApply"] = true;
  }
  ojson doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ojson::array({std::move(run)});
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

}  // namespace gate::detail
