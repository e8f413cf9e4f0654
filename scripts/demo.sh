#!/usr/bin/env bash
# The demo: installs what it needs, builds, generates the bundled synthetic lists,
# imports them into demo/habeas.db and shows what is in the store.
# Idempotent: running it again re-uses the build and imports nothing twice.
# Usage: scripts/demo.sh [PERSONS]   (default 2000 synthetic persons)
set -euo pipefail
cd "$(dirname "$0")/.."
persons="${1:-2000}"
scripts/install-deps.sh
scripts/build.sh

habeas="build/src/cli/habeas"
db="demo/habeas.db"
mkdir -p demo
# Synthetic people only: deterministic by seed, never real detainees.
build/tools/gen/habeas-gen --out demo/lists --persons "$persons" --seed 2025 --queries 200 --quiet

for mapping in demo/lists/*.toml; do
  stem="${mapping%.toml}"
  for file in "$stem".csv "$stem".tsv "$stem".jsonl; do
    [ -f "$file" ] || continue
    # Generated lists contain deliberately bad rows: they are kept as rejected rows.
    "$habeas" --db "$db" import "$file" --mapping "$mapping" --accept-rejects --max-messages 3
  done
done

# The March 2025 scenario (synthetic passengers on the public timeline of orders and
# flights): facilities, flights, lists with declared claims, claims files, court orders.
data/scenarios/march2025/import.sh "$habeas" "$db"

if "$habeas" --help | grep -qE '^ +link'; then
  "$habeas" --db "$db" link
fi

echo
"$habeas" --db "$db" sources
echo
echo "Store: $db. Try:"
echo "  $habeas --db $db records --source family_reports --limit 5"
echo "  $habeas --db $db show record 1"
echo "  $habeas --db $db rejects --limit 5"
echo "  $habeas --db $db persons --limit 5"
echo "  $habeas --db $db show person P000001"
echo "  $habeas --db $db find \"jose perez\""
echo "  $habeas --db $db review --limit 5"
echo "  $habeas --db $db export links | head"
echo "  $habeas --db $db estimate"
echo "  $habeas --db $db check orders                 # removals the March 2025 orders forbade"
echo "  $habeas --db $db check designations --scheme data/scenarios/march2025/aea_validation_guide.toml"
echo "  $habeas --db $db show person P000001          # ... and its timeline (find one: persons)"
