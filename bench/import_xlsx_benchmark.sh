#!/usr/bin/env bash
# Spreadsheet import benchmark: rows/s and peak memory for 100k and 1M-row .xlsx files
# (bench/make_import_xlsx.py). Usage: bench/import_xlsx_benchmark.sh [RUNS]
# (numbers go in docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
scripts/build.sh
work="${TMPDIR:-/tmp}/habeas_import_xlsx_bench"
mkdir -p "$work"
sizes="${SIZES:-100000 1000000}"
for n in $sizes; do
  [ -f "$work/list_$n.xlsx" ] || python3 bench/make_import_xlsx.py "$n" "$work/list_$n.xlsx"
done
printf '%-10s %-6s %10s %10s %12s\n' rows run seconds rows/s peak_rss_MB
for n in $sizes; do
  for run in $(seq 1 "$runs"); do
    rm -f "$work/b.db" "$work/b.db-wal" "$work/b.db-shm"
    /usr/bin/time -f "%e %M" -o "$work/time" \
      build/src/cli/habeas --quiet --db "$work/b.db" import "$work/list_$n.xlsx" \
      --mapping bench/import_xlsx.toml >/dev/null
    read -r secs kb < "$work/time"
    awk -v n="$n" -v r="$run" -v s="$secs" -v kb="$kb" \
      'BEGIN { printf "%-10s %-6s %10s %10.0f %12.1f\n", n, r, s, n / s, kb / 1024 }'
  done
done
