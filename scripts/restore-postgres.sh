#!/usr/bin/env bash
# Puts a backup of HealthKey's PostgreSQL database back (docs/OPERATIONS.md, "Backup and restore of PostgreSQL";
# scripts/backup-postgres.sh makes them).
#
#   restore-postgres.sh pitr BASE_BACKUP ARCHIVE DATA [TARGET_TIME]
#       Copies BASE_BACKUP (checked with pg_verifybackup first) into DATA, a folder that must not exist yet, and
#       replays the WAL ARCHIVE over it (restore_command, recovery.signal): to the end of the archive, or up to
#       TARGET_TIME ('2026-12-07 10:15:00+00': every transaction committed at or before it, none after). Then the
#       server ends recovery (a new timeline) and serves on 127.0.0.1:PG_PORT until this script gets a signal; it is
#       stopped cleanly then and DATA kept, ready for the real server's configuration. It never archives while
#       here (archive_mode off), so the old server's archive stays as it was. Recovery that ends before
#       TARGET_TIME (an archive with a gap, a time after its last transaction) fails, and says so.
#   restore-postgres.sh dump FILE
#       Restores a dump of `backup-postgres.sh dump` into the empty database libpq's environment names (PGHOST,
#       PGPORT, PGDATABASE, PGUSER: the backend's role, which then owns every table; the password in PGPASSFILE or
#       PGPASSWORD), in one transaction: all of it or nothing.
#
# Env: PG_PORT (a free port if unset), PG_READY_FILE (pitr: written, with the port, once the server serves),
#      PG_RECOVERY_TIMEOUT (pitr: seconds the replay may take, default 3600), HEALTHKEY_PG_BIN, HEALTHKEY_PG_USER
#      (see lib/postgres.sh).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

usage() { die "usage: $0 pitr BASE_BACKUP ARCHIVE DATA [TARGET_TIME] | dump FILE"; }

bin="$(pg_bin_dir)" || die "no PostgreSQL found: install postgresql-15 or set HEALTHKEY_PG_BIN"

# The cluster state pg_controldata reads from DATA's control file: no connection, no password needed.
cluster_state() {
  pg_as "$bin/pg_controldata" -D "$1" 2>/dev/null | sed -n 's/^Database cluster state: *//p'
}

# prepare_data BASE_BACKUP ARCHIVE DATA TARGET_TIME: DATA as a copy of the base backup, set to recover from ARCHIVE.
prepare_data() {
  local base="$1" archive="$2" data="$3" target="$4"
  [[ -f "$base/backup_label" && -f "$base/backup_manifest" ]] || die "$base is not a base backup"
  [[ -d "$archive" ]] || die "no WAL archive at $archive"
  pg_safe_path "$archive" || die "the WAL archive needs a plain absolute path ([A-Za-z0-9._/-])"
  [[ -z "$target" || "$target" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[\ T][0-9:.]+([+-][0-9:]+|Z)$ ]] \
    || die "TARGET_TIME must look like '2026-12-07 10:15:00+00' (with its zone)"
  [[ ! -e "$data" ]] || die "$data exists: restore into a new folder, never over a server's files"
  "$bin/pg_verifybackup" --quiet "$base" || die "the base backup does not verify: not restored"
  mkdir -p "$(dirname "$data")"
  cp -a -- "$base" "$data"
  chmod 700 "$data"
  # Restored rows must survive a power cut from the first one on: unlike the throwaway servers, fsync stays on.
  cat >>"$data/postgresql.auto.conf" <<CONF
restore_command = 'cp -- $archive/%f %p'
recovery_target_action = 'promote'
${target:+recovery_target_time = '$target'}
CONF
  : >"$data/recovery.signal"
  if (($(id -u) == 0)); then chown -R "${HEALTHKEY_PG_USER:-postgres}:" "$data"; fi
}

pitr() {
  (($# == 3 || $# == 4)) || usage
  local base="$1" archive="$2" data target="${4:-}" port pid deadline restored=false
  data="$(abspath "$3")"
  port="${PG_PORT:-$(free_port)}"
  port_in_use "$port" && die "port $port is already in use on 127.0.0.1"
  prepare_data "$base" "$archive" "$data" "$target"
  cleanup() {
    trap - INT TERM HUP EXIT
    pg_as "$bin/pg_ctl" -D "$data" -w -t 60 stop -m fast >/dev/null 2>&1 || true
    if [[ "$restored" == true ]]; then
      log "server stopped; the restored files stay in $data"
    else
      log "nothing restored: delete $data before trying again"
    fi
  }
  trap 'cleanup; exit 143' TERM
  trap 'cleanup; exit 130' INT
  trap 'cleanup; exit 129' HUP
  trap cleanup EXIT
  log "replaying ${target:+up to $target }from $archive over $base, server on 127.0.0.1:$port, files in $data"
  # -w: back once the server accepts (read-only) connections during the replay, or has failed.
  pg_as "$bin/pg_ctl" -D "$data" -l "$data/restore.log" -w -t "${PG_RECOVERY_TIMEOUT:-3600}" start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c archive_mode=off" >/dev/null \
    || { tail -n 20 "$data/restore.log" >&2; die "recovery failed: the restored server did not start"; }
  deadline=$((SECONDS + ${PG_RECOVERY_TIMEOUT:-3600}))
  until [[ "$(cluster_state "$data")" == "in production" ]]; do
    if ! pg_as "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      tail -n 20 "$data/restore.log" >&2
      die "recovery failed: the restored server stopped"
    fi
    ((SECONDS < deadline)) || die "recovery did not finish within ${PG_RECOVERY_TIMEOUT:-3600}s"
    sleep 0.2
  done
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
    ((SECONDS < deadline)) || die "the restored server does not accept connections"
    sleep 0.2
  done
  grep -E 'recovery stopping|last completed transaction|selected new timeline' "$data/restore.log" >&2 || true
  restored=true
  [[ -z "${PG_READY_FILE:-}" ]] || printf '%s\n' "$port" >"$PG_READY_FILE"
  log "restored: 127.0.0.1:$port serves $data until this script is stopped"
  pid="$(head -n1 "$data/postmaster.pid")"
  while kill -0 "$pid" 2>/dev/null; do sleep 1 & wait $!; done
  tail -n 20 "$data/restore.log" >&2 || true
  die "the restored server exited on its own"
}

restore_dump() {
  (($# == 1)) || usage
  local file="$1" tables
  [[ -f "$file" ]] || die "no dump at $file"
  tables="$("$bin/psql" -X -A -t -v ON_ERROR_STOP=1 --no-password -c "SELECT count(*) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'")" || die "cannot reach the database to restore into"
  [[ "$tables" == 0 ]] || die "the database is not empty ($tables relations): restore into a new one"
  log "restoring $file into ${PGDATABASE:-the database} on ${PGHOST:-the server}:${PGPORT:-5432}"
  "$bin/pg_restore" --dbname="${PGDATABASE:-${PGUSER:-}}" --single-transaction --exit-on-error --no-owner \
    --no-privileges --no-password "$file" || die "pg_restore failed: nothing restored"
  log "dump restored"
}

(($# >= 1)) || usage
command="$1"
shift
case "$command" in
  pitr) pitr "$@" ;;
  dump) restore_dump "$@" ;;
  *) usage ;;
esac
