#!/bin/sh
# `inventar log`: every event of the history whatever its subject (offices,
# kinds, funding projects, assets, stock checks with their scans,
# documents), newest last, filtered by --since (the day it was recorded),
# --actor, --type and --subject; JSON with its keys; a mistyped --type
# refused with the nearest one. Office names as they were: after a rename
# `history TAG`, `history --office --at`, `log` and the TUI's asset detail
# show the old name on the events before it and the new one after.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

# Recorded on two days (the test build's clock): the old day first.
export INVENTAR_NOW=2024-03-14T09:00:00Z
setup_world || { fail "setup"; finish; }
inv kind add mfd 'Мултифункционално устройство' --prefix MFD --fields color >/dev/null ||
    fail "kind add"
inv funding add BG05-1 'Проект за таблети' --amount '1 000,00' --currency BGN >/dev/null ||
    fail "funding add"
tab=$(inv asset add --kind tablet --make Samsung --model 'Galaxy Tab' --office ASP-WH \
    --funding BG05-1) || fail "asset add"
inv assign --to DSP-LOV --custodian 'Мария Иванова' --doc ПП-7 "$tab" >/dev/null ||
    fail "assign before the rename"

export INVENTAR_NOW=2024-05-20T10:00:00Z
"$INVENTAR_BIN" --db "$DB" --user clerk office edit DSP-LOV --name 'ДСП Ловеч (нова сграда)' \
    >/dev/null || fail "office edit"
inv assign --to RDSA-11 "$tab" >/dev/null || fail "transfer after the rename"
inv assign --to DSP-LOV "$tab" >/dev/null || fail "transfer back after the rename"
cid=$(inv check start --office DSP-LOV --chair 'Иванов') || fail "check start"
inv check scan "$cid" "$tab" >/dev/null || fail "check scan"
inv check close "$cid" >/dev/null || fail "check close"

# Everything, oldest first.
expect_exit "log lists the history" 0 inv log --format csv
all=$OUT_TXT
expect_eq "the CSV's header" \
    "id,at,date,actor,type,subject_type,subject,from_office,to_office,from_status,to_status,custodian,doc,note,changes,check_id,reverts,hash" \
    "$(printf '%s\n' "$all" | head -n 1)"
expect_eq "every event is listed" "$(sqlite3 "$DB" 'SELECT count(*) FROM event')" \
    "$(printf '%s\n' "$all" | tail -n +2 | grep -c '^[0-9]')"
ids=$(inv log --format json | jq -r '.[].id' | tr '\n' ' ')
expect_eq "newest last (by number)" "$(sqlite3 "$DB" 'SELECT id FROM event ORDER BY id' | tr '\n' ' ')" "$ids"
subjects=$(inv log --format json | jq -r '[.[].subject_type] | unique | join(" ")')
expect_eq "events of every subject made here" "asset check document funding kind office" "$subjects"
for t in office_created office_edited kind_created funding_created created assigned transferred \
         check_started check_scanned check_closed document_recorded; do
    n=$(inv log --format json | jq "[.[] | select(.type == \"$t\")] | length")
    [ "$n" -ge 1 ] && pass "a $t event is listed" || fail "a $t event is listed ($n)"
done
expect_eq "subjects by their keys: office, kind, funding, asset, check, document" \
    "DSP-LOV mfd BG05-1 $tab $cid ПП-7" \
    "$(inv log --format json | jq -r '[(.[] | select(.type == "office_edited") | .subject),
        (.[] | select(.type == "kind_created") | .subject),
        (.[] | select(.type == "funding_created") | .subject),
        (.[] | select(.type == "created") | .subject),
        (.[] | select(.type == "check_started") | .subject),
        ([.[] | select(.type == "document_recorded")][0] | .subject)] | join(" ")')"
expect_eq "JSON keys" \
    "actor at changes check_id custodian date doc from_office from_status hash id note reverts subject subject_type to_office to_status type" \
    "$(inv log --format json | jq -r '.[0] | keys | join(" ")')"
expect_eq "times are UTC ISO in JSON, offices by code" \
    "2024-03-14T09:00:00Z ASP-WH DSP-LOV" \
    "$(inv log --format json --type assigned | jq -r '.[0] | "\(.at) \(.from_office) \(.to_office)"')"

# Filters.
expect_eq "--actor: only that login's acts" "office_edited" \
    "$(inv log --actor clerk --format json | jq -r '[.[].type] | join(" ")')"
expect_eq "--type" "$tab $tab" \
    "$(inv log --type transferred --format json | jq -r '[.[].subject] | join(" ")')"
expect_eq "--subject office" "office_created office_created office_created office_created office_created office_edited" \
    "$(inv log --subject office --format json | jq -r '[.[].type] | join(" ")')"
expect_eq "--since (recorded on or after that day): the later day's events only" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE at >= '2024-05-20'")" \
    "$(inv log --since 20.05.2024 --format json | jq length)"
expect_eq "--since in ISO, with --actor and --type together" "1" \
    "$(inv log --since 2024-05-20 --actor clerk --type office_edited --format json | jq length)"
