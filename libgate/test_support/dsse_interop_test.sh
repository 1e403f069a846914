#!/usr/bin/env bash
# Interoperability of tfgate records with plain tools: keys from `tfgate keygen` work with
# openssl; the PAE of every envelope, rebuilt with jq, base64 and printf, verifies with
# `openssl dgst -sha256 -verify`; bytes emitted with --emit-pae and signed by openssl (or, as
# AWS KMS does with MessageType DIGEST, over their SHA-256) complete an envelope through
# `tfgate attach-signature`. Registered with CTest; exits 77 (skipped) without jq or openssl.
#
#   dsse_interop_test.sh TFGATE GATE_MAKE_DECISION WORK_DIR
set -euo pipefail

tfgate=$1
make_decision=$2
work=$3

for tool in jq openssl base64 sha256sum; do
  command -v "$tool" > /dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done

fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cd "$work"

# The recipe a reviewer can run by hand: rebuild the PAE of ENVELOPE and verify it with PUB.
verify_with_openssl() {
  local envelope=$1 pub=$2
  jq -r .payload "$envelope" | base64 -d > payload.bin
  local pt
  pt=$(jq -r .payloadType "$envelope")
  jq -r '.signatures[0].sig' "$envelope" | base64 -d > sig.der
  { printf 'DSSEv1 %d %s %d ' "$(printf %s "$pt" | wc -c)" "$pt" "$(stat -c%s payload.bin)"
    cat payload.bin; } > pae.bin
  openssl dgst -sha256 -verify "$pub" -signature sig.der pae.bin
}

echo "== keygen: mode 0600, nothing secret printed, openssl reads the keys"
"$tfgate" keygen --out ci > keygen.out
[ "$(stat -c %a ci.key)" = 600 ] || fail "ci.key has mode $(stat -c %a ci.key)"
head -1 ci.key | grep -qx -- '-----BEGIN PRIVATE KEY-----' || fail "ci.key is not PKCS#8 PEM"
head -1 ci.pub | grep -qx -- '-----BEGIN PUBLIC KEY-----' || fail "ci.pub is not SPKI PEM"
if grep -v -- ----- ci.key | grep -qF -f - keygen.out; then fail "keygen printed the private key"; fi
grep -q PRIVATE keygen.out && fail "keygen printed a private key marker"
openssl pkey -in ci.key -pubout | cmp -s - ci.pub || fail "ci.pub is not the public half of ci.key"
key_id=$(openssl pkey -pubin -in ci.pub -outform DER | sha256sum | cut -d' ' -f1)
grep -q "key id:      sha256:$key_id" keygen.out || fail "keygen printed another key id"
"$tfgate" keygen --out ci > /dev/null 2>&1 && fail "keygen overwrote a key without --force"

echo "== a decision signed through libgate verifies with openssl"
printf 'PK\003\004 saved plan' > tfplan
printf 'PK\003\004 lambda code' > app.zip
"$make_decision" --key ci.key --env staging --plan-file tfplan --artifact app.zip=app.zip \
  -o decision.json
verify_with_openssl decision.json ci.pub | grep -qx 'Verified OK' || fail "decision does not verify"
jq -e '.signatures[0] | has("keyid") | not' decision.json > /dev/null || fail "decision has a keyid"
[ "$(jq -r .payloadType decision.json)" = application/vnd.in-toto+json ] || fail "payloadType"
[ "$(jq -r ._type payload.bin)" = https://in-toto.io/Statement/v1 ] || fail "_type"
[ "$(jq -r .predicateType payload.bin)" = urn:tfgate:decision:v1 ] || fail "predicateType"
[ "$(sha256sum tfplan | cut -d' ' -f1)" = \
  "$(jq -r '.subject[] | select(.name=="tfplan").digest.sha256' payload.bin)" ] || fail "tfplan subject"
[ "$(sha256sum app.zip | cut -d' ' -f1)" = \
  "$(jq -r '.subject[] | select(.name=="app.zip").digest.sha256' payload.bin)" ] || fail "app.zip subject"
# The payload is RFC 8785 canonical: jq -cS gives the same bytes for this ASCII statement.
[ "$(jq -cjS . payload.bin)" = "$(cat payload.bin)" ] || fail "payload is not canonical JSON"

echo "== a changed payload does not verify"
jq -r .payload decision.json | base64 -d | sed 's/"staging"/"prod"/' | base64 -w0 > tampered.b64
jq --rawfile p tampered.b64 '.payload = ($p | rtrimstr("\n"))' decision.json > tampered.json
if verify_with_openssl tampered.json ci.pub > /dev/null 2>&1; then fail "tampered payload verified"; fi

echo "== external signing: --emit-pae, openssl dgst -sign, attach-signature"
"$tfgate" keygen --out approver > /dev/null
"$tfgate" approve --env staging --decision decision.json --approver alice \
  --emit-pae approval.pae -o approval.unsigned.json 2> /dev/null
[ "$(jq '.signatures | length' approval.unsigned.json)" = 0 ] || fail "unsigned envelope has a signature"
openssl dgst -sha256 -sign approver.key -out approval.sig approval.pae
"$tfgate" attach-signature --envelope approval.unsigned.json --signature approval.sig \
  --public-key approver.pub -o approval.json
verify_with_openssl approval.json approver.pub | grep -qx 'Verified OK' || fail "approval does not verify"
cmp -s pae.bin approval.pae || fail "the PAE rebuilt by the shell differs from --emit-pae's"
[ "$(jq -r .payload decision.json | base64 -d | sha256sum | cut -d' ' -f1)" = \
  "$(jq -r '.subject[] | select(.name=="decision").digest.sha256' payload.bin)" ] ||
  fail "the approval's decision subject is not the decision payload's SHA-256"
[ "$(jq -r .predicate.approver payload.bin)" = alice ] || fail "approver not recorded"

echo "== a KMS-style signature over SHA-256(PAE) (MessageType DIGEST) is the same signature scheme"
openssl dgst -sha256 -binary approval.pae > approval.pae.sha256
openssl pkeyutl -sign -inkey approver.key -in approval.pae.sha256 -out kms.sig
"$tfgate" attach-signature --envelope approval.unsigned.json --signature kms.sig \
  --public-key approver.pub -o approval-kms.json
verify_with_openssl approval-kms.json approver.pub | grep -qx 'Verified OK' || fail "KMS-style signature"

echo "== attach-signature refuses a signature by another key, and non-DER bytes"
set +e
"$tfgate" attach-signature --envelope approval.unsigned.json --signature approval.sig \
  --public-key ci.pub -o wrong.json 2> /dev/null
[ $? = 2 ] || fail "a signature by another key was attached"
head -c 64 /dev/urandom > raw.sig
"$tfgate" attach-signature --envelope approval.unsigned.json --signature raw.sig -o raw.json 2> /dev/null
[ $? = 1 ] || fail "a non-DER signature was attached"
set -e

echo "PASS"
