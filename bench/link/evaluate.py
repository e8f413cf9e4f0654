#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `habeas export links` against a truth.

Usage:
  evaluate.py LINKS.csv --truth truth.csv          # habeas-gen truth: source,source_record_id,person_id
  evaluate.py LINKS.csv --febrl                    # FEBRL: entity from rec_id (rec-123-org / rec-123-dup-0)

Pairs are counted over the records present in LINKS (rows rejected at import are not
linked and not counted). Prints one JSON object. Plain python3, no packages.

  evaluate.py LINKS.csv --truth truth.csv --per-list-pair
also prints, on stderr, a table of recall and precision per pair of lists (a record of
list A and a record of list B; A = B counts the pairs inside one list, its duplicates).
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
    ap.add_argument("--per-list-pair", action="store_true",
                    help="also print recall/precision per pair of lists on stderr")
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
                truth[key] = m.group(1)  # FEBRL4: rec-7-org in 4a, rec-7-dup-0 in 4b
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
    if args.per_list_pair:
        print_per_list_pair(predicted, truth)


def cross_pairs(members):
    """{(a, b): pairs} for the records of one group, counted by their lists' pair."""
    by_source = collections.Counter(source for source, _ in members)
    out = {}
    names = sorted(by_source)
    for i, a in enumerate(names):
        out[(a, a)] = by_source[a] * (by_source[a] - 1) // 2
        for b in names[i + 1:]:
            out[(a, b)] = by_source[a] * by_source[b]
    return out


def print_per_list_pair(predicted, truth):
    groups = {"true": collections.defaultdict(list), "pred": collections.defaultdict(list),
              "cell": collections.defaultdict(list)}
    for key in predicted:
        groups["true"][truth[key]].append(key)
        groups["pred"][predicted[key]].append(key)
        groups["cell"][(predicted[key], truth[key])].append(key)
    totals = {name: collections.Counter() for name in groups}
    for name, by_group in groups.items():
        for members in by_group.values():
            if len(members) > 1:
                totals[name].update(cross_pairs(members))
    sources = sorted({source for source, _ in predicted})
    print("%-16s %-16s %9s %9s %9s %8s %9s" % ("list A", "list B", "true", "found", "linked",
                                               "recall", "precision"), file=sys.stderr)
    for i, a in enumerate(sources):
        for b in sources[i:]:
            true_pairs = totals["true"][(a, b)]
            found = totals["cell"][(a, b)]
            linked = totals["pred"][(a, b)]
            if true_pairs == 0 and linked == 0:
                continue
            recall = "%.4f" % (found / true_pairs) if true_pairs else "-"
            precision = "%.4f" % (found / linked) if linked else "-"
            print("%-16s %-16s %9d %9d %9d %8s %9s" % (a, b, true_pairs, found, linked, recall,
                                                       precision), file=sys.stderr)


if __name__ == "__main__":
    main()
