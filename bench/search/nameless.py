#!/usr/bin/env python3
"""Queries without a name (docs/locator.md "Queries without a name").

  bench/search/nameless.py make GEN_DIR OUT_DIR [--seed S]
      writes, from a habeas-gen output with queries (--queries N):
        cedula.csv     every query that carries a cédula, its name and date removed
        cedula_dob.csv the same with the query's birth date kept (those that have one)
        anumber.csv    1,000 manifest persons' A-numbers and 200 of persons on no list
      and truth.csv (query_id,person_id; empty for persons on no list)
  bench/search/nameless.py score TRUTH.csv ANSWERS.jsonl...
      counts, over `habeas find --batch … --json` answers, the decision and whether the
      first result is the person, by how its identifier (and birth date) agreed.
"""
import collections
import csv
import json
import random
import sys


def write_queries(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query_id", "query_text", "dob", "national_id"])
        w.writerows(rows)


def make(gen, out, seed):
    truth = {r["query_id"]: r["person_id"]
             for r in csv.DictReader(open(f"{gen}/queries_truth.csv", encoding="utf-8"))}
    queries = [r for r in csv.DictReader(open(f"{gen}/queries.csv", encoding="utf-8"))
               if r["national_id"]]
    write_queries(f"{out}/cedula.csv", [[q["query_id"], "", "", q["national_id"]] for q in queries])
    write_queries(f"{out}/cedula_dob.csv", [[q["query_id"], "", q["dob"], q["national_id"]]
                                            for q in queries if q["dob"]])
    persons = list(csv.DictReader(open(f"{gen}/persons.csv", encoding="utf-8")))
    rng = random.Random(seed)
    on = [p for p in persons if "manifest" in p["lists"].split(";")]
    off = [p for p in persons if p["list_count"] == "0"]
    picked = rng.sample(on, min(1000, len(on))) + rng.sample(off, min(200, len(off)))
    rows, anumber_truth = [], {}
    for i, p in enumerate(picked):
        qid = "A%05d" % i
        rows.append([qid, "", "", "A" + p["a_number"]])
        anumber_truth[qid] = p["person_id"] if p["list_count"] != "0" else ""
    write_queries(f"{out}/anumber.csv", rows)
    with open(f"{out}/truth.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query_id", "person_id"])
        for q in queries:
            w.writerow([q["query_id"], truth[q["query_id"]]])
        for qid, pid in anumber_truth.items():
            w.writerow([qid, pid])


def score(truth_path, answers):
    truth = {r["query_id"]: r["person_id"]
             for r in csv.DictReader(open(truth_path, encoding="utf-8"))}
    for path in answers:
        by_evidence = collections.Counter()
        decisions = collections.Counter()
        for line in open(path, encoding="utf-8"):
            a = json.loads(line)
            person = truth[a["query_id"]]
            top = a["results"][0] if a["results"] else None
            right = top is not None and top["person_id"] == person
            if top:
                agree = {m["field"]: m["agreement"] for m in top["matched_fields"]}
                by_evidence[(agree.get("id", "none"), agree.get("birth_date", "no date"),
                             "right" if right else "wrong")] += 1
            decisions[(a["decision"], "listed" if person else "no list",
                       "right" if right else "wrong")] += 1
        print("==", path)
        for k, v in sorted(decisions.items()):
            print("  %5d  decision %-18s %-8s first result %s" % (v, *k))
        for k, v in sorted(by_evidence.items()):
            print("  %5d  first result: id %-9s birth %-14s %s" % (v, *k))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
        make(sys.argv[2], sys.argv[3], seed)
    elif len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
