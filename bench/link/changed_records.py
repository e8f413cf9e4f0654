#!/usr/bin/env python3
"""How the linker joins the records a generator change touched (development aid).

  habeas --db BEFORE.db export records -o before.csv   (the seed's lists before the change)
  habeas --db AFTER.db export records -o after.csv     (the same seed's lists after it)
  bench/link/changed_records.py before.csv after.csv gen/truth.csv LINKS.csv [LINKS.csv ...]

A record is *changed* when its name as written differs between the two exports (same
source and source record id): for the hard profile's glued words, the rows the change
glued. Counts the true pairs (truth.csv: source,source_record_id,person_id) with at
least one changed record, and for each LINKS.csv (`habeas export links` of either store,
matched by source and source record id) how many of them it joins. Prints one JSON
object. Python 3 standard library only.
"""
import csv
import itertools
import json
import sys
from collections import defaultdict


def by_key(path, value):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["source"], r["source_record_id"]): r[value] for r in csv.DictReader(f)}


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    before, after = by_key(sys.argv[1], "name"), by_key(sys.argv[2], "name")
    changed = {k for k, name in after.items() if k in before and before[k] != name}
    members = defaultdict(list)
    for key, person in by_key(sys.argv[3], "person_id").items():
        members[person].append(key)
    pairs = [p for keys in members.values() for p in itertools.combinations(sorted(keys), 2)
             if p[0] in changed or p[1] in changed]
    out = {"changed_records": len(changed), "true_pairs_with_a_changed_record": len(pairs),
           "joined": {}}
    for path in sys.argv[4:]:
        person = by_key(path, "person_id")
        out["joined"][path] = sum(1 for a, b in pairs
                                  if a in person and person.get(a) == person.get(b))
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
