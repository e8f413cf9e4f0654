#!/usr/bin/env python3
"""Asks a running `habeas serve` every query of a file, in order, over one keep-alive
connection, and writes each answer as one line: the status, a tab, the body (bodies are
one line of JSON). Two runs' outputs compare byte for byte (docs/benchmarks.md "Server":
the answers before and after a change), and a fixed number of requests is a repeatable
load for callgrind.

  bench/server/answers.py PORT TOKEN QUERIES.txt OUT.txt [--repeat N]

QUERIES.txt: one URL-encoded query string a line (bench/server/load.sh writes one);
TOKEN: an API token (hbt_...), or "" for the public."""
import argparse
import http.client
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("token")
    parser.add_argument("queries")
    parser.add_argument("out")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    headers = {"Authorization": "Bearer " + args.token} if args.token else {}
    queries = [line.strip() for line in open(args.queries, encoding="utf-8") if line.strip()]
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    with open(args.out, "w", encoding="utf-8") as out:
        for _ in range(args.repeat):
            for q in queries:
                conn.request("GET", "/api/v1/search?" + q, headers=headers)
                response = conn.getresponse()
                body = response.read().decode("utf-8", errors="replace").rstrip("\n")
                out.write(f"{response.status}\t{body}\n")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
