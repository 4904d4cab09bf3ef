#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the project with sanitizers and runs the tests under them (scripts/test.sh calls this).
#   scripts/test-sanitizers.sh            AddressSanitizer + UBSan: the core, media, simulator and CLI
#                                         tests and the executables they run (build-asan/)
#   scripts/test-sanitizers.sh --all      the same for every test, desktop, GUI and end to end included
# Extra arguments go to ctest (e.g. -R TestJitterBuffer). Options and suppressions:
# tests/CMakeLists.txt and tests/sanitizers/*.supp. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=asan
all=0
if [ "${1:-}" = "--all" ]; then
    all=1
    shift
fi
dir=build-$preset
if [ ! -f "$dir/build.ninja" ]; then
    cmake --preset "$preset" >&2
fi
if [ "$all" = 1 ]; then
    cmake --build "$dir" -j"$(nproc)" >&2
    ctest --test-dir "$dir" --output-on-failure -j2 "$@"
else
    # The areas without widgets: what the service, the network and the audio devices can reach.
    targets=(audin-cli audin-core-sim)
    for source in tests/core/Test*.cpp tests/media/Test*.cpp tests/sim/Test*.cpp tests/cli/Test*.cpp; do
        targets+=("$(basename "$source" .cpp)")
    done
    cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}" >&2
    ctest --test-dir "$dir" --output-on-failure -j2 -L '^(core|media|sim|cli)$' "$@"
fi
