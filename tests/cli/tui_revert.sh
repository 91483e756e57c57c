#!/bin/sh
# The TUI's history: event numbers and the acts' dates; an act entered with
# the date of its document; a correction (revert) from the asset's detail.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
# The offices' own events come first: the asset's acts follow them.
base=$(sqlite3 "$DB" "SELECT count(*) FROM event")
e2=$((base + 2)) e3=$((base + 3)) e4=$((base + 4))
inv asset add --kind tablet --tag TAB-R1 --office ASP-WH --date 2024-01-10 >/dev/null ||
    fail "asset add"
inv assign --to DSP-LOV --date 14.03.2024 TAB-R1 >/dev/null || fail "assign"

tui_start 100 40
expect_screen "the asset is listed" "TAB-R1"
keys Enter
expect_screen "the detail" "Asset detail"
expect_contains "the history numbers its events" "No." "$SCREEN"
line=$(screen_line " assigned ")
expect_contains "an event shows its number" " $e2 " "$line"
expect_contains "... and the act's date (ISO in English)" "2024-03-14" "$line"
line=$(screen_line " created ")
expect_contains "the first event its date taken on the books" "2024-01-10" "$line"

# An act dated by its document: a transfer signed on 20.03.2024.
keys F2
expect_screen "the assign form" "Assign or transfer asset TAB-R1"
expect_contains "it has the act's date, today by default" "Date of the act" "$SCREEN"
keys Enter
expect_screen "the office picker" "Choose an office"
type_text "RDSA-26"
expect_screen "found" "RDSA-26  РДСП Хасково"
keys Enter
expect_screen "the office is chosen" "RDSA-26  РДСП Хасково  [Enter"
keys Down Down Down
tm send-keys C-u
type_text "01.01.2099"
keys Enter
expect_screen "a future date is refused in the form" "is in the future"
tm send-keys C-u
type_text "20.03.2024"
keys Enter
expect_screen "a confirmation is asked" "Assign asset TAB-R1 to RDSA-26"
keys Enter
expect_screen "assigned" "Assigned asset TAB-R1 to RDSA-26"
line=$(screen_line " transferred ")
expect_contains "the transfer carries its document's date" "2024-03-20" "$line"
expect_contains "... and its number" " $e3 " "$line"

# The correction: R, the newest act's number offered, a reason.
keys R
expect_screen "R opens the revert form" "Revert an act"
line=$(screen_line "Event No.")
expect_contains "the newest act is offered" "$e3" "$line"
keys Enter
expect_screen "a reason is required" "Give the reason"
type_text "грешен офис"
keys Enter
expect_screen "a confirmation names the event" "Revert event $e3 (TAB-R1, transferred)?"
keys y
expect_screen "reverted" "Event $e3 reverted by event $e4."
line=$(screen_line " reverted ")
expect_contains "the history shows the revert" "RDSA-26 → DSP-LOV" "$line"
expect_contains "... which names the event" "reverts event $e3" "$SCREEN"
expect_contains "... and the reason" "note: грешен офис" "$SCREEN"
expect_contains "the asset is back" "DSP-LOV  ДСП Ловеч" "$SCREEN"

# A refused revert: the transfer is reverted already.
keys R
expect_screen "the form again" "Revert an act"
keys Up
tm send-keys C-u
type_text "$e3"
keys Down
type_text "опит"
keys Enter
expect_screen "confirmation" "Revert event $e3"
keys y
expect_screen "refused, naming the revert" "event $e3 was already reverted by event $e4"
keys q
keys q
expect_screen "quit" "EXITED 0"

expect_exit "verify passes after the TUI's revert" 0 inv verify
out=$(inv history TAB-R1 --format csv)
expect_contains "the CLI sees the revert with its reason" ",reverted,RDSA-26,DSP-LOV,assigned,,,грешен офис,,$e3," "$out"
finish
