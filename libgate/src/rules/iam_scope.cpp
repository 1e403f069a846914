// IAM scope: every IAM document a change carries (identity, inline, trust and SSO permission-set
// policies; bucket, key, topic, queue, secret and repository policies; Lambda permissions;
// aws_iam_policy_document data sources read during apply or at plan time, merged with their
// source and override documents) is parsed with the full IAM grammar, reduced to its effective
// permissions (gate/iam_effective.h) and put through one check of gate/iam_checks.h, chosen by
// `check`. `admin-attachment` judges the AWS managed policies a change attaches by ARN (policy
// attachments, exclusive attachments, managed_policy_arns, SSO managed-policy attachments)
// through the shipped table of gate/iam_catalogue.h. Documents unknown until apply are the
// business of the `unknown-document` check alone (so that each environment can set its own
// level for them); the other checks judge what is known. Computed policy attributes nobody
// configured (aws_iam_role.inline_policy, aws_kms_key.policy) are not documents of the plan. A
// document built by a data source and granted by a policy resource of the same module is
// judged once, on the resource, naming the data source.
#include <algorithm>
#include <any>
#include <set>
#include <optional>

#include <fmt/format.h>

#include "eval/eval_context.h"
#include "gate/iam_catalogue.h"
#include "gate/iam_checks.h"
#include "gate/iam_effective.h"
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
    {"aws_ssoadmin_permission_set_inline_policy", "inline_policy", DocKind::kIdentity, false, false},
    {"aws_s3_bucket_policy", "policy", DocKind::kResource, false, false},
    {"aws_s3_bucket", "policy", DocKind::kResource, false, true},
    {"aws_kms_key", "policy", DocKind::kResource, false, true},
    {"aws_kms_key_policy", "policy", DocKind::kResource, false, false},
    {"aws_sns_topic", "policy", DocKind::kResource, false, true},
    {"aws_sns_topic_policy", "policy", DocKind::kResource, false, false},
    {"aws_sqs_queue", "policy", DocKind::kResource, false, true},
    {"aws_sqs_queue_policy", "policy", DocKind::kResource, false, false},
    {"aws_secretsmanager_secret", "policy", DocKind::kResource, false, true},
    {"aws_secretsmanager_secret_policy", "policy", DocKind::kResource, false, false},
    {"aws_ecr_repository_policy", "policy", DocKind::kResource, false, false},
};

// Where policies are granted by ARN: a string attribute or a set of them.
struct ArnLocation {
  const char* type;
  const char* attribute;
  bool list;
};

constexpr ArnLocation kArnLocations[] = {
    {"aws_iam_role_policy_attachment", "policy_arn", false},
    {"aws_iam_user_policy_attachment", "policy_arn", false},
    {"aws_iam_group_policy_attachment", "policy_arn", false},
    {"aws_iam_policy_attachment", "policy_arn", false},
    {"aws_ssoadmin_managed_policy_attachment", "managed_policy_arn", false},
    {"aws_iam_role", "managed_policy_arns", true},
    {"aws_iam_role_policy_attachments_exclusive", "policy_arns", true},
    {"aws_iam_user_policy_attachments_exclusive", "policy_arns", true},
    {"aws_iam_group_policy_attachments_exclusive", "policy_arns", true},
};

constexpr const char* kPolicyDocumentType = "aws_iam_policy_document";

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
  std::string sensitive_where;  // the attribute the sensitivity mask is read at (default: where)
  DocKind kind = DocKind::kIdentity;
  bool managed = false;
  bool unknown = false;
  bool sensitive = false;  // marked sensitive: findings must not quote its content
  std::string text;                       // as written (empty for converted blocks)
  std::optional<iam::PolicyDocument> doc;  // when it parses
  std::optional<iam::PolicyDocument> effective;  // its effective permissions
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

// `address` without instance keys: module.a["x"].data.t.n[0] -> module.a.data.t.n
std::string without_keys(std::string_view address) {
  std::string out;
  bool in_key = false, in_string = false, escaped = false;
  for (const char c : address) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (in_key) {
      if (c == '"') {
        in_string = true;
      } else if (c == ']') {
        in_key = false;
      }
    } else if (c == '[') {
      in_key = true;
    } else {
      out += c;
    }
  }
  return out;
}

// True when the mirror holds `true` at `key` or anywhere inside it.
bool contains_true(const json& node) {
  if (node.is_boolean()) {
    return node.get<bool>();
  }
  if (node.is_structured()) {
    return std::any_of(node.begin(), node.end(), [](const json& child) { return contains_true(child); });
  }
  return false;
}

