#!/usr/bin/env bash
# Import benchmark: rows/s and peak memory for 100k and 1M-row files, CSV by default
# (bench/make_import_list.py) or, with FORMAT=xlsx, spreadsheets (bench/make_import_xlsx.py;
# bench/import_xlsx_benchmark.sh says so for you).
# Usage: [FORMAT=csv|xlsx] [SIZES="100000 1000000"] bench/import_benchmark.sh [RUNS]
# (numbers go in docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
format="${FORMAT:-csv}"
case "$format" in
  csv) make=bench/make_import_list.py mapping=bench/import_list.toml work_name=habeas_import_bench ;;
  xlsx) make=bench/make_import_xlsx.py mapping=bench/import_xlsx.toml work_name=habeas_import_xlsx_bench ;;
  *) echo "FORMAT must be csv or xlsx" >&2; exit 2 ;;
esac
scripts/build.sh
work="${TMPDIR:-/tmp}/$work_name"
mkdir -p "$work"
sizes="${SIZES:-100000 1000000}"
for n in $sizes; do
  [ -f "$work/list_$n.$format" ] || python3 "$make" "$n" "$work/list_$n.$format"
done
printf '%-10s %-6s %10s %10s %12s\n' rows run seconds rows/s peak_rss_MB
for n in $sizes; do
  for run in $(seq 1 "$runs"); do
    rm -f "$work/b.db" "$work/b.db-wal" "$work/b.db-shm"
    /usr/bin/time -f "%e %M" -o "$work/time" \
      build/src/cli/habeas --quiet --db "$work/b.db" import "$work/list_$n.$format" \
      --mapping "$mapping" >/dev/null
    read -r secs kb < "$work/time"
    awk -v n="$n" -v r="$run" -v s="$secs" -v kb="$kb" \
      'BEGIN { printf "%-10s %-6s %10s %10.0f %12.1f\n", n, r, s, n / s, kb / 1024 }'
  done
done
