// Tests of DSSE envelopes: the PAE test vector of the specification, base64 in both alphabets,
// writing and reading envelopes, and signing locally, by callback and by attaching.
#include <doctest/doctest.h>

#include "gate/dsse.h"
#include "record_fixtures.h"

TEST_SUITE("dsse") {
  TEST_CASE("PAE is the DSSE v1 encoding (the specification's test vector)") {
    CHECK(gate::pae("http://example.com/HelloWorld", "hello world") ==
          "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    CHECK(gate::pae("", "") == "DSSEv1 0  0 ");
    // Lengths are byte counts, also for multi-byte UTF-8.
    CHECK(gate::pae("t", "\xC3\xA9") == "DSSEv1 1 t 2 \xC3\xA9");
  }

  TEST_CASE("base64: standard with padding out, standard or URL-safe in") {
    CHECK(gate::base64_encode("") == "");
    CHECK(gate::base64_encode("f") == "Zg==");
    CHECK(gate::base64_encode("fo") == "Zm8=");
    CHECK(gate::base64_encode("foo") == "Zm9v");
    CHECK(gate::base64_encode("\xfb\xff") == "+/8=");
    CHECK(gate::base64_decode("Zg==").value() == "f");
    CHECK(gate::base64_decode("Zg").value() == "f");
    CHECK(gate::base64_decode("Zm8=").value() == "fo");
    CHECK(gate::base64_decode("+/8=").value() == "\xfb\xff");
    CHECK(gate::base64_decode("-_8").value() == "\xfb\xff");
    CHECK_FALSE(gate::base64_decode("Zg=").has_value());
    CHECK_FALSE(gate::base64_decode("Z").has_value());
    CHECK_FALSE(gate::base64_decode("Zm 9v").has_value());
    CHECK_FALSE(gate::base64_decode("Zm9v\n").has_value());
    CHECK_FALSE(gate::base64_decode("Zh==").has_value());  // non-zero left-over bits
    std::string all;
    for (int i = 0; i < 256; ++i) {
      all += static_cast<char>(i);
    }
    CHECK(gate::base64_decode(gate::base64_encode(all)).value() == all);
  }

  TEST_CASE("an envelope signed locally verifies over its PAE and reads back unchanged") {
    const gate::PrivateKey key = gate::test::test_key("ci");
    auto env = gate::sign_envelope(gate::unsigned_envelope("text/plain", "hi"),
                                   gate::LocalSigner(key));
    REQUIRE(env.has_value());
    REQUIRE(env->signatures.size() == 1);
    CHECK(env->signatures[0].keyid.empty());
    CHECK(key.public_key().verify(gate::pae("text/plain", "hi"), env->signatures[0].sig));
    const std::string text = gate::write_envelope(*env);
    CHECK(text.find("keyid") == std::string::npos);
    CHECK(text.find("\"payload\": \"aGk=\"") != std::string::npos);
    auto back = gate::read_envelope(text, "e.json");
    REQUIRE(back.has_value());
    CHECK(back->payload == "hi");
    CHECK(back->payload_type == "text/plain");
    CHECK(back->signatures[0].sig == env->signatures[0].sig);
  }

  TEST_CASE("a callback signer and an attached signature give equally valid envelopes") {
    const gate::PrivateKey key = gate::test::test_key("ci");
    const gate::CallbackSigner callback(
        [&](std::string_view message) { return key.sign(message); });
    auto by_callback = gate::sign_envelope(gate::unsigned_envelope("t", "p"), callback);
    REQUIRE(by_callback.has_value());
    CHECK(key.public_key().verify(gate::pae("t", "p"), by_callback->signatures[0].sig));

    auto external = key.sign(gate::pae("t", "p"));
    REQUIRE(external.has_value());
    auto attached = gate::attach_signature(gate::unsigned_envelope("t", "p"), *external, "s.der");
    REQUIRE(attached.has_value());
    CHECK(attached->signatures[0].sig == *external);
    auto twice = gate::attach_signature(*attached, *external, "s.der");
    REQUIRE_FALSE(twice.has_value());
    CHECK(twice.error().front().code == "record.duplicate-signature");
    auto not_der = gate::attach_signature(gate::unsigned_envelope("t", "p"),
                                          std::string(64, 'x'), "s.der");
    REQUIRE_FALSE(not_der.has_value());
    CHECK(gate::render(not_der.error().front()).rfind(
              "s.der: error[record.bad-signature]: not a DER-encoded ECDSA signature (64 bytes)",
              0) == 0);
  }

  TEST_CASE("a signer that returns no DER signature is refused") {
    const gate::CallbackSigner raw([](std::string_view) -> gate::Expected<std::string> {
      return std::string(64, '\x01');
    });
    auto env = gate::sign_envelope(gate::unsigned_envelope("t", "p"), raw);
    REQUIRE_FALSE(env.has_value());
    CHECK(env.error().front().code == "record.bad-signature");
  }

  TEST_CASE("reads keyid and unsigned envelopes; ignores unknown members") {
    auto env = gate::read_envelope(
        R"({"payload":"aGk","payloadType":"t","signatures":[{"keyid":"k","sig":"-_8"}],"x":1})",
        "e.json");
    REQUIRE(env.has_value());
    CHECK(env->signatures[0].keyid == "k");
    CHECK(env->signatures[0].sig == "\xfb\xff");
    auto unsigned_env =
        gate::read_envelope(R"({"payload":"","payloadType":"t","signatures":[]})", "e.json");
    REQUIRE(unsigned_env.has_value());
    CHECK(unsigned_env->signatures.empty());
  }
}
