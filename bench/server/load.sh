#!/usr/bin/env bash
# Load benchmark of `habeas serve` (docs/benchmarks.md "Server"): the locator API under
# wrk against `habeas find --batch` on the same queries, on the same machine.
#   bench/server/load.sh [POPULATION] [DURATION_SECONDS]   (default 72000, 20 s)
# The generator's population of 72,000 puts about 51,000 persons on the lists.
# Builds (once) a store of synthetic persons in /tmp/habeas-load-PERSONS, then:
#   1. baseline: two `habeas find --batch` processes in parallel (both cores), queries
#      per second from their per-query latencies (index loading excluded);
#      and CPU per query: of the search alone, and of the whole command (its process's
#      CPU time less that of a run with one query);
#   2. the API with wrk at 64 connections: requests/s, the latency percentiles, and the
#      server's CPU per request against find's (a ratio that holds on a busy machine,
#      where requests/s against a baseline measured a minute apart does not);
#   3. the API at 256 connections: 5xx count, that the server survives, its memory
#      (RSS) before, after and again after a second round (no unbounded growth).
# Servers listen on 127.0.0.1 only.
# HABEAS_LOAD_DIR chooses another work directory (a store of one's own build: a newer
# habeas migrates the store it opens). HABEAS_LOAD_DB=postgresql://... runs the same on
# a PostgreSQL store (the same lists, imported and linked into it once; its locator
# index and ledger key kept in the work directory through XDG_CACHE_HOME and
# XDG_DATA_HOME).
set -euo pipefail
cd "$(dirname "$0")/../.."
persons="${1:-72000}"
duration="${2:-20}"
habeas="$PWD/build/src/cli/habeas"
gen="$PWD/build/tools/gen/habeas-gen"
dir="${HABEAS_LOAD_DIR:-/tmp/habeas-load-$persons}"
db="$dir/habeas.db"
ready="$dir/.ready"
port="${HABEAS_LOAD_PORT:-18080}"
if [ -n "${HABEAS_LOAD_DB:-}" ]; then
  db="$HABEAS_LOAD_DB"
  ready="$dir/.ready-$(printf '%s' "$db" | sha256sum | cut -c1-16)"
  export XDG_CACHE_HOME="$dir/cache" XDG_DATA_HOME="$dir/data"
fi

