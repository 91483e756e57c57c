# The date of an act (--date) and corrections (revert): what an office held
# on a date follows the acts' dates, bad dates change nothing, every kind of
# act can be reverted and verify passes after it, export keeps the dates.
. "$TESTLIB"

setup_world
v() { inv verify >/dev/null 2>&1 && echo ok || echo broken; }
field() { # field TAG EVENT_TYPE JSON_KEY: a key of the asset's last event of a type
    inv history "$1" --format json | grep "\"type\":\"$2\"" | tail -n 1 |
        sed "s/.*\"$3\":\\(\"[^\"]*\"\\|[0-9a-z]*\\).*/\\1/" | tr -d '"'
}

# --- an act dated 14.03.2024, entered today ---
expect_exit "asset add takes the date it was taken on the books" 0 \
    inv asset add --kind tablet --tag TAB-1 --office ASP-WH --date 2024-01-10
expect_exit "assign --date in Bulgarian form" 0 inv assign --to DSP-LOV --date 14.03.2024 TAB-1
out=$(inv history --office DSP-LOV --at 13.03.2024 --format csv)
expect_not_contains "on 13.03.2024 the office did not hold it" "TAB-1" "$out"
out=$(inv history --office DSP-LOV --at 20.03.2024 --format csv)
expect_contains "on 20.03.2024 it did, since the act's date" "TAB-1,DSP-LOV,assigned,,2024-03-14" "$out"
out=$(inv history --office DSP-LOV --at 2024-03-14 --format csv)
expect_contains "... and on the day itself (ISO --at)" "TAB-1" "$out"
out=$(inv history --office ASP-WH --at 2024-03-13 --format csv)
expect_contains "on 13.03.2024 it was at the warehouse" "TAB-1,ASP-WH,in_stock" "$out"
out=$(inv history --office ASP-WH --at 2024-01-09 --format csv)
expect_not_contains "before it was taken on the books it was nowhere" "TAB-1" "$out"
out=$(inv history TAB-1 --format json)
assigned=$(sqlite3 "$DB" "SELECT e.id FROM event e JOIN asset a ON a.id = e.asset_id WHERE a.tag = 'TAB-1' AND e.type = 'assigned'")
expect_contains "JSON history has the event's number" "\"id\":$assigned" "$out"
expect_contains "... and the act's date" '"date":"2024-03-14"' "$out"
expect_contains "... beside when it was recorded" '"at":"' "$out"
out=$(inv history TAB-1 --format table)
expect_contains "the table shows the act's date as people write it (ISO in English)" "2024-03-14" "$out"
expect_not_contains "... and no raw UTC time" "T00:00:00Z" "$out"
expect_exit "status --date in ISO form" 0 inv status in-repair --date 2024-04-02 TAB-1
expect_eq "the status change carries its date" 2024-04-02 "$(field TAB-1 status_changed date)"

# --- bad dates change nothing ---
before=$(db_digest)
expect_exit "a date in the future is refused" 1 inv return --date 2099-01-01 TAB-1
expect_contains "... naming the date" "2099-01-01" "$ERR_TXT"
expect_exit "a date before the previous act is refused" 1 inv return --date 01.04.2024 TAB-1
expect_contains "... naming the tag" "TAB-1" "$ERR_TXT"
expect_contains "... the date" "2024-04-01" "$ERR_TXT"
expect_contains "... and the previous act's date" "2024-04-02" "$ERR_TXT"
if locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    bg() { LC_ALL=bg_BG.UTF-8 "$@"; }
    expect_exit "in Bulgarian the same refusal" 1 bg inv return --date 2024-04-01 TAB-1
    expect_contains "... shows the date as dd.mm.yyyy" "01.04.2024" "$ERR_TXT"
    expect_contains "... and the previous act's date too" "02.04.2024" "$ERR_TXT"
    expect_not_contains "... with no ISO date left" "2024-04-0" "$ERR_TXT"
fi
expect_exit "a malformed date is a usage error" 2 inv assign --to RDSA-11 --date 31.02.2024 TAB-1
expect_exit "asset add in the future is refused" 1 \
    inv asset add --kind tablet --tag TAB-9 --date 2099-01-01
