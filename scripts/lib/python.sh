# shellcheck shell=bash
# The Python tools the attack steps use (schemathesis, Slither), pinned in scripts/python-tools.lock, installed from
# PyPI into a virtual environment under the build cache, one per version of the lock file. Source common.sh first.

# ensure_python_tools: create or reuse the environment and print its bin folder.
ensure_python_tools() {
  local lock="$HK_ROOT/scripts/python-tools.lock" digest venv
  require_cmd python3 "install python3 and python3-venv"
  digest="$(sha256sum "$lock" | cut -c1-12)"
  venv="$HK_CACHE_DIR/python-tools-$digest"
  if [[ ! -x "$venv/bin/schemathesis" || ! -x "$venv/bin/slither" ]]; then
    log "installing the pinned Python tools into $venv (pip, from PyPI)"
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 || die "python3 -m venv failed (install python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2 \
      || { rm -rf "$venv"; die "pip could not install scripts/python-tools.lock"; }
  fi
  printf '%s\n' "$venv/bin"
}
