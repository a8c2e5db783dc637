#!/usr/bin/env bash
# Benchmarks the transaction outbox: N grants relayed through it to a local Hardhat node against the same calls
# sent one after the other with plain web3j (RawTransactionManager, waiting for each receipt), in the same run.
# Two rounds on one Hardhat node: automine (a block per transaction), then a block every 200 ms (bench.blockTimeMs).
# Prints a Markdown table (also in backend/target/bench-outbox.md). The suite's LocalStack starts the Hardhat node,
# the contracts and an offline Kubo, all on free loopback ports, and stops them at the end.
# Usage: scripts/bench-outbox.sh [grants (200)] [warm-up grants per path (20)] [grants with block times (100)]
# Env: HEALTHKEY_IPFS_BINARY (the Kubo binary the test stack uses); BENCH_PROFILE=true adds a table of where the
# automine outbox round's time went (calls and ms per grant of each port method). On a shared machine run it under the
# heavy-work lock: flock /tmp/hk-heavy.lock scripts/bench-outbox.sh
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

grants="${1:-200}"
warm_up="${2:-20}"
timed="${3:-100}"
[[ "$grants" =~ ^[0-9]+$ && "$warm_up" =~ ^[0-9]+$ && "$timed" =~ ^[0-9]+$ ]] || die "counts are numbers"

cd "$HK_ROOT"
rm -f backend/target/bench-outbox.md
# -DskipPostgresITs: -Dit.test overrides the includes of failsafe's PostgreSQL execution too, which would run the
# benchmark a second time (it keeps its own H2 store either way).
mvn -o -q verify -pl protocol,backend -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=OutboxBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -DskipPostgresITs=true \
  -Dbench.grants="$grants" -Dbench.warmup="$warm_up" -Dbench.timedGrants="$timed" \
  -Dbench.profile="${BENCH_PROFILE:-false}" >/dev/null || {
    die "the benchmark failed; see backend/target/failsafe-reports/*OutboxBenchmark*"
  }
cat backend/target/bench-outbox.md
