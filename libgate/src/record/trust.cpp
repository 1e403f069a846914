// The trust file: per-environment signing keys, approver requirements and promotion order.
#include "gate/trust.h"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gate/record.h"
#include "record/json_input.h"
#include "record/names.h"
#include "util/text_position.h"

namespace gate {
namespace {

using detail::JsonReader;

constexpr std::size_t kMaxTrustFileBytes = std::size_t{1} << 20;
constexpr std::uint64_t kMaxApprovers = 100;

// Reads one environment's object; stops at the first problem.
class EnvironmentReader {
 public:
  EnvironmentReader(JsonReader& in, const std::string& base_dir) : in_(in), base_dir_(base_dir) {}

  bool read(const std::string& name, const nlohmann::json& value, const std::string& at,
            EnvironmentTrust& out) {
    if (!in_.require_object(value, at, fmt::format("environment \"{}\"", name))) {
      return false;
    }
    static const std::set<std::string, std::less<>> kKnown = {
        "decision_keys", "approval_keys", "approvers_required", "approvers",
        "requires_previous", "requires_artifacts", "description"};
    for (const auto& item : value.items()) {
      if (kKnown.count(item.key()) == 0) {
        in_.fail("unknown-field",
                 fmt::format("unknown member \"{}\" (expected decision_keys, approval_keys, "
                             "approvers_required, approvers, requires_previous, requires_artifacts or "
                             "description)",
                             detail::excerpt(item.key())),
                 JsonReader::child(at, item.key()));
        return false;
      }
    }
    out.name = name;
    if (!keys(value, at, "decision_keys", out.decision_keys) ||
        !keys(value, at, "approval_keys", out.approval_keys)) {
      return false;
    }
    const auto required = in_.count(value, "approvers_required", at, kMaxApprovers);
    if (!required) {
      return false;
    }
    out.approvers_required = static_cast<std::size_t>(*required);
    if (out.approvers_required > 0 && out.approval_keys.empty()) {
      in_.fail("bad-value",
               fmt::format("approvers_required is {} but no approval key is trusted",
                           out.approvers_required),
               at + "/approval_keys");
      return false;
    }
    if (const nlohmann::json* list = in_.array(value, "approvers", at, false)) {
      std::map<std::string, std::string> seen;  // identity_key -> as written
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string where = JsonReader::child(at + "/approvers", i);
        const auto id = in_.as_string((*list)[i], where);
        if (!id) {
          return false;
        }
        if (!detail::valid_identity(*id)) {
          in_.fail("bad-value", "an approver id must be non-empty printable text", where);
          return false;
        }
        if (auto defect = identity_defect(*id)) {
          in_.fail("bad-value", fmt::format("approver id refused: {}", *defect), where);
          return false;
        }
        if (const auto [it, added] = seen.emplace(identity_key(*id), *id); !added) {
          in_.fail("bad-value",
                   it->second == *id
                       ? fmt::format("approver \"{}\" is listed twice", *id)
                       : fmt::format("approver \"{}\" is listed twice, as \"{}\" too "
                                     "(identities are compared trimmed and case-insensitively)",
                                     *id, it->second),
                   where);
          return false;
        }
        out.approvers.push_back(*id);
      }
      if (out.approvers.size() < out.approvers_required) {
        in_.fail("bad-value",
                 fmt::format("approvers_required is {} but the approvers list names only {}",
                             out.approvers_required, out.approvers.size()),
                 at + "/approvers");
        return false;
      }
    } else if (in_.failed()) {
      return false;
    }
    if (const auto previous = in_.string(value, "requires_previous", at, false)) {
      out.requires_previous = *previous;
    } else if (in_.failed()) {
      return false;
    }
    if (value.contains("requires_artifacts")) {
      const auto artifacts = in_.boolean(value, "requires_artifacts", at);
      if (!artifacts) {
        return false;
      }
      out.requires_artifacts = *artifacts;
    }
    if (!in_.string(value, "description", at, false) && in_.failed()) {
      return false;
    }
    return true;
  }

 private:
  bool keys(const nlohmann::json& env, const std::string& at, std::string_view member,
            std::vector<TrustedKey>& out) {
    const nlohmann::json* list = in_.array(env, member, at);
    if (list == nullptr) {
      return false;
    }
    const std::string list_at = JsonReader::child(at, member);
    if (member == "decision_keys" && list->empty()) {
      in_.fail("bad-value", "no decision key: nothing could ever verify", list_at);
      return false;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = JsonReader::child(list_at, i);
      const auto path = in_.as_string((*list)[i], where);
      if (!path) {
        return false;
      }
      if (path->empty()) {
        in_.fail("bad-value", "an empty key path", where);
        return false;
      }
      const std::filesystem::path file(*path);
      const std::string resolved =
          file.is_absolute() ? *path : (std::filesystem::path(base_dir_) / file).string();
      auto key = load_public_key(resolved);
      if (!key) {
        // Name the key as the trust file does, not by its resolved path.
        const Diagnostic& cause = key.error().front();
        std::string message = cause.message;
        const std::string unreadable = fmt::format("cannot read {}: ", resolved);
        if (cause.code == "io.read" && message.rfind(unreadable, 0) == 0) {
          message = fmt::format("{} cannot be read: {}", *path, message.substr(unreadable.size()));
        } else {
          message = fmt::format("{}: {}", *path, message);
        }
        in_.fail("bad-key", fmt::format("key {}", message), where);
        return false;
      }
      if (!seen.insert(key->key_id()).second) {
        in_.fail("bad-value", fmt::format("key {} is listed twice", *path), where);
        return false;
      }
      out.push_back(TrustedKey{*path, std::move(*key)});
    }
    return true;
  }

