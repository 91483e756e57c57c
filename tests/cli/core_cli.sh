# Command-line tests of init, office, kind, funding, asset, assign, return,
# status and history: outputs, exit codes, and that failures change nothing.
. "$TESTLIB"

# --- the database file: default place, mode 0600 ---
XDG_DATA_HOME="$WORK/xdg" "$INVENTAR_BIN" init >/dev/null
expect_eq "init creates the database under XDG_DATA_HOME" yes \
    "$([ -f "$WORK/xdg/inventar/inventar.db" ] && echo yes)"
expect_eq "the database is mode 0600" 600 "$(stat -c %a "$WORK/xdg/inventar/inventar.db")"
INVENTAR_DB="$WORK/env.db" "$INVENTAR_BIN" init >/dev/null
expect_eq "INVENTAR_DB is honoured" yes "$([ -f "$WORK/env.db" ] && echo yes)"
printf 'not a database at all, just text\n%.0s' $(seq 1 200) >"$WORK/junk.db"
expect_exit "a file that is not a database is refused" 1 "$INVENTAR_BIN" --db "$WORK/junk.db" init
expect_contains "... with a message naming it" "junk.db" "$ERR_TXT"

# --- usage errors exit 2 ---
expect_exit "unknown command" 2 inv frobnicate
expect_exit "unknown option" 2 inv asset list --colour
expect_exit "office add without a name" 2 inv office add ONLYCODE
expect_exit "bad --format" 2 inv office list --format xml
expect_exit "status without tags" 2 inv status missing
expect_exit "unknown status" 2 inv status lost VEH-1
expect_exit "history needs a tag or an office" 2 inv history
expect_exit "bad --at date" 2 inv history --office X --at 31.02.2024

# --- offices ---
setup_world
expect_exit "a duplicate office code is refused" 1 inv office add DSP-LOV 'Друго'
expect_contains "... naming the code" "DSP-LOV" "$ERR_TXT"
expect_exit "an unknown parent is refused" 1 inv office add X1 'Х' --parent NOPE
expect_exit "a bad oblast code is refused" 1 inv office add X2 'Х' --oblast BG-99
expect_exit "a bad office kind is refused" 1 inv office add X3 'Х' --kind castle
out=$(inv office list --format csv)
expect_contains "office list shows the tree with depth" "DSP-LOV,ДСП Ловеч,local,RDSA-11,,1,0,2" "$out"
out=$(inv office list --format table)
expect_contains "the table indents children" "    ДСП Ловеч" "$out"
expect_exit "a cycle in the tree is refused" 1 inv office edit RDSA-11 --parent DSP-LOV
expect_exit "office edit renames" 0 inv office edit DSP-LOV --name 'Дирекция „Социално подпомагане“ – Ловеч'
out=$(inv office show 'Дирекция „Социално подпомагане“ – Ловеч' --format json)
expect_contains "office show finds an office by its exact name" '"code": "DSP-LOV"' "$out"

# --- kinds and funding ---
expect_exit "kind add" 0 inv kind add printer 'Принтер' --prefix PRN --fields toner
expect_contains "kind list shows the new kind" "printer,Принтер,PRN,toner" "$(inv kind list --format csv)"
expect_exit "a kind with a taken prefix is refused" 1 inv kind add copier 'Копир' --prefix PRN
inv funding add BG05SFPR002-2.002-0164 'Укрепване на общинския капацитет в община Хасково' \
    --programme 'Развитие на човешките ресурси 2021-2027' --amount '230 942,88' --currency BGN \
    --from 01.04.2023 --to 01.04.2025 >/dev/null
out=$(inv funding show BG05SFPR002-2.002-0164 --format table)
expect_contains "a BGN amount is shown in EUR first, the leva beside" "118,079.22 EUR (230,942.88 BGN)" "$out"
expect_contains "Bulgarian dates are stored as ISO" "2023-04-01" "$out"
expect_exit "a funding project ending before it starts is refused" 1 \
    inv funding add P2 'Т' --from 2024-01-01 --to 2023-01-01
expect_exit "a bad amount is a usage error" 2 inv funding add P3 'Т' --amount 12,3,4

# --- assets ---
v=$(inv asset add --kind vehicle --make Dacia --model Duster --serial UU1HSDAG512345678 \
    --office RDSA-11 --custodian 'Петър Стоянов' --cost '42 500,00' --currency BGN \
    --purchase-date 15.03.2022 --funding BG05SFPR002-2.002-0164 \
    --attr plate='ОВ 1234 ВК' --attr vin=UU1HSDAG512345678 --attr year=2022)
