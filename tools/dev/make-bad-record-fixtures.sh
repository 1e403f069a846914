#!/usr/bin/env bash
# Writes the malformed records of fixtures/bad/records/: DSSE envelopes and in-toto statements
# that tfgate must refuse as unusable input (exit 1). Each file is a mutation of one valid
# decision or approval statement, so the payloads stay readable here rather than only as
# base64. Regenerate the expected diagnostics afterwards with
#   GATE_UPDATE_GOLDENS=1 build/dev/libgate/gate_tests -tc='*fixtures/bad/records*'
# Needs jq and base64.
set -euo pipefail

out="$(cd "$(dirname "$0")/../.." && pwd)/fixtures/bad/records"
mkdir -p "$out"

# Not a real signature: these files fail before any signature is checked.
sig='MEUCIQDYqwv1fYqP8p5qZ3L1jVNs4bG8f3lbkr4a0Xcz1ZQfSwIgB5f3N0lz7oTtWb0bJ9w2wq0l0x3dXbyY1J8m3g7n1Uo='
hex1=11f29fb79c485a09d0256789653432696ff649b63b0e3b84a7b5f46a57009307
hex2=7770a4a2052c48c29a9cb65b56a71d20fd87117f6ec63e40c20ec724be844087

decision=$(jq -cn --arg h1 "$hex1" --arg h2 "$hex2" '{
  "_type": "https://in-toto.io/Statement/v1",
  "subject": [{"name": "tfplan", "digest": {"sha256": $h1}},
              {"name": "app.zip", "digest": {"sha256": $h2}}],
  "predicateType": "urn:tfgate:decision:v1",
  "predicate": {
    "environment": "staging", "verdict": "pass", "author": "github-actions[bot]",
    "semantic_digest": ("sha256:" + $h1), "policy_digest": ("sha256:" + $h2),
    "changes": {"create": 1, "update": 2},
    "findings": [{"rule": "IAM-010", "address": "aws_iam_role.app",
                  "enforcement": "advisory", "waived": false}],
    "source_commit": "0123456789abcdef0123456789abcdef01234567",
    "ci_run": "https://github.com/acme/platform/actions/runs/123/attempts/1",
    "issued_at": "2026-11-22T09:00:00Z", "expires_at": "2026-11-23T09:00:00Z"}}')

approval=$(jq -cn --arg h1 "$hex1" --arg h2 "$hex2" '{
  "_type": "https://in-toto.io/Statement/v1",
  "subject": [{"name": "tfplan", "digest": {"sha256": $h1}},
              {"name": "decision", "digest": {"sha256": $h2}}],
  "predicateType": "urn:tfgate:approval:v1",
  "predicate": {"environment": "staging", "approver": "alice", "overrides": [],
                "issued_at": "2026-11-22T10:00:00Z"}}')

# envelope NAME PAYLOAD [PAYLOAD_TYPE]: a signed-looking envelope around PAYLOAD.
envelope() {
  local type="${3:-application/vnd.in-toto+json}"
  jq -n --arg p "$(printf %s "$2" | base64 -w0)" --arg t "$type" --arg s "$sig" \
    '{"payload": $p, "payloadType": $t, "signatures": [{"sig": $s}]}' > "$out/$1.json"
}
decision_with() { envelope "$1" "$(jq -c "$2" <<< "$decision")"; }
approval_with() { envelope "$1" "$(jq -c "$2" <<< "$approval")"; }
raw() { printf '%s' "$2" > "$out/$1.json"; }

# The envelope.
raw empty ''
raw not-json 'payload: eyJ9'
raw truncated '{"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": ['
raw top-level-array '[{"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": []}]'
raw missing-payload '{"payloadType": "application/vnd.in-toto+json", "signatures": []}'
raw missing-payload-type '{"payload": "e30=", "signatures": []}'
raw missing-signatures '{"payload": "e30=", "payloadType": "application/vnd.in-toto+json"}'
raw signatures-object '{"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": {"sig": "c2ln"}}'
raw signature-without-sig '{"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": [{"keyid": "ci"}]}'
raw payload-not-base64 '{"payload": "{\"_type\": 1}", "payloadType": "application/vnd.in-toto+json", "signatures": []}'
raw sig-not-base64 '{"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": [{"sig": "not base64!"}]}'
raw payload-number '{"payload": 42, "payloadType": "application/vnd.in-toto+json", "signatures": []}'
raw duplicate-payload '{"payload": "e30=", "payload": "W10=", "payloadType": "application/vnd.in-toto+json", "signatures": []}'
envelope wrong-payload-type "$decision" 'application/json'

# The statement.
envelope payload-not-json 'hello world'
envelope payload-array '[]'
decision_with missing-type 'del(._type)'
decision_with subject-empty '.subject = []'
decision_with subject-uppercase-digest '.subject[0].digest.sha256 |= ascii_upcase'
decision_with subject-sha1-only '.subject[1].digest = {"sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}'
decision_with subject-duplicate-name '.subject[1].name = "tfplan"'
decision_with unknown-predicate-type '.predicateType = "https://slsa.dev/provenance/v1"'
decision_with predicate-string '.predicate = "pass"'
envelope duplicate-environment "$(jq -c . <<< "$decision" | sed 's/"environment":"staging"/"environment":"staging","environment":"prod"/')"

# The decision predicate.
decision_with decision-no-tfplan-subject '.subject |= map(select(.name != "tfplan"))'
decision_with decision-missing-environment 'del(.predicate.environment)'
decision_with decision-verdict-allow '.predicate.verdict = "allow"'
decision_with decision-bad-expiry '.predicate.expires_at = "2026-11-31T09:00:00Z"'
decision_with decision-local-time '.predicate.issued_at = "2026-11-22T10:00:00+01:00"'
decision_with decision-bad-policy-digest '.predicate.policy_digest = "sha256:abc"'
decision_with decision-negative-count '.predicate.changes.create = -1'
decision_with decision-unknown-action '.predicate.changes.explode = 1'
decision_with decision-bad-enforcement '.predicate.findings[0].enforcement = "mandatory"'
decision_with decision-finding-waived-string '.predicate.findings[0].waived = "no"'
decision_with decision-empty-author '.predicate.author = ""'

# The approval predicate.
approval_with approval-no-decision-subject '.subject |= map(select(.name != "decision"))'
approval_with approval-missing-approver 'del(.predicate.approver)'
approval_with approval-override-number '.predicate.overrides = [7]'
