#!/usr/bin/env python3
"""Scores locator answers against the generator's truth (docs/locator.md "Benchmark").

Reads JSON Lines as written by `habeas find --batch queries.csv --json` (or by the
pg_trgm baseline: same shape), queries_truth.csv (query_id,person_id; empty person_id =
on no list) and truth.csv (source,source_record_id,person_id). A result is the right
person if its person_id is the true person's id (persons from truth/linkage) or if any
of its records belongs to the true person (singleton persons).

Recall is reported by query shape (queries_truth.csv `shape`). With --persons
(persons.csv) and --queries (queries.csv) of the same generated data set, it also
reports the oracle (docs/locator.md "What bounds recall@1"): a searcher that knows the
true spelling of exactly the name parts the query reveals (the surnames of its shape,
and as many given names as the query has words for them: a nickname that replaced the
given names reveals the first; a shape that types all given names says there are no
others), the true birth date when the query gives a full date (even a mistyped one) and
the person when it gives a cédula, and that picks uniformly among the listed persons it
cannot tell apart; its expected recall@1 is the mean of 1/(persons it cannot tell
apart). Queries the oracle can tell apart from every other listed person are the
*identifying* queries: recall on them says how often Habeas finds the person when the
query determines them.

With --only-changed-from OTHER_queries.csv (and --queries) only the queries whose text
differs from OTHER's are scored: the queries a generator change touched, e.g. the hard
profile's glued words against the same seed's queries before them.

Prints one JSON object with the metrics. Python 3 standard library only.
"""
import argparse
import collections
import csv
import json
import statistics
import sys
import unicodedata


def load_truth(path):
    """query id → (person id or "", shape or "")."""
    with open(path, newline="", encoding="utf-8") as f:
        return {row["query_id"]: (row["person_id"], row.get("shape", ""))
                for row in csv.DictReader(f)}


def load_records(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(row["source"], row["source_record_id"])] = row["person_id"]
    return out


