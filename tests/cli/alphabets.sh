#!/bin/sh
# alphabets.sh: any alphabet, any keyboard (DESIGN.md sections 3 to 6).
# Look-alike Cyrillic and Latin letters in search and tag look-ups; codes
# typed through the BDS and phonetic Bulgarian layouts mapped back in
# check scan, check import and tag look-ups (and said so); Cyrillic tags
# through import and their ASCII scan codes (asset show, JSON, export and
# restore); clashes refused naming both assets; a label's QR code holds
# the scan code and scans back to its asset.
. "$TESTLIB"

setup_world
inv asset add --kind computer --tag PC-000011 --make Lenovo --office DSP-LOV >/dev/null
inv asset add --kind vehicle --tag VEH-0001 --make Dacia --attr 'plate=ОВ 1234 ВК' \
    --office RDSA-11 >/dev/null
inv asset add --kind vehicle --tag VEH-0002 --make Skoda --attr 'plate=CA 5678 KX' \
    --office RDSA-26 >/dev/null

# ---- look-alike letters in search ----
out=$(inv asset list --search 'OB 1234 BK' --format csv)
expect_contains "a Latin-typed plate finds the Cyrillic one" "VEH-0001" "$out"
expect_not_contains "... and only it" "VEH-0002" "$out"
out=$(inv asset list --search 'СА 5678' --format csv)
expect_contains "a Cyrillic-typed plate finds the Latin one" "VEH-0002" "$out"
out=$(inv asset list --search 'ов 1234' --format csv)
expect_contains "lower case folds too" "VEH-0001" "$out"
expect_exit "labels --search folds look-alikes" 0 inv labels --search 'OB 1234' \
    -o "$WORK/plate.pdf"
expect_contains "... one label, the Cyrillic plate's" "1 label" "$OUT_TXT"

# ---- keyboard layouts and look-alikes in tag look-ups ----
expect_eq "BDS-typed tag resolves (asset show)" "PC-000011" \
    "$(inv asset show 'ЗЪ-000011' --format csv | sed -n 2p | cut -d, -f1)"
expect_eq "phonetic-typed tag resolves (asset show)" "PC-000011" \
    "$(inv asset show 'ПЦ-000011' --format csv | sed -n 2p | cut -d, -f1)"
expect_eq "look-alike Cyrillic tag resolves" "PC-000011" \
    "$(inv asset show 'РС-000011' --format csv | sed -n 2p | cut -d, -f1)"
expect_exit "assign through the BDS layout" 0 inv assign --to RDSA-26 'ЗЪ-000011'
expect_contains "... history, through phonetic, shows the transfer" "transferred" \
    "$(inv history 'ПЦ-000011' --format csv)"
before=$(db_digest)
expect_exit "one asset in two spellings is refused in one act" 1 \
    inv assign --to RDSA-11 PC-000011 'ЗЪ-000011'
expect_contains "... as given twice" "PC-000011: given twice (as ЗЪ-000011)" "$ERR_TXT"
expect_eq "... and nothing changed" "$before" "$(db_digest)"
expect_exit "an unknown code is still refused" 1 inv asset show 'ЖЖ-1'
expect_contains "... naming it" "no asset 'ЖЖ-1'" "$ERR_TXT"

# ---- Cyrillic tags through import, with a note column ----
printf 'Инвентарен номер,Вид,Марка,Офис,Забележка\nТСТ-0005,Компютърна конфигурация,Dell,DSP-LOV,с нова батерия\n' \
    >"$WORK/cyr.csv"
expect_exit "a Cyrillic tag imports" 0 inv import "$WORK/cyr.csv"
json=$(inv asset show 'ТСТ-0005' --format json)
expect_contains "asset show gives scan_code in JSON" '"scan_code": "TST-0005"' "$json"
expect_contains "the note column is kept as the description" '"description": "с нова батерия"' "$json"
expect_contains "asset show names the scan code" "TST-0005" \
    "$(inv asset show 'ТСТ-0005' --format table)"
expect_eq "the scan code finds it" "ТСТ-0005" \
    "$(inv asset show TST-0005 --format csv | sed -n 2p | cut -d, -f1)"
expect_eq "the tag in Latin look-alikes finds it" "ТСТ-0005" \
    "$(inv asset show tct-0005 --format csv | sed -n 2p | cut -d, -f1)"

# ---- clashes are refused, naming both, and change nothing ----
before=$(db_digest)
expect_exit "a tag equal to another's scan code is refused" 1 \
    inv asset add --kind computer --tag TST-0005
expect_contains "... naming both assets" "TST-0005: its scan code TST-0005 is already that of asset ТСТ-0005" "$ERR_TXT"
expect_exit "a tag that reads the same in the other alphabet is refused" 1 \
    inv asset add --kind computer --tag TCT-0005
expect_contains "... naming both assets" "TCT-0005: asset ТСТ-0005 has a tag that reads the same" "$ERR_TXT"
printf 'tag,kind\nTST-0005,computer\n' >"$WORK/clash.csv"
expect_exit "import refuses the clash too" 1 inv import "$WORK/clash.csv"
expect_contains "... naming both" "tag TST-0005 reads as asset ТСТ-0005" "$ERR_TXT"
printf 'tag,kind\nЦА-1,computer\nTSA-1,computer\n' >"$WORK/clash2.csv"
expect_exit "two rows with one scan code are refused" 1 inv import "$WORK/clash2.csv"
expect_contains "... naming the line" "has the scan code TSA-1 of the tag on line 2" "$ERR_TXT"
long=$(printf 'Щ%.0s' $(seq 1 33))
expect_exit "a tag of 33 letters is refused" 1 inv asset add --kind computer --tag "$long"
expect_contains "... as too long, counted in letters" "1-32 Latin or Cyrillic letters" "$ERR_TXT"
expect_eq "nothing changed" "$before" "$(db_digest)"
expect_exit "32 Cyrillic letters are a tag" 0 inv asset add --kind computer \
    --tag "$(printf 'Щ%.0s' $(seq 1 32))"

