#!/usr/bin/env bash
# Slither (static analysis of the contracts) on the Hardhat build. Every finding must be triaged in
# contracts/slither-triage.json with its reason; a finding that is not fails this script, and so does a triage entry
# that no longer matches any finding (the code it excused changed: look at it again). Mocks and OpenZeppelin are
# not analysed. Prints the findings by impact.
# Env: HEALTHKEY_CACHE_DIR (where the Python tools are installed, see lib/python.sh).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/python.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/python.sh"

cd "$HK_ROOT"
bin="$(ensure_python_tools)"
log "compiling the contracts (hardhat compile)"
npx hardhat compile --quiet >&2
report="$(mktemp "${TMPDIR:-/tmp}/slither.XXXXXX.json")"
trap 'rm -f "$report"' EXIT
rm -f "$report"
log "running $("$bin/slither" --version 2>&1 | head -n1 | sed 's/^/slither /')"
# Exit status 255 means "findings", which the triage below judges; a failed analysis leaves no report.
"$bin/slither" . --hardhat-ignore-compile --filter-paths 'node_modules|contracts/mocks' --json "$report" \
  >/dev/null 2>"$report.log" || true
[[ -s "$report" ]] || { cat "$report.log" >&2; rm -f "$report.log"; die "slither produced no report"; }
rm -f "$report.log"
python3 "$HK_ROOT/scripts/slither-triage.py" "$report" "$HK_ROOT/contracts/slither-triage.json"
