#!/usr/bin/env bash
# Issue 15, goals 1 and 4, in short form: one BenchmarkDotNet run (ShortRun job, but 9 iterations instead of 3, so that
# one run's medians can be trusted) of the three matching benchmark classes, every comparison side by side in that run,
# then the one-filter comparison again in interleaved slices (`--interleaved`: both sides timed alternately, so a change
# of load on the shared machine hits both alike), then the memory per subscription. Prints one line per measure,
# `name: ratio (goal ...)`; exits 0 whenever the measurement ran (a missed goal is a figure, not a failure).
# Ratios are medians over medians of the same run (the machine is shared, and medians shrug off a stalled iteration).
# Takes 3 minutes on 2 quiet shared cores; 15 at load average 20-25, most of it BenchmarkDotNet building its project.
set -euo pipefail
cd "$(dirname "$0")/.."
project=bench/DynamicModules.Benchmarks
# BENCH_ARTIFACTS keeps BenchmarkDotNet's logs and reports in that folder; by default they go to a temporary one.
if [[ -n "${BENCH_ARTIFACTS:-}" ]]; then
  artifacts=$BENCH_ARTIFACTS
  mkdir -p "$artifacts"
else
  artifacts=$(mktemp -d)
  trap 'rm -rf "$artifacts"' EXIT
fi

dotnet build -c Release "$project" -v quiet -nologo >"$artifacts/build.log" 2>&1 || { cat "$artifacts/build.log"; exit 1; }
if ! dotnet run -c Release --no-build --project "$project" -- \
    --filter '*MatchingVsParseBenchmarks*' '*ExtractedFilterBenchmarks*' '*MatchingBenchmarks*' \
    --job short --iterationCount 9 --buildTimeout 900 --exporters json --artifacts "$artifacts" >"$artifacts/run.log" 2>&1; then
  tail -50 "$artifacts/run.log"
  exit 1
fi

python3 - "$artifacts/results" <<'PY'
import glob, json, sys

medians = {}
for path in glob.glob(sys.argv[1] + "/*-report-full-compressed.json"):
    for b in json.load(open(path))["Benchmarks"]:
        medians[b["Type"] + "." + b["Method"]] = b["Statistics"]["Median"]

def ratio(numerator, denominator):
    return medians[numerator] / medians[denominator]

lines = [
    ("matching-vs-parse", ratio("MatchingVsParseBenchmarks.Match", "MatchingVsParseBenchmarks.Parse"), "≤ 3"),
    ("filter-vs-handwritten", ratio("ExtractedFilterBenchmarks.CompiledOverExtracted", "ExtractedFilterBenchmarks.HandWritten"), "≤ 1.2"),
    ("jint-vs-filter", ratio("ExtractedFilterBenchmarks.Jint", "ExtractedFilterBenchmarks.CompiledOverExtracted"), "≥ 5"),
    ("scale-100k-vs-100", ratio("MatchingBenchmarks.ThousandTenantsOf100Each", "MatchingBenchmarks.OneTenantOf100"), "≤ 1.2"),
]
for name, value, goal in lines:
    print(f"{name}: {value:.2f} (goal {goal})")
PY

dotnet run -c Release --no-build --project "$project" -- --interleaved 1000 \
  | sed -nE 's/^filter-vs-handwritten: ([0-9.]+) \(ratio of minimums\); ([0-9.]+) .*/filter-vs-handwritten-interleaved: \2 (median of per-round ratios; \1 of minimums) (goal ≤ 1.2)/p'
dotnet run -c Release --no-build --project "$project" -- --memory-per-subscription \
  | sed -E 's/^memory-per-subscription: ([0-9]+) bytes.*/memory-per-subscription: \1 bytes (goal: report)/'
