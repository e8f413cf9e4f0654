#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `habeas export links` against a truth.

Usage:
  evaluate.py LINKS.csv --truth truth.csv          # habeas-gen truth: source,source_record_id,person_id
  evaluate.py LINKS.csv --febrl                    # FEBRL: entity from rec_id (rec-123-org / rec-123-dup-0)

Pairs are counted over the records present in LINKS (rows rejected at import are not
linked and not counted). Prints one JSON object. Plain python3, no packages.
"""
import argparse
import collections
import csv
import json
import re
import sys


def pairs_within(groups):
    return sum(n * (n - 1) // 2 for n in groups)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("links")
    ap.add_argument("--truth")
    ap.add_argument("--febrl", action="store_true")
    args = ap.parse_args()

    truth = {}
    if args.truth:
        with open(args.truth, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                truth[(row["source"], row["source_record_id"])] = row["person_id"]
    predicted = {}
    with open(args.links, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["source"], row["source_record_id"])
            if args.febrl:
                m = re.match(r"rec-(\d+)-", row["source_record_id"])
                truth[key] = row["source"] + ":" + m.group(1)
            predicted[key] = row["person_id"]
    missing = [k for k in predicted if k not in truth]
    if missing:
        sys.exit("%d linked records have no truth, e.g. %r" % (len(missing), missing[0]))

    # Contingency of (predicted person, true person) over the linked records.
    cell = collections.Counter((predicted[k], truth[k]) for k in predicted)
    by_pred = collections.Counter(predicted[k] for k in predicted)
    by_true = collections.Counter(truth[k] for k in predicted)
    tp = pairs_within(cell.values())
    pred_pairs = pairs_within(by_pred.values())
    true_pairs = pairs_within(by_true.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({
        "records": len(predicted),
        "true_persons": len(by_true),
        "predicted_persons": len(by_pred),
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "true_positive_pairs": tp,
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(f1, 5),
    }))


if __name__ == "__main__":
    main()
