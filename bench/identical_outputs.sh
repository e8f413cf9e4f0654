#!/bin/bash
# The same answers from two habeas binaries on the benchmark data (issue 15's "identical
# output before and after"): persons (export links), explain, estimate and locator results.
#   bench/identical_outputs.sh OLD_HABEAS NEW_HABEAS
# Needs the stores the benchmarks leave: $TMPDIR/habeas_link_bench_{hard,default}_50000_5
# (PROFILE=hard|default bench/link/run.sh build 50000 5) and /tmp/habeas-load-72000
# (bench/server/load.sh). Each 50k store is copied and relinked (`link --retrain`) by each
# binary; the locator store is copied and, for NEW, migrated by a relink first (a binary
# with a newer schema refuses to read an older store until a write migrates it).
# Prints one line per output: identical or DIFFERS.
set -u
OLD=$1; NEW=$2; W=${TMPDIR:-/tmp}/habeas_identical; rm -rf "$W"; mkdir -p "$W"
for prof in hard default; do
  D=${TMPDIR:-/tmp}/habeas_link_bench_${prof}_50000_5
  for b in old new; do
    H=$OLD; [ $b = new ] && H=$NEW
    cp "$D/h.db" "$W/$prof.$b.db"
    "$H" --db "$W/$prof.$b.db" -q link --retrain > /dev/null
    "$H" --db "$W/$prof.$b.db" export links -o "$W/$prof.$b.links.csv"
    for p in "1 10" "1 25170" "100 2000" "5 77" "30000 30001"; do
      "$H" --db "$W/$prof.$b.db" explain $p
    done > "$W/$prof.$b.explain.txt" 2>&1
    "$H" --db "$W/$prof.$b.db" --json estimate > "$W/$prof.$b.estimate.json" 2>/dev/null
  done
  for k in links.csv explain.txt estimate.json; do
    if cmp -s "$W/$prof.old.$k" "$W/$prof.new.$k"; then
      echo "$prof $k identical ($(wc -c < "$W/$prof.new.$k") bytes)"
    else
      echo "$prof $k DIFFERS"
    fi
  done
done
L=/tmp/habeas-load-72000
for b in old new; do
  H=$OLD; [ $b = new ] && H=$NEW
  cp "$L/habeas.db" "$W/load.$b.db"
  [ $b = new ] && "$H" --db "$W/load.$b.db" -q link > /dev/null
  "$H" --db "$W/load.$b.db" -q find --batch "$L/lists/queries.csv" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line); r.pop("latency_ms", None); r.pop("cpu_ms", None)
    print(json.dumps(r, sort_keys=True))' > "$W/find.$b.jsonl"
done
if cmp -s "$W/find.old.jsonl" "$W/find.new.jsonl"; then
  echo "locator find --batch identical ($(wc -l < "$W/find.new.jsonl") answers, timings removed)"
else
  echo "locator find --batch DIFFERS"
fi
