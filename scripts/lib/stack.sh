# shellcheck shell=bash
# Starts the whole local stack (scripts/run.sh) in the background in a state folder on loopback ports, for scripts
# that test or measure the running system; stops it again. Source common.sh first.
#   stack_start STATE_DIR TIMEOUT_SECONDS [LABEL]
#       starts run.sh and waits until it wrote STATE_DIR/run.info (the backend answered); sets STACK_URL (the
#       backend's base URL) and STACK_PID. Ports come from CHAIN_PORT, IPFS_API_PORT, IPFS_GATEWAY_PORT and
#       BACKEND_PORT when set (so that a restart keeps them), else free ones. run.sh's output goes to
#       STATE_DIR/logs/run[-LABEL].log.
#   stack_stop   stops run.sh and everything it started, waiting for it (idempotent)
# Extra environment for the backend is passed through run.sh as usual (HEALTHKEY_* variables).

STACK_PID=""
STACK_URL=""

stack_start() {
  local state="$1" timeout="$2" label="${3:+-$3}" until
  mkdir -p "$state/logs"
  chmod 700 "$state"
  rm -f "$state/run.info"   # left by an earlier start on the same state folder
  local backend_port="${BACKEND_PORT:-$(free_port)}" run_log="$state/logs/run$label.log"
  HEALTHKEY_STATE_DIR="$state" CHAIN_PORT="${CHAIN_PORT:-$(free_port)}" \
    IPFS_API_PORT="${IPFS_API_PORT:-$(free_port)}" IPFS_GATEWAY_PORT="${IPFS_GATEWAY_PORT:-$(free_port)}" \
    BACKEND_PORT="$backend_port" setsid "$HK_ROOT/scripts/run.sh" >"$run_log" 2>&1 </dev/null &
  STACK_PID=$!
  STACK_URL="http://localhost:$backend_port"
  until=$((SECONDS + timeout))
  while [[ ! -s "$state/run.info" ]]; do
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      tail -n 30 "$run_log" >&2
      die "scripts/run.sh stopped before the stack was up; see $state/logs/"
    fi
    ((SECONDS < until)) || die "the stack did not come up within ${timeout}s; see $state/logs/"
    sleep 1
  done
  log "the stack is up at $STACK_URL (state folder $state)"
}

stack_stop() {
  [[ -n "$STACK_PID" ]] || return 0
  if kill -0 "$STACK_PID" 2>/dev/null; then
    log "stopping the stack (scripts/run.sh, pid $STACK_PID)"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    local until=$((SECONDS + 60))
    while kill -0 "$STACK_PID" 2>/dev/null && ((SECONDS < until)); do sleep 0.2; done
    if kill -0 "$STACK_PID" 2>/dev/null; then
      warn "scripts/run.sh (pid $STACK_PID) did not stop within 60 s; killing its process group"
      kill -KILL -- "-$STACK_PID" 2>/dev/null || true
    fi
  fi
  wait "$STACK_PID" 2>/dev/null || true
  STACK_PID=""
}
