// DSSE v1 envelopes: PAE, base64, signing, and reading and writing the envelope JSON.
#include "gate/dsse.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "record/json_input.h"

namespace gate {
namespace {

constexpr std::size_t kMaxEnvelopeBytes = std::size_t{16} << 20;
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Value of a base64 character in either alphabet, or -1.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+' || c == '-') {
    return 62;
  }
  if (c == '/' || c == '_') {
    return 63;
  }
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const unsigned v = (at(i) << 16) | (rest == 2 ? at(i + 1) << 8 : 0u);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += rest == 2 ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::size_t end = text.size();
  if (end % 4 == 0 && end > 0) {
    // Padding is only allowed as a complete final quantum.
    if (text[end - 1] == '=') {
      --end;
      if (text[end - 1] == '=') {
        --end;
      }
    }
  }
  if (end % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(end / 4 * 3 + 2);
  unsigned acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const int v = base64_value(text[i]);
    if (v < 0) {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Left-over bits of the last character must be zero (one encoding per byte string).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    return std::nullopt;
  }
  return out;
}

std::string pae(std::string_view payload_type, std::string_view payload) {
  std::string out = fmt::format("DSSEv1 {} {} {} ", payload_type.size(), payload_type,
                                payload.size());
  out.append(payload);
  return out;
}

Envelope unsigned_envelope(std::string payload_type, std::string payload) {
  return Envelope{std::move(payload_type), std::move(payload), {}};
}

Expected<Envelope> sign_envelope(Envelope envelope, const Signer& signer) {
  auto sig = signer.sign(pae(envelope.payload_type, envelope.payload));
  if (!sig) {
    return Unexpected{sig.error()};
  }
  return attach_signature(std::move(envelope), *sig, "signer");
}

Expected<Envelope> attach_signature(Envelope envelope, std::string_view der_signature,
                                    const std::string& source) {
  if (!is_der_ecdsa_signature(der_signature)) {
    Diagnostic d = make_diagnostic(
        "record.bad-signature",
        fmt::format("not a DER-encoded ECDSA signature ({} bytes)", der_signature.size()),
        source);
    d.notes.push_back(
        "sign the PAE with `openssl dgst -sha256 -sign KEY -out SIG.der pae.bin` or AWS KMS "
        "(ECDSA_SHA_256, MessageType DIGEST over its SHA-256), which both write DER");
    return Unexpected{std::move(d)};
  }
  for (const EnvelopeSignature& s : envelope.signatures) {
    if (s.sig == der_signature) {
      return Unexpected{make_diagnostic("record.duplicate-signature",
                                        "the envelope already carries this signature", source)};
    }
  }
  envelope.signatures.push_back(EnvelopeSignature{{}, std::string(der_signature)});
  return envelope;
}

std::string write_envelope(const Envelope& envelope) {
  nlohmann::ordered_json j;
  j["payload"] = base64_encode(envelope.payload);
  j["payloadType"] = envelope.payload_type;
  j["signatures"] = nlohmann::ordered_json::array();
  for (const EnvelopeSignature& s : envelope.signatures) {
    nlohmann::ordered_json sig;
    if (!s.keyid.empty()) {
      sig["keyid"] = s.keyid;
    }
    sig["sig"] = base64_encode(s.sig);
    j["signatures"].push_back(std::move(sig));
  }
  return j.dump(2) + '\n';
}

Expected<Envelope> read_envelope(std::string_view text, const std::string& source) {
  if (text.size() > kMaxEnvelopeBytes) {
    return Unexpected{make_diagnostic(
        "record.too-large",
        fmt::format("larger than {} bytes; this is not a file tfgate writes", kMaxEnvelopeBytes),
        source)};
  }
  auto doc = detail::parse_json_document(text, source, "record");
  if (!doc) {
    return Unexpected{doc.error()};
  }
  detail::JsonReader in(source, "record");
  const nlohmann::json& root = *doc;
  if (!in.require_object(root, "", "a DSSE envelope")) {
    return Unexpected{in.take()};
  }
  Envelope envelope;
  const auto payload = in.string(root, "payload", "");
  const auto payload_type = payload ? in.string(root, "payloadType", "") : std::nullopt;
  const nlohmann::json* signatures = payload_type ? in.array(root, "signatures", "") : nullptr;
  if (in.failed()) {
    return Unexpected{in.take()};
  }
  envelope.payload_type = *payload_type;
  if (auto bytes = base64_decode(*payload)) {
    envelope.payload = std::move(*bytes);
  } else {
    in.fail("base64", "payload is not base64", "/payload");
    return Unexpected{in.take()};
  }
  for (std::size_t i = 0; i < signatures->size(); ++i) {
    const std::string at = detail::JsonReader::child("/signatures", i);
    const nlohmann::json& s = (*signatures)[i];
    if (!in.require_object(s, at, "a signature")) {
      return Unexpected{in.take()};
    }
    const auto sig = in.string(s, "sig", at);
    const auto keyid = sig ? in.string(s, "keyid", at, false) : std::nullopt;
    if (in.failed()) {
      return Unexpected{in.take()};
    }
    auto bytes = base64_decode(*sig);
    if (!bytes) {
      in.fail("base64", "sig is not base64", at + "/sig");
      return Unexpected{in.take()};
    }
    envelope.signatures.push_back(EnvelopeSignature{keyid.value_or(""), std::move(*bytes)});
  }
  return envelope;
}

Expected<Envelope> load_envelope_file(const std::string& path) {
  auto text = detail::read_small_file(path, kMaxEnvelopeBytes, "record.too-large");
  if (!text) {
    return Unexpected{text.error()};
  }
  return read_envelope(*text, path);
}

}  // namespace gate
