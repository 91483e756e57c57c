#!/bin/sh
# The TUI's labels screen: the marked assets, a start position on a
# partly used sheet and the sheets that takes, a PDF written through the
# labels module, and "label printed" in each asset's history. Printing
# goes through lp as `labels --print` does: a missing queue is an error
# on the status line (the PDF asked for is still written, no events); a
# real queue (a private cupsd, cups_helpers.inc) gets the page's own
# size, unrotated. Drawing many labels shows its progress on the status
# line.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"
. "$ROOT/tests/cli/cups_helpers.inc"
trap 'tui_cleanup; cups_stop' EXIT INT TERM

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
expect_screen "the sheets it takes" "2 labels on 1 sheet (21 labels a sheet)"
keys Down Down Down
tm send-keys C-u
type_text "21"
expect_screen "start at the last position: two sheets" "2 labels on 2 sheets"
tm send-keys C-u
type_text "20"
expect_screen "start at 20: one sheet" "2 labels on 1 sheet"
keys Down Down Down Down
tm send-keys C-u
type_text "$WORK/етикети.pdf"
keys F2
expect_screen "confirmation with the count" "Write 2 labels (1 sheet of L7160)"
keys Enter
expect_screen "the result on the status line" "Wrote 2 labels (1 page)"
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
expect_screen "one label a page" "2 labels on 2 sheets (1 label a sheet)"

# Printing to a file in a missing directory fails on the status line.
keys Down Down Down Down
tm send-keys C-u
type_text "$WORK/no/such/dir/x.pdf"
keys Enter
expect_screen "confirmation" "Write 2 labels"
keys Enter
expect_screen "the error is shown, not a crash" "x.pdf"
[ -e "$WORK/no/such/dir/x.pdf" ] && fail "no file in a missing directory" || pass "no file in a missing directory"

# The printer and a PDF file, on a queue that does not exist: the error
# names the queue on the status line, the PDF is written, nothing is
# recorded. The drawing's progress goes to the status line (captured
# from the terminal's output: the first report of a phase is always
# drawn, here "1 of 2" after the first page of two).
keys Up
keys Right Right
expect_screen "printer and file chosen" "the printer, and the PDF file"
keys Down
tm send-keys C-u
type_text "roll.pdf"
keys Down
tm send-keys C-u
type_text "nosuch-$$"
if [ ! -x /usr/bin/lp ] && [ ! -x /bin/lp ]; then
    keys F2
    expect_screen "without lp: a clear message, nothing asked" \
        "Cannot print: the CUPS command 'lp' is not installed"
    echo "SKIP: printing from the TUI: lp is not installed"
else
    before=$(db_digest)
    keys F2
    expect_screen "the confirmation names the queue and the file" \
        "on nosuch-$$ and write them to roll.pdf?"
    tm pipe-pane -o "cat >>'$WORK/tty.raw'"
    keys Enter
    expect_screen "a missing queue: the error names it and says why" \
        "printing on 'nosuch-$$' failed: The printer or class does not exist."
    expect_contains "... and says where the labels are" "(the labels are in roll.pdf)" "$SCREEN"
    tm pipe-pane
    [ -s "$WORK/roll.pdf" ] && pass "the PDF is written although printing failed" ||
        fail "the PDF is written although printing failed"
    expect_eq "a failed printing records no events" "$before" "$(db_digest)"
    expect_contains "drawing the labels showed its progress on the status line" \
        "Drawing labels: 1 of 2 (50%)" "$(cat "$WORK/tty.raw" 2>/dev/null)"

    # A real queue: the job has the thermal label's size, unrotated, and
    # each asset's history gets its "label printed".
    if cups_start; then
        keys F2
        expect_screen "with a server: confirmation" "on nosuch-$$ and write"
        keys Enter
        expect_screen "... a missing queue fails through cupsd too" "printing on 'nosuch-$$' failed"
        rm -f "$WORK/roll.pdf"
        tm send-keys C-u
        type_text "$CUPS_Q"
        keys F2
        expect_screen "the confirmation names the real queue" "on $CUPS_Q and write them to roll.pdf?"
        keys Enter
        expect_screen "the result on the status line" \
            "Sent 2 labels (2 pages) to the printer and wrote them to roll.pdf."
        if cups_wait_out 1; then
            f=$(ls -t "$CUPS_OUT"/*.pdf | head -1)
            info=$(pdfinfo "$f" 2>/dev/null)
            # 62 x 29 mm is 175.7 x 82.2 pt; CUPS names the custom size in whole points.
            expect_contains "the job keeps the label's size" "Page size:       175 x 82 pts" "$info"
            expect_contains "... unrotated" "Page rot:        0" "$info"
            expect_contains "... one label a page" "Pages:           2" "$info"
        else
            fail "the job came out of the queue"
        fi
        [ -s "$WORK/roll.pdf" ] && pass "the PDF file is written too" ||
            fail "the PDF file is written too"
        n=$(inv history TAB-000001 | grep -c label_printed)
        expect_eq "the printed labels are recorded" 2 "$n"
    else
        echo "SKIP: printing through a CUPS queue: $CUPS_SKIP"
    fi
fi

keys Tab
expect_screen "Tab goes on to the assets" "[3 of 3]"
keys q
expect_screen "quit" "EXITED 0"
finish
