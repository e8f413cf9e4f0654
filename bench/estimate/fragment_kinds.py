#!/usr/bin/env python3
# Which kinds of record the linker leaves apart from their person (development aid; the
# linker and the estimate never see the truth).
#   bench/estimate/fragment_kinds.py STORE.db LISTS_DIR
# Per list and kind of record (birth date to the day, to the month, a year, an age,
# nothing; "+id" with an identifier): the records, and those whose linked person holds
# none of the other records of their true person although it has some (each such
# record is a person seen once where the truth has one seen several times). Thin-named
# records are left out, as `habeas estimate` leaves them out.
import collections, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_truth import records, thin_name


def kind(fields):
    birth = fields.get('birth_date', '')
    date = ('full' if len(birth) >= 10 else 'year-month' if len(birth) >= 7 else
            'year' if birth else 'age' if fields.get('age') else 'none')
    ids = any(fields.get(k) for k in ('a_number', 'national_id', 'other_id'))
    return date + ('+id' if ids else '')


db, lists_dir = sys.argv[1:3]
rec = records(db, lists_dir)
by_true, by_linked = collections.defaultdict(set), collections.defaultdict(set)
for rid, (_, true_person, linked, _) in rec.items():
    by_true[true_person].add(rid)
    by_linked[linked].add(rid)
total, apart = collections.Counter(), collections.Counter()
for rid, (src, true_person, linked, fields) in rec.items():
    if thin_name(fields):
        continue
    key = (src, kind(fields))
    total[key] += 1
    others = by_true[true_person] - {rid}
    apart[key] += bool(others) and not (by_linked[linked] & others)
print(f"{'list':16} {'kind':14} {'records':>8} {'apart':>7} share")
for key in sorted(total):
    print(f"{key[0]:16} {key[1]:14} {total[key]:8} {apart[key]:7} {apart[key] / total[key]:.3f}")
