#!/usr/bin/env bash
# Imports the March 2025 scenario into a store: scenario/import.sh HABEAS DB
# (used by scripts/demo.sh and the scenario test). Idempotent.
set -euo pipefail
habeas="$1"; db="$2"; dir="$(cd "$(dirname "$0")" && pwd)"
imp() { "$habeas" --db "$db" -q import "$dir/$1" --mapping "$dir/$2"; }
imp facilities.csv facilities.toml
imp flights.csv flights.toml
imp manifest.csv manifest.toml
imp complaint.csv complaint.toml
imp family_reports.csv family_reports.toml
imp cecot_registry.csv cecot_registry.toml
imp ice_detention.csv ice_detention.toml
imp lawyers_list.csv lawyers_list.toml
imp validation.csv validation.toml
imp counter_evidence.csv counter_evidence.toml
# Orders are stored once (a second run finds them by name and leaves them).
if ! "$habeas" --db "$db" --json check orders >/dev/null 2>&1; then
  "$habeas" --db "$db" -q add orders "$dir/orders.rules" --by scenario
fi
