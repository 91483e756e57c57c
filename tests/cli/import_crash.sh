# import_crash.sh: kill -9 in the middle of a large import. The database
# opens, SQLite's integrity check and `inventar verify` pass, and the
# import is wholly there or wholly absent; a new import then works.
. "$TESTLIB"
q() { sqlite3 "$DB" "$1"; }

n=200000
[ "${INVENTAR_SANITIZED:-}" = 1 ] && n=20000
setup_world || fail "setup"
awk -v n="$n" -v offices=RDSA-11,RDSA-26,DSP-LOV -f "$ROOT/tests/data/import_gen.awk" >big.csv
size=$(wc -c <big.csv)
before=$(db_digest)

"$INVENTAR_BIN" --db "$DB" --user tester import big.csv >import.out 2>&1 &
pid=$!
# Wait until the import is writing rows: it has read the file once to
# detect its encoding and is a fifth into reading it again (/proc's
# count of bytes read), or, where /proc says nothing, the WAL has grown.
state=waiting
i=0
while [ $i -lt 6000 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then state=ended; break; fi
    rchar=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null)
    if [ -n "$rchar" ]; then
        [ "$rchar" -gt $((size + size / 5)) ] && { state=inside; break; }
    else
        wal=$(wc -c <"$DB-wal" 2>/dev/null || echo 0)
        [ "$wal" -gt 4000000 ] && { state=inside; break; }
    fi
    sleep 0.01
    i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid"
rc=$?
expect_eq "the import was killed while writing" "inside 137" "$state $rc"
expect_not_contains "it had not finished" "imported" "$(cat import.out)"

expect_eq "SQLite's integrity check passes" "ok" "$(q 'PRAGMA integrity_check')"
expect_eq "foreign keys hold" "" "$(q 'PRAGMA foreign_key_check')"
count=$(q "SELECT count(*) FROM asset")
case "$count" in
    0) pass "all or nothing: nothing of the killed import is there"
       expect_eq "the database is as it was" "$before" "$(db_digest)" ;;
    "$n") pass "all or nothing: the killed import is all there" ;;
    *) fail "all or nothing: $count of $n assets after the kill" ;;
esac
expect_eq "every asset has its event" "$count" "$(q "SELECT count(*) FROM event WHERE type = 'imported'")"
expect_exit "inventar verify passes after the kill" 0 inv verify

if [ "$count" = 0 ]; then
    expect_exit "the same import then runs to the end" 0 inv import big.csv
    expect_eq "with every row" "$n imported, 0 updated, 0 unchanged, 0 bad" "$OUT_TXT"
    expect_eq "all of them there" "$n" "$(q "SELECT count(*) FROM asset")"
    expect_exit "and the database verifies" 0 inv verify
fi
finish
