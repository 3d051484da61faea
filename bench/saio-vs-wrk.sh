#!/usr/bin/env bash
# saio-vs-wrk.sh - the same Swift workloads through bench (this module) and through the neutral wrk
# script (shared/tools/swift-saio/bench-swift-api.sh), alternating tool by tool and case by case,
# then one side-by-side table. Start the SAIO first (start-saio.sh); stop it afterwards (stop-saio.sh).
#
#   ./saio-vs-wrk.sh                       # CASES="put4k get4k put1m get1m list big", 16 connections, 20 s
#   CASES="get4k" ROUNDS=3 DURATION=10 ./saio-vs-wrk.sh
#
# Case big is the wrk script's 1 GiB case: one PUT and one GET of a 1 GiB object at concurrency 1
# (curl there; rows put1g and get1g). bench PUTs into bench-put1g and GETs o-00000 of bench-get1g
# (prepared once); the objects written to bench-big and bench-put1g are deleted after each pair.
# Rounds alternate who goes first (odd: wrk, even: bench).
#
# Env: SAIO_TOOLS (/work/shared/tools/swift-saio), AUTH_URL (http://127.0.0.1:8080/auth/v1.0),
#      SWIFT_USER (bench:bench), SWIFT_KEY (bench), CASES, ROUNDS (2), DURATION (20), CONC (16),
#      RESULTS (target/saio-vs-wrk): bench JSON per run and wrk.txt with the wrk lines;
#      REPORT_ONLY=1 prints the table of the runs in RESULTS again, running nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SAIO_TOOLS=${SAIO_TOOLS:-/work/shared/tools/swift-saio}
AUTH_URL=${AUTH_URL:-http://127.0.0.1:8080/auth/v1.0}
SWIFT_USER=${SWIFT_USER:-bench:bench}
SWIFT_KEY=${SWIFT_KEY:-bench}
CASES=${CASES:-"put4k get4k put1m get1m list big"}
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20}
CONC=${CONC:-16}
RESULTS=${RESULTS:-$here/target/saio-vs-wrk}
mkdir -p "$RESULTS"
if [ -n "${REPORT_ONLY:-}" ]; then
  ROUNDS=0
else
  : > "$RESULTS/wrk.txt"
  eval "$("$SAIO_TOOLS/get-token.sh" "$AUTH_URL" "$SWIFT_USER" "$SWIFT_KEY")"
fi
common=(--auth-url "$AUTH_URL" --user "$SWIFT_USER" --key "$SWIFT_KEY" --concurrency "$CONC"
        --threads 2 --duration "${DURATION}s" --quiet)
bench_args() {  # case -> the bench options of the same workload as the wrk script's case
  case $1 in
    put4k) echo "--container bench-put4k --mix put --size 4KiB" ;;
    put1m) echo "--container bench-put1m --mix put --size 1MiB" ;;
    get4k) echo "--container bench-10k --mix get --prepare-objects 10000 --size 4KiB" ;;
    get1m) echo "--container bench-1m --mix get --prepare-objects 200 --size 1MiB" ;;
    list)  echo "--container bench-10k --mix list --list-limit 10000 --prepare-objects 10000 --size 4KiB" ;;
    put1g) echo "--container bench-put1g --mix put --size 1GiB --requests 1 --concurrency 1 --threads 1" ;;
    get1g) echo "--container bench-get1g --mix get --prepare-objects 1 --size 1GiB --requests 1 --concurrency 1 --threads 1" ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
}

bench_cases() { if [ "$1" = big ]; then echo "put1g get1g"; else echo "$1"; fi; }
empty_container() {  # deletes every object of a container (the 1 GiB objects would fill the SAIO's disk)
  local c=$STORAGE_URL/$1 o
  curl -sf -H "X-Auth-Token: $TOKEN" "$c?limit=10000" | while read -r o; do
    curl -sS -o /dev/null -X DELETE -H "X-Auth-Token: $TOKEN" "$c/$o"
  done
}

