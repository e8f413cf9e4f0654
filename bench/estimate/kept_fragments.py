#!/usr/bin/env python3
# How the linker splits and merges the records `habeas estimate` keeps (development aid;
# the linker and the estimate never see the truth).
#   bench/estimate/kept_fragments.py STORE.db LISTS_DIR
# Kept records: a name of two words or more and a birth date to the month or an
# identifier (RecordDatedToLink). Prints the kept records, their true and linked persons,
# the persons the linker's splits add (each a person seen on fewer lists than the truth)
# and those its merges remove, then the true pairs of kept records by kind of pair
# (list:date+id) with the share the linker left apart, most missed first.
import collections, itertools, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_truth import records, thin_name

IDS = ('a_number', 'national_id', 'other_id')


def dated(fields):
    return len(fields.get('birth_date', '')) >= 7 or any(fields.get(k) for k in IDS)


def kind(source, fields):
    date = 'month' if len(fields.get('birth_date', '')) >= 7 else 'weak'
    return source + ':' + date + ('+id' if any(fields.get(k) for k in IDS) else '')


db, lists_dir = sys.argv[1:3]
kept = {r: v for r, v in records(db, lists_dir).items()
        if not thin_name(v[3]) and dated(v[3])}
by_true = collections.defaultdict(list)
trues_of_linked = collections.defaultdict(set)
for rid, (_, true_person, linked, _) in kept.items():
    by_true[true_person].append(rid)
    trues_of_linked[linked].add(true_person)
split = sum(len({kept[r][2] for r in rids}) - 1 for rids in by_true.values())
merged = sum(len(t) - 1 for t in trues_of_linked.values())
print('kept records %d, true persons %d, linked persons %d' %
      (len(kept), len(by_true), len(trues_of_linked)))
print('persons added by splits %d, removed by merges %d' % (split, merged))
pairs, apart = collections.Counter(), collections.Counter()
for rids in by_true.values():
    for a, b in itertools.combinations(rids, 2):
        key = ' x '.join(sorted([kind(kept[a][0], kept[a][3]), kind(kept[b][0], kept[b][3])]))
        pairs[key] += 1
        apart[key] += kept[a][2] != kept[b][2]
print('%-58s %7s %7s %6s' % ('pair of kinds', 'true', 'apart', 'share'))
for key in sorted(pairs, key=lambda k: -apart[k]):
    print('%-58s %7d %7d %6.3f' % (key, pairs[key], apart[key], apart[key] / pairs[key]))
