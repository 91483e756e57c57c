#!/bin/sh
# funding_report.sh: the auditor's report of a funding project (`funding
# report CODE -o FILE.pdf|.csv|.xlsx`): every asset bought under the
# project with where it is now, since when (the act date that put it
# there), the last stock check that saw it and the last label printed;
# totals per kind and per office. For the demo's BG05M9OP001-3.006-0001:
# 85 vehicles, 330 tablets, 1,200 computer configurations, in the CSV,
# the .xlsx (unzipped) and the PDF's totals (pdftotext, in Bulgarian, with
# "стр. 1 от N" and "стр. N от N"). `office list -o` and `funding list -o`
# give the same rows as their --format csv. Bad input writes nothing.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
rows() { unzip -p "$1" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l | tr -d ' '; }
csv_rows() { wc -l <"$1" | tr -d ' '; }

# --- a small world: one asset followed through its acts ---
setup_world
inv funding add P-1 'Проект едно' --programme 'ОП РЧР' --amount 1000 --currency EUR \
    --from 2023-01-01 --to 2024-12-31 --durable-until 2029-12-31 >/dev/null
inv asset add --kind tablet --tag TAB-1 --make Samsung --model 'Tab A8' --serial R1 \
    --funding P-1 --cost '1 955,83' --currency BGN --purchase-date 2023-04-01 \
    --office ASP-WH --date 2023-04-01 >/dev/null
inv asset add --kind computer --tag PC-1 --make Dell --model OptiPlex --funding P-1 \
    --cost 500 --currency EUR --office RDSA-26 --date 2023-05-02 >/dev/null
inv asset add --kind computer --tag PC-2 --make Dell --model OptiPlex --office RDSA-26 >/dev/null
inv assign --to DSP-LOV --custodian 'Мария Иванова' --date 2024-05-10 TAB-1 >/dev/null
inv labels TAB-1 -o "$WORK/l.pdf" >/dev/null
id=$(inv check start --office DSP-LOV)
inv check scan "$id" TAB-1 >/dev/null
inv check close "$id" --apply --date 2024-06-15 >/dev/null
inv status in_repair --date 2024-07-01 TAB-1 >/dev/null
today=$(date +%Y-%m-%d)

expect_exit "funding report -o FILE.csv" 0 inv funding report P-1 -o "$WORK/p.csv"
C=$(cat "$WORK/p.csv")
expect_eq "... a header and one row per asset of the project (not PC-2)" 3 "$(csv_rows "$WORK/p.csv")"
expect_not_contains "... an asset of no project is left out" "PC-2" "$C"
expect_contains "... the header names the columns" \
    "Tag,Kind,Make,Model,Serial,Value (EUR),Cost,Currency,Purchase date,Office,Office name,Custodian,Status,At the office since,Last seen in a stock check,Label printed" "$C"
expect_contains "... the asset, in euro with the leva it cost, where it is since its act date, seen by the check on its date, label printed today" \
    "TAB-1,Таблет,Samsung,Tab A8,R1,1000.00,1955.83,BGN,2023-04-01,DSP-LOV,ДСП Ловеч,Мария Иванова,in repair,2024-05-10,2024-06-15,$today" "$C"
expect_contains "... an asset never moved is at its office since it was taken on the books" \
    "PC-1,Компютърна конфигурация,Dell,OptiPlex,,500.00,500.00,EUR,,RDSA-26,РДСП Хасково,,assigned,2023-05-02,," "$C"

expect_exit "funding report -o FILE.xlsx" 0 inv funding report P-1 -o "$WORK/p.xlsx"
expect_eq "... the same rows as the CSV" 3 "$(rows "$WORK/p.xlsx")"
expect_contains "... Cyrillic kept" "<t>Мария Иванова</t>" "$(unzip -p "$WORK/p.xlsx" xl/sharedStrings.xml)"

