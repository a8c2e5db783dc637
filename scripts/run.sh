#!/usr/bin/env bash
# The one command that runs HealthKey locally: a Hardhat chain, an offline Kubo IPFS node, the
# contracts deployed on the chain, and the backend. Stays in the foreground; Ctrl-C stops all of it.
# Env: CHAIN_PORT (8545), IPFS_API_PORT (5001), IPFS_GATEWAY_PORT (8081), BACKEND_PORT (8080),
#      HEALTHKEY_STATE_DIR (<repo>/.healthkey), HEALTHKEY_START_TIMEOUT (seconds, 180),
#      HEALTHKEY_REBUILD=1 (rebuild the backend jar even if it looks up to date), JAVA_OPTS,
#      HEALTHKEY_IPFS_API_URL (use this IPFS RPC API, e.g. a remote Kubo or js-ipfs, instead of starting Kubo),
#      HEALTHKEY_IPFS_STORE=embedded (no IPFS node: the embedded content store; also the fallback without Kubo),
#      HEALTHKEY_STORAGE=cluster (a three-peer IPFS Cluster, scripts/start-cluster.sh, instead of the single Kubo;
#      CLUSTER_PORT_BASE, 9100, and CLUSTER_REPLICATION_MIN/MAX, 2/3, as there; see 'IPFS Cluster' in OPERATIONS.md),
#      HEALTHKEY_DATABASE=postgres (a throwaway PostgreSQL 15 on PG_PORT, 5432, instead of the embedded H2; its data
#      is deleted when run.sh stops), HEALTHKEY_KEEP_DEV_DATABASE=1 (keep the H2 database of the last run; see below).
#      HEALTHKEY_WEB_PUBLIC_CHAIN_RPC_URL (the chain RPC URL GET /network offers browsers without a wallet; the
#      local chain's by default).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

CHAIN_PORT="${CHAIN_PORT:-8545}"
IPFS_API_PORT="${IPFS_API_PORT:-5001}"
IPFS_GATEWAY_PORT="${IPFS_GATEWAY_PORT:-8081}"
BACKEND_PORT="${BACKEND_PORT:-8080}"
PG_PORT="${PG_PORT:-5432}"
DATABASE="${HEALTHKEY_DATABASE:-h2}"
STORAGE="${HEALTHKEY_STORAGE:-kubo}"
START_TIMEOUT="${HEALTHKEY_START_TIMEOUT:-180}"
LOG_DIR="$HK_STATE_DIR/logs"
INFO_FILE="$HK_STATE_DIR/run.info"
JAR="$HK_ROOT/backend/target/healthkey-backend.jar"

PIDS=()    # process groups this script started (each pid is its group's leader)
NAMES=()

# ---------------------------------------------------------------- process handling

# start_group NAME LOGFILE CMD...: start CMD in its own session/process group, output to LOGFILE.
start_group() {
  local name="$1" logfile="$2"; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  PIDS+=("$!")
  NAMES+=("$name")
}

forget_group() {   # forget_group PID: drop a finished group from the lists
  local i
  for i in "${!PIDS[@]}"; do
    if [[ "${PIDS[i]}" == "$1" ]]; then unset 'PIDS[i]' 'NAMES[i]'; fi
  done
  PIDS=("${PIDS[@]}") NAMES=("${NAMES[@]}")
}

