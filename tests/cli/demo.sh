# `demo`: the seeds' world with exact counts, its funding projects, search
# in Cyrillic, plausible and replayable histories, --scale, determinism,
# and refusing a database that is not empty.
. "$TESTLIB"

# Count lines of $2 that contain $1 (fixed string).
count() { printf '%s\n' "$2" | grep -cF -- "$1"; }
# Data rows of CSV output (without the header).
rows() { printf '%s\n' "$1" | sed 1d | grep -c .; }

expect_exit "demo fills an empty database" 0 inv demo
expect_contains "demo prints a one-line summary" \
    "112 offices, 4 funding projects, 1622 assets (85 vehicles, 330 tablets, 1200 computer configurations, 7 front-office items)" \
    "$OUT_TXT"
expect_eq "the summary is one line" 1 "$(printf '%s\n' "$OUT_TXT" | grep -c .)"

# ---- offices ----
offices=$(inv office list --format json)
expect_eq "one head office" 1 "$(count '"kind":"head"' "$offices")"
expect_eq "28 regional directorates" 28 "$(count '"kind":"regional"' "$offices")"
expect_eq "33 local directorates (28 oblast centres and 5 more towns)" 33 \
    "$(count '"kind":"local"' "$offices")"
expect_eq "19 social services" 19 "$(count '"kind":"service"' "$offices")"
expect_eq "2 front offices" 2 "$(count '"kind":"front"' "$offices")"
expect_eq "29 warehouses (central and one per region)" 29 \
    "$(count '"kind":"warehouse"' "$offices")"
expect_contains "the head office" \
    '{"code":"ASP-HQ","name":"Централно управление на АСП","kind":"head","parent":null' "$offices"
expect_contains "RDSA-11 is Lovech's regional directorate" \
    '{"code":"RDSA-11","name":"Регионална дирекция за социално подпомагане – Ловеч","kind":"regional","parent":"ASP-HQ","oblast":"BG-11"' \
    "$offices"
# Offices told apart: every one has a short name (unique), the full
# name is kept.
expect_eq "every office has a short name" 0 "$(count '"short_name":""' "$offices")"
expect_contains "the head office is ЦУ АСП" '"depth":0,"short_name":"ЦУ АСП"}' "$offices"
expect_contains "RDSA-11 is РДСП Ловеч" '"short_name":"РДСП Ловеч"}' "$offices"
expect_contains "DSP-TROYAN is ДСП Троян" '"short_name":"ДСП Троян"}' "$offices"
expect_contains "the Aytos front office is ФО Айтос" '"short_name":"ФО Айтос"}' "$offices"
expect_eq "short names are unique" "" \
    "$(printf '%s\n' "$offices" | sed -n 's/.*"short_name":"\([^"]*\)".*/\1/p' | sort | uniq -d)"
missing_rd=""
for n in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28; do
    case "$offices" in
        *"\"code\":\"RDSA-$n\","*"\"oblast\":\"BG-$n\""*) ;;
        *) missing_rd="$missing_rd RDSA-$n" ;;
    esac
done
expect_eq "RDSA-01..RDSA-28, each in its oblast" "" "$missing_rd"
# Lovech oblast: Ловеч 11, Луковит 3, Тетевен 2, Троян 2, Летница 1.
for pair in LOVECH:11 LUKOVIT:3 TETEVEN:2 TROYAN:2 LETNITSA:1; do
    dsp=${pair%%:*}
    expect_eq "social services under DSP-$dsp" "${pair#*:}" \
        "$(count "\"kind\":\"service\",\"parent\":\"DSP-$dsp\"" "$offices")"
done
expect_contains "Haskovo's front office" '"code":"FO-HASKOVO"' "$offices"
expect_contains "Aytos' front office" '"code":"FO-AYTOS"' "$offices"

# ---- funding ----
funding=$(inv funding list --format csv)
expect_contains "the OP HRD 2014-2020 project, 29.5 million BGN" \
    "BG05M9OP001-3.006-0001," "$funding"
