#!/usr/bin/env bash
# The one command that runs all of HealthKey's tests: Solidity lint, Hardhat tests with coverage and the
# branch-coverage gate, the Node tests of interop/ (node --test), the web app's own tests, then Maven (unit tests
# with Surefire, *IT with Failsafe: on H2, then the database-heavy ones on a throwaway PostgreSQL), Slither on the
# contracts, the local stack started twice (scripts/test-run-twice.sh), and the attack on the running stack
# (scripts/attack.sh: schemathesis, the generated TypeScript client, the web app in Chromium). The Python tools
# come from PyPI, pinned in scripts/python-tools.lock. Every step runs even after a failure; the exit status is
# non-zero if any failed, and the last line sums it up.
# Env: HEALTHKEY_IPFS_BINARY (skip ensure-kubo.sh), KUBO_VERSION, HEALTHKEY_CACHE_DIR, HEALTHKEY_PG_BIN
#      (PostgreSQL server binaries; found otherwise, see lib/postgres.sh). Without PostgreSQL the ITs run on H2
#      only, with a warning; on CI (CI=true) that is a failure.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

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
# The Node sides of the wire formats tested on their own (the Java ITs run them against Java as well).
step node-tests node --test interop/
step web-npm-ci ensure_web_node_modules
step web-tests npm --prefix web run --silent test

find_kubo() {
  HEALTHKEY_IPFS_BINARY="${HEALTHKEY_IPFS_BINARY:-$("$HK_ROOT/scripts/ensure-kubo.sh")}" || return 1
  export HEALTHKEY_IPFS_BINARY
  log "Kubo for the integration tests: $HEALTHKEY_IPFS_BINARY"
}
step kubo find_kubo
# For ClusterPeerLossIT (scripts/start-cluster.sh): built once, before the ITs, and cached like Kubo.
step ipfs-cluster "$HK_ROOT/scripts/ensure-ipfs-cluster.sh"

maven_args=()
find_postgres() {
  local bin
  if bin="$(pg_bin_dir)"; then
    log "PostgreSQL for the integration tests: $("$bin/postgres" --version) ($bin)"
  elif [[ "${CI:-}" == true ]]; then
    log "no PostgreSQL server found (install postgresql-15 or set HEALTHKEY_PG_BIN)"
    return 1
  else
    warn "no PostgreSQL server found: the ITs run on H2 only (install postgresql-15 or set HEALTHKEY_PG_BIN)"
    maven_args+=(-DskipPostgresITs=true)
  fi
}
step postgres find_postgres
step maven-verify mvn -B verify "${maven_args[@]}"
# Static analysis of the contracts, every finding triaged (contracts/slither-triage.json).
step slither scripts/slither.sh
# The local stack started, stopped and started again still relays; on a database of another chain it refuses.
step run-twice scripts/test-run-twice.sh
# The running stack attacked through its published contract: schemathesis on /v3/api-docs, the generated TypeScript
# client's journey, and the web app's browser tests (web/test/browser) on the same stack. Uses the jar maven-verify
# built.
step attack scripts/attack.sh

summary="test.sh: ${#passed[@]} of $((${#passed[@]} + ${#failed[@]})) steps passed in $((SECONDS - started))s"
if ((${#failed[@]})); then
  echo "$summary; FAILED: ${failed[*]}"
  exit 1
fi
echo "$summary (${passed[*]})"
