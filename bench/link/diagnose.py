#!/usr/bin/env python3
"""Diagnoses missed and false pairs of a generated-set link (development aid; the
model never sees the truth).

  habeas --db DB link --dump-pairs pairs.tsv
  habeas --db DB export links -o links.csv
  bench/link/diagnose.py links.csv truth.csv pairs.tsv

Prints: true pairs, how many were candidates, candidates by probability, and the
most common comparison patterns of missed true candidate pairs and of false links.
"""
import collections
import csv
import math
import sys

FIELDS = ["given", "surname", "date", "sex", "nid", "anum", "oid", "region", "loc",
          "post", "addr", "phone", "src", "flight"]


def decode(p):
    v = int(p, 16)
    out = []
    for i, f in enumerate(FIELDS):
        level = (v >> (4 * i)) & 15
        if level != 15:
            out.append("%s=%d" % (f, level))
    return " ".join(out)


def main():
    links, truth_path, pairs_path = sys.argv[1:4]
    truth = {}
    with open(truth_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            truth[(row["source"], row["source_record_id"])] = row["person_id"]
    person = {}
    pred = {}
    src = {}
    with open(links, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rid = int(row["record_id"])
            person[rid] = truth[(row["source"], row["source_record_id"])]
            pred[rid] = row["person_id"]
            src[rid] = row["source"]
    by_person = collections.defaultdict(list)
    for rid, p in person.items():
        by_person[p].append(rid)
    true_pairs = set()
    for rids in by_person.values():
        rids.sort()
        for i in range(len(rids)):
            for j in range(i + 1, len(rids)):
                true_pairs.add((rids[i], rids[j]))
    cand = {}
    with open(pairs_path) as f:
        for line in f:
            a, b, p, w = line.split("\t")
            a, b = int(a), int(b)
            cand[(min(a, b), max(a, b))] = (p, float(w))
    in_cand = [tp for tp in true_pairs if tp in cand]
    print("true pairs %d, candidates %d (%.4f), candidate pairs %d" %
          (len(true_pairs), len(in_cand), len(in_cand) / len(true_pairs), len(cand)))
    missed = [tp for tp in true_pairs if pred[tp[0]] != pred[tp[1]]]
    missed_nc = [tp for tp in missed if tp not in cand]
    print("missed true pairs %d: not candidates %d" % (len(missed), len(missed_nc)))
    srcs = collections.Counter(tuple(sorted((src[a], src[b]))) for a, b in missed_nc)
    print("  not-candidate by sources:", srcs.most_common(8))
    pw = collections.Counter()
    pats = collections.Counter()
    for tp in missed:
        if tp in cand:
            p, w = cand[tp]
            pw["p>=0.5" if w >= 0 else "p<0.5"] += 1
            pats[(decode(p), round(w))] += 1
    print("  missed candidates:", dict(pw))
    for (p, w), c in pats.most_common(25):
        print("   %5d  w=%4d  %s" % (c, w, p))
    false = collections.Counter()
    nfalse = 0
    for k, (p, w) in cand.items():
        if w >= 0 and person[k[0]] != person[k[1]]:
            nfalse += 1
            false[(decode(p), round(w))] += 1
    print("false candidate pairs with p>=0.5: %d" % nfalse)
    for (p, w), c in false.most_common(15):
        print("   %5d  w=%4d  %s" % (c, w, p))
    if len(sys.argv) > 4:
        n = 0
        for a, b in missed_nc[:int(sys.argv[4])]:
            print("NC", a, src[a], b, src[b])


if __name__ == "__main__":
    main()
