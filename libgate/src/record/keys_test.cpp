// Tests of P-256 keys: PEM formats, signing and verification, refused key types, and the 0600
// key-pair writer.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gate/keys.h"
#include "record_fixtures.h"

namespace {

namespace fs = std::filesystem;

// A fresh, empty folder under the test's working directory.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::current_path() / ("keys_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

}  // namespace

TEST_SUITE("keys") {
  TEST_CASE("signs with a P-256 key and verifies with its public key") {
    const gate::PrivateKey key = gate::test::test_key("ci");
    const gate::PublicKey pub = key.public_key();
    auto sig = key.sign("message");
    REQUIRE(sig.has_value());
    CHECK(gate::is_der_ecdsa_signature(*sig));
    CHECK(pub.verify("message", *sig));
    CHECK_FALSE(pub.verify("messagE", *sig));
    CHECK_FALSE(gate::test::test_key("untrusted").public_key().verify("message", *sig));
    std::string flipped = *sig;
    flipped[flipped.size() - 1] = static_cast<char>(flipped.back() ^ 1);
    CHECK_FALSE(pub.verify("message", flipped));
    CHECK_FALSE(pub.verify("message", ""));
    CHECK_FALSE(pub.verify("message", "not DER"));
  }

  TEST_CASE("the public key reads back as the PEM openssl wrote, with a SHA-256 key id") {
    const std::string pem = gate::test::read_file(gate::test::fixture("keys/ci.pub"));
    auto pub = gate::PublicKey::from_pem(pem, "ci.pub");
    REQUIRE(pub.has_value());
    CHECK(pub->pem() == pem);
    CHECK(gate::is_digest(pub->key_id()));
    CHECK(pub->key_id() == gate::test::test_key("ci").public_key().key_id());
    CHECK(pub->key_id() != gate::test::test_key("untrusted").public_key().key_id());
  }

  TEST_CASE("refuses keys that are not P-256, private keys as public ones, and encrypted keys") {
    for (const char* name : {"p384.pub", "rsa.pub", "ed25519.pub"}) {
      CAPTURE(name);
      auto pub = gate::load_public_key(gate::test::fixture(std::string("keys/") + name));
      REQUIRE_FALSE(pub.has_value());
      CHECK(pub.error().front().code == "key.unsupported");
    }
    auto p384 = gate::load_public_key(gate::test::fixture("keys/p384.pub"));
    CHECK(p384.error().front().message.find("secp384r1") != std::string::npos);
    auto priv_as_pub = gate::load_public_key(gate::test::fixture("keys/ci.key"));
    REQUIRE_FALSE(priv_as_pub.has_value());
    CHECK(priv_as_pub.error().front().code == "key.private");
    auto pub_as_priv = gate::load_private_key(gate::test::fixture("keys/ci.pub"));
    REQUIRE_FALSE(pub_as_priv.has_value());
    CHECK(pub_as_priv.error().front().code == "key.syntax");
    auto encrypted = gate::load_private_key(gate::test::fixture("keys/encrypted.key"));
    REQUIRE_FALSE(encrypted.has_value());
    CHECK(encrypted.error().front().code == "key.encrypted");
    CHECK(gate::PublicKey::from_pem("garbage", "x.pub").error().front().code == "key.syntax");
    CHECK(gate::load_public_key("/nonexistent/x.pub").error().front().code == "io.read");
  }

  TEST_CASE("writes a generated pair: private key PKCS#8 with mode 0600, public key SPKI") {
    const fs::path dir = scratch("write");
    auto key = gate::generate_private_key();
    REQUIRE(key.has_value());
    const std::string priv = (dir / "gate.key").string();
    const std::string pub = (dir / "gate.pub").string();
    auto files = gate::write_key_pair(*key, priv, pub, false);
    REQUIRE_MESSAGE(files.has_value(), gate::render(files.error()));
    CHECK(files->key_id == key->public_key().key_id());
    CHECK(mode_of(priv) == 0600u);
    CHECK(mode_of(pub) == 0644u);
    const std::string priv_pem = gate::test::read_file(priv);
    CHECK(priv_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
    CHECK(gate::test::read_file(pub).rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
    auto reread = gate::load_private_key(priv);
    REQUIRE(reread.has_value());
    auto sig = reread->sign("x");
    REQUIRE(sig.has_value());
    CHECK(gate::load_public_key(pub)->verify("x", *sig));
    // No temporary file is left behind.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);

    SUBCASE("refuses to overwrite either file, and writes nothing") {
      fs::remove(pub);
      auto again = gate::write_key_pair(*gate::generate_private_key(), priv, pub, false);
      REQUIRE_FALSE(again.has_value());
      CHECK(again.error().front().code == "key.exists");
      CHECK(gate::test::read_file(priv) == priv_pem);
      CHECK_FALSE(fs::exists(pub));
    }
    SUBCASE("overwrites when asked, still 0600") {
      fs::permissions(priv, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
      auto again = gate::write_key_pair(*gate::generate_private_key(), priv, pub, true);
      REQUIRE(again.has_value());
      CHECK(gate::test::read_file(priv) != priv_pem);
      CHECK(mode_of(priv) == 0600u);
    }
    SUBCASE("fails cleanly in a missing folder") {
      auto bad = gate::write_key_pair(*key, (dir / "no/such/k.key").string(),
                                      (dir / "no/such/k.pub").string(), false);
      REQUIRE_FALSE(bad.has_value());
      CHECK(bad.error().front().code == "io.write");
    }
    fs::remove_all(dir);
  }

  TEST_CASE("accepts strict DER ECDSA signatures only") {
    auto sig = gate::test::test_key("ci").sign("m");
    REQUIRE(sig.has_value());
    CHECK(gate::is_der_ecdsa_signature(*sig));
    CHECK_FALSE(gate::is_der_ecdsa_signature(*sig + "x"));
    CHECK_FALSE(gate::is_der_ecdsa_signature(sig->substr(0, sig->size() - 1)));
    CHECK_FALSE(gate::is_der_ecdsa_signature(std::string(64, '\x01')));  // raw r||s
    CHECK_FALSE(gate::is_der_ecdsa_signature(""));
  }
}