bool any_unknown(const json* after_unknown, const char* key) {
  return after_unknown != nullptr && after_unknown->is_object() && after_unknown->contains(key) &&
         contains_true((*after_unknown)[key]);
}

// The statements of a policy document given as JSON text (object or list), or why not.
std::optional<std::string> statements_of(const json& text, json& out) {
  if (!text.is_string()) {
    return "is not a string";
  }
  const std::string& s = text.get_ref<const std::string&>();
  if (s.empty()) {
    return std::nullopt;
  }
  const json doc = json::parse(s, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("Statement")) {
    return "is not a policy document";
  }
  const json& st = doc["Statement"];
  if (st.is_object()) {
    out.push_back(st);
  } else if (st.is_array()) {
    for (const json& one : st) {
      out.push_back(one);
    }
  } else {
    return "has no statements";
  }
  return std::nullopt;
}

// Adds `statement`, replacing the statement with the same Sid (Terraform's override rule).
void merge_statement(json& statements, const json& statement) {
  const json sid = statement.is_object() ? statement.value("Sid", json()) : json();
  if (sid.is_string() && !sid.get_ref<const std::string&>().empty()) {
    for (json& existing : statements) {
      if (existing.is_object() && existing.value("Sid", json()) == sid) {
        existing = statement;
        return;
      }
    }
  }
  statements.push_back(statement);
}

// The document an aws_iam_policy_document builds: its `json` when known; otherwise its source
// documents, statement blocks and override documents merged as Terraform merges them, when all
// of them are known.
Document data_source_document(const json& after, const json* after_unknown) {
  Document d;
  d.where = "json";
  if (after.contains("json") && after["json"].is_string() && !unknown_at(after_unknown, "json")) {
    d.text = after["json"].get<std::string>();
    parse_into(d);
    return d;
  }
  if (any_unknown(after_unknown, "statement") || any_unknown(after_unknown, "source_policy_documents") ||
      any_unknown(after_unknown, "override_policy_documents")) {
    d.unknown = true;
    return d;
  }
  json statements = json::array();
  bool merged = false;
  const auto add_documents = [&](const char* key, bool replace) -> bool {
    const json list = after.value(key, json::array());
    for (std::size_t i = 0; list.is_array() && i < list.size(); ++i) {
      json parsed = json::array();
      if (auto problem = statements_of(list[i], parsed)) {
        d.where = fmt::format("{}[{}]", key, i);
        d.invalid = "the document " + *problem;
        return false;
      }
      merged = true;
      for (const json& st : parsed) {
        if (replace) {
          merge_statement(statements, st);
        } else {
          statements.push_back(st);
        }
      }
    }
    return true;
  };
  if (!add_documents("source_policy_documents", false)) {
    return d;
  }
  if (auto blocks = document_from_blocks(after)) {
    for (const json& st : (*blocks)["Statement"]) {
      merge_statement(statements, st);
    }
  }
  if (!add_documents("override_policy_documents", true)) {
    return d;
  }
  d.where = merged ? "statement blocks with source and override documents" : "statement blocks";
  auto parsed = iam::parse_policy_json(json{{"Version", "2012-10-17"}, {"Statement", statements}});
  if (parsed) {
    d.doc = std::move(*parsed);
  } else {
    d.invalid = parsed.error().front().message;
  }
  return d;
}

// aws_lambda_permission as the resource-policy statement AWS adds for it.
Document lambda_permission_document(const json& after, const json* after_unknown) {
  Document d;
  d.where = "permission";
  d.kind = DocKind::kResource;
  const auto text = [&](const char* key) -> std::string {
    if (unknown_at(after_unknown, key)) {
      return "(known after apply)";
    }
    const json v = after.value(key, json());
    return v.is_string() ? v.get<std::string>() : "";
  };
  const std::string principal = text("principal");
  if (principal.empty() || principal == "(known after apply)") {
    d.unknown = principal == "(known after apply)";
    d.invalid = d.unknown ? "" : "the permission names no principal";
    return d;
  }
  json st = {{"Effect", "Allow"}, {"Action", text("action").empty() ? "lambda:InvokeFunction" : text("action")},
             {"Resource", "*"}};
  if (principal == "*") {
    st["Principal"] = "*";
  } else if (principal.find(".amazonaws.com") != std::string::npos) {
    st["Principal"] = {{"Service", principal}};
  } else {
    st["Principal"] = {{"AWS", principal}};
  }
  json condition = json::object();
  const auto add = [&](const char* key, const char* op, const char* condition_key) {
    std::string value = text(key);
    if (value == "(known after apply)") {
      // A reference to a resource of the plan: a specific one, known after apply.
      value = "arn:aws:plan:::known-after-apply";
    }
    if (!value.empty()) {
      condition[op][condition_key] = value;
    }
  };
  add("source_arn", "ArnLike", "aws:SourceArn");
  add("source_account", "StringEquals", "aws:SourceAccount");
  add("principal_org_id", "StringEquals", "aws:PrincipalOrgID");
  add("function_url_auth_type", "StringEquals", "lambda:FunctionUrlAuthType");
  if (!condition.empty()) {
    st["Condition"] = condition;
  }
  auto parsed = iam::parse_policy_json(json{{"Version", "2012-10-17"}, {"Statement", json::array({st})}});
  if (parsed) {
    d.doc = std::move(*parsed);
  } else {
    d.invalid = parsed.error().front().message;
  }
  return d;
}

