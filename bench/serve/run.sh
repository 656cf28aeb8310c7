#!/usr/bin/env bash
# Load test of `depeche serve` on loopback (BENCHMARKS.md, "Issue 14"): 50 concurrent clients
# for 30 s (wrk, Debian's package) asking /api/search for the queries of bench/queries.tsv in
# turn, then the in-process baseline: two search threads (bench/search_throughput) on the same
# queries for the same time. Run it on an idle machine, never while compiling.
#   bench/serve/run.sh INDEX_DIR [BUILD_DIR (default build-rel)] [SECONDS (default 30)]
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:?usage: bench/serve/run.sh INDEX_DIR [BUILD_DIR] [SECONDS]}
build=${2:-build-rel}
seconds=${3:-30}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
out=$(mktemp)
"$build/depeche" serve --index "$index" --port 0 >"$out" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q "at http" "$out" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$out")
# Warm the server's Indexes (each opens on first need) with one untimed pass.
wrk -t2 -c8 -d5s -s bench/serve/queries.lua "$url" -- bench/queries.tsv >/dev/null
wrk_threads=${WRK_THREADS:-1}
echo "== depeche serve: wrk -t$wrk_threads -c50 -d${seconds}s --timeout 10s, /api/search"
wrk -t"$wrk_threads" -c50 -d"${seconds}s" --timeout 10s --latency -s bench/serve/queries.lua "$url" -- bench/queries.tsv
kill -TERM $server; wait $server || true
trap 'rm -f "$out"' EXIT
echo "== in process: 2 threads, an Index each"
"$build/bench/search_throughput" --index "$index" --queries bench/queries.tsv --threads 2 --seconds "$seconds"
