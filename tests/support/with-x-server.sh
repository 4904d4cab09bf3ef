#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command against a private, bare X server (Xvfb: no window manager, no D-Bus session) on the xcb
# platform. The server ends with the command. Used by ctest for tests whose source has `// needs: x11`;
# by hand: tests/support/with-x-server.sh build/tests/TestGlobalShortcuts
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
if ! command -v Xvfb >/dev/null 2>&1; then
    echo "with-x-server: Xvfb is missing (apt-get install xvfb)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/audin-x.XXXXXX")
xvfb=
cleanup() {
    if [ -n "$xvfb" ]; then
        kill "$xvfb" 2>/dev/null || true
        wait "$xvfb" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free display number, chosen by the server itself, written once it accepts connections: tests running in
# parallel never race for one.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
i=0
until grep -q '^[0-9][0-9]*$' "$work/display" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -ge 200 ] || ! kill -0 "$xvfb" 2>/dev/null; then
        echo "with-x-server: Xvfb did not start: $(cat "$work/xvfb.log")" >&2
        exit 1
    fi
    sleep 0.05
done
DISPLAY=":$(cat "$work/display")"
export DISPLAY
# ctest sets QT_QPA_PLATFORM=offscreen for every test; these need the real thing. Nothing from a developer's
# own session (Wayland, D-Bus) may leak in.
export QT_QPA_PLATFORM=xcb
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# Not exec: the trap must stop Xvfb when the command ends.
set +e
"$@"
status=$?
exit "$status"
