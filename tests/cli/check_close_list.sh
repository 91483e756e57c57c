# check_close_list.sh: closing a stock check records its inventory list
# (ИО- number, said on stderr), with or without --apply, in the close's
# transaction: a check closed with --apply and never printed has its list;
# `check report -o FILE.pdf` and `document print` then print that record
# (the same text; no second list); `check close --doc NUMBER` numbers it,
# a number taken is refused and the check stays open; `check report --doc`
# with another number is refused.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
Y=$(date +%Y)
lists() { inv document list --type inventory_list --format csv | tail -n +2 | wc -l | tr -d ' '; }

setup_world || fail "setup_world"
for t in A-1 A-2 A-3; do
    inv asset add --kind tablet --tag "$t" --office DSP-LOV --cost 100 --currency EUR >/dev/null
done

# --- close --apply, never printed: the list is there ---
id=$(inv check start --office DSP-LOV --order 'Заповед 1' --chair 'Иван Петров' \
    --member 'Мария Иванова' 2>/dev/null)
inv check scan "$id" A-1 A-2 >/dev/null
expect_exit "check close --apply" 0 BG inv check close "$id" --apply --yes
expect_contains "... says the list's number on stderr" "заведен е инвентаризационен опис ИО-$Y-0001" "$ERR_TXT"
expect_not_contains "... not on stdout" "ИО-" "$OUT_TXT"
expect_eq "one inventory list recorded" 1 "$(lists)"
expect_contains "... of this check" "ИО-$Y-0001" "$(inv document list --type inventory_list --format csv)"
expect_eq "A-3 was marked missing" missing \
    "$(inv asset show A-3 --format json | sed -n 's/.*"status": "\([a-z_]*\)".*/\1/p')"

expect_exit "document print of the list, never printed before" 0 BG inv document print \
    "ИО-$Y-0001" -o "$WORK/d.pdf"
t=$(pdf_text "$WORK/d.pdf")
expect_contains "... the inventory list" "ИНВЕНТАРИЗАЦИОНЕН ОПИС" "$t"
expect_contains "... its number" "№ ИО-$Y-0001" "$t"
expect_contains "... the shortage as closed" "по отчет 3, установени 2, излишък 0, липса 1" "$t"
expect_contains "... the commission" "Председател на комисията: Иван Петров" "$t"

# Changes after the close do not reach the list.
inv asset edit A-1 --model 'Променен' >/dev/null
inv status in_stock A-3 >/dev/null
expect_exit "check report -o FILE.pdf after close" 0 BG inv check report "$id" -o "$WORK/r.pdf"
expect_contains "... names the recorded list" "ИО-$Y-0001" "$OUT_TXT"
expect_eq "... the same text as the record" "$t" "$(pdf_text "$WORK/r.pdf")"
expect_eq "... and no second list" 1 "$(lists)"
expect_exit "check report --doc with the list's own number" 0 inv check report "$id" \
    --doc "ИО-$Y-0001" -o "$WORK/r2.pdf"
before=$(db_digest)
expect_exit "check report --doc with another number is refused" 1 inv check report "$id" \
    --doc 'ИО-ДРУГ' -o "$WORK/r3.pdf"
expect_contains "... naming the recorded number" "ИО-$Y-0001" "$ERR_TXT"
expect_eq "... nothing changed" "$before" "$(db_digest)"

# --- close without --apply, numbered with --doc ---
id2=$(inv check start --office RDSA-11 2>/dev/null)
expect_exit "check close --doc NUMBER" 0 inv check close "$id2" --doc 'ИО-7/2026'
expect_contains "... says that number" "ИО-7/2026" "$ERR_TXT"
expect_eq "two lists" 2 "$(lists)"
expect_exit "its report" 0 BG inv check report "$id2" -o "$WORK/r4.pdf"
expect_contains "... is that list" "№ ИО-7/2026" "$(pdf_text "$WORK/r4.pdf")"

# --- a number taken: refused, the check stays open ---
id3=$(inv check start --office ASP-WH 2>/dev/null)
before=$(db_digest)
expect_exit "check close with a list number already used" 1 inv check close "$id3" \
    --doc 'ИО-7/2026'
expect_contains "... naming the number" "ИО-7/2026" "$ERR_TXT"
expect_eq "... nothing changed" "$before" "$(db_digest)"
expect_contains "... the check is still open" '"closed_at": null' \
    "$(inv check status "$id3" --format json)"
expect_exit "an open check's report with --doc is refused" 1 inv check report "$id3" \
    --doc 'ИО-8' -o "$WORK/o.pdf"
expect_contains "... telling when it is numbered" "check close ID --doc" "$ERR_TXT"
expect_exit "then closed with a free number" 0 inv check close "$id3" --doc 'ИО-8'
expect_eq "three lists" 3 "$(lists)"
expect_exit "verify passes" 0 inv verify
finish