expect_eq "asset add prints the generated tag" VEH-000001 "$v"
t=$(inv asset add --kind 'таблет' --tag TAB-0001 --make Samsung --model 'Galaxy Tab A8' \
    --attr imei=490154203237518 --office DSP-LOV)
expect_eq "kinds are found by their Bulgarian name in any case" TAB-0001 "$t"
inv asset add --kind computer --make Dell --model 'OptiPlex 7010' --serial CN-0001 >/dev/null
inv asset add --kind printer --make HP --model 'LaserJet' --attr toner=CF259A >/dev/null
before=$(db_digest)
expect_exit "a duplicate tag is refused" 1 inv asset add --kind tablet --tag tab-0001
expect_contains "... naming the tag" "tab-0001" "$ERR_TXT"
expect_exit "a serial used under the same make is refused" 1 \
    inv asset add --kind computer --make Dell --serial CN-0001
expect_exit "an attribute the kind does not have is refused" 1 \
    inv asset add --kind tablet --attr plate=X
expect_exit "an invalid IMEI is refused" 1 inv asset add --kind tablet --attr imei=123
expect_exit "an unknown office is refused" 1 inv asset add --kind computer --office NOWHERE
expect_exit "an unknown funding project is refused" 1 inv asset add --kind computer --funding X
expect_exit "a bad purchase date is refused" 1 inv asset add --kind computer --purchase-date 2023-02-30
expect_exit "a negative cost is refused" 2 inv asset add --kind computer --cost -5
expect_exit "a field over its limit is refused as a usage error" 2 \
    inv asset add --kind computer --description "$(head -c 5000 /dev/zero | tr '\0' x)"
expect_eq "failed adds changed nothing" "$before" "$(db_digest)"

out=$(inv asset show VEH-000001 --format json)
expect_contains "show gives the cost in minor units" '"cost_minor": 4250000' "$out"
expect_contains "show gives the EUR equivalent" '"cost_eur_minor": 2172990' "$out"
expect_contains "show gives attributes as an object" '"plate": "ОВ 1234 ВК"' "$out"
expect_contains "show gives the purchase date as ISO" '"purchase_date": "2022-03-15"' "$out"
out=$(inv asset list --search 'стоянов' --format csv)
expect_contains "search folds Cyrillic case (custodian)" "VEH-000001" "$out"
out=$(inv asset list --search 'ов 1234' --format csv | wc -l)
expect_eq "search finds the plate" 2 "$out"
out=$(inv asset list --office RDSA-11 --recursive --format csv | cut -d, -f1 | tail -n +2 | sort | tr '\n' ' ')
expect_eq "--office --recursive includes sub-offices" "TAB-0001 VEH-000001 " "$out"
out=$(inv asset list --office RDSA-11 --format csv | tail -n +2 | cut -d, -f1)
expect_eq "--office alone does not" "VEH-000001" "$out"
out=$(inv asset list --kind 'Компютърна конфигурация' --status in-stock --format json)
expect_contains "list filters by kind name and status spelling" '"tag":"PC-000001"' "$out"
expect_exit "list with an unknown office fails" 1 inv asset list --office NOPE
out=$(inv asset edit VEH-000001 --model 'Duster II' --note 'поправка')
expect_contains "edit reports the changed fields" "VEH-000001: 1 field changed" "$out"
expect_exit "edit cannot move an asset" 2 inv asset edit VEH-000001 --office DSP-LOV

# --- acts and history ---
out=$(inv assign --to DSP-LOV --custodian 'Мария Иванова' --doc 'ПП-17/2024' VEH-000001 PC-000001)
expect_contains "assign reports the count" "2 assets assigned to DSP-LOV" "$out"
before=$(db_digest)
expect_exit "assign with one unknown tag fails" 1 inv assign --to RDSA-26 VEH-000001 NOPE-1
expect_contains "... naming it" "NOPE-1" "$ERR_TXT"
expect_eq "... and moves nothing" "$before" "$(db_digest)"
expect_exit "assign to an unknown office fails" 1 inv assign --to NOWHERE VEH-000001
printf 'VEH-000001\nPC-000001\n' | inv status in-repair - >/dev/null
out=$(inv asset list --status in_repair --format csv | wc -l)
expect_eq "status reads tags from stdin" 3 "$out"
expect_exit "return" 0 inv return --note 'върнат от ремонт' VEH-000001
out=$(inv asset show VEH-000001 --format json)
expect_contains "return puts it at the warehouse" '"office": "ASP-WH"' "$out"
expect_contains "... in stock" '"status": "in_stock"' "$out"
expect_exit "status accepts Bulgarian words" 0 inv status 'бракуван' --doc 'Протокол 3' VEH-000001
expect_exit "a written-off asset cannot be assigned" 1 inv assign --to DSP-LOV VEH-000001
out=$(inv history VEH-000001 --format csv | cut -d, -f5 | tail -n +2 | tr '\n' ' ')
expect_eq "history lists every act in order" \
    "created edited transferred status_changed returned status_changed " "$out"
