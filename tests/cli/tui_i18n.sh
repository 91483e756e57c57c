#!/bin/sh
# The TUI in Bulgarian (LC_ALL=bg_BG.UTF-8): the tabs, the F-key bar laid
# out from the translated labels at 100 and 80 columns (no label runs
# into the next key number), the Assets table with Bulgarian status
# words, marks counted with plurals, an asset's detail with dd.mm.yyyy
# dates and an amount in leva shown in euro first, a form, the help
# screen and the scan screen. Compared with what is expected on screen,
# whole lines where the layout is stable. (The same screens in English
# under C.UTF-8 are covered by tui_browse, tui_detail, tui_forms and
# tui_scan.)
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    fail "the bg_BG.UTF-8 locale is installed (make deps-test generates it)"
    finish
fi

# One clock for the CLI and the TUI: the dates on screen are known.
export INVENTAR_NOW=2026-03-01T09:30:00Z
setup_world || { fail "setup"; finish; }
inv asset add --kind computer --tag PC-1 --office DSP-LOV --make Dell --model 'OptiPlex 7010' \
    --custodian 'Петя Колева' --purchase-date 2025-11-03 --cost '35 000,00' --currency BGN \
    --warranty-end 2028-11-03 >/dev/null || fail "add PC-1"
inv asset add --kind computer --tag PC-2 --office ASP-WH --make Lenovo --model M70 >/dev/null ||
    fail "add PC-2"
inv asset add --kind tablet --tag TAB-1 --office DSP-LOV --make Samsung --model 'Tab A8' \
    >/dev/null || fail "add TAB-1"
inv status in-repair TAB-1 >/dev/null || fail "TAB-1 in repair"
inv asset add --kind vehicle --tag VEH-1 --office RDSA-26 --make Dacia --model Duster \
    --attr 'plate=Х 1234 ВХ' >/dev/null || fail "add VEH-1"
inv status missing VEH-1 >/dev/null || fail "VEH-1 missing"

BG="LC_ALL=bg_BG.UTF-8"
# The bottom line of the screen (the F-key bar), trailing blanks dropped.
bar() { printf '%s\n' "$SCREEN" | tail -n 1 | sed 's/ *$//'; }
# expect_line WHAT LINE: the settled screen has LINE as a whole line
# (trailing blanks aside).
expect_line() {
    if printf '%s\n' "$SCREEN" | sed 's/ *$//' | grep -qxF -- "$2"; then pass "$1"; else
        fail "$1 (no line '$2')"; printf '%s\n' "$SCREEN" | sed 's/^/  | /'; fi
}
# No key number glued to the label before it: every number but the first
# follows a blank.
expect_bar_spaced() {
    if printf '%s\n' "$1" | grep -q '[^ 0-9][0-9]'; then
        fail "$2: a label runs into the next key number: '$1'"
    else pass "$2: a blank before every key number"; fi
}

# ---- 100 columns ----
tui_start 100 30 "$BG" LANGUAGE= "INVENTAR_NOW=$INVENTAR_NOW"
expect_screen "the Assets screen in Bulgarian" "Всички активи  [1 от 4]"
expect_contains "the tabs" " inventar  Активи   Звена   Етикети " "$SCREEN"
expect_line "the table's column heads" \
    "  Инв. № ▲ Вид                     Марка/модел           Звено             МОЛ           Състояние"
expect_line "assigned: зачислен" \
    "  PC-1     Компютърна конфигурация Dell OptiPlex 7010    ДСП Ловеч         Петя Колева   зачислен"
expect_line "in stock: на склад" \
    "  PC-2     Компютърна конфигурация Lenovo M70            Централен склад                 на склад"
expect_line "in repair: в ремонт" \
    "  TAB-1    Таблет                  Samsung Tab A8        ДСП Ловеч                       в ремонт"
expect_line "missing: липсва" \
    "  VEH-1    Автомобил               Dacia Duster          РДСП Хасково                    липсва"
expect_eq "the key bar at 100 columns, spread evenly" \
    "1Помощ  2Зачисли  3Върни  4Филтър  5Състояние  6Подреди   7Добави   8Промени   9Етикети   10Изход" \
    "$(bar)"
expect_bar_spaced "$(bar)" "the key bar at 100 columns"
expect_not_contains "no English on the list" "Help" "$SCREEN"

# Marks, counted with the plural.
keys Space
expect_screen "one marked" "[2 от 4]  1 маркиран"
keys Space
expect_screen "two marked" "[3 от 4]  2 маркирани"
keys F2
expect_screen "the form names the marked assets" \
    "Зачисляване или прехвърляне на 2 маркирани актива"
esc
keys U Home

# An asset's detail: dates dd.mm.yyyy, the amount in euro with the leva.
keys Enter
expect_screen "the detail" "Данни за актива"
expect_line "purchase date dd.mm.yyyy, the label measured" " Дата на придобиване 03.11.2025"
expect_line "the cost in euro first, the leva beside it" \
    " Стойност            17 895,22 EUR (35 000,00 BGN)"
expect_line "warranty end dd.mm.yyyy" " Гаранция до         03.11.2028"
expect_line "the status word" " Състояние           зачислен"
expect_line "the history's heads" \
    " №     Дата       Потребител   Събитие            От → към                          Документ"
expect_line "the history: created, dd.mm.yyyy" " 6     01.03.2026 tester       заведен            DSP-LOV  зачислен"
expect_not_contains "no ISO date in the detail" "2025-11-03" "$SCREEN"
expect_not_contains "no UTC time in the detail" "T09:30" "$SCREEN"
expect_bar_spaced "$(bar)" "the detail's key bar"
esc

