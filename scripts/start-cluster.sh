#!/usr/bin/env bash
# Run a three-peer IPFS Cluster on 127.0.0.1 in the foreground: each peer has its own Kubo (scripts/start-ipfs.sh in
# a loopback swarm, peered with the other two) and its own state folder; CRDT consensus with the three as trusted
# peers; REST API and IPFS proxy on loopback; the cluster's libp2p on loopback, TCP only, no discovery.
# Once all three peers see each other and can be allocated pins it writes $HK_STATE_DIR/cluster/cluster.env
# (CLUSTER_API_URL, CLUSTER_KUBO_API_URLS); a signal (or the end of every peer) stops all six processes and removes that file.
# A second start on the same state folder reuses the identities, the secret and the pins.
# Env: HEALTHKEY_STATE_DIR, CLUSTER_PORT_BASE (9100: peer N uses BASE+10*(N-1) + 0 Kubo API, 1 Kubo gateway,
#      2 Kubo swarm, 3 cluster libp2p, 4 cluster REST API, 5 cluster IPFS proxy),
#      CLUSTER_REPLICATION_MIN (2), CLUSTER_REPLICATION_MAX (3), CLUSTER_MONITOR_INTERVAL (3s: how often a peer
#      says it is alive; a peer silent for twice as long is taken as lost and its pins are allocated elsewhere),
#      CLUSTER_START_TIMEOUT (120 seconds), HEALTHKEY_IPFS_BINARY (as in start-ipfs.sh).
# State: $HK_STATE_DIR/cluster/secret (made once, 0600, never printed), peerN/ipfs (Kubo), peerN/cluster
#      (identity, service.json, pin state), peerN/{ipfs,cluster}.pid; logs in $HK_STATE_DIR/logs/cluster-peerN-*.log.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PEERS=3
PORT_BASE="${CLUSTER_PORT_BASE:-9100}"
REPLICATION_MIN="${CLUSTER_REPLICATION_MIN:-2}"
REPLICATION_MAX="${CLUSTER_REPLICATION_MAX:-3}"
MONITOR_INTERVAL="${CLUSTER_MONITOR_INTERVAL:-3s}"
START_TIMEOUT="${CLUSTER_START_TIMEOUT:-120}"
CLUSTER_DIR="$HK_STATE_DIR/cluster"
LOG_DIR="$HK_STATE_DIR/logs"
READY_FILE="$CLUSTER_DIR/cluster.env"

((REPLICATION_MIN >= 1 && REPLICATION_MIN <= REPLICATION_MAX && REPLICATION_MAX <= PEERS)) \
  || die "need 1 <= CLUSTER_REPLICATION_MIN ($REPLICATION_MIN) <= CLUSTER_REPLICATION_MAX ($REPLICATION_MAX) <= $PEERS"
require_cmd node "it edits the peers' JSON configuration"
require_cmd curl

port() { printf '%s\n' $((PORT_BASE + 10 * ($1 - 1) + $2)); }   # port PEER OFFSET
kubo_api_port() { port "$1" 0; }
cluster_rest_port() { port "$1" 4; }
peer_dir() { printf '%s/peer%s\n' "$CLUSTER_DIR" "$1"; }
# The peer id in a JSON file (Kubo's config: Identity.PeerID; the cluster's identity.json: id), empty if none yet.
json_peer_id() {
  [[ -f "$1" ]] || return 0
  node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
           console.log((j.Identity && j.Identity.PeerID) || j.id || "")' "$1"
}

ipfs_bin="${HEALTHKEY_IPFS_BINARY:-$("$HK_ROOT/scripts/ensure-kubo.sh")}"
cluster_bin="$("$HK_ROOT/scripts/ensure-ipfs-cluster.sh")/ipfs-cluster-service"

for ((n = 1; n <= PEERS; n++)); do
  for offset in 0 1 2 3 4 5; do
    p="$(port "$n" "$offset")"
    port_in_use "$p" && die "port $p is already in use on 127.0.0.1; set CLUSTER_PORT_BASE to a free range of $((10 * PEERS)) ports"
  done
