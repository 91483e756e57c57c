# check_order.sh: the order for a stock check (заповед, ЗИ- number) that
# `check start --order ... --chair ... --member ... --mol ...` records is
# printed by `document print` (checked with pdftotext: title, number and
# date, the order's text, the office with its sub-offices, the start of
# the check, the commission, the МОЛ, the signature line of the one who
# orders, the acknowledgement lines, the history's head, "стр. 1 от 1");
# printed again it is the same paper whatever changed since; an order
# without a commission leaves lines to fill in by hand.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
Y=$(date +%Y)

setup_world || fail "setup_world"
inv asset add --kind tablet --tag TAB-1 --office DSP-LOV >/dev/null
expect_exit "check start under an order" 0 inv check start --office RDSA-11 --recursive \
    --order 'Заповед № РД-09-77/01.12.2026' --chair 'Иван Петров' \
    --member 'Мария Иванова' --member 'Георги Колев' --mol 'Петя Стоянова'
id=$OUT_TXT
expect_contains "... records the check order" "ЗИ-$Y-0001" "$ERR_TXT"

expect_exit "document print of the check order" 0 BG inv document print "ЗИ-$Y-0001" \
    -o "$WORK/order.pdf"
t=$(pdf_text "$WORK/order.pdf")
expect_contains "agency" "Агенция за социално подпомагане" "$t"
expect_contains "title" "ЗАПОВЕД" "$t"
expect_contains "number and date" "№ ЗИ-$Y-0001 от $(date +%d.%m.%Y)" "$t"
expect_contains "what it is for" "за извършване на инвентаризация" "$t"
expect_contains "the order's text" "Основание: Заповед № РД-09-77/01.12.2026" "$t"
expect_contains "I order" "НАРЕЖДАМ:" "$t"
expect_contains "the office with its sub-offices" \
    "инвентаризация на активите в РДСП Ловеч (RDSA-11), заедно с подчинените звена" \
    "$(printf '%s' "$t" | tr -s ' \n' '  ')"
expect_contains "the start of the check" "Инвентаризацията започва на $(date +%d.%m.%Y)" "$t"
expect_contains "the chair" "Председател на комисията: Иван Петров" "$t"
expect_contains "the members" "Членове на комисията: Мария Иванова, Георги Колев" "$t"
expect_contains "the МОЛ" "Материалноотговорното лице Петя Стоянова" "$t"
expect_contains "the one who orders signs" "Директор: ......" "$t"
expect_eq "... on a blank line (not recorded)" 1 \
    "$(printf '%s\n' "$t" | grep -c -E '^ *Директор: \.+ \( +\)')"
expect_contains "the acknowledgement" "Запознати със заповедта:" "$t"
expect_contains "... by the chair" "Председател: ......" "$t"
for m in 'Иван Петров' 'Мария Иванова' 'Георги Колев' 'Петя Стоянова'; do
    expect_contains "... a line for $m" "($m)" "$t"
done
expect_contains "... and the МОЛ" "МОЛ: ......" "$t"
expect_contains "the history's head" "Състояние на историята: №" "$t"
expect_contains "the page" "стр. 1 от 1" "$t"
expect_contains "the number in the footer" "№ ЗИ-$Y-0001" "$(printf '%s' "$t" | grep 'стр. 1 от 1')"
expect_eq "one page" 1 "$(pdfinfo "$WORK/order.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"

# Printed again after the check's commission and the office changed: the
# same paper, as it was ordered.
inv check edit "$id" --chair 'Друг Председател' --mol 'Друго МОЛ' >/dev/null
inv office edit RDSA-11 --name 'РДСП Ловеч (ново име)' >/dev/null
inv asset edit TAB-1 --model 'Changed' >/dev/null
expect_exit "printed again" 0 BG inv document print "ЗИ-$Y-0001" -o "$WORK/order2.pdf"
expect_eq "... the same text" "$t" "$(pdf_text "$WORK/order2.pdf")"

# In English under an English locale.
expect_exit "in English" 0 env LC_ALL=C.UTF-8 LANGUAGE= "$INVENTAR_BIN" --db "$DB" \
    document print "ЗИ-$Y-0001" -o "$WORK/order-en.pdf"
te=$(pdf_text "$WORK/order-en.pdf")
expect_contains "... its title" "ORDER" "$te"
expect_contains "... acknowledgement" "Acknowledged the order:" "$te"

# An order without a commission: lines to fill in by hand.
id2=$(inv check start --office ASP-WH --order 'Заповед 5' --doc 'ЗИ-РЪЧНА-5' 2>/dev/null)
expect_exit "a check order without a commission" 0 BG inv document print 'ЗИ-РЪЧНА-5' \
    -o "$WORK/bare.pdf"
t=$(pdf_text "$WORK/bare.pdf")
expect_contains "... its number" "№ ЗИ-РЪЧНА-5" "$t"
expect_contains "... its text" "Основание: Заповед 5" "$t"
expect_not_contains "... no commission point" "Председател на комисията" "$t"
expect_eq "... blank lines for the chair and two members" 3 \
    "$(printf '%s\n' "$t" | grep -c -E '^ *(Председател|Член): \.+ \( +\)')"
expect_eq "the check's id" 2 "$id2"
expect_exit "verify passes" 0 inv verify
finish
