#!/bin/sh
# sheets.sh: lists and reports for people, as clerks open them in Excel.
# `asset list -o FILE.xlsx|.csv` and `check report ID -o FILE.xlsx|.csv`
# write the same rows as each other and as the list for scripts; the
# .xlsx (a zip of XML, read back with unzip) has typed cells (numbers
# without t="s", dates with a dd.mm.yyyy format), Cyrillic, a bold frozen
# header; a CSV for people starts with a UTF-8 BOM and no cell of it can
# start a formula, while `--format csv` on standard output stays plain;
# neither is ever written onto the database.
. "$TESTLIB"

setup_world
inv asset add --kind tablet --tag ТСТ-0005 --make Samsung --model '=1+1' --office DSP-LOV \
    --custodian 'Иван Петров' --cost '1 234,50' --currency BGN --purchase-date 2023-04-01 >/dev/null
inv asset add --kind computer --tag PC-0001 --make Lenovo --model '@SUM(A1)' --office DSP-LOV \
    --serial '-5' --cost 800 --currency EUR >/dev/null
inv asset add --kind computer --tag PC-0002 --make '+Dell' --model 'OptiPlex 7010' >/dev/null
inv asset add --kind vehicle --tag VH-0001 --make Dacia --model Duster --office RDSA-26 \
    --attr plate='X 1234 AB' >/dev/null

# sheet_xml FILE: the first worksheet; strings FILE: the shared strings.
sheet_xml() { unzip -p "$1" xl/worksheets/sheet1.xml; }
strings_xml() { unzip -p "$1" xl/sharedStrings.xml; }
# rows FILE: the rows of the first worksheet, the header included.
rows() { sheet_xml "$1" | grep -o '<row ' | wc -l; }
# csv_rows FILE: lines of a CSV file (no cell here holds a line break).
csv_rows() { wc -l <"$1" | tr -d ' '; }
# The number format of style index $2 in FILE's styles.xml.
style_format() {
    unzip -p "$1" xl/styles.xml | tr '<' '\n' >"$WORK/styles.txt"
    id=$(sed -n '/^cellXfs/,/^\/cellXfs/p' "$WORK/styles.txt" | grep '^xf ' |
         sed -n "$(($2 + 1))p" | sed 's/.*numFmtId="\([0-9]*\)".*/\1/')
    grep "^numFmt numFmtId=\"$id\"" "$WORK/styles.txt" | sed 's/.*formatCode="\([^"]*\)".*/\1/'
}

# --- asset list -o FILE.csv: for people
expect_exit "asset list -o FILE.csv" 0 inv asset list -o "$WORK/a.csv"
expect_eq "... starts with a UTF-8 BOM" "efbbbf" "$(head -c 3 "$WORK/a.csv" | od -An -tx1 | tr -d ' \n')"
expect_eq "... one row per asset and a header" 5 "$(csv_rows "$WORK/a.csv")"
A=$(cat "$WORK/a.csv")
expect_contains "... a model '=1+1' can't start a formula" ",'=1+1," "$A"
expect_contains "... nor '@SUM(A1)'" ",'@SUM(A1)," "$A"
expect_contains "... nor a serial '-5'" ",'-5," "$A"
expect_contains "... nor a make '+Dell'" ",'+Dell," "$A"
expect_contains "... Cyrillic kept, status in words" "ТСТ-0005,Таблет,Samsung,'=1+1,,assigned,DSP-LOV,ДСП Ловеч,Иван Петров" "$A"
expect_contains "... amounts as numbers, dates as a person writes them" ",2023-04-01,1234.50,BGN" "$A"
expect_contains "... the header names the columns" "Tag,Kind,Make,Model" "$A"

# --- --format csv on standard output: for scripts, plain
inv asset list --format csv >"$WORK/plain.csv"
expect_eq "--format csv on stdout has no BOM" "tag,kind" "$(head -c 8 "$WORK/plain.csv")"
expect_contains "... and its cells are as stored" "Samsung,=1+1," "$(cat "$WORK/plain.csv")"
expect_eq "... the same rows as the file for people" 5 "$(csv_rows "$WORK/plain.csv")"

