#!/usr/bin/env bash
# Attacks the running system through its published contract, as an outside client would:
#   1. schemathesis (property-based API fuzzing) against the live OpenAPI document (/v3/api-docs), signed in as the
#      dev patient, every operation, every check (server errors, status codes, media types, headers and bodies
#      conformant to the document, negative data rejected, auth not ignored; settings and why in
#      scripts/schemathesis.toml); at least ATTACK_MIN_CASES cases.
#   2. the TypeScript client generated from the same document (interop/ts-client): type-checks, then signs in,
#      grants and reads.
#   3. the web app in Debian's Chromium (web/test/browser, playwright-core): the patient and clinician journey, a
#      1 GiB upload in parts cut and resumed, a PNG shown, axe-core on every screen; screenshots in web/target/screenshots. On the same stack: no second
#      start.
# Starts its own stack (scripts/run.sh on free loopback ports, a throwaway state folder) and stops it, unless
# ATTACK_URL names a running one. Exit status non-zero if any part failed.
# Env: ATTACK_URL, ATTACK_CHAIN_RPC (with ATTACK_URL: its chain's JSON-RPC URL, for the browser tests' wallet;
#      http://127.0.0.1:8545), ATTACK_BROWSER=0 (skip the browser tests), ATTACK_MAX_EXAMPLES (per operation and phase; 150), ATTACK_MIN_CASES (5000), ATTACK_SEED (a random
#      one, printed: rerun with it to reproduce), ATTACK_TIMEOUT (seconds for the stack to come up; 300),
#      ATTACK_KEEP=1 (keep the state folder and the reports).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/python.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/python.sh"
# shellcheck source=lib/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

# Hardhat's account #2, the dev patient of README and interop/journey.mjs: a well-known test key, never a real one.
DEV_PATIENT_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a

cd "$HK_ROOT"
bin="$(ensure_python_tools)"
state="$(mktemp -d "${TMPDIR:-/tmp}/healthkey-attack.XXXXXX")"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stack_stop
  if [[ "${ATTACK_KEEP:-0}" == 1 ]]; then log "kept $state"; else rm -rf "$state"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="${ATTACK_URL:-}"
chain_rpc="${ATTACK_CHAIN_RPC:-http://127.0.0.1:8545}"
if [[ -z "$url" ]]; then
  # Read receipts batched every few seconds, not every minute: the browser journey checks one against the chain.
  # Schemathesis's denied reads are a stranger's, aggregated per window, and batches wait for a window to close
  # (THREAT-MODEL.md, "Receipts delayed by a flood"): a short window, so that the journey's receipt is not held
  # back by the fuzzing just before it.
  HEALTHKEY_RECEIPTS_BATCHINTERVAL="${HEALTHKEY_RECEIPTS_BATCHINTERVAL:-5s}" \
    HEALTHKEY_RECEIPTS_DENIEDWINDOW="${HEALTHKEY_RECEIPTS_DENIEDWINDOW:-20s}" \
    stack_start "$state/stack" "${ATTACK_TIMEOUT:-300}"
  url="$STACK_URL"
  chain_rpc="$(sed -n 's/^  Chain RPC *\(http[^ ]*\).*/\1/p' "$state/stack/run.info")"
fi

failed=()
token="$(node interop/sign-in.mjs "$url" "$DEV_PATIENT_KEY")" || die "could not sign the dev patient in at $url"

seed="${ATTACK_SEED:-$((RANDOM * 32768 + RANDOM))}"
log "schemathesis against $url/v3/api-docs (seed $seed; rerun with ATTACK_SEED=$seed)"
reports="$state/schemathesis"
mkdir -p "$reports"
# The backend builds the document on its first request, which on a loaded machine takes longer than schemathesis
# waits for a schema (10 s): fetch it here, with time to spare, and fuzz the live API from this copy.
curl -sS -f --max-time 180 -o "$reports/api-docs.json" "$url/v3/api-docs" \
  || die "could not fetch the OpenAPI document from $url/v3/api-docs"
if ! "$bin/schemathesis" --config-file "$HK_ROOT/scripts/schemathesis.toml" run "$reports/api-docs.json" --url "$url" \
    --header "Authorization: Bearer $token" \
    --checks all --phases examples,coverage,fuzzing,stateful \
    --max-examples "${ATTACK_MAX_EXAMPLES:-150}" --seed "$seed" --workers 2 \
    --request-timeout 30 --no-color --output-sanitize true \
    --report junit,ndjson --report-dir "$reports"; then
  failed+=(schemathesis)
fi
cases="$(python3 scripts/schemathesis-cases.py "$reports"/*.ndjson)"
log "schemathesis ran $cases test cases (minimum ${ATTACK_MIN_CASES:-5000})"
((cases >= ${ATTACK_MIN_CASES:-5000})) || failed+=("schemathesis: only $cases cases")

if [[ -x interop/ts-client/run.sh ]]; then
  log "TypeScript client generated from the document: type-check and journey"
  interop/ts-client/run.sh "$url" || failed+=(ts-client)
else
  failed+=("ts-client: interop/ts-client/run.sh missing")
fi

if [[ "${ATTACK_BROWSER:-1}" == 1 ]]; then
  log "the web app in Chromium: journey, large upload, accessibility (web/test/browser)"
  browser_started=$SECONDS
  ensure_web_node_modules
  WEB_URL="$url" WEB_CHAIN_RPC="$chain_rpc" npm --prefix web run --silent test:browser || failed+=(browser)
  log "browser tests took $((SECONDS - browser_started))s; screenshots in web/target/screenshots"
fi

((${#failed[@]} == 0)) || die "attack failed: ${failed[*]}"
log "attack passed: schemathesis $cases cases, no failure; TypeScript client journey passed; browser tests passed"
