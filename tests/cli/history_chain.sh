# Everything is in the chain, and verify explains every row (issue 12):
# offices, kinds, funding projects, stock checks with their scans and
# documents have events with their actor; an insider who changes any
# column of any fact table with sqlite3 (dropping the triggers that stand
# in the way) is found by verify, which names the row and the column; a
# field set back behind a recorded edit is found; a dropped or weakened
# trigger is found; a database of schema 6 is carried over with baseline
# events and verifies.
. "$TESTLIB"

setup_world
inv office add FO-HKV 'Фронт офис Хасково' --kind front --parent RDSA-26 \
    --short 'ФО Хасково' --address 'ул. Раковски 1' >/dev/null
inv kind add mfd 'Мултифункционално устройство' --prefix MFD --fields 'color' >/dev/null
inv funding add BG-1 'Проект' --programme 'ОП РЧР' --amount '1 000,00' --currency BGN \
    --from 2016-01-01 --to 2020-12-31 --durable-until 2025-12-31 >/dev/null
pc=$(inv asset add --kind computer --make Dell --model 'OptiPlex 3070' --serial SN-1 \
    --office DSP-LOV --custodian 'Мария' --cost '950,00' --currency BGN \
    --purchase-date 2019-04-01 --funding BG-1 --supplier 'Доставчик' --contract 'Д-1' \
    --warranty-end 2022-04-01 --attr 'components=i5' --description 'бюро 3')
inv asset add --kind mfd --make HP --model M428 --office ASP-WH >/dev/null
inv asset edit "$pc" --model 'OptiPlex 3080' >/dev/null
inv office edit DSP-LOV --name 'ДСП Ловеч (нова сграда)' >/dev/null
cid=$(inv check start --office DSP-LOV --order 'Заповед 1' --chair 'Иванов' --member 'Петров')
inv check scan "$cid" "$pc" NOPE-1 >/dev/null
inv check close "$cid" --apply >/dev/null

q() { sqlite3 "$DB" "$1"; }
expect_exit "verify passes" 0 inv verify
expect_eq "an office's creation is an event with its actor" "office_created|tester" \
    "$(q "SELECT e.type, e.actor FROM event e JOIN office o ON o.id = e.subject_id
          WHERE e.subject_type = 'office' AND o.code = 'FO-HKV'")"
expect_eq "a rename is an event holding the old and the new name" \
    '{"name":["ДСП Ловеч","ДСП Ловеч (нова сграда)"]}' \
    "$(q "SELECT e.changes FROM event e WHERE e.type = 'office_edited'")"
expect_eq "kinds, funding projects, checks, scans and documents have their events" \
    "check_closed check_scanned check_started document_recorded funding_created kind_created office_created office_edited" \
    "$(q "SELECT group_concat(type, ' ') FROM (SELECT DISTINCT type FROM event
          WHERE subject_type <> 'asset' ORDER BY type)")"
expect_eq "each scan is an event" "2" "$(q "SELECT count(*) FROM event WHERE type = 'check_scanned'")"
expect_contains "an asset's created event holds every field it was given" '"supplier":["","Доставчик"]' \
    "$(q "SELECT e.changes FROM event e JOIN asset a ON a.id = e.asset_id
          WHERE a.tag = '$pc' AND e.type = 'created'")"