expect_contains "its amount" ",2950000000,BGN,2016-02-01,2023-09-30," "$funding"
expect_contains "Haskovo's project: amount and period" \
    "BG05SFPR002-2.002-0164,Укрепване на общинския капацитет в община Хасково,Програма „Развитие на човешките ресурси“ 2021-2027,23094288,BGN,2023-04-01,2025-04-01" \
    "$funding"
expect_contains "Aytos' project: 88 811,00 BGN from 01.04.2023 for 24 months" \
    ",8881100,BGN,2023-04-01,2025-03-31," "$funding"
expect_contains "the 2011 project of 5 726 545,95 BGN" ",572654595,BGN,2011-10-03,2014-10-31," \
    "$funding"
show=$(inv funding show BG05M9OP001-3.006-0001 --format json)
expect_contains "1,615 assets were bought under BG05M9OP001-3.006-0001" '"assets": 1615' "$show"

# ---- assets ----
for pair in vehicle:85 tablet:330 computer:1200 workplace:5 mfd:2; do
    k=${pair%%:*}
    list=$(inv asset list --kind "$k" --format csv)
    expect_eq "$k: ${pair#*:} assets" "${pair#*:}" "$(rows "$list")"
    case $k in
        vehicle|tablet|computer)
            expect_eq "every $k is funded by BG05M9OP001-3.006-0001" 0 \
                "$(printf '%s\n' "$list" | sed 1d | grep -vc ',BG05M9OP001-3.006-0001$')" ;;
    esac
done
expect_eq "the front offices' equipment is funded by their projects" \
    "BG05SFPR002-2.002-0164 4 BG05SFPR002-2.002-0211 3" \
    "$( (inv asset list --kind workplace --format csv; inv asset list --kind mfd --format csv) |
        grep -v '^tag,' | awk -F, '{print $NF}' | sort | uniq -c | awk '{printf "%s %s ", $2, $1}' |
        sed 's/ $//')"
expect_eq "vehicles are assigned to the 28 regional directorates and the head office" "" \
    "$(sqlite3 "$DB" "SELECT o.code FROM event e JOIN asset a ON a.id = e.asset_id
           JOIN asset_kind k ON k.id = a.kind_id JOIN office o ON o.id = e.to_office_id
           WHERE k.code = 'vehicle' AND e.type = 'assigned' AND e.from_office_id =
           (SELECT id FROM office WHERE code = 'ASP-WH')
           AND o.kind NOT IN ('regional', 'head')")"

# Kind-specific identifiers are valid: 17-character VINs without I, O, Q;
# 15-digit IMEIs with a Luhn check digit; all unique.
vins=$(sqlite3 "$DB" "SELECT json_extract(attrs, '\$.vin') FROM asset WHERE tag LIKE 'VEH-%'")
expect_eq "85 valid VINs" 85 "$(printf '%s\n' "$vins" | grep -cE '^[A-HJ-NPR-Z0-9]{17}$')"
expect_eq "VINs are unique" "" "$(printf '%s\n' "$vins" | sort | uniq -d)"
imeis=$(sqlite3 "$DB" "SELECT json_extract(attrs, '\$.imei') FROM asset WHERE tag LIKE 'TAB-%'")
expect_eq "330 IMEIs with a valid check digit" 330 "$(printf '%s\n' "$imeis" | awk '
    length($0) == 15 && $0 ~ /^[0-9]+$/ {
        s = 0
        for (i = 1; i <= 15; i++) { d = substr($0, i, 1) + 0; if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9 }; s += d }
        if (s % 10 == 0) n++
    } END { print n + 0 }')"
expect_eq "IMEIs are unique" "" "$(printf '%s\n' "$imeis" | sort | uniq -d)"
plates=$(sqlite3 "$DB" "SELECT json_extract(attrs, '\$.plate') FROM asset WHERE tag LIKE 'VEH-%'")
expect_eq "plates look Bulgarian (oblast letters, 4 digits, 2 letters)" 85 \
    "$(printf '%s\n' "$plates" | grep -cE '^[ABEKMHOPCTYX]{1,2}[0-9]{4}[ABEKMHOPCTYX]{2}$')"
