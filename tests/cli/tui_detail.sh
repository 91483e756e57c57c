#!/bin/sh
# The TUI's asset detail: every field, the kind's own fields, funding and
# the history; a transfer through the office picker that the history then
# shows; an edit and a change of status from the detail.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
inv funding add BG05M9OP001-3.006-0001 'Подкрепа за социалните услуги' \
    --programme 'ОП „Развитие на човешките ресурси“ 2014-2020' >/dev/null ||
    fail "funding add"
inv asset add --kind vehicle --tag VEH-TEST1 --make Škoda --model Octavia --serial TMB123 \
    --office RDSA-11 --custodian 'Петър Петров' --cost '35 000,00' --currency BGN \
    --purchase-date 15.03.2021 --funding BG05M9OP001-3.006-0001 \
    --attr 'plate=ЕВ 1234 АК' --attr year=2021 >/dev/null || fail "asset add"

tui_start 110 50
expect_screen "the asset is listed" "VEH-TEST1"
keys Enter
expect_screen "Enter opens the detail" "Asset detail"
expect_contains "its tag" "VEH-TEST1" "$SCREEN"
expect_contains "make" "Škoda" "$SCREEN"
expect_contains "serial" "TMB123" "$SCREEN"
expect_contains "office code and name" "RDSA-11  РДСП Ловеч" "$SCREEN"
expect_contains "custodian" "Петър Петров" "$SCREEN"
expect_contains "cost in euro, the leva beside" "17,895.22 EUR (35,000.00 BGN)" "$SCREEN"
expect_contains "purchase date as ISO" "2021-03-15" "$SCREEN"
expect_contains "the kind's own field: plate" "ЕВ 1234 АК" "$SCREEN"
line=$(screen_line "year")
expect_contains "the kind's own field: year" "2021" "$line"
expect_contains "funding project" "BG05M9OP001-3.006-0001" "$SCREEN"
expect_contains "funding programme" "Развитие на човешките ресурси" "$SCREEN"
expect_contains "the history heads" "From → to" "$SCREEN"
line=$(screen_line " created ")
expect_contains "the history starts with 'created' by tester" "tester" "$line"
expect_contains "created at RDSA-11" "RDSA-11" "$line"

# Transfer: F2, the office picker with a search, custodian, document.
keys F2
expect_screen "F2 opens the assign form" "Assign or transfer asset VEH-TEST1"
keys Enter
expect_screen "Enter on the office opens the picker" "Choose an office"
type_text "хаск"
expect_screen "the picker searches in lower-case Cyrillic" "RDSA-26  РДСП Хасково"
expect_not_contains "and leaves out the rest" "DSP-LOV" "$SCREEN"
keys Enter
expect_screen "the office is chosen" "RDSA-26  РДСП Хасково  [Enter"
type_text "Мария Иванова"
keys Down
type_text "ПП-17/2026"
keys Down
type_text "преместване"
expect_screen "the typed note" "преместване"
keys Enter
expect_screen "a confirmation is asked" "Assign asset VEH-TEST1 to RDSA-26"
keys Enter
expect_screen "the result on the status line" "Assigned asset VEH-TEST1 to RDSA-26"
line=$(screen_line " transferred ")
expect_contains "the history grew: transferred" "RDSA-11" "$line"
expect_contains "from/to: the offices" "RDSA-11 → RDSA-26  assigned" "$line"
expect_contains "the custodian's change under it" "custodian: Петър Петров → Мария Иванова" "$SCREEN"
expect_contains "the document number" "ПП-17/2026" "$line"
expect_contains "the note under it" "note: преместване" "$SCREEN"
expect_contains "the detail shows the new office" "RDSA-26  РДСП Хасково" "$SCREEN"
hist=$(inv history VEH-TEST1)
expect_contains "the CLI sees the transfer" "ПП-17/2026" "$hist"
office=$(inv asset show VEH-TEST1 --format json)
expect_contains "the CLI sees the new office" '"office": "RDSA-26"' "$(printf '%s' "$office" | sed 's/":"/": "/g')"

# Cancelling changes nothing.
keys F2
expect_screen "the form again" "Assign or transfer asset VEH-TEST1"
esc
expect_screen "Esc cancels" "Cancelled."
n=$(inv history VEH-TEST1 --format csv | wc -l)
expect_eq "no event from a cancelled form" 3 "$n"

# Edit from the detail: the model.
keys F8
expect_screen "F8 opens the edit form" "Edit VEH-TEST1"
keys Down
tm send-keys C-u
type_text "Octavia Combi"
keys F2
expect_screen "saving asks first" "Save the changes?"
keys y
expect_screen "the edit is saved" "VEH-TEST1: 1 field changed."
expect_screen "the history shows the change" "model: Octavia → Octavia Combi"

# Status from the detail: in repair (the form's default choice).
keys F5
expect_screen "F5 opens the status form" "Change the status of asset VEH-TEST1"
keys Enter
expect_screen "confirmation" 'Set asset VEH-TEST1 to "in repair"?'
keys y
expect_screen "status changed" 'status is now "in repair"'
line=$(screen_line "Status ")
expect_contains "the detail shows it" "in repair" "$line"

keys q
expect_screen "q in the detail goes back to the list, which shows the change" "in repair"
expect_not_contains "the list, not the detail" "Asset detail" "$SCREEN"
expect_contains "the list shows the new model" "Octavia Combi" "$SCREEN"
keys q
expect_screen "quit" "EXITED 0"
finish
