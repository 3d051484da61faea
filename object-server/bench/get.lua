-- wrk script: GETs of args[2] objects named g-0.. of args[1] bytes from one storage node.
-- wrk -t2 -c16 -d15s -s get.lua http://127.0.0.1:PORT -- 4096 200
local counter = 0
local threads = {}
local count

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  size = tonumber(args[1] or "4096")
  count = tonumber(args[2] or "200")
  counter = math.random(0, count)
end

function request()
  counter = counter + 1
  local i = counter % count
  return wrk.format("GET", string.format("/d1/%d/bench/g%d/g-%d", i % 1024, size, i))
end

function done(summary, latency, requests)
  local size = threads[1]:get("size")
  local secs = summary.duration / 1e6
  io.write(string.format("GET %d B: %.0f ops/s, %.1f MiB/s, p50 %.1f ms, p99 %.1f ms, errors %d\n",
    size, summary.requests / secs, summary.bytes / secs / 1048576,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
