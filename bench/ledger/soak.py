#!/usr/bin/env python3
"""Crash soak for the ledger (not in CI; figures in docs/benchmarks.md "Ledger").

Each trial starts a real `habeas` write (an import, a link run, a reviewer decision,
or a checkpoint export) on one store and kills it with SIGKILL after a random delay
(or lets it finish). After every trial: the store must open and `habeas verify` must
pass, and every write acknowledged so far (exit 0 seen) must still be there with its
entry. Usage: soak.py HABEAS TRIALS [WORKDIR]
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

habeas, trials = sys.argv[1], int(sys.argv[2])
work = sys.argv[3] if len(sys.argv) > 3 else "/tmp/habeas_ledger_soak"
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
db = os.path.join(work, "s.db")
rng = random.Random(17)
MAPPING = ('[source]\nname = "%s"\nkind = "ngo"\nrecord_id = "id"\n[fields]\n'
           'given_names = "n"\nsurnames = "s"\nbirth_date = "b"\n')


def write_list(i, rows):
    path = os.path.join(work, "l%d.csv" % i)
    with open(path, "w") as f:
        f.write("id,n,s,b\n")
        for r in range(rows):
            k = rng.randrange(5000)
            f.write("%d-%d,Ana %d,Rojas %d,19%02d-0%d-1%d\n" % (i, r, k % 50, k, k % 99, 1 + k % 9, k % 9))
    with open(path + ".toml", "w") as f:
        f.write(MAPPING % ("list%d" % (i % 7)))
    return path


acked_batches, acked_decisions = set(), set()
stats = {"trials": 0, "killed": 0, "finished": 0, "lost": 0, "open_fail": 0, "verify_fail": 0}
kinds = {}
for trial in range(trials):
    kind = rng.choice(["import", "import", "link", "decide", "checkpoint"])
    if kind == "import":
        path = write_list(trial, rng.choice([30, 300, 3000]))
        args = ["import", path, "--mapping", path + ".toml", "--accept-rejects", "--json"]
    elif kind == "link":
        args = ["link", "--json"]
    elif kind == "decide":
        a, b = rng.randrange(1, 400), rng.randrange(1, 400)
        args = ["decide", str(a), str(b + 400), "distinct", "--reason", "soak", "--json"]
    else:
        args = ["checkpoint", "export", "-o", os.path.join(work, "head.json")]
    p = subprocess.Popen([habeas, "--db", db, "--quiet"] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    delay = rng.uniform(0, 0.2)
    try:
        out, _ = p.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
    stats["trials"] += 1
    kinds[kind] = kinds.get(kind, 0) + 1
    if p.returncode == -signal.SIGKILL:
        stats["killed"] += 1
    else:
        stats["finished"] += 1
        if p.returncode == 0 and kind == "import":
            acked_batches.add(json.loads(out)["batch_id"]) if b"batch_id" in out else None
        if p.returncode == 0 and kind == "decide":
            acked_decisions.add(json.loads(out)["decision_id"])
    if not os.path.exists(db):
        continue
    v = subprocess.run([habeas, "--db", db, "verify"], capture_output=True, text=True)
    if v.returncode != 0:
        if "Habeas store" in v.stderr or "cannot open" in v.stderr:
            stats["open_fail"] += 1
        else:
            stats["verify_fail"] += 1
        print("trial %d (%s): %s" % (trial, kind, v.stderr.strip()))
    con = sqlite3.connect(db)
    batches = {r[0] for r in con.execute("SELECT subject_id FROM ledger_entries WHERE kind='batch'")}
    decisions = {r[0] for r in con.execute(
        "SELECT subject_id FROM ledger_entries WHERE subject_table='link_decisions'")}
    con.close()
    lost = len(acked_batches - batches) + len(acked_decisions - decisions)
    if lost:
        print("trial %d: %d acknowledged writes lost" % (trial, lost))
    stats["lost"] = max(stats["lost"], lost)
stats["acknowledged"] = len(acked_batches) + len(acked_decisions)
stats["kinds"] = kinds
print(json.dumps(stats))
