// Reading the code a plan deploys from Lambda functions and layer versions.
#include "gate/deployed.h"

#include <algorithm>
#include <array>
#include <tuple>

#include <re2/re2.h>

#include "gate/dsse.h"

namespace gate {
namespace {

using json = nlohmann::json;

constexpr std::string_view kSensitive = "(sensitive)";

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// True when after_unknown marks the whole value of `name` unknown (`true`, not an object or
// array of markers).
bool marked(const json& unknown, const char* name) {
  if (!unknown.is_object()) {
    return false;
  }
  const auto it = unknown.find(name);
  return it != unknown.end() && it->is_boolean() && it->get<bool>();
}

// The planned value of one attribute: its text, kUnknownValue, kSensitive, or empty when unset.
std::string attribute(const json& after, const json& unknown, const json& sensitive,
                      const char* name) {
  if (marked(unknown, name)) {
    return std::string(kUnknownValue);
  }
  const auto it = after.find(name);
  if (it == after.end() || it->is_null()) {
    return {};
  }
  if (sensitive.is_object() && sensitive.contains(name) && sensitive[name] != false &&
      !sensitive[name].empty()) {
    return std::string(kSensitive);
  }
  return it->is_string() ? it->get<std::string>() : it->dump();
}

bool plain(const std::string& v) { return !v.empty() && v != kUnknownValue && v != kSensitive; }

}  // namespace

std::string normalise_sha256(std::string_view text) {
  if (text.rfind("sha256:", 0) == 0) {
    text.remove_prefix(7);
  }
  if (is_hex64(text)) {
    return "sha256:" + lower(text);
  }
  if (text.size() == 44) {
    if (auto bytes = base64_decode(text); bytes && bytes->size() == 32) {
      static const char* const kHex = "0123456789abcdef";
      std::string out = "sha256:";
      for (unsigned char c : *bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out;
    }
  }
  return {};
}

std::string location_sha256(std::string_view location) {
  static const RE2 kImage(".*@sha256:([0-9a-f]{64})");
  static const RE2 kHexRun("(?:^|.*[^0-9a-fA-F])([0-9a-fA-F]{64})(?:[^0-9a-fA-F].*|$)");
  std::string hex;
  const re2::StringPiece text(location.data(), location.size());
  if (location.rfind("image:", 0) == 0) {
    return RE2::FullMatch(text, kImage, &hex) ? "sha256:" + hex : std::string();
  }
  if (location.rfind("s3://", 0) == 0 && RE2::FullMatch(text, kHexRun, &hex)) {
    return "sha256:" + lower(hex);
  }
  return {};
}

bool deploys_code(const ResourceChange& rc) {
  return rc.managed && (rc.type == "aws_lambda_function" || rc.type == "aws_lambda_layer_version") &&
         rc.action != Action::kDelete && rc.action != Action::kForget &&
         rc.action != Action::kRead && rc.after.present() && !rc.after.is_null();
}

std::vector<DeployedArtifact> deployed_by(const ResourceChange& rc, const json& after,
                                          const json& unknown, const json& sensitive) {
  std::vector<DeployedArtifact> out;
  if (!deploys_code(rc) || !after.is_object()) {
    return out;
  }
  const bool function = rc.type == "aws_lambda_function";
  const auto get = [&](const char* name) { return attribute(after, unknown, sensitive, name); };
  DeployedArtifact a;
  a.address = rc.address;
  const std::string image = function ? get("image_uri") : std::string();
  const std::string file = get("filename");
  const std::string bucket = get("s3_bucket");
  if (!image.empty()) {
    a.location = "image:" + image;
  } else if (!file.empty()) {
    a.location = "file:" + file;
  } else if (!bucket.empty()) {
    a.location = "s3://" + bucket + "/" + get("s3_key");
    const std::string version = get("s3_object_version");
    if (!version.empty()) {
      a.location += "?versionId=" + version;
    }
  } else {
    a.location = std::string(kUnknownValue);
  }
  const std::string hash = get("source_code_hash");
  a.digest = plain(hash) ? normalise_sha256(hash) : std::string();
  if (a.digest.empty()) {
    a.digest = location_sha256(a.location);
  }
  out.push_back(std::move(a));
  if (!function) {
    return out;
  }
  if (marked(unknown, "layers")) {
    out.push_back({rc.address, "layer:" + std::string(kUnknownValue), ""});
  } else if (after.contains("layers") && after["layers"].is_array()) {
    const json* layer_unknown =
        unknown.is_object() && unknown.contains("layers") ? &unknown["layers"] : nullptr;
    for (std::size_t i = 0; i < after["layers"].size(); ++i) {
      const json& layer = after["layers"][i];
      const bool is_unknown = layer_unknown != nullptr && layer_unknown->is_array() &&
                              i < layer_unknown->size() && (*layer_unknown)[i] == true;
      out.push_back({rc.address,
                     "layer:" + (is_unknown          ? std::string(kUnknownValue)
                                 : layer.is_string() ? layer.get<std::string>()
                                                     : layer.dump()),
                     ""});
    }
  }
  return out;
}

Expected<std::vector<DeployedArtifact>> deployed_artifacts(const Plan& plan) {
  std::vector<DeployedArtifact> out;
  for (const ResourceChange& rc : plan.resource_changes) {
    if (!deploys_code(rc)) {
      continue;
    }
    std::array<json, 3> values;
    const std::array<const RawJson*, 3> raw = {&rc.after, &rc.after_unknown, &rc.after_sensitive};
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i]->present()) {
        auto v = plan.materialise(*raw[i]);
        if (!v) {
          return Unexpected{v.error()};
        }
        values[i] = std::move(*v);
      }
    }
    for (DeployedArtifact& a : deployed_by(rc, values[0], values[1], values[2])) {
      out.push_back(std::move(a));
    }
  }
  std::sort(out.begin(), out.end(), [](const DeployedArtifact& a, const DeployedArtifact& b) {
    return std::tie(a.address, a.location, a.digest) < std::tie(b.address, b.location, b.digest);
  });
  return out;
}

}  // namespace gate
