#!/usr/bin/env python3
"""Calibration of the final weights (docs/linkage.md "Calibration").

  bench/link/calibration.py LINKS.csv TRUTH.csv PAIRS.tsv

LINKS.csv: `habeas export links`; TRUTH.csv: habeas-gen's truth.csv; PAIRS.tsv:
`habeas link --dump-pairs` (record a, record b, pattern, weight after competition).
Prints, for each one-bit bin of weight from -8 to +9, the candidate pairs in it, the
share that are true pairs, and the probability the model gives the bin's middle.
"""
import collections
import csv
import math
import sys


def main(links, truth_path, pairs):
    truth = {(r["source"], r["source_record_id"]): r["person_id"]
             for r in csv.DictReader(open(truth_path, encoding="utf-8"))}
    record = {int(r["record_id"]): (r["source"], r["source_record_id"])
              for r in csv.DictReader(open(links, encoding="utf-8"))}
    bins = collections.defaultdict(lambda: [0, 0])
    for line in open(pairs, encoding="utf-8"):
        a, b, _, w = line.rstrip("\n").split("\t")
        k = math.floor(float(w))
        if -8 <= k <= 8:
            bins[k][0] += 1
            bins[k][1] += truth[record[int(a)]] == truth[record[int(b)]]
    print("weight      pairs  true  model")
    for k in sorted(bins):
        n, t = bins[k]
        middle = 2 ** (k + 0.5)
        print(f"{k:3d}..{k + 1:3d} {n:8d}  {t / n:.2f}   {middle / (1 + middle):.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