out=$(inv history VEH-000001 --format json)
expect_contains "history records the document" '"doc":"ПП-17/2024"' "$out"
expect_contains "history records who did it" '"actor":"tester"' "$out"
expect_contains "history records the changed fields" '"changes":{"model":["Duster","Duster II"]}' "$out"
out=$(inv history --office DSP-LOV --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')
expect_eq "history --office lists what it holds now" "PC-000001 TAB-0001 " "$out"
out=$(inv history --office DSP-LOV --at 2020-01-01 --format csv | wc -l)
expect_eq "... and held nothing in 2020" 1 "$out"

# --- fixes from review: each of these once misbehaved ---
out=$(inv asset list --search 'Петър – Стоянов' --format csv | tail -n +2 | cut -d, -f1)
expect_eq "punctuation such as an en dash does not empty a search" "" "$out"
inv assign --to RDSA-26 --custodian 'Петър Стоянов' TAB-0001 >/dev/null
out=$(inv asset list --search 'Петър – Стоянов' --format csv | tail -n +2 | cut -d, -f1)
expect_eq "... it is a separator" "TAB-0001" "$out"
out=$(inv asset list --search 'таблет' --format csv | tail -n +2 | cut -d, -f1)
expect_eq "search covers the kind's name" "TAB-0001" "$out"
inv office add WH-A 'Склад' --kind warehouse --parent RDSA-11 >/dev/null
inv office add WH-B 'Склад' --kind warehouse --parent RDSA-26 >/dev/null
expect_exit "an ambiguous office name is refused" 1 inv assign --to 'Склад' TAB-0001
expect_contains "... naming the candidates" "WH-A, WH-B" "$ERR_TXT"
out=$(inv assign --to 'РДСП Ловеч' TAB-0001)
expect_contains "assign reports the resolved office code" "assigned to RDSA-11" "$out"
inv kind add scanner 'Скенер' --prefix SCN --fields 'model_no, color' >/dev/null
expect_exit "kind fields are trimmed" 0 inv asset add --kind scanner --attr color=черен
expect_exit "an attribute with invalid UTF-8 is refused" 2 \
    inv asset add --kind scanner --attr "color=$(printf 'a\377b')"
expect_exit "status assigned is a usage error" 2 inv status assigned TAB-0001
expect_exit "list by an unknown status is a usage error" 2 inv asset list --status lost
expect_exit "list sorted by an unknown column is a usage error" 2 inv asset list --sort colour
expect_exit "an empty --db is a usage error" 2 "$INVENTAR_BIN" --db '' office list
expect_exit "an amount with a thousands group after 0 is refused" 2 inv asset add --kind computer --cost 0.500
out=$(inv history --office RDSA-11 --format csv | grep '^TAB-0001,' | cut -d, -f5)
arrived=$(inv history TAB-0001 --format csv | grep ',transferred,RDSA-26,RDSA-11,' | cut -d, -f2)
inv asset edit TAB-0001 --description 'след прехвърлянето' >/dev/null
out2=$(inv history --office RDSA-11 --format csv | grep '^TAB-0001,' | cut -d, -f5)
expect_eq "history --office gives when the asset arrived, not its last edit" "$arrived" "$out2"
out=$(LC_ALL=bg_BG.UTF-8 LANG=bg_BG.UTF-8 inv office list --format table 2>/dev/null)
expect_contains "Cyrillic shows even when the locale is not installed" "РДСП Ловеч" "$out"
before=$(inv history TAB-0001 --format csv | tail -n 1 | cut -d, -f3)
INVENTAR_NOW=2001-01-01T00:00:00Z inv status in-repair TAB-0001 >/dev/null 2>&1
after=$(inv history TAB-0001 --format csv | tail -n 1 | cut -d, -f3)
expect_eq "a clock set back does not put an act before the history" "yes" \
    "$([ "$after" \> "$before" ] || [ "$after" = "$before" ] && echo yes)"

# --- output is safe on a terminal ---
inv asset add --kind computer --tag EVIL-1 --model "$(printf 'X\033[2J\rY')" >/dev/null
out=$(inv asset list --search evil --format table)
expect_not_contains "no escape sequence reaches the table" "$(printf '\033')" "$out"
expect_contains "... control characters are shown as ?" "X?[2J?Y" "$out"
out=$(inv asset list --search evil --format json)
expect_contains "JSON escapes control characters" 'X\u001B[2J\rY' "$out"
finish
