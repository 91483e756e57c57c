#!/bin/sh
# The TUI's stock-check scan screen: start a check from the Offices
# screen, scan codes as a keyboard-wedge scanner sends them (a code and
# Enter, many in one burst) and as typed by hand (Cyrillic too), the
# coloured result lines and live counts (the same as the CLI's), resume
# after kill -9, the missing list, closing with apply (the CLI sees its
# results), a closed check refusing scans, the report, and the help.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
for i in 1 2 3 4 5 6; do
    inv asset add --kind computer --tag "PC-$i" --office DSP-LOV --make Dell \
        --model "OptiPlex 70$i" --custodian 'Петя Колева' >/dev/null || fail "add PC-$i"
done
# A make with an escape sequence: shown harmlessly in the missing list.
inv asset add --kind computer --tag PC-EVIL --office DSP-LOV \
    --make "$(printf 'Ev\033[2Jil')" --model X >/dev/null || fail "add PC-EVIL"
inv asset add --kind computer --tag PC-WO --office DSP-LOV >/dev/null
inv status written-off PC-WO >/dev/null
inv asset add --kind tablet --tag TAB-9 --office RDSA-26 --make Samsung --model 'Tab A8' \
    >/dev/null || fail "add TAB-9"

# The counts line the screen shows, built from `check status --format json`.
cli_counts() {
    _j=$(inv check status "$1" --format json | tr -d ' \n')
    _v() { printf '%s' "$_j" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
    printf 'Found %s of %s   Missing %s   Unexpected %s   Unknown %s   Duplicate %s' \
        "$(_v found)" "$(_v expected)" "$(_v missing)" "$(_v unexpected)" "$(_v unknown)" \
        "$(_v duplicate)"
}

tui_start 100 30 "INVENTAR_TUI_TIMINGS=$WORK/timings"
expect_screen "the TUI is up" "[1 of 9]"
keys Tab
expect_screen "the offices" "in stock"
expect_contains "the Offices screen offers the check on F2" "2Check" "$SCREEN"
keys Down Down Down
keys F2
expect_screen "F2 on an office asks for a new check" "New stock check: DSP-LOV ДСП Ловеч"
keys Enter
expect_screen "the check starts: the snapshot's size" \
    "Stock check 1 of DSP-LOV started: 7 assets expected."
expect_contains "the counters" "Found 0 of 7   Missing 7   Unexpected 0   Unknown 0" "$SCREEN"
expect_contains "the input line" "Scan or type a code:" "$SCREEN"
expect_contains "the F-key bar of the scan screen: Close" "3Close " "$SCREEN"
expect_contains "the F-key bar of the scan screen: Apply" " 4Apply " "$SCREEN"
json=$(inv check status 1 --format json | tr -d ' \n')
expect_contains "CLI: the check is open, 7 expected (written-off excluded)" '"expected":7' "$json"

# A scanner: codes and Enter in one burst.
keys PC-1 Enter PC-2 Enter PC-3 Enter
expect_screen "a burst of three codes: three found" "Found 3 of 7   Missing 4"
line=$(screen_line "PC-2  ")
expect_contains "each code its own line, found" "found" "$line"
expect_contains "with kind and model" "Компютърна конфигурация, Dell OptiPlex 702" "$line"
# Another burst: a duplicate, an asset of another office, an unknown
# code, a written-off one, and scanner noise (spaces around, lower case).
keys PC-1 Enter TAB-9 Enter XYZ-404 Enter PC-WO Enter '  pc-4 ' Enter
expect_screen "the second burst" "Found 4 of 7   Missing 3   Unexpected 2   Unknown 1   Duplicate 1"
line=$(screen_line "duplicate")
expect_contains "the duplicate line: the result as a word, the tag" "PC-1" "$line"
expect_contains "the duplicate line says what the first scan was" "scanned before (found)" "$line"
line=$(screen_line "TAB-9")
expect_contains "unexpected: the word" "unexpected" "$line"
expect_contains "unexpected: where it is recorded" "recorded at RDSA-26 РДСП Хасково" "$line"
line=$(screen_line "PC-WO")
expect_contains "a written-off asset is unexpected" "unexpected" "$line"
expect_contains "and says it is written off" "written off" "$line"
line=$(screen_line "XYZ-404")
expect_contains "unknown: the word and the code" "unknown" "$line"
line=$(screen_line "PC-4")
expect_contains "noise cleaned: found" "found" "$line"
first=$(printf '%s\n' "$SCREEN" | sed -n 6p)
expect_contains "the newest line is at the top" "PC-4" "$first"
# Colours: unexpected in magenta, found in green (SGR 35 / 32).
col=$(tm capture-pane -p -e | grep -F 'TAB-9' | head -n 1)
expect_contains "the unexpected line is magenta" "[35m" "$col"
col=$(tm capture-pane -p -e | grep -F 'PC-2  ' | head -n 1)
expect_contains "the found line is green" "[32m" "$col"

# Typed by hand: Cyrillic in the input line, letters that are keys
# elsewhere (q, j) are text here.
type_text "ИНВ-7q"
expect_screen "typed text shows on the input line" "Scan or type a code: ИНВ-7q"
keys Enter
expect_screen "the count" "Unknown 2"
line=$(screen_line "ИНВ-7q —")
expect_contains "a Cyrillic code is kept whole, unknown" "unknown" "$line"
type_text "jk"
expect_screen "more typing" "Scan or type a code: jk"
esc
expect_screen "Esc clears the input line, the screen stays" "Found 4 of 7"
expect_not_contains "the line is empty" "code: jk" "$SCREEN"

# A long burst: 30 codes in one send-keys call; none lost, none merged.
burst=""
for i in $(seq -w 1 30); do burst="$burst BURST-$i Enter"; done
redraws0=$(grep -c '^key_ms' "$WORK/timings")
# shellcheck disable=SC2086
keys $burst
expect_screen "30 codes at once: 30 more unknown" "Unknown 32"
redraws=$(( $(grep -c '^key_ms' "$WORK/timings") - redraws0 ))
echo "  (30 codes, 330 keys: $redraws redraws)"
[ "$redraws" -lt 30 ] && pass "a burst is read whole before the screen is redrawn" ||
    fail "a burst is read whole before the screen is redrawn ($redraws redraws for 30 codes)"
expect_contains "the last of them is at the top" "BURST-30" "$(printf '%s\n' "$SCREEN" | sed -n 6p)"
inv check report 1 -o "$WORK/r.csv" || fail "CLI report CSV"
got=$(grep -o 'BURST-[0-9]*' "$WORK/r.csv" | sort | tr '\n' ' ')
want=$(for i in $(seq -w 1 30); do printf 'BURST-%s ' "$i"; done)
expect_eq "CLI: each burst code recorded once, as sent" "$want" "$got"

# The screen's counts are the CLI's.
want=$(cli_counts 1)
expect_screen "the counters equal 'check status'" "$want"

# The log scrolls: End shows the oldest scans.
keys End
expect_screen "End: the oldest scan" "OptiPlex 701"
expect_contains "the header says it is scrolled" ", scrolled" "$SCREEN"
keys Home
expect_screen "Home: the newest again" "BURST-30"

# The help lists the scan screen's keys.
keys F1
expect_screen "F1 opens the help" "Keys (Esc or F1 closes this help)"
keys End
expect_screen "help: the missing list key" "show or hide what is still missing"
expect_contains "help: close" "close the stock check, results not applied" "$SCREEN"
expect_contains "help: apply" "close the stock check and apply its results" "$SCREEN"
expect_contains "help: F2 on an office" "stock check of this office" "$SCREEN"
expect_contains "help: where" "Stock check" "$SCREEN"
esc
expect_screen "Esc goes back to the scan screen" "Found 4 of 7"

# kill -9: every scan was committed as it came.
pid=$(tui_pid)
[ -n "$pid" ] && kill -9 "$pid"
# Nothing restores the terminal after kill -9: the shell's "EXITED 137"
# lands wherever the cursor was and may wrap, so the capture joins
# wrapped lines (-J). Bounded polling, as wait_for does.
_deadline=$(( $(date +%s) + TUI_TIMEOUT ))
until tm capture-pane -p -J | grep -q 'EXITED 137'; do
    [ "$(date +%s)" -ge "$_deadline" ] && break
    sleep 0.1
done
tm capture-pane -p -J | grep -q 'EXITED 137' && pass "killed" || fail "killed (no EXITED 137)"
expect_eq "CLI: the counts survive the kill" "$want" "$(cli_counts 1)"

# Resume from the assets screen: c asks for the office.
tui_start 100 30
expect_screen "the TUI again" "[1 of 9]"
keys c
expect_screen "c asks for an office" "Choose an office"
type_text "DSP-LOV"
expect_screen "picker" "DSP-LOV  ДСП Ловеч"
keys Enter
expect_screen "the open check is resumed" "Resumed stock check 1 of DSP-LOV"
expect_contains "with its counts" "$want" "$SCREEN"
expect_contains "and its scans" "BURST-30" "$SCREEN"
keys End
expect_screen "older scans too" "recorded at RDSA-26 РДСП Хасково"
keys Home
keys PC-5 Enter
expect_screen "a scan after resuming" "Found 5 of 7   Missing 2"

# What is still missing.
keys F2
expect_screen "F2 shows the missing list" "Still missing: 2 of 7 expected"
expect_contains "PC-6 is missing" "PC-6" "$SCREEN"
line=$(screen_line "PC-EVIL")
expect_contains "a hostile make is shown harmlessly" "Ev?[2Jil" "$line"
expect_contains "where it is recorded" "DSP-LOV ДСП Ловеч" "$line"
expect_not_contains "found ones are not listed" "PC-5 " "$SCREEN"
keys PC-6 Enter
expect_screen "a scan updates the list" "Still missing: 1 of 7 expected"
expect_not_contains "PC-6 is found now" "PC-6 " "$SCREEN"
keys F2
expect_screen "F2 again: the scans" "Scans, newest first"

# Resize: the screen is laid out again.
tm resize-window -x 60 -y 20
expect_screen "60x20: the counters" "Found 6 of 7"
expect_contains "60x20: the input line" "Scan or type a code:" "$SCREEN"
tm resize-window -x 100 -y 30
expect_screen "100x30 again" "Duplicate 1"

# Close with apply: Enter does not answer (a scanner sends it); a scan
# while asking is recorded; n and Esc cancel; y closes.
keys F4
expect_screen "F4 asks first" "Close stock check 1 and apply its results?"
expect_contains "and says what it will do" "Missing (1): get status missing." "$SCREEN"
expect_contains "to the unexpected ones" "Unexpected (2): move to DSP-LOV" "$SCREEN"
expect_contains "and to the found ones" "Found (6): stamped as seen." "$SCREEN"
keys Enter
expect_screen "Enter does not answer the question" "Close stock check 1 and apply"
keys LATE-1 Enter
expect_screen "a scan while asking is recorded" "1 more scan(s) recorded while asking."
keys n
expect_screen "n: not closed" "Cancelled."
json=$(inv check status 1 --format json | tr -d ' \n')
expect_contains "CLI: still open" '"closed_at":null' "$json"
expect_contains "CLI: the scan made while asking" '"unknown":33' "$json"
keys F3
expect_screen "F3 asks to close without applying" \
    "Close stock check 1 without applying its results?"
esc
expect_screen "Esc: not closed" "Cancelled."
keys F4
expect_screen "F4 again" "Close stock check 1 and apply its results?"
tm pipe-pane -o "cat >>'$WORK/apply.raw'"
keys y
expect_screen "y closes and applies" "Stock check 1 closed and applied: found 6 of 7, missing 1"
tm pipe-pane
# The first report of the work is always drawn (captured from the
# terminal's output; the status line shows the result afterwards).
expect_contains "applying showed its progress on the status line" \
    "Applying the stock check: 0 of 4 (0%)" "$(cat "$WORK/apply.raw" 2>/dev/null)"
expect_contains "the title says closed, applied" "results applied" "$SCREEN"
a=$(inv asset show PC-EVIL --format json | tr -d ' \n')
expect_contains "CLI: the missing asset became missing" '"status":"missing"' "$a"
a=$(inv asset show PC-6 --format json | tr -d ' \n')
expect_contains "CLI: a found one stays assigned" '"status":"assigned"' "$a"
a=$(inv asset show PC-WO --format json | tr -d ' \n')
expect_contains "CLI: the written-off one stays written off" '"status":"written_off"' "$a"
json=$(inv check status 1 --format json | tr -d ' \n')
expect_contains "CLI: closed" '"applied":1' "$json"
tag=$(inv asset show TAB-9 --format json | tr -d ' \n')
expect_contains "CLI: the unexpected tablet moved to the checked office" '"office":"DSP-LOV"' "$tag"
keys PC-1 Enter
expect_screen "a closed check refuses scans" "Stock check 1 is closed: it takes no more scans."
n=$(inv check status 1 --format json | tr -d ' \n')
expect_eq "CLI: nothing recorded after closing" "$json" "$n"
keys F3
expect_screen "closing twice is refused" "Stock check 1 is already closed."

# The report, written from the screen.
keys F5
expect_screen "F5 asks for the file" "Report of stock check 1"
tm send-keys C-u
type_text "$WORK/report.pdf"
keys Enter
expect_screen "the report is written" "The report of stock check 1 is in"
if [ -s "$WORK/report.pdf" ] && command -v pdftotext >/dev/null 2>&1; then
    txt=$(pdftotext "$WORK/report.pdf" - 2>/dev/null)
    expect_contains "the report is the inventory list" "INVENTORY LIST" "$txt"
    expect_contains "... numbered, the check being closed" "No. ИО-$(date +%Y)-0001" "$txt"
    expect_contains "... with the record of shortages and surpluses" \
        "RECORD OF SHORTAGES AND SURPLUSES" "$txt"
    expect_contains "the report lists an unknown code" "ИНВ-7q" "$txt"
else
    fail "the report file was written"
fi
esc
expect_screen "Esc: back to the screen it came from (assets)" "[1 of 9]"
keys F10
expect_screen "F10 quits" "EXITED 0"

# A second check of the same office, closed without apply: nothing of
# the assets changes; missing ones stay as they were.
before=$(inv asset list --format csv | sha256sum)
tui_start 100 30 NO_COLOR=1
expect_screen "again, without colours" "[1 of 9]"
keys Tab
expect_screen "offices" "in stock"
keys Down Down Down c
expect_screen "c on an office: a new check (the last one is closed)" "New stock check: DSP-LOV"
keys Enter
expect_screen "started" "Stock check 2 of DSP-LOV started: 8 assets expected."
keys TAB-9 Enter PC-1 Enter NOPE Enter
expect_screen "scans" "Found 2 of 8"
col=$(tm capture-pane -p -e | grep -F 'NOPE' | head -n 1)
expect_contains "NO_COLOR: the result word is still there" "unknown" "$col"
expect_not_contains "NO_COLOR: no red" "[31m" "$col"
keys F3
expect_screen "F3 asks" "Close stock check 2 without applying its results?"
keys y
expect_screen "closed" "Stock check 2 closed (results not applied)"
json=$(inv check status 2 --format json | tr -d ' \n')
expect_contains "CLI: closed, not applied" '"applied":0' "$json"
expect_eq "CLI: no asset changed" "$before" "$(inv asset list --format csv | sha256sum)"
keys F10
expect_screen "quit" "EXITED 0"
finish
