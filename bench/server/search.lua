-- wrk script: GET /api/v1/search for each query of a file (one URL-encoded query
-- string per line, e.g. "q=jose+perez&dob=1994"), in turn, with an API token.
--   QUERIES=queries.txt TOKEN=hbt_... wrk -s bench/server/search.lua http://127.0.0.1:8080
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
local token = os.getenv("TOKEN")
-- DELAY_MS: each connection waits this long between requests (a paced load below
-- saturation, for latency at a given rate); unset: as fast as answers come.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local counter = 0

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function init(args)
  i = offset or 0
end

function request()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/api/v1/search?" .. q, { ["Authorization"] = "Bearer " .. token })
end

function delay()
  return delay_ms
end
