#!/usr/bin/env bash
# MSE on the project's own generated lists, where the true total is known:
# generate N persons (some on no list; capture heterogeneous and dependent: the
# leak is derived from the manifest), import, link, estimate, and report how far
# each method is off the truth and whether the truth lies in each interval.
# Usage: bench/estimate/generated.sh [PERSONS] [SEED] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
persons="${1:-5000}"
seed="${2:-3}"
build="${3:-build}"
work="${TMPDIR:-/tmp}/habeas_mse_${persons}_${seed}"
rm -rf "$work" && mkdir -p "$work"
"$build/tools/gen/habeas-gen" --out "$work/lists" --persons "$persons" --seed "$seed" --quiet
for mapping in "$work"/lists/*.toml; do
  stem="${mapping%.toml}"
  for file in "$stem".csv "$stem".tsv "$stem".jsonl; do
    [ -f "$file" ] || continue
    "$build/src/cli/habeas" --quiet --db "$work/h.db" import "$file" --mapping "$mapping" \
      --accept-rejects >/dev/null
  done
done
"$build/src/cli/habeas" --quiet --db "$work/h.db" link >/dev/null
# The leak is a copy of part of the manifest: declare the dependence.
"$build/src/cli/habeas" --db "$work/h.db" --json estimate --dependent leak:manifest \
  --seed 1 > "$work/estimate.json"
truth=$(($(wc -l < "$work/lists/persons.csv") - 1))
python3 - "$work/estimate.json" "$truth" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
truth = int(sys.argv[2])
total = report.get("total", report)
print(f"true total {truth}, observed {total['observed']}")
print(f"{'method':<26} {'estimate':>9} {'interval':>20} {'off':>7}  covers")
def row(name, est, lo, hi):
    lo = lo if lo is not None else float('inf')
    hi = hi if hi is not None else float('inf')
    off = (est - truth) / truth * 100
    print(f"{name:<26} {est:9.0f} [{lo:8.0f}, {hi:8.0f}] {off:+6.1f}%  {'yes' if lo <= truth <= hi else 'NO'}")
row("headline (" + total["method"] + ")", total["estimate"], *total["interval"])
for m in total.get("models", []):
    if m.get("kind") in ("average-aic", "average-bic", "selected", "posterior"):
        row(m["method"] + " " + m["kind"], m["estimate"], m.get("interval_low"), m.get("interval_high"))
PY
