#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets (build-fuzz/, the `fuzz` preset: clang-14, ASan + UBSan) if needed and
# runs each for SECONDS (default 60) over a copy of its seed corpus in fuzz/corpus/<target>: inputs
# the fuzzer finds stay in the copy, never in the repository. Exits non-zero when any target found a
# crash, a leak, undefined behaviour or a failed check, and prints the path of the input that did it.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        e.g. scripts/fuzz.sh 30 FuzzMediaFrame
#
# Environment: AUDIN_FUZZ_CI=1 makes each run repeatable for CI: a fixed seed and a fixed number of
# inputs per target (about SECONDS on the 2-core machine) instead of a time limit, so a CI run
# explores exactly what was checked before it landed; AUDIN_FUZZ_REPLAY_ONLY (targets, space-separated, that only run their seed corpus
# instead of exploring: for a target with a known open finding, see fuzz/README.md),
# AUDIN_FUZZ_BUILD_DIR (default build-fuzz), AUDIN_FUZZ_OUT (where copies, logs and
# crashing inputs go; default build-fuzz/fuzz-runs), AUDIN_BUILD_LOCK (a file to flock while building).
set -euo pipefail

seconds=${1:-60}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AUDIN_FUZZ_BUILD_DIR:-$root/build-fuzz}
out=${AUDIN_FUZZ_OUT:-$build/fuzz-runs}

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for source in "$root"/fuzz/Fuzz*.cpp; do
        targets+=("$(basename "$source" .cpp)")
    done
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
        -DAUDIN_SANITIZE=address,undefined -DAUDIN_BUILD_FUZZERS=ON -DAUDIN_BUILD_GUI=OFF \
        -DAUDIN_BUILD_TESTS=OFF -DAUDIN_BUILD_BENCH=OFF
fi
lock=()
if [ -n "${AUDIN_BUILD_LOCK:-}" ]; then
    lock=(flock "$AUDIN_BUILD_LOCK")
fi
start=$(date +%s)
"${lock[@]}" cmake --build "$build" --target "${targets[@]}"
echo "fuzz.sh: build took $(($(date +%s) - start)) s" >&2

export QT_QPA_PLATFORM=offscreen
export QT_HASH_SEED=0 # the same hash order every run, so a seed repeats the same inputs
# halt_on_error: undefined behaviour is a finding like a crash. The leak suppressions are explained
# line by line in fuzz/lsan.supp.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp:print_suppressions=0

failed=()
for target in "${targets[@]}"; do
    work="$out/$target"
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -R "$root/fuzz/corpus/$target/." "$work/corpus/"
    args=("$work/corpus" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix="$work/artifacts/")
    if [ -f "$root/fuzz/$target.dict" ]; then
        args+=(-dict="$root/fuzz/$target.dict")
    fi
    if [ "${AUDIN_FUZZ_CI:-0}" = 1 ]; then
        # Inputs per target: about 30 s each at the speeds fuzz/README.md lists.
        case "$target" in
            FuzzTokenJson) runs=100000 ;;
            FuzzCallChannelMessage | FuzzPhoneNumber) runs=20000 ;;
            FuzzPresenceMessage) runs=3000 ;;
            FuzzCallHistoryCsv) runs=2000 ;;
            FuzzMediaFrame) runs=1500 ;;
            *) runs=1000 ;;
        esac
        args=("$work/corpus" -seed=1 -runs="$runs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$work/artifacts/")
        if [ -f "$root/fuzz/$target.dict" ]; then
            args+=(-dict="$root/fuzz/$target.dict")
        fi
    fi
    if [[ " ${AUDIN_FUZZ_REPLAY_ONLY:-} " == *" $target "* ]]; then
        # Every seed, the regression inputs among them, once; no new inputs.
        args=("$work/corpus" -runs=0 -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/")
        echo "fuzz.sh: $target: replaying its corpus only" >&2
    else
        if [ "${AUDIN_FUZZ_CI:-0}" = 1 ]; then
            echo "fuzz.sh: $target: $runs inputs from seed 1" >&2
        else
            echo "fuzz.sh: $target for ${seconds} s" >&2
        fi
    fi
    if (cd "$work" && "$build/fuzz/$target" "${args[@]}") >"$work/log.txt" 2>&1; then
        grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec' "$work/log.txt" >&2 || true
    else
        failed+=("$target")
        echo "fuzz.sh: $target FAILED; log: $work/log.txt" >&2
        grep -E 'ERROR: |FUZZ CHECK FAILED|runtime error:|SUMMARY:' "$work/log.txt" | head -n 5 >&2 || true
        for input in "$work"/artifacts/*; do
            [ -e "$input" ] && echo "fuzz.sh: crashing input: $input (reproduce: $build/fuzz/$target $input)" >&2
        done
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: findings in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: no findings in ${#targets[@]} targets" >&2