// The plan's aws_iam_policy_document data sources that a policy resource of their own module
// grants (addresses without instance keys), worked out once per evaluation.
struct PlanDocuments {
  bool any = false;  // the plan has aws_iam_policy_document data sources at all
  std::set<std::string> granted;
};

void collect_references(const json& expression, std::vector<std::string>& out) {
  if (expression.is_object()) {
    for (const auto& item : expression.items()) {
      if (item.key() == "references" && item.value().is_array()) {
        for (const json& ref : item.value()) {
          if (ref.is_string()) {
            out.push_back(ref.get<std::string>());
          }
        }
      } else {
        collect_references(item.value(), out);
      }
    }
  } else if (expression.is_array()) {
    for (const json& child : expression) {
      collect_references(child, out);
    }
  }
}

void walk_configuration(const json& module, const std::string& prefix, std::set<std::string>& granted) {
  if (!module.is_object()) {
    return;
  }
  constexpr std::string_view kData = "data.aws_iam_policy_document.";
  for (const json& r : module.value("resources", json::array())) {
    if (!r.is_object() || r.value("mode", "") != "managed" || !r.contains("expressions")) {
      continue;
    }
    const std::string type = r.value("type", "");
    for (const Location& l : kLocations) {
      if (type != l.type || !r["expressions"].contains(l.attribute)) {
        continue;
      }
      std::vector<std::string> refs;
      collect_references(r["expressions"][l.attribute], refs);
      if (type == "aws_iam_role" && r["expressions"].contains("inline_policy")) {
        collect_references(r["expressions"]["inline_policy"], refs);
      }
      for (const std::string& ref : refs) {
        if (ref.rfind(kData, 0) == 0) {
          const std::size_t end = ref.find_first_of(".[", kData.size());
          granted.insert(prefix + ref.substr(0, end));
        }
      }
    }
  }
  const json calls = module.value("module_calls", json::object());
  if (calls.is_object()) {
    for (const auto& call : calls.items()) {
      if (call.value().is_object() && call.value().contains("module")) {
        walk_configuration(call.value()["module"], prefix + "module." + call.key() + ".", granted);
      }
    }
  }
}

