#!/bin/sh
# Run the whole suite: cmocka unit tests, then every tests/cli/*.sh.
# Usage: tests/run.sh BINARY BUILD_DIR [PATTERN]
# PATTERN (a shell glob on test names, e.g. 'import*') runs only those.
# Each shell test prints "PASS: what" / "FAIL: what" lines (tests/lib.sh);
# the last line of this runner is "N passed, N failed".
set -u
BIN=$1
BUILD=$2
PATTERN=${3:-*}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/inventar-tests.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
passed=0
failed=0
failures=""

export LC_ALL=C.UTF-8 TZ=UTC
# LANGUAGE would choose the language even under C.UTF-8: the tests are in
# English unless they ask for Bulgarian themselves.
unset INVENTAR_DB INVENTAR_FONT XDG_DATA_HOME LANGUAGE
# The test build reads its configuration from $INVENTAR_CONF (a test hook):
# a file that never exists (under a directory that does not exist either,
# so every user, nobody too, is told "no such file"), so that a server's
# /etc/inventar/inventar.conf
# (a shared db, another agency) can't change what the tests see.
export INVENTAR_CONF=/nonexistent/inventar-tests/inventar.conf

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    case "$name" in $PATTERN) ;; *) continue ;; esac
    log="$OUT/$name.log"
    (cd "$ROOT" && TESTDATA="$ROOT/tests/data" "$t") >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}; f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        failures="$failures $name"
        echo "--- $name failed:"; cat "$log"
    else
        echo "ok   $name ($p)"
    fi
done

for s in "$ROOT"/tests/cli/*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    case "$name" in $PATTERN) ;; *) continue ;; esac
    work="$OUT/$name"
    mkdir -p "$work"
    log="$OUT/$name.log"
    (cd "$work" && INVENTAR_BIN="$BIN" BUILD="$BUILD" ROOT="$ROOT" \
        TESTDATA="$ROOT/tests/data" TESTLIB="$ROOT/tests/lib.sh" WORK="$work" \
        TMPDIR="$work" HOME="$work/home" timeout 900 sh "$s") >"$log" 2>&1 </dev/null
    rc=$?
    p=$(grep -c '^PASS: ' "$log")
    f=$(grep -c '^FAIL: ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL: $name exited $rc" >>"$log"; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        failures="$failures $name"
        echo "--- $name failed:"; cat "$log"
    else
        echo "ok   $name ($p)"
    fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
