#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures each main view of the desktop app, light and dark, into docs/screenshots/ (under Xvfb,
# against the in-process simulator). Installs what is missing and builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh
cmake --build build --target audin-screenshots >&2
for variant in light dark; do
    flag=""
    [ "$variant" = dark ] && flag="--dark"
    # A fresh private session bus, so no desktop keychain or notification daemon is involved.
    xvfb-run -a -s "-screen 0 1280x800x24 -dpi 96" dbus-run-session -- build/tools/audin-screenshots docs/screenshots $flag
done