# run_step NAME LOGFILE CMD...: run CMD to completion in its own group, so that a signal to this
# script can stop it at once; on failure show the end of LOGFILE and return CMD's status.
run_step() {
  local logfile="$2" pid rc=0
  start_group "$@"
  pid="${PIDS[-1]}"
  wait "$pid" || rc=$?
  forget_group "$pid"
  if ((rc != 0)); then
    tail -n 30 "$logfile" >&2 || true
  fi
  return "$rc"
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_all() {
  local i pid deadline
  trap - INT TERM HUP EXIT
  trap '' PIPE   # the terminal or pipe may be gone (hang-up): writing must not kill us before cleanup
  set +e
  ((${#PIDS[@]})) || return 0
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do   # newest first: backend, PostgreSQL, IPFS, chain
    kill -TERM -- "-${PIDS[i]}" 2>/dev/null
  done
  log "stopping: ${NAMES[*]}"
  deadline=$((SECONDS + 20))
  for pid in "${PIDS[@]}"; do
    while group_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if group_alive "$pid"; then
      warn "process group $pid did not stop in time; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  rm -f "$INFO_FILE"
  PIDS=() NAMES=()
  log "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 129' HUP
trap 'stop_all' EXIT

# ---------------------------------------------------------------- checks

check_prerequisites() {
  local problems=() jm nm
  jm="$(java_major)"
  if [[ -z "$jm" ]]; then problems+=("java not found: install a JDK 17 or newer")
  elif ((jm < 17)); then problems+=("java $jm found, 17 or newer needed"); fi
  have mvn || problems+=("mvn (Maven 3.8+) not found")
  nm="$(node_major)"
  if [[ -z "$nm" ]]; then problems+=("node not found: install Node.js 20 or newer")
  elif ((nm < 20)); then problems+=("node $nm found, 20 or newer needed"); fi
  have npm || problems+=("npm not found")
  local tool
  for tool in curl flock setsid; do have "$tool" || problems+=("$tool not found"); done
  if ((${#problems[@]})); then
    for tool in "${problems[@]}"; do log "missing prerequisite: $tool"; done
    die "install the missing prerequisites above and run again"
  fi
  if ! have ipfs && ! have go; then
    warn "neither 'ipfs' nor Go is on PATH: Kubo can only come from the build cache ($HK_CACHE_DIR)"
  fi
}

check_port() {   # check_port PORT VARNAME
  if port_in_use "$1"; then
    die "port $1 is already in use by another program; stop it or pick another port: $2=<free port> scripts/run.sh"
  fi
}

backend_is_stale() {
  [[ "${HEALTHKEY_REBUILD:-0}" == 1 || ! -f "$JAR" ]] && return 0
  local changed
  local r="$HK_ROOT"
  changed="$(find "$r/pom.xml" "$r/protocol" "$r/backend" "$r/contracts" "$r/hardhat.config.js" "$r/package-lock.json" \
    "$r/web" -name target -prune -o -name node_modules -prune -o -path "$r/web/test" -prune -o -type f \
    -newer "$JAR" -print -quit 2>/dev/null \
    || true)"
  [[ -n "$changed" ]]
}

print_info() {
  cat <<INFO
HealthKey is running (state: $HK_STATE_DIR)
  Web app       http://127.0.0.1:$BACKEND_PORT/app/
  API           http://127.0.0.1:$BACKEND_PORT/api/v1/network
  Swagger UI    http://127.0.0.1:$BACKEND_PORT/swagger-ui.html
  Health        http://127.0.0.1:$BACKEND_PORT/actuator/health
  Chain RPC     http://127.0.0.1:$CHAIN_PORT (chain id 31337)
  IPFS API      ${1:-NOT RUNNING}
  IPFS gateway  ${2:-NOT RUNNING}
  Database      $4
  Deployment    $3
  Accounts      $5
  Logs          $LOG_DIR/
INFO
}

# ---------------------------------------------------------------- main

mkdir -p "$LOG_DIR" "$HK_STATE_DIR/data"
# A state folder made before umask 077 (or by hand) is narrowed too: it holds keys, logs and the databases.
chmod -R go= "$HK_STATE_DIR"
exec 9>"$HK_STATE_DIR/run.lock"
if ! flock -n 9; then
  trap - INT TERM HUP EXIT
  if [[ -f "$INFO_FILE" ]]; then
    log "HealthKey is already running from this state folder; nothing to do"
    cat "$INFO_FILE"
  else
    log "HealthKey is already starting from $HK_STATE_DIR (another scripts/run.sh); see $LOG_DIR/"
  fi
  exit 0
fi

check_prerequisites
check_port "$CHAIN_PORT" CHAIN_PORT
check_port "$BACKEND_PORT" BACKEND_PORT
case "$DATABASE" in
  h2) ;;
  postgres)
    pg_bin_dir >/dev/null || die "HEALTHKEY_DATABASE=postgres: no PostgreSQL server found (install postgresql-15)"
    check_port "$PG_PORT" PG_PORT ;;
  *) die "HEALTHKEY_DATABASE must be h2 or postgres, not '$DATABASE'" ;;
esac
case "$STORAGE" in
  kubo) ;;
  cluster)
    [[ -z "${HEALTHKEY_IPFS_API_URL:-}" && "${HEALTHKEY_IPFS_STORE:-kubo}" == kubo ]] \
      || die "HEALTHKEY_STORAGE=cluster starts its own IPFS nodes: unset HEALTHKEY_IPFS_API_URL and HEALTHKEY_IPFS_STORE" ;;
  *) die "HEALTHKEY_STORAGE must be kubo or cluster, not '$STORAGE'" ;;
esac

# The dev chain (a Hardhat node, in memory) starts empty on every run, while a database describes one chain: the
# last run's records, grants, event index and relayer nonces would point at blocks and nonces that no longer exist,
# and nothing could be relayed. So the dev database starts empty with the chain (the PostgreSQL one is throwaway
# anyway); the IPFS repository and the clinic key are kept.
# HEALTHKEY_KEEP_DEV_DATABASE=1 keeps it: the backend then finds that the chain is not its database's, reports
# health DOWN with what to do, and relays and indexes nothing (scripts/test-run-twice.sh checks that).
h2_files=("$HK_STATE_DIR/data/healthkey.mv.db" "$HK_STATE_DIR/data/healthkey.trace.db")
if [[ "${HEALTHKEY_KEEP_DEV_DATABASE:-0}" == 1 ]]; then
  warn "HEALTHKEY_KEEP_DEV_DATABASE=1: keeping the dev database of a chain that no longer exists; nothing will be relayed"
elif [[ "$DATABASE" == h2 && -e "${h2_files[0]}" ]]; then
  log "the dev chain starts empty on every run, so the dev database starts empty with it: removing ${h2_files[0]}"
  rm -f "${h2_files[@]}"
fi

cd "$HK_ROOT"
ensure_node_modules
ensure_web_node_modules

if backend_is_stale; then
  log "building the backend jar (mvn -B -q -DskipTests package); log: $LOG_DIR/build.log"
  run_step build "$LOG_DIR/build.log" mvn -B -q -DskipTests package \
    || die "the backend build failed; full log: $LOG_DIR/build.log"
fi
[[ -f "$JAR" ]] || die "the build did not produce $JAR"

external_ipfs="${HEALTHKEY_IPFS_API_URL:-}"
ipfs_bin="${HEALTHKEY_IPFS_BINARY:-}"
ipfs_store="${HEALTHKEY_IPFS_STORE:-kubo}"
if [[ -n "$external_ipfs" ]]; then
  log "using the IPFS node at $external_ipfs (HEALTHKEY_IPFS_API_URL); not starting one"
elif [[ "$ipfs_store" == embedded ]]; then
  log "HEALTHKEY_IPFS_STORE=embedded: records go to the embedded content store; no IPFS node started"
elif [[ -z "$ipfs_bin" ]]; then
  log "looking for Kubo (the first run builds it, which takes minutes); log: $LOG_DIR/kubo-build.log"
  # shellcheck disable=SC2016 # $1 and $2 expand in the inner bash
  if run_step kubo "$LOG_DIR/kubo-build.log" \
    bash -c '"$1" >"$2"' _ "$HK_ROOT/scripts/ensure-kubo.sh" "$HK_STATE_DIR/ipfs-binary.path"; then
    ipfs_bin="$(cat "$HK_STATE_DIR/ipfs-binary.path")"
  elif [[ "$STORAGE" == cluster ]]; then
    die "HEALTHKEY_STORAGE=cluster needs Kubo for its peers and none could be built; see $LOG_DIR/kubo-build.log"
  else
    ipfs_store=embedded
    warn "no Kubo: records go to the embedded content store under $HK_STATE_DIR/data (the same blocks and CIDs as"
    warn "Kubo's); the first run with Kubo pushes them to it. See 'IPFS without Kubo' in docs/OPERATIONS.md"
  fi
fi

if [[ "$STORAGE" == cluster ]]; then
  ipfs_store=cluster
  log "building or finding IPFS Cluster (the first run builds it, which takes minutes); log: $LOG_DIR/cluster-build.log"
  run_step cluster-build "$LOG_DIR/cluster-build.log" "$HK_ROOT/scripts/ensure-ipfs-cluster.sh" \
    || die "IPFS Cluster could not be built; see $LOG_DIR/cluster-build.log, or run without HEALTHKEY_STORAGE=cluster"
fi

if [[ -z "$external_ipfs" && -n "$ipfs_bin" && "$ipfs_store" == kubo ]]; then
  check_port "$IPFS_API_PORT" IPFS_API_PORT
  check_port "$IPFS_GATEWAY_PORT" IPFS_GATEWAY_PORT
fi

log "starting the chain on 127.0.0.1:$CHAIN_PORT; log: $LOG_DIR/chain.log"
start_group chain "$LOG_DIR/chain.log" env CHAIN_PORT="$CHAIN_PORT" "$HK_ROOT/scripts/start-chain.sh"
chain_url="http://127.0.0.1:$CHAIN_PORT"

ipfs_api="$external_ipfs" ipfs_gateway=""
[[ -z "$external_ipfs" ]] || ipfs_gateway="(that of the external node)"
cluster_env=()
if [[ "$ipfs_store" == cluster ]]; then
  log "starting the three-peer IPFS Cluster; log: $LOG_DIR/cluster.log (and cluster-peer*.log)"
  start_group cluster "$LOG_DIR/cluster.log" env HEALTHKEY_IPFS_BINARY="$ipfs_bin" "$HK_ROOT/scripts/start-cluster.sh"
elif [[ -z "$external_ipfs" && -n "$ipfs_bin" && "$ipfs_store" == kubo ]]; then
  log "starting IPFS ($ipfs_bin); log: $LOG_DIR/ipfs.log"
  start_group ipfs "$LOG_DIR/ipfs.log" env HEALTHKEY_IPFS_BINARY="$ipfs_bin" IPFS_PATH="$HK_STATE_DIR/ipfs" \
    IPFS_API_PORT="$IPFS_API_PORT" IPFS_GATEWAY_PORT="$IPFS_GATEWAY_PORT" "$HK_ROOT/scripts/start-ipfs.sh"
  ipfs_api="http://127.0.0.1:$IPFS_API_PORT"
  ipfs_gateway="http://127.0.0.1:$IPFS_GATEWAY_PORT"
fi

HK_WAIT_PID="${PIDS[0]}" wait_for_chain "$chain_url" 60 || die "the chain did not start; see $LOG_DIR/chain.log"
log "chain is up"
if [[ -n "$external_ipfs" ]]; then
  wait_for_http "$ipfs_api/api/v0/version" 10 -X POST || warn "the IPFS node at $ipfs_api does not answer"
elif [[ "$ipfs_store" == cluster ]]; then
  deadline=$((SECONDS + 180))
  until [[ -s "$HK_STATE_DIR/cluster/cluster.env" ]]; do
    kill -0 "${PIDS[1]}" 2>/dev/null || die "IPFS Cluster stopped while starting; see $LOG_DIR/cluster.log"
    ((SECONDS < deadline)) || die "IPFS Cluster did not start within 180s; see $LOG_DIR/cluster.log"
    sleep 1
  done
  # shellcheck source=/dev/null # written by start-cluster.sh: CLUSTER_API_URL, CLUSTER_KUBO_API_URLS
  source "$HK_STATE_DIR/cluster/cluster.env"
  cluster_env=(HEALTHKEY_IPFS_CLUSTER_APIURL="$CLUSTER_API_URL" HEALTHKEY_IPFS_CLUSTER_KUBOAPIURLS="$CLUSTER_KUBO_API_URLS"
    HEALTHKEY_IPFS_CLUSTER_REPLICATIONMIN="${CLUSTER_REPLICATION_MIN:-2}"
    HEALTHKEY_IPFS_CLUSTER_REPLICATIONMAX="${CLUSTER_REPLICATION_MAX:-3}")
  ipfs_api="$CLUSTER_API_URL"
  log "IPFS Cluster is up"
elif [[ -n "$ipfs_bin" && "$ipfs_store" != embedded ]]; then
  HK_WAIT_PID="${PIDS[1]}" wait_for_http "$ipfs_api/api/v0/version" 60 -X POST \
    || die "IPFS did not start; see $LOG_DIR/ipfs.log"
  log "IPFS is up"
fi

log "deploying the contracts; log: $LOG_DIR/deploy.log"
# shellcheck disable=SC2016 # $1 and $2 expand in the inner bash
run_step deploy "$LOG_DIR/deploy.log" env CHAIN_RPC_URL="$chain_url" DEPLOYMENTS_DIR="$HK_STATE_DIR/deployments" \
  bash -c '"$1" >"$2"' _ "$HK_ROOT/scripts/deploy.sh" "$HK_STATE_DIR/deployment.path" \
  || die "deploying the contracts failed; full log: $LOG_DIR/deploy.log"
deployment_file="$(cat "$HK_STATE_DIR/deployment.path")"
log "contracts deployed: $deployment_file"

# The dev clinic (Hardhat account #2, accredited by deploy.js on the dev chain) may use the clinic gateway;
# its encryption key is made once and kept in the state folder, readable by this user only.
clinic_key="$HK_STATE_DIR/dev-clinic.key"
if [[ ! -s "$clinic_key" ]]; then
  (umask 077 && node -e 'console.log("0x" + require("crypto").randomBytes(32).toString("hex"))' >"$clinic_key")
fi

profiles=local database_env=() database_info="H2, $HK_STATE_DIR/data"
if [[ "$DATABASE" == postgres ]]; then
  pg_password="$(pg_random_password)"
  rm -f "$HK_STATE_DIR/postgres.ready"
  log "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT; log: $LOG_DIR/postgres.log"
  start_group postgres "$LOG_DIR/postgres.log" env PG_PORT="$PG_PORT" PG_PASSWORD="$pg_password" \
    PG_READY_FILE="$HK_STATE_DIR/postgres.ready" "$HK_ROOT/scripts/start-postgres.sh"
  pg_wait_ready "$HK_STATE_DIR/postgres.ready" 60 "${PIDS[-1]}" \
    || die "PostgreSQL did not start; see $LOG_DIR/postgres.log"
  profiles=local,postgres
  database_env=(HEALTHKEY_DATABASE_HOST=127.0.0.1 HEALTHKEY_DATABASE_PORT="$PG_PORT" HEALTHKEY_DATABASE_NAME=healthkey
    HEALTHKEY_DATABASE_USER=healthkey HEALTHKEY_DATABASE_PASSWORD="$pg_password")
  database_info="PostgreSQL $(cat "$HK_STATE_DIR/postgres.ready") (user healthkey; deleted on stop)"
  log "PostgreSQL is up"
fi

log "starting the backend on 127.0.0.1:$BACKEND_PORT; log: $LOG_DIR/backend.log"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
start_group backend "$LOG_DIR/backend.log" env \
  SPRING_PROFILES_ACTIVE="$profiles" "${database_env[@]}" "${cluster_env[@]}" \
  SERVER_ADDRESS=127.0.0.1 \
  SERVER_PORT="$BACKEND_PORT" \
  HEALTHKEY_CHAIN_RPC_URL="$chain_url" \
  HEALTHKEY_WEB_PUBLIC_CHAIN_RPC_URL="${HEALTHKEY_WEB_PUBLIC_CHAIN_RPC_URL:-$chain_url}" \
  HEALTHKEY_CHAIN_DEPLOYMENT_FILE="$deployment_file" \
  HEALTHKEY_IPFS_API_URL="${ipfs_api:-http://127.0.0.1:$IPFS_API_PORT}" \
  HEALTHKEY_IPFS_STORE="$ipfs_store" \
  HEALTHKEY_DATA_DIR="$HK_STATE_DIR/data" \
  HEALTHKEY_GATEWAY_CLINICS_0_ADDRESS="${HEALTHKEY_GATEWAY_CLINICS_0_ADDRESS:-0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC}" \
  HEALTHKEY_GATEWAY_CLINICS_0_KEY_FILE="${HEALTHKEY_GATEWAY_CLINICS_0_KEY_FILE:-$clinic_key}" \
  HEALTHKEY_AUTH_DOMAINS="${HEALTHKEY_AUTH_DOMAINS:-localhost:$BACKEND_PORT,127.0.0.1:$BACKEND_PORT}" \
  HEALTHKEY_AUTH_URI_ORIGINS="${HEALTHKEY_AUTH_URI_ORIGINS:-http://localhost:$BACKEND_PORT,http://127.0.0.1:$BACKEND_PORT}" \
  java -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$JAR"
health_url="http://127.0.0.1:$BACKEND_PORT/actuator/health"
# 503 means up but a component (say IPFS) is DOWN: still up, and reported below.
HK_WAIT_ACCEPT='^(200|503)$' HK_WAIT_PID="${PIDS[-1]}" wait_for_http "$health_url" "$START_TIMEOUT" \
  || die "the backend did not answer $health_url within ${START_TIMEOUT}s; see $LOG_DIR/backend.log"
# One line from the health JSON: "UP (chain UP, database UP, ipfs UP, ...)".
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
health="$(curl -s --max-time 5 "$health_url" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    try {
      const h = JSON.parse(s);
      const parts = Object.entries(h.components || {}).map(([name, c]) => `${name} ${c.status}`);
      console.log(`${h.status}${parts.length ? ` (${parts.join(", ")})` : ""}`);
    } catch (e) { console.log(s); }
  });' || true)"
