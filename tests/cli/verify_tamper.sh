# verify and the append-only history: the database itself refuses to
# change or delete an event; whatever is altered behind the program's back
# (an event, an asset row, a trigger, the search index, a reference) is
# found by verify, which exits 1 naming the first fault.
. "$TESTLIB"

setup_world
veh=$(inv asset add --kind vehicle --make Skoda --model Octavia --office RDSA-11 \
      --custodian 'Иван Петров')
tab=$(inv asset add --kind tablet --attr imei=490154203237518 --office ASP-WH)
pc=$(inv asset add --kind computer --office DSP-LOV --custodian 'Мария')
inv assign --to DSP-LOV --custodian 'Георги' --doc 'ПП-1/2024' "$veh" "$tab" >/dev/null
inv status in-repair --note 'екран' "$tab" >/dev/null
inv asset edit "$pc" --model 'OptiPlex 3080' >/dev/null
inv return "$veh" >/dev/null

expect_exit "verify passes on an intact database" 0 inv verify
expect_contains "verify prints its counts" "3 assets, 14 events, 5 offices" "$OUT_TXT"
expect_exit "verify takes no arguments" 2 inv verify extra
expect_exit "verify of a missing database fails" 1 "$INVENTAR_BIN" --db "$WORK/none.db" verify
expect_eq "and does not create it" "no" "$([ -e "$WORK/none.db" ] && echo yes || echo no)"

# Append-only, enforced by the database itself (not by inventar).
refused() { # WHAT SQL: sqlite3 fails to run SQL on the database
    sqlite3 "$DB" "$2" >/dev/null 2>"$WORK/.err"
    _rc=$?
    ERR_TXT=$(cat "$WORK/.err")
    expect_eq "$1" "refused" "$([ "$_rc" -ne 0 ] && echo refused || echo "allowed")"
}
before=$(db_digest)
refused "sqlite3 cannot UPDATE an event" "UPDATE event SET note = 'x' WHERE id = 2"
expect_contains "the refusal says the history is append-only" "append-only" "$ERR_TXT"
refused "sqlite3 cannot DELETE an event" "DELETE FROM event WHERE id = 2"
expect_contains "the refusal says events cannot be deleted" "cannot be deleted" "$ERR_TXT"
expect_eq "the history is unchanged" "$before" "$(db_digest)"

# Each case works on a copy of the intact database.
tamper() { # SQL: the copy in $T with SQL applied behind inventar's back
    T="$WORK/t.db"
    rm -f "$T" "$T-wal" "$T-shm"
    sqlite3 "$DB" ".backup '$T'"
    sqlite3 "$T" "$1" >/dev/null
}
vt() { "$INVENTAR_BIN" --db "$T" verify; }
eid=$(sqlite3 "$DB" "SELECT e.id FROM event e JOIN asset a ON a.id = e.asset_id
                     WHERE a.tag = '$tab' AND e.type = 'status_changed'")
at=$(sqlite3 "$DB" "SELECT at FROM event WHERE id = $eid")

tamper "DROP TRIGGER event_no_update"
expect_exit "a dropped append-only trigger alone is a fault" 1 vt
expect_contains "verify names the trigger" "event_no_update" "$ERR_TXT"

tamper "DROP TRIGGER event_no_delete"
expect_exit "a dropped delete trigger is a fault" 1 vt
expect_contains "verify names that trigger" "event_no_delete" "$ERR_TXT"

tamper "DROP TRIGGER event_no_update;
        CREATE TRIGGER event_no_update BEFORE UPDATE ON event WHEN 0
        BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
expect_exit "a trigger that no longer fires is a fault" 1 vt
expect_contains "verify found the altered trigger" "trigger event_no_update is altered" "$ERR_TXT"

tamper "DROP TRIGGER event_no_update; UPDATE event SET note = 'x' WHERE id = $eid"
expect_exit "an altered event is found" 1 vt
expect_contains "verify names the event, its asset and time" \
    "event $eid (asset $tab, $at): hash does not match its content" "$ERR_TXT"

tamper "DROP TRIGGER event_no_update;
        UPDATE event SET to_office_id = (SELECT id FROM office WHERE code = 'RDSA-26')
        WHERE id = $eid"
expect_exit "an event moved to another office is found" 1 vt
expect_contains "verify names that event" "event $eid (asset $tab" "$ERR_TXT"

last=$(sqlite3 "$DB" "SELECT max(id) FROM event")
tamper "DROP TRIGGER event_no_delete; DELETE FROM event WHERE id = $((last - 1))"
expect_exit "a deleted event is found" 1 vt
expect_contains "verify names the event after the gap" "event $last (" "$ERR_TXT"
expect_contains "verify says the chain is broken" "does not follow the event before it" "$ERR_TXT"

tamper "UPDATE asset SET office_id = (SELECT id FROM office WHERE code = 'RDSA-11')
        WHERE tag = '$pc'"
expect_exit "an asset moved without an event is found" 1 vt
expect_contains "verify names the asset and both offices" \
    "asset $pc: office is RDSA-11 but its history says DSP-LOV" "$ERR_TXT"

tamper "UPDATE asset SET custodian = 'Някой' WHERE tag = '$pc'"
expect_exit "a custodian changed without an event is found" 1 vt
expect_contains "verify names the custodians" "asset $pc: custodian is 'Някой' but its history says 'Мария'" "$ERR_TXT"

tamper "UPDATE asset SET status = 'missing' WHERE tag = '$veh'"
expect_exit "a status changed without an event is found" 1 vt
expect_contains "verify names the statuses" "asset $veh: status is missing but its history says in_stock" "$ERR_TXT"

tamper "INSERT INTO asset(tag, kind_id, status) VALUES('GHOST-1', 1, 'in_stock')"
expect_exit "an asset without history is found" 1 vt
expect_contains "verify names it" "asset GHOST-1: has no history" "$ERR_TXT"

tamper "DELETE FROM asset_fts WHERE rowid = (SELECT id FROM asset WHERE tag = '$tab')"
expect_exit "an asset missing from the search index is found" 1 vt
expect_contains "verify names it" "asset $tab: missing from the search index" "$ERR_TXT"

tamper "DROP TRIGGER asset_fts_au"
expect_exit "a dropped search-index trigger is a fault" 1 vt
expect_contains "verify names it" "asset_fts_au" "$ERR_TXT"

tamper "PRAGMA foreign_keys = OFF; UPDATE asset SET funding_id = 99 WHERE tag = '$veh'"
expect_exit "a dangling reference is found" 1 vt
expect_contains "verify names the asset and the table" "asset $veh: refers to a missing row of table funding" "$ERR_TXT"

tamper "UPDATE office SET parent_id = (SELECT id FROM office WHERE code = 'DSP-LOV')
        WHERE code = 'RDSA-11'"
expect_exit "a cycle of offices is found" 1 vt
expect_contains "verify names an office of the cycle" "cycle" "$ERR_TXT"

# A damaged file: overwrite a page in the middle.
tamper "PRAGMA wal_checkpoint(TRUNCATE)"
pages=$(sqlite3 "$T" "PRAGMA page_count")
dd if=/dev/urandom of="$T" bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
expect_exit "a damaged file fails verify" 1 vt
expect_contains "with an inventar message" "inventar: " "$ERR_TXT"

expect_exit "the original still verifies" 0 inv verify
finish
