#!/bin/sh
# Extract every string marked for translation into a .pot template.
# Usage: scripts/pot.sh OUT.pot   (run from anywhere; `make pot` writes
# po/inventar.pot). The sources and keywords are listed here once, for
# `make pot` and for the completeness test (tests/cli/po_complete.sh).
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 OUT.pot" >&2
    exit 2
fi
out=$1
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
cd "$(dirname "$0")/.."
# Sorted, so the template is the same whatever order the shell globs in.
files=$(ls src/*.c src/*.h tui/*.c tui/*.h labels/*.c labels/*.h \
           include/inventar/*.h 2>/dev/null | LC_ALL=C sort)
tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp.err"' EXIT
# shellcheck disable=SC2086
if ! xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
        -k_ -kN_ -kP_:1c,2 -kNP_:1c,2 -kngettext:1,2 \
        --package-name=inventar -o "$tmp" $files 2>"$tmp.err"; then
    cat "$tmp.err" >&2
    exit 1
fi
# Pass on real warnings, not the one about a bug-report address (there is
# none to give).
grep -v -e 'msgid-bugs-address' -e 'Makevars' -e 'MSGID_BUGS_ADDRESS' \
    -e 'specify an --msgid-bugs-address' "$tmp.err" >&2 || true
mv "$tmp" "$out"
