// Loading policy files: parse (comments allowed), check every member against the format,
// resolve platform references and inheritance, compile rules and waivers, and compute digests.
// Every problem of every file is collected before anything is returned.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "gate/canonical_json.h"
#include "gate/digest.h"
#include "gate/policy.h"
#include "policy/checker.h"
#include "policy/jsonc.h"
#include "policy/policy_lint.h"
#include "policy/policy_set_data.h"
#include "rules/rule.h"
#include "util/edit_distance.h"
#include "util/text_position.h"

namespace gate {
namespace detail {
namespace {

constexpr std::string_view kPlatformName = "platform";
constexpr int kFormatVersion = 1;

const std::vector<std::string_view> kFileKeys = {"$schema", "description", "extends", "default",
                                                 "rules",   "disable",     "waivers"};
const std::vector<std::string_view> kCommonRuleKeys = {
    "id", "title", "kind", "enforcement", "description", "help", "match", "environments"};
const std::vector<std::string_view> kDisableKeys = {"rule", "reason"};
const std::vector<std::string_view> kWaiverKeys = {"rule", "address", "reason", "owner",
                                                   "expires"};
const std::vector<std::string_view> kEnforcementNames = {"advisory", "soft-mandatory",
                                                         "hard-mandatory"};

// A rule as declared by one file, with its resolved JSON (for the digest) and location.
struct OwnRule {
  std::shared_ptr<const Rule> rule;
  nlohmann::json resolved;
  std::string pointer;
  std::optional<std::vector<std::string>> environments;  // rule-level scoping, when given
  std::vector<std::string> resolved_in;  // environments in which this declaration is the rule
  bool active = false;                   // in force (not disabled, not scoped out) somewhere
};

// An entry of a file's `disable` list.
struct OwnDisable {
  DisabledRule disabled;
  std::string pointer;
};

// A waiver as declared by one file.
struct OwnWaiver {
  CompiledWaiver compiled;
  nlohmann::json resolved;
  std::string pointer;
};

// One source file and what was read from it.
struct SourceFile {
  std::string path;
  std::string name;  // environment name (file stem)
  std::string text;
  JsoncDocument doc;
  bool usable = false;  // parsed into a value
  std::unique_ptr<Checker> checker;

