#!/usr/bin/env python3
"""Queries with a name and an identifier (docs/locator.md "Queries without a name").

  bench/search/exact_id.py ANSWERS.jsonl QUERIES.csv QUERIES_TRUTH.csv

Among the queries that carry an identifier and whose first result agrees exactly on it
(its matched field "id" is "exact"), counts the confident answers ("match") and how
many of them are the query's person. ANSWERS: `habeas find --batch QUERIES --json`.
"""
import csv
import json
import sys


def main(answers, queries_path, truth_path):
    queries = {r["query_id"]: r for r in csv.DictReader(open(queries_path, encoding="utf-8"))}
    truth = {r["query_id"]: r["person_id"]
             for r in csv.DictReader(open(truth_path, encoding="utf-8"))}
    total = confident = right = 0
    for line in open(answers, encoding="utf-8"):
        a = json.loads(line)
        if not queries[a["query_id"]]["national_id"] or not a.get("results"):
            continue
        fields = a["results"][0]["matched_fields"]
        if not any(f["field"] == "id" and f["agreement"] == "exact" for f in fields):
            continue
        total += 1
        if a["decision"] == "match":
            confident += 1
            right += a.get("match") == truth.get(a["query_id"])
    print(f"first result agrees exactly on the id: {total}; confident {confident}; "
          f"right {right}; wrong {confident - right}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
