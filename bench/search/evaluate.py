#!/usr/bin/env python3
"""Scores locator answers against the generator's truth (docs/locator.md "Benchmark").

Reads JSON Lines as written by `habeas find --batch queries.csv --json` (or by the
pg_trgm baseline: same shape), queries_truth.csv (query_id,person_id; empty person_id =
on no list) and truth.csv (source,source_record_id,person_id). A result is the right
person if its person_id is the true person's id (persons from truth/linkage) or if any
of its records belongs to the true person (singleton persons).

Prints one JSON object with the metrics. Python 3 standard library only.
"""
import argparse
import csv
import json
import statistics
import sys


def load_truth(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["query_id"]: row["person_id"] for row in csv.DictReader(f)}


def load_records(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(row["source"], row["source_record_id"])] = row["person_id"]
    return out


def true_persons_of(result, records):
    persons = {result.get("person_id")}
    for rec in result.get("records", []):
        p = records.get((rec.get("source"), str(rec.get("source_record_id"))))
        if p:
            persons.add(p)
    return persons


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def evaluate(answers_path, truth, records):
    n_listed = n_unlisted = 0
    hit1 = hit10 = 0
    confident_listed = confident_listed_right = 0
    confident_unlisted = 0
    latencies = []
    cpu = []
    seen = set()
    with open(answers_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            a = json.loads(line)
            qid = a["query_id"]
            if qid not in truth:
                continue
            seen.add(qid)
            if "latency_ms" in a:
                latencies.append(float(a["latency_ms"]))
            if "cpu_ms" in a:
                cpu.append(float(a["cpu_ms"]))
            want = truth[qid]
            results = a.get("results", [])
            confident = a.get("match") is not None
            if not want:
                n_unlisted += 1
                confident_unlisted += confident
                continue
            n_listed += 1
            ranks = [i for i, r in enumerate(results[:10]) if want in true_persons_of(r, records)]
            if ranks and ranks[0] == 0:
                hit1 += 1
            if ranks:
                hit10 += 1
            if confident:
                confident_listed += 1
                if results and want in true_persons_of(results[0], records):
                    confident_listed_right += 1
    missing = len(set(truth) - seen)
    return {
        "queries": n_listed + n_unlisted,
        "missing_answers": missing,
        "listed_queries": n_listed,
        "unlisted_queries": n_unlisted,
        "recall_at_1": round(hit1 / n_listed, 4) if n_listed else None,
        "recall_at_10": round(hit10 / n_listed, 4) if n_listed else None,
        "confident_rate_listed": round(confident_listed / n_listed, 4) if n_listed else None,
        "confident_precision_listed": round(confident_listed_right / confident_listed, 4)
        if confident_listed else None,
        "confident_rate_unlisted": round(confident_unlisted / n_unlisted, 4)
        if n_unlisted else None,
        "latency_median_ms": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p99_ms": round(percentile(latencies, 0.99), 3) if latencies else None,
        "latency_max_ms": round(max(latencies), 3) if latencies else None,
        # CPU time of the searching thread: the same work without the scheduler's waits
        # (the benchmark machine is shared).
        "cpu_median_ms": round(statistics.median(cpu), 3) if cpu else None,
        "cpu_p99_ms": round(percentile(cpu, 0.99), 3) if cpu else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("answers")
    ap.add_argument("--queries-truth", required=True)
    ap.add_argument("--records-truth", required=True)
    args = ap.parse_args()
    metrics = evaluate(args.answers, load_truth(args.queries_truth),
                       load_records(args.records_truth))
    json.dump(metrics, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