  std::optional<std::string> extends;
  std::optional<bool> default_deny;
  std::map<std::string, OwnRule> rules;  // by id
  bool rule_failed = false;              // a rule did not compile (its id may be missing)
  std::vector<OwnWaiver> waivers;
  std::vector<OwnDisable> disabled;
};

std::string stem_of(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

// Policy files are JSON with comments, named `.json` or `.jsonc`.
bool is_policy_extension(const std::filesystem::path& path) {
  return path.extension() == ".json" || path.extension() == ".jsonc";
}

bool valid_environment_name(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool valid_rule_id(const std::string& id) {
  static const RE2 pattern("[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)*-[0-9]{3}");
  return RE2::FullMatch(id, pattern);
}

Diagnostic located(const SourceFile& file, const LineIndex& lines, std::string code,
                   std::string message, std::size_t offset, std::string pointer) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.location.file = file.path;
  std::tie(d.location.line, d.location.column) = lines.position(offset);
  d.location.json_pointer = std::move(pointer);
  return d;
}

// Parses a file's text, reporting syntax problems.
void parse_file(SourceFile& file, const PolicyLoadOptions& options, Diagnostics& out) {
  if (file.text.size() > options.max_file_bytes) {
    out.push_back(make_diagnostic("policy.too-large",
                                  fmt::format("the file is larger than the limit of {} bytes",
                                              options.max_file_bytes),
                                  file.path));
    return;
  }
  file.doc = parse_jsonc(file.text, options.max_depth);
  if (!file.doc.problems.empty() || file.doc.fatal) {
    const LineIndex lines(file.text);
    for (const JsoncProblem& p : file.doc.problems) {
      out.push_back(located(file, lines, "policy." + p.kind, p.message, p.offset, p.pointer));
    }
    if (file.doc.fatal) {
      const JsoncProblem& p = *file.doc.fatal;
      out.push_back(located(file, lines, "policy." + p.kind, p.message, p.offset, p.pointer));
      return;
    }
  }
  file.usable = true;
}

// Reports platform references inside platform.json itself.
void reject_nested_refs(const nlohmann::json& node, const std::string& pointer, Checker& checker) {
  if (Checker::is_platform_ref(node)) {
    checker.error("bad-value", "platform values cannot refer to other platform values", pointer);
    return;
  }
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      reject_nested_refs(value, child_pointer(pointer, key), checker);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      reject_nested_refs(node[i], child_pointer(pointer, i), checker);
    }
  }
}

Platform read_platform(SourceFile& file, Diagnostics& out) {
  Platform broken;
  broken.set_broken();
  if (!file.usable) {
    return broken;
  }
  Checker checker(file.path, file.text, file.doc, "policy", nullptr, out);
  const nlohmann::json& root = file.doc.value;
  if (!root.is_object()) {
    checker.error("wrong-type",
                  fmt::format("expected the platform values (an object), found {}",
                              json_type_name(root)),
                  "");
    return broken;
  }
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [key, value] : root.items()) {
    if (key == "$schema" || key == "description") {
      continue;
    }
    reject_nested_refs(value, child_pointer("", key), checker);
    values[key] = value;
  }
  if (checker.errors() != 0) {
    return broken;
  }
  return Platform(std::move(values));
}

std::unique_ptr<Rule> read_rule(SourceFile& file, const nlohmann::json& node,
                                const std::string& pointer, std::string& id_out) {
  Checker& checker = *file.checker;
  const std::size_t errors = checker.errors();
  if (!node.is_object() || Checker::is_platform_ref(node)) {
    checker.object(node, pointer, kCommonRuleKeys, {}, "a rule");
    return nullptr;
  }
  const RuleKind* kind = nullptr;
  std::vector<std::string_view> names;
  for (const RuleKind* k : rule_kinds()) {
    names.push_back(k->name());
  }
  const auto kind_name = checker.string(node, "kind", pointer);
  if (kind_name) {
    kind = find_rule_kind(*kind_name);
    if (kind == nullptr) {
      checker.error("unknown-kind", fmt::format("unknown rule kind \"{}\"", *kind_name),
                    child_pointer(pointer, "kind"), {suggestion_note(*kind_name, names)});
    }
  }
  if (kind != nullptr) {
    std::vector<std::string_view> keys = kCommonRuleKeys;
    const std::vector<std::string_view> extra = kind->keys();
    keys.insert(keys.end(), extra.begin(), extra.end());
    std::vector<std::string_view> required = {"id", "title", "kind", "enforcement"};
    const std::vector<std::string_view> kind_required = kind->required_keys();
    required.insert(required.end(), kind_required.begin(), kind_required.end());
    checker.object(node, pointer, keys, required,
                   fmt::format("a rule of kind {}", kind->name()));
  } else {
    // Without a known kind the valid members are unknown: check only the common ones.
    for (std::string_view key : {"id", "title", "kind", "enforcement"}) {
      if (!node.contains(std::string(key))) {
        checker.error("missing-key", fmt::format("a rule needs the member \"{}\"", key),
                      pointer);
      }
    }
  }

  RuleInfo info;
  info.location = checker.locate(pointer);
  info.kind = kind_name.value_or("");
  if (auto id = checker.string(node, "id", pointer)) {
    if (!valid_rule_id(*id)) {
      checker.error("bad-id",
                    fmt::format("rule id \"{}\" is not of the form ABC-123 (upper-case letters and "
                                "digits, a dash, three digits)",
                                *id),
                    child_pointer(pointer, "id"));
    } else {
      info.id = *id;
      id_out = *id;
    }
  }
  info.title = checker.text(node, "title", pointer).value_or("");
  if (auto level = checker.choice(node, "enforcement", pointer, kEnforcementNames,
                                  "bad-enforcement", "enforcement level")) {
    info.enforcement = *parse_enforcement(*level);
  }
  info.description = checker.string(node, "description", pointer).value_or("");
  info.help = checker.string(node, "help", pointer).value_or("");
  Selector match;
  if (const auto it = node.find("match"); it != node.end()) {
    const std::string p = child_pointer(pointer, "match");
    if (checker.object(*it, p, Selector::keys(), {}, "a match")) {
      match = Selector::read(*it, p, checker);
    }
  }
  if (kind == nullptr) {
    return nullptr;
  }
  std::unique_ptr<Rule> rule = kind->compile(std::move(info), std::move(match), node, pointer,
                                             checker);
  if (checker.errors() != errors) {
    return nullptr;
  }
  return rule;
}

void read_waiver(SourceFile& file, const nlohmann::json& node, const std::string& pointer) {
  Checker& checker = *file.checker;
  const std::size_t errors = checker.errors();
  if (!checker.object(node, pointer, kWaiverKeys, kWaiverKeys, "a waiver")) {
    return;
  }
  CompiledWaiver w;
  w.waiver.location = checker.locate(pointer);
  w.waiver.rule = checker.text(node, "rule", pointer).value_or("");
  if (auto address = checker.text(node, "address", pointer)) {
    w.waiver.address = *address;
    w.address = checker.regex(*address, child_pointer(pointer, "address"));
  }
  w.waiver.reason = checker.text(node, "reason", pointer).value_or("");
  w.waiver.owner = checker.text(node, "owner", pointer).value_or("");
  if (auto expires = checker.string(node, "expires", pointer)) {
    if (auto date = parse_date(*expires)) {
      w.waiver.expires = *date;
    } else {
      checker.error("bad-date",
                    fmt::format("\"{}\" is not a calendar date written YYYY-MM-DD", *expires),
                    child_pointer(pointer, "expires"));
    }
  }
  if (checker.errors() != errors) {
    return;
  }
  file.waivers.push_back(OwnWaiver{std::move(w), checker.substitute(node), pointer});
}

void read_disable(SourceFile& file, const nlohmann::json& node, const std::string& pointer) {
  Checker& checker = *file.checker;
  if (!checker.object(node, pointer, kDisableKeys, {}, "a disabled rule")) {
    return;
  }
  OwnDisable d;
  d.pointer = pointer;
  d.disabled.location = checker.locate(pointer);
  bool ok = true;
  for (std::string_view key : kDisableKeys) {
    if (!node.contains(std::string(key))) {
      checker.error("missing-key",
                    key == "reason"
                        ? std::string("a disabled rule needs a \"reason\": say why the rule does "
                                      "not apply in this environment")
                        : std::string("a disabled rule needs the member \"rule\" (its id)"),
                    pointer);
      ok = false;
    }
  }
  const auto rule = checker.text(node, "rule", pointer);
  const auto reason = checker.text(node, "reason", pointer);
  if (!ok || !rule || !reason) {
    return;
  }
  d.disabled.rule = *rule;
  d.disabled.reason = *reason;
  file.disabled.push_back(std::move(d));
}

void read_environment_file(SourceFile& file, bool lint) {
  Checker& checker = *file.checker;
  const nlohmann::json& root = file.doc.value;
  if (!checker.object(root, "", kFileKeys, {}, "a policy file")) {
    return;
  }
  file.extends = checker.text(root, "extends", "");
  if (auto d = checker.choice(root, "default", "", {"allow", "deny"}, "bad-value",
                              "default (expected \"allow\" or \"deny\")")) {
    file.default_deny = *d == "deny";
  }
  checker.string(root, "description", "");
  checker.string(root, "$schema", "");
  const auto rules = root.find("rules");
  if (rules == root.end()) {
    if (!file.extends) {
      checker.error("missing-key", "a policy file needs \"rules\" (or \"extends\")", "");
    }
  } else if (!rules->is_array()) {
    checker.error("wrong-type",
                  fmt::format("expected an array of rules, found {}", json_type_name(*rules)),
                  "/rules");
  } else {
    if (rules->empty() && !file.extends) {
      checker.error("bad-value", "\"rules\" is empty: the environment would pass every plan",
                    "/rules");
    }
    std::map<std::string, std::string> first_seen;  // id -> pointer
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const std::string pointer = child_pointer("/rules", i);
      std::string id;
      std::unique_ptr<Rule> rule = read_rule(file, (*rules)[i], pointer, id);
      if (!id.empty()) {
        if (auto seen = first_seen.find(id); seen != first_seen.end()) {
          const Location first = checker.locate(seen->second);
          checker.error("duplicate-id", fmt::format("rule id \"{}\" is declared twice", id),
                        child_pointer(pointer, "id"),
                        {fmt::format("first declared at {}:{}", first.line, first.column)});
          continue;
        }
        first_seen[id] = child_pointer(pointer, "id");
      }
      if (!rule) {
        file.rule_failed = true;
      } else {
        if (lint) {
          lint_rule(*rule, (*rules)[i], pointer, checker);
        }
        OwnRule own{std::shared_ptr<const Rule>(std::move(rule)),
                    checker.substitute((*rules)[i]), pointer, std::nullopt, {}, false};
        if ((*rules)[i].contains("environments")) {
          own.environments = checker.strings((*rules)[i], "environments", pointer);
          if (!own.environments) {
            file.rule_failed = true;
            continue;
          }
        }
        file.rules[id] = std::move(own);
      }
    }
  }
  if (const auto disable = root.find("disable"); disable != root.end()) {
    if (!disable->is_array()) {
      checker.error("wrong-type",
                    fmt::format("expected an array of disabled rules ({{\"rule\", \"reason\"}}), "
                                "found {}",
                                json_type_name(*disable)),
                    "/disable");
    } else {
      for (std::size_t i = 0; i < disable->size(); ++i) {
        read_disable(file, (*disable)[i], child_pointer("/disable", i));
      }
    }
  }
  if (const auto waivers = root.find("waivers"); waivers != root.end()) {
    if (!waivers->is_array()) {
      checker.error("wrong-type",
                    fmt::format("expected an array of waivers, found {}", json_type_name(*waivers)),
                    "/waivers");
    } else {
      for (std::size_t i = 0; i < waivers->size(); ++i) {
        read_waiver(file, (*waivers)[i], child_pointer("/waivers", i));
      }
    }
  }
}

