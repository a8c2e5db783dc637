#!/usr/bin/env bash
# Run a local Hardhat node (chain id 31337, funded dev accounts) in the foreground on 127.0.0.1.
# Env: CHAIN_PORT (8545).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

CHAIN_PORT="${CHAIN_PORT:-8545}"
[[ -x "$HK_ROOT/node_modules/.bin/hardhat" ]] || die "Hardhat is not installed: run 'npm ci' in $HK_ROOT"
if port_in_use "$CHAIN_PORT"; then
  die "port $CHAIN_PORT is already in use on 127.0.0.1; set CHAIN_PORT to a free port"
fi

cd "$HK_ROOT"
log "starting Hardhat node on http://127.0.0.1:$CHAIN_PORT"
exec npx --no-install hardhat node --hostname 127.0.0.1 --port "$CHAIN_PORT"
