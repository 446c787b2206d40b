#!/usr/bin/env bash
# CPU profile of the delivery drain (docs/benchmarks.md, "Delivery pipeline", round 2): runs the delivery driver with a large
# backlog, attaches dotnet-trace to the server once it drains (the run with the worker on), samples every thread's stack for
# DUR seconds after LEAD seconds, and prints the summary of bench/delivery/profile-summary.py.
#
#   bench/delivery/run.sh   # once, to build the Release server and driver
#   ENGINE=sqlite BACKLOG=20000 LEAD=8 DUR=10 OUT=/tmp/drain bench/delivery/profile.sh
#   # the latency run instead of the drain: a short backlog, then a long latency phase inside the sampled window
#   ENGINE=postgres BACKLOG=300 SATURATION_SECONDS=2 LATENCY_SECONDS=25 LEAD=7 DUR=10 OUT=/tmp/latency bench/delivery/profile.sh
#
# Needs dotnet-trace (dotnet tool install --global dotnet-trace --version 10.0.750501) and python3. `--profile cpu-sampling` is
# only for `dotnet-trace collect-linux` (kernel perf events); this uses the EventPipe thread-time sampler.
set -euo pipefail
export PATH="$PATH:$HOME/.dotnet/tools"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/delivery-drain}
ENGINE=${ENGINE:-sqlite}
export BACKLOG=${BACKLOG:-20000} SATURATION_SECONDS=${SATURATION_SECONDS:-1} LATENCY_SECONDS=${LATENCY_SECONDS:-1} PORT=${PORT:-5297}
# shellcheck source=start-driver.sh
source "$ROOT/bench/delivery/start-driver.sh"
sleep "${LEAD:-8}"
dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time --duration "00:00:00:${DUR:-10}" -o "$OUT.nettrace" >"$OUT.trace.log" 2>&1
wait "$DRV"
cat "$OUT.bench.err"
# convert replaces the extension of -o with .speedscope.json
dotnet-trace convert "$OUT.nettrace" --format Speedscope -o "$OUT.json" >/dev/null
python3 "$ROOT/bench/delivery/profile-summary.py" "$OUT.speedscope.json"
