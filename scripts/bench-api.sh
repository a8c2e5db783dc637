#!/usr/bin/env bash
# Benchmarks through the HTTP API, printed as Markdown tables (interop/bench-api.mjs): a large upload end to end,
# client-side encrypted and through the clinic gateway, against `ipfs add` of the same bytes on the same Kubo; and
# the latency of GET /api/v1/access against the same eth_call made with ethers.
#
# Starts its own stack with scripts/run.sh (Hardhat chain, offline Kubo, contracts, backend) on loopback ports in a
# fresh state folder, the backend with -Xmx128m and a GC log, a clinic configured for the gateway; stops all of it
# and deletes the folder on exit. Everything is bounded by BENCH_TIMEOUT.
#
# Usage: scripts/bench-api.sh [--size-mib N] [--runs N] [--warm-up N] [--paths ipfs-cli,ipfs-rpc,client,gateway]
#                             [--access-n N] [--access-warmup N] [--storage kubo|cluster|both]
#                             [--skip-upload] [--skip-access] [--keep] [--out FILE]
#   --storage   the content store (default $HEALTHKEY_STORAGE, else kubo): the single Kubo, the three-peer IPFS
#               Cluster (HEALTHKEY_STORAGE=cluster of run.sh; only the API paths), or both, one stack after the
#               other on the same machine, their upload rows in one table
#   --keep      keep the state folder (logs, GC log, Kubo repo) instead of deleting it
#   --out FILE  also write the tables to FILE
# Env: BENCH_TIMEOUT (seconds for everything, the jar build included; 2400), BENCH_JAVA_OPTS (added to
#      -Xmx128m and the GC log), BENCH_MAX_RECORD_SIZE (healthkey.records.max-size, 1GB), HEALTHKEY_BENCH_DIR
#      (state folder; default a new folder under $TMPDIR), CHAIN_PORT, IPFS_API_PORT, IPFS_GATEWAY_PORT,
#      BACKEND_PORT (default: free ports picked by the kernel), BENCH_FHIR_WARM_UP_WAIT (seconds to wait for the
#      backend's FHIR validator warm-up to end before measuring; 180), BENCH_FHIR_WARM_UP (true; false: the backend
#      never loads the FHIR validator, as a deployment without plaintext FHIR).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

