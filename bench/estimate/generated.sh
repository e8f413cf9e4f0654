#!/usr/bin/env bash
# MSE on the project's own generated lists, where the true totals are known:
# generate N persons (some on no list; capture heterogeneous and dependent: the
# leak is drawn from the manifest's rows), import, link, estimate, and report
# how far each method is off the truth and whether the truth lies in each
# interval, for two populations:
#   removed  the persons removed to CECOT (the estimate's stated population:
#            every one of them could be on every list) -- `--where`
#   all      everyone generated: two groups, one of which (never removed) has no
#            chance on the manifest and the leak and is counted through small
#            overlaps (docs/estimation.md)
# Store estimates pool 10 linkage draws (--linkage-draws, the default); the
# linker-only answer is printed beside the pooled headline.
# Each is estimated twice: from the linked store (linkage errors included) and
# from the true capture table in persons.csv (perfect linkage), which separates
# the error of the models from the error of the linkage.
# Usage: bench/estimate/generated.sh [PERSONS] [SEED] [BUILD_DIR]
# REUSE_STORE=1 keeps an existing $TMPDIR/habeas_mse_PERSONS_SEED/h.db (estimates only).
# PROFILE=hard generates the lists as `habeas-gen --profile hard` writes them (the same
# persons and captures, lists typed the way strangers type them; docs/generator.md) in
# $TMPDIR/habeas_mse_hard_PERSONS_SEED.
set -euo pipefail
cd "$(dirname "$0")/../.."
persons="${1:-5000}"
seed="${2:-3}"
build="${3:-build}"
habeas="$build/src/cli/habeas"
profile="${PROFILE:-default}"
if [ "$profile" = default ]; then
  work="${TMPDIR:-/tmp}/habeas_mse_${persons}_${seed}"
else
  work="${TMPDIR:-/tmp}/habeas_mse_${profile}_${persons}_${seed}"
fi
if [ "${REUSE_STORE:-0}" = 1 ] && [ -f "$work/h.db" ]; then
  echo "reusing the linked store $work/h.db (REUSE_STORE=1)"