expect_exit "funding report -o FILE.pdf (Bulgarian)" 0 BG inv funding report P-1 -o "$WORK/p.pdf"
t=$(pdf_text "$WORK/p.pdf")
expect_contains "pdf: the title" "ОТЧЕТ ЗА АКТИВИТЕ ПО ПРОЕКТ" "$t"
expect_contains "pdf: the agency" "Агенция за социално подпомагане" "$t"
expect_contains "pdf: the project's title" "Наименование на проекта: Проект едно" "$t"
expect_contains "pdf: the programme" "Програма: ОП РЧР" "$t"
expect_contains "pdf: the period" "01.01.2023 – 31.12.2024" "$t"
expect_contains "pdf: the durability end" "Край на периода на устойчивост: 31.12.2029" "$t"
expect_contains "pdf: the value in euro" "1 000,00 EUR" "$t"
expect_contains "pdf: ... the leva beside it" "(1 955,83 BGN)" "$t"
expect_contains "pdf: since when at the office" "10.05.2024" "$t"
expect_contains "pdf: the last check that saw it" "15.06.2024" "$t"
expect_contains "pdf: the custodian" "Мария Иванова" "$t"
expect_contains "pdf: the status in words" "в ремонт" "$t"
expect_contains "pdf: totals per kind" "Общо по видове" "$t"
expect_eq "pdf: ... one tablet" 1 "$(echo "$t" | grep -c '^Таблет  *1  *1 000,00 EUR')"
expect_eq "pdf: ... one computer" 1 "$(echo "$t" | grep -c '^Компютърна конфигурация  *1  *500,00 EUR')"
expect_contains "pdf: totals per office" "Общо по звена" "$t"
expect_eq "pdf: ... DSP-LOV holds one" 1 "$(echo "$t" | grep -c '^DSP-LOV, ДСП Ловеч  *1  *1 000,00 EUR')"
expect_eq "pdf: ... the grand totals" 2 "$(echo "$t" | grep -c '^Общо  *2  *1 500,00 EUR')"
expect_contains "pdf: the history's head" \
    "Състояние на историята: №$(sqlite3 "$DB" "SELECT id || ', ' || substr(hash, 1, 16) FROM event ORDER BY id DESC LIMIT 1")" "$t"
expect_contains "pdf: the page footer" "стр. 1 от 1" "$t"
expect_exit "the report in English" 0 inv funding report P-1 -o "$WORK/en.pdf"
expect_contains "... its title" "FUNDING PROJECT REPORT" "$(pdf_text "$WORK/en.pdf")"

# --- bad input: nothing written, a clear message ---
d0=$(db_digest)
expect_exit "an unknown project fails" 1 inv funding report NO-SUCH -o "$WORK/x.pdf"
expect_contains "... naming it" "NO-SUCH" "$ERR_TXT"
expect_exit "... as a sheet too" 1 inv funding report NO-SUCH -o "$WORK/x.csv"
expect_eq "... no file left" "" "$(ls "$WORK"/x.* 2>/dev/null)"
expect_exit "a report without -o is a usage error" 2 inv funding report P-1
expect_exit "a report to FILE.txt is a usage error" 2 inv funding report P-1 -o "$WORK/x.txt"
expect_exit "a report without a code is a usage error" 2 inv funding report -o "$WORK/x.pdf"
expect_exit "a report into a missing directory fails" 1 inv funding report P-1 -o "$WORK/no/x.pdf"
expect_contains "... naming the file" "$WORK/no/x.pdf" "$ERR_TXT"
expect_exit "... as a sheet too" 1 inv funding report P-1 -o "$WORK/no/x.xlsx"
expect_exit "funding report --help" 0 inv funding report --help
expect_contains "... shows its usage" "funding report CODE -o" "$OUT_TXT"
expect_eq "the database is unchanged by all that" "$d0" "$(db_digest)"

# --- office list -o and funding list -o: the rows of --format csv ---
inv office list --format csv >"$WORK/o-plain.csv"
expect_exit "office list -o FILE.csv" 0 inv office list -o "$WORK/o.csv"
expect_eq "... starts with a UTF-8 BOM" "efbbbf" "$(head -c 3 "$WORK/o.csv" | od -An -tx1 | tr -d ' \n')"
expect_eq "... one row per office, as --format csv" "$(csv_rows "$WORK/o-plain.csv")" "$(csv_rows "$WORK/o.csv")"
expect_contains "... names, parents and counts" "DSP-LOV,ДСП Ловеч,,local directorate,RDSA-11,,,yes,1" "$(cat "$WORK/o.csv")"
expect_exit "office list -o FILE.xlsx" 0 inv office list -o "$WORK/o.xlsx"
expect_eq "... the same rows" "$(csv_rows "$WORK/o.csv")" "$(rows "$WORK/o.xlsx")"
expect_exit "office list -o with --format is a usage error" 2 inv office list -o "$WORK/o2.csv" --format json
expect_exit "office list -o FILE.txt is a usage error" 2 inv office list -o "$WORK/o.txt"

