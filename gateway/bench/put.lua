-- wrk script: Swift PUTs of fresh objects of args[1] bytes through the gateway into container "bench".
-- wrk -t2 -c16 -d15s -s put.lua STORAGE_URL -- SIZE TOKEN
local threads = {}
local counter = 0
local body, token

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  size = tonumber(args[1] or "4096")
  token = args[2]
  body = string.rep("x", size)
end

function request()
  counter = counter + 1
  return wrk.format("PUT", string.format("%s/bench/p-%d-%d", wrk.path, id, counter),
    {["X-Auth-Token"] = token, ["Content-Type"] = "application/octet-stream"}, body)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("PUT %d B: %.0f ops/s (successful), p50 %.1f ms, p99 %.1f ms, errors %d\n",
    threads[1]:get("size"), (summary.requests - bad) / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