expect_contains "a vehicle has make, plate, VIN and year" '"year": "2019"' \
    "$(inv asset show VEH-000001 --format json)"
# Attributes are stored as the core writes them: an edit that changes
# nothing finds nothing to change.
for t in VEH-000003 TAB-000004 PC-000005 RM-000001 MFD-000002; do
    expect_eq "$t: stored exactly as the core would store it" "$t: nothing changed" \
        "$(inv asset edit "$t")"
done
expect_eq "a new computer continues the tags" "PC-001201" \
    "$(inv asset add --kind computer --office DSP-LOVECH --make Dell --model 'OptiPlex 3000')"

# ---- search ----
letnitsa=$(inv asset list --search летница --format csv)
at_letnitsa=$(( $(rows "$(inv asset list --office DSP-LETNITSA --format csv)") +
               $(rows "$(inv asset list --office SU-LET-01 --format csv)") ))
expect_eq "a lower-case Cyrillic office word finds every asset there" "$at_letnitsa" \
    "$(rows "$letnitsa")"
expect_eq "... and only those" 0 "$(printf '%s\n' "$letnitsa" | sed 1d | grep -vc 'Летница')"
if [ "$at_letnitsa" -gt 20 ]; then pass "Letnitsa holds assets ($at_letnitsa)"
else fail "Letnitsa holds assets ($at_letnitsa)"; fi
# A custodian found by the family name, typed in lower case.
cust=$(inv asset list --kind computer --format csv | awk -F, '$1 == "PC-000010" {print $9}')
family=$(printf '%s\n' "${cust##* }" | sed 'y/АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ/абвгдежзийклмнопрстуфхцчшщъьюя/')
if [ -z "$family" ] || [ "$family" = "${cust##* }" ]; then
    fail "a custodian's family name in lower case ($cust -> $family)"
fi
found=$(inv asset list --search "$family" --format csv)
expect_contains "custodian search '$family' finds PC-000010" "PC-000010," "$found"
expect_eq "every hit of '$family' names it" 0 \
    "$(printf '%s\n' "$found" | sed 1d | grep -vic "${cust##* }")"
expect_contains "a plate is found" "VEH-000001," \
    "$(inv asset list --search "$(printf '%s\n' "$plates" | head -1)" --format csv)"

# ---- history ----
h=$(inv history PC-000001 --format csv)
expect_contains "PC-000001 was delivered to the central warehouse" \
    ",created,,ASP-WH,in_stock,,Протокол за доставка №" "$h"
expect_contains "PC-000001 was handed out" ",assigned,ASP-WH,DSP-BLAGOEVGRAD,assigned," "$h"
expect_contains "PC-000001 was transferred with an order" \
    ",transferred,DSP-BLAGOEVGRAD,RDSA-01,assigned," "$h"
expect_contains "the transfer names its document" "Заповед № РД-01-" "$h"
expect_eq "VEH-000001 was transferred twice" 2 \
    "$(inv history VEH-000001 --format csv | grep -c ',transferred,')"
expect_contains "VEH-000001 went to repair and came back" ",in_repair," \
    "$(inv history VEH-000001 --format csv)"
expect_contains "VEH-000002 was written off at its region's warehouse" \
    ",status_changed,RDSA-02-WH,RDSA-02-WH,written_off," "$(inv history VEH-000002 --format csv)"
expect_contains "PC-000003 is missing" ",missing," "$(inv history PC-000003 --format csv)"
expect_contains "a return goes to the region's warehouse" ",returned,DSP-BURGAS,RDSA-02-WH,in_stock," \
    "$(inv history PC-000002 --format csv)"
inv return PC-000004 >/dev/null
expect_contains "returning a demo asset now puts it in its region's stock" ',RDSA-04-WH,' \
    "$(inv asset list --search PC-000004 --format csv)"

# Every history is chronological, starts with no from-state, and all of
# it lies in the past.
expect_eq "events of each asset are in time order" 0 "$(sqlite3 "$DB" "
    SELECT count(*) FROM event e JOIN event f ON f.asset_id = e.asset_id AND f.id > e.id
    WHERE f.at < e.at")"
expect_eq "the first event of each asset has no from-state" 0 "$(sqlite3 "$DB" "
    SELECT count(*) FROM event e WHERE e.id IN (SELECT min(id) FROM event GROUP BY asset_id)
    AND (e.from_status IS NOT NULL OR e.from_office_id IS NOT NULL)")"
expect_eq "each event starts where the previous one of its asset ended" 0 "$(sqlite3 "$DB" "
    SELECT count(*) FROM event e JOIN event p ON p.id = (SELECT max(id) FROM event
        WHERE asset_id = e.asset_id AND id < e.id)
    WHERE e.from_status IS NOT p.to_status OR e.from_office_id IS NOT p.to_office_id
       OR e.from_custodian IS NOT p.to_custodian")"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
expect_eq "the demo history lies between 2019 and now" 1 "$(sqlite3 "$DB" "
    SELECT min(at) >= '2019-01-01' AND max(at) < '$now' FROM event WHERE actor <> 'tester'")"
statuses=$(sqlite3 "$DB" "SELECT group_concat(status || '=' || n, ' ') FROM
    (SELECT status, count(*) n FROM asset GROUP BY status ORDER BY status)")
for s in in_repair missing written_off in_stock; do
    case "$statuses" in *"$s="*) pass "some assets are $s" ;; *) fail "some assets are $s ($statuses)" ;; esac
