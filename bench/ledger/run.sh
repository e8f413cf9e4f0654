#!/usr/bin/env bash
# Ledger benchmarks (docs/benchmarks.md "Ledger"): the cost of the ledger on a 1M-row
# import, verify of 1M records + 100k entries, and a record proof's size and check time.
# Usage: bench/ledger/run.sh [BASELINE_HABEAS]   (a habeas built without the ledger, to
# compare import times; optional). For a paired comparison on a shared machine prefer
# farm-bench (docs/benchmarks.md "Ledger" gives the command).
set -euo pipefail
cd "$(dirname "$0")/../.."
habeas=build/src/cli/habeas
baseline="${1:-}"
work="${TMPDIR:-/tmp}/habeas_ledger_bench"
mkdir -p "$work"
[ -f "$work/list_1000000.csv" ] || python3 bench/make_import_list.py 1000000 "$work/list_1000000.csv"
fresh() { rm -f "$work/$1" "$work/$1-wal" "$work/$1-shm" "$work/$1.ledger-key"; }
echo "== import 1M rows (seconds, 3 runs each, alternating)"
for run in 1 2 3; do
  if [ -n "$baseline" ]; then
    fresh base.db
    /usr/bin/time -f "baseline %e s" "$baseline" --quiet --db "$work/base.db" import \
      "$work/list_1000000.csv" --mapping bench/import_list.toml >/dev/null
  fi
  fresh l.db
  /usr/bin/time -f "ledger   %e s" "$habeas" --quiet --db "$work/l.db" import \
    "$work/list_1000000.csv" --mapping bench/import_list.toml >/dev/null
done
echo "== 100k decision entries added"
python3 bench/ledger/add_decisions.py "$work/l.db" 100000
"$habeas" --quiet --db "$work/l.db" checkpoint export --public-key "$work/pub.pem" -o "$work/head.json"
echo "== verify 1M records + 100k entries (3 runs)"
for run in 1 2 3; do
  /usr/bin/time -f "verify %e s, peak %M KB" "$habeas" --db "$work/l.db" verify
done
echo "== proof of record 500000 (v2; against the newest head, then the earliest covering it)"
"$habeas" --db "$work/l.db" prove record 500000 --head newest --out "$work/proof_newest.json"
echo "proof bytes, newest head: $(wc -c < "$work/proof_newest.json")"
python3 tests/ledger_proof_check.py "$work/proof_newest.json" "$work/pub.pem"
"$habeas" --db "$work/l.db" prove record 500000 --out "$work/proof.json"
echo "proof bytes, earliest head (the default): $(wc -c < "$work/proof.json")"
start=$(date +%s.%N)
for i in $(seq 1 100); do
  "$habeas" verify-proof "$work/proof.json" --public-key "$work/pub.pem" >/dev/null
done
end=$(date +%s.%N)
echo "verify-proof: $(echo "($end - $start) * 10" | bc -l) ms per run (process start included, 100 runs)"
python3 tests/ledger_proof_check.py "$work/proof.json" "$work/pub.pem"
