#!/bin/sh
# i18n_pdf.sh: the stock check's inventory list in the reader's language. Under
# bg_BG.UTF-8 its title, headings, facts and signature block are Bulgarian
# and its dates dd.mm.yyyy in local time; under C.UTF-8 the same report is
# English with ISO dates. Read back with pdftotext.
# (The runner exports LC_ALL=C.UTF-8 and unsets LANGUAGE.)
. "$TESTLIB"

if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    fail "the bg_BG.UTF-8 locale is installed (make deps-test generates it)"
    finish
fi
if ! command -v pdftotext >/dev/null 2>&1; then
    fail "pdftotext is installed (poppler-utils)"
    finish
fi

bg() { TZ=Europe/Sofia LC_ALL=bg_BG.UTF-8 "$@"; }
en() { TZ=Europe/Sofia LC_ALL=C.UTF-8 "$@"; }

# A check started and closed at fixed moments: 21:30 UTC on 14 May is
# already 15 May in Sofia (UTC+3 in summer).
setup_world || fail "setup_world"
inv asset add --kind tablet --tag TAB-1 --office DSP-LOV --date 2024-01-10 >/dev/null
inv asset add --kind tablet --tag TAB-2 --office DSP-LOV --date 2024-01-10 >/dev/null
inv asset add --kind tablet --tag TAB-3 --office RDSA-11 --date 2024-01-10 >/dev/null
id=$(env INVENTAR_NOW=2024-05-14T21:30:00Z "$INVENTAR_BIN" --db "$DB" --user tester \
        check start --office DSP-LOV --commission 'Иван Иванов; Мария Петрова; Георги Димов')
printf 'TAB-1\nTAB-3\nNO-SUCH-9\n' | inv check scan "$id" - >/dev/null
inv check close "$id" >/dev/null

# ---- in Bulgarian ----
expect_exit "the report as PDF in Bulgarian" 0 bg inv check report "$id" -o "$WORK/bg.pdf"
txt=$(pdftotext -layout "$WORK/bg.pdf" - 2>/dev/null)
Y=$(date +%Y)
expect_contains "the title" "ИНВЕНТАРИЗАЦИОНЕН ОПИС" "$txt"
expect_contains "the number" "№ ИО-$Y-0001" "$txt"
expect_contains "the office" "ДСП Ловеч (DSP-LOV)" "$txt"
expect_contains "the facts: period" "Период" "$txt"
expect_contains "heading: the inventory number column" "Инвентарен" "$txt"
expect_contains "heading: by the records" "По отчет" "$txt"
expect_contains "heading: shortage" "Липса" "$txt"
expect_contains "the quantities" "по отчет 2, установени 2, излишък 1, липса 1" "$txt"
expect_contains "an asset found" "TAB-1" "$txt"
expect_contains "an asset missing" "TAB-2" "$txt"
expect_contains "an unknown code" "NO-SUCH-9" "$txt"
expect_contains "the start in local time as dd.mm.yyyy" "15.05.2024" "$txt"
expect_contains "the commission (--commission: the first name chairs)" \
    "Председател на комисията: Иван Иванов" "$txt"
expect_contains "the members" "Членове на комисията: Мария Петрова, Георги Димов" "$txt"
expect_contains "a member's signature line" "Член:" "$txt"
expect_contains "the record of shortages and surpluses" "СРАВНИТЕЛНА ВЕДОМОСТ" "$txt"
expect_contains "the page footer" "стр. 1 от 2" "$txt"
expect_not_contains "no English title left" "INVENTORY LIST" "$txt"
expect_not_contains "no ISO date" "2024-05-1" "$txt"
expect_not_contains "no raw UTC time" "T21:30:00Z" "$txt"

# ---- the same list in English (printed again from its record) ----
expect_exit "the report as PDF in English" 0 en inv check report "$id" -o "$WORK/en.pdf"
txt=$(pdftotext -layout "$WORK/en.pdf" - 2>/dev/null)
expect_contains "English: the title" "INVENTORY LIST" "$txt"
expect_contains "English: the same number" "No. ИО-$Y-0001" "$txt"
expect_contains "English: a heading" "Shortage" "$txt"
expect_contains "English: the chair" "Chair" "$txt"
expect_contains "English: the start as ISO in local time" "2024-05-15" "$txt"
expect_not_contains "English: no Bulgarian title" "ИНВЕНТАРИЗАЦИОНЕН" "$txt"

finish
