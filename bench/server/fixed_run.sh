#!/usr/bin/env bash
# A fixed, repeatable load for before/after CPU comparisons of `habeas serve` (docs/benchmarks.md
# "Server"): starts BINARY's server on the store of bench/server/load.sh, asks it every query
# of QUERIES.txt ROUNDS times in order over one keep-alive connection (bench/server/answers.py),
# and stops it with SIGTERM. Under farm-bench, the CPU of the whole run compares two builds:
#   farm-bench --vs 'bench/server/fixed_run.sh OLD_HABEAS ...' -- bench/server/fixed_run.sh NEW_HABEAS ...
#   bench/server/fixed_run.sh BINARY DB PORT TOKEN QUERIES.txt ROUNDS
set -euo pipefail
binary="$1"; db="$2"; port="$3"; token="$4"; queries="$5"; rounds="$6"
here="$(cd "$(dirname "$0")" && pwd)"
"$binary" --db "$db" -q serve --host 127.0.0.1 --port "$port" --access-log "" >/dev/null 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
"$here/answers.py" "$port" "$token" "$queries" /dev/null --repeat "$rounds"
kill -TERM "$server"
wait "$server"
trap - EXIT
