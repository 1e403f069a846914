#!/usr/bin/env bash
# Runs one tfgate subcommand for the tfgate action; action.yml describes the inputs, which
# arrive in the environment: TFGATE (binary), COMMAND, ARGS (one argument per line),
# SIGNING_KEY, KMS_KEY_ID, SUMMARY, DENIED_OK.
set -euo pipefail

fail() {
  echo "::error title=tfgate ${COMMAND:-}::$*"
  exit 1
}

: "${TFGATE:?TFGATE is not set}"
COMMAND=${COMMAND:-}
ARGS=${ARGS:-}
SIGNING_KEY=${SIGNING_KEY:-}
KMS_KEY_ID=${KMS_KEY_ID:-}
SUMMARY=${SUMMARY:-auto}
DENIED_OK=${DENIED_OK:-false}
# The step summary accepts 1 MiB per step.
SUMMARY_LIMIT=900000

[[ $COMMAND =~ ^[a-z][a-z-]*$ ]] || fail "\"$COMMAND\" is not a tfgate subcommand"
case "$DENIED_OK" in
  true) [ "$COMMAND" = check ] || fail "denied-ok applies to check only" ;;
  false) ;;
  *) fail "denied-ok must be true or false" ;;
esac
case "$SUMMARY" in
  auto | markdown | text | none) ;;
  *) fail "summary must be auto, markdown, text or none" ;;
esac

args=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] || continue
  if [[ $line == *[*?]* ]]; then
    mapfile -t matches < <(compgen -G "$line" | LC_ALL=C sort)
    ((${#matches[@]})) || fail "the pattern $line matches no file (in $PWD)"
    args+=("${matches[@]}")
  else
    args+=("$line")
  fi
done <<<"$ARGS"

# The value of an option given as "--name value" or "--name=value"; empty when absent.
option() {
  local i
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
      "$1")
        if ((i + 1 < ${#args[@]})); then printf '%s' "${args[i + 1]}"; fi
        return 0
        ;;
      "$1"=*)
        printf '%s' "${args[i]#*=}"
        return 0
        ;;
    esac
  done
}

format=$(option --format)
output=$(option -o)
[ -n "$output" ] || output=$(option --output)
record=$(option --record)
environment=$(option --env)

tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/tfgate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

kms=false
if [ -n "$KMS_KEY_ID" ]; then
  [ "$COMMAND" = check ] && [ -n "$record" ] || fail "kms-key-id signs the record of check --record only"
  args+=(--emit-pae "$tmp/pae.bin")
  kms=true
elif [ -n "$SIGNING_KEY" ]; then
  (
    umask 077
    printf '%s\n' "$SIGNING_KEY" >"$tmp/key.pem"
  )
  args+=(--key "$tmp/key.pem")
fi
unset SIGNING_KEY

echo "tfgate $COMMAND ${args[*]}"
rc=0
"$TFGATE" "$COMMAND" "${args[@]}" >"$tmp/stdout" || rc=$?
cat "$tmp/stdout"

if $kms && { [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ]; }; then
  openssl dgst -sha256 -binary "$tmp/pae.bin" >"$tmp/pae.sha256"
  aws kms sign --key-id "$KMS_KEY_ID" --message "fileb://$tmp/pae.sha256" \
    --message-type DIGEST --signing-algorithm ECDSA_SHA_256 \
    --query Signature --output text | base64 -d >"$tmp/signature.der"
  "$TFGATE" attach-signature --envelope "$record" --signature "$tmp/signature.der" -o "$tmp/signed.json"
  cp "$tmp/signed.json" "$record"
  echo "tfgate: $record signed with KMS key $KMS_KEY_ID"
fi

mode=$SUMMARY
if [ "$mode" = auto ]; then
  if [ "$format" = markdown ]; then mode=markdown; else mode=text; fi
fi
if [ "$mode" != none ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  source_file="$tmp/stdout"
  if [ -n "$output" ] && [ "$output" != - ] && [ -f "$output" ]; then source_file=$output; fi
  size=$(wc -c <"$source_file")
  {
    if [ "$mode" = markdown ]; then
      head -c "$SUMMARY_LIMIT" "$source_file" | sed -e '$a\'
      echo
    else
      printf '### tfgate %s%s\n\n```text\n' "$COMMAND" "${environment:+ ($environment)}"
      head -c "$SUMMARY_LIMIT" "$source_file" | sed -e '$a\'
      printf '```\n'
    fi
    if [ "$size" -gt "$SUMMARY_LIMIT" ]; then
      printf '\n_Cut at %d of %d bytes; the whole report is in the workflow artifacts._\n' "$SUMMARY_LIMIT" "$size"
    fi
  } >>"$GITHUB_STEP_SUMMARY"
fi

echo "exit-code=$rc" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ "$rc" -eq 2 ] && [ "$DENIED_OK" = true ]; then
  echo "::warning title=tfgate $COMMAND::denied (exit 2): the decision record says so; only an approver's override of soft-mandatory findings can let it pass verify"
  exit 0
fi
exit "$rc"
