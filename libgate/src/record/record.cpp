// Decision and approval statements: building them from facts, reading them back from signed
// envelopes, and the rules for when an approval may be given.
#include "gate/record.h"

#include <algorithm>
#include <ctime>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "gate/canonical_json.h"
#include "gate/digest.h"
#include "gate/plan.h"
#include "plan/syntax_locator.h"
#include "record/json_input.h"
#include "record/names.h"
#include "util/text_position.h"

namespace gate {
namespace {

using detail::JsonReader;
using Time = std::chrono::system_clock::time_point;

constexpr std::size_t kMaxRecordFileBytes = std::size_t{16} << 20;
constexpr std::uint64_t kMaxCount = 1'000'000'000;
constexpr std::size_t kMaxCommentBytes = 4096;

constexpr std::string_view kSha256Prefix = "sha256:";

// --- timestamps -------------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// --- building ---------------------------------------------------------------------------

nlohmann::json subject_json(std::string_view name, const std::string& digest) {
  return {{"name", name}, {"digest", {{"sha256", digest.substr(kSha256Prefix.size())}}}};
}

// Collects the problems of facts handed to make_*_statement.
class FactsCheck {
 public:
  void require(bool ok, std::string message) {
    if (!ok) {
      problems_.push_back(std::move(message));
    }
  }
  void digest(const std::string& value, std::string_view what) {
    require(is_digest(value),
            fmt::format("{} must be \"sha256:\" and 64 lower-case hex digits, not \"{}\"", what,
                        detail::excerpt(value)));
  }
  void identity(const std::string& value, std::string_view what) {
    require(detail::valid_identity(value),
            fmt::format("{} must be non-empty printable text, not \"{}\"", what,
                        detail::excerpt(value)));
  }
  void environment(const std::string& value) {
    require(detail::valid_environment_name(value),
            fmt::format("environment \"{}\" must be letters, digits, '.', '_' or '-'",
                        detail::excerpt(value)));
  }
  Expected<nlohmann::json> result(nlohmann::json statement) {
    if (problems_.empty()) {
      return statement;
    }
    Diagnostic d = make_diagnostic("record.invalid-facts", problems_.front());
    d.notes.assign(problems_.begin() + 1, problems_.end());
    return Unexpected{std::move(d)};
  }

 private:
  std::vector<std::string> problems_;
};

std::vector<RecordedFinding> sorted_findings(std::vector<RecordedFinding> findings) {
  std::sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.rule, a.address, a.enforcement, a.waived) <
           std::tie(b.rule, b.address, b.enforcement, b.waived);
  });
  return findings;
}

// --- reading ----------------------------------------------------------------------------

// Reads the typed fields of a statement, stopping at the first problem.
class StatementReader {
 public:
  explicit StatementReader(const std::string& source) : in_(source, "statement") {}

  Expected<Statement> statement(const nlohmann::json& root) {
    if (!in_.require_object(root, "", "the statement")) {
      return Unexpected{in_.take()};
    }
    Statement st;
    const auto type = in_.string(root, "_type", "");
    const nlohmann::json* subjects = type ? in_.array(root, "subject", "") : nullptr;
    const auto predicate_type = subjects ? in_.string(root, "predicateType", "") : std::nullopt;
    const nlohmann::json* predicate = predicate_type ? in_.object(root, "predicate", "") : nullptr;
    if (in_.failed()) {
      return Unexpected{in_.take()};
    }
    st.type = *type;
    st.predicate_type = *predicate_type;
    st.predicate = *predicate;
    if (subjects->empty()) {
      in_.fail("bad-subject", "the statement has no subject", "/subject");
      return Unexpected{in_.take()};
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < subjects->size(); ++i) {
      const std::string at = JsonReader::child("/subject", i);
      const nlohmann::json& s = (*subjects)[i];
      if (!in_.require_object(s, at, "a subject")) {
        return Unexpected{in_.take()};
      }
      const auto name = in_.string(s, "name", at);
      const nlohmann::json* digest = name ? in_.object(s, "digest", at) : nullptr;
      const auto sha = digest ? in_.string(*digest, "sha256", at + "/digest") : std::nullopt;
      if (in_.failed()) {
        return Unexpected{in_.take()};
      }
      const std::string value = std::string(kSha256Prefix) + *sha;
      if (!is_digest(value)) {
        in_.fail("bad-subject",
                 fmt::format("subject \"{}\" has sha256 \"{}\"; expected 64 lower-case hex "
                             "digits",
                             detail::excerpt(*name), detail::excerpt(*sha)),
                 at + "/digest/sha256");
        return Unexpected{in_.take()};
      }
      if (name->empty() || !names.insert(*name).second) {
        in_.fail("bad-subject",
                 name->empty() ? std::string("a subject has an empty name")
                               : fmt::format("subject name \"{}\" appears twice",
                                             detail::excerpt(*name)),
                 at + "/name");
        return Unexpected{in_.take()};
      }
      st.subjects.push_back(Subject{*name, value});
    }
    return st;
  }

