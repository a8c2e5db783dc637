#!/usr/bin/env bash
# Event index benchmark: backfill rate (events/s) from a local anvil node holding --events real ConsentRegistry
# events, and permission checks from the index against one eth_call hasAccess each. Prints a Markdown table.
# Usage: scripts/bench-index.sh [--events 100000] [--checks 2000] [--database h2|postgres]
# Needs: Java 17, Maven (offline is fine), npm install done (anvil, Hardhat); for --database postgres, PostgreSQL 15
# (see scripts/lib/postgres.sh). Starts and stops its own anvil (and PostgreSQL server).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$HK_ROOT"

classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
log "compiling backend and its tests"
mvn -o -q test-compile dependency:build-classpath -pl protocol,backend \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
classpath="backend/target/test-classes:backend/target/classes:protocol/target/classes:$(cat "$classpath_file")"
exec timeout "${BENCH_TIMEOUT:-1800}" java ${BENCH_JAVA_OPTS:-} -Dhealthkey.root="$HK_ROOT" -cp "$classpath" \
  io.healthkey.backend.bench.IndexBenchmark "$@"
