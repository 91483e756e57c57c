#!/bin/sh
# make bench: run every tests/bench/*.sh (except this one) in turn.
# Each prints its own figures and ratios against its peer; none of them
# asserts a time. Usage: tests/bench/run.sh BINARY BUILD_DIR
set -u
BIN=$1
BUILD=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORKROOT=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/inventar-bench.XXXXXX")}
export LC_ALL=C.UTF-8 TZ=UTC
unset INVENTAR_DB XDG_DATA_HOME
status=0
for b in "$ROOT"/tests/bench/*.sh; do
    name=$(basename "$b" .sh)
    [ "$name" = run ] && continue
    echo "== $name"
    mkdir -p "$WORKROOT/$name"
    (cd "$WORKROOT/$name" && INVENTAR_BIN="$BIN" BUILD="$BUILD" ROOT="$ROOT" \
        WORK="$WORKROOT/$name" sh "$b") || { echo "bench $name failed"; status=1; }
done
[ -z "${BENCH_DIR:-}" ] && rm -rf "$WORKROOT"
exit $status