driver_args=()
storage="${HEALTHKEY_STORAGE:-kubo}"
keep=0
out_file=""
while (($#)); do
  case "$1" in
    --size-mib | --runs | --warm-up | --paths | --access-n | --access-warmup)
      (($# >= 2)) || die "$1 needs a value"
      driver_args+=("$1" "$2"); shift 2 ;;
    --skip-upload | --skip-access) driver_args+=("$1"); shift ;;
    --storage) (($# >= 2)) || die "--storage needs kubo, cluster or both"; storage="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --out) (($# >= 2)) || die "--out needs a file"; out_file="$(abspath "$2")"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

case "$storage" in kubo | cluster | both) ;; *) die "--storage must be kubo, cluster or both, not '$storage'" ;; esac
BENCH_TIMEOUT="${BENCH_TIMEOUT:-2400}"
deadline=$((SECONDS + BENCH_TIMEOUT))
remaining() { echo $((deadline - SECONDS)); }
for tool in curl jcmd ss setsid timeout node; do require_cmd "$tool"; done

state="${HEALTHKEY_BENCH_DIR:-}"
if [[ -z "$state" ]]; then
  state="$(mktemp -d "${TMPDIR:-/tmp}/healthkey-bench.XXXXXX")"
else
  state="$(abspath "$state")"
  mkdir -p "$state"
fi
mkdir -p "$state/logs" "$state/work"
chmod 700 "$state"

run_pid=""
stop_stack() {
  if [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2>/dev/null; then
    log "stopping the stack (scripts/run.sh, pid $run_pid)"
    kill -TERM "$run_pid" 2>/dev/null
    local until=$((SECONDS + 40))
    while kill -0 "$run_pid" 2>/dev/null && ((SECONDS < until)); do sleep 0.2; done
    if kill -0 "$run_pid" 2>/dev/null; then
      warn "scripts/run.sh did not stop in time; killing its process group"
      kill -KILL -- "-$run_pid" 2>/dev/null
    fi
  fi
  run_pid=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  set +e
  stop_stack
  if ((keep)); then
    log "kept the state folder: $state"
  else
    rm -rf "$state"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The clinic the gateway serves: a fresh wallet (signs in) and encryption key, both 0600. The driver has the
# deployer accredit it, publishes its encryption key, and has the patient grant it WRITE.
(umask 077 && node -e 'const c = require("crypto");
  for (const f of process.argv.slice(1)) require("fs").writeFileSync(f, "0x" + c.randomBytes(32).toString("hex") + "\n");' \
  "$state/clinic-wallet.key" "$state/clinic-encryption.key")
clinic_address="$(cd "$HK_ROOT" && node -e 'const { Wallet } = require("ethers");
  console.log(new Wallet(require("fs").readFileSync(process.argv[1], "utf8").trim()).address)' "$state/clinic-wallet.key")"

# BENCH_FHIR_WARM_UP=false: the backend never loads HAPI's R4 definitions (then the driver's FHIR checks load them
# on the first FHIR post), which is what a deployment without plaintext FHIR does; the default loads them at start.
fhir_warm_up="${BENCH_FHIR_WARM_UP:-true}"

# bench_one STORAGE LABEL STATE_DIR RESULTS_FILE [DRIVER_ARG...]: one stack on STORAGE (kubo or cluster) in
# STATE_DIR, the driver's tables in RESULTS_FILE (upload rows named after LABEL), then the stack stopped.
bench_one() {
  local storage="$1" label="$2" dir="$3" results="$4"; shift 4
  local chain_port="${CHAIN_PORT:-$(free_port)}" ipfs_api_port="${IPFS_API_PORT:-$(free_port)}"
  local ipfs_gateway_port="${IPFS_GATEWAY_PORT:-$(free_port)}" backend_port="${BACKEND_PORT:-$(free_port)}"
  local cluster_base="${CLUSTER_PORT_BASE:-$(free_port_range 30)}"
  mkdir -p "$dir/logs" "$dir/work"
  local gc_log="$dir/logs/backend-gc.log"
  local java_opts="-Xmx128m -Xlog:gc:file=$gc_log ${BENCH_JAVA_OPTS:-}"
  log "$label: state folder $dir; ports: chain $chain_port, IPFS API $ipfs_api_port, backend $backend_port"
  log "$label: starting the stack with scripts/run.sh (JAVA_OPTS=$java_opts); log: $dir/logs/run.log"
  HEALTHKEY_STATE_DIR="$dir" CHAIN_PORT="$chain_port" IPFS_API_PORT="$ipfs_api_port" \
    IPFS_GATEWAY_PORT="$ipfs_gateway_port" BACKEND_PORT="$backend_port" JAVA_OPTS="$java_opts" \
    HEALTHKEY_RECORDS_MAX_SIZE="${BENCH_MAX_RECORD_SIZE:-1GB}" \
    HEALTHKEY_GATEWAY_CLINICS_0_ADDRESS="$clinic_address" \
    HEALTHKEY_GATEWAY_CLINICS_0_KEY_FILE="$state/clinic-encryption.key" \
    HEALTHKEY_IPFS_API_URL="" HEALTHKEY_IPFS_STORE=kubo HEALTHKEY_STORAGE="$storage" CLUSTER_PORT_BASE="$cluster_base" \
    HEALTHKEY_FHIR_WARM_UP="$fhir_warm_up" \
    setsid "$HK_ROOT/scripts/run.sh" >"$dir/logs/run.log" 2>&1 </dev/null &
  run_pid=$!

  while [[ ! -s "$dir/run.info" ]]; do
    if ! kill -0 "$run_pid" 2>/dev/null; then
      tail -n 30 "$dir/logs/run.log" >&2
      die "scripts/run.sh stopped before the stack was up; see above and $dir/logs/ (--keep keeps them)"
    fi
    (($(remaining) > 0)) || die "the stack did not come up within BENCH_TIMEOUT=${BENCH_TIMEOUT}s"
    sleep 1
  done
  log "$label: the stack is up ($((SECONDS))s)"

  # The backend indexes HAPI's FHIR R4 definitions on a background thread once it is up (FhirValidatorWarmUp):
  # seconds of CPU. Measure after it, not during it.
  local backend_log="$dir/logs/backend.log"
  local warm_until=$((SECONDS + ${BENCH_FHIR_WARM_UP_WAIT:-180}))
  [[ "$fhir_warm_up" == true ]] || warm_until=$SECONDS
  while [[ "$fhir_warm_up" == true ]] && ! grep -q 'FHIR validator warmed up\|FHIR validator warm-up failed\|OutOfMemoryError' "$backend_log" 2>/dev/null; do
    if ((SECONDS >= warm_until || $(remaining) <= 0)); then warn "no FHIR validator warm-up line in the backend log"; break; fi
    sleep 1
  done
  grep -h 'FHIR validator warm\|OutOfMemoryError' "$backend_log" | sed 's/.*: /backend: /' >&2 || true

  local backend_pid kubo_pid="" ipfs_api ipfs_path
  backend_pid="$(ss -ltnpH "sport = :$backend_port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1)"
  [[ -n "$backend_pid" ]] || warn "could not find the backend's pid: no jcmd heap readings and no CPU times"
  # run.sh writes the Kubo binary's path only when it looked for one itself, not when HEALTHKEY_IPFS_BINARY names it.
  local ipfs_bin="${HEALTHKEY_IPFS_BINARY:-$(cat "$dir/ipfs-binary.path" 2>/dev/null || true)}"
  if [[ "$storage" == cluster ]]; then
    # The cluster's Kubos are three processes beside three cluster services: no single "Kubo CPU" to report.
    ipfs_api="$(sed -n 's/^CLUSTER_KUBO_API_URLS=\([^,]*\).*/\1/p' "$dir/cluster/cluster.env")"
    ipfs_path="$dir/cluster/peer1/ipfs"
    set -- "$@" --paths client,gateway
  else
    # run.sh falls back to the embedded content store when it finds no Kubo; this benchmark needs Kubo.
    kubo_pid="$(ss -ltnpH "sport = :$ipfs_api_port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1)"
    [[ -n "$kubo_pid" ]] || die "no Kubo node is running (see $dir/logs/kubo-build.log and ipfs.log; --keep keeps them)"
    ipfs_api="http://127.0.0.1:$ipfs_api_port" ipfs_path="$dir/ipfs"
  fi
  [[ -n "$ipfs_bin" && -n "$ipfs_api" ]] || die "no Kubo for $label (see $dir/logs/; --keep keeps them)"
  (($(remaining) > 0)) || die "no time left for the benchmark (BENCH_TIMEOUT=${BENCH_TIMEOUT}s)"
  (cd "$HK_ROOT" && timeout --kill-after=10 "$(remaining)" node interop/bench-api.mjs \
    --backend "http://127.0.0.1:$backend_port" --chain "http://127.0.0.1:$chain_port" \
    --ipfs-api "$ipfs_api" --ipfs-bin "$ipfs_bin" --ipfs-path "$ipfs_path" --storage "$label" \
    --clinic-wallet-key "$state/clinic-wallet.key" --clinic-encryption-key "$state/clinic-encryption.key" \
    --work "$dir/work" --gc-log "$gc_log" ${backend_pid:+--backend-pid "$backend_pid"} ${kubo_pid:+--kubo-pid "$kubo_pid"} \
    --java-opts="-Xmx128m -Xlog:gc:file=<state>/logs/backend-gc.log ${BENCH_JAVA_OPTS:-}" "$@" >"$results") \
    || { rc=$?; cat "$results"; grep -m3 'OutOfMemoryError' "$backend_log" >&2 || true
         die "the benchmark driver failed on $label (status $rc)"; }

  local oom
  oom="$(grep -c 'OutOfMemoryError' "$backend_log" || true)"
  if ((oom > 0)); then
    warn "the backend log has $oom OutOfMemoryError line(s); first: $(grep -m1 'OutOfMemoryError' "$backend_log")"
    printf '\n**The backend ran out of heap during this run (%s)** (%s OutOfMemoryError lines in its log).\n' \
      "$label" "$oom" >>"$results"
  fi
  stop_stack
}

results="$state/results.md"
case "$storage" in
  kubo) bench_one kubo "single Kubo" "$state" "$results" "${driver_args[@]}" ;;
  cluster) bench_one cluster "IPFS Cluster" "$state" "$results" "${driver_args[@]}" ;;
  both)
    bench_one kubo "single Kubo" "$state/kubo" "$state/results-kubo.md" "${driver_args[@]}"
    bench_one cluster "IPFS Cluster" "$state/cluster" "$state/results-cluster.md" "${driver_args[@]}" --skip-access
    # One upload table: the cluster's rows after the single Kubo's; the cluster run's other figures below.
    node "$HK_ROOT/scripts/lib/bench-merge.js" "$state/results-kubo.md" "$state/results-cluster.md" >"$results" ;;
esac
cat "$results"
[[ -z "$out_file" ]] || cp "$results" "$out_file"
log "done in $((SECONDS))s"
