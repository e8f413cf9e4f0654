#!/usr/bin/env python3
# Why split persons stayed apart (development aid; the linker never sees the truth).
#   habeas --db STORE.db link --dump-pairs pairs.tsv
#   bench/estimate/split_diagnosis.py [--skip-thin] STORE.db LISTS_DIR pairs.tsv [EXAMPLES]
# For every true person whose records are in several linked persons (a split: one
# extra person, which inflates MSE estimates), the fragments are joined strongest
# evidence first and each join is classified by the best candidate pair between
# them: never a candidate pair (no blocking rule proposed any), probability below
# 0.05, doubtful (0.05-0.5: what `habeas estimate --linkage-draws` resamples), or at
# least 0.5 but the merge was refused by clustering; with the list pairs involved,
# and how many of the best pairs are in the review queue, and how many joins have a side
# made only of records with a thin name (initials or one name: `habeas estimate` leaves
# such records out unless an identifier the other lists carry can link them).
import collections, os, sqlite3, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_truth import records, thin_name
args = [a for a in sys.argv[1:] if a != '--skip-thin']
skip_thin = len(args) < len(sys.argv) - 1  # leave thin-named records out, as `habeas estimate` does
db, lists_dir, pairs_path = args[:3]
nex = int(args[3]) if len(args) > 3 else 0
rec = records(db, lists_dir)
c = sqlite3.connect(db)
cand = {}
for line in open(pairs_path):
    a, b, p, wt = line.split('\t'); a, b = int(a), int(b)
    cand[(min(a, b), max(a, b))] = float(wt)
review = {(min(a, b), max(a, b)) for a, b in c.execute("select record_a, record_b from review_pairs")}
by_true = collections.defaultdict(lambda: collections.defaultdict(list))
for rid, (src, tp, cl, f) in rec.items():
    if not (skip_thin and thin_name(f)): by_true[tp][cl].append(rid)
prob = lambda wt: 1 / (1 + 2 ** -wt)
cats = collections.Counter(); cat_src = collections.defaultdict(collections.Counter)
extra = 0; extra_after = collections.Counter(); examples = collections.defaultdict(list)
thin = collections.Counter()
for tp, frags in by_true.items():
    if len(frags) < 2: continue
    extra += len(frags) - 1
    keys = list(frags)
    parent = {k: k for k in keys}
    def find(x):
        while parent[x] != x: x = parent[x]
        return x
    edges = []
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            best = None
            for a in frags[keys[i]]:
                for b in frags[keys[j]]:
                    k = (min(a, b), max(a, b))
                    if k in cand and (best is None or cand[k] > best[0]): best = (cand[k], k)
            edges.append((best, keys[i], keys[j]))
    # classify each split by the best link between fragments (spanning, strongest first)
    edges.sort(key=lambda e: -(e[0][0] if e[0] else -1e9))
    for best, ki, kj in edges:
        if find(ki) == find(kj): continue
        parent[find(ki)] = find(kj)
        if best is None: cat = '1 never candidates'
        else:
            p = prob(best[0])
            cat = '2 p<0.05' if p < 0.05 else '3 0.05<=p<0.5' if p < 0.5 else '4 p>=0.5 (merge refused)'
        srcs = ' | '.join(sorted('+'.join(sorted({rec[r][0] for r in frags[k]})) for k in (ki, kj)))
        cats[cat] += 1; cat_src[cat][srcs] += 1
        if any(all(thin_name(rec[r][3]) for r in frags[k]) for k in (ki, kj)): thin[cat] += 1
        if best is not None and cat != '1 never candidates':
            cats[cat + (' in review queue' if best[1] in review else ' NOT queued')] += 0
            if best[1] in review: cats['queued'] += 1
        if len(examples[cat]) < nex:
            examples[cat].append((best, [[ (rec[r][0], rec[r][3]) for r in frags[k]] for k in (ki, kj)]))
print(f"extra persons from splits: {extra}")
for cat in sorted(k for k in cats if k[0].isdigit() and 'queue' not in k and 'NOT' not in k):
    print(f"  {cats[cat]:5d} {cat} ({thin[cat]} with a thin-named side): " + ', '.join(f"{s} {n}" for s, n in cat_src[cat].most_common(5)))
print(f"  of the candidate splits, best pair in review queue: {cats['queued']}")
for cat, ex in sorted(examples.items()):
    print('==', cat)
    for best, fr in ex:
        print('  best', None if best is None else f"w={best[0]:.1f} p={prob(best[0]):.3f}")
        for side in fr:
            for s, f in side: print('    ', s, {k: v for k, v in f.items() if k not in ('nationality', 'record_date', 'facility')})
            print('     --')