const PlanDocuments& plan_documents(EvalContext& context) {
  std::any& slot = context.plan_memo("iam_scope.documents");
  if (slot.type() != typeid(PlanDocuments)) {
    PlanDocuments p;
    const auto& changes = context.plan().resource_changes;
    p.any = context.prior_state_mentions(kPolicyDocumentType) ||
            std::any_of(changes.begin(), changes.end(), [](const ResourceChange& c) {
              return !c.managed && c.type == kPolicyDocumentType;
            });
    if (p.any) {
      const json* configuration = context.configuration();
      if (configuration != nullptr && configuration->is_object()) {
        walk_configuration(configuration->value("root_module", json::object()), "", p.granted);
      }
    }
    slot = std::move(p);
  }
  return std::any_cast<const PlanDocuments&>(slot);
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
    if (params_.check == Check::kAdminAttachment) {
      check_policy_arns(change, *after, after_unknown, context);
    }
    if (!carries_inline_documents(change)) {
      return;
    }
    if (!change.managed && change.type == kPolicyDocumentType &&
        plan_documents(context).granted.count(without_keys(change.address)) != 0) {
      return;  // judged on the resource that grants it
    }
    // Every iam_scope rule judges the same documents: parse them once per change.
    std::any& memo = context.memo(change);
    if (memo.type() != typeid(std::vector<Document>)) {
      std::vector<Document> docs = documents(change, *after, after_unknown, context);
      for (Document& d : docs) {
        d.sensitive = sensitive_at(*after_sensitive, d.sensitive_where.empty() ? d.where : d.sensitive_where);
        finish(d, context.plan().timestamp);
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
    if (!context.prior_state_mentions(kPolicyDocumentType)) {
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
  static bool carries_inline_documents(const ResourceChange& change) {
    if (change.type == kPolicyDocumentType || change.type == "aws_lambda_permission") {
      return true;
    }
    return std::any_of(std::begin(kLocations), std::end(kLocations),
                       [&](const Location& l) { return change.type == l.type; });
  }

  static bool carries_documents(const ResourceChange& change) {
    return carries_inline_documents(change) ||
           std::any_of(std::begin(kArnLocations), std::end(kArnLocations),
                       [&](const ArnLocation& l) { return change.type == l.type; });
  }

  static void finish(Document& d, const std::string& now) {
    if (d.doc) {
      if (d.where == "json" || d.where.rfind("statement blocks", 0) == 0) {
        d.kind = kind_of(*d.doc);
      }
      d.effective = iam::effective_permissions(*d.doc, now);
    }
  }

  void walk_module(const json& module, const std::string& pointer, EvalContext& context) const {
    const json resources = module.value("resources", json::array());
    for (std::size_t i = 0; i < resources.size(); ++i) {
      const json& r = resources[i];
      if (!r.is_object() || r.value("mode", "") != "data" ||
          r.value("type", "") != kPolicyDocumentType) {
        continue;
      }
      const std::string address = r.value("address", "");
      if (plan_documents(context).granted.count(without_keys(address)) != 0) {
        continue;  // judged on the resource that grants it
      }
      const json values = r.value("values", json::object());
      Document d = data_source_document(values, nullptr);
      finish(d, context.plan().timestamp);
      judge(d, address, nullptr, pointer + "/resources/" + std::to_string(i), context);
    }
    const json children = module.value("child_modules", json::array());
    for (std::size_t i = 0; i < children.size(); ++i) {
      walk_module(children[i], pointer + "/child_modules/" + std::to_string(i), context);
    }
  }

  // The data source `attribute` of `change` is built by, as "data.aws_iam_policy_document.x"
  // with its module address; "" when it is not built by one.
  static std::string source_of(const ResourceChange& change, const char* attribute, EvalContext& context) {
    if (!plan_documents(context).any) {
      return {};
    }
    const json* configuration = context.configuration();
    if (configuration == nullptr) {
      return {};
    }
    auto ref = detail::configured_reference(*configuration, change, attribute);
    if (!ref || ref->find(std::string("data.") + kPolicyDocumentType + ".") == std::string::npos) {
      return {};
    }
    return ref->substr(4);  // without "ref:"
  }

  // The document the data source `source` builds, from its change read during apply.
  static std::optional<Document> document_from_source(const std::string& source, EvalContext& context) {
    const std::string wanted = without_keys(source);
    for (const ResourceChange& c : context.plan().resource_changes) {
      if (c.managed || c.type != kPolicyDocumentType || without_keys(c.address) != wanted) {
        continue;
      }
      auto after = context.plan().materialise(c.after);
      auto unknown = context.plan().materialise(c.after_unknown);
      if (!after || !unknown) {
        return std::nullopt;
      }
      Document d = data_source_document(*after, &*unknown);
      if (d.unknown) {
        return std::nullopt;
      }
      return d;
    }
    return std::nullopt;
  }

  std::vector<Document> documents(const ResourceChange& change, const json& after,
                                  const json* after_unknown, EvalContext& context) const {
    std::vector<Document> out;
    if (change.type == kPolicyDocumentType) {
      out.push_back(data_source_document(after, after_unknown));
      return out;
    }
    if (change.type == "aws_lambda_permission") {
      out.push_back(lambda_permission_document(after, after_unknown));
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
      const std::string source = source_of(change, l.attribute, context);
      if (unknown_at(after_unknown, l.attribute)) {
        const json* configuration = context.configuration();
        if (l.optional && (configuration == nullptr ||
                           !is_configured(*configuration, change, l.attribute))) {
          continue;  // computed by AWS, not written in the code
        }
        // Built by a data source read during apply: judge what the data source builds.
        std::optional<Document> built;
        if (!source.empty()) {
          built = document_from_source(source, context);
        }
        if (built) {
          built->sensitive_where = l.attribute;
          built->where = fmt::format("{} (built by {} from its {})", l.attribute, source, built->where);
          built->kind = l.kind;
          built->managed = l.managed;
          d = std::move(*built);
        } else {
          d.unknown = true;
        }
      } else if (!present) {
        continue;
      } else {
        d.text = after[l.attribute].get<std::string>();
        parse_into(d);
        if (!source.empty()) {
          d.sensitive_where = l.attribute;
          d.where = fmt::format("{} (built by {})", l.attribute, source);
        }
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

  // Policies granted by ARN: the AWS managed policies of the shipped table are judged like a
  // written document; the ARNs of `admin_policy_arns` are administrators by definition.
  void check_policy_arns(const ResourceChange& change, const json& after, const json* after_unknown,
                         EvalContext& context) const {
    for (const ArnLocation& l : kArnLocations) {
      if (change.type != l.type || unknown_at(after_unknown, l.attribute)) {
        continue;
      }
      std::vector<std::string> arns;
      const json value = after.value(l.attribute, json());
      if (value.is_string()) {
        arns.push_back(value.get<std::string>());
      } else if (value.is_array()) {
        for (const json& v : value) {
          if (v.is_string()) {
            arns.push_back(v.get<std::string>());
          }
        }
      }
      const std::string prefix = l.list ? fmt::format("{}: ", l.attribute) : "";
      for (const std::string& arn : arns) {
        judge_policy_arn(change, prefix, arn, context);
      }
    }
  }

  void judge_policy_arn(const ResourceChange& change, const std::string& prefix, const std::string& arn,
                        EvalContext& context) const {
    const iam::ManagedPolicy* managed = iam::find_managed_policy(arn);
    const bool listed = std::find(params_.admin_policy_arns.begin(), params_.admin_policy_arns.end(),
                                  arn) != params_.admin_policy_arns.end();
    if (managed == nullptr) {
      if (listed) {
        context.report(*this, &change,
                       fmt::format("{}attaches the AWS-managed policy {}, which allows every action "
                                   "on every resource",
                                   prefix, arn));
      }
      return;
    }
    const iam::PolicyDocument effective =
        iam::effective_permissions(managed->document, context.plan().timestamp);
    std::vector<iam::Issue> issues = iam::check_admin_wildcard(effective);
    if (issues.size() == 1 && issues[0].subject == "*" && managed->document.statements.size() == 1) {
      context.report(*this, &change,
                     fmt::format("{}attaches the AWS-managed policy {}, which allows every action "
                                 "on every resource",
                                 prefix, arn));
      return;
    }
    for (auto&& more : {iam::check_pass_role_star(effective),
                        iam::check_privilege_escalation(effective, iam::default_escalation_paths(),
                                                        params_.accounts)}) {
      issues.insert(issues.end(), more.begin(), more.end());
    }
    if (issues.empty() && listed) {
      issues.push_back({"", arn, "it is listed as an administrator policy"});
    }
    std::string reasons;
    for (const iam::Issue& issue : issues) {
      reasons += (reasons.empty() ? "" : "; ") + issue.message;
    }
    if (!reasons.empty()) {
      context.report(*this, &change,
                     fmt::format("{}attaches the AWS-managed policy {}, which grants administration "
                                 "or control over IAM: {}",
                                 prefix, arn, reasons));
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
    // What the document grants once its own Denies are taken away.
    const iam::PolicyDocument& granted = d.effective ? *d.effective : doc;
    const std::string& now = context.plan().timestamp;
    std::vector<iam::Issue> issues;
    const bool identity = d.kind == DocKind::kIdentity;
    const bool trust_or_resource = !identity;
    switch (params_.check) {
      case Check::kAdminWildcard:
        if (identity) issues = iam::check_admin_wildcard(granted);
        break;
      case Check::kServiceWildcard:
        if (identity) issues = iam::check_service_wildcard(granted);
        break;
      case Check::kNotActionAllow:
        if (identity) issues = iam::check_not_action_allow(granted);
        break;
      case Check::kPassRoleStar:
        if (identity) issues = iam::check_pass_role_star(granted);
        break;
      case Check::kPrivilegeEscalation:
        if (identity) {
          issues = iam::check_privilege_escalation(granted, iam::default_escalation_paths(),
                                                   params_.accounts);
        }
        break;
      case Check::kAssumeRoleScope:
        if (identity) issues = iam::check_assume_role_scope(granted, params_.accounts);
        break;
      case Check::kMfaPattern:
        issues = iam::check_mfa_pattern(doc);
        break;
      case Check::kWildcardPrincipal:
        if (trust_or_resource) issues = iam::check_wildcard_principal(doc, now);
        break;
      case Check::kOidcTrust:
        if (d.kind == DocKind::kTrust) issues = iam::check_oidc_trust(doc, params_.oidc);
        break;
      case Check::kTrustedAccounts:
        if (trust_or_resource) issues = iam::check_trusted_accounts(doc, params_.accounts);
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
