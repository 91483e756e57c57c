#!/bin/sh
# The TUI's add form: the kind's own fields, an office from the picker,
# Cyrillic typed into fields, and validation that keeps the form open
# (with what was typed) until the input is right.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }

tui_start 100 36
expect_screen "an empty list says how to add" "No assets yet. F7 adds one."
keys F7
expect_screen "F7 asks for the kind" "New asset"
keys Right
expect_screen "Right chooses the next kind" "< Таблет >"
keys Enter
expect_screen "the form for a tablet" "New asset: Таблет"
expect_contains "with the kind's own field" "imei" "$SCREEN"
keys Enter
expect_screen_not "Enter in the first field does not save" "Added asset"
expect_contains "the form stays open" "New asset: Таблет" "$SCREEN"
type_text "Samsung"
keys Down
type_text "Galaxy Tab A8"
keys Down
type_text "R9TT1234"
keys Down
type_text "12345"
keys Down Down Enter
expect_screen "the office field opens the picker" "Choose an office"
type_text "дсп"
expect_screen "picker: ДСП Ловеч" "DSP-LOV  ДСП Ловеч"
keys Enter
expect_screen "office chosen" "DSP-LOV  ДСП Ловеч  [Enter"
type_text "Анна Георгиева"
keys Down
type_text "31.02.2024"
keys Down
type_text "1 234,50"
expect_screen "typed Cyrillic shows in the form" "Анна Георгиева"
expect_contains "a cost's currency is EUR unless chosen" "< EUR >" "$SCREEN"
keys Enter Left
expect_screen "Enter moved to the next field (the currency)" "< BGN >"
keys F2
expect_screen "saving asks first" "Save the new asset?"
keys n
expect_screen_not "n: the question goes" "Save the new asset?"
expect_contains "and the form stays" "New asset: Таблет" "$SCREEN"
expect_eq "n: nothing was written" 1 "$(inv asset list --format csv | wc -l)"
keys F2
expect_screen "F2 asks again" "Save the new asset?"
keys y
expect_screen "a bad date is refused, naming the field" "Purchase date: '31.02.2024' is not a date"
expect_contains "the form stays open with what was typed" "Galaxy Tab A8" "$SCREEN"
n=$(inv asset list --format csv | wc -l)
expect_eq "nothing was written" 1 "$n"
tm send-keys C-u
type_text "01.04.2024"
keys Enter Enter Enter Enter Enter Enter Enter Enter Enter
expect_screen "Enter in the last field saves, asking first" "Save the new asset?"
keys y
expect_screen "a bad IMEI is refused" "imei:"
tm send-keys C-u
type_text "490154203237518"
keys F2
expect_screen "asked" "Save the new asset?"
keys y
expect_screen "saved: the new tag on the status line" "Added asset TAB-000001."
expect_screen "and in the list" "TAB-000001"
line=$(screen_line "TAB-000001")
expect_contains "its row: kind, make and model" "Таблет" "$line"
expect_contains "its row: make and model" "Samsung Galaxy" "$line"
a=$(inv asset show TAB-000001 --format json | tr -d ' \n')
expect_contains "CLI: the IMEI" '"imei":"490154203237518"' "$a"
expect_contains "CLI: the office" '"office":"DSP-LOV"' "$a"
expect_contains "CLI: the custodian" '"custodian":"АннаГеоргиева"' "$a"
expect_contains "CLI: the date as ISO" '"purchase_date":"2024-04-01"' "$a"
case "$a" in
    *'"cost":123450'*|*'"cost_minor":123450'*) pass "CLI: the cost in stotinki" ;;
    *) fail "CLI: the cost in stotinki"; printf '  in: %s\n' "$a" ;;
esac
expect_contains "CLI: in leva" '"currency":"BGN"' "$a"

# Edit: a field emptied, a note for the history; nothing else changes.
keys e
expect_screen "e opens the edit form" "Edit TAB-000001"
keys Down Down
tm send-keys C-u
keys Enter
expect_screen_not "edit: Enter moves on, it does not save" "fields changed"
keys F2
expect_screen "edit: saving asks first" "Save the changes?"
keys y
expect_screen "saved" "TAB-000001: 1 field changed."
a=$(inv asset show TAB-000001 --format json | tr -d ' \n')
expect_contains "CLI: the serial is gone" '"serial":null' "$a"
expect_contains "CLI: the model stayed" '"model":"GalaxyTabA8"' "$a"

# A custodian without an office is refused in the form.
keys F7
expect_screen "F7 again" "New asset"
keys Right Enter
expect_screen "the tablet form" "New asset: Таблет"
keys Down Down Down Down Down Down Down
type_text "Петър Стоянов"
keys F2
expect_screen "asked" "Save the new asset?"
keys y
expect_screen "a custodian without an office is refused" "given without an office"
expect_contains "the form stays open with the name" "Петър Стоянов" "$SCREEN"
expect_eq "nothing was written" 2 "$(inv asset list --format csv | wc -l)"
esc
expect_screen "Esc cancels" "Cancelled."
keys q
expect_screen "quit" "EXITED 0"
finish
