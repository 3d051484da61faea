#!/usr/bin/env bash
# Token issue/s and uncached validate/s over HTTP, with wrk, against a running identity service
# (by default the all-in-one's: ./stratus all-in-one --data-dir DIR).
#   identity/bench/run-wrk.sh [BASE_URL] [ADMIN_PASSWORD_FILE]
#   defaults: http://127.0.0.1:5000 and data/identity/admin-password
#   DURATION=20s ISSUE_CONNECTIONS=4 VALIDATE_CONNECTIONS=32 tune the runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${1:-http://127.0.0.1:5000}"
password_file="${2:-data/identity/admin-password}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }

export STRATUS_PASSWORD="$(cat "$password_file")"
body="{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$STRATUS_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}"
STRATUS_TOKEN="$(curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d "$body" "$base/v3/auth/tokens" \
  | awk 'tolower($1) == "x-subject-token:" { print $2 }' | tr -d '\r')"
export STRATUS_TOKEN
[[ -n "$STRATUS_TOKEN" ]] || { echo "could not get a token from $base" >&2; exit 1; }

duration="${DURATION:-20s}"
echo "== token issue (password method; Argon2id per request)"
wrk -t1 -c"${ISSUE_CONNECTIONS:-4}" -d"$duration" --latency -s "$here/issue.lua" "$base"
echo
echo "== token validate, uncached (GET /v3/auth/tokens)"
wrk -t1 -c"${VALIDATE_CONNECTIONS:-32}" -d"$duration" --latency -s "$here/validate.lua" "$base"
