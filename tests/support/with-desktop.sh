#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on a whole, private X desktop as an operator has one: Xvfb (AUDIN_SCREEN, default
# 1920x1080), its own D-Bus session bus, the openbox window manager, the tint2 panel with its XEmbed
# system tray, and the dunst notification daemon (its history and urgency readable through dunstctl).
# Everything ends with the command. Used by ctest for tests whose source has `// needs: desktop`, by
# scripts/screenshots.sh for the whole-desktop screenshots, and by hand:
#   tests/support/with-desktop.sh sh -c 'scripts/run.sh'
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in Xvfb dbus-run-session openbox tint2 dunst dunstctl xdpyinfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-desktop: $tool is missing (scripts/setup-deps.sh installs it)" >&2
        exit 1
    fi
done
here=$(cd "$(dirname "$0")" && pwd)
AUDIN_DESKTOP_HOME=$(mktemp -d "${TMPDIR:-/tmp}/audin-desktop.XXXXXX")
export AUDIN_DESKTOP_HOME AUDIN_DESKTOP_CONFIG="$here/desktop"
screen="${AUDIN_SCREEN:-1920x1080}"

# A free display number, chosen by the server itself.
exec 3>"$AUDIN_DESKTOP_HOME/display"
Xvfb -displayfd 3 -screen 0 "${screen}x24" -nolisten tcp -dpi 96 >"$AUDIN_DESKTOP_HOME/xvfb.log" 2>&1 &
xvfb=$!
exec 3>&-
cleanup() {
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
    rm -rf "$AUDIN_DESKTOP_HOME"
}
trap cleanup EXIT INT TERM
i=0
until [ -s "$AUDIN_DESKTOP_HOME/display" ] && xdpyinfo -display ":$(cat "$AUDIN_DESKTOP_HOME/display")" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -ge 200 ] || ! kill -0 "$xvfb" 2>/dev/null; then
        echo "with-desktop: Xvfb did not start: $(cat "$AUDIN_DESKTOP_HOME/xvfb.log")" >&2
        exit 1
    fi
    sleep 0.05
done
DISPLAY=":$(cat "$AUDIN_DESKTOP_HOME/display")"
export DISPLAY
# The desktop's own programs must not see a developer's session.
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS XDG_CURRENT_DESKTOP
export QT_QPA_PLATFORM=xcb XDG_CONFIG_HOME="$AUDIN_DESKTOP_HOME/config" XDG_DATA_HOME="$AUDIN_DESKTOP_HOME/data"
mkdir -p "$XDG_CONFIG_HOME/dunst" "$XDG_DATA_HOME"
# Where dunst looks by itself too: a dunst that D-Bus activation starts (before ours owns the name) reads
# the same configuration, so the urgency always shows in the text.
cp "$AUDIN_DESKTOP_CONFIG/dunstrc" "$XDG_CONFIG_HOME/dunst/dunstrc"

set +e
dbus-run-session -- sh -c '
    set -eu
    log="$AUDIN_DESKTOP_HOME"
    printf "audin-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
    openbox >"$log/openbox.log" 2>&1 &
    dunst -config "$AUDIN_DESKTOP_CONFIG/dunstrc" >"$log/dunst.log" 2>&1 &
    # The window manager first: a panel started before it may not get its strut.
    i=0
    until xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id"; do
        i=$((i + 1)); [ "$i" -lt 200 ] || { echo "with-desktop: openbox did not start" >&2; cat "$log/openbox.log" >&2; exit 1; }
        sleep 0.05
    done
    if [ "${AUDIN_NO_TRAY:-}" != 1 ]; then
        tint2 >"$log/tint2.log" 2>&1 &
        echo $! >"$log/tint2.pid"
        # The tray is up when its manager selection for this screen has an owner.
        i=0
        until [ -n "$(xdotool search --classname tint2 2>/dev/null | head -n 1)" ]; do
            i=$((i + 1)); [ "$i" -lt 200 ] || { echo "with-desktop: tint2 did not start" >&2; cat "$log/tint2.log" >&2; exit 1; }
            sleep 0.05
        done
    fi
    i=0
    # Asked without activating anything (dunstctl would start a second dunst while ours is starting).
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true"; do
        i=$((i + 1)); [ "$i" -lt 200 ] || { echo "with-desktop: dunst did not start" >&2; cat "$log/dunst.log" >&2; exit 1; }
        sleep 0.05
    done
    exec "$@"' sh "$@"
status=$?
exit $status
