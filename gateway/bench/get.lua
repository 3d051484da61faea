-- wrk script: Swift GETs of args[3] objects g-0.. of args[1] bytes through the gateway.
-- wrk -t2 -c16 -d15s -s get.lua STORAGE_URL -- SIZE TOKEN COUNT
local threads = {}
local counter = 0
local token, count

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  size = tonumber(args[1] or "4096")
  token = args[2]
  count = tonumber(args[3] or "200")
  counter = math.random(0, count)
end

function request()
  counter = counter + 1
  return wrk.format("GET", string.format("%s/bench/g-%d", wrk.path, counter % count), {["X-Auth-Token"] = token})
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout
  io.write(string.format("GET %d B: %.0f ops/s, %.1f MiB/s, p50 %.1f ms, p99 %.1f ms, errors %d\n",
    threads[1]:get("size"), (summary.requests - bad) / secs, summary.bytes / secs / 1048576,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