expect_eq "nothing changed" "$before" "$(db_digest)"
expect_exit "a date on the previous act's day is fine" 0 inv return --date 2024-04-02 TAB-1
expect_eq "verify passes with dated acts" ok "$(v)"

# --- revert: each kind of act, then verify ---
inv asset add --kind tablet --tag TAB-2 --office ASP-WH --date 2024-01-10 >/dev/null
inv assign --to DSP-LOV --custodian 'Иван Петров' --date 2024-02-01 TAB-2 >/dev/null
inv assign --to RDSA-11 --date 2024-02-05 TAB-2 >/dev/null
ev=$(field TAB-2 transferred id)
ev1=$(field TAB-2 assigned id)
before=$(db_digest)
expect_exit "an act with later acts is refused" 1 inv revert "$ev1" --reason x
expect_contains "... naming the later acts" "event numbers: $ev)" "$ERR_TXT"
expect_eq "... changing nothing" "$before" "$(db_digest)"
expect_exit "a transfer can be reverted" 0 inv revert "$ev" --reason 'грешен офис' --date 06.02.2024
expect_contains "... saying which event reverted it" "event $ev reverted" "$OUT_TXT"
out=$(inv asset show TAB-2 --format json)
expect_contains "... the asset is back where it was" '"office": "DSP-LOV"' "$out"
expect_contains "... with its custodian" 'Иван Петров' "$out"
expect_eq "... the revert names the event" "$ev" "$(field TAB-2 reverted reverts)"
expect_eq "... its note is the reason" "грешен офис" "$(field TAB-2 reverted note)"
out=$(inv history TAB-2 --format csv)
expect_contains "... the original stays in the history" ",transferred,DSP-LOV,RDSA-11," "$out"
expect_eq "verify passes after a revert of a transfer" ok "$(v)"
out=$(inv history --office RDSA-11 --at 2024-02-05 --format csv)
expect_contains "on the transfer's date the asset was at the new office" "TAB-2" "$out"
out=$(inv history --office RDSA-11 --at 2024-02-06 --format csv)
expect_not_contains "on the revert's date it was not" "TAB-2" "$out"

before=$(db_digest)
rev=$(field TAB-2 reverted id)
expect_exit "a revert can't be reverted" 1 inv revert "$rev" --reason x
expect_contains "... saying so" "itself a revert" "$ERR_TXT"
expect_exit "an event reverted already is refused" 1 inv revert "$ev" --reason x
expect_contains "... naming the revert" "$rev" "$ERR_TXT"
created=$(field TAB-2 created id)
expect_exit "an event that changed nothing can't be reverted" 1 inv revert "$created" --reason x
expect_exit "an unknown event is refused" 1 inv revert 99999 --reason x
expect_contains "... naming it" "99999" "$ERR_TXT"
expect_exit "--reason is required" 2 inv revert "$rev"
expect_exit "an event number must be a number" 2 inv revert abc --reason x
expect_eq "refused reverts change nothing" "$before" "$(db_digest)"

inv assign --to DSP-LOV --date 2024-04-03 TAB-1 >/dev/null
ev=$(field TAB-1 assigned id)
expect_exit "an assignment can be reverted" 0 inv revert "$ev" --reason 'не е предаден' --date 2024-04-04
expect_contains "... back in stock" '"status": "in_stock"' "$(inv asset show TAB-1 --format json)"
expect_eq "verify passes after a revert of an assignment" ok "$(v)"

inv return --date 2024-04-10 TAB-2 >/dev/null
ev=$(field TAB-2 returned id)
expect_exit "a return can be reverted" 0 inv revert "$ev" --reason 'не е върнат' --date 2024-04-10
expect_contains "... assigned again" '"office": "DSP-LOV"' "$(inv asset show TAB-2 --format json)"
expect_eq "verify passes after a revert of a return" ok "$(v)"

inv status written-off --date 2024-04-11 TAB-2 >/dev/null
ev=$(field TAB-2 status_changed id)
expect_exit "a write-off can be reverted" 0 inv revert "$ev" --reason 'бракуван по грешка' --date 2024-04-12
expect_contains "... assigned again" '"status": "assigned"' "$(inv asset show TAB-2 --format json)"
expect_eq "verify passes after a revert of a write-off" ok "$(v)"

