#!/usr/bin/env bash
# Render-time module read benchmark (docs/benchmarks.md, "Render-time module read").
# Seeds 1,000 tenants x 100 dynamic modules into a fresh SQLite data directory, starts the server in Release with the
# bare endpoint switched on, then runs wrk against GET /api/v1/tenants/bench-0042/modules and /bench/bare?tenant=bench-0042
# (the same bytes, returned from a field, through the same authentication), interleaved, and prints a Markdown table.
# It does the same for the read with a viewing context (?user=bench-user&project=BENCH: visibility, conditions and
# jira_expression evaluated, DESIGN §4.8) against the bare endpoint returning that answer's bytes.
#
#   bench/render-read/run.sh                      # defaults below
#   DURATION=20s CONNECTIONS=64 ROUNDS=3 bench/render-read/run.sh
#
# Needs wrk (apt-get install -y wrk).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PORT:-5199}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
TENANTS=${TENANTS:-1000}
MODULES=${MODULES:-100}
TENANT=${TENANT:-bench-0042}
KEY=bench-operator-key
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
DATA=$(mktemp -d /tmp/render-read-bench.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "Building (Release)..." >&2
dotnet build -c Release -v q --nologo "$ROOT/src/DynamicModules.Server" >/dev/null
dotnet build -c Release -v q --nologo "$ROOT/bench/render-read/DynamicModules.RenderReadSeeder" >/dev/null
dotnet "$ROOT/bench/render-read/DynamicModules.RenderReadSeeder/bin/Release/net10.0/DynamicModules.RenderReadSeeder.dll" "$DATA" "$TENANTS" "$MODULES" >&2

dotnet "$ROOT/src/DynamicModules.Server/bin/Release/net10.0/DynamicModules.Server.dll" \
  --urls "$BASE" --DynamicModules:DataDirectory="$DATA" --DynamicModules:OperatorKey="$KEY" \
  --DynamicModules:Benchmark:BareEndpoint=true --Logging:LogLevel:Default=Warning >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

READ="$BASE/api/v1/tenants/$TENANT/modules"
BARE="$BASE/bench/bare?tenant=$TENANT"
curl -fsS -H "Authorization: Bearer $KEY" "$READ" -o "$DATA/read.json"
curl -fsS -H "Authorization: Bearer $KEY" "$BARE" -o "$DATA/bare.json"
cmp -s "$DATA/read.json" "$DATA/bare.json" || { echo "The two endpoints do not answer the same bytes" >&2; exit 1; }
CONTEXT="user=bench-user&project=BENCH"
READ_CTX="$READ?$CONTEXT"
BARE_CTX="$BARE&$CONTEXT"
curl -fsS -H "Authorization: Bearer $KEY" "$READ_CTX" -o "$DATA/read-ctx.json"
curl -fsS -H "Authorization: Bearer $KEY" "$BARE_CTX" -o "$DATA/bare-ctx.json"
cmp -s "$DATA/read-ctx.json" "$DATA/bare-ctx.json" || { echo "The two endpoints do not answer the same bytes in a viewing context" >&2; exit 1; }
CTX_COUNT=$(grep -o '"appKey"' "$DATA/read-ctx.json" | wc -l)
COUNT=$(grep -o '"appKey"' "$DATA/read.json" | wc -l)
echo "Body: $(stat -c %s "$DATA/read.json") bytes, $COUNT modules" >&2

server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; } # user + system time of the server, in clock ticks
run_wrk() { # url duration -> "rps p50 p99 cpu" (latencies in ms; cpu = server CPU time per request in µs)
  local before after
  before=$(server_cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "Authorization: Bearer $KEY" "$1" >"$DATA/wrk.txt"
  after=$(server_cpu_ticks)
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } / requests in / { requests = $1 }
    /Non-2xx/ { bad = $NF } END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 }
      printf "%s %s %s %.1f\n", rps, p50, p99, ticks / hz * 1e6 / requests }' "$DATA/wrk.txt"
}

echo "Warming up..." >&2
run_wrk "$READ" 5s >/dev/null
run_wrk "$BARE" 5s >/dev/null
run_wrk "$READ_CTX" 5s >/dev/null
run_wrk "$BARE_CTX" 5s >/dev/null