expect_eq "--since after everything: an empty list" "0" \
    "$(inv log --since 2024-06-01 --format json | jq length)"

# Bad input: refused, naming it, nothing changed.
before=$(db_digest)
expect_exit "a mistyped --type is a usage error" 2 inv log --type asigned
expect_contains "it suggests the nearest type" "did you mean 'assigned'?" "$ERR_TXT"
expect_exit "an unknown --type far from any" 2 inv log --type zzzzzzzz
expect_contains "it lists the types" "office_edited" "$ERR_TXT"
expect_exit "an unknown --subject" 2 inv log --subject ofice
expect_contains "it suggests the nearest subject" "did you mean 'office'?" "$ERR_TXT"
expect_exit "a bad --since" 2 inv log --since 32.01.2024
expect_contains "it names the date" "'32.01.2024' is not a date" "$ERR_TXT"
expect_exit "a stray argument" 2 inv log extra
expect_eq "nothing changed" "$before" "$(db_digest)"

# The rename: the office edit with its actor and old -> new name in the
# table for people; the assignment before it keeps the old name.
expect_exit "log as a table" 0 inv log --format table
line=$(printf '%s\n' "$OUT_TXT" | grep 'office edited')
expect_contains "the rename by its actor" "clerk" "$line"
expect_contains "old -> new name" "name: ДСП Ловеч → ДСП Ловеч (нова сграда)" "$line"
line=$(printf '%s\n' "$OUT_TXT" | grep ' assigned ' | head -n 1)
expect_contains "the assignment before the rename: the old name" \
    "office: Централен склад → ДСП Ловеч;" "$line"
line=$(printf '%s\n' "$OUT_TXT" | grep ' transferred ' | tail -n 1)
expect_contains "the transfer after it: the new name" \
    "office: РДСП Ловеч → ДСП Ловеч (нова сграда)" "$line"
expect_contains "local time for people" "2024-03-14 09:00" "$OUT_TXT"

expect_exit "history TAG as a table" 0 inv history "$tab" --format table
line=$(printf '%s\n' "$OUT_TXT" | grep 'ПП-7')
expect_contains "history: the old name on the old event" "ДСП Ловеч " "$line"
expect_not_contains "history: not the new one" "нова сграда" "$line"
line=$(printf '%s\n' "$OUT_TXT" | grep ' transferred ' | tail -n 1)
expect_contains "history: the new name on a later event" "ДСП Ловеч (нова сграда)" "$line"
expect_exit "history --office --at a date before the rename" 0 \
    inv history --office DSP-LOV --at 2024-04-01 --format table
expect_contains "what the office held then, under its name then" "ДСП Ловеч" "$OUT_TXT"
expect_not_contains "not the later name" "нова сграда" "$OUT_TXT"
expect_exit "history --office now" 0 inv history --office DSP-LOV --format table
expect_contains "now under the new name" "ДСП Ловеч (нова сграда)" "$OUT_TXT"

# A file for people.
expect_exit "log -o FILE.csv" 0 inv log -o log.csv
expect_contains "the file holds the rename" "ДСП Ловеч (нова сграда)" "$(cat log.csv)"
expect_exit "-o and --format together" 2 inv log -o log.csv --format json

# Reads only: a read-only copy can be listed.
cp "$DB" ro.db && chmod 0444 ro.db
expect_exit "log of a read-only copy" 0 "$INVENTAR_BIN" --db ro.db log --format json
expect_eq "the copy's bytes unchanged" "$(sha256sum <"$DB")" "$(sha256sum <ro.db)"

# In Bulgarian: the type in words, the rename in words.
out=$(LC_ALL=bg_BG.UTF-8 inv log --type office_edited --format table)
expect_contains "Bulgarian: the event's type in words" "редактирано звено" "$out"
expect_contains "Bulgarian: the field in words" "наименование: ДСП Ловеч → ДСП Ловеч (нова сграда)" "$out"

# A long history as a table: the columns are sized from the first rows,
# and a later, longer event number is still shown whole.
unset INVENTAR_NOW
"$INVENTAR_BIN" --db demo.db --user tester demo >/dev/null 2>&1 || fail "demo"
last=$(sqlite3 demo.db 'SELECT max(id) FROM event')
[ "$last" -gt 999 ] && pass "the demo has over 999 events" || fail "the demo has over 999 events ($last)"
expect_eq "the last row of a long table starts with the whole event number" "$last" \
    "$("$INVENTAR_BIN" --db demo.db log --format table | tail -n 1 | cut -d' ' -f1)"

# The TUI's asset detail: the names the offices had at each event.
if command -v tmux >/dev/null 2>&1; then
    tui_start 120 50
    expect_screen "the asset is listed" "$tab"
    keys Enter
    expect_screen "the detail opens" "Asset detail"
    expect_contains "the detail: the old name on the assignment" \
        "office: Централен склад → ДСП Ловеч" "$SCREEN"
    expect_contains "the detail: the new name on the later transfer" \
        "office: РДСП Ловеч → ДСП Ловеч (нова сграда)" "$SCREEN"
    keys q
else
    fail "tmux is missing"
fi
finish
