#!/usr/bin/env bash
# saio-vs-wrk.sh - the same Swift workloads through bench (this module) and through the neutral wrk
# script (shared/tools/swift-saio/bench-swift-api.sh), alternating tool by tool and case by case,
# then one side-by-side table. Start the SAIO first (start-saio.sh); stop it afterwards (stop-saio.sh).
#
#   ./saio-vs-wrk.sh                       # CASES="put4k get4k put1m get1m list", 16 connections, 20 s
#   CASES="get4k" ROUNDS=3 DURATION=10 ./saio-vs-wrk.sh
#
# Env: SAIO_TOOLS (/work/shared/tools/swift-saio), AUTH_URL (http://127.0.0.1:8080/auth/v1.0),
#      SWIFT_USER (bench:bench), SWIFT_KEY (bench), CASES, ROUNDS (2), DURATION (20), CONC (16),
#      RESULTS (target/saio-vs-wrk): bench JSON per run and wrk.txt with the wrk lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SAIO_TOOLS=${SAIO_TOOLS:-/work/shared/tools/swift-saio}
AUTH_URL=${AUTH_URL:-http://127.0.0.1:8080/auth/v1.0}
SWIFT_USER=${SWIFT_USER:-bench:bench}
SWIFT_KEY=${SWIFT_KEY:-bench}
CASES=${CASES:-"put4k get4k put1m get1m list"}
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20}
CONC=${CONC:-16}
RESULTS=${RESULTS:-$here/target/saio-vs-wrk}
mkdir -p "$RESULTS"
: > "$RESULTS/wrk.txt"

eval "$("$SAIO_TOOLS/get-token.sh" "$AUTH_URL" "$SWIFT_USER" "$SWIFT_KEY")"
common=(--auth-url "$AUTH_URL" --user "$SWIFT_USER" --key "$SWIFT_KEY" --concurrency "$CONC"
        --threads 2 --duration "${DURATION}s" --quiet)
bench_args() {  # case -> the bench options of the same workload as the wrk script's case
  case $1 in
    put4k) echo "--container bench-put4k --mix put --size 4KiB" ;;
    put1m) echo "--container bench-put1m --mix put --size 1MiB" ;;
    get4k) echo "--container bench-10k --mix get --prepare-objects 10000 --size 4KiB" ;;
    get1m) echo "--container bench-1m --mix get --prepare-objects 200 --size 1MiB" ;;
    list)  echo "--container bench-10k --mix list --list-limit 10000 --prepare-objects 10000 --size 4KiB" ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
}

"$here/bench.sh" help >/dev/null 2>&1 || true   # builds once, before anything is measured
for round in $(seq 1 "$ROUNDS"); do
  for c in $CASES; do
    echo "== round $round case $c: wrk" >&2
    CASES=$c CONCS=$CONC RUNS=1 DURATION=$DURATION PAUSE=1 OUT="$RESULTS/wrk.txt" \
      "$SAIO_TOOLS/bench-swift-api.sh" "$STORAGE_URL" "$TOKEN" >/dev/null
    echo "== round $round case $c: bench" >&2
    # shellcheck disable=SC2046
    "$here/bench.sh" run "${common[@]}" $(bench_args "$c") --label "$c" \
      --out "$RESULTS/$c-r$round.json" >/dev/null
    sleep 1
  done
done

python3 - "$RESULTS" "$CASES" <<'PY'
import json, re, sys, glob, statistics as st
res, cases = sys.argv[1], sys.argv[2].split()
wrk = {}
for line in open(f"{res}/wrk.txt"):
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    wrk.setdefault(kv.get("case"), []).append(kv)
print(f"{'case':7} {'tool':6} {'runs':>4} {'req/s':>9} {'MiB/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
for c in cases:
    b = [json.load(open(f)) for f in sorted(glob.glob(f"{res}/{c}-r*.json"))]
    w = wrk.get(c, [])
    rows = []
    if w:
        rows.append(("wrk", len(w), st.mean(float(x["rps"]) for x in w), st.mean(float(x["mib_s"]) for x in w),
                     st.mean(float(x["p50_ms"]) for x in w), st.mean(float(x["p99_ms"]) for x in w),
                     sum(int(x["errors"]) for x in w)))
    if b:
        t = [r["total"] for r in b]
        rows.append(("bench", len(b), st.mean(x["opsPerSec"] for x in t), st.mean(x["mibPerSec"] for x in t),
                     st.mean(x["latencyMs"]["p50"] for x in t), st.mean(x["latencyMs"]["p99"] for x in t),
                     sum(x["errors"] for x in t)))
    for r in rows:
        print(f"{c:7} {r[0]:6} {r[1]:>4} {r[2]:>9.1f} {r[3]:>8.2f} {r[4]:>8.2f} {r[5]:>8.2f} {r[6]:>6}")
    if len(rows) == 2 and rows[0][2] > 0:
        print(f"{c:7} {'bench/wrk req/s':>20} {rows[1][2] / rows[0][2]:.3f}")
PY