# A stock check at DSP-LOV: TAB-2 found, TAB-3 missing, TAB-1 (at the
# warehouse) unexpected.
inv asset add --kind tablet --tag TAB-3 --office DSP-LOV --date 2024-01-10 >/dev/null
id=$(inv check start --office DSP-LOV)
inv check scan "$id" TAB-2 TAB-1 >/dev/null
expect_exit "check close --date before an asset's previous act is refused" 1 \
    inv check close "$id" --apply --date 2024-01-01
expect_exit "check close --apply --date" 0 inv check close "$id" --apply --date 15.05.2024
expect_eq "the check's acts carry its date" 2024-05-15 "$(field TAB-3 marked_missing date)"
for t in TAB-3:marked_missing TAB-1:seen TAB-2:seen; do
    ev=$(field "${t%%:*}" "${t#*:}" id)
    expect_exit "a stock check's ${t#*:} can be reverted (${t%%:*})" 0 \
        inv revert "$ev" --reason 'проверката сгреши'
done
ev=$(field TAB-1 assigned id)  # from stock: an assignment
expect_exit "a stock check's transfer can be reverted" 0 inv revert "$ev" --reason 'сгреши'
out=$(inv asset show TAB-1 --format json)
expect_contains "... back at the warehouse" '"office": "ASP-WH"' "$out"
expect_contains "... never seen" '"last_seen": null' "$out"
expect_contains "TAB-3 is no longer missing" '"status": "assigned"' \
    "$(inv asset show TAB-3 --format json)"
expect_eq "verify passes after reverting a stock check's results" ok "$(v)"

# --- import: the date taken on the books ---
printf 'Инвентарен номер;Вид;Офис;Дата на завеждане\nIMP-1;tablet;DSP-LOV;05.01.2023\nIMP-2;tablet;DSP-LOV;\n' >"$WORK/in.csv"
expect_exit "import with a date column" 0 inv import "$WORK/in.csv"
expect_eq "the imported event carries the date" 2023-01-05 "$(field IMP-1 imported date)"
out=$(inv history --office DSP-LOV --at 2023-01-05 --format csv)
expect_contains "the office held it from that date" "IMP-1,DSP-LOV,assigned,,2023-01-05" "$out"
expect_not_contains "... and an undated row only from today" "IMP-2" "$out"
printf 'tag,kind,date\nIMP-3,tablet,2099-01-01\n' >"$WORK/fut.csv"
before=$(db_digest)
expect_exit "import refuses a date in the future" 1 inv import "$WORK/fut.csv"
expect_contains "... naming the line" "fut.csv:2" "$ERR_TXT"
expect_eq "... writing nothing" "$before" "$(db_digest)"

# --- export and restore keep the dates and the reverts ---
inv export -o "$WORK/a.json" >/dev/null
DB="$WORK/b.db" inv init >/dev/null
expect_exit "an export with dates and reverts restores" 0 env DB="$WORK/b.db" \
    "$INVENTAR_BIN" --db "$WORK/b.db" --user tester import "$WORK/a.json"
expect_exit "verify passes on the restored database" 0 \
    "$INVENTAR_BIN" --db "$WORK/b.db" verify
expect_eq "the restored history is the same" "$(inv history TAB-2 --format json)" \
    "$("$INVENTAR_BIN" --db "$WORK/b.db" history TAB-2 --format json)"
"$INVENTAR_BIN" --db "$WORK/b.db" export -o "$WORK/b.json" >/dev/null
expect_eq "export, restore, export gives the same file" "$(cat "$WORK/a.json")" \
    "$(cat "$WORK/b.json")"
sed 's/"act_date":"2024-03-14"/"act_date":"2024-03-15"/' "$WORK/a.json" >"$WORK/c.json"
DB="$WORK/c.db" inv init >/dev/null
expect_exit "an altered act date is caught by the hash" 1 \
    "$INVENTAR_BIN" --db "$WORK/c.db" --user tester import "$WORK/c.json"
finish
