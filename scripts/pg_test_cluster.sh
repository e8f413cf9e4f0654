#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks of the PostgreSQL store:
# initdb in a temporary directory, a server listening only on a Unix socket in that
# directory (no TCP port, so runs never collide), one database "habeas".
#
#   eval "$(scripts/pg_test_cluster.sh start [DIR])"   # exports HABEAS_TEST_PG_URL, HABEAS_TEST_PG_DIR
#   scripts/pg_test_cluster.sh stop "$HABEAS_TEST_PG_DIR"
#
# start: DIR defaults to a new mktemp directory; starting a DIR whose server runs
# already prints the same exports again (idempotent). stop: stops the server and
# removes DIR; nothing to stop is not an error. As root (CI), the cluster belongs to
# the `postgres` user (initdb refuses root) and DIR is handed to it.
# HABEAS_PG_DURABLE=1 keeps PostgreSQL's defaults (fsync on, for benchmarks); by
# default the test cluster runs with fsync=off, synchronous_commit=off: the tests
# check behaviour, not crash safety, and a throwaway cluster has nothing to lose.
set -euo pipefail

# The socket is named after the port; the port is only a name here (no TCP).
PORT=5432
DATABASE=habeas
USER_NAME=habeas

pg_bin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$newest" ]; then
    echo "pg_test_cluster: no PostgreSQL server binaries (scripts/install-deps.sh installs them)" >&2
    exit 1
  fi
  echo "$newest"
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

print_exports() {
  echo "export HABEAS_TEST_PG_DIR='$dir'"
  echo "export HABEAS_TEST_PG_URL='postgresql:///$DATABASE?host=$dir&port=$PORT&user=$USER_NAME'"
}

running() {
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/habeas-pg.XXXXXX"); fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -w "$dir"; then
    echo "pg_test_cluster: user postgres cannot reach $dir (a parent directory is closed to it); set TMPDIR to a directory it can reach, e.g. /tmp" >&2
    exit 1
  fi
  if running; then
    print_exports
    return
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U "$USER_NAME" -A trust -E UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local options="-c listen_addresses='' -k $dir -p $PORT"
  if [ "${HABEAS_PG_DURABLE:-}" != "1" ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  if ! as_owner "$bin/psql" -h "$dir" -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
    as_owner "$bin/createdb" -h "$dir" -p "$PORT" -U "$USER_NAME" "$DATABASE"
  fi
  print_exports
}

stop() {
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then return; fi
  if running; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
}

bin=$(pg_bin)
dir=${2:-}
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