  Expected<DecisionFacts> decision(const Statement& st) {
    DecisionFacts f;
    const nlohmann::json& p = st.predicate;
    const std::string at = "/predicate";
    for (const Subject& s : st.subjects) {
      if (s.name == kPlanFileSubject) {
        f.plan_file_digest = s.digest;
      } else if (s.name == kDecisionSubject) {
        return bad_subject("a decision record cannot have a \"decision\" subject");
      } else {
        f.artifacts[s.name] = s.digest;
      }
    }
    if (f.plan_file_digest.empty()) {
      return bad_subject("a decision record needs a \"tfplan\" subject (the saved plan file)");
    }
    if (!environment(p, at, f.environment) || !one_of(p, at, "verdict", {"pass", "fail"},
                                                     f.verdict) ||
        !identity(p, at, "author", f.author) ||
        !digest(p, at, "semantic_digest", f.semantic_digest) ||
        !digest(p, at, "policy_digest", f.policy_digest) || !changes(p, at, f.changes) ||
        !findings(p, at, f.findings) || !text(p, at, "source_commit", f.source_commit) ||
        !text(p, at, "ci_run", f.ci_run) || !time(p, at, "issued_at", f.issued_at) ||
        !time(p, at, "expires_at", f.expires_at)) {
      return Unexpected{in_.take()};
    }
    if (p.contains("previous_record_digest") &&
        !digest(p, at, "previous_record_digest", f.previous_record_digest)) {
      return Unexpected{in_.take()};
    }
    if (p.contains("nothing_to_apply")) {
      const auto nothing = in_.boolean(p, "nothing_to_apply", at);
      if (!nothing) {
        return Unexpected{in_.take()};
      }
      f.nothing_to_apply = *nothing;
    }
    if (p.contains("drift") && !drift(p, at, f.drift)) {
      return Unexpected{in_.take()};
    }
    if (p.contains("disabled_rules") && !disabled_rules(p, at, f.disabled_rules)) {
      return Unexpected{in_.take()};
    }
    if (p.contains("deployed") && !deployed(p, at, f.deployed)) {
      return Unexpected{in_.take()};
    }
    return f;
  }

  Expected<ApprovalFacts> approval(const Statement& st) {
    ApprovalFacts f;
    const nlohmann::json& p = st.predicate;
    const std::string at = "/predicate";
    for (const Subject& s : st.subjects) {
      if (s.name == kDecisionSubject) {
        f.decision_digest = s.digest;
      }
    }
    if (f.decision_digest.empty()) {
      return bad_subject("an approval record needs a \"decision\" subject (the approved decision)");
    }
    if (!environment(p, at, f.environment) || !identity(p, at, "approver", f.approver) ||
        !time(p, at, "issued_at", f.issued_at)) {
      return Unexpected{in_.take()};
    }
    const nlohmann::json* overrides = in_.array(p, "overrides", at);
    if (overrides == nullptr) {
      return Unexpected{in_.take()};
    }
    for (std::size_t i = 0; i < overrides->size(); ++i) {
      const std::string where = JsonReader::child(at + "/overrides", i);
      const auto rule = in_.as_string((*overrides)[i], where);
      if (!rule) {
        return Unexpected{in_.take()};
      }
      if (!detail::valid_identity(*rule)) {
        in_.fail("bad-value", "an override must name a rule id", where);
        return Unexpected{in_.take()};
      }
      f.overrides.push_back(*rule);
    }
    if (p.contains("comment")) {
      const auto comment = in_.string(p, "comment", at);
      if (!comment) {
        return Unexpected{in_.take()};
      }
      f.comment = *comment;
    }
    return f;
  }

