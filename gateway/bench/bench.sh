#!/usr/bin/env bash
# PUT/GET 4 KiB through the gateway to a 4-node, 3-replica cluster in one JVM (identity included), with wrk:
#   gateway/bench/bench.sh [seconds per run] [connections]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
secs="${1:-15}"
conns="${2:-16}"
size=4096
command -v wrk >/dev/null || { echo "bench: wrk is needed: apt-get install -y wrk" >&2; exit 1; }
cd "$root"
mvn -B -q -pl gateway -am install -DskipTests >/dev/null
mvn -B -q -pl gateway test-compile >/dev/null
cp="$(mvn -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
cp="$cp:gateway/target/classes:gateway/target/test-classes"
dir="$(mktemp -d)"
mkfifo "$dir/in"
java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.stratus.gateway.bench.BenchCluster <"$dir/in" >"$dir/out" 2>"$dir/err" &
pid=$!
exec 3>"$dir/in"
trap 'exec 3>&-; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 600); do grep -q "^ready " "$dir/out" 2>/dev/null && break; sleep 0.1; done
read -r _ url token <"$dir/out"
echo "gateway storage URL $url; wrk -t2 -c$conns -d${secs}s; $(nproc) cores, everything in one JVM"
curl -sf -X PUT -H "X-Auth-Token: $token" "$url/bench" -o /dev/null
wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/put.lua" "$url" -- "$size" "$token" | tail -1
count=1000
head -c "$size" /dev/urandom >"$dir/body"
seq 0 $((count - 1)) | xargs -P 8 -I{} curl -sf -o /dev/null -H "Expect:" -H "X-Auth-Token: $token" -T "$dir/body" "$url/bench/g-{}"
wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/get.lua" "$url" -- "$size" "$token" "$count" | tail -1