if [[ "$(http_status "$health_url")" == 200 ]]; then
  log "backend is up, health: $health"
else
  warn "backend is up but not healthy: $health"
fi

if [[ "$ipfs_store" == embedded ]]; then
  ipfs_api="none: embedded content store under $HK_STATE_DIR/data" ipfs_gateway="none"
elif [[ "$ipfs_store" == cluster ]]; then
  ipfs_api="IPFS Cluster REST API $CLUSTER_API_URL (3 peers; Kubo RPC $CLUSTER_KUBO_API_URLS)" ipfs_gateway="none"
fi
# The smart-account contracts: the factory the relayer deploys patients' accounts with, and the relay that does it.
account_contracts="$(node -e 'const c = require(process.argv[1]).contracts;
  const at = (name) => (c[name] ? c[name].address : "not deployed");
  console.log(`PasskeyAccountFactory ${at("PasskeyAccountFactory")}, CounterfactualAccountRelay ${at("CounterfactualAccountRelay")}`);' \
  "$deployment_file")"
print_info "$ipfs_api" "$ipfs_gateway" "$deployment_file" "$database_info" "$account_contracts" | tee "$INFO_FILE"
echo "Press Ctrl-C to stop."

# Stay in the foreground until a signal (handled by the traps) or until one of the processes dies.
rc=0
wait -n "${PIDS[@]}" || rc=$?
for i in "${!PIDS[@]}"; do
  if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
    log "${NAMES[i]} exited unexpectedly (status $rc); see $LOG_DIR/${NAMES[i]}.log"
  fi
done
stop_all
exit 1
