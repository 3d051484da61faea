-- wrk script: token validation without a cache, GET /v3/auth/tokens?nocatalog with the token as both
-- X-Auth-Token and X-Subject-Token (what common's KeystoneTokenValidator sends on a cache miss).
--   STRATUS_TOKEN=... wrk -t1 -c32 -d20s --latency -s identity/bench/validate.lua http://127.0.0.1:5000
local token = os.getenv("STRATUS_TOKEN") or error("set STRATUS_TOKEN to a valid token")

wrk.method = "GET"
wrk.path = "/v3/auth/tokens?nocatalog"
wrk.headers["X-Auth-Token"] = token
wrk.headers["X-Subject-Token"] = token
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  io.write(string.format("token validate (uncached, HTTP): %.1f validations/s, %d errors (non-2xx %d)\n",
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    summary.errors.status))
end