inv funding list --format csv >"$WORK/f-plain.csv"
expect_exit "funding list -o FILE.csv" 0 inv funding list -o "$WORK/f.csv"
expect_eq "... one row per project, as --format csv" "$(csv_rows "$WORK/f-plain.csv")" "$(csv_rows "$WORK/f.csv")"
expect_contains "... the amount as a number, dates and the count" \
    "P-1,Проект едно,ОП РЧР,1000.00,EUR,2023-01-01,2024-12-31,2029-12-31,2" "$(cat "$WORK/f.csv")"
expect_exit "funding list -o FILE.xlsx" 0 inv funding list -o "$WORK/f.xlsx"
expect_eq "... the same rows" "$(csv_rows "$WORK/f.csv")" "$(rows "$WORK/f.xlsx")"
expect_exit "funding list -o FILE.txt is a usage error" 2 inv funding list -o "$WORK/f.txt"

# --- the demo's project: 85 vehicles, 330 tablets, 1,200 computers ---
DB=$WORK/demo.db
inv demo >/dev/null
P=BG05M9OP001-3.006-0001
expect_exit "the demo project's report as CSV" 0 inv funding report "$P" -o "$WORK/d.csv"
expect_eq "... 1,615 assets and a header" 1616 "$(csv_rows "$WORK/d.csv")"
expect_eq "... 85 vehicles" 85 "$(grep -c ',Автомобил,' "$WORK/d.csv")"
expect_eq "... 330 tablets" 330 "$(grep -c ',Таблет,' "$WORK/d.csv")"
expect_eq "... 1,200 computer configurations" 1200 "$(grep -c ',Компютърна конфигурация,' "$WORK/d.csv")"
expect_exit "... as .xlsx" 0 inv funding report "$P" -o "$WORK/d.xlsx"
expect_eq "... the same rows" 1616 "$(rows "$WORK/d.xlsx")"
# Each kind's name is one shared string; count the cells that use it.
idx() { unzip -p "$WORK/d.xlsx" xl/sharedStrings.xml | tr '<' '\n' | grep '^t>' |
        grep -n "^t>$1\$" | cut -d: -f1; }
cells() { unzip -p "$WORK/d.xlsx" xl/worksheets/sheet1.xml | grep -o '<c r="B[0-9]*"[^>]*t="s"><v>[0-9]*</v>' |
          grep -c "<v>$(($(idx "$1") - 1))</v>"; }
expect_eq "... 85 vehicles in the .xlsx" 85 "$(cells 'Автомобил')"
expect_eq "... 330 tablets in the .xlsx" 330 "$(cells 'Таблет')"
expect_eq "... 1,200 computer configurations in the .xlsx" 1200 "$(cells 'Компютърна конфигурация')"
expect_exit "... as PDF in Bulgarian" 0 BG inv funding report "$P" -o "$WORK/d.pdf"
t=$(pdf_text "$WORK/d.pdf")
n=$(pdfinfo "$WORK/d.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
expect_eq "pdf: 85 vehicles in the totals" 1 "$(echo "$t" | grep -c '^Автомобил  *85  ')"
expect_eq "pdf: 330 tablets in the totals" 1 "$(echo "$t" | grep -c '^Таблет  *330  ')"
expect_eq "pdf: 1,200 computer configurations in the totals" 1 \
    "$(echo "$t" | grep -c '^Компютърна конфигурация  *1200  ')"
expect_eq "pdf: 1,615 in all (per kind and per office)" 2 "$(echo "$t" | grep -c '^Общо  *1615  ')"
expect_contains "pdf: the project's code" "Код на проекта: $P" "$t"
expect_contains "pdf: the first page" "стр. 1 от $n" "$t"
expect_contains "pdf: the last page" "стр. $n от $n" "$t"
expect_eq "pdf: the table's header on every page but the last ones" 1 \
    "$(pdftotext -layout -f 2 -l 2 "$WORK/d.pdf" - 2>/dev/null | grep -c 'Инвентарен')"
expect_eq "pdf: every tag of the project" 1615 \
    "$(echo "$t" | grep -oE '^ *[0-9]+ (VEH|TAB|PC)-[0-9]+' | wc -l | tr -d ' ')"

finish
