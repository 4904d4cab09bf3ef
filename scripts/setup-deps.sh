#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages the build, the demo and the tests need, and nothing that is
# already there. Safe to run on every invocation: with everything present it only checks.
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ pkg-config git clang-format
    qt6-base-dev qt6-websockets-dev qt6-multimedia-dev qt6-httpserver-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev libqt6svg6
    libopus-dev libspeexdsp-dev libwebrtc-audio-processing-dev qtkeychain-qt6-dev libqt6sql6-sqlite libphonenumber-dev
    # the fuzz targets (scripts/fuzz.sh): clang-14 with libFuzzer and the sanitizer runtimes,
    # llvm-symbolizer for readable stacks in the findings
    clang-14 libclang-rt-14-dev llvm
    # follow PulseAudio's default devices (optional for the build; SystemDefaultDevices)
    libpulse-dev
    # system-wide shortcuts on X11 (the X server's key grabs) and Qt's offscreen screens in the placement tests
    libxcb1-dev libxcb-keysyms1-dev x11proto-dev qt6-base-private-dev
    # run and test (Qt's own strings, e.g. the standard buttons, in the operator's language)
    qt6-translations-l10n
    curl ca-certificates pulseaudio pulseaudio-utils xvfb xauth dbus gnome-keyring espeak-ng sox
    # the whole desktop in the end-to-end ring test: window manager, tray host, notification daemon, keys
    openbox tint2 dunst xdotool x11-utils
    # light and dark desktop themes for the whole-desktop screenshots (scripts/screenshots.sh)
    qt6-gtk-platformtheme gnome-themes-extra
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "setup-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "setup-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
