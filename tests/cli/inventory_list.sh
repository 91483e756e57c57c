# inventory_list.sh: a stock check under an order and a commission.
# `check start --order --chair --member... --mol` stores them and records
# the check order (ЗИ- number, or --doc); `check edit` changes them while
# the check is open and is refused once it is closed; `check report -o
# FILE.pdf` writes the inventory list (checked with pdftotext: title,
# number, office, order, commission, every tag, totals, signature lines for
# the chair, each member and the МОЛ, the record of shortages and
# surpluses, "стр. N от M" on every page of a list of 300+ assets), which
# closing the check records (ИО- number) and every print shows again; the
# .xlsx holds the same rows as the CSV; a check without an order still
# gets its list, without an order line; export and restore carry it all.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
Y=$(date +%Y)

setup_world || fail "setup_world"
# 320 assets at ДСП Ловеч, in one import: every fifth in leva.
{
    echo 'tag,kind,make,model,office,cost,currency'
    i=1
    while [ $i -le 320 ]; do
        if [ $((i % 5)) -eq 0 ]; then cur=BGN; else cur=EUR; fi
        printf 'INV-%04d,tablet,Lenovo,Tab M10,DSP-LOV,%d.50,%s\n' "$i" "$((100 + i))" "$cur"
        i=$((i + 1))
    done
} >"$WORK/many.csv"
expect_exit "320 assets imported" 0 inv import "$WORK/many.csv"
inv asset add --kind vehicle --tag VEH-X --make Dacia --model Duster --cost 20000 \
    --currency EUR --office RDSA-11 >/dev/null

# --- start under an order ---
expect_exit "check start under an order and a commission" 0 BG inv check start \
    --office DSP-LOV --order 'Заповед № РД-09-77/01.12.2026' --chair 'Иван Петров' \
    --member 'Мария Иванова' --member 'Георги Колев' --mol 'Петя Стоянова'
id=$OUT_TXT
expect_eq "... prints the check's id alone on stdout" 1 "$id"
expect_contains "... and names the check order on stderr" "ЗИ-$Y-0001" "$ERR_TXT"
json=$(inv check status "$id" --format json)
expect_contains "status: the order" '"order": "Заповед № РД-09-77/01.12.2026"' "$json"
expect_contains "status: the chair" '"chair": "Иван Петров"' "$json"
expect_contains "status: the МОЛ" '"mol": "Петя Стоянова"' "$json"
expect_contains "status: the members" '"Георги Колев"' "$json"
doc=$(inv document list --type check_order --format json)
expect_contains "the check order is a document" "\"number\":\"ЗИ-$Y-0001\"" "$doc"
expect_contains "... naming the chair" "Иван Петров" "$doc"

# --- edit while open ---
expect_exit "check edit while open" 0 inv check edit "$id" --member 'Мария Иванова' \
    --member 'Георги Колев' --member 'Стоян Стоянов' --mol 'Петя Димитрова'
json=$(inv check status "$id" --format json)
expect_contains "... a member added" '"Стоян Стоянов"' "$json"
expect_contains "... the МОЛ changed" '"mol": "Петя Димитрова"' "$json"
expect_contains "... the chair kept" '"chair": "Иван Петров"' "$json"
expect_exit "check edit with nothing to change is a usage error" 2 inv check edit "$id"
before=$(db_digest)
expect_exit "a member with a control character is refused" 1 inv check edit "$id" \
    --member "$(printf 'A\tB')"
expect_eq "... nothing changed" "$before" "$(db_digest)"

# --- scans: all but three found, one from elsewhere, one unknown ---
seq -f 'INV-%04g' 1 317 >"$WORK/scans.txt"
printf 'VEH-X\nNOPE-404\n' >>"$WORK/scans.txt"
expect_exit "scans" 0 inv check import "$id" "$WORK/scans.txt"

# --- an open check: a draft, not a document ---
expect_exit "the list of an open check" 0 BG inv check report "$id" -o "$WORK/draft.pdf"
t=$(pdf_text "$WORK/draft.pdf")
expect_contains "... is a draft" "Проект" "$t"
expect_eq "... recorded nowhere" "" "$(inv document list --type inventory_list --format csv | tail -n +2)"

