#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job: installs what is missing, builds, starts the service simulator on 127.0.0.1 and an
# operator connected to it (the headless audin-cli, online on the demo numbers, answering calls).
# Ring it from another terminal:
#   curl -s -X POST http://127.0.0.1:8080/sim/calls -d '{"to":"+15551230001"}'
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh

PORT="${AUDIN_SIM_PORT:-8080}"
sim_pid=""
sim_out="$(mktemp)"
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
    wait 2>/dev/null || true
    rm -f "$sim_out"
}
trap cleanup EXIT INT TERM

fail() {
    echo "run.sh: $*" >&2
    exit 1
}

build/src/sim/audin-core-sim --host 127.0.0.1 --port "$PORT" --config config/simulator.json >"$sim_out" &
sim_pid=$!
# Our simulator prints one "listening" line once it owns the port; when the port is taken it exits
# 1. Whatever else may answer on that port must never receive the demo operator key.
listening=""
for _ in $(seq 100); do
    kill -0 "$sim_pid" 2>/dev/null || break
    if grep -q '"event":"listening"' "$sim_out"; then
        listening=1
        break
    fi
    sleep 0.1
done
if [ -z "$listening" ]; then
    if kill -0 "$sim_pid" 2>/dev/null; then
        fail "the simulator did not report listening on 127.0.0.1:$PORT within 10 s"
    fi
    fail "the simulator could not start on 127.0.0.1:$PORT (is the port in use? choose another with AUDIN_SIM_PORT=...)"
fi
grep -q "\"port\":$PORT[,}]" "$sim_out" || fail "the simulator is listening on another port than $PORT: $(cat "$sim_out")"
health="$(curl -sf --max-time 5 "http://127.0.0.1:$PORT/healthz" || true)"
[[ "$health" == *'"status":"ok"'* ]] || fail "the simulator on port $PORT does not answer /healthz"
kill -0 "$sim_pid" 2>/dev/null || fail "the simulator exited right after starting"

cat >&2 <<MSG

  Simulator: http://127.0.0.1:$PORT   (operator op_alice, numbers pn_1 pn_2 pn_3)
  Ring the operator from another terminal:
    curl -s -X POST http://127.0.0.1:$PORT/sim/calls -d '{"to":"+15551230001"}'
  Events below are one JSON object per line. Ctrl-C stops.

MSG

# The demo operator key travels in the environment, never on a command line.
export AUDIN_CORE_URL="http://127.0.0.1:$PORT"
export AUDIN_TOKEN_URL="http://127.0.0.1:$PORT/partner/token"
export AUDIN_TOKEN_HEADER="Authorization: Bearer ok_alice_demo"
build/src/cli/audin-cli --log-level info online pn_1 pn_2 pn_3 --auto-answer --hangup-after-ms 5000 "$@"