# A form: the new asset's, with today's date as dd.mm.yyyy.
keys F7
expect_screen "the kind question" "Left/Right: вид  Enter: напред  Esc: отказ"
keys Enter
expect_screen "the form of a new vehicle" "Нов актив: Автомобил"
expect_contains "the form's tag field" "│ Инв. № (празно: следващ)" "$SCREEN"
expect_contains "the date taken on the books, today" "│ Дата на завеждане         01.03.2026" "$SCREEN"
expect_contains "the form's hint" "Enter: следващо поле  F2: запис  Left/Right: избор  Esc: отказ" "$SCREEN"
esc
expect_screen "Esc cancels" "Отказано."

# The help, generated from the key table, columns measured.
keys F1
expect_screen "the help" "Клавиши (Esc или F1 затваря помощта)"
expect_contains "the help's heads" " Клавиш     Действие" "$SCREEN"
expect_line "the help's first line" \
    " Up, k      нагоре                                                           навсякъде"
expect_contains "F2 on the help" " F2, t      зачисляване или прехвърляне" "$SCREEN"
esc

# ---- the scan screen ----
keys Tab
expect_screen "the Offices screen" "Звена с активите"
expect_contains "the office kinds' status columns" "на склад зачислен в ремонт" "$SCREEN"
keys Down Down Down F2
expect_screen "a new stock check" "Нова инвентаризация: DSP-LOV ДСП Ловеч"
keys Enter
expect_screen "the check started, with the plural" \
    "Започната е инвентаризация № 1 на DSP-LOV: очакват се 2 актива. Сканирайте етикетите им."
expect_line "the scan screen's title, local date and time" \
    "Инвентаризация № 1: DSP-LOV ДСП Ловеч — текуща, започната на 01.03.2026 09:30 от tester"
expect_eq "the scan screen's key bar" \
    "1Помощ     2Липсващи     3Приключи     4Приложи     5Отчет     6     7     8     9     10Изход" \
    "$(bar)"
type_text PC-1
keys Enter
expect_screen "found" "Намерени 1 от 2"
type_text VEH-1
keys Enter
expect_screen "unexpected" "От друго звено 1"
type_text PC-1
keys Enter
expect_screen "a duplicate" "Повторни 1"
expect_line "the counters" \
    "Намерени 1 от 2   Липсващи 1   От друго звено 1   Непознати 0   Повторни 1   Сканирания 3"
line=$(screen_line "повторно сканиран")
expect_contains "the duplicate: what it was first" \
    "09:30:00  повторно сканиран PC-1  Компютърна конфигурация, Dell OptiPlex 7010 — вече сканиран (" \
    "$line"
expect_line "the unexpected one: where it is recorded" \
    "09:30:00  от друго звено    VEH-1  Автомобил, Dacia Duster — на отчет в RDSA-26 РДСП Хасково"
keys F10
expect_screen "F10 quits" "EXITED 0"

# ---- 80 columns: the labels shrink evenly, none runs into a number ----
tui_start 80 24 "$BG" LANGUAGE= "INVENTAR_NOW=$INVENTAR_NOW"
expect_screen "80 columns" "[1 от 4]"
expect_eq "the key bar at 80 columns, long labels cut with an ellipsis" \
    "1Помощ 2Зачисли 3Върни 4Филтър 5Състоя… 6Подре… 7Добави 8Проме… 9Етике… 10Изход" "$(bar)"
expect_bar_spaced "$(bar)" "the key bar at 80 columns"
keys Enter
expect_screen "the detail at 80 columns" "Данни за актива"
expect_eq "the detail's key bar at 80 columns: all whole" \
    "1Помощ  2Зачисли  3Върни  4  5Състояние  6  7   8Промени   9Етикети   10Изход" "$(bar)"
keys q q
expect_screen "quit" "EXITED 0"
# ---- a kind's own fields in words (рег. номер), not as keys (plate);
# the history's columns as wide as their Bulgarian headings ----
tui_start 80 40 "$BG" LANGUAGE= "INVENTAR_NOW=$INVENTAR_NOW"
expect_screen "again, 80 columns" "[1 от 4]"
keys Down Down Down Enter
expect_screen "the vehicle's detail" "Данни за актива"
expect_contains "the history's headings at 80 columns: Потребител whole, a space before the next" \
    " №     Дата       Потребител Събитие      От → към" "$SCREEN"
expect_contains "the detail names the plate in words" "рег. номер" "$SCREEN"
expect_contains "... with its value" "Х 1234 ВХ" "$SCREEN"
expect_contains "the VIN in words" "рама/VIN" "$SCREEN"
expect_not_contains "no raw key 'plate' in the detail" "plate" "$SCREEN"
keys q
expect_screen "back to the table" "[4 от 4]"
keys F8
expect_screen "the edit form of the vehicle" "Х 1234 ВХ"
expect_contains "the form's field is named in words" "рег. номер" "$SCREEN"
expect_contains "the year in words" "година" "$SCREEN"
expect_not_contains "no raw key 'plate' in the form" "plate" "$SCREEN"
expect_not_contains "no raw key 'vin' in the form" " vin " "$SCREEN"
esc
# The filter line: whole Bulgarian messages, the office with its sub-offices.
keys Tab
expect_screen "the offices" "Централно управление"
keys Enter
expect_screen "Enter lists the head office's assets" "(+подчинени звена)"
expect_contains "the filter line in one message" "Звено: " "$SCREEN"
keys F10
expect_screen "quit" "EXITED 0"
finish
