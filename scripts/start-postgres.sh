#!/usr/bin/env bash
# Run a throwaway PostgreSQL server on 127.0.0.1 until this script gets a signal, then stop it and delete
# its files. One database and one login role are created; the role's password comes from the caller.
# Env: PG_PORT (5432), PG_DATABASE (healthkey), PG_USER (healthkey), PG_PASSWORD (required, letters and digits),
#      PG_READY_FILE (optional: written, with the JDBC URL, once the database accepts the role),
#      PG_WAL_ARCHIVE (optional: a folder, kept when the server is deleted; every finished WAL segment is archived
#        there with `backup-postgres.sh archive-wal`),
#      PG_BACKUP_USER (healthkey_backup), PG_BACKUP_PASSWORD (optional, letters and digits: creates that role, which
#        may take base backups and dumps and nothing else; see docs/OPERATIONS.md, "Backup and restore of PostgreSQL"),
#      HEALTHKEY_PG_BIN, HEALTHKEY_PG_USER (see lib/postgres.sh).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

PG_PORT="${PG_PORT:-5432}"
PG_DATABASE="${PG_DATABASE:-healthkey}"
PG_USER="${PG_USER:-healthkey}"
PG_BACKUP_USER="${PG_BACKUP_USER:-healthkey_backup}"
[[ -n "${PG_PASSWORD:-}" ]] || die "set PG_PASSWORD (letters and digits)"
port_in_use "$PG_PORT" && die "port $PG_PORT is already in use on 127.0.0.1; set PG_PORT to a free port"

cluster=""
cleanup() {
  trap - INT TERM HUP EXIT
  if [[ -n "$cluster" ]]; then
    pg_stop "$cluster"
    log "PostgreSQL stopped and deleted"
  fi
}
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 129' HUP
trap cleanup EXIT

bin="$(pg_bin_dir)" || die "no PostgreSQL server found: install postgresql-15 (apt) or set HEALTHKEY_PG_BIN"
cluster="$(pg_init)"
server_options=""
if [[ -n "${PG_WAL_ARCHIVE:-}" ]]; then
  pg_enable_archiving "$cluster" "$PG_WAL_ARCHIVE"
  server_options="-c full_page_writes=on"
  log "archiving WAL segments into $PG_WAL_ARCHIVE"
fi
log "starting PostgreSQL $(pg_major "$bin") ($bin) on 127.0.0.1:$PG_PORT, files in $cluster"
pg_start "$cluster" "$PG_PORT" "$server_options" || die "PostgreSQL did not start"
pg_create_db "$cluster" "$PG_PORT" "$PG_DATABASE" "$PG_USER" "$PG_PASSWORD"
[[ -z "${PG_BACKUP_PASSWORD:-}" ]] \
  || pg_create_backup_role "$cluster" "$PG_PORT" "$PG_DATABASE" "$PG_BACKUP_USER" "$PG_BACKUP_PASSWORD"
url="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DATABASE"
[[ -z "${PG_READY_FILE:-}" ]] || printf '%s\n' "$url" >"$PG_READY_FILE"
log "PostgreSQL is ready: $url (user $PG_USER)"

# pg_ctl detached the server: watch it, and leave when it stops or when a signal arrives (the traps).
pid="$(head -n1 "$cluster/data/postmaster.pid")"
while kill -0 "$pid" 2>/dev/null; do sleep 1 & wait $!; done
tail -n 20 "$cluster/server.log" >&2 || true
die "PostgreSQL exited on its own"
