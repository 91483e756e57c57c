#!/bin/sh
# The stock-check screen's apply takes the date of the acts, as
# `check close --apply --date` does: offered as today in the question,
# changed with F2; a date in the future is refused by the form, one
# before an asset's previous act by the core (the check stays open);
# the applied acts carry the date given.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
for i in 1 2 3; do
    inv asset add --kind computer --tag "PC-$i" --office DSP-LOV --date 2024-01-10 \
        >/dev/null || fail "add PC-$i"
done
inv asset add --kind tablet --tag TAB-9 --office RDSA-26 --date 2024-02-20 >/dev/null ||
    fail "add TAB-9"
inv check start --office DSP-LOV >/dev/null || fail "check start"

tui_start 100 30 INVENTAR_NOW=2024-04-05T10:00:00Z
expect_screen "the TUI is up" "[1 of 4]"
keys c
expect_screen "c asks for an office" "Choose an office"
type_text "DSP-LOV"
expect_screen "picker" "DSP-LOV  ДСП Ловеч"
keys Enter
expect_screen "the open check is resumed" "Resumed stock check 1 of DSP-LOV"
keys PC-1 Enter PC-2 Enter TAB-9 Enter
expect_screen "three scans" "Found 2 of 3   Missing 1   Unexpected 1"

keys F4
expect_screen "F4 asks first" "Close stock check 1 and apply its results?"
expect_contains "the question names the date: today by default" \
    "The acts are dated 2024-04-05." "$SCREEN"
expect_contains "and offers to change it" "[F2] Date" "$SCREEN"
keys F2
expect_screen "F2 asks for the date" "Stock check 1: date of the acts"
expect_contains "today in the field" "05.04.2024" "$SCREEN"
tm send-keys C-u
type_text "01.05.2024"
keys Enter
expect_screen "a date in the future is refused by the form" "Date: 01.05.2024 is in the future."
tm send-keys C-u
type_text "15.02.2024"
keys Enter
expect_screen "back to the question, with the date given" "The acts are dated 2024-02-15."
keys y
expect_screen "a date before an asset's previous act is refused" "2024-02-20"
json=$(inv check status 1 --format json | tr -d ' \n')
expect_contains "CLI: the check is still open" '"closed_at":null' "$json"
expect_eq "CLI: no act was recorded" 0 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE type IN ('seen','marked_missing','transferred')")"

keys F4
expect_screen "F4 again" "Close stock check 1 and apply its results?"
expect_contains "today again by default" "The acts are dated 2024-04-05." "$SCREEN"
keys F2
expect_screen "F2 again" "Stock check 1: date of the acts"
tm send-keys C-u
type_text "2024-03-14"
keys Enter
expect_screen "the ISO form is taken too" "The acts are dated 2024-03-14."
keys y
expect_screen "y closes and applies" "Stock check 1 closed and applied"
expect_eq "the applied acts carry the date given" "2024-03-14" \
    "$(sqlite3 "$DB" "SELECT group_concat(DISTINCT act_date) FROM event WHERE check_id = 1")"
expect_eq "the missing one's act too" "2024-03-14" \
    "$(sqlite3 "$DB" "SELECT act_date FROM event WHERE check_id = 1 AND type = 'marked_missing'")"
a=$(inv asset show PC-3 --format json | tr -d ' \n')
expect_contains "CLI: the missing asset became missing" '"status":"missing"' "$a"
out=$(inv history --office DSP-LOV --at 2024-03-13 --format csv)
expect_not_contains "CLI: on 13.03.2024 the tablet was not yet at DSP-LOV" "TAB-9" "$out"
out=$(inv history --office DSP-LOV --at 2024-03-14 --format csv)
expect_contains "CLI: on 14.03.2024 it was" "TAB-9" "$out"
expect_exit "verify passes" 0 inv verify
keys F10
expect_screen "F10 quits" "EXITED 0"
finish
