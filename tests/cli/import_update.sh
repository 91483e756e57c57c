# import_update.sh: --update. Re-importing a sheet changes nothing and
# duplicates nothing; changed descriptive fields make one "edited" event,
# a changed office, custodian or status goes through the acts (assigned,
# transferred, status_changed events).
. "$TESTLIB"
q() { sqlite3 "$DB" "$1"; }
events() { q "SELECT group_concat(type, ' ') FROM (SELECT e.type FROM event e JOIN asset a ON a.id = e.asset_id WHERE a.tag = '$1' ORDER BY e.id)"; }

setup_world || fail "setup"
cat >v1.csv <<'EOF'
tag,kind,make,model,serial,description,office,custodian,status,cost,imei
UP-1,tablet,Samsung,Tab A8,SN-1,Първоначално описание,RDSA-11,Иван Петров,,"100,00",356938035643809
UP-2,tablet,Samsung,Tab A8,SN-2,,DSP-LOV,Мария Иванова,,,
UP-3,computer,Dell,OptiPlex,SN-3,,ASP-WH,,,,
,tablet,Lenovo,Tab M10,SN-4,Без номер,RDSA-11,,,,
EOF
expect_exit "first import" 0 inv import v1.csv
gen=$(q "SELECT tag FROM asset WHERE serial = 'SN-4'")
expect_eq "the untagged row got a tag" "TAB-000001" "$gen"
d1=$(db_digest)

expect_exit "the same sheet with --update" 0 inv import --update v1.csv
expect_eq "changes nothing" "0 imported, 0 updated, 4 unchanged, 0 bad" "$OUT_TXT"
expect_eq "and writes nothing (the untagged row matched by make and serial)" "$d1" "$(db_digest)"
expect_exit "a dry run of it" 0 inv import --update --dry-run v1.csv
expect_contains "counts it unchanged" "0 to import, 0 to update, 4 unchanged, 0 bad" "$OUT_TXT"
expect_exit "without --update the sheet is refused" 1 inv import v1.csv
expect_contains "naming line and tag" "v1.csv:2: tag UP-1 already exists (use --update to update it)" "$ERR_TXT"
expect_contains "and the untagged row by its serial" "v1.csv:5: serial SN-4 of make Lenovo is already asset TAB-000001" "$ERR_TXT"
expect_eq "the refused import wrote nothing" "$d1" "$(db_digest)"

cat >v2.csv <<'EOF'
tag,kind,make,model,serial,description,office,custodian,status,cost,imei
UP-1,tablet,Samsung,Tab A8,SN-1,Сменено описание,RDSA-11,Иван Петров,,"120,50",356938035643809
UP-2,tablet,Samsung,Tab A8,SN-2,,RDSA-26,Петър Стоянов,,,
UP-3,computer,Dell,OptiPlex,SN-3,,ASP-WH,,в ремонт,,
,tablet,Lenovo,Tab M10,SN-4,Без номер,RDSA-11,Елена Николова,,,
UP-5,tablet,Apple,iPad,SN-5,Нов,RDSA-11,,,,
EOF
expect_exit "a changed sheet with --update" 0 inv import --update v2.csv
expect_eq "counts" "1 imported, 4 updated, 0 unchanged, 0 bad" "$OUT_TXT"
expect_eq "descriptive fields changed" "Сменено описание|12050" \
    "$(q "SELECT description, cost FROM asset WHERE tag = 'UP-1'")"
expect_eq "one edited event for them" "imported edited" "$(events UP-1)"
expect_contains "listing the changes" '"description":["Първоначално описание","Сменено описание"]' \
    "$(q "SELECT e.changes FROM event e JOIN asset a ON a.id = e.asset_id WHERE a.tag = 'UP-1' AND e.type = 'edited'")"
expect_eq "a new office: transferred with the new custodian" "RDSA-26|assigned|Петър Стоянов" \
    "$(q "SELECT o.code, a.status, a.custodian FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'UP-2'")"
expect_eq "through the transfer act" "imported transferred" "$(events UP-2)"
expect_eq "a new status" "in_repair|ASP-WH" \
    "$(q "SELECT a.status, o.code FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'UP-3'")"
