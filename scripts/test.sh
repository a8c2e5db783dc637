#!/usr/bin/env bash
# The one command that runs all of HealthKey's tests: Solidity lint, Hardhat tests with coverage and
# the branch-coverage gate, then Maven (unit tests with Surefire, *IT with Failsafe). Every step runs
# even after a failure; the exit status is non-zero if any failed, and the last line sums it up.
# Env: HEALTHKEY_IPFS_BINARY (skip ensure-kubo.sh), KUBO_VERSION, HEALTHKEY_CACHE_DIR.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

cd "$HK_ROOT"
passed=() failed=()
started=$SECONDS

# step NAME CMD...: run CMD, record the outcome and how long it took.
step() {
  local name="$1" t0=$SECONDS rc=0
  shift
  log "=== $name: $*"
  "$@" || rc=$?
  if ((rc == 0)); then
    passed+=("$name")
    log "=== $name passed in $((SECONDS - t0))s"
  else
    failed+=("$name")
    log "=== $name FAILED (exit $rc) after $((SECONDS - t0))s"
  fi
}

step npm-ci ensure_node_modules
step solhint npm run --silent lint:sol
step hardhat-coverage npm run coverage
step coverage-check npm run coverage:check

find_kubo() {
  HEALTHKEY_IPFS_BINARY="${HEALTHKEY_IPFS_BINARY:-$("$HK_ROOT/scripts/ensure-kubo.sh")}" || return 1
  export HEALTHKEY_IPFS_BINARY
  log "Kubo for the integration tests: $HEALTHKEY_IPFS_BINARY"
}
step kubo find_kubo
step maven-verify mvn -B verify

summary="test.sh: ${#passed[@]} of $((${#passed[@]} + ${#failed[@]})) steps passed in $((SECONDS - started))s"
if ((${#failed[@]})); then
  echo "$summary; FAILED: ${failed[*]}"
  exit 1
fi
echo "$summary (${passed[*]})"
