// IAM scope: every IAM document a change carries (identity, inline, trust, bucket and key
// policies, aws_iam_policy_document data sources read during apply or at plan time) is parsed
// with the full IAM grammar and put through one check of gate/iam_checks.h, chosen by `check`;
// `admin-attachment` looks at attachments of AWS-managed admin policies instead. Documents unknown until apply are
// the business of the `unknown-document` check alone (so that each environment can set its own
// level for them); the other checks judge what is known. Computed policy attributes nobody
// configured (aws_iam_role.inline_policy, aws_kms_key.policy) are not documents of the plan.
#include <algorithm>
#include <any>
#include <optional>

#include <fmt/format.h>

#include "eval/eval_context.h"
#include "gate/iam_checks.h"
#include "plan/configuration.h"
#include "policy/checker.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"

namespace gate::detail {
namespace {

using json = nlohmann::json;

enum class DocKind { kIdentity, kTrust, kResource };

// Where IAM documents live in a resource's attributes.
struct Location {
  const char* type;
  const char* attribute;  // top-level attribute holding a JSON string
  DocKind kind;
  bool managed;           // a managed policy (size limit 6,144)
  bool optional;          // optional and computed: a document only when configured
};

constexpr Location kLocations[] = {
    {"aws_iam_policy", "policy", DocKind::kIdentity, true, false},
    {"aws_iam_role", "assume_role_policy", DocKind::kTrust, false, false},
    {"aws_iam_role_policy", "policy", DocKind::kIdentity, false, false},
    {"aws_iam_user_policy", "policy", DocKind::kIdentity, false, false},
    {"aws_iam_group_policy", "policy", DocKind::kIdentity, false, false},
    {"aws_s3_bucket_policy", "policy", DocKind::kResource, false, false},
    {"aws_kms_key", "policy", DocKind::kResource, false, true},
};

constexpr const char* kAttachmentTypes[] = {
    "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"};

enum class Check {
  kAdminWildcard,
  kAdminAttachment,
  kServiceWildcard,
  kNotActionAllow,
  kPassRoleStar,
  kPrivilegeEscalation,
  kWildcardPrincipal,
  kOidcTrust,
  kAssumeRoleScope,
  kTrustedAccounts,
  kPolicySize,
  kMfaPattern,
  kUnknownDocument,
  kInvalidDocument,
};

const std::vector<std::pair<std::string_view, Check>>& check_names() {
  static const std::vector<std::pair<std::string_view, Check>> names = {
      {"admin-wildcard", Check::kAdminWildcard},
      {"admin-attachment", Check::kAdminAttachment},
      {"service-wildcard", Check::kServiceWildcard},
      {"not-action-allow", Check::kNotActionAllow},
      {"pass-role-star", Check::kPassRoleStar},
      {"privilege-escalation", Check::kPrivilegeEscalation},
      {"wildcard-principal", Check::kWildcardPrincipal},
      {"oidc-trust", Check::kOidcTrust},
      {"assume-role-scope", Check::kAssumeRoleScope},
      {"trusted-accounts", Check::kTrustedAccounts},
      {"policy-size", Check::kPolicySize},
      {"mfa-pattern", Check::kMfaPattern},
      {"unknown-document", Check::kUnknownDocument},
      {"invalid-document", Check::kInvalidDocument},
  };
  return names;
}

struct Params {
  Check check = Check::kAdminWildcard;
  std::vector<std::string> accounts;
  iam::OidcRequirements oidc;
  std::size_t managed_limit = 6144;
  std::size_t trust_limit = 2048;
  std::vector<std::string> admin_policy_arns = {"arn:aws:iam::aws:policy/AdministratorAccess"};
};

// One document found in a change.
struct Document {
  std::string where;  // "policy", "inline_policy[0].policy", "statement blocks"
  DocKind kind = DocKind::kIdentity;
  bool managed = false;
  bool unknown = false;
  bool sensitive = false;  // marked sensitive: findings must not quote its content
  std::string text;                       // as written (empty for converted blocks)
  std::optional<iam::PolicyDocument> doc;  // when it parses
  std::string invalid;                    // why it does not
};

// True when the mirror marks `where` ("policy", "inline_policy[2].policy", "json") sensitive,
// or any container on the way to it.
bool sensitive_at(const json& mask, const std::string& where) {
  const json* node = &mask;
  std::size_t pos = 0;
  while (true) {
    if (node->is_boolean()) {
      return node->get<bool>();
    }
    if (pos >= where.size()) {
      return false;
    }
    const std::size_t end = where.find_first_of(".[", pos);
    const std::string key = where.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!key.empty()) {
      if (!node->is_object() || !node->contains(key)) {
        return false;
      }
      node = &(*node)[key];
    }
    if (end == std::string::npos) {
      return node->is_boolean() && node->get<bool>();
    }
    if (where[end] == '[') {
      const std::size_t close = where.find(']', end);
      const std::size_t index = std::stoul(where.substr(end + 1, close - end - 1));
      if (node->is_boolean()) {
        return node->get<bool>();
      }
      if (!node->is_array() || index >= node->size()) {
        return false;
      }
      node = &(*node)[index];
      pos = close + 1;
      if (pos < where.size() && where[pos] == '.') {
        ++pos;
      }
    } else {
      pos = end + 1;
    }
  }
}

bool unknown_at(const json* after_unknown, const std::string& key) {
  return after_unknown != nullptr && after_unknown->is_object() &&
         after_unknown->contains(key) && (*after_unknown)[key] == true;
}

void parse_into(Document& d) {
  auto parsed = iam::parse_policy(d.text);
  if (parsed) {
    d.doc = std::move(*parsed);
  } else {
    const Diagnostic& e = parsed.error().front();
    d.invalid = e.location.json_pointer.empty()
                    ? e.message
                    : fmt::format("{} (at {})", e.message, e.location.json_pointer);
  }
}

// aws_iam_policy_document's HCL-shaped `statement` blocks as an IAM document.
std::optional<json> document_from_blocks(const json& after) {
  if (!after.contains("statement") || !after["statement"].is_array()) {
    return std::nullopt;
  }
  json statements = json::array();
  const auto list = [](const json& v) { return v.is_array() ? v : json::array(); };
  for (const json& b : after["statement"]) {
    if (!b.is_object()) {
      return std::nullopt;
    }
    json st = json::object();
    if (b.value("sid", json()).is_string() && !b["sid"].get<std::string>().empty()) {
      st["Sid"] = b["sid"];
    }
    st["Effect"] = b.value("effect", json()).is_string() ? b["effect"] : json("Allow");
    for (const auto& [from, to] : {std::pair{"actions", "Action"}, {"not_actions", "NotAction"},
                                   {"resources", "Resource"}, {"not_resources", "NotResource"}}) {
      if (!list(b.value(from, json())).empty()) {
        st[to] = b[from];
      }
    }
    for (const auto& [from, to] : {std::pair{"principals", "Principal"},
                                   {"not_principals", "NotPrincipal"}}) {
      json principal = json::object();
      for (const json& p : list(b.value(from, json()))) {
        if (p.is_object() && p.value("type", json()).is_string()) {
          const std::string type = p["type"];
          for (const json& id : list(p.value("identifiers", json()))) {
            principal[type].push_back(id);
          }
        }
      }
      if (!principal.empty()) {
        st[to] = principal == json{{"AWS", json::array({"*"})}} ? json("*") : principal;
      }
    }
    json condition = json::object();
    for (const json& c : list(b.value("condition", json()))) {
      if (c.is_object() && c.value("test", json()).is_string() &&
          c.value("variable", json()).is_string()) {
        condition[c["test"].get<std::string>()][c["variable"].get<std::string>()] =
            list(c.value("values", json()));
      }
    }
    if (!condition.empty()) {
      st["Condition"] = condition;
    }
    statements.push_back(st);
  }
  return json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

DocKind kind_of(const iam::PolicyDocument& doc) {
  const bool principals = std::any_of(doc.statements.begin(), doc.statements.end(),
                                      [](const iam::Statement& s) { return s.principal.has_value(); });
  return principals ? DocKind::kTrust : DocKind::kIdentity;
}

class IamScopeRule final : public Rule {
 public:
  IamScopeRule(RuleInfo info, Selector match, Params params)
      : Rule(std::move(info), std::move(match)), params_(std::move(params)) {}

  ActionMask inspects(const Environment& /*environment*/) const override {
    // Documents that exist after apply: created, updated, replaced, or read during apply.
    return match().actions() &
           (action_bit(Action::kCreate) | action_bit(Action::kUpdate) |
            action_bit(Action::kReplace) | action_bit(Action::kReplaceCreateFirst) |
            action_bit(Action::kForgetAndCreate) | action_bit(Action::kRead));
  }

  void check_change(const ResourceChange& change, EvalContext& context) const override {
    if (!carries_documents(change)) {
      return;
    }
    const json* after = context.value(change, EvalContext::Value::kAfter);
    const json* after_unknown = context.value(change, EvalContext::Value::kAfterUnknown);
    const json* after_sensitive = context.value(change, EvalContext::Value::kAfterSensitive);
    if (after == nullptr || after_unknown == nullptr || after_sensitive == nullptr) {
      return;
    }
    if (is_attachment(change)) {
      if (params_.check == Check::kAdminAttachment) {
        check_attachment(change, *after, context);
      }
      return;
    }
    // Every iam_scope rule judges the same documents: parse them once per change.
    std::any& memo = context.memo(change);
    if (memo.type() != typeid(std::vector<Document>)) {
      std::vector<Document> docs = documents(change, *after, after_unknown, context);
      for (Document& d : docs) {
        d.sensitive = sensitive_at(*after_sensitive, d.where);
      }
      memo = std::move(docs);
    }
    for (const Document& d : std::any_cast<const std::vector<Document>&>(memo)) {
      judge(d, change.address, &change, change.json_pointer, context);
    }
  }

  void check_plan(EvalContext& context) const override {
    // aws_iam_policy_document data sources read while planning live in prior_state; a plan
    // whose prior state never names the type has none (a text search, no parse).
    if (!context.prior_state_mentions("aws_iam_policy_document")) {
      return;
    }
    const json* state = context.prior_state();
    if (state == nullptr || !state->is_object() || !state->contains("values")) {
      return;
    }
    walk_module((*state)["values"].value("root_module", json::object()),
                "/prior_state/values/root_module", context);
  }

 private:
  static bool is_attachment(const ResourceChange& change) {
    return std::any_of(std::begin(kAttachmentTypes), std::end(kAttachmentTypes),
                       [&](const char* t) { return change.type == t; });
  }

  static bool carries_documents(const ResourceChange& change) {
    if (change.type == "aws_iam_policy_document" || is_attachment(change)) {
      return true;
    }
    return std::any_of(std::begin(kLocations), std::end(kLocations),
                       [&](const Location& l) { return change.type == l.type; });
  }

  void walk_module(const json& module, const std::string& pointer, EvalContext& context) const {
    const json resources = module.value("resources", json::array());
    for (std::size_t i = 0; i < resources.size(); ++i) {
      const json& r = resources[i];
      if (!r.is_object() || r.value("mode", "") != "data" ||
          r.value("type", "") != "aws_iam_policy_document") {
        continue;
      }
      const json values = r.value("values", json::object());
      if (!values.contains("json") || !values["json"].is_string()) {
        continue;
      }
      Document d;
      d.where = "json";
      d.text = values["json"].get<std::string>();
      parse_into(d);
      if (d.doc) {
        d.kind = kind_of(*d.doc);
      }
      judge(d, r.value("address", ""), nullptr, pointer + "/resources/" + std::to_string(i),
            context);
    }
    const json children = module.value("child_modules", json::array());
    for (std::size_t i = 0; i < children.size(); ++i) {
      walk_module(children[i], pointer + "/child_modules/" + std::to_string(i), context);
    }
  }

  std::vector<Document> documents(const ResourceChange& change, const json& after,
                                  const json* after_unknown, EvalContext& context) const {
    std::vector<Document> out;
    if (change.type == "aws_iam_policy_document") {
      Document d;
      d.where = "json";
      if (after.contains("json") && after["json"].is_string()) {
        d.text = after["json"].get<std::string>();
        parse_into(d);
      } else if (auto blocks = document_from_blocks(after); blocks && !unknown_at(after_unknown, "statement")) {
        d.where = "statement blocks";
        auto parsed = iam::parse_policy_json(*blocks);
        if (parsed) {
          d.doc = std::move(*parsed);
        } else {
          d.invalid = parsed.error().front().message;
        }
      } else {
        d.unknown = true;
      }
      if (d.doc) {
        d.kind = kind_of(*d.doc);
      }
      out.push_back(std::move(d));
      return out;
    }
    for (const Location& l : kLocations) {
      if (change.type != l.type) {
        continue;
      }
      Document d;
      d.where = l.attribute;
      d.kind = l.kind;
      d.managed = l.managed;
      const bool present = after.is_object() && after.contains(l.attribute) &&
                           after[l.attribute].is_string() &&
                           !after[l.attribute].get_ref<const std::string&>().empty();
      if (unknown_at(after_unknown, l.attribute)) {
        const json* configuration = context.configuration();
        if (l.optional && (configuration == nullptr ||
                           !is_configured(*configuration, change, l.attribute))) {
          continue;  // computed by AWS, not written in the code
        }
        d.unknown = true;
      } else if (!present) {
        continue;
      } else {
        d.text = after[l.attribute].get<std::string>();
        parse_into(d);
      }
      out.push_back(std::move(d));
    }
    if (change.type == "aws_iam_role") {
      inline_policies(change, after, after_unknown, context, out);
    }
    return out;
  }

  void inline_policies(const ResourceChange& change, const json& after, const json* after_unknown,
                       EvalContext& context, std::vector<Document>& out) const {
    if (unknown_at(after_unknown, "inline_policy")) {
      // Unknown: a document of the plan only when the code writes inline_policy blocks (the
      // attribute is also computed, and then says nothing about this plan).
      const json* configuration = context.configuration();
      if (configuration != nullptr && is_configured(*configuration, change, "inline_policy")) {
        Document d;
        d.where = "inline_policy";
        d.unknown = true;
        out.push_back(std::move(d));
      }
      return;
    }
    const json blocks = after.value("inline_policy", json::array());
    const json unknown_blocks = after_unknown != nullptr && after_unknown->is_object()
                                    ? after_unknown->value("inline_policy", json::array())
                                    : json::array();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      Document d;
      d.where = fmt::format("inline_policy[{}].policy", i);
      const bool unknown = i < unknown_blocks.size() && unknown_blocks[i].is_object() &&
                           unknown_blocks[i].value("policy", false) == true;
      if (unknown) {
        d.unknown = true;
      } else if (blocks[i].is_object() && blocks[i].value("policy", json()).is_string()) {
        d.text = blocks[i]["policy"].get<std::string>();
        if (d.text.empty()) {
          continue;
        }
        parse_into(d);
      } else {
        continue;
      }
      out.push_back(std::move(d));
    }
  }

  void check_attachment(const ResourceChange& change, const json& after, EvalContext& context) const {
    const std::string arn = after.value("policy_arn", json()).is_string() ? after["policy_arn"].get<std::string>() : "";
    if (std::find(params_.admin_policy_arns.begin(), params_.admin_policy_arns.end(), arn) !=
        params_.admin_policy_arns.end()) {
      context.report(*this, &change,
                     fmt::format("attaches the AWS-managed policy {}, which allows every action "
                                 "on every resource",
                                 arn));
    }
  }

  void judge(const Document& d, const std::string& address, const ResourceChange* change,
             const std::string& pointer, EvalContext& context) const {
    const auto report = [&](const std::string& message) {
      if (change != nullptr) {
        context.report(*this, change, message);
      } else {
        context.report_at(*this, address, pointer, message);
      }
    };
    if (d.unknown) {
      if (params_.check == Check::kUnknownDocument) {
        report(fmt::format("cannot evaluate: the IAM document in {} is unknown until apply",
                           d.where));
      }
      return;
    }
    if (!d.doc) {
      if (params_.check == Check::kInvalidDocument) {
        report(d.sensitive ? fmt::format("{} (marked sensitive) is not a valid IAM policy", d.where)
                           : fmt::format("{} is not a valid IAM policy: {}", d.where, d.invalid));
      }
      return;
    }
    const iam::PolicyDocument& doc = *d.doc;
    std::vector<iam::Issue> issues;
    const bool identity = d.kind == DocKind::kIdentity;
    const bool trust_or_resource = !identity;
    switch (params_.check) {
      case Check::kAdminWildcard:
        if (identity) issues = iam::check_admin_wildcard(doc);
        break;
      case Check::kServiceWildcard:
        if (identity) issues = iam::check_service_wildcard(doc);
        break;
      case Check::kNotActionAllow:
        if (identity) issues = iam::check_not_action_allow(doc);
        break;
      case Check::kPassRoleStar:
        if (identity) issues = iam::check_pass_role_star(doc);
        break;
      case Check::kPrivilegeEscalation:
        if (identity) issues = iam::check_privilege_escalation(doc, iam::default_escalation_paths());
        break;
      case Check::kAssumeRoleScope:
        if (identity) issues = iam::check_assume_role_scope(doc, params_.accounts);
        break;
      case Check::kMfaPattern:
        issues = iam::check_mfa_pattern(doc);
        break;
      case Check::kWildcardPrincipal:
        if (trust_or_resource) issues = iam::check_wildcard_principal(doc);
        break;
      case Check::kOidcTrust:
        if (d.kind == DocKind::kTrust) issues = iam::check_oidc_trust(doc, params_.oidc);
        break;
      case Check::kTrustedAccounts:
        if (d.kind == DocKind::kTrust) issues = iam::check_trusted_accounts(doc, params_.accounts);
        break;
      case Check::kPolicySize:
        if (d.managed) {
          issues = iam::check_size(d.text, params_.managed_limit, "managed policy");
        } else if (d.kind == DocKind::kTrust && d.where == "assume_role_policy") {
          issues = iam::check_size(d.text, params_.trust_limit, "trust policy");
        }
        break;
      case Check::kAdminAttachment:
      case Check::kUnknownDocument:
      case Check::kInvalidDocument:
        break;
    }
    if (d.sensitive && !issues.empty()) {
      // The document is marked sensitive: say that it fails and how often, never what it holds.
      report(fmt::format("{} (marked sensitive, content not shown): {} problem{} found by the {} "
                         "check",
                         d.where, issues.size(), issues.size() == 1 ? "" : "s", check_name()));
      return;
    }
    for (const iam::Issue& issue : issues) {
      report(fmt::format("{}: {}", d.where, issue.message));
    }
  }

  std::string_view check_name() const {
    for (const auto& [name, check] : check_names()) {
      if (check == params_.check) {
        return name;
      }
    }
    return "IAM";
  }

  Params params_;
};

class IamScopeKind final : public RuleKind {
 public:
  std::string_view name() const override { return "iam_scope"; }
  std::vector<std::string_view> keys() const override {
    return {"check", "accounts", "repositories", "subjects", "audience", "managed_limit",
            "trust_limit", "admin_policy_arns"};
  }
  std::vector<std::string_view> required_keys() const override { return {"check"}; }

