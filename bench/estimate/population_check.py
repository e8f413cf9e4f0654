#!/usr/bin/env python3
# How well `--where "source=manifest|leak" --where "facility~cecot|el salvador"`
# places the linked persons of a generated store, against persons.csv (the
# removed have a flight). Usage: population_check.py STORE.db LISTS_DIR.
# A linked person counts as truly removed when most of its records are.
import collections, csv, json, sqlite3, sys
db, lists = sys.argv[1], sys.argv[2]
truth = {(r['source'], r['source_record_id']): r['person_id']
         for r in csv.DictReader(open(lists + '/truth.csv'))}
removed = {r['person_id'] for r in csv.DictReader(open(lists + '/persons.csv', newline=''))
           if r['flight']}
c = sqlite3.connect(db)
verdict = {}
members = collections.defaultdict(list)
persons_of = collections.defaultdict(set)
for rid, src, srid, fields, pid in c.execute(
        "select r.id, s.name, r.source_record_id, r.fields, rp.person_id from records r "
        "join sources s on s.id = r.source_id left join record_persons rp on rp.record_id = r.id"):
    key = pid if pid is not None else -rid
    facility = (json.loads(fields).get('facility') or '').lower() if fields else ''
    says = 2 if src in ('manifest', 'leak') or 'cecot' in facility or 'el salvador' in facility \
        else (1 if facility else 0)
    verdict[key] = max(verdict.get(key, 0), says)
    members[key].append(truth[(src, srid)] in removed)
    persons_of[key].add(truth[(src, srid)])
table = collections.Counter()
placed_in = {p for key, ps in persons_of.items() if verdict[key] == 2 for p in ps}
fragments = 0  # removed, not placed in, but the same true person is in elsewhere
for key, flags in members.items():
    truly = sum(flags) * 2 > len(flags)
    table[(truly, ('unknown', 'out', 'in')[verdict[key]])] += 1
    if truly and verdict[key] < 2 and persons_of[key] & placed_in: fragments += 1
for truly in (True, False):
    print(('removed    ' if truly else 'not removed'),
          ', '.join(f"{v} {table[(truly, v)]}" for v in ('in', 'out', 'unknown')))
print(f"removed but not placed in, yet the same true person is placed in through another "
      f"linked person (a split fragment): {fragments}")
