#!/usr/bin/env bash
# The API contract, proven from the outside: regenerates TypeScript types from a running backend's OpenAPI document,
# fails if they differ from the checked-in src/schema.d.ts (the document drifted: review it, then run with --update),
# type-checks the client with tsc --strict, and runs sign-in, grant and read (src/journey.ts) against the backend.
#
#   interop/ts-client/run.sh <baseUrl> [--update]       e.g. http://localhost:8080 (scripts/run.sh)
#
# Exits non-zero on any failure. The SIWE domain and URI are the base URL's host and origin: use a host the backend
# accepts (healthkey.auth.domains; scripts/run.sh accepts localhost:<port> and 127.0.0.1:<port>).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/node_modules/.bin"
base_url="${1:?usage: run.sh <baseUrl> [--update]}"
update="${2:-}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "[ts-client] the OpenAPI document of $base_url"
curl -fsS --max-time 60 "$base_url/v3/api-docs" -o "$work/openapi.json"
"$bin/openapi-typescript" "$work/openapi.json" --output "$work/schema.d.ts" --alphabetize >/dev/null

if [[ "$update" == "--update" ]]; then
  cp "$work/schema.d.ts" "$here/src/schema.d.ts"
  echo "[ts-client] src/schema.d.ts updated"
elif ! diff -u "$here/src/schema.d.ts" "$work/schema.d.ts" >"$work/drift.diff"; then
  head -n 80 "$work/drift.diff"
  echo "[ts-client] FAIL: the live document differs from src/schema.d.ts (above); review, then run with --update" >&2
  exit 1
fi

echo "[ts-client] tsc --strict"
rm -rf "$here/build"
"$bin/tsc" -p "$here/tsconfig.json"

echo "[ts-client] the journey: sign in, publish keys, upload, grant, read"
node "$here/build/journey.js" "$base_url"
