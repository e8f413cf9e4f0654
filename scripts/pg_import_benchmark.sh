#!/usr/bin/env bash
# The import benchmark on PostgreSQL beside SQLite, same machine, same run: a list of
# SIZE rows (bench/make_import_list.py) imported RUNS times into a fresh SQLite file and
# into a fresh schema of a throwaway PostgreSQL cluster with PostgreSQL's durable
# defaults (fsync on; scripts/pg_test_cluster.sh with HABEAS_PG_DURABLE=1, Unix socket).
# Prints wall seconds, rows/s, the habeas process's CPU seconds and, for PostgreSQL,
# the server's (its backends' CPU, read from the postmaster's reaped children), and the
# load average (1, 5, 15 min) just before the run: the machine may be shared.
# With VERIFY=1, also times `habeas verify` of each store just imported (the ledger's
# check of every row). HABEAS=PATH runs another build of habeas (a baseline).
# Usage: [SIZE=1000000] [VERIFY=1] [HABEAS=...] scripts/pg_import_benchmark.sh [RUNS]
#   (numbers: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
n=${SIZE:-1000000}
work="${TMPDIR:-/tmp}/habeas_pg_import_bench"
mkdir -p "$work"
list="$work/list_$n.csv"
[ -f "$list" ] || python3 bench/make_import_list.py "$n" "$list"
habeas=${HABEAS:-build/src/cli/habeas}
# A PostgreSQL store's ledger key goes under $XDG_DATA_HOME/habeas: ours, not the user's.
export XDG_DATA_HOME="$work/data"
# Seconds `habeas verify` takes on store $1 (when VERIFY=1; "-" otherwise).
verify_seconds() {
  if [ "${VERIFY:-0}" != 1 ]; then echo -; return; fi
  /usr/bin/time -f "%e" -o "$work/verify_time" "$habeas" --quiet --db "$1" verify >/dev/null
  cat "$work/verify_time"
}

eval "$(HABEAS_PG_DURABLE=1 scripts/pg_test_cluster.sh start "$work/pg")"
trap 'scripts/pg_test_cluster.sh stop "$HABEAS_TEST_PG_DIR"' EXIT
postmaster=$(head -1 "$HABEAS_TEST_PG_DIR/data/postmaster.pid")
ticks=$(getconf CLK_TCK)
# CPU seconds of the whole server: the postmaster, its live processes (checkpointer,
# WAL writer, ...) and the backends it has reaped (the import's, once it disconnected).
server_cpu() {
  sleep 0.5  # the import's backend is reaped
  {
    cat "/proc/$postmaster/stat"
    for pid in $(pgrep -P "$postmaster"); do cat "/proc/$pid/stat" 2>/dev/null || true; done
  } | awk -v t="$ticks" -v pm="$postmaster" \
    '{ sum += $14 + $15; if ($1 == pm) sum += $16 + $17 } END { printf "%.2f", sum / t }'
}

printf '%-8s %-10s %-4s %8s %9s %11s %11s %9s  %s\n' rows backend run seconds rows/s habeas_cpu server_cpu verify_s load
for run in $(seq 1 "$runs"); do
  rm -f "$work/b.db" "$work/b.db-wal" "$work/b.db-shm" "$work/b.db.ledger-key"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %S" -o "$work/time" \
    "$habeas" --quiet --db "$work/b.db" import "$list" --mapping bench/import_list.toml >/dev/null
  read -r secs user sys <"$work/time"
  verify=$(verify_seconds "$work/b.db")
  awk -v n="$n" -v r="$run" -v s="$secs" -v u="$user" -v sy="$sys" -v v="$verify" -v l="$load" \
    'BEGIN { printf "%-8s %-10s %-4s %8s %9.0f %11.2f %11s %9s  %s\n", n, "sqlite", r, s, n / s, u + sy, "-", v, l }'

  schema="bench_$run"
  psql -q "$HABEAS_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
  url="$HABEAS_TEST_PG_URL&options=-csearch_path%3D$schema"
  before=$(server_cpu)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %S" -o "$work/time" \
    "$habeas" --quiet --db "$url" import "$list" --mapping bench/import_list.toml >/dev/null 2>&1
  read -r secs user sys <"$work/time"
  after=$(server_cpu)
  verify=$(verify_seconds "$url")
  awk -v n="$n" -v r="$run" -v s="$secs" -v u="$user" -v sy="$sys" \
    -v b="$before" -v a="$after" -v v="$verify" -v l="$load" \
    'BEGIN { printf "%-8s %-10s %-4s %8s %9.0f %11.2f %11.2f %9s  %s\n", n, "postgresql", r, s, n / s, u + sy, a - b, v, l }'
done
