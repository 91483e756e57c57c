#!/bin/sh
# No input silently lost or accepted wrong: a custodian without an office,
# duplicate IMEI/VIN/plate, a purchase date in the future, a cost without
# its currency, limits stated in characters (CLI and import).
. "$TESTLIB"
setup_world || { fail "setup"; finish; }
export INVENTAR_NOW=2026-03-10T10:00:00Z
q() { sqlite3 "$DB" "$1"; }

# A custodian without an office.
before=$(db_digest)
expect_exit "asset add: a custodian without an office is refused" 1 \
    inv asset add --kind tablet --custodian 'Иван Петров'
expect_contains "naming the custodian and what is missing" \
    "custodian 'Иван Петров' given without an office" "$ERR_TXT"
expect_exit "a custodian for an asset in stock at a warehouse is refused" 1 \
    inv asset add --kind tablet --office ASP-WH --custodian 'Иван Петров'
expect_contains "saying why" "an asset in stock has no custodian" "$ERR_TXT"
expect_eq "nothing was written" "$before" "$(db_digest)"
expect_exit "with an office the custodian is kept" 0 \
    inv asset add --kind tablet --office DSP-LOV --custodian 'Иван Петров' \
    --attr imei=490154203237518
expect_eq "custodian stored" "Иван Петров" "$(q "SELECT custodian FROM asset WHERE tag = '$OUT_TXT'")"
t1=$OUT_TXT
expect_exit "asset edit refuses --custodian (acts change it)" 2 \
    inv asset edit "$t1" --custodian 'Мария Иванова'

# Identifiers unique within their kind.
before=$(db_digest)
expect_exit "a duplicate IMEI is refused" 1 \
    inv asset add --kind tablet --office DSP-LOV --attr imei=490154203237518
expect_contains "naming the other asset" "imei 490154203237518 is already asset $t1" "$ERR_TXT"
inv asset add --kind vehicle --office DSP-LOV --attr 'plate=ОВ 1234 ВК' \
    --attr vin=UU1HSDAG512345678 >"$WORK/veh" || fail "a vehicle"
v1=$(cat "$WORK/veh")
before=$(db_digest)
expect_exit "the same plate in Latin letters without spaces is refused" 1 \
    inv asset add --kind vehicle --attr plate=OB1234BK
expect_contains "naming the other asset" "plate OB1234BK is already asset $v1" "$ERR_TXT"
expect_exit "a duplicate VIN (other case) is refused" 1 \
    inv asset add --kind vehicle --attr vin=uu1hsdag512345678
expect_contains "naming the other asset" "is already asset $v1" "$ERR_TXT"
expect_exit "(editing an asset keeps its own IMEI)" 0 \
    inv asset edit "$t1" --attr imei=490154203237518 --model 'Tab A8'
inv asset add --kind vehicle --attr plate='СА 1111 АА' >"$WORK/veh2" || fail "a second vehicle"
v2=$(cat "$WORK/veh2")
before=$(db_digest)
expect_exit "asset edit to another vehicle's plate is refused" 1 \
    inv asset edit "$v2" --attr 'plate=ов 1234 вк'
expect_contains "naming the other asset" "is already asset $v1" "$ERR_TXT"
expect_eq "nothing was written" "$before" "$(db_digest)"

# Purchase dates.
expect_exit "a purchase date in the future is refused" 1 \
    inv asset add --kind tablet --purchase-date 11.03.2026
expect_contains "naming the date and today" "purchase date 2026-03-11 is in the future (today is 2026-03-10)" "$ERR_TXT"
expect_exit "asset edit: a future purchase date is refused" 1 \
    inv asset edit "$t1" --purchase-date 2027-01-01
expect_exit "today is accepted" 0 inv asset add --kind tablet --purchase-date 10.03.2026
expect_eq "nothing else was written" "1" "$(q "SELECT count(*) FROM asset WHERE purchase_date = '2026-03-10'")"

