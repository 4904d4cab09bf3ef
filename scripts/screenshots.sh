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
# The whole desktop (openbox, tint2, dunst) with two calls ringing over another application, at two
# screen sizes, in a light and a dark desktop theme (GTK's Adwaita through Qt's gtk3 platform theme).
cmake --build build --target TestRingOnDesktop >&2
for screen in 1920x1080 1366x768; do
    for variant in light dark; do
        gtk_theme=Adwaita
        [ "$variant" = dark ] && gtk_theme=Adwaita:dark
        AUDIN_SCREEN=$screen AUDIN_SCREENSHOT_DIR="$PWD/docs/screenshots" AUDIN_SCREENSHOT_THEME=$variant \
            QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=$gtk_theme \
            tests/support/with-desktop.sh build/tests/TestRingOnDesktop screenshotOfTheRingingDesktop
    done
done
