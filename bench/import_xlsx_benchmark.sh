#!/usr/bin/env bash
# Spreadsheet import benchmark: rows/s and peak memory for 100k and 1M-row .xlsx files
# (bench/make_import_xlsx.py): bench/import_benchmark.sh with FORMAT=xlsx.
# Usage: [SIZES=...] bench/import_xlsx_benchmark.sh [RUNS]   (numbers go in docs/benchmarks.md)
set -euo pipefail
FORMAT=xlsx exec "$(dirname "$0")/import_benchmark.sh" "$@"
