#!/bin/sh
# The TUI's acts on marked assets: a bulk assignment (one transaction,
# checked with the CLI), all-or-nothing when one of them cannot move (the
# error on the status line), a return and a change of status.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
for n in 1 2 3 4 5 6; do
    inv asset add --kind computer --make Dell --model "OptiPlex $n" --office ASP-WH >/dev/null ||
        fail "add $n"
done
inv status written_off PC-000006 --note 'бракуван' >/dev/null || fail "write off"

tui_start 100 30
expect_screen "the list" "[1 of 6]"
# Mark 1, 3 and 4 (Space marks and moves down).
keys Space
expect_screen "Space marks and moves on" "[2 of 6]"
expect_contains "one marked" "1 marked" "$SCREEN"
keys Down Space Space
expect_screen "three marked" "3 marked"
for t in PC-000001 PC-000003 PC-000004; do
    line=$(screen_line "$t")
    expect_contains "$t shows its mark" "* " "$line"
done
line=$(screen_line "PC-000002")
expect_not_contains "PC-000002 is not marked" "*" "$line"

keys F2
expect_screen "the form names the marked assets" "Assign or transfer 3 marked assets"
keys Enter
expect_screen "office picker" "Choose an office"
type_text "дсп ловеч"
expect_screen "the picker narrows to one office" "DSP-LOV  ДСП Ловеч"
expect_not_contains "not the region" "RDSA-11" "$SCREEN"
keys Enter
expect_screen "office chosen" "DSP-LOV  ДСП Ловеч  [Enter"
type_text "Иван Иванов"
keys Down
type_text "ЗП-5/2026"
keys Enter
expect_screen "confirmation for all three" "Assign 3 marked assets to DSP-LOV"
keys Enter
expect_screen "the result on the status line" "Assigned 3 marked assets to DSP-LOV"
expect_not_contains "the marks are cleared" "marked  " "$SCREEN"
list=$(inv asset list --office DSP-LOV --format csv)
for t in PC-000001 PC-000003 PC-000004; do
    expect_contains "CLI: $t moved to DSP-LOV" "$t" "$list"
done
expect_not_contains "CLI: PC-000002 did not move" "PC-000002" "$list"
expect_contains "CLI: the custodian was set" "Иван Иванов" "$list"
hist=$(inv history PC-000003)
expect_contains "CLI: the document is in the history" "ЗП-5/2026" "$hist"
line=$(screen_line "PC-000004")
expect_contains "the table shows the new office" "ДСП Ловеч" "$line"

# All or nothing: PC-000005 with the written-off PC-000006.
keys End
expect_screen "cursor on the last" "[6 of 6]"
keys Up Space Space
expect_screen "two marked" "2 marked"
keys F2
expect_screen "form" "Assign or transfer 2 marked assets"
keys Enter
expect_screen "picker" "Choose an office"
type_text "RDSA-26"
expect_screen "picker found it" "RDSA-26  РДСП Хасково"
keys Enter Enter
expect_screen "confirmation" "Assign 2 marked assets to RDSA-26"
keys Enter
expect_screen "the error on the status line names the asset" "PC-000006: the asset is written off"
expect_contains "the marks stay after a failure" "2 marked" "$SCREEN"
where=$(inv asset show PC-000005 --format json | tr -d ' ')
expect_contains "CLI: nothing moved (all or nothing)" '"office":"ASP-WH"' "$where"
keys U
expect_screen "U unmarks all" "[6 of 6]"
expect_not_contains "no marks" "marked" "$SCREEN"

# Return one asset (the current one) to stock.
keys Home
expect_screen "first row" "[1 of 6]"
keys F3
expect_screen "return form" "Return asset PC-000001 to stock"
keys Enter
expect_screen "confirmation" "Return asset PC-000001 to stock?"
keys Enter
expect_screen "returned" "Returned asset PC-000001 to stock."
where=$(inv asset show PC-000001 --format json | tr -d ' ')
expect_contains "CLI: back in stock" '"status":"in_stock"' "$where"
expect_contains "CLI: at the warehouse" '"office":"ASP-WH"' "$where"

# A status change, refused at the confirmation: nothing happens.
keys Down
expect_screen "second row" "[2 of 6]"
keys x
expect_screen "status form" "Change the status of asset PC-000002"
keys Right Right
expect_screen "the choice moved to written off" "< written off >"
keys Enter
expect_screen "the confirmation warns" "Writing off is final."
keys n
expect_screen "declined" "Cancelled."
where=$(inv asset show PC-000002 --format json | tr -d ' ')
expect_contains "CLI: still in stock" '"status":"in_stock"' "$where"

keys q
expect_screen "quit" "EXITED 0"
finish
