#!/usr/bin/env bash
# PUT/GET load benchmark of one storage node with wrk (apt-get install -y wrk):
#   object-server/bench/bench.sh [seconds per run] [connections]
# Starts ObjectServerMain on a temp dir, then PUTs and GETs 4 KiB and 1 MiB objects.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
secs="${1:-15}"
conns="${2:-16}"
command -v wrk >/dev/null || { echo "bench: wrk is needed: apt-get install -y wrk" >&2; exit 1; }
cd "$root"
mvn -B -q -pl object-server -am install -DskipTests >/dev/null
cp="$(mvn -B -q -pl object-server dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)"
cp="$cp:object-server/target/classes"
dir="$(mktemp -d)"
java -Xmx1g -cp "$cp" io.stratus.objectserver.ObjectServerMain --devices-root "$dir" --devices d1 --bind-port 0 \
  --updater-interval 0 >"$dir/out" 2>"$dir/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do grep -q "listening on port" "$dir/out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/^listening on port //p' "$dir/out")"
url="http://127.0.0.1:$port"
echo "node on $url, data in $dir; wrk -t2 -c$conns -d${secs}s; $(nproc) cores"
for size in 4096 1048576; do
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/put.lua" "$url" -- "$size" | tail -1
  count=$(( size > 65536 ? 200 : 2000 ))
  head -c "$size" /dev/urandom >"$dir/body"
  seq 0 $((count - 1)) | xargs -P 8 -I{} sh -c 'curl -sf -o /dev/null -H "Expect:" -H "X-Timestamp: 1700000000.00000" \
    -H "Content-Type: application/octet-stream" -T "$0" "$1/d1/$(({} % 1024))/bench/g$2/g-{}"' "$dir/body" "$url" "$size"
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/get.lua" "$url" -- "$size" "$count" | tail -1
done