# A cost without its currency is EUR, and the command says so.
expect_exit "a cost without a currency" 0 inv asset add --kind tablet --cost '450,00'
expect_contains "is noted on stderr" "no --currency given; the cost is taken as EUR" "$ERR_TXT"
expect_eq "and stored as EUR" "45000|EUR" "$(q "SELECT cost, currency FROM asset WHERE tag = '$OUT_TXT'")"
expect_exit "with its currency" 0 inv asset add --kind tablet --cost '450,00' --currency BGN
expect_eq "no note" "" "$ERR_TXT"
expect_exit "asset edit: a new cost without a currency" 0 inv asset edit "$t1" --cost 100
expect_contains "is noted too" "the cost is taken as EUR" "$ERR_TXT"
expect_eq "and stored as EUR" "10000|EUR" "$(q "SELECT cost, currency FROM asset WHERE tag = '$t1'")"

# Limits in characters.
long=$(printf 'm%.0s' $(seq 1 140))
expect_exit "a model of 140 characters" 2 inv asset add --kind tablet --model "$long"
expect_contains "is refused in characters" "--model is too long (140 characters, at most 128)" "$ERR_TXT"
# A limit of 128 characters holds 128 Cyrillic letters (2 bytes each).
cyr128=$(printf 'ж%.0s' $(seq 1 128))
cyr129=$(printf 'ж%.0s' $(seq 1 129))
expect_exit "128 Cyrillic letters in a model are accepted" 0 \
    inv asset add --kind tablet --tag CYR-1 --model "$cyr128"
expect_eq "... and kept whole" 128 "$(q "SELECT length(model) FROM asset WHERE tag = 'CYR-1'")"
before=$(db_digest)
expect_exit "129 Cyrillic letters are refused" 2 inv asset add --kind tablet --model "$cyr129"
expect_contains "... counted as characters" "--model is too long (129 characters, at most 128)" "$ERR_TXT"
expect_not_contains "... no bytes in the message" "bytes" "$ERR_TXT"
expect_exit "asset edit: 129 Cyrillic letters are refused" 2 \
    inv asset edit CYR-1 --make "$cyr129"
expect_eq "nothing was written" "$before" "$(db_digest)"
printf 'tag,kind,model\nCYR-2,tablet,%s\n' "$cyr128" >cyr128.csv
expect_exit "import: 128 Cyrillic letters in a model are accepted" 0 inv import cyr128.csv
expect_eq "... and kept whole" 128 "$(q "SELECT length(model) FROM asset WHERE tag = 'CYR-2'")"
printf 'tag,kind,model\nCYR-3,tablet,%s\n' "$cyr129" >cyr129.csv
before=$(db_digest)
expect_exit "import: 129 are refused" 1 inv import cyr129.csv
expect_contains "... in characters" "cyr129.csv:2: model is too long (129 characters, at most 128)" "$ERR_TXT"
expect_eq "... and nothing was written" "$before" "$(db_digest)"
# An office name holds 256 characters, Cyrillic ones too; its short name as well.
name256=$(printf 'Д%.0s' $(seq 1 256))
name257=$(printf 'Д%.0s' $(seq 1 257))
expect_exit "an office name of 256 Cyrillic letters is accepted" 0 \
    inv office add CYR-OF "$name256" --kind local --parent RDSA-11