# The insider: one column at a time, in a copy, verify names it.
tamper() { # what column sql
    cp "$DB" "$WORK/t.db"
    sqlite3 "$WORK/t.db" "$3" 2>/dev/null
    "$INVENTAR_BIN" --db "$WORK/t.db" verify >"$WORK/t.out" 2>"$WORK/t.err"
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q "$1" "$WORK/t.err" && grep -q "$2" "$WORK/t.err"; then
        pass "a direct change to $1 $2 is found and named"
    else
        fail "a direct change to $1 $2 is found and named (exit $rc: $(cat "$WORK/t.err"))"
    fi
}
A="WHERE tag = '$pc'"
tamper "asset $pc" make "UPDATE asset SET make = 'HP' $A"
tamper "asset $pc" model "UPDATE asset SET model = 'X' $A"
tamper "asset $pc" serial "UPDATE asset SET serial = 'SN-2' $A"
tamper "asset $pc" description "UPDATE asset SET description = 'x' $A"
tamper "asset $pc" kind "UPDATE asset SET kind_id = (SELECT id FROM asset_kind WHERE code = 'tablet') $A"
tamper "asset $pc" purchase_date "UPDATE asset SET purchase_date = '2019-05-01' $A"
tamper "asset $pc" cost "UPDATE asset SET cost = 120000 $A"
tamper "asset $pc" cost "UPDATE asset SET currency = 'EUR' $A"
tamper "asset $pc" supplier "UPDATE asset SET supplier = 'x' $A"
tamper "asset $pc" contract "UPDATE asset SET contract = 'x' $A"
tamper "asset $pc" funding "UPDATE asset SET funding_id = NULL $A"
tamper "asset $pc" warranty_end "UPDATE asset SET warranty_end = '2030-01-01' $A"
tamper "asset $pc" attrs "UPDATE asset SET attrs = '{\"components\":\"i7\"}' $A"
tamper "asset $pc" last_seen "UPDATE asset SET last_seen = '2020-01-01T00:00:00Z' $A"
tamper "asset $pc" office "UPDATE asset SET office_id = (SELECT id FROM office WHERE code = 'ASP-WH') $A"
tamper "asset $pc" status "UPDATE asset SET status = 'in_repair' $A"
tamper "asset $pc" custodian "UPDATE asset SET custodian = 'x' $A"
tamper "asset $pc" "scan code" "UPDATE asset SET scan_code = 'x' $A"
tamper "asset $pc" "look-alike key" "UPDATE asset SET tag_key = 'x' $A"
O="WHERE code = 'FO-HKV'"
tamper "office FO-HKV" name "UPDATE office SET name = 'x' $O"
tamper "office FO-HKV" short_name "UPDATE office SET short_name = 'x' $O"
tamper "office FO-HKV" kind "UPDATE office SET kind = 'local' $O"
tamper "office FO-HKV" parent "UPDATE office SET parent_id = (SELECT id FROM office WHERE code = 'ASP-HQ') $O"
tamper "office FO-HKV" oblast "UPDATE office SET oblast = 'BG-01' $O"
tamper "office FO-HKV" address "UPDATE office SET address = 'x' $O"
tamper "office FO-HKV" active "UPDATE office SET active = 0 $O"
K="WHERE code = 'mfd'"
tamper "asset kind mfd" name "UPDATE asset_kind SET name = 'x' $K"
tamper "asset kind mfd" prefix "UPDATE asset_kind SET prefix = 'XX' $K"
tamper "asset kind mfd" fields "UPDATE asset_kind SET fields = 'x' $K"
tamper "asset kind vehicle" "has no history" "UPDATE asset_kind SET name = 'x' WHERE code = 'vehicle'"
F="WHERE code = 'BG-1'"
for c in "title = 'x'" "programme = 'x'" "amount = 1" "currency = 'EUR'" \
         "date_from = '2016-02-01'" "date_to = '2021-01-01'" "durable_until = '2030-01-01'"; do
    tamper "funding project BG-1" "${c%% *}" "UPDATE funding SET $c $F"
done
C="WHERE id = $cid"
for c in "office_id = 1" "recursive = 1" "started_at = 'x'" "started_by = 'x'" "closed_at = 'x'" \
         "closed_by = 'x'" "applied = 0" "commission = 'x'" "scan_prefix = 'x'" "scan_suffix = 'x'" \
         "note = 'x'" "order_text = 'x'" "chair = 'x'" "members = '[]'" "mol = 'x'"; do
    col=${c%% *}; [ "$col" = office_id ] && col=office
    tamper "stock check $cid" "$col" "UPDATE stock_check SET $c $C"
