# Two processes transferring the same twenty assets at once, each to
# alternating offices: nothing is lost. Every command succeeds (a writer
# waits for the other instead of failing), "database is locked" is never
# shown, the history holds exactly one event per asset per act, and
# verify passes.
. "$TESTLIB"

rounds=60
[ "${INVENTAR_SANITIZED:-0}" = 1 ] && rounds=12

setup_world
tags=""
for i in $(seq -w 1 20); do
    tags="$tags $(inv asset add --kind computer --tag "PC-C$i" --office ASP-WH)"
done
events0=$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE subject_type = 'asset'")

mover() { # NAME FIRST SECOND: assign all tags to FIRST, SECOND, FIRST, ...
    i=0
    while [ $i -lt $rounds ]; do
        i=$((i + 1))
        if [ $((i % 2)) -eq 1 ]; then to=$2; else to=$3; fi
        if inv assign --to "$to" --custodian "$1 $i" --doc "$1/$i" $tags \
            >>"$WORK/$1.out" 2>>"$WORK/$1.err"
        then echo ok >>"$WORK/$1.log"; else echo "fail $?" >>"$WORK/$1.log"; fi
    done
}
mover a DSP-LOV RDSA-26 &
pa=$!
mover b RDSA-26 DSP-LOV &
pb=$!
wait $pa $pb

ok_a=$(grep -c '^ok$' "$WORK/a.log")
ok_b=$(grep -c '^ok$' "$WORK/b.log")
expect_eq "every command of the first process succeeded" "$rounds" "$ok_a"
expect_eq "every command of the second process succeeded" "$rounds" "$ok_b"
expect_eq "'database is locked' was never shown" "" \
    "$(cat "$WORK/a.err" "$WORK/b.err" | grep -i -e locked -e busy)"
expect_eq "no error at all" "" "$(cat "$WORK/a.err" "$WORK/b.err")"
events=$(sqlite3 "$DB" 'SELECT count(*) FROM event WHERE subject_type = '\''asset'\''')
expect_eq "one event per asset per successful act, none lost" \
    $((events0 + 20 * (ok_a + ok_b))) "$events"
expect_eq "each act's document is in the history twenty times" \
    "20" "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE doc = 'a/7'")"
expect_eq "the two processes did work at the same time (their acts interleave)" yes \
    "$(sqlite3 "$DB" "SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM event
                      WHERE doc LIKE 'b/%' AND id BETWEEN
                      (SELECT min(id) FROM event WHERE doc LIKE 'a/%') AND
                      (SELECT max(id) FROM event WHERE doc LIKE 'a/%')")"
last=$(sqlite3 "$DB" "SELECT doc FROM event WHERE subject_type = 'asset' ORDER BY id DESC LIMIT 1")
expect_eq "the assets are where the last act put them" "20" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM asset a JOIN event e ON e.asset_id = a.id
                      WHERE e.doc = '$last' AND a.office_id = e.to_office_id
                      AND a.custodian = e.to_custodian")"
expect_exit "verify passes" 0 inv verify
finish
