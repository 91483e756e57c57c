#!/bin/sh
# The worst wait of an act during a running verify at 162,000 assets
# (demo --scale 100): acts are made one after another, a tenth of a
# second apart (a busy office, not a flood that would take the CPU verify
# needs), for as long as verify runs; prints verify's time and the acts'
# median and worst. No
# time is asserted (DESIGN 8: verify never makes a writer wait more than
# a moment). Run by tests/bench/run.sh with INVENTAR_BIN and WORK.
set -u
BIN=$INVENTAR_BIN
DB=$WORK/verify.db
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" --user bench demo --scale "${VERIFY_SCALE:-100}" >/dev/null || exit 1
n=$(sqlite3 "$DB" "SELECT count(*) FROM asset")
tag=$(sqlite3 "$DB" "SELECT tag FROM asset WHERE status = 'in_stock' ORDER BY id LIMIT 1")
ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(ms)
"$BIN" --db "$DB" verify >/dev/null 2>&1 &
vpid=$!
st=in-repair
: >"$WORK/waits"
while kill -0 "$vpid" 2>/dev/null; do
    a=$(ms)
    "$BIN" --db "$DB" --user bench status "$st" "$tag" >/dev/null 2>&1 || echo "act failed"
    echo $(( $(ms) - a )) >>"$WORK/waits"
    if [ "$st" = in-repair ]; then st=in-stock; else st=in-repair; fi
    sleep 0.1
done
wait "$vpid"; vrc=$?
t1=$(ms)
# The same act with nothing else running, for comparison.
a=$(ms); "$BIN" --db "$DB" --user bench status "$st" "$tag" >/dev/null 2>&1; idle=$(( $(ms) - a ))
cnt=$(wc -l <"$WORK/waits")
med=$(sort -n "$WORK/waits" | awk -v c="$cnt" 'NR == int((c + 1) / 2) {print}')
worst=$(sort -n "$WORK/waits" | tail -n 1)
echo "verify of $n assets: $((t1 - t0)) ms (exit $vrc)"
echo "acts during verify: $cnt, median ${med:-0} ms, worst ${worst:-0} ms (an act alone: $idle ms)"
