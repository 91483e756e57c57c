# import_formats.sh: CSV as people really have it (DESIGN.md section 7):
# UTF-8 with a BOM, Windows-1251 with semicolons and CRLF, quoted line
# breaks, Bulgarian headings, dates and amounts, unknown columns, standard
# input, tabs, a pipe.
. "$TESTLIB"
q() { sqlite3 "$DB" "$1"; }

setup_world || fail "setup"
inv funding add BG05M9OP001-3.006-0001 'Механизми за социално включване' >/dev/null
inv funding add BG05SFPR002-2.002-0164 'Фронт офис Хасково' >/dev/null

# ---- UTF-8 with BOM, comma, English headings ----
expect_exit "UTF-8 file with a BOM imports" 0 inv import "$TESTDATA/import_utf8_bom.csv"
expect_eq "summary line" "4 imported, 0 updated, 0 unchanged, 0 bad" "$OUT_TXT"
expect_eq "the BOM does not spoil the first heading" "TAB-0101" \
    "$(q "SELECT tag FROM asset WHERE serial = 'R9TT101'")"
expect_eq "a quoted comma stays in the description" "Таблет за хора с увреден слух, каб. 3" \
    "$(q "SELECT description FROM asset WHERE tag = 'TAB-0101'")"
expect_eq "amount '1 234,56' in stotinki" "123456|BGN" \
    "$(q "SELECT cost, currency FROM asset WHERE tag = 'TAB-0101'")"
expect_eq "office by code, custodian, status defaults to assigned" "RDSA-11|Мария Иванова|assigned" \
    "$(q "SELECT o.code, a.custodian, a.status FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'TAB-0101'")"
expect_eq "Bulgarian date 15.03.2022" "2022-03-15" \
    "$(q "SELECT purchase_date FROM asset WHERE tag = 'VEH-0101'")"
expect_eq "vehicle fields become attributes" '{"plate":"ОВ 1234 ВК","vin":"UU1HSDADG45678901","year":"2022"}' \
    "$(q "SELECT attrs FROM asset WHERE tag = 'VEH-0101'")"
expect_eq "tablet IMEI attribute" '{"imei":"356938035643809"}' \
    "$(q "SELECT attrs FROM asset WHERE tag = 'TAB-0101'")"
expect_eq "in stock at the warehouse, no custodian" "ASP-WH|in_stock|" \
    "$(q "SELECT o.code, a.status, a.custodian FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'PC-0101'")"
expect_eq "an empty tag is generated from the kind's prefix" "PC-000001" \
    "$(q "SELECT tag FROM asset WHERE serial = 'HP400-77'")"
expect_eq "amount without decimals, a cost without currency is EUR" "210000|EUR" \
    "$(q "SELECT cost, currency FROM asset WHERE serial = 'HP400-77'")"
expect_eq "funding project linked" "BG05M9OP001-3.006-0001" \
    "$(q "SELECT f.code FROM asset a JOIN funding f ON f.id = a.funding_id WHERE a.tag = 'VEH-0101'")"
expect_eq "each new asset has its imported event, noting file and line" \
    "imported|RDSA-11|assigned|Мария Иванова|import_utf8_bom.csv:2|tester" \
    "$(q "SELECT e.type, o.code, e.to_status, e.to_custodian, e.note, e.actor FROM event e JOIN asset a ON a.id = e.asset_id LEFT JOIN office o ON o.id = e.to_office_id WHERE a.tag = 'TAB-0101'")"
expect_eq "one event per asset" "4" "$(q "SELECT count(*) FROM event WHERE subject_type = 'asset'")"
out=$(inv asset list --search 'Мария' --format csv)
expect_contains "imported assets are found by search (FTS in step)" "TAB-0101" "$out"
out=$(inv asset list --search 'duster' --format csv)
expect_contains "search by model, any case" "VEH-0101" "$out"

# ---- Windows-1251, semicolons, CRLF, Bulgarian headings ----
expect_exit "dry run of a Windows-1251 file" 0 inv import --dry-run "$TESTDATA/import_cp1251.csv"
expect_contains "the dry run names the encoding and delimiter" "Windows-1251, semicolon" "$OUT_TXT"
expect_contains "the dry run counts" "3 to import, 0 to update, 0 unchanged, 0 bad" "$OUT_TXT"
expect_exit "Windows-1251 file imports" 0 inv import "$TESTDATA/import_cp1251.csv"
expect_eq "Cyrillic converted to UTF-8" "Работно място във фронт офис Хасково" \
    "$(q "SELECT description FROM asset WHERE tag = 'HS-001'")"
expect_eq "'230 942,88' with 'лв.'" "23094288|BGN" \
    "$(q "SELECT cost, currency FROM asset WHERE tag = 'HS-001'")"
expect_eq "office by name, status 'Зачислен', МОЛ" "RDSA-26|assigned|Димитър Колев" \
    "$(q "SELECT o.code, a.status, a.custodian FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'HS-001'")"
expect_eq "warranty '01.04.2026 г.'" "2026-04-01" \
    "$(q "SELECT warranty_end FROM asset WHERE tag = 'HS-001'")"
expect_eq "kinds by Bulgarian name" "computer tablet vehicle" \
    "$(q "SELECT group_concat(code, ' ') FROM (SELECT k.code FROM asset a JOIN asset_kind k ON k.id = a.kind_id WHERE a.tag LIKE 'HS-%' ORDER BY a.tag)")"
