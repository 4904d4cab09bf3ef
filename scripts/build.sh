#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (once) and builds into build/ with the default preset. Incremental on re-runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
    cmake --preset default >&2
fi
cmake --build build -j"$(nproc)" >&2
