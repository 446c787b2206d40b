#!/usr/bin/env bash
# Server CPU per publish (docs/benchmarks.md, "Delivery pipeline", round 4): the Release server with the delivery worker off and a
# tenant without subscribers, so a publish is only the request, the event row and its commit; wrk sends unique event ids with 4
# connections for WARM seconds (discarded) and then 5 s, and the server's user + system CPU (from /proc) is divided by the requests.
# GET /healthz is measured the same way as the floor of any request. Run it with WARM=3 and WARM=20 to see how much of a young
# server's cost is the JIT still compiling (tiered compilation): the delivery bench's phases all run on servers seconds old.
#
#   bench/delivery/run.sh            # once, to build Release
#   ENGINE=sqlite WARM=20 bench/delivery/publish-cpu.sh
#   ENGINE=postgres WARM=20 bench/delivery/publish-cpu.sh   # DYNMOD_TEST_POSTGRES: an admin connection string
#
# Needs wrk (Debian package) and curl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENGINE=${ENGINE:-sqlite} WARM=${WARM:-20} PORT=${PORT:-5299}
KEY=publish-cpu-operator-key
SERVER="$ROOT/src/DynamicModules.Server/bin/Release/net10.0/DynamicModules.Server.dll"
DATA=$(mktemp -d)
LUA="$DATA/publish.lua"
PID=
DB=
# psql from the Npgsql connection string (Host, Port, Username, Password, Database keywords).
admin_psql() {
  local -A keys=()
  local pair
  IFS=';' read -ra pairs <<<"$DYNMOD_TEST_POSTGRES"
  for pair in "${pairs[@]}"; do [[ "$pair" == *=* ]] && keys[${pair%%=*}]=${pair#*=}; done
  PGHOST=${keys[Host]:-127.0.0.1} PGPORT=${keys[Port]:-5432} PGUSER=${keys[Username]:-postgres} PGPASSWORD=${keys[Password]:-} \
    psql -d "${keys[Database]:-postgres}" -qAt "$@"
}
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  [[ -n "$DB" ]] && admin_psql -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

storage=()
if [[ "$ENGINE" == postgres ]]; then
  DB=publish_cpu_$$
  : "${DYNMOD_TEST_POSTGRES:?set DYNMOD_TEST_POSTGRES}"
  admin_psql -c "CREATE DATABASE $DB" >/dev/null
  # The admin connection string with this database (Npgsql keyword form).
  storage=(--DynamicModules:Storage=postgres "--ConnectionStrings:Postgres=$(sed -E 's/(^|;)Database=[^;]*//' <<<"$DYNMOD_TEST_POSTGRES");Database=$DB")
fi

dotnet "$SERVER" --urls=http://127.0.0.1:$PORT --DynamicModules:DataDirectory="$DATA" --DynamicModules:OperatorKey=$KEY \
  --Logging:LogLevel:Default=Warning --DynamicModules:Delivery:WorkerEnabled=false "${storage[@]}" >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"productType":"jira","displayName":"Publish CPU"}' "http://127.0.0.1:$PORT/api/v1/tenants/publish-cpu" >/dev/null

cat >"$LUA" <<LUA
local n = 0
local id = 0
setup = function(thread) thread:set("tid", id); id = id + 1 end
request = function()
  n = n + 1
  local body = '{"id":"evt-' .. tid .. '-' .. n .. '-' .. math.random(1, 1e9) .. '","type":"avi:jira:created:issue","payload":'
    .. '{"issue":{"id":"1","key":"PROJ-1","fields":{"summary":"Something broke","project":{"key":"PROJ"}}}}}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $KEY"}, body)
end
LUA

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }   # clock ticks, user + system
ticks=$(getconf CLK_TCK)
measure() { # name, seconds, wrk arguments...
  local name=$1 seconds=$2; shift 2
  local before after out requests
  before=$(cpu)
  out=$(wrk -t2 -c4 -d"${seconds}s" "$@")
  after=$(cpu)
  requests=$(awk '/requests in/{print $1}' <<<"$out")
  echo "$ENGINE $name: $requests requests, $(awk '/Requests\/sec/{print $2}' <<<"$out")/s, server CPU $(( (after - before) * 1000000 / ticks / requests )) us per request"
  grep -q "Non-2xx" <<<"$out" && { echo "unexpected answers: $(grep Non-2xx <<<"$out")" >&2; exit 1; } || true
}
wrk -t2 -c4 -d"${WARM}s" -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tenants/publish-cpu/events" >/dev/null
measure "publish (after ${WARM} s of publishing)" 5 -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tenants/publish-cpu/events"
measure "GET /healthz" 3 "http://127.0.0.1:$PORT/healthz"
