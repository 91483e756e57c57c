#!/bin/sh
# Long work shows a progress line on standard error when it is a terminal
# (a pseudo-terminal from script(1) here), cleared when done; nothing of
# it when standard error is a file.
. "$TESTLIB"
command -v script >/dev/null || { echo "SKIP: script (bsdutils) is not installed"; finish; }
inv init >/dev/null
inv office add WH 'Склад' --kind warehouse >/dev/null
{
    echo 'tag,kind,make,model,serial,office'
    i=0
    while [ $i -lt 5000 ]; do echo "P$i,tablet,Samsung,Tab A8,S$i,WH"; i=$((i + 1)); done
} >big.csv

script -qec "'$INVENTAR_BIN' --db '$DB' --user tester import big.csv" /dev/null >tty.out </dev/null
out=$(tr '\r' '\n' <tty.out)
expect_contains "import on a terminal shows a progress line" "Importing: " "$out"
expect_contains "... how far, as counts and a percentage" "%)" "$out"
expect_contains "... clears it when done" "$(printf '\r\033[K')" "$(cat tty.out)"
expect_contains "... and reports the result" "5000 imported" "$out"
expect_eq "the import happened" 5000 "$(sqlite3 "$DB" 'SELECT count(*) FROM asset')"

# Applying a stock check (nothing scanned: all 5000 go missing): the
# first report of each phase is always drawn.
inv check start --office WH >/dev/null
# (--yes where the question before applying exists: on a terminal it asks.)
yes=""
inv check close --help 2>&1 | grep -q -- '--yes' && yes=--yes
script -qec "'$INVENTAR_BIN' --db '$DB' --user tester check close 1 --apply $yes" /dev/null \
    >check.out </dev/null
out=$(tr '\r' '\n' <check.out)
expect_contains "check close --apply on a terminal shows a progress line" \
    "Applying the stock check: 0 of 4 (0%)" "$out"
expect_contains "... and of its acts on many assets (5000 missing)" \
    "Changing the assets: 256 of 5 000 (5%)" "$out"
expect_contains "... and reports the result" "closed and applied" "$out"

# A transfer of many assets (tags from standard input).
inv office add LOV 'ДСП Ловеч' --kind local >/dev/null
i=0; while [ $i -lt 600 ]; do echo "P$i"; i=$((i + 1)); done >tags.txt
yes=""
inv assign --help 2>&1 | grep -q -- '--yes' && yes=--yes
script -qec "'$INVENTAR_BIN' --db '$DB' --user tester assign --to LOV $yes - <tags.txt" /dev/null \
    >assign.out </dev/null
out=$(tr '\r' '\n' <assign.out)
expect_contains "assign of many assets on a terminal shows a progress line" \
    "Changing the assets: 256 of 600 (42%)" "$out"
expect_eq "... and assigned them" 600 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM asset a JOIN office o ON o.id = a.office_id WHERE o.code = 'LOV'")"

DB2=$WORK/second.db
"$INVENTAR_BIN" --db "$DB2" --user tester init >/dev/null
"$INVENTAR_BIN" --db "$DB2" --user tester office add WH 'Склад' --kind warehouse >/dev/null
"$INVENTAR_BIN" --db "$DB2" --user tester import big.csv >stdout.txt 2>stderr.txt
expect_eq "with standard error in a file: no progress" "" "$(cat stderr.txt)"
expect_contains "... and the result on standard output" "5000 imported" "$(cat stdout.txt)"
finish