  Diagnostics take() { return in_.take(); }

 private:
  Unexpected bad_subject(std::string message) {
    in_.fail("bad-subject", std::move(message), "/subject");
    return Unexpected{in_.take()};
  }

  bool text(const nlohmann::json& p, const std::string& at, std::string_view name,
            std::string& out) {
    const auto v = in_.string(p, name, at);
    if (v) {
      out = *v;
    }
    return v.has_value();
  }
  bool identity(const nlohmann::json& p, const std::string& at, std::string_view name,
                std::string& out) {
    if (!text(p, at, name, out)) {
      return false;
    }
    if (!detail::valid_identity(out)) {
      in_.fail("bad-value", fmt::format("{} must be non-empty printable text", name),
               JsonReader::child(at, name));
      return false;
    }
    return true;
  }
  bool environment(const nlohmann::json& p, const std::string& at, std::string& out) {
    if (!text(p, at, "environment", out)) {
      return false;
    }
    if (!detail::valid_environment_name(out)) {
      in_.fail("bad-value",
               fmt::format("environment \"{}\" is not an environment name",
                           detail::excerpt(out)),
               at + "/environment");
      return false;
    }
    return true;
  }
  bool one_of(const nlohmann::json& p, const std::string& at, std::string_view name,
              std::initializer_list<std::string_view> allowed, std::string& out) {
    if (!text(p, at, name, out)) {
      return false;
    }
    if (std::find(allowed.begin(), allowed.end(), out) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) {
        list += list.empty() ? "" : ", ";
        list += fmt::format("\"{}\"", a);
      }
      in_.fail("bad-value",
               fmt::format("{} is \"{}\"; expected one of {}", name, detail::excerpt(out), list),
               JsonReader::child(at, name));
      return false;
    }
    return true;
  }
  bool digest(const nlohmann::json& p, const std::string& at, std::string_view name,
              std::string& out) {
    if (!text(p, at, name, out)) {
      return false;
    }
    if (!is_digest(out)) {
      in_.fail("bad-value",
               fmt::format("{} is \"{}\"; expected \"sha256:\" and 64 lower-case hex digits",
                           name, detail::excerpt(out)),
               JsonReader::child(at, name));
      return false;
    }
    return true;
  }
  bool time(const nlohmann::json& p, const std::string& at, std::string_view name, Time& out) {
    std::string value;
    if (!text(p, at, name, value)) {
      return false;
    }
    const auto t = parse_timestamp(value);
    if (!t) {
      in_.fail("bad-value",
               fmt::format("{} is \"{}\"; expected a UTC time like \"2026-11-22T10:28:00Z\"",
                           name, detail::excerpt(value)),
               JsonReader::child(at, name));
      return false;
    }
    out = *t;
    return true;
  }
  bool changes(const nlohmann::json& p, const std::string& at,
               std::map<std::string, std::size_t>& out) {
    const nlohmann::json* c = in_.object(p, "changes", at);
    if (c == nullptr) {
      return false;
    }
    for (const auto& item : c->items()) {
      if (!parse_action_name(item.key())) {
        in_.fail("bad-value",
                 fmt::format("\"{}\" is not an action name", detail::excerpt(item.key())),
                 JsonReader::child(at + "/changes", item.key()));
        return false;
      }
      const auto n = in_.count(*c, item.key(), at + "/changes", kMaxCount);
      if (!n) {
        return false;
      }
      out[item.key()] = static_cast<std::size_t>(*n);
    }
    return true;
  }
  bool drift(const nlohmann::json& p, const std::string& at, std::vector<RecordedDrift>& out) {
    const nlohmann::json* list = in_.array(p, "drift", at);
    if (list == nullptr) {
      return false;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = JsonReader::child(at + "/drift", i);
      const nlohmann::json& item = (*list)[i];
      RecordedDrift d;
      if (!in_.require_object(item, where, "a drifted object") ||
          !text(item, where, "address", d.address) || !identity(item, where, "rule", d.rule)) {
        return false;
      }
      out.push_back(std::move(d));
    }
    return true;
  }

  // `deployed`: [{address, location, digest}], the code the plan deploys.
  bool deployed(const nlohmann::json& p, const std::string& at,
                std::vector<DeployedArtifact>& out) {
    const nlohmann::json* list = in_.array(p, "deployed", at);
    if (list == nullptr) {
      return false;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = JsonReader::child(at + "/deployed", i);
      const nlohmann::json& item = (*list)[i];
      if (!in_.require_object(item, where, "a deployed artifact")) {
        return false;
      }
      DeployedArtifact a;
      if (!text(item, where, "address", a.address) || !text(item, where, "location", a.location) ||
          !text(item, where, "digest", a.digest)) {
        return false;
      }
      out.push_back(std::move(a));
    }
    return true;
  }

  bool findings(const nlohmann::json& p, const std::string& at,
                std::vector<RecordedFinding>& out) {
    const nlohmann::json* list = in_.array(p, "findings", at);
    if (list == nullptr) {
      return false;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = JsonReader::child(at + "/findings", i);
      const nlohmann::json& item = (*list)[i];
      if (!in_.require_object(item, where, "a finding")) {
        return false;
      }
      RecordedFinding f;
      if (!identity(item, where, "rule", f.rule) || !text(item, where, "address", f.address) ||
          !one_of(item, where, "enforcement",
                  {"advisory", "soft-mandatory", "hard-mandatory"}, f.enforcement)) {
        return false;
      }
      const auto waived = in_.boolean(item, "waived", where);
      if (!waived) {
        return false;
      }
      f.waived = *waived;
      out.push_back(std::move(f));
    }
    return true;
  }

  bool disabled_rules(const nlohmann::json& p, const std::string& at,
                      std::vector<RecordedDisabledRule>& out) {
    const nlohmann::json* list = in_.array(p, "disabled_rules", at);
    if (list == nullptr) {
      return false;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = JsonReader::child(at + "/disabled_rules", i);
      const nlohmann::json& item = (*list)[i];
      RecordedDisabledRule d;
      if (!in_.require_object(item, where, "a disabled rule") ||
          !identity(item, where, "rule", d.rule) || !text(item, where, "reason", d.reason)) {
        return false;
      }
      out.push_back(std::move(d));
    }
    return true;
  }

  JsonReader in_;
};

}  // namespace

