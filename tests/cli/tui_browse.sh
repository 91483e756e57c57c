#!/bin/sh
# The TUI: browsing the assets table, paging, sorting, the offices tree,
# an office's assets, incremental search in lower-case Cyrillic, help,
# and quitting with the terminal left as it was.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
inv office add SOC-LOV1 'Център за настаняване – Ловеч' --kind service --parent DSP-LOV >/dev/null
# 45 computers at the central warehouse, 5 tablets in Lovech with a
# Cyrillic custodian, 3 vehicles in Haskovo.
i=1
while [ $i -le 45 ]; do
    inv asset add --kind computer --make Lenovo --model "ThinkCentre M$i" --office ASP-WH \
        >/dev/null || fail "add $i"
    i=$((i + 1))
done
for n in 1 2 3 4 5; do
    inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office DSP-LOV \
        --custodian "Иванка Петрова $n" >/dev/null || fail "add tablet $n"
done
inv asset add --kind tablet --make Samsung --model 'Galaxy Tab S9' --office SOC-LOV1 \
    --custodian 'Мария Колева' >/dev/null
for n in 1 2 3; do
    inv asset add --kind vehicle --make Škoda --model Octavia --office RDSA-26 \
        --attr "plate=Х 10${n}0 ВХ" >/dev/null || fail "add vehicle $n"
done

tui_start 100 30
expect_screen "first screen: the table with its heads" "Make/model"
expect_screen "the first asset, sorted by tag" "PC-000001"
expect_screen "the position and the count" "[1 of 54]"
expect_screen "the F-key bar" "1Help"
expect_contains "F-key bar has Assign" "2Assign" "$SCREEN"
expect_contains "F-key bar has Quit" "10Quit" "$SCREEN"
expect_contains "the kind by its name" "Компютърна" "$SCREEN"

keys Down Down j
expect_screen "Down, Down, j move the cursor" "[4 of 54]"
keys k
expect_screen "k moves up" "[3 of 54]"
keys NPage
expect_screen "PgDn moves a page" "[28 of 54]"
expect_contains "PgDn read the next rows" "PC-000028" "$SCREEN"
keys End
expect_screen "End goes to the last row" "[54 of 54]"
expect_contains "the last asset by tag is shown" "VEH-000003" "$SCREEN"
expect_not_contains "the first is scrolled away" "PC-000001 " "$SCREEN"
keys PPage
expect_screen "PgUp goes back a page" "[29 of 54]"
keys Home
expect_screen "Home goes to the first row" "[1 of 54]"
expect_contains "the first asset again" "PC-000001" "$SCREEN"

# Sorting: s moves to the next column (kind), S reverses.
keys s
expect_screen "s sorts by kind" "Kind ▲"
keys S
expect_screen "S reverses" "Kind ▼"
keys s s s s s
expect_screen "s cycles back to tag, ascending" "Tag ▲"
keys S
expect_screen "descending tags" "Tag ▼"
first=$(printf '%s\n' "$SCREEN" | sed -n 4p)
expect_contains "descending: the last tag comes first" "VEH-000003" "$first"
keys S
expect_screen "ascending again" "Tag ▲"

# Incremental search in lower-case Cyrillic: "ловеч" finds the office
# names "ДСП Ловеч" and "Център ... – Ловеч".
keys /
expect_screen "/ opens the search line" "Search:"
type_text "ловеч"
expect_screen "search as you type: the count" "Search: ловеч"
wait_for "TAB-000006"
expect_contains "the Lovech tablets are found" "TAB-000001" "$SCREEN"
expect_contains "the one in a sub-office too" "TAB-000006" "$SCREEN"
expect_not_contains "no computer from the warehouse" "PC-000001" "$SCREEN"
expect_not_contains "no vehicle from Haskovo" "VEH-000001" "$SCREEN"
keys Enter
expect_screen "Enter keeps the search and shows its count" "[1 of 6]"
keys /
type_text " ив"
expect_screen "the search line holds both words" "Search: ловеч ив"
keys Enter
expect_screen "two words narrow it (ловеч ив)" "[1 of 5]"
expect_not_contains "Мария is left out" "TAB-000006" "$SCREEN"
esc
expect_screen "Esc clears the search" "[1 of 54]"
# One letter is not searched yet (it would ask for every word with that
# letter); the second one is.
keys /
type_text "м"
expect_screen "one letter: a hint" "(2 letters or more)"
expect_contains "one letter: the list stays" "PC-000001" "$SCREEN"
type_text "а"
expect_screen "two letters search (мария)" "TAB-000006"
expect_not_contains "two letters: only Мария's" "PC-000001" "$SCREEN"
keys Enter
expect_screen "one match" "[1 of 1]"
esc
expect_screen "cleared again" "[1 of 54]"

# The offices tree with counts; Enter lists an office's assets.
keys Tab
expect_screen "Tab goes to the offices" "in stock"
expect_contains "the tree shows the head office" "Централно управление" "$SCREEN"
line=$(screen_line "РДСП Ловеч")
expect_contains "Lovech region counts its sub-offices' 6 tablets" " 6 " "$line"
line=$(screen_line "Централен склад")
expect_contains "the warehouse holds 45 in stock" "45" "$line"
keys Down Down
keys Down
keys Enter
expect_screen "Enter lists the office's assets (with sub-offices)" "(+sub-offices)"
expect_screen "its six tablets" "[1 of 6]"
expect_contains "the filter names the office" "DSP-LOV" "$SCREEN"

# Help, generated from the key table.
keys F1
expect_screen "F1 opens the help" "Keys (Esc or F1 closes this help)"
expect_contains "help lists the search key" "search as you type" "$SCREEN"
expect_contains "help lists F2 for assign" "F2, t" "$SCREEN"
esc
expect_screen "Esc leaves the help" "[1 of 6]"
keys '?'
expect_screen "? opens the help too" "Keys (Esc or F1"
keys q
expect_screen "q closes the help" "[1 of 6]"

keys q
expect_screen "q quits; exit status 0" "EXITED 0"
finish