done
if "$INVENTAR_BIN" --help | grep -q verify; then
    expect_exit "verify passes on the demo database" 0 inv verify
fi

# ---- refusing a database that is not empty ----
before=$(db_digest)
expect_exit "demo refuses a database that holds data" 1 inv demo
expect_contains "the refusal names what the database holds" "offices: 112, assets: 1623" "$ERR_TXT"
expect_contains "the refusal starts with inventar:" "inventar: " "$ERR_TXT"
expect_eq "the refused database is unchanged" "$before" "$(db_digest)"
DB=$WORK/one-office.db
inv init >/dev/null
inv office add X-1 'Офис' --kind head >/dev/null
before=$(db_digest)
expect_exit "demo refuses a database with a single office" 1 inv demo --scale 2
expect_contains "... naming the count" "offices: 1, assets: 0" "$ERR_TXT"
expect_eq "... and changes nothing" "$before" "$(db_digest)"

# ---- usage ----
DB=$WORK/usage.db
expect_exit "--scale 0 is a usage error" 2 inv demo --scale 0
expect_exit "--scale x is a usage error" 2 inv demo --scale x
expect_exit "an extra argument is a usage error" 2 inv demo now
expect_exit "an unknown option is a usage error" 2 inv demo --fast

# ---- --scale and determinism ----
DB=$WORK/scale2.db
expect_exit "demo --scale 2" 0 inv demo --scale 2
expect_contains "--scale 2 doubles the assets" \
    "112 offices, 4 funding projects, 3244 assets (170 vehicles, 660 tablets, 2400 computer configurations, 14 front-office items)" \
    "$OUT_TXT"
for pair in vehicle:170 tablet:660 computer:2400; do
    expect_eq "--scale 2: ${pair#*:} of kind ${pair%%:*}" "${pair#*:}" \
        "$(rows "$(inv asset list --kind "${pair%%:*}" --format csv)")"
done
expect_eq "--scale 2 keeps the 112 offices" 112 "$(rows "$(inv office list --format csv)")"
if "$INVENTAR_BIN" --help | grep -q verify; then
    expect_exit "verify passes at --scale 2" 0 inv verify
fi
d1=$(db_digest)
DB=$WORK/scale2-again.db
inv demo --scale 2 >/dev/null
expect_eq "two demo databases of the same scale are identical" "$d1" "$(db_digest)"

finish
