#!/usr/bin/env python3
"""The PostgreSQL pg_trgm baseline for the locator benchmark (docs/locator.md).

Starts a private PostgreSQL 15 server (initdb in a temporary directory, socket in
that directory, listening on 127.0.0.1 only; as user `nobody` when run as root since
initdb refuses root), loads the same records as the Habeas store (one row per record:
folded full name, birth date, identifier digits, person id), builds a GIN trigram
index, and answers the same queries the usual way: candidates by `name % query`, ranked
by similarity(name, query) (+0.2 for an equal birth date, +0.5 for an equal identifier),
top 10 persons. "Confident" = top score >= --confident (default 0.6). Latency is
per statement as psql's \\timing reports it (Unix socket, same machine). Writes JSON
Lines in the shape of `habeas find --batch --json`; stops the server at the end.
Standard library only (sqlite3 for the store, psql for the server).
"""
import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def digits(text):
    return re.sub(r"[^0-9]", "", text or "").lstrip("0")


def iso_date(text):
    text = (text or "").strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--persons", choices=["truth", "link", "records"], default="truth")
    ap.add_argument("--truth-records", help="truth.csv (for --persons truth)")
    ap.add_argument("--pgbin", default="/usr/lib/postgresql/15/bin")
    ap.add_argument("--port", type=int, default=54329)
    ap.add_argument("--confident", type=float, default=0.6)
    args = ap.parse_args()

    truth = {}
    if args.persons == "truth":
        with open(args.truth_records, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                truth[(row["source"], row["source_record_id"])] = row["person_id"]
    db = sqlite3.connect(args.store)
    linked = {}
    if args.persons == "link":
        linked = dict(db.execute("SELECT record_id, person_id FROM record_persons"))
    sources = dict(db.execute("SELECT id, name FROM sources"))
    rows = []
    for rid, sid, srid, fields in db.execute(
            "SELECT id, source_id, source_record_id, fields FROM records"):
        f = json.loads(fields)
        name = f.get("full_name") or " ".join(
            f.get(k, "") for k in ("given_names", "surnames", "surname1", "surname2"))
        src = sources[sid]
        if args.persons == "truth":
            pid = truth.get((src, srid)) or f"R{rid}"
        elif args.persons == "link" and rid in linked:
            pid = f"P{linked[rid]:06d}"
        else:
            pid = f"R{rid}"
        ids = " ".join(x for x in (digits(f.get("national_id")), digits(f.get("a_number"))) if x)
        rows.append((rid, src, srid, pid, fold(name), f.get("birth_date", ""), ids))

    tmp = tempfile.mkdtemp(prefix="habeas_pg_")
    os.chmod(tmp, 0o777)
    data = os.path.join(tmp, "data")
    as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    user = "nobody" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    pg = lambda *a: subprocess.run(as_user + list(a), check=True, capture_output=True, text=True)
    try:
        pg(f"{args.pgbin}/initdb", "-D", data, "-A", "trust", "-U", user, "--no-sync")
        pg(f"{args.pgbin}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
           f"-k {tmp} -c listen_addresses=127.0.0.1 -p {args.port} -c fsync=off", "start")
        psql = ["psql", "-h", tmp, "-p", str(args.port), "-U", user, "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t"]
        load = os.path.join(tmp, "records.tsv")
        with open(load, "w", encoding="utf-8") as f:
            for r in rows:
                f.write("\t".join(str(x).replace("\t", " ").replace("\\", "") for x in r) + "\n")
        os.chmod(load, 0o644)
        t0 = time.time()
        subprocess.run(psql, check=True, text=True, input=f"""
CREATE EXTENSION pg_trgm;
CREATE TABLE recs (record_id bigint, source text, source_record_id text, person_id text,
                   name text, birth_date text, ids text);
\\copy recs FROM '{load}'
CREATE INDEX recs_name_trgm ON recs USING gin (name gin_trgm_ops);
CREATE INDEX recs_ids ON recs (ids);
ANALYZE recs;
""")
        load_seconds = time.time() - t0
        queries = list(csv.DictReader(open(args.queries, newline="", encoding="utf-8")))
        script = ["\\timing on"]
        for q in queries:
            name = sql_str(fold(q["query_text"]))
            dob = sql_str(iso_date(q.get("dob", "")))
            nid = sql_str(digits(q.get("national_id", "")))
            script.append(
                f"SELECT {sql_str(q['query_id'])} || ' ' || coalesce((SELECT string_agg("
                f"person_id || ':' || round(s::numeric, 4) || ':' || recs_list, ' ' ORDER BY s DESC) "
                f"FROM (SELECT person_id, max(s) AS s, string_agg(source || '|' || source_record_id, ',') "
                f"AS recs_list FROM (SELECT person_id, source, source_record_id, similarity(name, {name}) "
                f"+ CASE WHEN {dob} <> '' AND birth_date = {dob} THEN 0.2 ELSE 0 END "
                f"+ CASE WHEN {nid} <> '' AND ids LIKE '%' || {nid} || '%' THEN 0.5 ELSE 0 END AS s "
                f"FROM recs WHERE name % {name} OR ({nid} <> '' AND ids LIKE '%' || {nid} || '%')) c "
                f"GROUP BY person_id ORDER BY max(s) DESC LIMIT 10) t), '');")
        out = subprocess.run(psql, check=True, text=True, capture_output=True,
                             input="\n".join(script) + "\n").stdout.splitlines()
        answers = []
        pending = None
        for line in out:
            m = re.match(r"Time: ([0-9.]+) ms", line)
            if m and pending is not None:
                pending["latency_ms"] = float(m.group(1))
                answers.append(pending)
                pending = None
            elif line and not line.startswith("Time:") and pending is None:
                parts = line.split(" ")
                results = []
                for item in parts[1:]:
                    if not item:
                        continue
                    pid, score, recs = item.split(":", 2)
                    results.append({"person_id": pid, "probability": float(score), "records": [
                        {"source": r.split("|")[0], "source_record_id": r.split("|", 1)[1]}
                        for r in recs.split(",")]})
                confident = bool(results) and results[0]["probability"] >= args.confident
                pending = {"query_id": parts[0],
                           "match": results[0]["person_id"] if confident else None,
                           "results": results}
        with open(args.out, "w", encoding="utf-8") as f:
            for a in answers:
                f.write(json.dumps(a) + "\n")
        print(json.dumps({"records": len(rows), "load_seconds": round(load_seconds, 2),
                          "answers": len(answers)}), file=sys.stderr)
    finally:
        subprocess.run(as_user + [f"{args.pgbin}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
