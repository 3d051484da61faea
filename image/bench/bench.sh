#!/usr/bin/env bash
# Image upload and download MiB/s (Glance v2 through the gateway, bytes into the object store, 3 replicas)
# for one image, with curl, against a running all-in-one (./stratus all-in-one --data-dir DIR):
#   image/bench/bench.sh [GATEWAY_URL] [ADMIN_PASSWORD_FILE] [MIB] [RUNS]
#   defaults: http://127.0.0.1:8080, data/identity/admin-password, 1024 MiB, 3 runs
set -euo pipefail
gateway="${1:-http://127.0.0.1:8080}"
password_file="${2:-data/identity/admin-password}"
mib="${3:-1024}"
runs="${4:-3}"
password="$(cat "$password_file")"
body="{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$password\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}"
token="$(curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d "$body" "$gateway/identity/v3/auth/tokens" \
  | awk 'tolower($1) == "x-subject-token:" { print $2 }' | tr -d '\r')"
[[ -n "$token" ]] || { echo "bench: no token from $gateway/identity/v3" >&2; exit 1; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
head -c "$((mib * 1048576))" /dev/urandom >"$dir/image"
echo "image of $mib MiB through $gateway/image; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  id="$(curl -fsS -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$run\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}" "$gateway/image/v2/images" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
  up="$(curl -fsS -o /dev/null -w '%{time_total}' -X PUT -H "X-Auth-Token: $token" -H 'Content-Type: application/octet-stream' \
    -T "$dir/image" "$gateway/image/v2/images/$id/file")"
  down="$(curl -fsS -o "$dir/back" -w '%{time_total}' -H "X-Auth-Token: $token" "$gateway/image/v2/images/$id/file")"
  cmp -s "$dir/image" "$dir/back" || { echo "bench: run $run downloaded different bytes" >&2; exit 1; }
  curl -fsS -o /dev/null -X DELETE -H "X-Auth-Token: $token" "$gateway/image/v2/images/$id"
  awk -v m="$mib" -v u="$up" -v d="$down" -v r="$run" \
    'BEGIN { printf "run %d: upload %.1f MiB/s (%.1f s), download %.1f MiB/s (%.1f s)\n", r, m / u, u, m / d, d }'
done
