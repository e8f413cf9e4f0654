#!/usr/bin/env python3
"""Diagnoses missed and false pairs of a generated-set link (development aid; the
model never sees the truth).

  habeas --db DB link --dump-pairs pairs.tsv
  habeas --db DB export links -o links.csv
  habeas --db DB export records -o records.csv          (for --records)
  bench/link/diagnose.py links.csv truth.csv pairs.tsv [N] [--records records.csv]

Prints: true pairs, how many were candidates, missed candidates by probability (at
least 0.5 but refused by the clustering, between the review queue's 0.05 and 0.5,
below 0.05), and the most common comparison patterns of missed true candidate pairs
and of false links. N: print the first N missed pairs that were not candidates. With
--records, the missed pairs that were not candidates also by what the two records
carry (id: an identifier and a full date; dob; ym: a year and month; y; age; name
only) and by whether both name the same flight.
"""
import collections
import csv
import math
import re
import sys

REVIEW_LOW_WEIGHT = math.log2(0.05 / 0.95)  # probability 0.05 as a weight
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


def what_it_carries(r):
    """What a record of `habeas export records` gives besides its name."""
    dob = r["birth_date"]
    if (r["national_id"] or r["a_number"]) and len(dob) == 10:
        return "id"
    if len(dob) == 10:
        return "dob"
    return "ym" if len(dob) == 7 else "y" if dob else "age" if r["age"] else "name"


def flight_number(r):
    digits = re.findall(r"\d+", r["flight"] or "")
    return digits[-1] if digits else ""


def print_missed_by_record(missed_nc, records_path):
    with open(records_path, newline="", encoding="utf-8") as f:
        rec = {int(r["record_id"]): r for r in csv.DictReader(f)}
    kinds, flights = collections.Counter(), collections.Counter()
    for a, b in missed_nc:
        kinds[tuple(sorted((what_it_carries(rec[a]), what_it_carries(rec[b]))))] += 1
        fa, fb = flight_number(rec[a]), flight_number(rec[b])
        lists = " x ".join(sorted((rec[a]["source"], rec[b]["source"])))
        flights[("same flight" if fa and fa == fb else "one flight" if fa or fb else
                 "no flight", lists)] += 1
    print("  not-candidate by what the records carry:", kinds.most_common())
    print("  not-candidate by flight:", flights.most_common(8))


def main():
    args = sys.argv[1:]
    records_path = None
    if "--records" in args:
        k = args.index("--records")
        records_path = args[k + 1]
        del args[k:k + 2]
    links, truth_path, pairs_path = args[0:3]
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
    if records_path:
        print_missed_by_record(missed_nc, records_path)
    pw = collections.Counter()
    pats = collections.Counter()
    for tp in missed:
        if tp in cand:
            p, w = cand[tp]
            # The review queue's lower bound (review_low 0.05) splits the doubtful pairs
            # from those the model calls apart.
            pw["p>=0.5" if w >= 0 else "0.05<=p<0.5" if w >= REVIEW_LOW_WEIGHT else "p<0.05"] += 1
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
    if len(args) > 3:
        for a, b in missed_nc[:int(args[3])]:
            print("NC", a, src[a], b, src[b])


if __name__ == "__main__":
    main()
