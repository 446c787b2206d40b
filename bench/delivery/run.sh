#!/usr/bin/env bash
# Delivery pipeline benchmark (docs/benchmarks.md, "Delivery pipeline"): builds the server and the driver in Release, then for
# each engine runs bench/delivery/DynamicModules.DeliveryBench (receiver on loopback, backlog drain vs a bare loop, maximum
# end-to-end rate, latency at half of it) and prints its table and its `name: value (goal ...)` lines.
#
#   bench/delivery/run.sh                                   # both engines, defaults below
#   ENGINES=sqlite BACKLOG=5000 WARMUP_SECONDS=20 LATENCY_SECONDS=20 bench/delivery/run.sh
#   LATENCY_RATE=300 SERVER_ENV="DOTNET_gcServer=0" bench/delivery/run.sh   # the latency run at a fixed rate, a server setting to compare
#
# PostgreSQL: DYNMOD_TEST_POSTGRES (an admin connection string; the driver creates and drops its own database), or else a
# throw-away cluster started here as in specs/stack.md §5.2 (needs root and PostgreSQL 15 binaries).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENGINES=${ENGINES:-sqlite postgres}
export BACKLOG=${BACKLOG:-3000} WARMUP_SECONDS=${WARMUP_SECONDS:-10} SATURATION_SECONDS=${SATURATION_SECONDS:-8} LATENCY_SECONDS=${LATENCY_SECONDS:-10}
export PUBLISHERS=${PUBLISHERS:-8} PER_ENDPOINT_CONCURRENCY=${PER_ENDPOINT_CONCURRENCY:-4} PORT=${PORT:-5198}

PGTMP=
cleanup() {
  if [[ -n "$PGTMP" ]]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGTMP"
  fi
}
trap cleanup EXIT

echo "Building (Release)..." >&2
dotnet build -c Release -v q --nologo "$ROOT/src/DynamicModules.Server" >/dev/null
dotnet build -c Release -v q --nologo "$ROOT/bench/delivery/DynamicModules.DeliveryBench" >/dev/null
SERVER="$ROOT/src/DynamicModules.Server/bin/Release/net10.0/DynamicModules.Server.dll"
DRIVER="$ROOT/bench/delivery/DynamicModules.DeliveryBench/bin/Release/net10.0/DynamicModules.DeliveryBench.dll"

PG=${DYNMOD_TEST_POSTGRES:-}
if [[ " $ENGINES " == *" postgres "* && -z "$PG" ]]; then
  PGBIN=/usr/lib/postgresql/15/bin
  PGPORT=${PGPORT:-55433}
  if [[ $(id -u) -eq 0 && -x "$PGBIN/initdb" ]]; then
    PGTMP=$(mktemp -d)
    chown postgres:postgres "$PGTMP"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
      -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
  else
    echo "No DYNMOD_TEST_POSTGRES and no way to start a cluster here: skipping postgres" >&2
    ENGINES=${ENGINES//postgres/}
  fi
fi

for engine in $ENGINES; do
  echo "Running $engine (backlog $BACKLOG, saturation ${SATURATION_SECONDS}s, latency ${LATENCY_SECONDS}s)..." >&2
  dotnet "$DRIVER" "$SERVER" "$engine" "$PG"
done
