#!/bin/sh
# The TUI's scan screen and search with Cyrillic and Latin: a code typed
# through the BDS or phonetic Bulgarian layout is mapped back, found, and
# the result line says so; a Cyrillic tag scanned by its Latin scan code
# is found; the asset search folds look-alike letters.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
inv asset add --kind computer --tag PC-000011 --office DSP-LOV --make Dell >/dev/null ||
    fail "add PC-000011"
inv asset add --kind computer --tag PC-000012 --office DSP-LOV --make Dell >/dev/null ||
    fail "add PC-000012"
inv asset add --kind computer --tag 'ТСТ-0005' --office DSP-LOV --make Lenovo >/dev/null ||
    fail "add ТСТ-0005"
inv asset add --kind vehicle --tag VEH-0001 --office RDSA-11 --make Dacia \
    --attr 'plate=ОВ 1234 ВК' >/dev/null || fail "add VEH-0001"

tui_start 160 30
expect_screen "the TUI is up" "[1 of 4]"
# The asset search: a plate typed in Latin finds the Cyrillic one.
keys /
expect_screen "/ opens the search line" "Search:"
type_text "OB 1234"
expect_screen "search as you type" "Search: OB 1234"
keys Enter
expect_screen "a Latin-typed plate finds the Cyrillic plate" "[1 of 1]"
expect_contains "... the vehicle" "VEH-0001" "$SCREEN"
esc
expect_screen "Esc clears the search" "[1 of 4]"
# A Cyrillic tag's detail shows its scan code.
keys /
type_text "тст"
keys Enter
expect_screen "the Cyrillic tag is found" "[1 of 1]"
keys Enter
expect_screen "its detail" "Scan code"
expect_contains "... shows the scan code" "TST-0005" "$(screen_line "Scan code")"
esc
esc
expect_screen "back to the list" "[1 of 4]"
keys Tab
expect_screen "the offices" "in stock"
keys Down Down Down
keys F2
expect_screen "F2 on an office asks for a new check" "New stock check: DSP-LOV ДСП Ловеч"
keys Enter
expect_screen "the check starts" "3 assets expected."

type_text "ЗЪ-000011"
keys Enter
expect_screen "a BDS-typed code is found" "Found 1 of 3"
line=$(screen_line "PC-000011")
expect_contains "... as PC-000011" "found" "$line"
expect_contains "... and the line says it was mapped" "mapped from the BDS keyboard layout: PC-000011" "$line"
type_text "ПЦ-000012"
keys Enter
expect_screen "a phonetic-typed code is found" "Found 2 of 3"
line=$(screen_line "PC-000012")
expect_contains "... and the line says it was mapped" "mapped from the phonetic keyboard layout: PC-000012" "$line"
keys TST-0005 Enter
expect_screen "a Cyrillic tag's scan code is found" "Found 3 of 3"
line=$(screen_line "ТСТ-0005")
expect_contains "... shown by its tag" "found" "$line"
expect_not_contains "... without a mapping" "mapped" "$line"

keys F10
expect_screen "quit" "EXITED 0"
finish
