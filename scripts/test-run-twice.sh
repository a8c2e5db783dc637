#!/usr/bin/env bash
# The local stack started, stopped and started again still relays (issue 12, item 14), and what it keeps is private:
#   1. scripts/run.sh on free ports with a new state folder; a key publication is relayed and CONFIRMED; stop.
#   2. scripts/run.sh again on the same state folder: the dev chain starts empty, and so does the dev database;
#      a key publication is relayed and CONFIRMED; stop.
#   3. scripts/run.sh again, keeping the database of run 2 (HEALTHKEY_KEEP_DEV_DATABASE=1) against a new, empty dev
#      chain: health is DOWN (503), the backend's log says the chain is not the database's and what to do, and a
#      key publication is accepted but never sent; stop.
#   4. Nothing in the state folder is readable by group or others.
# Uses the embedded content store (no Kubo) and the backend jar run.sh builds when it is stale. Bounded: each
# start waits at most HEALTHKEY_START_TIMEOUT (240 s), each relay 90 s. Prints how long each run took.
# Env: HEALTHKEY_TEST_KEEP_STATE=1 keeps the state folder (its path is printed).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

export HEALTHKEY_START_TIMEOUT="${HEALTHKEY_START_TIMEOUT:-240}"
export HEALTHKEY_IPFS_STORE=embedded
STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/healthkey-run-twice.XXXXXX")"
export HEALTHKEY_STATE_DIR="$STATE_DIR"
failures=0
started=$SECONDS

export CHAIN_PORT BACKEND_PORT
CHAIN_PORT="$(free_port)"
BACKEND_PORT="$(free_port)"
export HEALTHKEY_DAPP_DOMAIN="localhost:$BACKEND_PORT" HEALTHKEY_DAPP_URI="http://localhost:$BACKEND_PORT"
BACKEND="http://127.0.0.1:$BACKEND_PORT"

cleanup() {
  stack_stop
  if [[ "${HEALTHKEY_TEST_KEEP_STATE:-0}" == 1 ]]; then
    log "state kept in $STATE_DIR"
  else
    rm -rf "$STATE_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { log "FAILED: $*"; failures=$((failures + 1)); }

# start_run LABEL: run.sh on the same state folder and ports as the runs before (stack_start).
start_run() { stack_start "$STATE_DIR" "$((HEALTHKEY_START_TIMEOUT + 30))" "$1"; }

health_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BACKEND/actuator/health" || true; }

relays() {   # relays LABEL: a key publication is CONFIRMED
  local t0=$SECONDS
  if node "$HK_ROOT/interop/relay-key-publication.mjs" "$BACKEND" 90 >"$STATE_DIR/relay-$1.json"; then
    log "run $1: relayed in $((SECONDS - t0)) s: $(cat "$STATE_DIR/relay-$1.json")"
  else
    fail "run $1: the key publication was not confirmed: $(cat "$STATE_DIR/relay-$1.json" 2>/dev/null)"
  fi
}

for run in 1 2; do
  t0=$SECONDS
  start_run "$run"
  [[ "$(health_status)" == 200 ]] || fail "run $run: health is not UP ($(health_status))"
  relays "$run"
  stack_stop
  log "run $run took $((SECONDS - t0)) s"
done

t0=$SECONDS
HEALTHKEY_KEEP_DEV_DATABASE=1 start_run 3
sleep 2
[[ "$(health_status)" == 503 ]] || fail "run 3: a database of another chain, but health is $(health_status), not 503"
grep -q "chain identity OTHER" "$STATE_DIR/logs/backend.log" \
  || fail "run 3: the backend's log does not say that the chain is not the database's"
if node "$HK_ROOT/interop/relay-key-publication.mjs" "$BACKEND" 10 --expect-unsent >"$STATE_DIR/relay-3.json"; then
  log "run 3: accepted and not sent, as it must: $(cat "$STATE_DIR/relay-3.json")"
else
  fail "run 3: relayed against a chain the database does not describe: $(cat "$STATE_DIR/relay-3.json" 2>/dev/null)"
fi
stack_stop
log "run 3 took $((SECONDS - t0)) s"

open="$(find "$STATE_DIR" -perm /077 -print | head -n 5)"
[[ -z "$open" ]] || fail "files in the state folder readable by others: $open"

if ((failures)); then
  die "$failures check(s) failed in $((SECONDS - started)) s"
fi
log "the stack relays on every run, refuses a database of another chain, keeps its state private: $((SECONDS - started)) s"
