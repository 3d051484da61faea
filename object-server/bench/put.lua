-- wrk script: PUTs of fresh objects of args[1] bytes straight to one storage node.
-- wrk -t2 -c16 -d15s -s put.lua http://127.0.0.1:PORT -- 4096 [prefix]
local threads = {}
local counter = 0
local body, prefix

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  size = tonumber(args[1] or "4096")
  prefix = args[2] or "p"
  body = string.rep("x", size)
end

function request()
  counter = counter + 1
  local ts = string.format("%d.%05d", 1700000000 + math.floor(counter / 100000), counter % 100000)
  local path = string.format("/d1/%d/bench/c%d/%s-%d-%d", counter % 1024, size, prefix, id, counter)
  return wrk.format("PUT", path, {["X-Timestamp"] = ts, ["Content-Type"] = "application/octet-stream"}, body)
end

function done(summary, latency, requests)
  local size = threads[1]:get("size")
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local good = summary.requests - bad
  io.write(string.format("PUT %d B: %.0f ops/s, %.1f MiB/s (successful), p50 %.1f ms, p99 %.1f ms, errors %d "
    .. "(status %d, read %d, write %d, timeout %d)\n",
    size, good / secs, good * size / secs / 1048576, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad, summary.errors.status, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
