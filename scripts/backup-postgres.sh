#!/usr/bin/env bash
# Backups of HealthKey's PostgreSQL database, with PostgreSQL's own tools (docs/OPERATIONS.md, "Backup and restore
# of PostgreSQL"; scripts/restore-postgres.sh puts them back).
#
#   backup-postgres.sh archive-wal ARCHIVE WAL_PATH WAL_NAME
#       The server's archive_command: archive_command = '/path/to/backup-postgres.sh archive-wal /archive %p %f'.
#       Copies one finished WAL segment (or history or backup-label file) into ARCHIVE and answers 0 only once the
#       copy is on disk under its final name: written to a temporary name, fsynced, linked to WAL_NAME (which never
#       replaces an existing file), the folder fsynced. A file already archived with the same bytes answers 0 (the
#       server retries a segment whose success it did not hear); with other bytes it answers 1 and keeps both, so
#       the server keeps the segment and retries while an operator looks. Any failure answers 1: the server keeps
#       the segment in pg_wal and tries again, so nothing is reported archived that is not.
#   backup-postgres.sh base BACKUPS
#       A base backup (pg_basebackup, plain format, its WAL streamed with it, fast checkpoint) into
#       BACKUPS/base-<UTC time>, checked with pg_verifybackup before it gets that name; prints its path.
#   backup-postgres.sh dump FILE
#       A logical dump (pg_dump -Fc) of the database into FILE, listed back with pg_restore before it gets that
#       name; prints FILE. The simpler alternative: what is lost is everything since the last dump.
#
# base and dump reach the server through libpq's environment: PGHOST, PGPORT, PGDATABASE (dump), PGUSER (a role with
# REPLICATION and pg_read_all_data, see docs/OPERATIONS.md), and the password in PGPASSFILE or PGPASSWORD, never on a
# command line. Env: HEALTHKEY_PG_BIN (see lib/postgres.sh).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

usage() { die "usage: $0 archive-wal ARCHIVE WAL_PATH WAL_NAME | base BACKUPS | dump FILE"; }

archive_wal() {
  (($# == 3)) || usage
  local archive="$1" source="$2" name="$3" target temporary
  # Segment (24 hex digits, maybe .partial), timeline history, backup label: nothing else, no path in the name.
  [[ "$name" =~ ^[0-9A-F]{8}(\.history|[0-9A-F]{16}(\.partial|\.[0-9A-F]{8}\.backup)?)$ ]] \
    || { log "not a WAL file name: refusing it"; return 1; }
  [[ -d "$archive" ]] || { log "no archive folder $archive"; return 1; }
  target="$archive/$name"
  if [[ -e "$target" ]]; then
    cmp -s -- "$source" "$target" && return 0
    log "$target exists with other bytes: kept, and $name is not archived (see docs/OPERATIONS.md)"
    return 1
  fi
  temporary="$archive/.$name.$$.tmp"
  # ln refuses an existing name: a file that appeared meanwhile is never replaced, and no reader sees half a copy.
  if cp -- "$source" "$temporary" && sync -- "$temporary" && ln -- "$temporary" "$target"; then
    rm -f -- "$temporary"
    sync -- "$archive" && return 0
    log "$name linked but the folder could not be synced: not reported archived"
    rm -f -- "$target"
    return 1
  fi
  rm -f -- "$temporary"
  log "could not archive $name into $archive"
  return 1
}

base_backup() {
  (($# == 1)) || usage
  local backups="$1" bin name partial
  bin="$(pg_bin_dir)" || die "no PostgreSQL found: install postgresql-15 or set HEALTHKEY_PG_BIN"
  mkdir -p "$backups"
  name="base-$(date -u +%Y%m%dT%H%M%SZ)"
  [[ ! -e "$backups/$name" ]] || die "$backups/$name exists already"
  partial="$backups/.$name.partial"
  rm -rf "$partial"
  log "base backup of ${PGHOST:-the server}:${PGPORT:-5432} into $backups/$name"
  "$bin/pg_basebackup" --pgdata="$partial" --format=plain --wal-method=stream --checkpoint=fast \
    --label="healthkey $name" --no-password \
    || { rm -rf "$partial"; die "pg_basebackup failed"; }
  "$bin/pg_verifybackup" --quiet "$partial" || { rm -rf "$partial"; die "the base backup does not verify"; }
  mv -T -- "$partial" "$backups/$name"
  sync -- "$backups"
  printf '%s\n' "$backups/$name"
}

logical_dump() {
  (($# == 1)) || usage
  local file="$1" bin partial
  bin="$(pg_bin_dir)" || die "no PostgreSQL found: install postgresql-15 or set HEALTHKEY_PG_BIN"
  partial="$file.partial"
  log "dump of ${PGDATABASE:-the database} on ${PGHOST:-the server}:${PGPORT:-5432} into $file"
  "$bin/pg_dump" --format=custom --no-password --file="$partial" \
    || { rm -f "$partial"; die "pg_dump failed"; }
  "$bin/pg_restore" --list "$partial" >/dev/null || { rm -f "$partial"; die "the dump does not read back"; }
  sync -- "$partial"
  mv -T -- "$partial" "$file"
  sync -- "$(dirname "$file")"
  printf '%s\n' "$file"
}

(($# >= 1)) || usage
command="$1"
shift
case "$command" in
  archive-wal) archive_wal "$@" ;;
  base) base_backup "$@" ;;
  dump) logical_dump "$@" ;;
  *) usage ;;
esac
