#!/usr/bin/env bash
# Signs one tfgate approval record per reviewer who approved APPROVAL_ENVIRONMENT in this
# workflow run; action.yml describes the inputs, which arrive in the environment.
set -euo pipefail

fail() {
  echo "::error title=sign-off ${APPROVAL_ENVIRONMENT:-}::$*"
  exit 1
}

: "${TFGATE:?}" "${GATE_ENVIRONMENT:?}" "${APPROVAL_ENVIRONMENT:?}" "${DECISION:?}"
: "${GITHUB_REPOSITORY:?}" "${GITHUB_RUN_ID:?}"
RECORDS_DIR=${RECORDS_DIR:-gate/records}
EVIDENCE_DIR=${EVIDENCE_DIR:-gate/evidence}
MINIMUM=${MINIMUM:-0}
SIGNING_KEY=${SIGNING_KEY:-}

[[ $GATE_ENVIRONMENT =~ ^[a-z][a-z0-9-]*$ ]] || fail "environment \"$GATE_ENVIRONMENT\" is not a tfgate environment name"
[[ $MINIMUM =~ ^[0-9]+$ ]] || fail "minimum must be a number"
[ -f "$DECISION" ] || fail "no decision record at $DECISION"
mkdir -p "$RECORDS_DIR" "$EVIDENCE_DIR"

evidence="$EVIDENCE_DIR/approvals-$APPROVAL_ENVIRONMENT.json"
gh api -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" \
  "repos/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID/approvals" >"$evidence"
evidence_sha256=$(sha256sum "$evidence" | cut -d' ' -f1)

# Approved reviews of this environment, one entry per login, with the comments of all of them.
reviews=$(jq -c --arg env "$APPROVAL_ENVIRONMENT" '
  [ .[] | select(.state == "approved" and any(.environments[]?; .name == $env)) ]
  | group_by(.user.login)
  | map({login: .[0].user.login, comment: (map(.comment // "") | join("\n"))})' "$evidence")

tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/signoff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
key=""
if [ -n "$SIGNING_KEY" ]; then
  (
    umask 077
    printf '%s\n' "$SIGNING_KEY" >"$tmp/key.pem"
  )
  key="$tmp/key.pem"
fi
unset SIGNING_KEY

signed=()
rows=()
while IFS= read -r review; do
  [ -n "$review" ] || continue
  login=$(jq -r .login <<<"$review")
  [[ $login =~ ^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$ ]] || fail "unexpected approver login \"$login\""
  if [ "$login" = "${GITHUB_ACTOR:-}" ] || [ "$login" = "${GITHUB_TRIGGERING_ACTOR:-}" ]; then
    echo "::warning title=sign-off $APPROVAL_ENVIRONMENT::$login started this run; their approval is not counted"
    rows+=("| $login | not counted: started the run | |")
    continue
  fi
  overrides=()
  rules=()
  while IFS= read -r rule; do
    [ -n "$rule" ] || continue
    [[ $rule =~ ^[A-Z][A-Z0-9]*-[0-9]+$ ]] || fail "$login asked to override \"$rule\", which is not a rule id"
    overrides+=(--override "$rule")
    rules+=("$rule")
  done < <(jq -r .comment <<<"$review" | tr -d '\r' |
    sed -n 's/^[[:space:]]*[Oo]verride:[[:space:]]*//p' | tr ',[:space:]' '\n\n' | sort -u)
  [ -n "$key" ] || fail "no signing key for the approval records of $APPROVAL_ENVIRONMENT"
  record="$RECORDS_DIR/$GATE_ENVIRONMENT-approval-$login.json"
  "$TFGATE" approve --env "$GATE_ENVIRONMENT" --decision "$DECISION" --approver "$login" \
    "${overrides[@]}" --key "$key" -o "$record"
  signed+=("$login")
  rows+=("| $login | signed: \`$record\` | ${rules[*]:-} |")
done < <(jq -c '.[]' <<<"$reviews")

{
  echo "### Sign-off: $APPROVAL_ENVIRONMENT"
  echo
  if ((${#rows[@]})); then
    echo "| approver | record | overrides |"
    echo "| --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
  else
    echo "No approval of \`$APPROVAL_ENVIRONMENT\` in this run."
  fi
  echo
  echo "Evidence: \`GET /repos/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID/approvals\`, sha256:$evidence_sha256"
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"

{
  echo "approvers=${signed[*]:-}"
  echo "count=${#signed[@]}"
} >>"${GITHUB_OUTPUT:-/dev/null}"

if ((${#signed[@]} < MINIMUM)); then
  fail "${#signed[@]} approver(s) of $APPROVAL_ENVIRONMENT signed; at least $MINIMUM needed"
fi
echo "sign-off $APPROVAL_ENVIRONMENT: ${#signed[@]} approval record(s) for $GATE_ENVIRONMENT"
