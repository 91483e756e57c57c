#!/bin/sh
# history_facts.sh: the history stores facts, not English sentences (the
# label template and copies, the stock check's id), and every reader
# renders them in its own language; dates in local time and amounts in
# euro first, in the messages' format (English now; Bulgarian when the
# catalogue is built).
. "$TESTLIB"

setup_world
inv asset add --kind computer --tag PC-1 --office DSP-LOV --make Dell >/dev/null
inv asset add --kind computer --tag PC-2 --office DSP-LOV --make HP >/dev/null
inv asset add --kind computer --tag PC-3 --office DSP-LOV --cost '35 000,00' --currency BGN \
    --purchase-date 2021-03-15 >/dev/null

# ---- labels: the template and the copies are facts ----
expect_exit "labels with copies" 0 inv labels PC-1 --template L7160 --copies 2 -o "$WORK/l.pdf"
expect_exit "labels, one copy" 0 inv labels PC-2 --template 62x29 -o "$WORK/m.pdf"
expect_eq "the label event keeps the template and copies as facts" \
    '{"@copies":2,"@template":"L7160"}' \
    "$(sqlite3 "$DB" "SELECT changes FROM event WHERE type='label_printed' AND asset_id=(SELECT id FROM asset WHERE tag='PC-1')")"
expect_eq "... and one copy only the template" '{"@template":"62x29"}' \
    "$(sqlite3 "$DB" "SELECT changes FROM event WHERE type='label_printed' AND asset_id=(SELECT id FROM asset WHERE tag='PC-2')")"
out=$(inv history PC-1 --format table)
expect_contains "the history table says it in words" "label template L7160, 2 copies" "$out"
expect_not_contains "... and shows no raw facts" "@template" "$out"
expect_contains "JSON keeps the facts as they are" '"@template":"L7160"' \
    "$(inv history PC-1 --format json)"

# ---- a stock check: its id, no sentence ----
id=$(inv check start --office DSP-LOV)
printf 'PC-1\n' | inv check scan "$id" - >/dev/null
expect_exit "check close --apply" 0 inv check close "$id" --apply
expect_eq "no event written by the program holds a sentence in its note" "" \
    "$(sqlite3 "$DB" "SELECT id, type, note FROM event WHERE coalesce(note,'') <> ''")"
expect_eq "the check's events carry its id" 3 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE check_id = $id")"
out=$(inv history PC-2 --format table)
expect_contains "the history names the stock check" "stock check $id" "$out"
expect_contains "... of a missing asset" "missing" "$out"
expect_eq "verify passes" ok "$(inv verify >/dev/null 2>&1 && echo ok)"

# ---- the user's own note stays as typed ----
inv status in-repair --note 'счупен екран' PC-3 >/dev/null
expect_eq "a typed note is kept as typed" 'счупен екран' \
    "$(sqlite3 "$DB" "SELECT note FROM event WHERE type='status_changed' AND asset_id=(SELECT id FROM asset WHERE tag='PC-3')")"
expect_contains "... and shown" 'счупен екран' "$(inv history PC-3 --format table)"

# ---- dates in local time, amounts in euro first (English forms) ----
DB2=$WORK/tz.db
INVENTAR_NOW=2026-03-01T02:00:00Z "$INVENTAR_BIN" --db "$DB2" --user tester init >/dev/null
INVENTAR_NOW=2026-03-01T02:00:00Z "$INVENTAR_BIN" --db "$DB2" --user tester \
    office add ASP-WH 'Склад' --kind warehouse >/dev/null
INVENTAR_NOW=2026-03-01T02:00:00Z TZ=UTC "$INVENTAR_BIN" --db "$DB2" --user tester \
    asset add --kind computer --tag NY-1 --office ASP-WH >/dev/null
out=$(TZ=America/New_York "$INVENTAR_BIN" --db "$DB2" history NY-1 --format table)
expect_contains "in New York the event is on the local day before" "2026-02-28" "$out"
expect_contains "... recorded at the local time" "2026-02-28 21:00" "$out"
expect_not_contains "... and no raw UTC time is shown" "T02:00:00Z" "$out"
expect_contains "JSON keeps UTC" '"at":"2026-03-01T02:00:00Z"' \
    "$(TZ=America/New_York "$INVENTAR_BIN" --db "$DB2" history NY-1 --format json)"
out=$(inv asset show PC-3 --format table)
expect_contains "an amount in leva is shown in euro first" "17,895.22 EUR (35,000.00 BGN)" "$out"
expect_contains "the purchase date" "2021-03-15" "$out"

# ---- Bulgarian: when the catalogue exists in the build ----
MO=$(find "$BUILD" "$ROOT/po" -name 'inventar.mo' -path '*bg*' 2>/dev/null | head -n 1)
if [ -f "$ROOT/po/bg.po" ] && [ -n "$MO" ] && locale -a 2>/dev/null | grep -qi '^bg_BG.utf'; then
    bg() { LANGUAGE=bg LC_ALL=bg_BG.UTF-8 "$@"; }
    out=$(bg inv asset show PC-3 --format table)
    expect_contains "Bulgarian: comma decimals, space groups, euro first" \
        "17 895,22 EUR (35 000,00 BGN)" "$out"
    expect_contains "Bulgarian: the purchase date as dd.mm.yyyy" "15.03.2021" "$out"
    out=$(TZ=America/New_York bg "$INVENTAR_BIN" --db "$DB2" history NY-1 --format table)
    expect_contains "Bulgarian: the local day before in New York" "28.02.2026" "$out"
    expect_contains "Bulgarian: the local date and time" "28.02.2026 21:00" "$out"
    expect_not_contains "Bulgarian: the label facts are not shown in English" \
        "label template" "$(bg inv history PC-1 --format table)"
else
    echo "note: no Bulgarian catalogue in this build; the Bulgarian forms are not tested"
fi
finish
