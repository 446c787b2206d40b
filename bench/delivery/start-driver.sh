# Sourced by profile.sh and perf-profile.sh (needs ROOT, ENGINE, OUT, PORT): starts the delivery driver in the background (DRV)
# and sets pid to the server it starts with the worker on, the one to profile; exits with the driver's errors if there is none.
SERVER="$ROOT/src/DynamicModules.Server/bin/Release/net10.0/DynamicModules.Server.dll"
DRIVER="$ROOT/bench/delivery/DynamicModules.DeliveryBench/bin/Release/net10.0/DynamicModules.DeliveryBench.dll"
dotnet "$DRIVER" "$SERVER" "$ENGINE" "${DYNMOD_TEST_POSTGRES:-}" >"$OUT.bench.out" 2>"$OUT.bench.err" &
DRV=$!
pid=
while kill -0 "$DRV" 2>/dev/null; do
  for p in $(pgrep -f "DynamicModules.Server.dll --urls=http://127.0.0.1:$PORT" || true); do
    tr '\0' ' ' <"/proc/$p/cmdline" | grep -q WorkerEnabled=false || pid=$p
  done
  [[ -n "$pid" ]] && break
  sleep 0.2
done
[[ -n "$pid" ]] || { cat "$OUT.bench.err" >&2; exit 1; }
