#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translation file no longer matches the sources (a string was added, changed or
# removed without `cmake --build build --target update_translations`; Mumble's
# assertNoTranslationChanges, for our build) or when it has strings not yet translated.
#   check-translations.sh LUPDATE LRELEASE SOURCES_LIST TS_FILE...
# SOURCES_LIST names one source file per line: the ones update_translations scans.
set -eu
lupdate=$1 lrelease=$2 sources_list=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for ts in "$@"; do
    copy="$work/$(basename "$ts")"
    cp "$ts" "$copy"
    # shellcheck disable=SC2046
    "$lupdate" -silent -no-obsolete -locations none $(cat "$sources_list") -ts "$copy" >/dev/null
    if ! cmp -s "$ts" "$copy"; then
        echo "$ts does not match the sources; run: cmake --build build --target update_translations"
        diff -u "$ts" "$copy" | head -60
        status=1
    fi
    report=$("$lrelease" "$ts" -qm "$work/out.qm" 2>&1)
    case "$report" in
        *"Ignored"* | *[1-9]" unfinished"* | *[1-9][0-9]" unfinished"*)
            echo "$ts has strings without a translation: $report"
            status=1
            ;;
    esac
done
exit $status