  std::unique_ptr<Rule> compile(RuleInfo info, Selector match, const json& rule,
                                const std::string& pointer, Checker& checker) const override {
    const std::size_t errors = checker.errors();
    Params params;
    std::vector<std::string_view> names;
    for (const auto& [name, check] : check_names()) {
      names.push_back(name);
    }
    const auto check = checker.choice(rule, "check", pointer, names, "unknown-check", "IAM check");
    if (check) {
      for (const auto& [name, value] : check_names()) {
        if (name == *check) {
          params.check = value;
        }
      }
    }
    const bool needs_accounts =
        params.check == Check::kAssumeRoleScope || params.check == Check::kTrustedAccounts;
    if (auto accounts = checker.strings(rule, "accounts", pointer)) {
      params.accounts = *accounts;
    } else if (needs_accounts && check && !rule.contains("accounts")) {
      checker.error("missing-key", fmt::format("check \"{}\" needs \"accounts\"", *check), pointer);
    }
    if (auto repositories = checker.strings(rule, "repositories", pointer)) {
      params.oidc.repositories = *repositories;
    }
    if (auto subjects = checker.strings(rule, "subjects", pointer)) {
      params.oidc.subjects = *subjects;
    }
    if (auto audience = checker.text(rule, "audience", pointer)) {
      params.oidc.audience = *audience;
    }
    if (auto limit = checker.count(rule, "managed_limit", pointer)) {
      params.managed_limit = *limit;
    }
    if (auto limit = checker.count(rule, "trust_limit", pointer)) {
      params.trust_limit = *limit;
    }
    if (auto arns = checker.strings(rule, "admin_policy_arns", pointer)) {
      params.admin_policy_arns = *arns;
    }
    if (checker.errors() != errors) {
      return nullptr;
    }
    return std::make_unique<IamScopeRule>(std::move(info), std::move(match), std::move(params));
  }
};

}  // namespace

const RuleKind& iam_scope_rule_kind() {
  static const IamScopeKind kind;
  return kind;
}

}  // namespace gate::detail
