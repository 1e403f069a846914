// Digests: SHA-256 known answers, files, and the semantic plan digest's invariance (white
// space, member order, timestamp) and sensitivity (any change to a resource change).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "gate/digest.h"
#include "gate/plan.h"

namespace {

const char* kPlan = R"({
  "format_version": "1.2", "terraform_version": "1.11.4", "timestamp": "2026-11-01T10:00:00Z",
  "resource_changes": [
    {"address": "aws_lambda_function.app", "mode": "managed", "type": "aws_lambda_function",
     "name": "app", "provider_name": "registry.terraform.io/hashicorp/aws",
     "change": {"actions": ["update"], "before": {"s3_key": "app-1.zip", "memory_size": 128},
                "after": {"s3_key": "app-2.zip", "memory_size": 128}, "after_unknown": {},
                "before_sensitive": {}, "after_sensitive": {}}},
    {"address": "aws_s3_bucket.state", "mode": "managed", "type": "aws_s3_bucket",
     "name": "state", "provider_name": "registry.terraform.io/hashicorp/aws",
     "change": {"actions": ["no-op"], "before": {"bucket": "acme-tfstate"},
                "after": {"bucket": "acme-tfstate"}, "after_unknown": {},
                "before_sensitive": {}, "after_sensitive": {}}}
  ]
})";

std::string semantic(const std::string& text) {
  auto plan = gate::load_plan(text, "plan.json");
  REQUIRE_MESSAGE(plan.has_value(), gate::render(plan.error()));
  auto digest = gate::semantic_plan_digest(*plan);
  REQUIRE_MESSAGE(digest.has_value(), gate::render(digest.error()));
  return *digest;
}

// The same JSON with every object's members in reverse order.
nlohmann::ordered_json reversed(const nlohmann::ordered_json& v) {
  if (v.is_object()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    std::vector<std::string> keys;
    for (const auto& item : v.items()) {
      keys.push_back(item.key());
    }
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
      out[*it] = reversed(v.at(*it));
    }
    return out;
  }
  if (v.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& item : v) {
      out.push_back(reversed(item));
    }
    return out;
  }
  return v;
}

}  // namespace

TEST_SUITE("digest") {
  TEST_CASE("SHA-256 known answers") {
    CHECK(gate::digest_bytes("") ==
          "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(gate::digest_bytes("abc") ==
          "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(gate::is_digest(gate::digest_bytes("abc")));
    CHECK_FALSE(gate::is_digest("sha256:ABC"));
    CHECK_FALSE(gate::is_digest("md5:" + std::string(64, 'a')));
  }

  TEST_CASE("digests a file in chunks, equal to the digest of its bytes") {
    const std::string path = "digest_test_file.bin";
    std::string bytes(3 * 1024 * 1024 + 17, 'x');
    std::ofstream(path, std::ios::binary) << bytes;
    CHECK(gate::digest_file(path).value() == gate::digest_bytes(bytes));
    std::remove(path.c_str());
    CHECK(gate::digest_file(path).error().front().code == "io.read");
  }

  TEST_CASE("the semantic digest ignores white space, member order and the timestamp") {
    const std::string base = semantic(kPlan);
    const auto doc = nlohmann::ordered_json::parse(kPlan);
    CHECK(semantic(doc.dump()) == base);
    CHECK(semantic(doc.dump(7)) == base);
    CHECK(semantic(reversed(doc).dump()) == base);
    auto later = doc;
    later["timestamp"] = "2026-11-02T11:30:00Z";
    CHECK(semantic(later.dump(1)) == base);
    auto without = doc;
    without.erase("timestamp");
    CHECK(semantic(without.dump()) == base);
  }

  TEST_CASE("the semantic digest changes with any change to a resource change") {
    const std::string base = semantic(kPlan);
    const auto doc = nlohmann::ordered_json::parse(kPlan);
    const std::vector<std::pair<std::string, nlohmann::ordered_json>> edits = {
        {"/resource_changes/0/address", "aws_lambda_function.other"},
        {"/resource_changes/0/change/actions", {"delete", "create"}},
        {"/resource_changes/0/change/after/s3_key", "app-3.zip"},
        {"/resource_changes/0/change/after/memory_size", 129},
        {"/resource_changes/0/change/before/memory_size", 128.5},
        {"/resource_changes/0/change/after_unknown/arn", true},
        {"/resource_changes/0/change/after_sensitive/s3_key", true},
        {"/resource_changes/1/change/actions", {"delete"}},
        {"/resource_changes/1/provider_name", "registry.opentofu.org/hashicorp/aws"},
        {"/terraform_version", "1.11.5"},
    };
    for (const auto& [pointer, value] : edits) {
      CAPTURE(pointer);
      auto edited = doc;
      edited[nlohmann::ordered_json::json_pointer(pointer)] = value;
      CHECK(semantic(edited.dump()) != base);
    }
    auto swapped = doc;
    std::swap(swapped["resource_changes"][0], swapped["resource_changes"][1]);
    CHECK(semantic(swapped.dump()) != base);
  }
}
