#!/bin/sh
# The TUI with offices that are told apart: the Assets table at 100
# columns shows the offices' short names (not the long names, cut);
# the Offices tree shows them too and finds an office as you type, by a
# Cyrillic and by a Latin fragment; n goes on to the next match. Live
# screens: a change made by another process (inventar assign) while the
# TUI is open shows within about a second, the cursor still on the same
# asset. An asset's history shows a long document number and actor
# whole.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

inv init >/dev/null
inv office add ASP-HQ 'Централно управление на Агенцията за социално подпомагане' --kind head \
    --short 'ЦУ АСП' >/dev/null &&
inv office add ASP-WH 'Централен склад на Агенцията за социално подпомагане' --kind warehouse \
    --parent ASP-HQ --short 'Склад ЦУ' >/dev/null &&
inv office add RDSA-11 'Регионална дирекция за социално подпомагане – Ловеч' --kind regional \
    --parent ASP-HQ --oblast BG-11 --short 'РДСП Ловеч' >/dev/null &&
inv office add DSP-TROYAN 'Дирекция „Социално подпомагане“ – Троян' --kind local \
    --parent RDSA-11 --short 'ДСП Троян' >/dev/null &&
inv office add DSP-LOVECH 'Дирекция „Социално подпомагане“ – Ловеч' --kind local \
    --parent RDSA-11 --short 'ДСП Ловеч' >/dev/null &&
inv office add FO-AYTOS 'Фронт офис в Общински център за социални и здравни услуги – Айтос' \
    --kind front --parent ASP-HQ >/dev/null || { fail "setup"; finish; }
inv asset add --kind computer --make Dell --model 'OptiPlex 3070' --office DSP-TROYAN \
    --custodian 'Мария Георгиева Петрова' >/dev/null
inv asset add --kind computer --make Dell --model 'OptiPlex 3070' --office DSP-LOVECH \
    --custodian 'Иван Петров Иванов' >/dev/null
inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office RDSA-11 \
    --custodian 'Петя Колева' >/dev/null
inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office FO-AYTOS >/dev/null
inv asset add --kind vehicle --make Dacia --model Duster --office ASP-WH >/dev/null

tui_start 100 30
expect_screen "first screen" "PC-000001"
line=$(screen_line "PC-000001")
expect_contains "100 columns: the office column shows the short name" "ДСП Троян" "$line"
expect_contains "the custodian is readable beside it" "Мария Георгиева" "$line"
expect_contains "make and model are readable" "Dell OptiPlex 3070" "$line"
expect_not_contains "not the cut long name" "Дирекция „Социално" "$SCREEN"
line=$(screen_line "TAB-000002")
expect_contains "an office without a short name shows its name" "Фронт офис" "$line"

# Live: the assets screen, the cursor on PC-000002; another process
# transfers it. The screen shows it without a key, the cursor still on it.
keys Down
expect_screen "the cursor on the second row" "[2 of 5]"
expect_exit "another process assigns the asset" 0 inv assign --to FO-AYTOS \
    --custodian 'Стоян Стоянов' PC-000002
expect_screen "the TUI shows the new custodian without a key" "Стоян Стоянов"
line=$(screen_line "PC-000002")
expect_contains "and the new office" "Фронт офис" "$line"
expect_contains "the cursor stays on the same asset" "[2 of 5]" "$SCREEN"
# Sorted by office, the asset moves in the list: the cursor follows it.
keys s s s
expect_screen "sorted by office" "Office ▲"
keys Home
settle
# Put the cursor on PC-000001, wherever the order put it.
n=1
while [ $n -le 5 ]; do
    row=$(printf '%s\n' "$SCREEN" | sed -n "$((3 + n))p")
    case "$row" in *PC-000001*) break ;; esac
    n=$((n + 1))
done
i=1
while [ $i -lt $n ]; do keys Down; i=$((i + 1)); done
settle
expect_exit "another process moves PC-000001 to the central warehouse" 0 \
    inv assign --to ASP-WH PC-000001
expect_screen "the move shows" "Склад ЦУ"
keys Enter
expect_screen "Enter opens the asset the cursor stayed on" "Kind's own fields"
expect_contains "it is PC-000001" "PC-000001" "$(screen_line "Tag")"

# The history shows a long document number and actor whole.
expect_exit "an act with a long document number and actor" 0 \
    "$INVENTAR_BIN" --db "$DB" --user 'rdsp11.logistika.troyan' assign --to DSP-TROYAN \
    --doc 'ПП-2026/000123-РДСП-Ловеч-Троян' PC-000001
expect_screen "the open detail reads again without a key" "Office             DSP-TROYAN"
keys End
expect_screen "the document whole, at the end of the history" "ПП-2026/000123-РДСП-Ловеч-Троян"
expect_contains "the actor whole" "rdsp11.logistika.troyan" "$SCREEN"

esc
expect_screen "Esc leaves the detail" "Office ▲"

# The Offices tree: short names; / finds as you type.
keys Tab
expect_screen "the offices tree" "in stock"
expect_contains "the tree shows short names" "ДСП Троян" "$SCREEN"
expect_not_contains "not the long names" "Регионална дирекция за" "$SCREEN"
keys /
expect_screen "/ opens the office search" "Find office:"
type_text "троя"
expect_screen "typed in Cyrillic, lower case" "Find office: троя"
keys Enter
settle
keys Enter
expect_screen "the Cyrillic fragment found Троян: Enter lists its assets" "(+sub-offices)"
expect_contains "the assets of DSP-TROYAN" "DSP-TROYAN" "$SCREEN"
expect_contains "its computer" "PC-000001" "$SCREEN"
esc
keys Tab
expect_screen "back on the offices" "in stock"
keys /
type_text "fo-ay"
expect_screen "typed in Latin, lower case" "Find office: fo-ay"
keys Enter
settle
keys Enter
expect_screen "the Latin fragment found FO-AYTOS" "FO-AYTOS"
expect_contains "its tablet" "TAB-000002" "$SCREEN"
esc
keys Tab
expect_screen "the offices again" "in stock"
keys /
type_text "ловеч"
keys Enter
settle
keys n
settle
keys Enter
expect_screen "n goes on to the next match (DSP-LOVECH after RDSA-11)" "Office: DSP-LOVECH"
esc
keys Tab
keys /
type_text "няма-такъв"
expect_screen "no match is said" "no match"
keys Escape
settle

keys F10
expect_screen "F10 quits; exit status 0" "EXITED 0"
finish