// --- timestamps -------------------------------------------------------------------------

std::string format_timestamp(Time time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::seconds>(time));
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<Time> parse_timestamp(std::string_view text) {
  const std::string_view s = text;
  // YYYY-MM-DDTHH:MM:SSZ
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != 'Z') {
    return std::nullopt;
  }
  const auto number = [&](std::size_t pos, std::size_t len) -> std::optional<unsigned> {
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') {
        return std::nullopt;
      }
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return v;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2),
             hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *year < 1970 || *month < 1 ||
      *month > 12 || *day < 1 || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const unsigned days_in_month = kDays[*month - 1] + (*month == 2 && leap(*year) ? 1u : 0u);
  if (*day > days_in_month) {
    return std::nullopt;
  }
  const long long days = days_from_civil(*year, *month, *day);
  const long long secs = days * 86400 + *hour * 3600LL + *minute * 60LL + *second;
  return Time(std::chrono::seconds(secs));
}

// --- building ---------------------------------------------------------------------------

Expected<nlohmann::json> make_decision_statement(const DecisionFacts& facts) {
  FactsCheck check;
  check.environment(facts.environment);
  check.require(facts.verdict == "pass" || facts.verdict == "fail",
                fmt::format("verdict must be \"pass\" or \"fail\", not \"{}\"",
                            detail::excerpt(facts.verdict)));
  check.identity(facts.author, "author");
  check.digest(facts.plan_file_digest, "plan_file_digest");
  check.digest(facts.semantic_digest, "semantic_digest");
  check.digest(facts.policy_digest, "policy_digest");
  if (!facts.previous_record_digest.empty()) {
    check.digest(facts.previous_record_digest, "previous_record_digest");
  }
  for (const auto& [name, digest] : facts.artifacts) {
    check.require(detail::valid_identity(name) && name != kPlanFileSubject &&
                      name != kDecisionSubject,
                  fmt::format("artifact name \"{}\" is empty, unprintable or reserved",
                              detail::excerpt(name)));
    check.digest(digest, fmt::format("the digest of artifact \"{}\"", detail::excerpt(name)));
  }
  for (const auto& [action, count] : facts.changes) {
    check.require(parse_action_name(action).has_value(),
                  fmt::format("\"{}\" is not an action name", detail::excerpt(action)));
    check.require(count <= kMaxCount, fmt::format("change count of {} is too large", action));
  }
  for (const RecordedFinding& f : facts.findings) {
    check.identity(f.rule, "a finding's rule");
    check.require(f.address.empty() || detail::valid_identity(f.address),
                  fmt::format("finding {} has an unprintable address", detail::excerpt(f.rule)));
    check.require(f.enforcement == "advisory" || f.enforcement == "soft-mandatory" ||
                      f.enforcement == "hard-mandatory",
                  fmt::format("finding {} has enforcement \"{}\"; expected advisory, "
                              "soft-mandatory or hard-mandatory",
                              detail::excerpt(f.rule), detail::excerpt(f.enforcement)));
  }
  for (const RecordedDisabledRule& d : facts.disabled_rules) {
    check.identity(d.rule, "a disabled rule");
    check.require(detail::valid_text(d.reason),
                  fmt::format("the reason rule {} is disabled must be printable text",
                              detail::excerpt(d.rule)));
  }
  check.require(detail::valid_text(facts.source_commit) && detail::valid_text(facts.ci_run),
                "source_commit and ci_run must be printable text");
  check.require(facts.expires_at > facts.issued_at, "expires_at must be after issued_at");
  if (facts.verdict == "pass") {
    check.require(blocking_findings(facts).empty(),
                  "a passing decision cannot have blocking (unwaived soft- or hard-mandatory) "
                  "findings");
  }

  nlohmann::json subjects = nlohmann::json::array();
  if (is_digest(facts.plan_file_digest)) {
    subjects.push_back(subject_json(kPlanFileSubject, facts.plan_file_digest));
  }
  for (const auto& [name, digest] : facts.artifacts) {
    if (is_digest(digest)) {
      subjects.push_back(subject_json(name, digest));
    }
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const RecordedFinding& f : sorted_findings(facts.findings)) {
    findings.push_back({{"rule", f.rule},
                        {"address", f.address},
                        {"enforcement", f.enforcement},
                        {"waived", f.waived}});
  }
  nlohmann::json predicate = {
      {"environment", facts.environment},
      {"verdict", facts.verdict},
      {"author", facts.author},
      {"semantic_digest", facts.semantic_digest},
      {"policy_digest", facts.policy_digest},
      {"changes", facts.changes},
      {"findings", std::move(findings)},
      {"source_commit", facts.source_commit},
      {"ci_run", facts.ci_run},
      {"issued_at", format_timestamp(facts.issued_at)},
      {"expires_at", format_timestamp(facts.expires_at)},
  };
  if (!facts.previous_record_digest.empty()) {
    predicate["previous_record_digest"] = facts.previous_record_digest;
  }
  if (facts.nothing_to_apply) {
    predicate["nothing_to_apply"] = true;
  }
  if (!facts.drift.empty()) {
    std::vector<RecordedDrift> drift = facts.drift;
    std::sort(drift.begin(), drift.end(), [](const RecordedDrift& a, const RecordedDrift& b) {
      return std::tie(a.address, a.rule) < std::tie(b.address, b.rule);
    });
    drift.erase(std::unique(drift.begin(), drift.end()), drift.end());
    nlohmann::json list = nlohmann::json::array();
    for (const RecordedDrift& d : drift) {
      list.push_back({{"address", d.address}, {"rule", d.rule}});
    }
    predicate["drift"] = std::move(list);
  }
  if (!facts.disabled_rules.empty()) {
    nlohmann::json disabled = nlohmann::json::array();
    for (const RecordedDisabledRule& d : facts.disabled_rules) {
      disabled.push_back({{"rule", d.rule}, {"reason", d.reason}});
    }
    predicate["disabled_rules"] = std::move(disabled);
  }
  if (!facts.deployed.empty()) {
    nlohmann::json deployed = nlohmann::json::array();
    for (const DeployedArtifact& a : facts.deployed) {
      check.require(detail::valid_text(a.address) && detail::valid_text(a.location) &&
                        (a.digest.empty() || is_digest(a.digest)),
                    fmt::format("deployed artifact of {} is malformed", detail::excerpt(a.address)));
      deployed.push_back({{"address", a.address}, {"location", a.location}, {"digest", a.digest}});
    }
    predicate["deployed"] = std::move(deployed);
  }
  return check.result({{"_type", kStatementType},
                       {"subject", std::move(subjects)},
                       {"predicateType", kDecisionPredicateType},
                       {"predicate", std::move(predicate)}});
}

