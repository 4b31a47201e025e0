#!/usr/bin/env bash
# Runs a command with QA_TEST_POSTGRES_URL pointing at a PostgreSQL server the tests may create
# and drop databases on: the one already named, else one reachable on 127.0.0.1:5432, else a
# throwaway cluster started here with initdb/pg_ctl (stopped and removed afterwards). Without any
# of these it says loudly that the PostgreSQL suite is skipped; under CI it fails instead.
set -euo pipefail

if [ -n "${QA_TEST_POSTGRES_URL:-}" ]; then
  echo "PostgreSQL suite: using QA_TEST_POSTGRES_URL"
  exec "$@"
fi

if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export QA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  echo "PostgreSQL suite: using the server on 127.0.0.1:5432"
  exec "$@"
fi

find_bin() {
  command -v "$1" 2>/dev/null && return
  ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
INITDB=$(find_bin initdb || true)
PG_CTL=$(find_bin pg_ctl || true)
if [ -n "$INITDB" ] && [ -n "$PG_CTL" ]; then
  dir=$(mktemp -d /tmp/qa-pg.XXXXXX)
  port=55432
  as_owner=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    chown postgres "$dir"
    as_owner=(runuser -u postgres --)
  fi
  "${as_owner[@]}" "$INITDB" -D "$dir/data" -U postgres --auth=trust >/dev/null
  "${as_owner[@]}" "$PG_CTL" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  cleanup() { "${as_owner[@]}" "$PG_CTL" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
  trap cleanup EXIT
  export QA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL suite: using a throwaway cluster on port $port"
  "$@"
  exit $?
fi

if [ -n "${CI:-}" ] && [ "${CI}" != "false" ]; then
  echo "ERROR: no PostgreSQL server and no initdb/pg_ctl: CI must run the PostgreSQL suite" >&2
  exit 1
fi
echo "################################################################################"
echo "## SKIPPED: the PostgreSQL suite. No QA_TEST_POSTGRES_URL, no server on        ##"
echo "## 127.0.0.1:5432, no initdb/pg_ctl. Only SQLite is tested in this run.        ##"
echo "################################################################################"
"$@"
