# Office short names: `office add/edit --short`, shown by `office show`
# and `office list` (JSON key short_name), used by the `office list` and
# `asset list` tables (the name when there is none), found by search,
# carried by export and restore (JSON and CSV); a bad one changes nothing.
. "$TESTLIB"

setup_world
expect_exit "office add --short" 0 inv office add DSP-TRO \
    'Дирекция „Социално подпомагане“ – Троян' --kind local --parent RDSA-11 --short 'ДСП Троян'
expect_eq "office add prints the code" "DSP-TRO" "$OUT_TXT"

expect_exit "office show --format json" 0 inv office show DSP-TRO --format json
expect_contains "show: JSON key short_name" '"short_name": "ДСП Троян"' "$OUT_TXT"
expect_contains "show: the full name is kept" '"name": "Дирекция „Социално подпомагане“ – Троян"' \
    "$OUT_TXT"
expect_exit "office show as a table" 0 inv office show DSP-TRO --format table
expect_contains "show (table): the short name" "ДСП Троян" "$OUT_TXT"
expect_contains "show (table): the full name" "Дирекция „Социално подпомагане“ – Троян" "$OUT_TXT"

expect_exit "office edit without --short" 0 inv office edit DSP-TRO --address 'гр. Троян'
expect_exit "office show after it" 0 inv office show DSP-TRO --format json
expect_contains "an edit of something else keeps the short name" '"short_name": "ДСП Троян"' \
    "$OUT_TXT"
expect_exit "office edit --short" 0 inv office edit RDSA-11 --short 'РДСП Ловеч (рег.)'
expect_exit "office list --format json" 0 inv office list --format json
expect_contains "list: edited short name in JSON" '"short_name":"РДСП Ловеч (рег.)"' "$OUT_TXT"
expect_contains "list: an office without one has an empty short_name" \
    '"depth":1,"short_name":""}' "$OUT_TXT"
expect_exit "office list --format csv" 0 inv office list --format csv
expect_contains "list: CSV header has short_name (last)" "assets,depth,short_name" "$OUT_TXT"

# Tables, where space is short: the short name, else the name.
expect_exit "office list as a table" 0 inv office list --format table
expect_contains "list (table): the short name" "ДСП Троян" "$OUT_TXT"
expect_not_contains "list (table): not the long name" "Дирекция „Социално" "$OUT_TXT"
expect_contains "list (table): the name of an office without a short name" "Централен склад" \
    "$OUT_TXT"
tag=$(inv asset add --kind tablet --make Lenovo --office DSP-TRO)
expect_exit "asset list as a table" 0 inv asset list --format table
expect_contains "asset list (table): the office's short name" "ДСП Троян" "$OUT_TXT"
expect_not_contains "asset list (table): not its long name" "Дирекция „Социално" "$OUT_TXT"
expect_exit "asset list --format json" 0 inv asset list --format json
expect_contains "asset list (JSON): office_name stays the full name" \
    '"office_name":"Дирекция „Социално подпомагане“ – Троян"' "$OUT_TXT"

# The office line of a label: the short name (the name when none).
tag2=$(inv asset add --kind tablet --make Lenovo --office ASP-WH)
expect_exit "labels for both" 0 inv labels "$tag" "$tag2" -o "$WORK/l.pdf"
txt=$(pdftotext "$WORK/l.pdf" - 2>/dev/null | tr '\n' ' ')
expect_contains "the label's office line has the short name" "ДСП Троян" "$txt"
expect_not_contains "not the long name" "Дирекция" "$txt"
expect_contains "an office without a short name: its name" "Централен склад" "$txt"

# Search finds an office's assets by its short name (search words).
expect_exit "search by a word of the short name" 0 inv asset list --search 'троян' --format csv
expect_contains "search by the short name finds the asset" "$tag" "$OUT_TXT"

# Clearing it: back to the name.
expect_exit "office edit --short ''" 0 inv office edit DSP-TRO --short ''
expect_exit "office show after clearing" 0 inv office show DSP-TRO --format json
expect_contains "cleared short name" '"short_name": ""' "$OUT_TXT"
inv office edit DSP-TRO --short 'ДСП Троян' >/dev/null

# Bad input changes nothing.
before=$(db_digest)
expect_exit "invalid UTF-8 in --short is refused" 1 inv office edit DSP-TRO --short "$(printf 'a\377b')"
expect_contains "the message names the office" "DSP-TRO" "$ERR_TXT"
long=$(head -c 600 /dev/zero | tr '\0' 'x')
expect_exit "a too long --short is a usage error" 2 inv office add X-1 'Нещо' --short "$long"
expect_eq "nothing changed" "$before" "$(db_digest)"

# Export and restore carry it, in both formats.
for fmt in json csv; do
    inv export --format $fmt -o "$WORK/a.$fmt" || fail "export $fmt"
    R="$WORK/r-$fmt.db"
    "$INVENTAR_BIN" --db "$R" --user tester init >/dev/null
    expect_exit "restore a $fmt export" 0 "$INVENTAR_BIN" --db "$R" --user tester import "$WORK/a.$fmt"
    expect_exit "office show in the restored database ($fmt)" 0 \
        "$INVENTAR_BIN" --db "$R" office show DSP-TRO --format json
    expect_contains "the short name survives export and restore ($fmt)" \
        '"short_name": "ДСП Троян"' "$OUT_TXT"
    "$INVENTAR_BIN" --db "$R" --user tester export --format $fmt -o "$WORK/b.$fmt"
    expect_eq "export, restore, export is identical ($fmt)" "" \
        "$(cmp "$WORK/a.$fmt" "$WORK/b.$fmt" 2>&1)"
done
expect_contains "the CSV export has the short_name column" "short_name" "$(cat "$WORK/a.csv")"

finish
