#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job: installs what is missing, builds, starts the service simulator on 127.0.0.1 and the
# softphone connected to it, taking calls on the demo numbers: the desktop app when there is a
# display, else (or with --cli) the headless audin-cli, which answers by itself.
# Ring it from another terminal:
#   curl -s -X POST http://127.0.0.1:8080/sim/calls -d '{"to":"+15551230001"}'
# Ctrl-C stops both. Arguments after --cli go to audin-cli.
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

# The demo operator key travels in the environment, never on a command line.
export AUDIN_CORE_URL="http://127.0.0.1:$PORT"
export AUDIN_TOKEN_URL="http://127.0.0.1:$PORT/partner/token"
export AUDIN_TOKEN_HEADER="Authorization: Bearer ok_alice_demo"

ui=desktop
if [ "${1:-}" = "--cli" ]; then
    ui=cli
    shift
elif [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run.sh: no display (DISPLAY/WAYLAND_DISPLAY unset): running the headless operator instead" >&2
    ui=cli
fi

if [ "$ui" = cli ]; then
    cat >&2 <<MSG

  Simulator: http://127.0.0.1:$PORT   (operator op_alice, numbers pn_1 pn_2 pn_3)
  Ring the operator from another terminal:
    curl -s -X POST http://127.0.0.1:$PORT/sim/calls -d '{"to":"+15551230001"}'
  Events below are one JSON object per line. Ctrl-C stops.

MSG
    build/src/cli/audin-cli --log-level info online pn_1 pn_2 pn_3 --auto-answer --hangup-after-ms 5000 "$@"
    exit $?
fi

# The desktop app keeps the demo's settings and history in its own profile, away from yours, and
# ignores any administrator file of this machine. First run: taking calls on both demo numbers.
profile="build/demo-profile"
mkdir -p "$profile"
if [ ! -f "$profile/settings.ini" ]; then
    cat >"$profile/settings.ini" <<'INI'
[numbers]
selected=pn_1, pn_2, pn_3

[presence]
takingCalls=true
INI
fi
export AUDIN_PROFILE_DIR="$PWD/$profile"
export AUDIN_SYSTEM_CONFIG="$PWD/$profile/no-administrator-settings.conf"

cat >&2 <<MSG

  Simulator: http://127.0.0.1:$PORT   (operator op_alice on +1 555-123-0001 "Support", -0002, -0003 "Sales")
  The softphone's window opens, taking calls. Ring it from another terminal:
    curl -s -X POST http://127.0.0.1:$PORT/sim/calls -d '{"to":"+15551230001"}'
  A caller who repeats what you say (any microphone will do):
    curl -s -X POST http://127.0.0.1:$PORT/sim/calls -d '{"to":"+15551230001","farEnd":{"mode":"echo"}}'
  Call out from the dialpad: +1 555 010 0123 (answers, echoes you), +1 555 011 0123 (speaks),
  +1 555 020 0123 (never answers), +49 30 555000 (busy).
  Closing the window keeps it in the tray; quit with Ctrl+Q or the tray menu. Ctrl-C here stops both.

MSG
build/src/app/audin-softphone "$@"
