#!/bin/bash
# Linkage benchmark: generate N persons with habeas-gen, import the five lists,
# link (timed, peak memory), export and score pairwise precision/recall/F1.
#   bench/link/run.sh BUILD_DIR PERSONS [SEED] [extra `habeas link` args]
# Example: bench/link/run.sh build-link 50000 5
set -euo pipefail
BUILD=${1:?build dir}; N=${2:?persons}; SEED=${3:-5}; shift $(( $# >= 3 ? 3 : $# ))
H=$BUILD/src/cli/habeas
G=$BUILD/tools/gen/habeas-gen
OUT=${TMPDIR:-/tmp}/habeas_link_bench_$N
DB=$OUT/h.db
mkdir -p "$OUT"
[ -f "$OUT/gen/truth.csv" ] || "$G" --out "$OUT/gen" --persons "$N" --seed "$SEED" --quiet
rm -f "$DB" "$DB-wal" "$DB-shm"
start=$(date +%s.%N)
for l in manifest.csv leak.csv family_reports.csv court.jsonl ngo.tsv; do
  "$H" --db "$DB" -q import "$OUT/gen/$l" --mapping "$OUT/gen/${l%.*}.toml" >/dev/null 2>&1 || true
done
echo "import: $(echo "$(date +%s.%N) - $start" | bc) s"
/usr/bin/time -f "link: %e s wall, %U s user, %M KB max RSS" "$H" --db "$DB" link "$@"
"$H" --db "$DB" export links -o "$OUT/links.csv"
python3 "$(dirname "$0")/evaluate.py" "$OUT/links.csv" --truth "$OUT/gen/truth.csv"
