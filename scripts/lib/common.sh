# shellcheck shell=bash
# Shared helpers for HealthKey's scripts. Source it; it defines functions and a few variables only.
#   HK_ROOT       absolute path of the repository root
#   HK_STATE_DIR  absolute path of the local state folder (HEALTHKEY_STATE_DIR, default $HK_ROOT/.healthkey)
#   HK_CACHE_DIR  absolute path of the build cache outside the repo (HEALTHKEY_CACHE_DIR, default ~/.cache/healthkey)
# Everything a helper says goes to stderr, so stdout stays free for a script's real output.
# Sourcing it sets umask 077: whatever the scripts and the processes they start create (the state folder, logs, keys,
# the databases, the IPFS repository) is readable by its owner only (files 0600, folders 0700).

umask 077

HK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HK_STATE_DIR="${HEALTHKEY_STATE_DIR:-$HK_ROOT/.healthkey}"
HK_CACHE_DIR="${HEALTHKEY_CACHE_DIR:-${HOME:-/root}/.cache/healthkey}"
HK_LOG_TAG="${HK_LOG_TAG:-$(basename "$0" .sh)}"

# Make a path absolute without requiring it to exist.
abspath() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "${1#./}" ;;
  esac
}
HK_STATE_DIR="$(abspath "$HK_STATE_DIR")"
HK_CACHE_DIR="$(abspath "$HK_CACHE_DIR")"

# Never fails: a closed terminal or pipe on stderr must not abort a script (or its cleanup) under set -e.
log() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$HK_LOG_TAG" "$*" >&2 2>/dev/null || true; }
warn() { log "WARNING: $*"; }
die() { log "ERROR: $*"; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }
require_cmd() { have "$1" || die "'$1' not found on PATH${2:+: $2}"; }

# Major version of the java/node on PATH (empty if absent).
java_major() {
  have java || return 0
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.[0-9]*\)*.*/\1/p' | head -n1
}
node_major() {
  have node || return 0
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a TCP port that is free on 127.0.0.1 right now (the kernel picks it).
free_port() {
  local port
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})' 2>/dev/null)" \
    || die "could not pick a free port (node missing?)"
  printf '%s\n' "$port"
}

# free_port_range COUNT: print a port P such that P..P+COUNT-1 are all free on 127.0.0.1 right now.
free_port_range() {
  local count="$1" attempt base port
  for ((attempt = 0; attempt < 50; attempt++)); do
    base=$((20000 + RANDOM % 30000))
    for ((port = base; port < base + count; port++)); do
      port_in_use "$port" && continue 2
    done
    printf '%s\n' "$base"
    return 0
  done
  die "found no $count free consecutive ports on 127.0.0.1"
}

# http_status URL [CURL_ARG...]: print the HTTP status code, 000 if nothing answered.
http_status() {
  local url="$1"; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

# wait_for_http URL TIMEOUT_SECONDS [CURL_ARG...]
# Polls URL once a second until it answers with a status matching HK_WAIT_ACCEPT (a regex, default ^2),
# for at most TIMEOUT_SECONDS. If HK_WAIT_PID is set and that process exits, gives up at once.
wait_for_http() {
  local url="$1" timeout="$2"; shift 2
  local accept="${HK_WAIT_ACCEPT:-^2}" deadline=$((SECONDS + timeout)) code
  while ((SECONDS < deadline)); do
    code="$(http_status "$url" "$@")"
    if [[ "$code" =~ $accept ]]; then
      return 0
    fi
    if [[ -n "${HK_WAIT_PID:-}" ]] && ! kill -0 "$HK_WAIT_PID" 2>/dev/null; then
      log "process $HK_WAIT_PID exited while waiting for $url"
      return 1
    fi
    sleep 1
  done
  log "no answer from $url within ${timeout}s (last status $code)"
  return 1
}

# wait_for_chain RPC_URL TIMEOUT_SECONDS: wait until a JSON-RPC node answers eth_chainId.
wait_for_chain() {
  wait_for_http "$1" "$2" -X POST -H 'Content-Type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}'
}

# npm ci when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
  local marker="$HK_ROOT/node_modules/.package-lock.json"
  if [[ ! -f "$marker" || "$HK_ROOT/package-lock.json" -nt "$marker" ]]; then
    # npm ci empties node_modules first: through a symlink that would wipe another checkout's packages.
    [[ ! -L "$HK_ROOT/node_modules" ]] || die "node_modules is a symlink and out of date; run 'npm ci' yourself"
    log "installing npm packages (npm ci)"
    (cd "$HK_ROOT" && npm ci --no-audit --no-fund >&2)
  fi
}

# The web app's own packages (web/package-lock.json), installed the same way.
ensure_web_node_modules() {
  local marker="$HK_ROOT/web/node_modules/.package-lock.json"
  if [[ ! -f "$marker" || "$HK_ROOT/web/package-lock.json" -nt "$marker" ]]; then
    log "installing the web app's npm packages (npm ci in web/)"
    (cd "$HK_ROOT/web" && npm ci --no-audit --no-fund >&2)
  fi
}