std::vector<RecordedFinding> blocking_findings(const DecisionFacts& decision) {
  std::vector<RecordedFinding> out;
  for (const RecordedFinding& f : decision.findings) {
    if (!f.waived && f.enforcement != "advisory") {
      out.push_back(f);
    }
  }
  return out;
}

std::vector<std::string> approval_refusals(const DecisionFacts& decision,
                                           const ApprovalFacts& approval) {
  std::vector<std::string> reasons;
  if (approval.environment != decision.environment) {
    reasons.push_back(fmt::format("the decision is for {}, not {}", decision.environment,
                                  approval.environment));
  }
  if (auto defect = identity_defect(approval.approver)) {
    reasons.push_back(fmt::format("the approver \"{}\" is refused as an identity: {}",
                                  detail::excerpt(approval.approver), *defect));
  } else if (identity_key(approval.approver) == identity_key(decision.author)) {
    reasons.push_back(
        approval.approver == decision.author
            ? fmt::format("{} is the decision's author and cannot approve it", approval.approver)
            : fmt::format("\"{}\" is the decision's author {} under another spelling and cannot "
                          "approve it (identities are compared trimmed and case-insensitively)",
                          approval.approver, decision.author));
  }
  if (approval.issued_at >= decision.expires_at) {
    reasons.push_back(
        fmt::format("the decision expired at {}", format_timestamp(decision.expires_at)));
  }
  const std::vector<RecordedFinding> blocking = blocking_findings(decision);
  const std::set<std::string> overrides(approval.overrides.begin(), approval.overrides.end());
  std::set<std::string> blocking_rules;
  for (const RecordedFinding& f : blocking) {
    blocking_rules.insert(f.rule);
  }
  if (decision.verdict != "pass") {
    if (blocking.empty()) {
      reasons.push_back("the decision failed without a blocking finding an override could "
                        "address");
    }
    std::set<std::string> reported;
    for (const RecordedFinding& f : blocking) {
      const std::string where = f.address.empty() ? "" : fmt::format(" at {}", f.address);
      if (f.enforcement == "hard-mandatory") {
        reasons.push_back(fmt::format(
            "the decision failed: hard-mandatory finding {}{} cannot be overridden", f.rule,
            where));
      } else if (overrides.count(f.rule) == 0 && reported.insert(f.rule).second) {
        reasons.push_back(fmt::format(
            "the decision failed: soft-mandatory finding {}{} is not overridden "
            "(--override {})",
            f.rule, where, f.rule));
      }
    }
  }
  for (const std::string& rule : overrides) {
    const bool hard = std::any_of(decision.findings.begin(), decision.findings.end(),
                                  [&](const RecordedFinding& f) {
                                    return f.rule == rule && f.enforcement == "hard-mandatory";
                                  });
    if (hard) {
      reasons.push_back(
          fmt::format("override {}: hard-mandatory rules cannot be overridden", rule));
    } else if (blocking_rules.count(rule) == 0) {
      reasons.push_back(fmt::format(
          "override {}: the decision has no blocking finding of this rule", rule));
    }
  }
  return reasons;
}