# --- close; the list is a document ---
expect_exit "check close" 0 BG inv check close "$id"
expect_contains "... records the inventory list" "ИО-$Y-0001" "$ERR_TXT"
before=$(db_digest)
expect_exit "check edit of a closed check is refused" 1 inv check edit "$id" --chair 'Друг'
expect_contains "... saying it is closed" "приключена" "$(BG inv check edit "$id" --chair 'Друг' 2>&1)"
expect_eq "... nothing changed" "$before" "$(db_digest)"

expect_exit "check report -o FILE.pdf" 0 BG inv check report "$id" -o "$WORK/il.pdf"
expect_contains "... prints the list's number" "ИО-$Y-0001" "$OUT_TXT"
t=$(pdf_text "$WORK/il.pdf")
expect_contains "title" "ИНВЕНТАРИЗАЦИОНЕН ОПИС" "$t"
expect_contains "number" "№ ИО-$Y-0001" "$t"
expect_contains "agency" "Агенция за социално подпомагане" "$t"
expect_contains "office" "Звено: ДСП Ловеч (DSP-LOV)" "$t"
expect_contains "order" "Въз основа на заповед: Заповед № РД-09-77/01.12.2026" "$t"
expect_contains "chair" "Председател на комисията: Иван Петров" "$t"
expect_contains "members" "Мария Иванова, Георги Колев, Стоян Стоянов" "$t"
expect_contains "МОЛ" "Петя Димитрова" "$t"
expect_contains "unit" "бр." "$t"
missing=""
for i in $(seq 1 320); do
    tag=$(printf 'INV-%04d' "$i")
    case "$t" in *"$tag"*) ;; *) missing="$missing $tag" ;; esac
done
expect_eq "every tag is listed" "" "$missing"
expect_contains "the surplus from elsewhere" "VEH-X" "$t"
expect_contains "the unknown code apart" "Кодове, които не съответстват на актив (1)" "$t"
expect_contains "... NOPE-404" "NOPE-404" "$t"
expect_contains "totals: quantities" "по отчет 320, установени 318, излишък 1, липса 3" "$t"
expect_contains "totals: surplus value" "Стойност на излишъците: 20 000,00 EUR" "$t"
expect_contains "a leva cost with euro first" "(420,50 BGN)" "$t"
expect_contains "signature: chair" "Председател: ......" "$t"
for m in 'Мария Иванова' 'Георги Колев' 'Стоян Стоянов'; do
    expect_contains "signature: member $m" "($m)" "$t"
done
expect_contains "signature: МОЛ" "МОЛ: ......" "$t"
expect_contains "the date under the signatures" "Дата: " "$t"
expect_contains "the record of shortages and surpluses" "СРАВНИТЕЛНА ВЕДОМОСТ ЗА ЛИПСИ И ИЗЛИШЪЦИ" "$t"
expect_contains "the history's head" "Състояние на историята: №" "$t"
pages=$(pdfinfo "$WORK/il.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
expect_eq "the list spans several pages" yes "$([ "${pages:-0}" -ge 5 ] && echo yes)"
bad=""
p=1
while [ "$p" -le "${pages:-0}" ]; do
    pt=$(pdftotext -layout -f "$p" -l "$p" "$WORK/il.pdf" - 2>/dev/null)
    case "$pt" in *"стр. $p от $pages"*) ;; *) bad="$bad $p" ;; esac
    case "$pt" in *"№ ИО-$Y-0001"*) ;; *) bad="$bad n$p" ;; esac
    p=$((p + 1))
done
expect_eq "\"стр. N от M\" and the number on each page" "" "$bad"
p2=$(pdftotext -layout -f 2 -l 2 "$WORK/il.pdf" - 2>/dev/null)
expect_contains "the table header repeated on page 2" "Инвентарен" "$p2"
# The record on its own page: the page that starts it holds no tag list
# heading of the list itself.
rec_page=$(p=1; while [ "$p" -le "$pages" ]; do
    pdftotext -layout -f "$p" -l "$p" "$WORK/il.pdf" - 2>/dev/null | grep -q 'СРАВНИТЕЛНА ВЕДОМОСТ' && { echo "$p"; break; }
    p=$((p + 1)); done)
expect_eq "the record starts a page of its own" no \
    "$(pdftotext -layout -f "$rec_page" -l "$rec_page" "$WORK/il.pdf" - 2>/dev/null | grep -q 'ИНВЕНТАРИЗАЦИОНЕН ОПИС' && echo yes || echo no)"
