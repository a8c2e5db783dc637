#!/usr/bin/env bash
# Run an offline Kubo IPFS node in the foreground, API and gateway on 127.0.0.1 only.
# Env: IPFS_PATH (repo folder, default $HEALTHKEY_STATE_DIR/ipfs), IPFS_API_PORT (5001),
#      IPFS_GATEWAY_PORT (8081), HEALTHKEY_IPFS_BINARY (skip ensure-kubo.sh and use this binary).
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

for port in "$IPFS_API_PORT" "$IPFS_GATEWAY_PORT"; do
  if port_in_use "$port"; then
    die "port $port is already in use on 127.0.0.1; set IPFS_API_PORT / IPFS_GATEWAY_PORT to free ports"
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
cfg --json Addresses.Swarm '[]'
cfg --json Bootstrap '[]'
cfg Routing.Type none
cfg --json Discovery.MDNS.Enabled false
cfg --json AutoConf.Enabled false
cfg --json AutoTLS.Enabled false
cfg --json Gateway.NoFetch true

log "starting $("$ipfs_bin" version) offline: API http://127.0.0.1:$IPFS_API_PORT, gateway http://127.0.0.1:$IPFS_GATEWAY_PORT"
exec "$ipfs_bin" daemon --offline