Expected<nlohmann::json> make_approval_statement(const Record& decision,
                                                 const ApprovalFacts& approval) {
  if (!decision.is_decision()) {
    return Unexpected{make_diagnostic("record.not-a-decision",
                                      "this is an approval record; approve a decision record",
                                      decision.source)};
  }
  FactsCheck check;
  check.environment(approval.environment);
  check.identity(approval.approver, "approver");
  for (const std::string& rule : approval.overrides) {
    check.identity(rule, "an override");
  }
  check.require(approval.comment.size() <= kMaxCommentBytes && detail::valid_text(approval.comment),
                fmt::format("the comment must be printable text of at most {} bytes",
                            kMaxCommentBytes));
  auto checked = check.result(nlohmann::json());
  if (!checked) {
    return checked;
  }
  const DecisionFacts& d = decision.decision();
  if (auto reasons = approval_refusals(d, approval); !reasons.empty()) {
    Diagnostic diag = make_diagnostic(
        "approval.refused", fmt::format("refusing to approve: {}", reasons.front()),
        decision.source);
    diag.notes.assign(reasons.begin() + 1, reasons.end());
    return Unexpected{std::move(diag)};
  }
  nlohmann::json subjects = nlohmann::json::array();
  subjects.push_back(subject_json(kPlanFileSubject, d.plan_file_digest));
  for (const auto& [name, digest] : d.artifacts) {
    subjects.push_back(subject_json(name, digest));
  }
  subjects.push_back(subject_json(kDecisionSubject, decision.digest));
  const std::set<std::string> overrides(approval.overrides.begin(), approval.overrides.end());
  nlohmann::json predicate = {
      {"environment", approval.environment},
      {"approver", approval.approver},
      {"overrides", overrides},
      {"issued_at", format_timestamp(approval.issued_at)},
  };
  if (!approval.comment.empty()) {
    predicate["comment"] = approval.comment;
  }
  return nlohmann::json{{"_type", kStatementType},
                        {"subject", std::move(subjects)},
                        {"predicateType", kApprovalPredicateType},
                        {"predicate", std::move(predicate)}};
}

