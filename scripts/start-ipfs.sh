#!/usr/bin/env bash
# Run a Kubo IPFS node in the foreground, API and gateway on 127.0.0.1 only: offline by default, or in a swarm on
# loopback only (IPFS_SWARM_PORT set), where it exchanges blocks with the peers it is told of and with no one else.
# Env: IPFS_PATH (repo folder, default $HEALTHKEY_STATE_DIR/ipfs), IPFS_API_PORT (5001),
#      IPFS_GATEWAY_PORT (8081), HEALTHKEY_IPFS_BINARY (skip ensure-kubo.sh and use this binary),
#      IPFS_SWARM_PORT (unset: offline; set: listen for peers on 127.0.0.1 at this port, no bootstrap, no discovery),
#      IPFS_PEERING (with IPFS_SWARM_PORT: Kubo's Peering.Peers as JSON, [{"ID": "12D3…", "Addrs": ["/ip4/127.0.0.1/tcp/P"]}],
#      the peers it keeps connected; default []).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

IPFS_API_PORT="${IPFS_API_PORT:-5001}"
IPFS_GATEWAY_PORT="${IPFS_GATEWAY_PORT:-8081}"
IPFS_PATH="$(abspath "${IPFS_PATH:-$HK_STATE_DIR/ipfs}")"
export IPFS_PATH
export IPFS_TELEMETRY=off   # never phone home

ipfs_bin="${HEALTHKEY_IPFS_BINARY:-$("$HK_ROOT/scripts/ensure-kubo.sh")}"
[[ -x "$ipfs_bin" ]] || die "no usable ipfs binary ($ipfs_bin)"

for port in "$IPFS_API_PORT" "$IPFS_GATEWAY_PORT" ${IPFS_SWARM_PORT:+"$IPFS_SWARM_PORT"}; do
  if port_in_use "$port"; then
    die "port $port is already in use on 127.0.0.1; set IPFS_API_PORT / IPFS_GATEWAY_PORT / IPFS_SWARM_PORT to free ports"
  fi
done

if [[ ! -f "$IPFS_PATH/config" ]]; then
  log "initialising IPFS repo in $IPFS_PATH"
  mkdir -p "$IPFS_PATH"
  # test profile: loopback swarm, no bootstrap peers, MDNS, AutoConf and AutoTLS off.
  "$ipfs_bin" init --profile test >&2
fi

# Applied on every start, so changed ports and an older repo both end up with the same settings.
cfg() { "$ipfs_bin" config "$@" >/dev/null; }
cfg Addresses.API "/ip4/127.0.0.1/tcp/$IPFS_API_PORT"
cfg Addresses.Gateway "/ip4/127.0.0.1/tcp/$IPFS_GATEWAY_PORT"
cfg --json Bootstrap '[]'
cfg Routing.Type none
cfg --json Discovery.MDNS.Enabled false
cfg --json AutoConf.Enabled false
cfg --json AutoTLS.Enabled false
cfg --json Gateway.NoFetch true

if [[ -z "${IPFS_SWARM_PORT:-}" ]]; then
  cfg --json Addresses.Swarm '[]'
  cfg --json Peering.Peers '[]'
  log "starting $("$ipfs_bin" version) offline: API http://127.0.0.1:$IPFS_API_PORT, gateway http://127.0.0.1:$IPFS_GATEWAY_PORT"
  exec "$ipfs_bin" daemon --offline
fi

# Routing none: blocks come only from connected peers, which are the ones in Peering.Peers (and whoever dials in
# on loopback); nothing is announced or looked up beyond them.
cfg --json Addresses.Swarm "[\"/ip4/127.0.0.1/tcp/$IPFS_SWARM_PORT\"]"
cfg --json Addresses.NoAnnounce '[]'
cfg --json Swarm.Transports.Network.QUIC false
cfg --json Swarm.Transports.Network.Websocket false
cfg --json Swarm.Transports.Network.WebTransport false
cfg --json Swarm.Transports.Network.WebRTCDirect false
cfg --json Swarm.RelayClient.Enabled false
cfg --json Swarm.RelayService.Enabled false
cfg --json Peering.Peers "${IPFS_PEERING:-[]}"
log "starting $("$ipfs_bin" version) in a loopback swarm: peer $("$ipfs_bin" config Identity.PeerID) at /ip4/127.0.0.1/tcp/$IPFS_SWARM_PORT, API http://127.0.0.1:$IPFS_API_PORT, gateway http://127.0.0.1:$IPFS_GATEWAY_PORT"
exec "$ipfs_bin" daemon
