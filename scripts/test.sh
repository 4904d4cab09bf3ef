#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test command: installs what is missing, builds, and runs every Qt Test executable with ctest.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh
cmake --build build --target format-check >&2
ctest --test-dir build --output-on-failure --timeout 300 -j2 "$@"