wrk_case() {  # round case
  echo "== round $1 case $2: wrk (load $(cut -d" " -f1-3 /proc/loadavg))" >&2
  CASES=$2 CONCS=$CONC RUNS=1 DURATION=$DURATION PAUSE=1 OUT="$RESULTS/wrk.txt" \
    "$SAIO_TOOLS/bench-swift-api.sh" "$STORAGE_URL" "$TOKEN" >/dev/null
  if [ "$2" = big ]; then empty_container bench-big; fi
}
bench_case() {  # round case
  local b
  for b in $(bench_cases "$2"); do
    echo "== round $1 case $b: bench (load $(cut -d" " -f1-3 /proc/loadavg))" >&2
    # shellcheck disable=SC2046
    "$here/bench.sh" run "${common[@]}" $(bench_args "$b") --label "$b" --out "$RESULTS/$b-r$1.json" >/dev/null
    sleep 1
  done
  if [ "$2" = big ]; then empty_container bench-put1g; fi
}

"$here/bench.sh" help >/dev/null 2>&1 || true   # builds once, before anything is measured
for round in $(seq 1 "$ROUNDS"); do
  for c in $CASES; do
    # who goes first changes every round: the first run of a pair warms caches for the second,
    # or leaves it the first one's writes to finish
    if [ $((round % 2)) = 1 ]; then
      wrk_case "$round" "$c"; sleep 1; bench_case "$round" "$c"
    else
      bench_case "$round" "$c"; wrk_case "$round" "$c"; sleep 1
    fi
  done
done

python3 - "$RESULTS" "$CASES" <<'PY'
import json, re, sys, glob, statistics as st
res = sys.argv[1]
cases = [b for c in sys.argv[2].split() for b in (["put1g", "get1g"] if c == "big" else [c])]
wrk = {}
for line in open(f"{res}/wrk.txt"):
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    wrk.setdefault(kv.get("case"), []).append(kv)
print(f"{'case':7} {'tool':6} {'runs':>4} {'req/s':>9} {'MiB/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}  per run")
for c in cases:
    b = [json.load(open(f)) for f in sorted(glob.glob(f"{res}/{c}-r*.json"))]
    w = wrk.get(c, [])
    for x in w:  # the 1 GiB lines (curl) have one request's seconds instead of rps and percentiles
        if "secs" in x:
            x.update(rps=1 / float(x["secs"]), p50_ms=1000 * float(x["secs"]), p99_ms=1000 * float(x["secs"]))
    runs = [("wrk", [(float(x["rps"]), float(x["mib_s"]), float(x["p50_ms"]), float(x["p99_ms"]), int(x["errors"]))
                     for x in w]),
            ("bench", [(r["total"]["count"] / r["run"]["elapsedSeconds"], r["total"]["mibPerSec"],
                        r["total"]["latencyMs"]["p50"], r["total"]["latencyMs"]["p99"], r["total"]["errors"]) for r in b])]
    rows = [(tool, rs) for tool, rs in runs if rs]
    for tool, rs in rows:
        mean = [st.mean(r[i] for r in rs) for i in range(4)]
        per = ", ".join(f"{r[1]:.1f} MiB/s" if c[-2:] in ("1m", "1g") else f"{r[0]:.1f} req/s" for r in rs)
        print(f"{c:7} {tool:6} {len(rs):>4} {mean[0]:>9.3g} {mean[1]:>8.2f} {mean[2]:>8.1f} {mean[3]:>8.1f}"
              f" {sum(r[4] for r in rs):>6}  {per}")
    unit = 1 if c[-2:] in ("1m", "1g") else 0  # the ratio of MiB/s where objects are large, else of req/s
    if len(rows) == 2 and rows[0][1][0][unit] > 0:
        ratio = st.mean(r[unit] for r in rows[1][1]) / st.mean(r[unit] for r in rows[0][1])
        print(f"{c:7} {'bench/wrk ' + ('MiB/s' if unit else 'req/s'):>20} {ratio:.3f}")
PY
