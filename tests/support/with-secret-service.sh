#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command against a real, private Secret Service: a new D-Bus session bus with GNOME Keyring's
# secrets component, its login keyring created and unlocked with an empty password. Both end with the
# command. Used by ctest for tests whose source contains the marker `// needs: secret-service`.
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-secret-service: $tool is missing (scripts/setup-deps.sh installs dbus and gnome-keyring)" >&2
        exit 1
    fi
done
# A keyring directory of its own, so a developer's real keyring is never touched.
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/audin-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT INT TERM
# The daemon forks and prints its environment (not needed: the bus finds it by name); stdin is the
# password that creates and unlocks the login keyring. It must not be empty: with an empty one a fresh
# keyring directory gets no login collection, and every write then waits for a prompt that cannot show.
# The keyring is thrown away with its directory, so the password protects nothing.
AUDIN_KEYRING_HOME="$keyring_home" dbus-run-session -- sh -c '
    printf "audin-test-keyring" | XDG_DATA_HOME="$AUDIN_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
        echo "with-secret-service: gnome-keyring-daemon did not start" >&2
        exit 1
    }
    unset AUDIN_KEYRING_HOME
    # The daemon returns before it owns its bus name; a test starting earlier would find no service.
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
        i=$((i + 1))
        if [ "$i" -ge 100 ]; then
            echo "with-secret-service: the Secret Service did not appear on the bus" >&2
            exit 1
        fi
        sleep 0.05
    done
    exec "$@"' sh "$@"
