#!/usr/bin/env python3
"""Why the locator missed: listed queries whose person is not ranked first, by cause.

    python3 bench/search/miss_causes.py WORK [ANSWERS]

WORK is a run_benchmark.sh work directory (habeas.db, data/, habeas_answers.jsonl).
Each miss is classified against the store's records of the true person (persons from
data/truth.csv), first match wins:
  person_not_in_store      the importer rejected all of the person's rows
  cedula_not_in_records    the query has a cédula that no record of the person carries
  records_lack_a_part      a name part the query reveals (evaluate.revealed) is on no
                           record of the person, as truly spelt (dropped or misspelt)
  query_typo_or_nickname   a query word is on no record of the person
  ranking                  query and records agree: the ranking put someone else first
and split by whether the query is identifying (the oracle of evaluate.py singles the
person out) and whether the person is in the top 10. Prints counts, then with --show
the queries of each class. Python 3 standard library only.
"""
import argparse
import csv
import collections
import json
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate as ev  # noqa: E402

PARTICLES = {"de", "del", "la", "las", "los", "y"}


def words(text):
    return set(ev.fold(re.sub(r"[,.]", " ", text)).split())


def digits(text):
    return re.sub(r"\D", "", text or "").lstrip("0")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work")
    ap.add_argument("answers", nargs="?")
    ap.add_argument("--show", action="store_true", help="list the queries of each class")
    args = ap.parse_args()
    data = os.path.join(args.work, "data")
    answers = args.answers or os.path.join(args.work, "habeas_answers.jsonl")
    truth = ev.load_truth(os.path.join(data, "queries_truth.csv"))
    shapes = {q: v for q, v in truth.items() if v[1]}
    oracle = ev.oracle_sizes(os.path.join(data, "persons.csv"),
                             os.path.join(data, "queries.csv"), shapes)
    with open(os.path.join(data, "persons.csv"), newline="", encoding="utf-8") as f:
        persons = {r["person_id"]: r for r in csv.DictReader(f)}
    with open(os.path.join(data, "queries.csv"), newline="", encoding="utf-8") as f:
        queries = {r["query_id"]: r for r in csv.DictReader(f)}
    records = ev.load_records(os.path.join(data, "truth.csv"))
    db = sqlite3.connect(os.path.join(args.work, "habeas.db"))
    sources = dict(db.execute("SELECT id, name FROM sources"))
    by_person = collections.defaultdict(list)
    for source_id, srid, fields in db.execute(
            "SELECT source_id, source_record_id, fields FROM records"):
        p = records.get((sources[source_id], srid))
        if p:
            by_person[p].append(json.loads(fields))

    counts = collections.Counter()
    examples = collections.defaultdict(list)
    with open(answers, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            qid = a["query_id"]
            want, shape = truth.get(qid, ("", ""))
            if not want:
                continue
            rank = next((i for i, r in enumerate(a.get("results", [])[:10])
                         if want in ev.true_persons_of(r, records)), None)
            if rank == 0:
                continue
            p, q, recs = persons[want], queries[qid], by_person.get(want, [])
            on_records = set()
            for r in recs:
                on_records |= words(" ".join(r.get(k, "") for k in (
                    "full_name", "given_names", "surnames", "surname1", "surname2")))
            revealed = [w for part in ev.revealed(p, shape, q["query_text"])
                        for w in part.split() if w != "…" and w not in PARTICLES]
            typed = [w for w in words(q["query_text"]) if len(w) > 1 and w not in PARTICLES]
            if not recs:
                cause = "person_not_in_store"
            elif q["national_id"] and not any(
                    digits(r.get("national_id")) == digits(p["national_id"]) for r in recs):
                cause = "cedula_not_in_records"
            elif any(w not in on_records for w in revealed):
                cause = "records_lack_a_part"
            elif any(w not in on_records for w in typed):
                cause = "query_typo_or_nickname"
            else:
                cause = "ranking"
            key = ("identifying" if oracle.get(qid) == 1 else "ambiguous",
                   "in_top10" if rank is not None else "not_in_top10", cause)
            counts[key] += 1
            examples[key].append(f"  {qid} {shape} rank={rank}: {q['query_text']} | "
                                 f"{q['dob']} | {q['national_id']}  (true: "
                                 f"{p['full_name']} {p['birth_date']})")
    for key, n in sorted(counts.items()):
        print(n, *key)
        if args.show:
            print("\n".join(examples[key]))


if __name__ == "__main__":
    main()
