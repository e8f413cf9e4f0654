#!/usr/bin/env python3
# Which records a split person's fragments are made of (development aid; the linker and
# the estimate never see the truth).
#   bench/estimate/fragments.py STORE.db LISTS_DIR [--merge LIST OUT.db]
# For every true person whose records are in several linked persons and one of them
# holds its manifest record: per list, the fragments made only of that list's records
# (each counts as a person seen by that list only), how many of their records have no
# birth date, against the share of all the list's records without one. Thin-named
# records are left out, as `habeas estimate` leaves them out.
# --merge LIST OUT.db: a copy of the store in which those fragments of LIST are joined,
# by the truth, to the fragment holding the manifest record (false merges kept), to
# see what the estimate would be had the linker joined them:
#   habeas --db OUT.db estimate --merge manifest+leak --linkage-draws 0 [--where ...]
import collections, os, shutil, sqlite3, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_truth import records, thin_name

db, lists_dir = sys.argv[1:3]
merge = sys.argv[sys.argv.index('--merge') + 1:sys.argv.index('--merge') + 3] if '--merge' in sys.argv else None
rec = records(db, lists_dir)
fragments = collections.defaultdict(lambda: collections.defaultdict(list))  # true -> linked -> ids
undated_share = collections.Counter(); per_list = collections.Counter()
for rid, (src, true_person, linked, fields) in rec.items():
    per_list[src] += 1
    undated_share[src] += not fields.get('birth_date')
    if not thin_name(fields): fragments[true_person][linked].append(rid)
alone = collections.Counter(); alone_undated = collections.Counter(); moves = []
for true_person, frags in fragments.items():
    home = [k for k, ids in frags.items() if any(rec[r][0] == 'manifest' for r in ids)]
    if len(frags) < 2 or not home: continue
    for linked, ids in frags.items():
        lists = {rec[r][0] for r in ids}
        if linked == home[0] or len(lists) != 1: continue
        (src,) = lists
        alone[src] += 1
        alone_undated[src] += all(not rec[r][3].get('birth_date') for r in ids)
        if merge and src == merge[0]: moves += [(home[0], r) for r in ids]
for src in sorted(alone):
    print(f"{src}: {alone[src]} fragments of its records only, apart from the person's manifest "
          f"record; {alone_undated[src]} without a birth date (of all its records: "
          f"{undated_share[src]} of {per_list[src]}, {100 * undated_share[src] / per_list[src]:.0f}%)")
if merge:
    shutil.copyfile(db, merge[1])
    c = sqlite3.connect(merge[1])
    c.executemany("update record_persons set person_id = ? where record_id = ?", moves)
    c.commit()
    print(f"{merge[1]}: {len(moves)} {merge[0]} records joined to their manifest record's person")
