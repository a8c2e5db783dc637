#!/usr/bin/env bash
# Print on stdout the folder holding working IPFS Cluster binaries (ipfs-cluster-service, ipfs-cluster-ctl),
# building them if needed: $HK_CACHE_DIR/ipfs-cluster-$IPFS_CLUSTER_VERSION/, built from the Go module proxy when
# missing. Build output goes to stderr.
# Env: IPFS_CLUSTER_VERSION (default v1.1.0), HEALTHKEY_CACHE_DIR (default ~/.cache/healthkey).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/gomod.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/gomod.sh"

# v1.1.0 is the newest release the Go module proxy serves (v1.1.1 and later are refused); it builds with Go 1.26.
IPFS_CLUSTER_VERSION="${IPFS_CLUSTER_VERSION:-v1.1.0}"
CLUSTER_MODULE=github.com/ipfs-cluster/ipfs-cluster
COMMANDS=(ipfs-cluster-service ipfs-cluster-ctl)
HINT="the single Kubo store needs none of this: leave HEALTHKEY_STORAGE unset (see 'IPFS Cluster' in docs/OPERATIONS.md)"

out_dir="$HK_CACHE_DIR/ipfs-cluster-$IPFS_CLUSTER_VERSION"
built() {
  local cmd
  for cmd in "${COMMANDS[@]}"; do
    [[ -x "$out_dir/$cmd" ]] && "$out_dir/$cmd" --version >/dev/null 2>&1 || return 1
  done
}

if built; then
  printf '%s\n' "$out_dir"
  exit 0
fi

have go || die "Go is not installed: cannot build IPFS Cluster $IPFS_CLUSTER_VERSION; install Go 1.25+; $HINT"

mkdir -p "$HK_CACHE_DIR"
exec 9>"$HK_CACHE_DIR/ipfs-cluster-$IPFS_CLUSTER_VERSION.lock"
log "waiting for the IPFS Cluster build lock"
flock -w 3600 9 || die "timed out waiting for another IPFS Cluster build (lock $HK_CACHE_DIR/ipfs-cluster-$IPFS_CLUSTER_VERSION.lock)"
if built; then   # another caller built them while we waited
  printf '%s\n' "$out_dir"
  exit 0
fi

start=$SECONDS
log "building IPFS Cluster $IPFS_CLUSTER_VERSION from the Go module proxy into $out_dir (takes minutes on 2 cores)"
# Build it as the main module, from a writable copy of its module folder, so its own go.mod applies.
src="$HK_CACHE_DIR/ipfs-cluster-src-$IPFS_CLUSTER_VERSION"
go_module_source "$CLUSTER_MODULE" "$IPFS_CLUSTER_VERSION" "$src" "$HINT"

mkdir -p "$out_dir"
tmp_dir="$(mktemp -d "$out_dir/.build.XXXXXX")"
trap 'rm -rf "$tmp_dir"' EXIT
for cmd in "${COMMANDS[@]}"; do
  if ! (cd "$src" && go build -trimpath -o "$tmp_dir/$cmd" "./cmd/$cmd") >&2; then
    die "building $cmd $IPFS_CLUSTER_VERSION failed (see the go output above); $HINT"
  fi
  "$tmp_dir/$cmd" --version >/dev/null 2>&1 || die "the freshly built $tmp_dir/$cmd does not run; $HINT"
done
for cmd in "${COMMANDS[@]}"; do
  mv -f "$tmp_dir/$cmd" "$out_dir/$cmd"
done
log "built IPFS Cluster $IPFS_CLUSTER_VERSION in $((SECONDS - start))s"
printf '%s\n' "$out_dir"