def fold(text):
    """Lower case without accents: the spelling the oracle compares."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if unicodedata.category(c) != "Mn").strip()


SURNAME_PARTS = {
    "full_name": ("surname1", "surname2"),
    "first_given_both_surnames": ("surname1", "surname2"),
    "given_names_paternal": ("surname1",),
    "first_given_paternal": ("surname1",),
    "surnames_only": ("surname1", "surname2"),
    "one_surname": ("surname1",),
}


def revealed(person, shape, query_text=None):
    """The name parts a query of this shape reveals, truly spelt.

    The shape says which surnames; the given names revealed are counted from the query's
    words when it is given: a compound first name typed whole ("jose gregorio diaz") reveals
    both words, a nickname that replaced the given names ("manu alvarez") only the first.
    Without the query, the shape alone decides (all given names, or the first word).
    """
    given = fold(person["given_names"]).split()
    surnames = tuple(fold(person[part]) for part in SURNAME_PARTS[shape])
    if shape in ("surnames_only", "one_surname"):
        n_given = 0
    elif query_text is not None:
        typed = len(query_text.replace(",", " ").split())
        n_given = max(1, typed - sum(len(s.split()) for s in surnames))
    elif shape in ("full_name", "given_names_paternal"):
        n_given = len(given)
    else:
        n_given = 1
    # A shape that types all given names says the person has no others.
    whole = shape in ("full_name", "given_names_paternal") and n_given >= len(given)
    return (" ".join(given[:n_given]) + ("" if whole else " …"),) + surnames


def oracle_sizes(persons_path, queries_path, shapes):
    """query id → how many listed persons the oracle cannot tell apart (>= 1)."""
    listed = {}
    with open(persons_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["list_count"] != "0":
                listed[row["person_id"]] = row
    with open(queries_path, newline="", encoding="utf-8") as f:
        queries = {row["query_id"]: row for row in csv.DictReader(f)}
    revealed_by = {}  # query id → the key its person has
    wanted = collections.defaultdict(set)  # (shape, given words) → keys asked for
    for qid, (person_id, shape) in shapes.items():
        if not person_id or person_id not in listed or qid not in queries:
            continue
        key = revealed(listed[person_id], shape, queries[qid]["query_text"])
        n_given = len(key[0].replace("…", "").split())
        revealed_by[qid] = (shape, n_given, key)
        wanted[(shape, n_given)].add(key)
    by_key = collections.Counter()
    by_key_birth = collections.Counter()
    for p in listed.values():
        given = fold(p["given_names"]).split()
        for (shape, n_given), keys in wanted.items():
            if n_given > len(given):
                continue
            surnames = tuple(fold(p[part]) for part in SURNAME_PARTS[shape])
            prefix = " ".join(given[:n_given])
            for key in ((prefix,) + surnames, (prefix + " …",) + surnames):
                whole = not key[0].endswith("…")
                if key in keys and (not whole or n_given == len(given)):
                    by_key[(shape, n_given, key)] += 1
                    by_key_birth[(shape, n_given, key, p["birth_date"])] += 1
    sizes = {}
    for qid, (shape, n_given, key) in revealed_by.items():
        p, q = listed[shapes[qid][0]], queries[qid]
        if q.get("national_id"):
            sizes[qid] = 1
        elif len(q.get("dob", "")) == 10:  # a full date
            sizes[qid] = max(1, by_key_birth[(shape, n_given, key, p["birth_date"])])
        else:
            sizes[qid] = max(1, by_key[(shape, n_given, key)])
    return sizes


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


def query_texts(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["query_id"]: row["query_text"] for row in csv.DictReader(f)}


def evaluate(answers_path, truth, records, oracle=None):
    n_listed = n_unlisted = 0
    hit1 = hit10 = 0
    confident_listed = confident_listed_right = 0
    confident_unlisted = 0
    latencies = []
    cpu = []
    seen = set()
    by_shape = collections.defaultdict(lambda: [0, 0, 0])  # queries, hits@1, hits@10
    identifying = [0, 0, 0]
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
            want, shape = truth[qid]
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
            tallies = [by_shape[shape]]
            if oracle is not None and oracle.get(qid) == 1:
                tallies.append(identifying)
            for t in tallies:
                t[0] += 1
                t[1] += bool(ranks and ranks[0] == 0)
                t[2] += bool(ranks)
            if confident:
                confident_listed += 1
                if results and want in true_persons_of(results[0], records):
                    confident_listed_right += 1
    missing = len(set(truth) - seen)
    rate = lambda hits, n: round(hits / n, 4) if n else None
    extra = {}
    if any(shape for shape in by_shape):
        extra["by_shape"] = {
            shape: {"queries": n, "recall_at_1": rate(h1, n), "recall_at_10": rate(h10, n)}
            for shape, (n, h1, h10) in sorted(by_shape.items())}
    if oracle is not None:
        expected = collections.defaultdict(lambda: [0.0, 0])
        for qid, size in oracle.items():
            for key in ("all", truth[qid][1]):
                expected[key][0] += 1.0 / size
                expected[key][1] += 1
        extra["oracle_recall_at_1"] = rate(*expected.pop("all", [0.0, 0]))
        extra["oracle_recall_at_1_by_shape"] = {
            shape: rate(total, n) for shape, (total, n) in sorted(expected.items())}
        extra["identifying"] = {"queries": identifying[0],
                                "recall_at_1": rate(identifying[1], identifying[0]),
                                "recall_at_10": rate(identifying[2], identifying[0])}
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
        **extra,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("answers")
    ap.add_argument("--queries-truth", required=True)
    ap.add_argument("--records-truth", required=True)
    ap.add_argument("--persons", help="persons.csv: adds the oracle and identifying queries")
    ap.add_argument("--queries", help="queries.csv (with --persons)")
    ap.add_argument("--only-changed-from", metavar="OTHER_QUERIES",
                    help="score only the queries whose text differs from this queries.csv's")
    args = ap.parse_args()
    truth = load_truth(args.queries_truth)
    if args.only_changed_from:
        if not args.queries:
            ap.error("--only-changed-from needs --queries")
        before, now = query_texts(args.only_changed_from), query_texts(args.queries)
        truth = {q: t for q, t in truth.items() if q in now and now[q] != before.get(q)}
    oracle = None
    if args.persons and args.queries:
        shapes = {qid: (pid, shape) for qid, (pid, shape) in truth.items() if shape}
        oracle = oracle_sizes(args.persons, args.queries, shapes)
    metrics = evaluate(args.answers, truth, load_records(args.records_truth), oracle)
    json.dump(metrics, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
