#!/usr/bin/env bash
# The locator benchmark (docs/locator.md "Benchmark"): Habeas vs PostgreSQL pg_trgm on
# the same generated lists and queries, in the same run.
#
#   bench/search/run_benchmark.sh [BUILD_DIR] [WORK_DIR]
#   env: PERSONS=50000 QUERIES=5000 SEED=1 PERSON_MODE=truth|link|records CORE=0
#        PROFILE=default|hard (habeas-gen's profile) SKIP_PG=1 (no pg_trgm baseline)
#
# PERSON_MODE: where person ids come from. `truth` (default) uses the generator's
# truth.csv (isolates the locator from linkage errors); `link` runs `habeas link` (when
# the command exists); `records` makes every record its own person.
set -euo pipefail
BUILD=${1:-build-search}
WORK=${2:-$(mktemp -d /tmp/habeas_locator_bench.XXXXXX)}
PERSONS=${PERSONS:-50000}
QUERIES=${QUERIES:-5000}
SEED=${SEED:-1}
PERSON_MODE=${PERSON_MODE:-truth}
PROFILE=${PROFILE:-default}
CORE=${CORE:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
HABEAS=$BUILD/src/cli/habeas
GEN=$BUILD/tools/gen/habeas-gen
DB=$WORK/habeas.db
mkdir -p "$WORK"
echo "work dir: $WORK" >&2

"$GEN" --out "$WORK/data" --persons "$PERSONS" --seed "$SEED" --queries "$QUERIES" \
  --profile "$PROFILE" --quiet
rm -f "$DB" "$DB.idx"
for list in manifest leak family_reports court ngo; do
  file=$(ls "$WORK/data/$list".* | grep -v '\.toml$')
  "$HABEAS" --db "$DB" -q import "$file" -m "$WORK/data/$list.toml" --accept-rejects >/dev/null
done

INDEX_ARGS=()
case "$PERSON_MODE" in
  truth) INDEX_ARGS=(--persons-from "$WORK/data/truth.csv") ;;
  link)
    if "$HABEAS" link --help >/dev/null 2>&1; then
      "$HABEAS" --db "$DB" -q link >/dev/null
    else
      echo "habeas link not available: records are their own persons" >&2
      PERSON_MODE=records
    fi ;;
  records) ;;
esac
/usr/bin/time -f "index build: %e s wall, %M KB max RSS" \
  "$HABEAS" --db "$DB" index "${INDEX_ARGS[@]}"
ls -l "$DB.idx" >&2

# One core, as the issue asks: taskset pins the process. The machine may be shared: the
# load average is printed next to the latencies (the answers also carry per-query CPU
# time, reported as cpu_median_ms / cpu_p99_ms).
echo "load before the habeas batch: $(cat /proc/loadavg)"
taskset -c "$CORE" "$HABEAS" --db "$DB" find --batch "$WORK/data/queries.csv" --json \
  > "$WORK/habeas_answers.jsonl"
echo "load after the habeas batch: $(cat /proc/loadavg)"
echo "== habeas ($PERSON_MODE persons)"
# --persons/--queries add recall by shape, the oracle and the identifying queries.
EVAL_TRUTH=(--queries-truth "$WORK/data/queries_truth.csv" --records-truth "$WORK/data/truth.csv"
            --persons "$WORK/data/persons.csv" --queries "$WORK/data/queries.csv")
python3 "$HERE/evaluate.py" "$WORK/habeas_answers.jsonl" "${EVAL_TRUTH[@]}" \
  | tee "$WORK/habeas_metrics.json"

[ "${SKIP_PG:-0}" = 1 ] && exit 0
PG_MODE=$PERSON_MODE
echo "load before pg_trgm: $(cat /proc/loadavg)"
python3 "$HERE/pg_trgm_baseline.py" --store "$DB" --queries "$WORK/data/queries.csv" \
  --out "$WORK/pg_answers.jsonl" --persons "$PG_MODE" --truth-records "$WORK/data/truth.csv"
echo "== postgresql pg_trgm ($PERSON_MODE persons)"
python3 "$HERE/evaluate.py" "$WORK/pg_answers.jsonl" "${EVAL_TRUTH[@]}" \
  | tee "$WORK/pg_metrics.json"