# --- asset list -o FILE.xlsx
expect_exit "asset list -o FILE.xlsx" 0 inv asset list -o "$WORK/a.xlsx"
expect_exit "... is a valid zip" 0 unzip -tq "$WORK/a.xlsx"
expect_eq "... the same rows as the CSV" "$(csv_rows "$WORK/a.csv")" "$(rows "$WORK/a.xlsx")"
S=$(strings_xml "$WORK/a.xlsx")
X=$(sheet_xml "$WORK/a.xlsx")
expect_contains "... a Cyrillic tag" "<t>ТСТ-0005</t>" "$S"
expect_contains "... a Cyrillic name" "<t>Иван Петров</t>" "$S"
expect_contains "... a formula-like text is only text" "<t>=1+1</t>" "$S"
expect_not_contains "... and never a formula" "<f>" "$X"
cost=$(printf '%s' "$X" | grep -o '<c r="L[0-9]*"[^>]*><v>1234.5</v>')
expect_eq "... the cost is a number cell" 1 "$(printf '%s\n' "$cost" | grep -c 'v>1234.5<')"
expect_not_contains "... not a string" 't="s"' "$cost"
expect_eq "... shown with 2 decimals" "#,##0.00" \
    "$(style_format "$WORK/a.xlsx" "$(printf '%s' "$cost" | sed 's/.* s="\([0-9]*\)".*/\1/')")"
# 2023-04-01 is day 45017 of Excel's calendar.
pdate=$(printf '%s' "$X" | grep -o '<c r="K[0-9]*"[^>]*><v>45017</v>')
expect_eq "... the purchase date is a date cell" 1 "$(printf '%s\n' "$pdate" | grep -c 'v>45017<')"
expect_not_contains "... not a string" 't="s"' "$pdate"
expect_eq "... shown dd.mm.yyyy" "dd.mm.yyyy" \
    "$(style_format "$WORK/a.xlsx" "$(printf '%s' "$pdate" | sed 's/.* s="\([0-9]*\)".*/\1/')")"
expect_contains "... the header stays in view" 'state="frozen"' "$X"
expect_contains "... the header is bold" '<c r="A1" s="1" t="s">' "$X"
expect_contains "... (style 1 is the bold font)" '<b/>' "$(unzip -p "$WORK/a.xlsx" xl/styles.xml)"
expect_contains "... the columns are sized to their content" '<col min="2" max="2" width="' "$X"

# Filters as for asset list.
inv asset list --office DSP-LOV -o "$WORK/lov.xlsx"
inv asset list --office DSP-LOV --format csv >"$WORK/lov.csv"
expect_eq "-o takes the filters of asset list" "$(csv_rows "$WORK/lov.csv")" "$(rows "$WORK/lov.xlsx")"
inv asset list --kind computer -o "$WORK/pc.csv"
expect_eq "... --kind too" 3 "$(csv_rows "$WORK/pc.csv")"

# In Bulgarian, the headers are Bulgarian.
if locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    LC_ALL=bg_BG.UTF-8 inv asset list -o "$WORK/bg.xlsx"
    expect_contains "in Bulgarian the header is Bulgarian" "<t>Марка</t>" "$(strings_xml "$WORK/bg.xlsx")"
fi

# --- check report ID -o FILE.csv|FILE.xlsx: the same rows
cid=$(inv check start --office DSP-LOV)
inv check scan "$cid" PC-0001 VH-0001 NOPE-1 >/dev/null
expect_exit "check report -o FILE.csv" 0 inv check report "$cid" -o "$WORK/r.csv"
expect_exit "check report -o FILE.xlsx" 0 inv check report "$cid" -o "$WORK/r.xlsx"
expect_eq "... the CSV has the BOM" "efbbbf" "$(head -c 3 "$WORK/r.csv" | od -An -tx1 | tr -d ' \n')"
expect_eq "... a row per found, missing, unexpected and unknown, and the header" 5 "$(csv_rows "$WORK/r.csv")"
expect_eq "... the .xlsx has the same rows" 5 "$(rows "$WORK/r.xlsx")"
R=$(strings_xml "$WORK/r.xlsx")
for w in found missing unexpected unknown ТСТ-0005 PC-0001 VH-0001 NOPE-1 'ДСП Ловеч'; do
    expect_contains "... the .xlsx holds $w" "<t>$w</t>" "$R"
