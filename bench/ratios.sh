#!/usr/bin/env bash
# Every comparison of issue 15 in short form (under 10 minutes in all on the 2-core machine), one line per measure:
#   name: ratio (goal ...)
# Details of each run go to stderr; the summary lines are printed again together at the end. Always exits 0: a measure that
# could not run says so on its line. docs/benchmarks.md has the long forms, method and machine.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG=$(mktemp -d /tmp/ratios.XXXXXX)
trap 'rm -rf "$LOG"' EXIT
declare -a LINES

ran() { echo "== $*" >&2; }
add() { LINES+=("$1"); echo "$1"; }

# 1. Render-time module read (bench/render-read/run.sh), short: three interleaved rounds of 3 s per endpoint (one round of 5 s
#    swung from 0.53 to 1.97 with a passing stall).
ran "ROUNDS=3 DURATION=3s bench/render-read/run.sh"
if ROUNDS=3 DURATION=3s "$ROOT/bench/render-read/run.sh" >"$LOG/render.txt" 2>"$LOG/render.err"; then
  ratio=$(sed -n 's/^Throughput ratio module read \/ bare: \*\*\([0-9.]*\)\*\*.*/\1/p' "$LOG/render.txt")
  add "render-read: ${ratio:-?} (goal >= 0.80)"
  ratio=$(sed -n 's/^Throughput ratio module read with a viewing context \/ bare: \*\*\([0-9.]*\)\*\*.*/\1/p' "$LOG/render.txt")
  add "render-read-context: ${ratio:-?} (goal >= 0.70)"
else
  add "render-read: not run ($(tail -1 "$LOG/render.err"))"
fi

# 2. Delivery pipeline, both engines (bench/delivery/run.sh), short; the drain is measured over the last 4,000 of a 12,000-event
#    backlog, so on a server past its first seconds of JIT (DRAIN_SKIP).
ran "BACKLOG=12000 DRAIN_SKIP=8000 WARMUP_SECONDS=5 SATURATION_SECONDS=5 LATENCY_SECONDS=5 bench/delivery/run.sh"
if BACKLOG=12000 DRAIN_SKIP=8000 WARMUP_SECONDS=5 SATURATION_SECONDS=5 LATENCY_SECONDS=5 "$ROOT/bench/delivery/run.sh" >"$LOG/delivery.txt" 2>"$LOG/delivery.err"; then
  while IFS= read -r line; do add "$line"; done < <(grep -E '^delivery-[a-z0-9-]+: ' "$LOG/delivery.txt")
else
  add "delivery: not run ($(tail -1 "$LOG/delivery.err"))"
fi

# 3. Registration: BenchmarkDotNet MediumRun (ShortRun's 3 iterations swung 0.55-0.71 in one hour), the registry against the bare inserts
# (ratio of throughputs = bare mean / ours).
# In process: on a loaded 2-core machine BenchmarkDotNet's own rebuild of the project can outlast its 2-minute build timeout.
ran "dotnet run -c Release --project bench/DynamicModules.Benchmarks -- --filter '*Registration*' --job medium --inProcess --exporters csv"
ARTIFACTS="$LOG/bdn"
if (cd "$ROOT" && dotnet run -c Release --project bench/DynamicModules.Benchmarks -- --filter '*Registration*' --job medium --inProcess \
      --exporters csv --artifacts "$ARTIFACTS") >"$LOG/registration.txt" 2>&1; then
  csv=$(find "$ARTIFACTS" -name '*RegistrationBenchmarks-report.csv' | head -1)
  # A real CSV reader: BenchmarkDotNet quotes figures with thousands separators ("1,555.6 μs"), which split on commas alone.
  ratio=$(python3 -c '
import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    ratio = float(row["Ratio"].replace(",", "") or 0)
    if "ModuleRegistry" in row["Method"] and ratio > 0:
        print("%.2f" % (1 / ratio))
' "$csv" 2>/dev/null)
  add "registration: ${ratio:-?} (goal >= 0.6)"
else
  add "registration: not run ($(tail -1 "$LOG/registration.txt"))"
fi

# 4. Matching (goals 1 and 4), when its script is there.
if [[ -x "$ROOT/bench/ratios-matching.sh" ]]; then
  ran "bench/ratios-matching.sh"
  "$ROOT/bench/ratios-matching.sh" >"$LOG/matching.txt" 2>"$LOG/matching.err"
  while IFS= read -r line; do add "$line"; done < <(grep -E '^[A-Za-z0-9_.-]+: ' "$LOG/matching.txt")
else
  echo "== bench/ratios-matching.sh is not there: matching measures not run" >&2
fi

echo
echo "Ran: render-read (short), delivery (sqlite, postgres when available), registration (BenchmarkDotNet MediumRun)$([[ -x "$ROOT/bench/ratios-matching.sh" ]] && echo ", bench/ratios-matching.sh")"
printf '%s\n' "${LINES[@]}"
exit 0