declare -a READ_RESULTS BARE_RESULTS READ_CTX_RESULTS BARE_CTX_RESULTS
for round in $(seq 1 "$ROUNDS"); do
  BARE_RESULTS+=("$(run_wrk "$BARE" "$DURATION")")
  READ_RESULTS+=("$(run_wrk "$READ" "$DURATION")")
  BARE_CTX_RESULTS+=("$(run_wrk "$BARE_CTX" "$DURATION")")
  READ_CTX_RESULTS+=("$(run_wrk "$READ_CTX" "$DURATION")")
  echo "round $round: bare ${BARE_RESULTS[-1]} | read ${READ_RESULTS[-1]} | bare in context ${BARE_CTX_RESULTS[-1]} | read in context ${READ_CTX_RESULTS[-1]}" >&2
done

median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }
summarise() { # results... -> "rps p50 p99 cpu" (mean rps, median latencies and CPU per request); mawk has no asort, hence sort
  local rps p50 p99 cpu
  rps=$(printf '%s\n' "$@" | awk '{ r += $1 } END { printf "%.0f", r / NR }')
  p50=$(printf '%s\n' "$@" | awk '{ print $2 }' | median)
  p99=$(printf '%s\n' "$@" | awk '{ print $3 }' | median)
  cpu=$(printf '%s\n' "$@" | awk '{ print $4 }' | median)
  echo "$rps $p50 $p99 $cpu"
}
read -r BARE_RPS BARE_P50 BARE_P99 BARE_CPU <<<"$(summarise "${BARE_RESULTS[@]}")"
read -r READ_RPS READ_P50 READ_P99 READ_CPU <<<"$(summarise "${READ_RESULTS[@]}")"
RATIO=$(awk -v a="$READ_RPS" -v b="$BARE_RPS" 'BEGIN { printf "%.2f", a / b }')
CPU_RATIO=$(awk -v a="$READ_CPU" -v b="$BARE_CPU" 'BEGIN { printf "%.2f", b / a }')
read -r BARE_CTX_RPS BARE_CTX_P50 BARE_CTX_P99 BARE_CTX_CPU <<<"$(summarise "${BARE_CTX_RESULTS[@]}")"
read -r READ_CTX_RPS READ_CTX_P50 READ_CTX_P99 READ_CTX_CPU <<<"$(summarise "${READ_CTX_RESULTS[@]}")"
CTX_RATIO=$(awk -v a="$READ_CTX_RPS" -v b="$BARE_CTX_RPS" 'BEGIN { printf "%.2f", a / b }')
CTX_CPU_RATIO=$(awk -v a="$READ_CTX_CPU" -v b="$BARE_CTX_CPU" 'BEGIN { printf "%.2f", b / a }')

cat <<TABLE

wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds; $TENANTS tenants x $MODULES modules; tenant $TENANT ($COUNT modules, $(stat -c %s "$DATA/read.json") bytes)

| endpoint | req/s (mean) | p50 (ms, median) | p99 (ms, median) | server CPU µs/request (median) |
|---|---:|---:|---:|---:|
| bare: same bytes from a field (/bench/bare) | $BARE_RPS | $BARE_P50 | $BARE_P99 | $BARE_CPU |
| module read (/api/v1/tenants/{tenant}/modules) | $READ_RPS | $READ_P50 | $READ_P99 | $READ_CPU |

Throughput ratio module read / bare: **$RATIO** (goal >= 0.80)
Server CPU per request, bare / module read: $CPU_RATIO (the same comparison, less sensitive to other load on the machine)

With the viewing context $CONTEXT ($CTX_COUNT of the $COUNT modules visible, $(stat -c %s "$DATA/read-ctx.json") bytes):

| endpoint | req/s (mean) | p50 (ms, median) | p99 (ms, median) | server CPU µs/request (median) |
|---|---:|---:|---:|---:|
| bare: same bytes from a field (/bench/bare?...&$CONTEXT) | $BARE_CTX_RPS | $BARE_CTX_P50 | $BARE_CTX_P99 | $BARE_CTX_CPU |
| module read with a viewing context (/api/v1/tenants/{tenant}/modules?$CONTEXT) | $READ_CTX_RPS | $READ_CTX_P50 | $READ_CTX_P99 | $READ_CTX_CPU |

Throughput ratio module read with a viewing context / bare: **$CTX_RATIO** (goal >= 0.70)
Server CPU per request, bare / module read with a viewing context: $CTX_CPU_RATIO
TABLE