rec=$(pdftotext -layout -f "$rec_page" -l "$pages" "$WORK/il.pdf" - 2>/dev/null)
expect_contains "... with a shortage" "INV-0318" "$rec"
expect_contains "... and the surplus" "VEH-X" "$rec"
expect_not_contains "... and no asset found in place" "INV-0001" "$rec"

# --- printed again: the same paper, whatever changed since ---
inv asset edit INV-0001 --model 'Changed Later' >/dev/null
expect_exit "check report again" 0 BG inv check report "$id" -o "$WORK/il2.pdf"
expect_eq "... the same text" "$t" "$(pdf_text "$WORK/il2.pdf")"
expect_exit "document print of the list" 0 BG inv document print "ИО-$Y-0001" -o "$WORK/il3.pdf"
expect_eq "... the same text" "$t" "$(pdf_text "$WORK/il3.pdf")"
expect_eq "one inventory list recorded" 1 \
    "$(inv document list --type inventory_list --format csv | tail -n +2 | wc -l | tr -d ' ')"

# --- the same rows as a spreadsheet ---
expect_exit "check report -o FILE.csv" 0 inv check report "$id" -o "$WORK/il.csv"
expect_exit "check report -o FILE.xlsx" 0 inv check report "$id" -o "$WORK/il.xlsx"
csv_n=$(wc -l <"$WORK/il.csv" | tr -d ' ')
x_n=$(unzip -p "$WORK/il.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l | tr -d ' ')
expect_eq "the CSV: a header and a row per asset and unknown code" 323 "$csv_n"
expect_eq "the .xlsx has the same rows as the CSV" "$csv_n" "$x_n"
head=$(head -n 1 "$WORK/il.csv")
expect_contains "the CSV has the inventory list's columns" "Surplus,Shortage" "$head"
expect_contains "a shortage row" "missing,INV-0320" "$(cat "$WORK/il.csv")"
expect_contains "... its quantities and values" "pcs.,1,0,0,1,215.00,-215.00,BGN" \
    "$(grep 'INV-0320' "$WORK/il.csv")"
S=$(unzip -p "$WORK/il.xlsx" xl/sharedStrings.xml)
for w in INV-0001 INV-0320 VEH-X NOPE-404; do
    expect_contains "the .xlsx holds $w" "<t>$w</t>" "$S"
done

# --- a given number; a check without an order ---
id2=$(inv check start --office RDSA-11 --order 'Заповед 2' --doc 'ЗИ-ОСОБЕН-1' 2>/dev/null)
expect_contains "a given check-order number" "ЗИ-ОСОБЕН-1" "$(inv document list --type check_order --format csv)"
expect_exit "a used check-order number is refused" 1 inv check start --office ASP-WH \
    --order 'Заповед 3' --doc 'ЗИ-ОСОБЕН-1'
expect_eq "... and no check started" "" "$(inv check list --office ASP-WH --format csv | tail -n +2)"
expect_exit "--commission with --chair is a usage error" 2 inv check start --office ASP-WH \
    --commission 'А; Б' --chair 'В'
inv check close "$id2" >/dev/null
id3=$(inv check start --office ASP-WH)
inv check close "$id3" >/dev/null
expect_exit "the list of a check without an order" 0 BG inv check report "$id3" -o "$WORK/plain.pdf"
t=$(pdf_text "$WORK/plain.pdf")
expect_contains "... is an inventory list" "ИНВЕНТАРИЗАЦИОНЕН ОПИС" "$t"
expect_not_contains "... without an order line" "заповед:" "$t"
expect_contains "... with blank signature lines" "Председател: ....." "$t"
expect_exit "verify passes" 0 inv verify

# --- export and restore carry the order and the commission ---
inv export -o "$WORK/all.json" >/dev/null
DB2=$WORK/restored.db
"$INVENTAR_BIN" --db "$DB2" init >/dev/null
expect_exit "restore" 0 "$INVENTAR_BIN" --db "$DB2" import "$WORK/all.json"
expect_eq "restored: the same check" "$(inv check status "$id" --format json)" \
    "$("$INVENTAR_BIN" --db "$DB2" check status "$id" --format json)"
BG "$INVENTAR_BIN" --db "$DB2" document print "ИО-$Y-0001" -o "$WORK/r.pdf"
expect_eq "restored: the same inventory list" "$(pdf_text "$WORK/il.pdf")" "$(pdf_text "$WORK/r.pdf")"

finish
