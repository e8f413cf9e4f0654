#!/usr/bin/env bash
# The locator on a PostgreSQL store beside the same store in SQLite, same machine, same
# run (docs/benchmarks.md "PostgreSQL beside SQLite"): habeas-gen's lists and queries
# (as bench/search/run_benchmark.sh makes them) imported into a SQLite file, copied into
# a PostgreSQL schema with `habeas copy`; then, alternately on each store, the locator
# index built from the store (`habeas index --persons-from truth.csv`) and the query
# batch answered (`habeas find --batch`, pinned to one core). Prints per run the wall
# seconds of both, the per-query CPU and latency (median, p99, from the answers'
# cpu_ms / latency_ms) and the load average before it.
#
#   bench/search/pg_locator_benchmark.sh [BUILD_DIR] [WORK_DIR] [RUNS]
#   env: PERSONS=50000 QUERIES=5000 SEED=1 CORE=0; HABEAS_TEST_PG_URL: the server
#   (e.g. eval "$(HABEAS_PG_DURABLE=1 scripts/pg_test_cluster.sh start)")
set -euo pipefail
BUILD=${1:-build}
WORK=${2:-${TMPDIR:-/tmp}/habeas_pg_locator_bench}
RUNS=${3:-3}
PERSONS=${PERSONS:-50000}
QUERIES=${QUERIES:-5000}
SEED=${SEED:-1}
CORE=${CORE:-0}
HABEAS=$BUILD/src/cli/habeas
GEN=$BUILD/tools/gen/habeas-gen
DB=$WORK/habeas.db
: "${HABEAS_TEST_PG_URL:?set HABEAS_TEST_PG_URL (scripts/pg_test_cluster.sh start)}"
mkdir -p "$WORK"

if [ ! -f "$DB" ]; then
  "$GEN" --out "$WORK/data" --persons "$PERSONS" --seed "$SEED" --queries "$QUERIES" --quiet
  for list in manifest leak family_reports court ngo; do
    file=$(ls "$WORK/data/$list".* | grep -v '\.toml$')
    "$HABEAS" --db "$DB.tmp" -q import "$file" -m "$WORK/data/$list.toml" --accept-rejects >/dev/null
  done
  mv "$DB.tmp" "$DB"
fi
psql -q "$HABEAS_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS locator_bench CASCADE; CREATE SCHEMA locator_bench"
PG="$HABEAS_TEST_PG_URL&options=-csearch_path%3Dlocator_bench"
/usr/bin/time -f "habeas copy SQLite -> PostgreSQL: %e s wall" "$HABEAS" copy --from "$DB" --to "$PG" >/dev/null

# median and p99 of a field of the answers
stats() {
  python3 -c '
import json, sys
v = sorted(json.loads(l)[sys.argv[1]] for l in open(sys.argv[2]))
print("%.3f %.3f" % (v[len(v) // 2], v[min(len(v) - 1, int(0.99 * len(v)))]))' "$1" "$2"
}

printf '%-10s %-3s %-8s %-9s %-9s %-15s %-15s %s\n' backend run index_s batch_s queries \
  cpu_ms_med/p99 latency_ms_med/p99 load
for run in $(seq 1 "$RUNS"); do
  for backend in sqlite postgresql; do
    db=$DB; [ "$backend" = postgresql ] && db=$PG
    index=$WORK/$backend.idx
    rm -f "$index"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -o "$WORK/index_time" -f "%e" "$HABEAS" --db "$db" -q index \
      --index "$index" --persons-from "$WORK/data/truth.csv" >/dev/null
    /usr/bin/time -o "$WORK/batch_time" -f "%e" taskset -c "$CORE" "$HABEAS" --db "$db" -q \
      find --index "$index" --batch "$WORK/data/queries.csv" --json >"$WORK/$backend.jsonl"
    n=$(wc -l <"$WORK/$backend.jsonl")
    read -r cpu_med cpu_p99 < <(stats cpu_ms "$WORK/$backend.jsonl")
    read -r lat_med lat_p99 < <(stats latency_ms "$WORK/$backend.jsonl")
    printf '%-10s %-3s %-8s %-9s %-9s %-15s %-15s %s\n' "$backend" "$run" \
      "$(cat "$WORK/index_time")" "$(cat "$WORK/batch_time")" "$n" "$cpu_med/$cpu_p99" \
      "$lat_med/$lat_p99" "$load"
  done
  # The same answers from both stores (same records, same persons).
  cmp -s <(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l); d.pop("cpu_ms"); d.pop("latency_ms"); print(json.dumps(d, sort_keys=True))' "$WORK/sqlite.jsonl") \
    <(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l); d.pop("cpu_ms"); d.pop("latency_ms"); print(json.dumps(d, sort_keys=True))' "$WORK/postgresql.jsonl") \
    && echo "run $run: the same answers from both stores" \
    || echo "run $run: the answers DIFFER between the stores"
done
