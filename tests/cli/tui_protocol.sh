#!/bin/sh
# The TUI's assign and return forms offer a "Protocol PDF file": the act
# is recorded under a handover protocol whose number is shown on the
# status line, and the PDF holds the assets and the people. A file that
# is not .pdf is refused in the form, and nothing happens.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

Y=$(date +%Y)
setup_world || { fail "setup"; finish; }
for n in 1 2; do
    inv asset add --kind computer --make Dell --model "OptiPlex $n" --serial "SN$n" \
        --office ASP-WH >/dev/null || fail "add $n"
done

tui_start 100 30
expect_screen "the list" "[1 of 2]"
keys F2
expect_screen "the assign form" "Protocol PDF file"
keys Enter
expect_screen "office picker" "Choose an office"
type_text "DSP-LOV"
expect_screen "picker found it" "DSP-LOV  ДСП Ловеч"
keys Enter
expect_screen "office chosen" "DSP-LOV  ДСП Ловеч  [Enter"
type_text "Иван Иванов"
keys Down Down Down Down
type_text "$WORK/p.txt"
before=$(db_digest)
keys F2
expect_screen "a protocol file must be a .pdf" "must end in .pdf"
expect_eq "... and nothing changed" "$before" "$(db_digest)"
keys BSpace BSpace BSpace
type_text "pdf"
keys F2
expect_screen "confirmation" "Assign asset PC-000001 to DSP-LOV"
keys Enter
expect_screen "the protocol's number on the status line" "Handover protocol ПП-$Y-0001 written to"
t=$(pdftotext -layout "$WORK/p.pdf" - 2>/dev/null)
expect_contains "the PDF: the title" "HANDOVER PROTOCOL" "$t"
expect_contains "the PDF: the asset" "PC-000001" "$t"
expect_contains "the PDF: the receiver" "Received by: Иван Иванов, ДСП Ловеч" "$t"
expect_eq "the document is on record" "ПП-$Y-0001" \
    "$(inv document list --format json | jq -r '.[0].number')"

# A return with a protocol, from the second row.
keys Home
expect_screen "first row" "[1 of 2]"
keys F3
expect_screen "the return form" "Protocol PDF file"
keys Down Down Down
type_text "$WORK/r.pdf"
keys F2
expect_screen "confirmation" "Return asset PC-000001 to stock?"
keys Enter
expect_screen "returned under a protocol" "Handover protocol ПП-$Y-0002 written to"
t=$(pdftotext -layout "$WORK/r.pdf" - 2>/dev/null)
expect_contains "the return's PDF: received by the warehouse" "Received by: Централен склад" "$t"
expect_contains "the return's PDF: handed over by the custodian" "Handed over by: Иван Иванов" "$t"

keys q
expect_screen "quit" "EXITED 0"
finish