  JsonReader& in_;
  const std::string& base_dir_;
};

}  // namespace

const EnvironmentTrust* TrustPolicy::find(std::string_view environment) const {
  const auto it = environments.find(std::string(environment));
  return it == environments.end() ? nullptr : &it->second;
}

Expected<TrustPolicy> read_trust(std::string_view text, const std::string& source,
                                 const std::string& base_dir) {
  auto doc = detail::parse_json_document(text, source, "trust");
  if (!doc) {
    return Unexpected{doc.error()};
  }
  JsonReader in(source, "trust");
  const nlohmann::json& root = *doc;
  if (!in.require_object(root, "", "the trust file")) {
    return Unexpected{in.take()};
  }
  for (const auto& item : root.items()) {
    if (item.key() != "environments" && item.key() != "description" && item.key() != "$schema") {
      in.fail("unknown-field",
              fmt::format("unknown member \"{}\" (expected environments or description)",
                          detail::excerpt(item.key())),
              JsonReader::child("", item.key()));
      return Unexpected{in.take()};
    }
  }
  const nlohmann::json* environments = in.object(root, "environments", "");
  if (environments == nullptr) {
    return Unexpected{in.take()};
  }
  if (environments->empty()) {
    in.fail("bad-value", "no environments", "/environments");
    return Unexpected{in.take()};
  }
  TrustPolicy trust;
  trust.source = source;
  EnvironmentReader reader(in, base_dir);
  for (const auto& item : environments->items()) {
    const std::string at = JsonReader::child("/environments", item.key());
    if (!detail::valid_environment_name(item.key())) {
      in.fail("bad-value",
              fmt::format("\"{}\" is not an environment name (letters, digits, '.', '_', '-')",
                          detail::excerpt(item.key())),
              at);
      return Unexpected{in.take()};
    }
    EnvironmentTrust env;
    if (!reader.read(item.key(), item.value(), at, env)) {
      return Unexpected{in.take()};
    }
    trust.environments.emplace(item.key(), std::move(env));
  }
  for (const auto& [name, env] : trust.environments) {
    if (env.requires_previous.empty()) {
      continue;
    }
    const std::string at = JsonReader::child("/environments", name) + "/requires_previous";
    if (trust.find(env.requires_previous) == nullptr) {
      Diagnostic d = make_diagnostic(
          "trust.unknown-environment",
          fmt::format("{} requires previous environment \"{}\", which the trust file does not "
                      "name",
                      name, detail::excerpt(env.requires_previous)),
          source);
      d.location.json_pointer = at;
      return Unexpected{std::move(d)};
    }
  }
  for (const auto& [name, env] : trust.environments) {
    const std::string at = JsonReader::child("/environments", name) + "/requires_previous";
    // Follow the links; coming back to `name` is a cycle.
    std::string current = env.requires_previous;
    std::string path = name;
    for (std::size_t steps = 0; !current.empty(); ++steps) {
      path += " -> " + current;
      if (current == name || steps > trust.environments.size()) {
        Diagnostic d = make_diagnostic(
            "trust.cycle", fmt::format("requires_previous links form a cycle: {}", path), source);
        d.location.json_pointer = at;
        return Unexpected{std::move(d)};
      }
      current = trust.find(current)->requires_previous;
    }
  }
  return trust;
}

Expected<TrustPolicy> load_trust_file(const std::string& path) {
  auto text = detail::read_small_file(path, kMaxTrustFileBytes, "trust.syntax");
  if (!text) {
    return Unexpected{text.error()};
  }
  std::string base = std::filesystem::path(path).parent_path().string();
  return read_trust(*text, path, base.empty() ? "." : base);
}

const TrustedKey* find_signing_key(const Envelope& envelope, const std::vector<TrustedKey>& keys) {
  const std::string message = pae(envelope.payload_type, envelope.payload);
  for (const EnvelopeSignature& s : envelope.signatures) {
    for (const TrustedKey& k : keys) {
      if (k.key.verify(message, s.sig)) {
        return &k;
      }
    }
  }
  return nullptr;
}

}  // namespace gate
