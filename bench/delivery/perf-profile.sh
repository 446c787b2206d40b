#!/usr/bin/env bash
# On-CPU profile of the server during a delivery bench phase with Linux perf (docs/benchmarks.md, "Delivery pipeline", round 5).
# Unlike profile.sh (EventPipe's thread-time sampler, which samples every thread whether it runs or not), perf samples only what
# is on a CPU, kernel included, so scheduling, spinning and system calls show as what they cost. Runs the delivery driver, attaches
# to the server with the worker on once it starts, counts context switches for 3 s after LEAD seconds, then samples DUR seconds.
#
#   bench/delivery/run.sh   # once, to build the Release server and driver
#   # the latency run at 300 events/s on PostgreSQL (phases: drain, warm-up, saturation, then latency)
#   ENGINE=postgres LATENCY_RATE=300 LATENCY_SECONDS=25 LEAD=15 DUR=10 OUT=/tmp/latency bench/delivery/perf-profile.sh
#   # the drain of a large backlog on SQLite
#   ENGINE=sqlite BACKLOG=20000 LATENCY_SECONDS=1 LEAD=3 DUR=5 OUT=/tmp/drain bench/delivery/perf-profile.sh
#   SERVER_ENV="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" ... bench/delivery/perf-profile.sh   # a runtime setting to compare
#
# Needs perf (Debian: apt-get install linux-perf) and root or kernel.perf_event_paranoid <= 1 for another process. The server
# writes its JIT symbols to /tmp/perf-PID.map (DOTNET_PerfMapEnabled=1); W^X is off for it (DOTNET_EnableWriteXorExecute=0),
# since perf cannot name code in the double-mapped memory W^X uses.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/delivery-perf}
ENGINE=${ENGINE:-postgres}
export BACKLOG=${BACKLOG:-300} WARMUP_SECONDS=${WARMUP_SECONDS:-8} SATURATION_SECONDS=${SATURATION_SECONDS:-2}
export LATENCY_SECONDS=${LATENCY_SECONDS:-25} PORT=${PORT:-5298}
export SERVER_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ${SERVER_ENV:-}"
# shellcheck source=start-driver.sh
source "$ROOT/bench/delivery/start-driver.sh"
sleep "${LEAD:-15}"
perf stat -e context-switches,cpu-migrations,task-clock -p "$pid" -o "$OUT.stat" -- sleep 3 >/dev/null 2>&1
perf record -F 499 -g -p "$pid" -o "$OUT.data" -- sleep "${DUR:-10}" >"$OUT.perf.log" 2>&1
wait "$DRV"
cat "$OUT.bench.err"
grep -E "context-switches|task-clock" "$OUT.stat"
echo "== by library"
perf report -i "$OUT.data" --stdio --no-children --sort dso 2>/dev/null | grep -E '^ +[0-9]' | head -8
echo "== hottest symbols (self)"
perf report -i "$OUT.data" --stdio --no-children --sort sym -g none 2>/dev/null | grep -E '^ +[0-9]' | head -25
echo "== who enters the scheduler"
perf report -i "$OUT.data" --stdio --no-children --sort sym --symbol-filter=finish_task_switch -g caller,0.5,callee \
  --percent-limit 1 2>/dev/null | grep -E '%--|^ +[0-9]' | head -20
