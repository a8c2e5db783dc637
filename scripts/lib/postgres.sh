# shellcheck shell=bash
# A throwaway PostgreSQL cluster for development and tests: found, initialised, started on 127.0.0.1,
# given one database and one user, stopped and deleted. Source it after common.sh.
# Env: HEALTHKEY_PG_BIN (folder holding initdb, pg_ctl, postgres, psql; found otherwise),
#      HEALTHKEY_PG_USER (the unprivileged account that runs the server when we are root; default postgres).
# The cluster's folder holds its data, its unix socket and its log; only the account that runs it can enter.

# Print the folder of the PostgreSQL server binaries, preferring major version 15; fail if there is none.
pg_bin_dir() {
  local dir candidates=()
  [[ -z "${HEALTHKEY_PG_BIN:-}" ]] || candidates+=("$HEALTHKEY_PG_BIN")
  # Debian keeps servers under /usr/lib/postgresql/<major>/bin; pg_config on PATH names the client's bindir.
  candidates+=(/usr/lib/postgresql/15/bin)
  have pg_config && candidates+=("$(pg_config --bindir 2>/dev/null || true)")
  mapfile -t -O "${#candidates[@]}" candidates < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr)
  have initdb && candidates+=("$(dirname "$(command -v initdb)")")
  for dir in "${candidates[@]}"; do
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" && -x "$dir/psql" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

# The major version of the server in pg_bin_dir's folder, e.g. 15.
pg_major() {
  "$1/postgres" --version | sed -n 's/.* \([0-9][0-9]*\)\.[0-9].*/\1/p'
}

# pg_as CMD...: run CMD as the account that owns the cluster, from /, which that account can always enter.
# PostgreSQL refuses to run as root.
pg_as() {
  if (($(id -u) == 0)); then
    local user="${HEALTHKEY_PG_USER:-postgres}"
    id -u "$user" >/dev/null 2>&1 || die "running as root needs an unprivileged account '$user' for PostgreSQL"
    (cd / && setpriv --reuid="$user" --regid="$user" --init-groups --inh-caps=-all -- "$@")
  else
    (cd / && "$@")
  fi
}

# pg_init: create a private cluster folder under TMPDIR and initialise it; print the folder.
# The superuser 'postgres' may connect only through the socket in that folder (trust), which no other
# account can enter; TCP connections need a password (scram-sha-256).
pg_init() {
  local bin dir
  bin="$(pg_bin_dir)" || die "no PostgreSQL server found: install postgresql-15 or set HEALTHKEY_PG_BIN"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/healthkey-pg.XXXXXX")"
  chmod 700 "$dir"
  if (($(id -u) == 0)); then chown "${HEALTHKEY_PG_USER:-postgres}:" "$dir"; fi
  pg_as "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  # 300 connections, not the default 100: the ITs' cached Spring contexts each keep a pool open on one server. In
  # postgresql.conf, not on the command line, so that a base backup and its restore (restore-postgres.sh) have it
  # too: a standby refuses to replay WAL of a primary that allowed more connections than it does.
  printf 'max_connections = 300\n' >>"$dir/data/postgresql.conf"
  printf '%s\n' "$dir"
}

# pg_start DIR PORT [SERVER_OPTIONS]: start the cluster in the background on 127.0.0.1:PORT and wait until it
# accepts connections (at most 60 s). fsync off: the cluster is thrown away, a crash may lose it whole.
# SERVER_OPTIONS (e.g. "-c full_page_writes=on") come last and win over these defaults.
pg_start() {
  local dir="$1" port="$2" extra="${3:-}" bin options
  bin="$(pg_bin_dir)" || die "no PostgreSQL server found"
  options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off"
  pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$options -c full_page_writes=off $extra" \
    >/dev/null || { tail -n 20 "$dir/server.log" >&2; return 1; }
}

