#!/bin/sh
# Printing labels through a real CUPS queue: a private cupsd and the
# cups-pdf backend (cups_helpers.inc). What
# comes out keeps the page size inventar drew (A4, a 62x29 mm thermal
# label), unrotated, with scannable QR codes; --print PRINTER and
# --print=PRINTER both reach the queue; a missing queue is a clear error
# and the -o PDF is still written.
. "$TESTLIB"
setup_world
for i in 1 2 3; do
    inv asset add --kind tablet --tag "PRT-00$i" --office DSP-LOV >/dev/null
done

# Without any server: a missing queue is an error naming it; -o is written.
if [ -x /usr/bin/lp ]; then
    mkdir -p "$HOME"
    expect_exit "a missing queue fails" 1 inv labels --print=no-such-queue-$$ PRT-001 -o miss.pdf
    expect_contains "the error names the queue" "no-such-queue-$$" "$ERR_TXT"
    [ -s miss.pdf ] && pass "the -o PDF is written although printing failed" ||
        fail "the -o PDF is written although printing failed"
fi

skip() { echo "SKIP: $*"; finish; }
. "$ROOT/tests/cli/cups_helpers.inc"
trap cups_stop EXIT
for b in /usr/bin/zbarimg /usr/bin/pdftoppm; do
    [ -x "$b" ] || skip "$b is not installed (scripts/deps.sh test)"
done
cups_start || skip "$CUPS_SKIP"
C=$CUPS_DIR
Q=$CUPS_Q
wait_out() { cups_wait_out "$@"; }

# check_job WHAT NEWFILE SIZE_PATTERN CODES...
check_job() {
    what=$1; f=$2; size=$3; shift 3
    info=$(pdfinfo "$f" 2>/dev/null)
    expect_contains "$what: page size" "$size" "$info"
    expect_contains "$what: not rotated" "Page rot:        0" "$info"
    rm -f "$C"/page*.png
    pdftoppm -r 300 -png "$f" "$C/page" 2>/dev/null
    codes=$(zbarimg -q "$C"/page*.png 2>/dev/null | sort | tr '\n' ' ')
    expect_eq "$what: QR codes" "$*" "$codes"
}

expect_exit "--print PRINTER (a queue) prints a 62x29 roll" 0 \
    inv labels --template 62x29 --print "$Q" PRT-001 PRT-002 -o roll.pdf
wait_out 1 || fail "the roll job came out"
f=$(ls -t "$C/out"/*.pdf | head -1)
# 62 x 29 mm is 175.7 x 82.2 pt; CUPS names the custom size in whole points.
check_job "roll" "$f" "Page size:       175 x 82 pts" "QR-Code:PRT-001 QR-Code:PRT-002 "
expect_contains "roll: pages" "Pages:           2" "$(pdfinfo "$f")"
[ -s roll.pdf ] && pass "roll: -o PDF written too" || fail "roll: -o PDF written too"

expect_exit "--print=PRINTER prints an A4 sheet" 0 inv labels --print="$Q" PRT-003 -o sheet.pdf
wait_out 2 || fail "the sheet job came out"
f=$(ls -t "$C/out"/*.pdf | head -1)
check_job "sheet" "$f" "(A4)" "QR-Code:PRT-003 "

expect_exit "--print PRINTER after a filter" 0 \
    inv labels --office DSP-LOV --print "$Q" -o office.pdf
wait_out 3 || fail "the office job came out"

expect_exit "a tag after --print that is no queue stays a tag" 1 \
    inv labels --print=no-such-queue-$$ --print PRT-001 -o t.pdf
expect_exit "a missing queue fails through cupsd" 1 inv labels --print "nosuch-$$" --office DSP-LOV -o m2.pdf
expect_contains "its error names the queue" "nosuch-$$" "$ERR_TXT"
[ -s m2.pdf ] && pass "the -o PDF is still written" || fail "the -o PDF is still written"

cupsdisable "$Q" >/dev/null 2>&1; cupsreject "$Q" >/dev/null 2>&1
expect_exit "a queue refusing jobs fails" 1 inv labels --print "$Q" PRT-001 -o r.pdf
expect_contains "its error names the queue" "$Q" "$ERR_TXT"
finish