Expected<Envelope> statement_envelope(const nlohmann::json& statement) {
  auto payload = canonical_json(statement);
  if (!payload) {
    return Unexpected{payload.error()};
  }
  return unsigned_envelope(std::string(kInTotoPayloadType), std::move(*payload));
}

Expected<Envelope> sign_statement(const nlohmann::json& statement, const Signer& signer) {
  auto envelope = statement_envelope(statement);
  if (!envelope) {
    return envelope;
  }
  return sign_envelope(std::move(*envelope), signer);
}

// --- reading ----------------------------------------------------------------------------

Expected<Record> read_record(std::string_view text, const std::string& source) {
  auto envelope = read_envelope(text, source);
  if (!envelope) {
    return Unexpected{envelope.error()};
  }
  if (envelope->payload_type != kInTotoPayloadType) {
    Diagnostic d = make_diagnostic(
        "record.payload-type",
        fmt::format("payloadType is \"{}\"; tfgate records are \"{}\"",
                    detail::excerpt(envelope->payload_type), kInTotoPayloadType),
        source);
    d.location.json_pointer = "/payloadType";
    return Unexpected{std::move(d)};
  }
  auto doc = detail::parse_json_document(envelope->payload, source, "statement");
  if (!doc) {
    Diagnostics diags = doc.error();
    for (Diagnostic& d : diags) {
      if (d.location.line > 0) {
        d.notes.push_back(fmt::format("line {}, column {} of the decoded payload",
                                      d.location.line, d.location.column));
        d.location.line = d.location.column = 0;
      }
    }
    return Unexpected{std::move(diags)};
  }
  StatementReader reader(source);
  auto statement = reader.statement(*doc);
  if (!statement) {
    return Unexpected{statement.error()};
  }
  Record record;
  record.source = source;
  record.digest = digest_bytes(envelope->payload);
  record.envelope = std::move(*envelope);
  if (statement->predicate_type == kDecisionPredicateType) {
    auto facts = reader.decision(*statement);
    if (!facts) {
      return Unexpected{facts.error()};
    }
    record.facts = std::move(*facts);
  } else if (statement->predicate_type == kApprovalPredicateType) {
    auto facts = reader.approval(*statement);
    if (!facts) {
      return Unexpected{facts.error()};
    }
    record.facts = std::move(*facts);
  } else {
    Diagnostic d = make_diagnostic(
        "statement.unknown-predicate",
        fmt::format("predicateType \"{}\" is not a tfgate record (expected \"{}\" or \"{}\")",
                    detail::excerpt(statement->predicate_type, 80), kDecisionPredicateType,
                    kApprovalPredicateType),
        source);
    d.location.json_pointer = "/predicateType";
    return Unexpected{std::move(d)};
  }
  record.statement = std::move(*statement);
  return record;
}

Expected<Record> load_record_file(const std::string& path) {
  auto text = detail::read_small_file(path, kMaxRecordFileBytes, "record.too-large");
  if (!text) {
    return Unexpected{text.error()};
  }
  return read_record(*text, path);
}

}  // namespace gate