done

mkdir -p "$CLUSTER_DIR" "$LOG_DIR"
rm -f "$READY_FILE"
if [[ ! -s "$CLUSTER_DIR/secret" ]]; then
  # 32 random bytes in hex, as the cluster wants; umask 077 (common.sh) keeps the file 0600.
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$CLUSTER_DIR/secret.tmp"
  mv "$CLUSTER_DIR/secret.tmp" "$CLUSTER_DIR/secret"
  log "made a new cluster secret in $CLUSTER_DIR/secret"
fi

CHILDREN=()
stop_children() {
  local pid deadline
  trap - INT TERM HUP EXIT
  set +e
  rm -f "$READY_FILE"
  ((${#CHILDREN[@]})) || return 0
  log "stopping the cluster (${#CHILDREN[@]} processes)"
  kill -TERM "${CHILDREN[@]}" 2>/dev/null
  deadline=$((SECONDS + 20))
  for pid in "${CHILDREN[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { warn "process $pid did not stop in time; killing it"; kill -KILL "$pid" 2>/dev/null; }
  done
  wait 2>/dev/null
  CHILDREN=()
}
trap 'stop_children; exit 130' INT
trap 'stop_children; exit 143' TERM
trap 'stop_children; exit 129' HUP
trap 'stop_children' EXIT

# start_child PIDFILE LOGFILE CMD...: in this script's process group (a signal to the group stops it too).
start_child() {
  local pidfile="$1" logfile="$2"; shift 2
  "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  CHILDREN+=("$!")
  printf '%s\n' "$!" >"$pidfile"
}

# ---- the three Kubo nodes, one after the other: each is peered with those whose identity exists already (all of
# them from the second start on; on the first, the later ones dial the earlier ones, which is as good).
for ((n = 1; n <= PEERS; n++)); do
  dir="$(peer_dir "$n")"
  mkdir -p "$dir"
  peering="" sep=""
  for ((m = 1; m <= PEERS; m++)); do
    ((m != n)) || continue
    id="$(json_peer_id "$(peer_dir "$m")/ipfs/config")"
    [[ -n "$id" ]] || continue
    peering+="$sep{\"ID\":\"$id\",\"Addrs\":[\"/ip4/127.0.0.1/tcp/$(port "$m" 2)\"]}" sep=","
  done
  start_child "$dir/ipfs.pid" "$LOG_DIR/cluster-peer$n-ipfs.log" env HEALTHKEY_IPFS_BINARY="$ipfs_bin" \
    IPFS_PATH="$dir/ipfs" IPFS_API_PORT="$(kubo_api_port "$n")" IPFS_GATEWAY_PORT="$(port "$n" 1)" \
    IPFS_SWARM_PORT="$(port "$n" 2)" IPFS_PEERING="[$peering]" "$HK_ROOT/scripts/start-ipfs.sh"
  HK_WAIT_PID="${CHILDREN[-1]}" wait_for_http "http://127.0.0.1:$(kubo_api_port "$n")/api/v0/version" 60 -X POST \
    || die "Kubo of peer $n did not start; see $LOG_DIR/cluster-peer$n-ipfs.log"
done

# ---- the three cluster peers: identities first (the trusted peers and peerstores name all three), then start.
for ((n = 1; n <= PEERS; n++)); do
  dir="$(peer_dir "$n")/cluster"
  if [[ ! -f "$dir/identity.json" ]]; then
    mkdir -p "$dir"
    "$cluster_bin" --config "$dir" init --consensus crdt --force >"$LOG_DIR/cluster-peer$n-init.log" 2>&1 \
      || die "could not initialise cluster peer $n; see $LOG_DIR/cluster-peer$n-init.log"
  fi
done
ids=()
for ((n = 1; n <= PEERS; n++)); do
  ids+=("$(json_peer_id "$(peer_dir "$n")/cluster/identity.json")")
  [[ -n "${ids[-1]}" ]] || die "cluster peer $n has no identity in $(peer_dir "$n")/cluster/identity.json"
done
trusted="$(IFS=,; printf '%s' "${ids[*]}")"
for ((n = 1; n <= PEERS; n++)); do
  dir="$(peer_dir "$n")/cluster"
  CLUSTER_SECRET_FILE="$CLUSTER_DIR/secret" CLUSTER_PEERNAME="peer$n" CLUSTER_TRUSTED_PEERS="$trusted" \
    CLUSTER_SWARM_PORT="$(port "$n" 3)" CLUSTER_REST_PORT="$(cluster_rest_port "$n")" CLUSTER_PROXY_PORT="$(port "$n" 5)" \
    CLUSTER_KUBO_API_PORT="$(kubo_api_port "$n")" CLUSTER_REPLICATION_MIN="$REPLICATION_MIN" \
    CLUSTER_REPLICATION_MAX="$REPLICATION_MAX" CLUSTER_MONITOR_INTERVAL="$MONITOR_INTERVAL" \
    node "$HK_ROOT/scripts/lib/cluster-config.js" "$dir/service.json" || die "could not configure cluster peer $n"
  : >"$dir/peerstore"
  for ((m = 1; m <= PEERS; m++)); do
    ((m != n)) || continue
    printf '/ip4/127.0.0.1/tcp/%s/p2p/%s\n' "$(port "$m" 3)" "${ids[m - 1]}" >>"$dir/peerstore"
  done
  start_child "$(peer_dir "$n")/cluster.pid" "$LOG_DIR/cluster-peer$n.log" "$cluster_bin" --config "$dir" daemon
done

# ---- ready when every REST API answers, peer 1 sees all three peers without error, and peer 1 holds every peer's
# metrics for the allocator (balanced: tag:group, freespace). Peers publish those some seconds after they join;
# until then a pin asking for REPLICATION_MIN peers cannot be placed, and an upload would be refused.
deadline=$((SECONDS + START_TIMEOUT))
for ((n = 1; n <= PEERS; n++)); do
  HK_WAIT_PID="$(cat "$(peer_dir "$n")/cluster.pid")" \
    wait_for_http "http://127.0.0.1:$(cluster_rest_port "$n")/id" $((deadline - SECONDS > 1 ? deadline - SECONDS : 1)) \
    || die "cluster peer $n did not start; see $LOG_DIR/cluster-peer$n.log"
done
api="http://127.0.0.1:$(cluster_rest_port 1)"
until (($(curl -s --max-time 5 "$api/peers" | grep -c '"error":""') >= PEERS)); do
  ((SECONDS < deadline)) || die "the cluster peers did not all see each other within ${START_TIMEOUT}s; see $LOG_DIR/cluster-peer*.log"
  sleep 1
done
metric_peers() {   # metric_peers NAME: how many peers' valid NAME metrics peer 1 holds
  curl -s --max-time 5 "$api/monitor/metrics/$1" | grep -o '"valid":true' | wc -l
}
until (($(metric_peers tag:group) >= PEERS && $(metric_peers freespace) >= PEERS)); do
  ((SECONDS < deadline)) || die "peer 1 did not receive every peer's allocation metrics within ${START_TIMEOUT}s; see $LOG_DIR/cluster-peer*.log"
  sleep 1
done

kubo_urls="" sep=""
for ((n = 1; n <= PEERS; n++)); do
  kubo_urls+="${sep}http://127.0.0.1:$(kubo_api_port "$n")" sep=","
done
printf 'CLUSTER_API_URL=%s\nCLUSTER_KUBO_API_URLS=%s\n' "$api" "$kubo_urls" >"$READY_FILE.tmp"
mv "$READY_FILE.tmp" "$READY_FILE"
log "IPFS Cluster is up: $PEERS peers, replication $REPLICATION_MIN..$REPLICATION_MAX, REST API $api, Kubo RPC $kubo_urls"

# Stay until a signal, or until every child has ended (a peer stopped on purpose leaves the others running).
wait || true