else
  rm -rf "$work" && mkdir -p "$work"
  "$build/tools/gen/habeas-gen" --out "$work/lists" --persons "$persons" --seed "$seed" \
    --profile "$profile" --quiet
  for mapping in "$work"/lists/*.toml; do
    stem="${mapping%.toml}"
    for file in "$stem".csv "$stem".tsv "$stem".jsonl; do
      [ -f "$file" ] || continue
      "$habeas" --quiet --db "$work/h.db" import "$file" --mapping "$mapping" \
        --accept-rejects >/dev/null
    done
  done
  "$habeas" --quiet --db "$work/h.db" link >/dev/null
fi

# The leak is a copy of part of the manifest (leak ⊆ manifest): merge the two.
# (--dependent leak:manifest puts the leak-without-manifest cells, structural
# zeros, into every model: with perfect linkage no model is estimable.)
merge=(--merge "manifest+leak" --seed 1)
# The removed: persons on the manifest or the leak (every row is a removal by the
# list's scope) or with a record placing them at CECOT / in El Salvador.
where=(--where "source=manifest|leak" --where "facility~cecot|el salvador")
"$habeas" --db "$work/h.db" --json estimate "${merge[@]}" > "$work/store_all.json"
"$habeas" --db "$work/h.db" --json estimate "${merge[@]}" "${where[@]}" > "$work/store_removed.json"
# Records too thin to link (the court list's initials-only captions) are left out by
# default; everyone again with them counted (--unlinkable keep), and without the court
# list at all.
"$habeas" --db "$work/h.db" --json estimate "${merge[@]}" --unlinkable keep > "$work/store_all_keep.json"
"$habeas" --db "$work/h.db" --json estimate "${merge[@]}" --drop court > "$work/store_all_nocourt.json"

python3 - "$work/lists/persons.csv" "$work" <<'PY'
import csv, collections, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
lists = ['manifest', 'leak', 'family_reports', 'court', 'ngo']
def write(pop, path):
    counts = collections.Counter()
    for r in pop:
        on = set(r['lists'].split(';')) - {''}
        if on: counts[tuple(int(l in on) for l in lists)] += 1
    with open(path, 'w') as f:
        f.write(','.join(lists) + ',count\n')
        for k, v in sorted(counts.items()): f.write(','.join(map(str, k)) + f',{v}\n')
write(rows, sys.argv[2] + '/true_all.csv')
write([r for r in rows if r['flight']], sys.argv[2] + '/true_removed.csv')
open(sys.argv[2] + '/truth_counts', 'w').write(f"{len(rows)} {sum(1 for r in rows if r['flight'])}\n")
PY
"$habeas" --json estimate --table "$work/true_all.csv" "${merge[@]}" > "$work/table_all.json"
"$habeas" --json estimate --table "$work/true_removed.csv" "${merge[@]}" > "$work/table_removed.json"
"$habeas" --json estimate --table "$work/true_all.csv" "${merge[@]}" --drop court > "$work/table_all_nocourt.json"

echo "persons $persons, seed $seed"
python3 bench/estimate/linkage_quality.py "$work/h.db" "$work/lists"
python3 bench/estimate/population_check.py "$work/h.db" "$work/lists"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
truth_all, truth_removed = map(int, open(work + '/truth_counts').read().split())
def report(label, path, truth):
    total = json.load(open(path))
    total = total.get("total", total)
    print(f"\n{label}: true total {truth}, observed {total['observed']}")
    link = json.load(open(path)).get("linkage")
    if link:
        fixed = link["fixed"]
        lo, hi = fixed["interval"]
        print(f"  linkage: {link['draws']} draws over {link['doubtful_linked']} doubtful links made, "
              f"{link['doubtful_unlinked']} not made; observed {link['observed_fixed']} (linker), "
              f"{link['observed_range'][0]}-{link['observed_range'][1]} (draws); "
              f"{100 * link['linkage_variance_share']:.0f}% of the variance from the linkage")
    for w in total.get("warnings", []):
        if w["code"] in ("population_unrecorded", "methods_disagree", "wide_model_spread",
                         "linkage_uncertain", "lcmcr_mixing", "unlinkable_records",
                         "unlinkable_records_left_out"):
            count = w["message"].split(" ")[0] if w["code"] == "population_unrecorded" else ""
            if w["code"].startswith("unlinkable_records"):  # the per-list counts
                after = "were left out (" if w["code"].endswith("left_out") else "of their own ("
                count = w["message"].split(after)[1].split(")")[0]
            print(f"  warning {w['code']} {count}".rstrip())
    print(f"  {'method':<24} {'estimate':>9} {'interval':>20} {'off':>7}  covers")
    def row(name, est, lo, hi):
        lo = lo if lo is not None else float('inf')
        hi = hi if hi is not None else float('inf')
        off = (est - truth) / truth * 100
        print(f"  {name:<24} {est:9.0f} [{lo:8.0f}, {hi:8.0f}] {off:+6.1f}%  {'yes' if lo <= truth <= hi else 'NO'}")
    row("headline " + total["method"], total["estimate"], *total["interval"])
    if link:
        row("linker's linkage only", link["fixed"]["estimate"], *link["fixed"]["interval"])
    for m in total.get("models", []):
        if m.get("kind") in ("average-aic", "average-bic", "selected", "posterior",
                             "posterior-linkage", "average-linkage"):
            kind = "posterior mean" if m["kind"] == "posterior" else m["kind"]
            row(m["method"] + " " + kind, m["estimate"], *m["interval"])
        elif m.get("model") == "independence":
            row("loglinear independence", m["estimate"], *m["interval"])
report("removed, linked store (--where)", work + "/store_removed.json", truth_removed)
report("removed, true table (perfect linkage)", work + "/table_removed.json", truth_removed)
report("all persons, linked store (small overlaps: sensitive to linkage)", work + "/store_all.json", truth_all)
report("all persons, linked store, --unlinkable keep", work + "/store_all_keep.json", truth_all)
report("all persons, true table (perfect linkage)", work + "/table_all.json", truth_all)
report("all persons, linked store, --drop court", work + "/store_all_nocourt.json", truth_all)
report("all persons, true table, --drop court", work + "/table_all_nocourt.json", truth_all)
PY