if [ ! -f "$ready" ]; then
  if [ ! -f "$dir/lists/queries.csv" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    "$gen" --out "$dir/lists" --persons "$persons" --seed 2026 --queries 2000 --quiet
  fi
  for mapping in "$dir"/lists/*.toml; do
    stem="${mapping%.toml}"
    for file in "$stem".csv "$stem".tsv "$stem".jsonl; do
      [ -f "$file" ] || continue
      "$habeas" --db "$db" -q import "$file" --mapping "$mapping" --accept-rejects >/dev/null || [ $? -eq 3 ]
    done
  done
  "$habeas" --db "$db" -q link >/dev/null
  "$habeas" --db "$db" -q index >/dev/null
  touch "$ready"
fi
if [ -z "${HABEAS_LOAD_DB:-}" ]; then
  echo "store: $("$habeas" --db "$db" --json persons -n 1 >/dev/null; sqlite3 "$db" "select count(*) from persons where status='active'") persons, $(sqlite3 "$db" 'select count(*) from records') records"
else
  echo "store: $db (the server's health line below counts its persons and records)"
fi

# The same queries for both: the generator's queries.csv, URL-encoded for wrk.
queries="$dir/lists/queries.csv"
python3 - "$queries" "$dir/queries.txt" <<'PY'
import csv, sys, urllib.parse
with open(sys.argv[1], newline='', encoding='utf-8') as f, open(sys.argv[2], 'w') as out:
    for row in csv.DictReader(f):
        q = {'q': row['query_text']}
        if row.get('dob'): q['dob'] = row['dob']
        if row.get('national_id'): q['id'] = row['national_id']
        out.write(urllib.parse.urlencode(q) + '\n')
PY

echo "== baseline: habeas find --batch, two processes in parallel"
for i in 1 2; do
  "$habeas" --db "$db" -q find --batch "$queries" > "$dir/batch$i.jsonl" &
done
wait
python3 - "$dir/batch1.jsonl" "$dir/batch2.jsonl" <<'PY'
import json, sys
total = 0.0
for path in sys.argv[1:]:
    lat = [json.loads(l)['latency_ms'] for l in open(path)]
    qps = len(lat) / (sum(lat) / 1000)
    total += qps
    print(f"  {path}: {len(lat)} queries, {qps:.0f} queries/s")
print(f"  baseline (both cores): {total:.0f} queries/s")
open(sys.argv[1] + '.qps', 'w').write(str(total))
# CPU per query of the search alone (the thread's own CPU time around it).
cpu = [json.loads(l)['cpu_ms'] for path in sys.argv[1:] for l in open(path)]
print(f"  baseline CPU, the search alone: {sum(cpu) / len(cpu):.3f} ms a query")
PY
# CPU per query of the whole command (search, JSON, output), whatever else the machine
# runs: the process's user + system time over all queries less that over one query
# (loading the index), divided by the queries after the first.
head -2 "$queries" > "$dir/one_query.csv"
cpu_seconds() {
  /usr/bin/time -f "%U %S" -o "$dir/time.txt" "$habeas" --db "$db" -q find --batch "$1" >/dev/null
  awk '{print $1 + $2}' "$dir/time.txt"
}
all_cpu=$(cpu_seconds "$queries"); one_cpu=$(cpu_seconds "$dir/one_query.csv")
n_queries=$(($(wc -l < "$queries") - 1))
python3 -c "import sys; a, o, n = map(float, sys.argv[1:]); print(1000 * (a - o) / (n - 1))" \
  "$all_cpu" "$one_cpu" "$n_queries" > "$dir/batch1.jsonl.cpu"
echo "  baseline CPU, the whole command: $(cat "$dir/batch1.jsonl.cpu") ms a query"


"$habeas" --db "$db" user remove load_bench >/dev/null 2>&1 || true
"$habeas" --db "$db" -q user add load_bench --role analyst >/dev/null
token="$("$habeas" --db "$db" user token load_bench --label load)"
"$habeas" --db "$db" -q serve --host 127.0.0.1 --port "$port" --access-log "" > "$dir/serve.out" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.2
done
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "server RSS at start: $(rss) KiB; health: $(curl -fsS "http://127.0.0.1:$port/api/v1/health")"
# Warm-up: token check (Argon2id once, then cached) and caches.
QUERIES="$dir/queries.txt" TOKEN="$token" wrk -t2 -c8 -d3s -s bench/server/search.lua "http://127.0.0.1:$port" >/dev/null

echo "load: $(cat /proc/loadavg)"
echo "== API, 64 connections, ${duration}s"
# The server's CPU time (user + system, clock ticks) over the run: CPU per request does
# not depend on what else the machine runs, where requests/s does.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_before=$(cpu_ticks)
QUERIES="$dir/queries.txt" TOKEN="$token" wrk -t2 -c64 -d"${duration}s" --timeout 5s --latency \
  -s bench/server/search.lua "http://127.0.0.1:$port" | tee "$dir/wrk64.txt"
ticks_after=$(cpu_ticks)
python3 - "$dir/wrk64.txt" "$dir/batch1.jsonl.qps" "$dir/batch1.jsonl.cpu" \
  "$((ticks_after - ticks_before))" "$(getconf CLK_TCK)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
requests = int(re.search(r'(\d+) requests in', text).group(1))
base = float(open(sys.argv[2]).read())
print(f"  API {rps:.0f} req/s = {100 * rps / base:.0f}% of find --batch ({base:.0f} queries/s)")
base_cpu = float(open(sys.argv[3]).read())
server_cpu = 1000 * int(sys.argv[4]) / int(sys.argv[5]) / requests
print(f"  server CPU {server_cpu:.3f} ms a request against find's {base_cpu:.3f} ms a query:"
      f" the API does {100 * base_cpu / server_cpu:.0f}% of find's queries per CPU-second")
PY
echo "server RSS after 64 connections: $(rss) KiB"

echo "== API, 64 connections paced (each waits ${DELAY_MS:-100} ms between requests), ${duration}s"
DELAY_MS="${DELAY_MS:-100}" QUERIES="$dir/queries.txt" TOKEN="$token" wrk -t2 -c64 -d"${duration}s" --timeout 5s \
  --latency -s bench/server/search.lua "http://127.0.0.1:$port" | tee "$dir/wrk64-paced.txt"

echo "== status of every query once (the non-2xx answers above)"
python3 - "$dir/queries.txt" "$port" "$token" <<'PY'
import collections, sys, urllib.request, urllib.error
counts, examples = collections.Counter(), {}
for line in open(sys.argv[1]):
    req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[2]}/api/v1/search?{line.strip()}",
                                 headers={"Authorization": "Bearer " + sys.argv[3]})
    try:
        status = urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        status = e.code
        examples.setdefault(status, (line.strip(), e.read()[:160]))
    counts[status] += 1
print("  statuses:", dict(counts))
for status, (q, body) in examples.items():
    print(f"  e.g. {status} for {q}: {body.decode(errors='replace')}")
PY

for round in 1 2; do
  echo "load: $(cat /proc/loadavg)"
  echo "== API, 256 connections, ${duration}s (round $round)"
  QUERIES="$dir/queries.txt" TOKEN="$token" wrk -t2 -c256 -d"${duration}s" --timeout 10s --latency \
    -s bench/server/search.lua "http://127.0.0.1:$port" | tee "$dir/wrk256-$round.txt"
  kill -0 "$server" && echo "server alive; RSS $(rss) KiB"
  grep -q "Non-2xx" "$dir/wrk256-$round.txt" && echo "non-2xx answers: see the statuses above" || echo "no non-2xx answers"
done
curl -fsS "http://127.0.0.1:$port/api/v1/health"; echo
kill -TERM "$server"
wait "$server"
echo "server exited with $? after SIGTERM"
trap - EXIT