# pg_create_db DIR PORT DATABASE USER PASSWORD: a login role owning a new database.
# Names are [a-z_][a-z0-9_]*, the password is [A-Za-z0-9]+: nothing needs quoting.
pg_create_db() {
  local dir="$1" port="$2" db="$3" user="$4" password="$5" bin
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ && "$user" =~ ^[a-z_][a-z0-9_]*$ ]] || die "unsafe database or user name"
  [[ "$password" =~ ^[A-Za-z0-9]+$ ]] || die "the password must be letters and digits"
  bin="$(pg_bin_dir)" || die "no PostgreSQL server found"
  pg_as "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >/dev/null <<SQL
CREATE ROLE $user LOGIN PASSWORD '$password';
CREATE DATABASE $db OWNER $user;
SQL
}

# pg_stop DIR: stop the cluster at once (open sessions are ended) and delete its folder.
pg_stop() {
  local dir="$1" bin
  [[ -n "$dir" && -d "$dir" ]] || return 0
  if [[ -d "$dir/data" ]] && bin="$(pg_bin_dir)"; then
    pg_as "$bin/pg_ctl" -D "$dir/data" -w -t 20 stop -m fast >/dev/null 2>&1 \
      || pg_as "$bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# A random password: 128 bits as 32 hex digits (no pipe that ends early: safe under pipefail).
pg_random_password() {
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n'
}

# pg_wait_ready FILE TIMEOUT_SECONDS [PID]: wait until start-postgres.sh has written its PG_READY_FILE; give up at
# once if PID (the script) exits.
pg_wait_ready() {
  local file="$1" deadline=$((SECONDS + $2)) pid="${3:-}"
  while ((SECONDS < deadline)); do
    [[ -s "$file" ]] && return 0
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.5
  done
  return 1
}

# pg_safe_path PATH: true if PATH is absolute and made of letters, digits, '.', '_', '-' and '/' only, so that it
# can stand unquoted-safe inside a single-quoted server setting and a shell command the server runs.
pg_safe_path() {
  [[ "$1" =~ ^/[A-Za-z0-9._/-]+$ ]]
}

# pg_enable_archiving DIR ARCHIVE: before pg_start (give it "-c full_page_writes=on", as a real server writes its
# WAL), make the cluster in DIR archive every finished WAL segment into ARCHIVE (created, owned by the server's
# account) with `backup-postgres.sh archive-wal`, for base backups and point-in-time restores (docs/OPERATIONS.md,
# "Backup and restore of PostgreSQL").
pg_enable_archiving() {
  local dir="$1" archive="$2" script
  script="$HK_ROOT/scripts/backup-postgres.sh"
  pg_safe_path "$archive" && pg_safe_path "$script" \
    || die "the WAL archive and the checkout need plain absolute paths ([A-Za-z0-9._/-])"
  mkdir -p "$archive"
  if (($(id -u) == 0)); then chown "${HEALTHKEY_PG_USER:-postgres}:" "$archive"; fi
  cat >>"$dir/data/postgresql.conf" <<CONF
wal_level = replica
archive_mode = on
archive_command = '$script archive-wal $archive %p %f'
CONF
}

# pg_create_backup_role DIR PORT DATABASE USER PASSWORD: a login role that may take base backups (REPLICATION; the
# default pg_hba.conf of initdb lets it connect for replication from 127.0.0.1), dump every table (pg_read_all_data)
# and, in DATABASE, close the current WAL segment (pg_switch_wal), and nothing else: no superuser, no write.
pg_create_backup_role() {
  local dir="$1" port="$2" db="$3" user="$4" password="$5" bin
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ && "$user" =~ ^[a-z_][a-z0-9_]*$ ]] || die "unsafe database or backup role name"
  [[ "$password" =~ ^[A-Za-z0-9]+$ ]] || die "the backup password must be letters and digits"
  bin="$(pg_bin_dir)" || die "no PostgreSQL server found"
  # A function's rights belong to one database: the grant is made in the database the role backs up.
  pg_as "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d "$db" >/dev/null <<SQL
CREATE ROLE $user LOGIN REPLICATION PASSWORD '$password';
GRANT pg_read_all_data TO $user;
GRANT EXECUTE ON FUNCTION pg_switch_wal() TO $user;
SQL
}