done
tamper "stock check $cid" expected "DELETE FROM check_expected WHERE check_id = $cid"
S="WHERE check_id = $cid AND raw = 'NOPE-1'"
for c in "raw = 'x'" "code = 'x'" "at = 'x'" "operator = 'x'" "result = 'found'" \
         "asset_id = 1" "office_id = 1"; do
    col=${c%% *}; [ "$col" = asset_id ] && col=asset; [ "$col" = office_id ] && col=office
    tamper "scan" "$col" "DROP TRIGGER check_scan_no_update; UPDATE check_scan SET $c $S"
done
D="WHERE id = (SELECT max(id) FROM document)"
for c in "date = '2020-01-01'" "created_at = 'x'" "actor = 'x'" "people = '[]'" \
         "content = '{}'" "head_id = 1" "head_hash = 'x'"; do
    col=${c%% *}; [ "$col" = content ] && col=content_sha256
    tamper "document" "$col" "DROP TRIGGER document_no_update; UPDATE document SET $c $D"
done
tamper "document" events "INSERT INTO document_event(document_id, event_id) VALUES((SELECT max(id) FROM document), 1)"
tamper "office #" "does not exist" "DROP TRIGGER office_no_delete; DELETE FROM office WHERE code = 'FO-HKV'"

# A recorded edit, then the field set back behind the program's back.
tamper "asset $pc" "model is 'OptiPlex 3070' but the history says 'OptiPlex 3080'" \
    "UPDATE asset SET model = 'OptiPlex 3070' $A"

# Triggers exactly as the schema defines them.
tamper "event_no_delete" "missing" "DROP TRIGGER event_no_delete"
tamper "event_no_update" "altered" "DROP TRIGGER event_no_update;
    CREATE TRIGGER event_no_update BEFORE UPDATE ON event WHEN new.id = (SELECT max(id) FROM event)
    BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed'); END;"
tamper "check_scan_no_delete" "altered" "DROP TRIGGER check_scan_no_delete;
    CREATE TRIGGER check_scan_no_delete BEFORE DELETE ON check_scan WHEN old.id > 1000000
    BEGIN SELECT RAISE(ABORT, 'scans cannot be deleted'); END;"
tamper "not one the schema defines" "x" "CREATE TRIGGER x AFTER INSERT ON office BEGIN SELECT 1; END;"

# A database of schema 6 (migrations 1-6 only) is carried over.
OLD=$WORK/old6.db
"$BUILD/tools/schema6_db" "$OLD"
old_events=$(sqlite3 "$OLD" "SELECT group_concat(hash) FROM event")
# verify only reads: init carries the database over, then verify checks it.
"$INVENTAR_BIN" --db "$OLD" init >/dev/null
expect_exit "a schema-6 database opens and verifies" 0 "$INVENTAR_BIN" --db "$OLD" verify
expect_eq "its events are kept as they were" "$old_events" \
    "$(sqlite3 "$OLD" "SELECT group_concat(hash) FROM (SELECT hash FROM event ORDER BY id LIMIT 2)")"
expect_eq "what had no events gets a baseline by 'migration'" \
    "asset check check document funding kind office office" \
    "$(sqlite3 "$OLD" "SELECT group_concat(subject_type, ' ') FROM (SELECT subject_type FROM event
        WHERE type = 'baseline' AND actor = 'migration' ORDER BY subject_type)")"
expect_eq "the built-in kinds need none" "0" \
    "$(sqlite3 "$OLD" "SELECT count(*) FROM event WHERE subject_type = 'kind' AND subject_id <= 3")"
expect_exit "an act on the migrated database" 0 "$INVENTAR_BIN" --db "$OLD" --user tester \
    asset edit PC-1 --model 'ProDesk 2'
expect_exit "still verifies" 0 "$INVENTAR_BIN" --db "$OLD" verify
sqlite3 "$OLD" "UPDATE asset SET cost = 120000"
"$INVENTAR_BIN" --db "$OLD" verify >/dev/null 2>"$WORK/old.err"
expect_contains "and a later change behind its back is named" \
    "asset PC-1: cost is '120000 BGN' but the history says '95000 BGN'" "$(cat "$WORK/old.err")"

finish