// The chain of files from the root ancestor down to `file`, or nullopt when the chain is broken
// (a missing parent or a cycle; reported by the file where it happens).
std::optional<std::vector<SourceFile*>> ancestry(SourceFile& file,
                                                 std::map<std::string, SourceFile*>& by_name) {
  std::vector<SourceFile*> chain = {&file};
  std::set<std::string> seen = {file.name};
  SourceFile* at = &file;
  while (at->extends) {
    const auto parent = by_name.find(*at->extends);
    if (parent == by_name.end()) {
      return std::nullopt;
    }
    if (!seen.insert(parent->second->name).second) {
      return std::nullopt;
    }
    at = parent->second;
    chain.push_back(at);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void check_extends(SourceFile& file, std::map<std::string, SourceFile*>& by_name) {
  if (!file.extends) {
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& [name, f] : by_name) {
    if (name != file.name) {
      names.push_back(name);
    }
  }
  const auto parent = by_name.find(*file.extends);
  if (parent == by_name.end()) {
    std::vector<std::string> notes = {suggestion_note(*file.extends, names)};
    if (*file.extends == kPlatformName) {
      notes = {"platform.json holds platform values, not rules"};
    }
    file.checker->error("missing-parent",
                        fmt::format("'{}' extends \"{}\", which is not an environment here",
                                    file.name, *file.extends),
                        "/extends", std::move(notes));
    return;
  }
  // Is this file on a cycle?
  std::vector<std::string> path = {file.name};
  SourceFile* at = parent->second;
  std::set<std::string> seen;
  while (true) {
    path.push_back(at->name);
    if (at == &file) {
      file.checker->error("extends-cycle",
                          fmt::format("'{}' extends itself: {}", file.name,
                                      fmt::join(path, " -> ")),
                          "/extends");
      return;
    }
    if (!at->extends || !seen.insert(at->name).second) {
      return;
    }
    const auto next = by_name.find(*at->extends);
    if (next == by_name.end()) {
      return;
    }
    at = next->second;
  }
}

// Builds the resolved environment of `file` from its ancestry.
std::optional<Environment> build_environment(SourceFile& file,
                                             const std::vector<SourceFile*>& chain) {
  Checker& checker = *file.checker;
  const std::size_t errors = checker.errors();
  Environment env;
  env.name = file.name;
  env.parent = file.extends.value_or("");
  // Checks that depend on the whole rule list are left out while a rule of the chain is broken:
  // their findings would only echo that problem.
  bool complete = true;
  std::map<std::string, OwnRule*> declared;
  for (SourceFile* f : chain) {
    complete = complete && !f->rule_failed;
    for (auto& [id, rule] : f->rules) {
      declared[id] = &rule;
    }
    if (f->default_deny) {
      env.default_deny = *f->default_deny;
    }
  }
  // Rule-level `environments` and the file's `disable` list take rules out of this one.
  std::map<std::string, const OwnRule*> rules;
  for (auto& [id, rule] : declared) {
    rule->resolved_in.push_back(file.name);
    const auto& only = rule->environments;
    if (!only || std::find(only->begin(), only->end(), file.name) != only->end()) {
      rules[id] = rule;
    }
  }
  std::vector<std::string_view> declared_ids;
  declared_ids.reserve(declared.size());
  for (const auto& [id, rule] : declared) {
    declared_ids.push_back(id);
  }
  nlohmann::json disabled = nlohmann::json::array();
  for (const OwnDisable& d : file.disabled) {
    const std::string& id = d.disabled.rule;
    const std::string rule_pointer = child_pointer(d.pointer, "rule");
    if (declared.count(id) == 0) {
      if (complete) {
        checker.error("disable-unknown-rule",
                      fmt::format("\"disable\" names rule \"{}\", which '{}' does not have", id,
                                  file.name),
                      rule_pointer, {suggestion_note(id, declared_ids)});
      }
      continue;
    }
    if (std::any_of(env.disabled.begin(), env.disabled.end(),
                    [&](const DisabledRule& seen) { return seen.rule == id; })) {
      checker.error("duplicate-id", fmt::format("rule \"{}\" is disabled twice", id),
                    rule_pointer);
      continue;
    }
    rules.erase(id);
    env.disabled.push_back(d.disabled);
    disabled.push_back({{"rule", id}, {"reason", d.disabled.reason}});
  }
  for (auto& [id, rule] : rules) {
    declared[id]->active = true;
  }
  std::vector<std::string_view> ids;
  for (const auto& [id, rule] : rules) {
    env.rules.push_back(rule->rule);
    ids.push_back(id);
  }
  nlohmann::json waivers = nlohmann::json::array();
  for (const OwnWaiver& w : file.waivers) {
    const auto it = rules.find(w.compiled.waiver.rule);
    const std::string rule_pointer = child_pointer(w.pointer, "rule");
    if (it == rules.end()) {
      if (!complete) {
        continue;
      }
      checker.error("waiver-unknown-rule",
                    fmt::format("the waiver names rule \"{}\", which '{}' does not have",
                                w.compiled.waiver.rule, file.name),
                    rule_pointer, {suggestion_note(w.compiled.waiver.rule, ids)});
      continue;
    }
    if (it->second->rule->info().enforcement == Enforcement::kHardMandatory) {
      checker.error("waiver-hard-mandatory",
                    fmt::format("rule {} is hard-mandatory and cannot be waived",
                                w.compiled.waiver.rule),
                    rule_pointer,
                    {"make the rule soft-mandatory in this environment to allow waivers"});
      continue;
    }
    env.waivers.push_back(w.compiled);
    waivers.push_back(w.resolved);
  }
  std::vector<std::string> problems;
  for (const auto& rule : env.rules) {
    rule->prepare(env, problems);
  }
  if (env.default_deny && env.allowlist_rules == 0 && complete) {
    problems.push_back(fmt::format(
        "the default of '{}' is \"deny\" but it has no allowlist rule to say what is allowed",
        file.name));
  }
  for (std::string& p : problems) {
    checker.error("default-deny", std::move(p),
                  file.doc.value.contains("default") ? "/default" : "");
  }
  if (checker.errors() != errors) {
    return std::nullopt;
  }
  for (const auto& rule : env.rules) {
    const ActionMask mask = rule->inspects(env) & rule->match().actions();
    for (Action a : kAllActions) {
      if ((mask & action_bit(a)) != 0) {
        env.by_action[static_cast<std::size_t>(a)].push_back(rule.get());
      }
    }
  }
  nlohmann::json resolved_rules = nlohmann::json::array();
  for (const auto& [id, rule] : rules) {
    resolved_rules.push_back(rule->resolved);
  }
  env.resolved = nlohmann::json::object();
  env.resolved["version"] = kFormatVersion;
  env.resolved["environment"] = env.name;
  env.resolved["default"] = env.default_deny ? "deny" : "allow";
  env.resolved["rules"] = std::move(resolved_rules);
  env.resolved["waivers"] = std::move(waivers);
  if (!disabled.empty()) {
    env.resolved["disabled"] = std::move(disabled);
  }
  return env;
}

// Every name a rule's `environments` lists must be an environment of the set.
void check_rule_environments(std::map<std::string, SourceFile*>& by_name) {
  std::vector<std::string_view> names;
  names.reserve(by_name.size());
  for (const auto& [name, file] : by_name) {
    names.push_back(name);
  }
  for (auto& [name, file] : by_name) {
    for (const auto& [id, rule] : file->rules) {
      if (!rule.environments) {
        continue;
      }
      for (std::size_t i = 0; i < rule.environments->size(); ++i) {
        const std::string& env = (*rule.environments)[i];
        if (by_name.count(env) == 0) {
          file->checker->error(
              "bad-value",
              fmt::format("rule {} lists environment \"{}\", which is not an environment here",
                          id, env),
              child_pointer(child_pointer(rule.pointer, "environments"), i),
              {suggestion_note(env, names)});
        }
      }
    }
  }
}

// Lint: a rule in force in no environment that has it (disabled or scoped out everywhere), and
// an `environments` entry naming an environment that does not have the rule.
void lint_scoping(std::map<std::string, SourceFile*>& by_name) {
  for (auto& [name, file] : by_name) {
    for (const auto& [id, rule] : file->rules) {
      if (!rule.resolved_in.empty() && !rule.active) {
        file->checker->error(
            "matches-nothing",
            fmt::format("rule {} is disabled or left out by \"environments\" in every "
                        "environment that has it ({}): it can never apply",
                        id, fmt::join(rule.resolved_in, ", ")),
            rule.pointer);
        continue;
      }
      if (!rule.environments) {
        continue;
      }
      for (std::size_t i = 0; i < rule.environments->size(); ++i) {
        const std::string& env = (*rule.environments)[i];
        if (by_name.count(env) != 0 && std::find(rule.resolved_in.begin(), rule.resolved_in.end(),
                                                 env) == rule.resolved_in.end()) {
          file->checker->error(
              "matches-nothing",
              fmt::format("rule {} lists environment \"{}\", which does not have this rule "
                          "(it has it only where '{}' is extended and the id not re-declared)",
                          id, env, file->name),
              child_pointer(child_pointer(rule.pointer, "environments"), i));
        }
      }
    }
  }
}

bool location_less(const Diagnostic& a, const Diagnostic& b) {
  if (a.location.file != b.location.file) {
    return a.location.file < b.location.file;
  }
  if (a.location.line != b.location.line) {
    return a.location.line < b.location.line;
  }
  return a.location.column < b.location.column;
}

// Loads every source into a PolicySet, or every problem found.
Expected<PolicySet> load_sources(const std::vector<PolicySource>& sources,
                                 const PolicyLoadOptions& options) {
  Diagnostics diags;
  std::vector<std::unique_ptr<SourceFile>> files;
  std::unique_ptr<SourceFile> platform_file;
  bool misnamed = false;
  for (const PolicySource& source : sources) {
    auto file = std::make_unique<SourceFile>();
    file->path = source.path;
    file->name = stem_of(source.path);
    file->text = source.text;
    parse_file(*file, options, diags);
    if (file->name == kPlatformName) {
      platform_file = std::move(file);
      continue;
    }
    if (!valid_environment_name(file->name)) {
      diags.push_back(make_diagnostic(
          "policy.bad-environment",
          fmt::format("\"{}\" is not an environment name: use lower-case letters, digits, '-' "
                      "and '_', starting with a letter",
                      file->name),
          file->path));
      misnamed = true;
      continue;
    }
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a->name < b->name; });
  if (files.empty() && !misnamed) {
    diags.push_back(make_diagnostic("policy.no-policies",
                                    "no policy files: a policy set needs at least one "
                                    "environment file such as prod.json"));
  }
  Platform platform;
  if (platform_file) {
    platform = read_platform(*platform_file, diags);
  }
  std::map<std::string, SourceFile*> by_name;
  for (auto& file : files) {
    if (!file->usable) {
      continue;
    }
    file->checker = std::make_unique<Checker>(file->path, file->text, file->doc, "policy",
                                              &platform, diags);
    read_environment_file(*file, options.lint);
    const auto [at, inserted] = by_name.emplace(file->name, file.get());
    if (!inserted) {
      file->checker->error("duplicate-environment",
                           fmt::format("environment '{}' is declared by two files", file->name),
                           "", {fmt::format("the other is {}", at->second->path)});
    }
  }
  check_rule_environments(by_name);
  for (auto& [name, file] : by_name) {
    check_extends(*file, by_name);
  }
  auto data = std::make_shared<PolicySetData>();
  nlohmann::json all = nlohmann::json::object();
  for (auto& [name, file] : by_name) {
    const auto chain = ancestry(*file, by_name);
    if (!chain) {
      continue;
    }
    std::optional<Environment> env = build_environment(*file, *chain);
    if (!env) {
      continue;
    }
    auto canonical = canonical_json(env->resolved);
    if (!canonical) {
      for (Diagnostic d : canonical.error()) {
        d.location.file = file->path;
        diags.push_back(std::move(d));
      }
      continue;
    }
    env->digest = digest_bytes(*canonical);
    all[name] = env->resolved;
    data->environments.emplace(name, std::move(*env));
  }
  if (options.lint) {
    lint_scoping(by_name);
  }
  if (!diags.empty()) {
    std::stable_sort(diags.begin(), diags.end(), location_less);
    return Unexpected{std::move(diags)};
  }
  nlohmann::json set = nlohmann::json::object();
  set["version"] = kFormatVersion;
  set["environments"] = std::move(all);
  auto canonical = canonical_json(set);
  if (!canonical) {
    return Unexpected{canonical.error()};
  }
  data->digest = digest_bytes(*canonical);
  return PolicySetAccess::make(std::move(data));
}

}  // namespace
}  // namespace detail

