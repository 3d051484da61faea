-- wrk script: token issue, POST /v3/auth/tokens with the password method, scoped to project admin.
-- Every request checks the admin password with Argon2id, so the hash cost sets the rate.
--   STRATUS_PASSWORD=... wrk -t1 -c4 -d20s --latency -s identity/bench/issue.lua http://127.0.0.1:5000
local password = os.getenv("STRATUS_PASSWORD") or error("set STRATUS_PASSWORD to the admin password")
local user = os.getenv("STRATUS_USER") or "admin"
local project = os.getenv("STRATUS_PROJECT") or "admin"

wrk.method = "POST"
wrk.path = "/v3/auth/tokens"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"id":"default"},"password":"%s"}}},'
  .. '"scope":{"project":{"name":"%s","domain":{"id":"default"}}}}}', user, password, project)

function done(summary, latency, requests)
  io.write(string.format("token issue: %.1f tokens/s, %d errors (non-2xx %d)\n",
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    summary.errors.status))
end
