# Stock-check benchmarks: one scan resolved at 1,000,000 assets (goal: under
# 1 ms) and a 10,000-code batch import. The peer is the bare SQLite lookup
# of the same tag through the sqlite3 shell, in the same run.
set -u
BIN=$INVENTAR_BIN
DB=$WORK/check-bench.db
SCALE=${BENCH_SCALE:-619}
now_ms() { date +%s%3N; }

if [ ! -f "$DB" ]; then
    t0=$(now_ms)
    "$BIN" --db "$DB" demo --scale "$SCALE" >/dev/null || { echo "demo failed"; exit 1; }
    echo "built a database of $("$BIN" --db "$DB" asset list --format csv | tail -n +2 | wc -l) assets in $(( $(now_ms) - t0 )) ms"
fi
assets=$(sqlite3 "$DB" 'SELECT count(*) FROM asset')
office=$(sqlite3 "$DB" "SELECT o.code FROM office o JOIN asset a ON a.office_id = o.id
                        WHERE a.status <> 'written_off' GROUP BY o.id ORDER BY count(*) DESC LIMIT 1")
id=$("$BIN" --db "$DB" check start --office "$office") || exit 1
expected=$(sqlite3 "$DB" "SELECT count(*) FROM check_expected WHERE check_id = $id")
echo "assets: $assets; check $id of $office expects $expected"

# Live scans: 2,000 codes through one process, each its own transaction.
sqlite3 "$DB" "SELECT a.tag FROM check_expected e JOIN asset a ON a.id = e.asset_id
               WHERE e.check_id = $id ORDER BY random() LIMIT 2000" >"$WORK/live.txt"
n=$(wc -l <"$WORK/live.txt")
t0=$(now_ms)
"$BIN" --db "$DB" check scan "$id" - <"$WORK/live.txt" >/dev/null
t1=$(now_ms)
per=$(awk -v ms=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.3f", ms / n }')
echo "live scan: $n scans in $((t1 - t0)) ms: $per ms per scan, committed each (goal: under 1 ms)"

# Peer: the same tags looked up by the sqlite3 shell in one process.
{ echo "BEGIN;"; sed "s/.*/SELECT id FROM asset WHERE tag = '&';/" "$WORK/live.txt"; echo "COMMIT;"; } >"$WORK/peer.sql"
t0=$(now_ms)
sqlite3 "$DB" <"$WORK/peer.sql" >/dev/null
t1=$(now_ms)
peer=$(awk -v ms=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.3f", ms / n }')
echo "peer (sqlite3 shell, bare tag lookups, no writes): $peer ms per lookup"
awk -v a="$per" -v b="$peer" 'BEGIN { if (b > 0) printf "ratio: %.1fx the bare lookup\n", a / b }'

# Batch: 10,000 codes from a scanner's file (some noise, duplicates, unknowns).
"$BIN" --db "$DB" check close "$id" >/dev/null
id=$("$BIN" --db "$DB" check start --office "$office") || exit 1
sqlite3 "$DB" "SELECT a.tag FROM asset a ORDER BY random() LIMIT 9500" |
    awk '{ printf "%s\r\n", $0 } END { for (i = 0; i < 500; i++) printf "UNKNOWN-%d\r\n", i }' >"$WORK/batch.txt"
t0=$(now_ms)
"$BIN" --db "$DB" check import "$id" "$WORK/batch.txt" >"$WORK/batch.out"
t1=$(now_ms)
echo "batch import: $(wc -l <"$WORK/batch.txt") codes in $((t1 - t0)) ms ($(cat "$WORK/batch.out"))"
"$BIN" --db "$DB" check close "$id" >/dev/null
