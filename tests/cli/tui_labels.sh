#!/bin/sh
# The TUI's labels screen: the marked assets, a start position on a
# partly used sheet and the sheets that takes, a PDF written through the
# labels module, and "label printed" in each asset's history.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office DSP-LOV >/dev/null
inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office DSP-LOV >/dev/null
inv asset add --kind computer --make HP --model 'ProDesk 400' --office ASP-WH >/dev/null

tui_start 100 30
expect_screen "the list" "[1 of 3]"
keys Down Space Space
expect_screen "two marked" "2 marked"
keys F9
expect_screen "F9 opens the labels screen" "Print labels for"
expect_contains "the marked assets are the selection" "the 2 marked assets" "$SCREEN"
expect_contains "the default template" "L7160" "$SCREEN"
expect_screen "the sheets it takes" "2 labels on 1 sheets (21 labels a sheet)"
keys Down Down Down
tm send-keys C-u
type_text "21"
expect_screen "start at the last position: two sheets" "2 labels on 2 sheets"
tm send-keys C-u
type_text "20"
expect_screen "start at 20: one sheet" "2 labels on 1 sheets"
keys Down Down Down Down
tm send-keys C-u
type_text "$WORK/етикети.pdf"
keys F2
expect_screen "confirmation with the count" "Write 2 labels (1 sheets of L7160)"
keys Enter
expect_screen "the result on the status line" "Wrote 2 labels (1 pages)"
head=$(head -c 5 "$WORK/етикети.pdf" 2>/dev/null)
expect_eq "a PDF was written" "%PDF-" "$head"
if command -v pdftotext >/dev/null 2>&1; then
    txt=$(pdftotext "$WORK/етикети.pdf" - 2>/dev/null)
    expect_contains "the PDF holds the first tag" "TAB-000001" "$txt"
    expect_contains "and the second" "TAB-000002" "$txt"
    expect_contains "with the office" "ДСП Ловеч" "$txt"
    expect_not_contains "not the unmarked one" "PC-000001" "$txt"
fi
hist=$(inv history TAB-000002)
expect_contains "history: label printed" "label_printed" "$hist"
hist=$(inv history PC-000001)
expect_not_contains "no label event for the unmarked" "label_printed" "$hist"

# Template by Left/Right, and a thermal roll: one label a page.
keys Up Up Up Up Up Up
expect_screen "back on the template" "Template"
keys Right Right Right Right
expect_screen "thermal 62x29 chosen" "< 62x29"
expect_screen "start 20 is refused for a one-label page" "start must be 1 to 1"
keys Down Down
tm send-keys C-u
type_text "1"
expect_screen "one label a page" "2 labels on 2 sheets (1 labels a sheet)"

# Printing to a file in a missing directory fails on the status line.
keys Down Down Down Down
tm send-keys C-u
type_text "$WORK/no/such/dir/x.pdf"
keys Enter
expect_screen "confirmation" "Write 2 labels"
keys Enter
expect_screen "the error is shown, not a crash" "x.pdf"
[ -e "$WORK/no/such/dir/x.pdf" ] && fail "no file in a missing directory" || pass "no file in a missing directory"
keys Tab
expect_screen "Tab goes on to the assets" "[3 of 3]"
keys q
expect_screen "quit" "EXITED 0"
finish
