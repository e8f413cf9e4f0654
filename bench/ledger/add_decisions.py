#!/usr/bin/env python3
"""Adds N reviewer decisions to a store, each with its ledger row entry, written
straight with sqlite3 (the benchmark needs 100k entries; 100k `habeas decide`
processes would take an hour of fsyncs). The encoding and entry bodies are
computed here from docs/ledger.md, so `habeas verify` also cross-checks this
independent implementation. Usage: add_decisions.py DB N"""
import base64
import hashlib
import sqlite3
import struct
import sys

db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
cur = con.cursor()
max_record = cur.execute("SELECT max(id) FROM records").fetchone()[0]
first = (cur.execute("SELECT coalesce(max(id), 0) FROM link_decisions").fetchone()[0]) + 1


def text(s):
    b = s.encode()
    return b"t" + struct.pack(">I", len(b)) + b


def integer(v):
    return b"i" + struct.pack(">q", v)


cur.execute("BEGIN")
for i in range(first, first + n):
    a, b = 1 + (i * 7919) % max_record, 1 + (i * 104729) % max_record
    row = (i, a, b, "distinct", "benchmark decision %d" % i, "bench", "2026-12-05T20:00:00Z")
    cur.execute("INSERT INTO link_decisions VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    enc = (text("link_decisions") + integer(row[0]) + integer(row[1]) + integer(row[2]) +
           text(row[3]) + text(row[4]) + text(row[5]) + text(row[6]))
    body = ("habeas-ledger-entry v1\nkind row\ntable link_decisions\nid %d\nrow %s\n" %
            (i, base64.b64encode(hashlib.sha256(enc).digest()).decode())).encode()
    leaf = hashlib.sha256(b"\x00" + body).digest()
    cur.execute("INSERT INTO ledger_entries (kind, subject_table, subject_id, body, leaf_hash, "
                "fingerprints, created_at) VALUES ('row', 'link_decisions', ?, ?, ?, NULL, ?)",
                (i, body, leaf, row[6]))
con.commit()
