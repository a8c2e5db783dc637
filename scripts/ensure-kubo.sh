#!/usr/bin/env bash
# Print on stdout the absolute path of a working Kubo `ipfs` binary, building it if needed.
# Order: `ipfs` on PATH (if `ipfs version` works), else $HK_CACHE_DIR/kubo-$KUBO_VERSION/ipfs,
# built from the Go module proxy when missing. Build output goes to stderr.
# Env: KUBO_VERSION (default v0.43.0), HEALTHKEY_CACHE_DIR (default ~/.cache/healthkey).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/gomod.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/gomod.sh"

# v0.43.1 cannot be built offline: its go.mod replaces go-libp2p with a fork the proxy refuses.
KUBO_VERSION="${KUBO_VERSION:-v0.43.0}"
KUBO_MODULE=github.com/ipfs/kubo
FALLBACK_HINT="see 'IPFS without Kubo (js-ipfs fallback)' in docs/OPERATIONS.md"

works() { "$1" version >/dev/null 2>&1; }

if have ipfs && works "$(command -v ipfs)"; then
  readlink -f "$(command -v ipfs)"
  exit 0
fi

out_dir="$HK_CACHE_DIR/kubo-$KUBO_VERSION"
bin="$out_dir/ipfs"
if [[ -x "$bin" ]] && works "$bin"; then
  printf '%s\n' "$bin"
  exit 0
fi

have go || die "Go is not installed and no 'ipfs' is on PATH: cannot build Kubo $KUBO_VERSION; install Go 1.25+ or $FALLBACK_HINT"

mkdir -p "$HK_CACHE_DIR"
exec 9>"$HK_CACHE_DIR/kubo-$KUBO_VERSION.lock"
log "waiting for the Kubo build lock" 
flock -w 3600 9 || die "timed out waiting for another Kubo build (lock $HK_CACHE_DIR/kubo-$KUBO_VERSION.lock)"
if [[ -x "$bin" ]] && works "$bin"; then   # another caller built it while we waited
  printf '%s\n' "$bin"
  exit 0
fi

start=$SECONDS
log "building Kubo $KUBO_VERSION from the Go module proxy into $bin (takes minutes on 2 cores)"
# Build Kubo as the main module, from a writable copy of its module folder, so its own go.mod applies.
src="$HK_CACHE_DIR/kubo-src-$KUBO_VERSION"
go_module_source "$KUBO_MODULE" "$KUBO_VERSION" "$src" "$FALLBACK_HINT"

mkdir -p "$out_dir"
tmp="$out_dir/.ipfs.tmp.$$"
trap 'rm -f "$tmp"' EXIT
if ! (cd "$src" && go build -trimpath -o "$tmp" ./cmd/ipfs) >&2; then
  die "building Kubo $KUBO_VERSION failed (see the go output above); $FALLBACK_HINT"
fi
works "$tmp" || die "the freshly built $tmp does not run; $FALLBACK_HINT"
mv -f "$tmp" "$bin"
log "built Kubo $KUBO_VERSION in $((SECONDS - start))s"
printf '%s\n' "$bin"
