#!/usr/bin/env python3
# Linkage quality as it matters for MSE: usage linkage_quality.py STORE.db LISTS_DIR.
# Splits (one true person in several linked persons) remove overlaps and push
# estimates up; false merges (several true persons in one) do the opposite.
import sqlite3, csv, sys, collections
db, lists = sys.argv[1], sys.argv[2]
truth = {}
for r in csv.DictReader(open(lists + '/truth.csv')):
    truth[(r['source'], r['source_record_id'])] = r['person_id']
c = sqlite3.connect(db)
clusters = collections.defaultdict(list)
for rid, src, srid, pid in c.execute(
        "select r.id, s.name, r.source_record_id, rp.person_id from records r join sources s on s.id=r.source_id left join record_persons rp on rp.record_id=r.id"):
    key = pid if pid is not None else -rid
    clusters[key].append((src, truth[(src, srid)]))
true_to_clusters = collections.defaultdict(set)
merged = 0
for k, recs in clusters.items():
    ps = {p for _, p in recs}
    if len(ps) > 1: merged += len(ps) - 1
    for _, p in recs: true_to_clusters[p].add(k)
split = sum(len(v) - 1 for v in true_to_clusters.values())
print(f"clusters {len(clusters)}, true persons {len(true_to_clusters)}, extra clusters from splits {split}, persons absorbed by false merges {merged}")
pairs = collections.Counter()
for p, ks in true_to_clusters.items():
    if len(ks) > 1:
        srcs = sorted({tuple(sorted({s for s, q in clusters[k] if q == p})) for k in ks})
        pairs[' | '.join('+'.join(s) for s in srcs)] += 1
for k, v in pairs.most_common(8): print(f"  {v:5d} split as {k}")
