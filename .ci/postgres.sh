#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store contract tests and print, on stdout, the one
# line to eval:
#
#   eval "$(bash .ci/postgres.sh)"   # -> export EVENTWIRE_TEST_PG_URL=postgresql+psycopg://...
#
# Works on a fresh Debian machine (installs the server from apt when it is missing) and is
# idempotent: re-running it while the server is up only re-checks the role and database.
# The cluster lives in its own data directory (not the distribution's "main" cluster), listens on
# 127.0.0.1 only, and runs as the "postgres" system user when invoked as root (the server refuses
# to run as root). Everything except the final export line goes to stderr.
#
# Knobs (environment): EVENTWIRE_PG_DIR (data dir, default /tmp/eventwire-pg),
# EVENTWIRE_PG_PORT (default 54329), EVENTWIRE_PG_USER / _PASSWORD / _DB (default eventwire /
# eventwire / eventwire_test).
set -euo pipefail

PGDIR="${EVENTWIRE_PG_DIR:-/tmp/eventwire-pg}"
PORT="${EVENTWIRE_PG_PORT:-54329}"
DBUSER="${EVENTWIRE_PG_USER:-eventwire}"
DBPASS="${EVENTWIRE_PG_PASSWORD:-eventwire}"
DBNAME="${EVENTWIRE_PG_DB:-eventwire_test}"

log() { echo "postgres.sh: $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

find_bindir() {
  # Newest installed server version's binaries (initdb, pg_ctl, postgres).
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  log "PostgreSQL server not installed; installing from apt"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >&2
  $SUDO apt-get install -y -q postgresql >&2
  BINDIR="$(find_bindir)"
fi
[ -x "$BINDIR/initdb" ] || { log "initdb not found after install"; exit 1; }

# Run a command as the server's owner: the postgres system user when we are root, else ourselves.
if [ "$(id -u)" -eq 0 ]; then
  OWNER="postgres"
  as_owner() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

mkdir -p "$PGDIR"
chown "$OWNER" "$PGDIR" 2>/dev/null || true
chmod 700 "$PGDIR"
DATA="$PGDIR/data"
SOCK="$PGDIR/sock"
mkdir -p "$SOCK"
chown "$OWNER" "$SOCK" 2>/dev/null || true

if [ ! -s "$DATA/PG_VERSION" ]; then
  log "initdb into $DATA"
  rm -rf "$DATA"
  # C.UTF-8 exists on current Debian; fall back to plain C where it does not.
  if ! as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >&2; then
    rm -rf "$DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C >&2
  fi
fi

if as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "server already running in $DATA"
else
  log "starting server on 127.0.0.1:$PORT"
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c fsync=on -c max_connections=200" >&2
fi

# psql is in the server's bin dir on Debian; fall back to the client wrapper on PATH.
PSQL="$BINDIR/psql"; [ -x "$PSQL" ] || PSQL="$(command -v psql)"
psql_admin() { as_owner "$PSQL" -h "$SOCK" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

# Role and database (idempotent). Identifiers and password come from the knobs above; they are
# passed as psql variables and quoted by psql (:"name" / :'value'), not pasted into SQL.
psql_admin -v u="$DBUSER" -v p="$DBPASS" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u')
\gexec
ALTER ROLE :"u" WITH LOGIN PASSWORD :'p' CREATEDB;
SQL
psql_admin -v u="$DBUSER" -v d="$DBNAME" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d')
\gexec
SQL

log "ready: database $DBNAME on 127.0.0.1:$PORT"
echo "export EVENTWIRE_TEST_PG_URL=postgresql+psycopg://${DBUSER}:${DBPASS}@127.0.0.1:${PORT}/${DBNAME}"
