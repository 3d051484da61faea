#!/usr/bin/env bash
# bench.sh - runs the Stratus benchmark harness (io.stratus.bench.BenchMain), building the bench
# module first when its sources changed since the last build.
#   ./bench.sh run --auth-url http://127.0.0.1:8080/auth/v1.0 --user bench:bench --key bench --mix get --size 4KiB
#   ./bench.sh help
# BENCH_JAVA_OPTS overrides the JVM options. Default: a small heap (bodies are streamed), serial GC and
# C1 only, so the client takes as little CPU from a server on the same box as it can.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cp_file=$here/target/bench.classpath
stamp=$here/target/classes/.bench-built

stale() {
  [ -s "$cp_file" ] && [ -f "$stamp" ] || return 0
  [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$stamp" -print -quit)" ]
}

if stale; then
  echo "bench.sh: building bench ..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl bench compile \
     && mvn -B -q -Dstyle.color=never -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file") >&2
  touch "$stamp"
fi

# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -cp "$here/target/classes:$(cat "$cp_file")" \
  io.stratus.bench.BenchMain "$@"
