#!/usr/bin/env python3
# How calibrated are the doubtful links that `habeas estimate --linkage-draws` resamples?
# Against the generator's truth (development aid; the estimate never sees it).
#   bench/estimate/link_calibration.py STORE.db LISTS_DIR
# Links made: the model edges at probability <= 0.95 between the confident units of a
# person (edges above 0.95 or decided by a reviewer join units), as the estimate's
# store loader builds them; true when the two units' majority true persons agree.
# Links not made: review pairs at 0.05-0.5 between different persons.
import collections, csv, sqlite3, sys
db, lists = sys.argv[1], sys.argv[2]
truth = {(r['source'], r['source_record_id']): r['person_id']
         for r in csv.DictReader(open(lists + '/truth.csv'))}
c = sqlite3.connect(db)
true_person, person = {}, {}
for rid, src, srid, pid in c.execute(
        "select r.id, s.name, r.source_record_id, rp.person_id from records r "
        "join sources s on s.id = r.source_id left join record_persons rp on rp.record_id = r.id"):
    true_person[rid] = truth[(src, srid)]
    person[rid] = pid
parent = {}
def find(x):
    while parent.setdefault(x, x) != x:
        x = parent[x]
    return x
edges = list(c.execute("select record_a, record_b, probability, kind from link_edges"))
for a, b, p, kind in edges:
    if kind != 'model' or p > 0.95:
        parent[find(a)] = find(b)
members = collections.defaultdict(list)
for rid in true_person:
    members[find(rid)].append(rid)
def majority(unit):
    return collections.Counter(true_person[r] for r in members[unit]).most_common(1)[0][0]
links = {}
for a, b, p, kind in edges:
    if kind == 'model' and p <= 0.95:
        ua, ub = sorted((find(a), find(b)))
        if ua != ub:
            links[(ua, ub)] = max(p, links.get((ua, ub), 0.0))
def report(title, items, width):
    print(title)
    bins = collections.defaultdict(lambda: [0, 0, 0.0])
    for p, same in items:
        b = bins[int(p / width)]
        b[0] += 1
        b[1] += same
        b[2] += p
    for k in sorted(bins):
        n, t, s = bins[k]
        print(f"  p {k * width:.2f}-{(k + 1) * width:.2f}: {n:5d}, true {t / n:.2f}, "
              f"mean p {s / n:.2f}")
report("links made (between confident units)",
       [(p, majority(ua) == majority(ub)) for (ua, ub), p in links.items()], 0.1)
report("review pairs not made (0.05-0.5)",
       [(p, true_person[a] == true_person[b])
        for a, b, p in c.execute("select record_a, record_b, probability from review_pairs")
        if 0.05 <= p < 0.5 and (person[a] is None or person[a] != person[b])], 0.05)