Expected<PolicySet> load_policies(const std::vector<PolicySource>& sources,
                                  const PolicyLoadOptions& options) {
  return detail::load_sources(sources, options);
}

Expected<PolicySet> load_policy_dir(const std::string& dir, const PolicyLoadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return Unexpected{make_diagnostic(
        "io.read", fmt::format("cannot read the policy directory: {}", ec.message()), dir)};
  }
  std::vector<fs::path> paths;
  for (const fs::directory_entry& entry : it) {
    std::error_code type_ec;
    // trust.json (which keys sign records for which environment) lives beside the policies
    // but is read by `tfgate verify`, not here.
    if (detail::is_policy_extension(entry.path()) && entry.path().stem() != "trust" &&
        entry.is_regular_file(type_ec)) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<PolicySource> sources;
  Diagnostics diags;
  for (const fs::path& path : paths) {
    const std::string shown = (fs::path(dir) / path.filename()).string();
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) {
      text << in.rdbuf();
    }
    if (!in || in.bad()) {
      diags.push_back(make_diagnostic("io.read", "cannot read the file", shown));
      continue;
    }
    sources.push_back(PolicySource{shown, text.str()});
  }
  if (!diags.empty()) {
    return Unexpected{std::move(diags)};
  }
  if (sources.empty()) {
    return Unexpected{make_diagnostic(
        "policy.no-policies",
        "no policy files: the directory holds no *.json environment file such as prod.json", dir)};
  }
  return load_policies(sources, options);
}

}  // namespace gate
