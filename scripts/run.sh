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
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

build/src/sim/audin-core-sim --host 127.0.0.1 --port "$PORT" --config config/simulator.json &
sim_pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

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
