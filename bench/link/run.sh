#!/bin/bash
# Linkage benchmark: generate N persons with habeas-gen, import the five lists,
# link (timed, peak memory), export and score pairwise precision/recall/F1.
#   [PROFILE=default|hard] bench/link/run.sh BUILD_DIR PERSONS [SEED] [extra `habeas link` args]
# Example: bench/link/run.sh build-link 50000 5
#          PROFILE=hard bench/link/run.sh build-link 50000 5
# The generated lists are kept in $TMPDIR/habeas_link_bench_<profile>_<N>_<seed>/gen
# and reused when present. Import prints rows read/imported/rejected per list.
set -euo pipefail
BUILD=${1:?build dir}; N=${2:?persons}; SEED=${3:-5}; shift $(( $# >= 3 ? 3 : $# ))
PROFILE=${PROFILE:-default}
H=$BUILD/src/cli/habeas
G=$BUILD/tools/gen/habeas-gen
OUT=${TMPDIR:-/tmp}/habeas_link_bench_${PROFILE}_${N}_${SEED}
DB=$OUT/h.db
mkdir -p "$OUT"
[ -f "$OUT/gen/truth.csv" ] ||
  "$G" --out "$OUT/gen" --persons "$N" --seed "$SEED" --profile "$PROFILE" --quiet
rm -f "$DB" "$DB-wal" "$DB-shm"
start=$(date +%s.%N)
for l in manifest.csv leak.csv family_reports.csv court.jsonl ngo.tsv; do
  # Exit 3 means some rows were rejected (they are stored); the counts say how many.
  "$H" --db "$DB" -q --json import "$OUT/gen/$l" --mapping "$OUT/gen/${l%.*}.toml" \
    2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
if "error" in r:
    print("import %-20s failed: %s" % (sys.argv[1], r["error"]["message"]))
else:
    print("import %-20s read %7d imported %7d rejected %6d"
          % (sys.argv[1], r["rows_read"], r["rows_imported"], r["rows_rejected"]))' "$l" || true
done
echo "import: $(echo "$(date +%s.%N) - $start" | bc) s"
/usr/bin/time -f "link: %e s wall, %U s user, %M KB max RSS" "$H" --db "$DB" link "$@"
"$H" --db "$DB" export links -o "$OUT/links.csv"
python3 "$(dirname "$0")/evaluate.py" "$OUT/links.csv" --truth "$OUT/gen/truth.csv" --per-list-pair