expect_eq "... and kept whole" 256 "$(q "SELECT length(name) FROM office WHERE code = 'CYR-OF'")"
before=$(db_digest)
expect_exit "257 are refused" 2 inv office add CYR-OG "$name257" --kind local --parent RDSA-11
expect_contains "... in characters" "office name is too long (257 characters, at most 256)" "$ERR_TXT"
expect_exit "office edit --short of 257 is refused" 2 inv office edit CYR-OF --short "$name257"
expect_contains "... in characters" "--short is too long (257 characters, at most 256)" "$ERR_TXT"
expect_eq "... and nothing was written" "$before" "$(db_digest)"
plate=$(printf 'A%.0s' $(seq 1 130))
expect_exit "a kind's field of 130 characters" 1 inv asset add --kind vehicle --attr "plate=$plate"
expect_contains "is refused in characters" "plate is too long (130 characters, at most 128)" "$ERR_TXT"
printf 'tag,kind,model\nL-1,tablet,%s\n' "$long" >long.csv
expect_exit "import: a model of 140 characters" 1 inv import long.csv
expect_contains "is refused in characters" "long.csv:2: model is too long (140 characters, at most 128)" "$ERR_TXT"

# Import: duplicates within the file and against the database, future
# dates, costs without a currency.
cat >dups.csv <<'CSV'
tag,kind,office,purchase_date,cost,imei,plate
D-1,tablet,DSP-LOV,2024-01-01,"10,00",356938035643809,
D-2,tablet,DSP-LOV,2024-01-01,"10,00",356938035643809,
D-3,tablet,DSP-LOV,2024-01-01,"10,00",490154203237518,
D-4,vehicle,DSP-LOV,2024-01-01,"10,00",,ob 1234 bk
D-5,tablet,DSP-LOV,2027-01-01,"10,00",,
CSV
printf 'tag,kind,office,custodian\nC-1,tablet,,Иван Петров\n' >cust.csv
expect_exit "import: a custodian without an office is refused" 1 inv import cust.csv
expect_contains "naming the line" "cust.csv:2: custodian 'Иван Петров' given without an office" "$ERR_TXT"
# ... and for an asset in stock at a warehouse (import used to drop it).
printf 'tag,kind,office,custodian\nC-2,tablet,DSP-LOV,Петя Колева\nC-3,tablet,ASP-WH,Иван Петров\n' >stock.csv
before_stock=$(db_digest)
expect_exit "import: a custodian for an asset in stock is refused" 1 inv import stock.csv
expect_contains "naming the line, the custodian and the warehouse" \
    "stock.csv:3: custodian 'Иван Петров' given for an asset in stock at ASP-WH" "$ERR_TXT"
expect_contains "... saying why" "an asset in stock has no custodian" "$ERR_TXT"
expect_eq "the import wrote nothing" "$before_stock" "$(db_digest)"
c2=$(inv asset add --kind tablet --office DSP-LOV --custodian 'Петя Колева')
printf 'tag,office,custodian\n%s,ASP-WH,Петя Колева\n' "$c2" >back.csv
before_stock=$(db_digest)
expect_exit "import update: moving an asset to a warehouse with a custodian is refused" 1 \
    inv import --update back.csv
expect_contains "... naming the line and the warehouse" \
    "back.csv:2: custodian 'Петя Колева' given for an asset in stock at ASP-WH" "$ERR_TXT"
expect_eq "... and changed nothing" "$before_stock" "$(db_digest)"
before=$(db_digest)
expect_exit "an import with duplicate identifiers fails" 1 inv import dups.csv
expect_contains "an IMEI twice in the file names the line" "dups.csv:3: imei 356938035643809 is also on line 2" "$ERR_TXT"
expect_contains "an IMEI of an asset in the database names it" "dups.csv:4: imei 490154203237518 is already asset $t1" "$ERR_TXT"
expect_contains "a plate of a vehicle in the database (look-alike letters)" "dups.csv:5: plate ob 1234 bk is already asset $v1" "$ERR_TXT"
expect_contains "a future purchase date" "dups.csv:6: purchase date 2027-01-01 is in the future" "$ERR_TXT"
expect_eq "the EUR note is given once" "1" "$(printf '%s\n' "$ERR_TXT" | grep -c 'taken as EUR')"
expect_eq "nothing was imported" "$before" "$(db_digest)"
expect_exit "the database verifies" 0 inv verify
finish
