#!/usr/bin/env bash
# LCMCR seeds 2-4 on the stores and true tables left by generated.sh runs
# (5000/20000 x seeds 3-5 in $TMPDIR or /tmp). Usage: bench/estimate/lcmcr_seeds.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="${TMPDIR:-/tmp}"
H="${1:-build-est}/src/cli/habeas"
for r in 5000_3 5000_4 5000_5 20000_3 20000_4 20000_5; do
  for s in 2 3 4; do
    echo "$r seed $s store $($H --db $tmp/habeas_mse_$r/h.db estimate --merge manifest+leak --where 'source=manifest|leak' --where 'facility~cecot|el salvador' --method lcmcr --seed $s | grep Estimate)"
    echo "$r seed $s table $($H estimate --table $tmp/habeas_mse_$r/true_removed.csv --merge manifest+leak --method lcmcr --seed $s | grep Estimate)"
  done
done
