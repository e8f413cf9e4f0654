#!/bin/bash
# Linkage scaling benchmark: for each size, generate (habeas-gen), import the five
# lists once (kept in ${TMPDIR:-/tmp}/habeas_link_scale_N/base.db), then time
# `habeas link` on a fresh copy of the imported store and print stage times,
# candidate pairs, pairs/s (candidate pairs / compare+score seconds, and over the
# whole link) and peak RSS (/usr/bin/time -f %M).
#   bench/link/scale.sh BUILD_DIR [PERSONS ...]    (default: 7500 75000 750000,
#   i.e. ≈ 10k, 100k and 1M records: habeas-gen writes ≈ 1.33 records per person)
# PROFILE=hard uses habeas-gen's hard profile (kept in ..._N_hard).
# Extra `habeas link` arguments via LINK_ARGS (e.g. LINK_ARGS=--dry-run). EVALUATE=1
# also exports the links and prints pairwise precision/recall/F1 against truth.csv.
# cpu_s = user + system CPU seconds of the link (less sensitive to other load than
# wall time on a shared machine); load = /proc/loadavg (1 min) before and after.
# BACKEND=postgresql links a PostgreSQL copy of the imported store instead: the schema
# link_scale_N of the server HABEAS_TEST_PG_URL names (e.g. a throwaway durable cluster:
# eval "$(HABEAS_PG_DURABLE=1 scripts/pg_test_cluster.sh start)"), filled from base.db
# by `habeas copy` (timed) before each link.
set -euo pipefail
BUILD=${1:?build dir}; shift
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(7500 75000 750000)
H=$BUILD/src/cli/habeas
G=$BUILD/tools/gen/habeas-gen
SEED=${SEED:-5}
PROFILE=${PROFILE:-default}  # habeas-gen's profile (default or hard)
BACKEND=${BACKEND:-sqlite}   # sqlite or postgresql
printf '%-9s %-9s %-11s %-7s %-7s %-7s %-7s %-7s %-7s %-7s %-8s %-8s %-10s %-8s %s\n' \
  persons records cand_pairs load block compare model score cluster persons link_s cpu_s \
  pairs/s RSS_MB loadavg
for N in "${SIZES[@]}"; do
  OUT=${TMPDIR:-/tmp}/habeas_link_scale_$N$([ "$PROFILE" = default ] || echo "_$PROFILE")
  mkdir -p "$OUT"
  [ -f "$OUT/gen/truth.csv" ] || "$G" --out "$OUT/gen" --persons "$N" --seed "$SEED" \
    --profile "$PROFILE" --quiet
  if [ ! -f "$OUT/base.db" ]; then
    rm -f "$OUT/import.db"*
    for l in manifest.csv leak.csv family_reports.csv court.jsonl ngo.tsv; do
      "$H" --db "$OUT/import.db" -q import "$OUT/gen/$l" --mapping "$OUT/gen/${l%.*}.toml" \
        >/dev/null 2>&1 || true   # rows with impossible values are rejected (non-zero exit)
    done
    mv "$OUT/import.db" "$OUT/base.db"
  fi
  rm -f "$OUT/run.db"*
  if [ "$BACKEND" = postgresql ]; then
    SCHEMA=link_scale_$N
    psql -q "$HABEAS_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA"
    RUN="$HABEAS_TEST_PG_URL&options=-csearch_path%3D$SCHEMA"
    /usr/bin/time -o "$OUT/copy_time.txt" -f "%e %U %S %M" "$H" copy \
      --from "$OUT/base.db" --to "$RUN" >"$OUT/copy.log" 2>&1
    echo "          habeas copy base.db -> PostgreSQL: $(cat "$OUT/copy_time.txt") (wall s, user s, sys s, peak RSS KB)"
  else
    RUN="$OUT/run.db"
    cp "$OUT/base.db" "$RUN"
  fi
  # shellcheck disable=SC2086
  LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -o "$OUT/time.txt" -f "%e %M %U %S" "$H" --db "$RUN" link ${LINK_ARGS:-} \
    >"$OUT/link.log" 2>&1
  LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
  read -r WALL RSS USER_S SYS_S <"$OUT/time.txt"
  CPU=$(python3 -c "print(round($USER_S + $SYS_S, 1))")
  # A stage may appear twice (compare: the model's sample, then the rest): summed.
  stage() {
    sed -n "s/^$1: .*(\([0-9.]*\) s; CPU [0-9.]* s)\$/\1/p" "$OUT/link.log" |
      python3 -c "import sys; print(round(sum(float(x) for x in sys.stdin), 2))"
  }
  stage_cpu() {
    sed -n "s/^$1: .*(\([0-9.]*\) s; CPU \([0-9.]*\) s)\$/\2/p" "$OUT/link.log" |
      python3 -c "import sys; print(round(sum(float(x) for x in sys.stdin), 2))"
  }
  RECORDS=$(sed -n 's/^load: \([0-9,]*\) records.*/\1/p' "$OUT/link.log" | tr -d ,)
  PAIRS=$(sed -n 's/^block: \([0-9,]*\) candidate pairs.*/\1/p' "$OUT/link.log" | tr -d ,)
  L=$(stage load); B=$(stage block); C=$(stage compare); M=$(stage model); S=$(stage score)
  K=$(stage cluster); P=$(stage persons)
  PPS=$(python3 -c "print(int($PAIRS / max($C + $S, 1e-9)))")
  printf '%-9s %-9s %-11s %-7s %-7s %-7s %-7s %-7s %-7s %-7s %-8s %-8s %-10s %-8s %s\n' \
    "$N" "$RECORDS" "$PAIRS" "$L" "$B" "$C" "$M" "$S" "$K" "$P" "$WALL" "$CPU" "$PPS" \
    "$((RSS / 1024))" "$LOAD_BEFORE→$LOAD_AFTER"
  printf '%-9s %-9s %-11s %-7s %-7s %-7s %-7s %-7s %-7s %-7s  (CPU seconds per stage)\n' \
    "" "" "" "$(stage_cpu load)" "$(stage_cpu block)" "$(stage_cpu compare)" "$(stage_cpu model)" \
    "$(stage_cpu score)" "$(stage_cpu cluster)" "$(stage_cpu persons)"
  B_C_K=$(python3 -c "print(round($B + $C + $M + $S + $K, 2))")
  B_C_K_CPU=$(python3 -c "print(round($(stage_cpu block) + $(stage_cpu compare) + $(stage_cpu model) + $(stage_cpu score) + $(stage_cpu cluster), 2))")
  echo "          block+compare+model+score+cluster = $B_C_K s wall, $B_C_K_CPU s CPU (log: $OUT/link.log)"
  if [ "${EVALUATE:-0}" = 1 ]; then
    "$H" --db "$RUN" export links -o "$OUT/links.csv"
    echo "          $(python3 "$(dirname "$0")/evaluate.py" "$OUT/links.csv" --truth "$OUT/gen/truth.csv")"
  fi
done