expect_eq "'На склад' at 'Централен склад'" "ASP-WH|in_stock" \
    "$(q "SELECT o.code, a.status FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'HS-002'")"
expect_eq "'в ремонт', '41 250,5' EUR, date 3.7.2021" "in_repair|4125050|EUR|2021-07-03" \
    "$(q "SELECT status, cost, currency, purchase_date FROM asset WHERE tag = 'HS-003'")"
expect_eq "Cyrillic plate from Windows-1251" '{"plate":"ЕН 4567 АВ","vin":"JTDBR32E720123456","year":"2021"}' \
    "$(q "SELECT attrs FROM asset WHERE tag = 'HS-003'")"
expect_eq "'№' converted" "Таблет за глухи и сляпо-глухи № 2" \
    "$(q "SELECT description FROM asset WHERE tag = 'HS-002'")"
expect_eq "no carriage return left in any field" "0" \
    "$(q "SELECT count(*) FROM asset WHERE instr(description || custodian || attrs, char(13)) > 0")"

# ---- quoted line breaks ----
expect_exit "quoted line breaks import" 0 inv import "$TESTDATA/import_newlines.csv"
want=$(printf 'Първи ред\nвтори ред\nтрети ред с "кавички"')
expect_eq "a description over three lines, CRLF inside quotes becomes LF" "$want" \
    "$(q "SELECT description FROM asset WHERE tag = 'NL-1'")"
expect_eq "the row after it is read whole" "Едноредов, със запетая" \
    "$(q "SELECT description FROM asset WHERE tag = 'NL-2'")"
expect_eq "its event notes the line it starts on" "import_newlines.csv:5" \
    "$(q "SELECT e.note FROM event e JOIN asset a ON a.id = e.asset_id WHERE a.tag = 'NL-2'")"

# ---- unknown columns are reported, not silently dropped ----
expect_exit "unknown columns do not stop the import" 0 inv import "$TESTDATA/import_unknown_cols.csv"
expect_contains "a warning names the unknown columns" "import_unknown_cols.csv:1: warning: unknown columns not imported: 'Color'" "$ERR_TXT"
expect_eq "the known columns are imported" "Tab A8" "$(q "SELECT model FROM asset WHERE tag = 'UC-1'")"
expect_eq "a note column (Бележка) is kept as the description" "нещо" \
    "$(q "SELECT description FROM asset WHERE tag = 'UC-1'")"

# ---- standard input, tabs, a pipe ----
out=$(printf 'tag,kind,model\nSTD-1,tablet,Tab M10\n' | inv import - 2>&1)
expect_eq "'-' reads standard input" "1 imported, 0 updated, 0 unchanged, 0 bad" "$out"
out=$(printf 'tag,kind\nSTD-2,принтер\n' | inv import - 2>&1)
expect_contains "messages call it stdin" "stdin:2: no asset kind 'принтер'" "$out"
printf 'Инвентарен номер\tВид\tМодел\nTSV-1\tТаблет\tTab A9\n' >tabs.tsv
expect_exit "tab-separated file" 0 inv import tabs.tsv
expect_eq "tab-separated values" "Tab A9|tablet" \
    "$(q "SELECT a.model, k.code FROM asset a JOIN asset_kind k ON k.id = a.kind_id WHERE a.tag = 'TSV-1'")"
mkfifo pipe.csv
printf 'tag,kind\nFIFO-1,tablet\n' >pipe.csv &
expect_exit "a pipe is read (copied first)" 0 inv import pipe.csv
wait
expect_eq "row from the pipe" "1" "$(q "SELECT count(*) FROM asset WHERE tag = 'FIFO-1'")"

# ---- generated tags never take a tag the sheet itself uses ----
printf 'tag,kind\n,tablet\nTAB-000001,tablet\n,tablet\n' >gen.csv
expect_exit "generated tags and the sheet's own tags" 0 inv import gen.csv
expect_eq "no problem reported" "" "$ERR_TXT"
expect_eq "the sheet keeps TAB-000001, the others get the next free tags" \
    "TAB-000001:3 TAB-000002:2 TAB-000003:4" \
    "$(q "SELECT group_concat(x, ' ') FROM (SELECT a.tag || ':' || substr(e.note, 9) AS x FROM asset a JOIN event e ON e.asset_id = a.id WHERE a.tag LIKE 'TAB-00000%' ORDER BY a.tag)")"

# ---- an inventar export is restored, not read as a sheet ----
inv export -o full.csv
db2="$WORK/restored.db"
"$INVENTAR_BIN" --db "$db2" init >/dev/null
expect_exit "importing an export into an empty database restores it" 0 \
    "$INVENTAR_BIN" --db "$db2" --user tester import full.csv
expect_contains "and says so" "restored from the export" "$OUT_TXT"
"$INVENTAR_BIN" --db "$db2" export -o again.csv
expect_exit "the restored database exports the same bytes" 0 cmp full.csv again.csv
expect_exit "--update does not apply to an export" 2 \
    "$INVENTAR_BIN" --db "$db2" --user tester import --update full.csv

expect_exit "import --columns lists the Bulgarian headings" 0 inv import --columns
expect_contains "a Bulgarian heading" "инвентарен номер" "$OUT_TXT"
expect_exit "the database verifies after all these imports" 0 inv verify
finish