done
scan=$(sheet_xml "$WORK/r.xlsx" | grep -o '<c r="L2"[^>]*>')
expect_eq "... the scan time is a date and time" "dd.mm.yyyy hh:mm" \
    "$(style_format "$WORK/r.xlsx" "$(printf '%s' "$scan" | sed 's/.* s="\([0-9]*\)".*/\1/')")"
expect_contains "... and the CSV holds the same" "missing,ТСТ-0005,Таблет,Samsung,'=1+1" "$(cat "$WORK/r.csv")"

# --- history TAG|--office CODE -o FILE: the table's rows, typed
inv history ТСТ-0005 --format csv >"$WORK/h-plain.csv"
expect_exit "history TAG -o FILE.xlsx" 0 inv history ТСТ-0005 -o "$WORK/h.xlsx"
expect_eq "... a row per event and the header" "$(csv_rows "$WORK/h-plain.csv")" "$(rows "$WORK/h.xlsx")"
num=$(sheet_xml "$WORK/h.xlsx" | grep -o '<c r="A2"[^>]*>')
expect_not_contains "... the event's number is a number" 't="s"' "$num"
expect_contains "... the events in words" "<t>assigned</t>" "$(strings_xml "$WORK/h.xlsx")"
expect_exit "history --office CODE -o FILE.csv" 0 inv history --office DSP-LOV -o "$WORK/ho.csv"
expect_eq "... a row per asset held and the header" 3 "$(csv_rows "$WORK/ho.csv")"
expect_eq "... with the BOM" "efbbbf" "$(head -c 3 "$WORK/ho.csv" | od -An -tx1 | tr -d ' \n')"

# --- a pipe gets the whole file
mkfifo "$WORK/pipe.xlsx"
cat "$WORK/pipe.xlsx" >"$WORK/from-pipe.xlsx" &
expect_exit "asset list -o a FIFO .xlsx" 0 inv asset list -o "$WORK/pipe.xlsx"
wait
expect_exit "... what came through is a valid workbook" 0 unzip -tq "$WORK/from-pipe.xlsx"
expect_eq "... with every row" 5 "$(rows "$WORK/from-pipe.xlsx")"

# --- bad names, and never the database
expect_exit "asset list -o FILE.txt is a usage error" 2 inv asset list -o "$WORK/a.txt"
expect_exit "-o and --format together are a usage error" 2 inv asset list -o "$WORK/b.csv" --format json
expect_eq "... and write nothing" no "$([ -e "$WORK/a.txt" ] || [ -e "$WORK/b.csv" ] && echo yes || echo no)"
before=$(db_digest)
ln -s "$DB" "$WORK/db-link.xlsx"
ln -s "$DB" "$WORK/db-link.csv"
expect_exit "asset list -o a .xlsx link to the database is refused" 1 inv asset list -o "$WORK/db-link.xlsx"
expect_contains "... naming the database" "database $DB" "$ERR_TXT"
expect_exit "check report -o a .csv link to the database is refused" 1 \
    inv check report "$cid" -o "$WORK/db-link.csv"
expect_eq "... the database is unchanged" "$before" "$(db_digest)"
expect_exit "-o into a missing directory fails" 1 inv asset list -o "$WORK/none/a.xlsx"
expect_contains "... naming the file" "$WORK/none/a.xlsx" "$ERR_TXT"
expect_eq "no temporary file is left" "" "$(ls -A "$WORK" | grep -i 'tmp' || true)"

# The list of stock checks for Excel: the same rows as for scripts, and
# the state in words.
n_checks=$(inv check list --format csv | tail -n +2 | wc -l)
expect_exit "check list -o FILE.xlsx" 0 inv check list -o "$WORK/checks.xlsx"
expect_eq "... a row per check, under the header" "$((n_checks + 1))" \
    "$(sheet_xml "$WORK/checks.xlsx" | grep -o '<row ' | wc -l)"
expect_exit "check list -o FILE.csv" 0 inv check list -o "$WORK/checks.csv"
expect_eq "... the same rows in CSV" "$((n_checks + 1))" "$(wc -l <"$WORK/checks.csv" | tr -d ' ')"
expect_exit "check list --due -o FILE.csv" 0 inv check list --due 12 -o "$WORK/due.csv"
expect_exit "check list: -o and --format together are refused" 2 \
    inv check list -o "$WORK/y.csv" --format csv
finish