# ---- stock check: layouts mapped back, and said so ----
id=$(inv check start --office RDSA-26)
out=$(inv check scan "$id" 'ЗЪ-000011')
expect_contains "check scan maps the BDS layout back" "found PC-000011" "$out"
expect_contains "... and says so" "mapped from the BDS keyboard layout: PC-000011" "$out"
out=$(inv check scan "$id" 'ПЦ-000011')
expect_contains "check scan maps the phonetic layout back" "duplicate PC-000011" "$out"
expect_contains "... and says so" "mapped from the phonetic keyboard layout: PC-000011" "$out"
out=$(inv check scan "$id" 'VEH-0002')
expect_not_contains "an exact code says nothing of layouts" "mapped" "$out"
id2=$(inv check start --office RDSA-11)
# VEH-0001 typed through phonetic, through BDS, then right.
printf 'ЖЕХ-0001\r\nЭЕГ-0001\r\nVEH-0001\r\n' >"$WORK/batch.txt"
expect_exit "check import maps layouts back" 0 inv check import "$id2" "$WORK/batch.txt"
expect_contains "... and says so (phonetic)" "found VEH-0001  Автомобил, Dacia  (mapped from the phonetic keyboard layout: VEH-0001)" "$OUT_TXT"
expect_contains "... and says so (BDS)" "duplicate VEH-0001  Автомобил, Dacia  (scanned before: found) (mapped from the BDS keyboard layout: VEH-0001)" "$OUT_TXT"
expect_not_contains "... and the exact code's line is not printed" "
duplicate VEH-0001  Автомобил, Dacia  (scanned before: found)
" "$OUT_TXT"
expect_contains "... counted once" "found 1" "$OUT_TXT"

# ---- an ambiguous code is never resolved ----
inv asset add --kind computer --tag O-1 >/dev/null
inv asset add --kind computer --tag D-1 >/dev/null
# Д is O on BDS and D on phonetic.
expect_exit "an ambiguous tag look-up is refused" 1 inv asset show 'Д-1'
expect_contains "... saying why" "is ambiguous" "$ERR_TXT"
out=$(inv check scan "$id" 'Д-1')
expect_contains "an ambiguous scan stays unknown" "unknown Д-1" "$out"
expect_contains "... saying why" "ambiguous" "$out"

# ---- the label's QR code is the scan code, and scans back ----
if command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    expect_exit "a label for a Cyrillic tag" 0 inv labels 'ТСТ-0005' --template 62x29 \
        -o "$WORK/cyr.pdf"
    pdftoppm -r 300 -f 1 -l 1 "$WORK/cyr.pdf" "$WORK/lab" 2>/dev/null
    code=$(zbarimg -q --raw --nodbus "$WORK"/lab-*.ppm 2>/dev/null | head -n 1)
    expect_eq "its QR code holds the scan code" "TST-0005" "$code"
    expect_contains "its text shows the tag" "ТСТ-0005" "$(pdftotext "$WORK/cyr.pdf" - 2>/dev/null)"
    id3=$(inv check start --office DSP-LOV)
    expect_contains "the decoded code scans back to the asset" "found ТСТ-0005" \
        "$(inv check scan "$id3" "$code")"
else
    fail "zbarimg and pdftoppm are needed (apt-get install zbar-tools poppler-utils)"
fi

# ---- verify: the stored codes are the tag's ----
expect_exit "verify passes" 0 inv verify
cp "$DB" "$WORK/tamper.db"
sqlite3 "$WORK/tamper.db" "UPDATE asset SET scan_code = 'PC-999' WHERE tag = 'ТСТ-0005'"
expect_exit "verify finds a scan code that is not the tag's" 1 \
    "$INVENTAR_BIN" --db "$WORK/tamper.db" verify
expect_contains "... naming the asset" "asset ТСТ-0005: its scan code 'PC-999'" "$ERR_TXT$OUT_TXT"

# ---- export carries the scan code; restore checks it ----
inv export -o "$WORK/all.json"
expect_contains "export carries scan_code" '"scan_code":"TST-0005"' "$(cat "$WORK/all.json")"
"$INVENTAR_BIN" --db "$WORK/r.db" init >/dev/null
expect_exit "restore" 0 "$INVENTAR_BIN" --db "$WORK/r.db" import "$WORK/all.json"
expect_eq "the restored asset resolves by its scan code" "ТСТ-0005" \
    "$("$INVENTAR_BIN" --db "$WORK/r.db" asset show TST-0005 --format csv | sed -n 2p | cut -d, -f1)"
sed 's/"scan_code":"TST-0005"/"scan_code":"XYZ-0005"/' "$WORK/all.json" >"$WORK/bad.json"
"$INVENTAR_BIN" --db "$WORK/r2.db" init >/dev/null
expect_exit "a scan code that is not the tag's is refused" 1 \
    "$INVENTAR_BIN" --db "$WORK/r2.db" import "$WORK/bad.json"
expect_contains "... naming the asset" "ТСТ-0005: scan code 'XYZ-0005' is not the tag's (TST-0005)" "$ERR_TXT"

finish
