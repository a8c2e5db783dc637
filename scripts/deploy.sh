#!/usr/bin/env bash
# Deploy (or reuse) HealthKey's contracts with scripts/deploy.js and print the deployment file's path.
# Env: CHAIN_RPC_URL (default http://127.0.0.1:$CHAIN_PORT, CHAIN_PORT default 8545),
#      DEPLOY_NETWORK (Hardhat network name, default devchain),
#      DEPLOYMENTS_DIR (default $HEALTHKEY_STATE_DIR/deployments for devchain, else <repo>/deployments).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DEPLOY_NETWORK="${DEPLOY_NETWORK:-devchain}"
export CHAIN_RPC_URL="${CHAIN_RPC_URL:-http://127.0.0.1:${CHAIN_PORT:-8545}}"
if [[ "$DEPLOY_NETWORK" == devchain ]]; then
  default_dir="$HK_STATE_DIR/deployments"
else
  default_dir="$HK_ROOT/deployments"
fi
DEPLOYMENTS_DIR="$(abspath "${DEPLOYMENTS_DIR:-$default_dir}")"
export DEPLOYMENTS_DIR
mkdir -p "$DEPLOYMENTS_DIR"
[[ -x "$HK_ROOT/node_modules/.bin/hardhat" ]] || die "Hardhat is not installed: run 'npm ci' in $HK_ROOT"

where="$DEPLOY_NETWORK"
[[ "$DEPLOY_NETWORK" != devchain ]] || where="devchain at $CHAIN_RPC_URL"
log "deploying to $where; deployment files in $DEPLOYMENTS_DIR"
cd "$HK_ROOT"
output="$(npx --no-install hardhat run scripts/deploy.js --network "$DEPLOY_NETWORK")" \
  || { printf '%s\n' "$output" >&2; die "deployment failed"; }
printf '%s\n' "$output" | sed '$d' >&2   # the script's progress lines; its last line is the file path
file="$(printf '%s\n' "$output" | tail -n1)"
[[ "$file" == /* ]] || file="$HK_ROOT/$file"
[[ -f "$file" ]] || die "deploy.js did not leave a deployment file (its last line was '$file')"
printf '%s\n' "$file"