expect_eq "through the status act" "imported status_changed" "$(events UP-3)"
expect_eq "a new custodian at the same office" "Елена Николова|assigned" \
    "$(q "SELECT custodian, status FROM asset WHERE tag = '$gen'")"
expect_eq "through the assign act" "imported assigned" "$(events "$gen")"
expect_eq "the acts note the file and line" "v2.csv:3" \
    "$(q "SELECT e.note FROM event e JOIN asset a ON a.id = e.asset_id WHERE a.tag = 'UP-2' AND e.type = 'transferred'")"
d2=$(db_digest)
expect_exit "--update with the changed sheet again" 0 inv import --update v2.csv
expect_eq "is idempotent" "0 imported, 0 updated, 5 unchanged, 0 bad" "$OUT_TXT"
expect_eq "and writes nothing" "$d2" "$(db_digest)"
expect_eq "no asset was duplicated" "5" "$(q "SELECT count(*) FROM asset")"

# Columns that are absent keep their fields; present empty cells clear.
printf 'tag,model\nUP-1,Tab A9\n' >v3.csv
expect_exit "a sheet with only some columns" 0 inv import --update v3.csv
expect_eq "changes only those" "Tab A9|Сменено описание|12050|RDSA-11" \
    "$(q "SELECT a.model, a.description, a.cost, o.code FROM asset a JOIN office o ON o.id = a.office_id WHERE a.tag = 'UP-1'")"
printf 'tag,description,cost\nUP-1,,\n' >v4.csv
expect_exit "empty cells" 0 inv import --update v4.csv
expect_eq "clear descriptive fields" "||" "$(q "SELECT description, cost, currency FROM asset WHERE tag = 'UP-1'")"

# What --update refuses.
before=$(db_digest)
printf 'tag,kind\nUP-1,computer\n' >kind.csv
expect_exit "a changed kind" 1 inv import --update kind.csv
expect_contains "is refused" "kind.csv:2: UP-1 is a tablet in the database, the sheet says computer" "$ERR_TXT"
printf 'tag,plate\nUP-1,СА 1234 ВК\n' >plate.csv
expect_exit "a field the kind does not have" 1 inv import --update plate.csv
expect_contains "is refused" "plate.csv:2: kind tablet has no field 'plate'" "$ERR_TXT"
printf 'tag,serial,make\nUP-1,SN-2,Samsung\n' >ser.csv
expect_exit "another asset's serial" 1 inv import --update ser.csv
expect_contains "is refused" "ser.csv:2: serial SN-2 of make Samsung is already asset UP-2" "$ERR_TXT"
inv status written_off UP-5 >/dev/null
before=$(db_digest)
printf 'tag,status\nUP-5,in_stock\nUP-1,missing\n' >wo.csv
expect_exit "a written-off asset" 1 inv import --update wo.csv
expect_contains "cannot come back" "wo.csv:2: UP-5 is written off" "$ERR_TXT"
expect_eq "and the good row is not written either" "$before" "$(db_digest)"
expect_exit "--skip-bad writes the good row" 0 inv import --update --skip-bad wo.csv
expect_eq "the good row" "missing" "$(q "SELECT status FROM asset WHERE tag = 'UP-1'")"

# Attributes written by `asset add` (jansson) and by the import compare
# equal byte for byte, quotes, backslash and tab included.
tab=$(printf '\t')
inv asset add --kind computer --tag J-1 --attr "components=i5 \"Pro\" \\ 8 GB${tab}SSD" >/dev/null
printf 'tag,kind,components\nJ-1,computer,"i5 ""Pro"" \\ 8 GB\tSSD"\n' >j.csv
expect_exit "the same attributes with --update" 0 inv import --update j.csv
expect_eq "are unchanged" "0 imported, 0 updated, 1 unchanged, 0 bad" "$OUT_TXT"
printf 'tag,kind,components\nJ-2,computer,"i5 ""Pro"" \\ 8 GB\tSSD"\n' >j2.csv
inv import j2.csv >/dev/null
expect_eq "and are stored alike" "1" \
    "$(q "SELECT count(DISTINCT attrs) FROM asset WHERE tag IN ('J-1', 'J-2')")"
expect_exit "the database verifies (history replays to the state)" 0 inv verify
finish
