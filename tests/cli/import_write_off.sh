# import_write_off.sh: an import never writes an asset off. A write-off is
# a commission's act under its protocol (ПБ-) and is refused before the end
# of the funding's durability period; a sheet's row has neither, so a row
# that would write an asset off (a new asset with status written_off, or
# --update to written_off) is a bad row naming the file, line and tag and
# saying how to record the write-off; nothing is written (--skip-bad
# writes the other rows). A row of an asset already written off that says
# written_off is unchanged (a sheet imported again). The way the message
# gives (import with taken_on, then `status written_off --date --doc`)
# records the old write-off under its protocol, durability rule included.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
q() { sqlite3 "$DB" "$1"; }
cd "$WORK" || exit 1

setup_world || fail "setup_world"
inv funding add BG-DUR 'Проект с устойчивост' --durable-until 2099-12-31 >/dev/null
inv asset add --kind tablet --tag KEEP-1 --office DSP-LOV >/dev/null

# --- a new asset written off by a row: refused ---
printf 'tag,kind,office,status\nOK-1,tablet,DSP-LOV,\nWO-1,tablet,DSP-LOV,written_off\nWO-2,tablet,DSP-LOV,бракуван\n' >new.csv
before=$(db_digest)
expect_exit "a new asset with status written_off is refused" 1 inv import new.csv
expect_contains "... naming the file, line and tag" "new.csv:3: WO-1: an import does not write assets off" "$ERR_TXT"
expect_contains "... the Bulgarian word too" "new.csv:4: WO-2: an import does not write assets off" "$ERR_TXT"
expect_contains "... saying how to record it" "inventar status written_off WO-1 --date DATE --doc NUMBER" "$ERR_TXT"
expect_eq "... nothing written" "$before" "$(db_digest)"
expect_exit "a dry run reports it" 1 inv import --dry-run new.csv
expect_contains "... as a bad row" "1 to import, 0 to update, 0 unchanged, 2 bad" "$OUT_TXT"
expect_contains "... naming the line" "new.csv:3: WO-1" "$ERR_TXT"
expect_exit "in Bulgarian" 1 BG inv import new.csv
expect_contains "... the message" "new.csv:3: WO-1: вносът не бракува активи" "$ERR_TXT"
expect_exit "--skip-bad imports the other rows" 0 inv import --skip-bad new.csv
expect_eq "... OK-1 is there" "assigned" "$(q "SELECT status FROM asset WHERE tag = 'OK-1'")"
expect_eq "... WO-1 and WO-2 are not" 0 "$(q "SELECT count(*) FROM asset WHERE tag IN ('WO-1', 'WO-2')")"
expect_eq "no asset is written off" 0 "$(q "SELECT count(*) FROM asset WHERE status = 'written_off'")"

# --- --update to written_off: refused ---
printf 'tag,status\nKEEP-1,written_off\n' >upd.csv
before=$(db_digest)
expect_exit "--update to written_off is refused" 1 inv import --update upd.csv
expect_contains "... naming line and tag" "upd.csv:2: KEEP-1: an import does not write assets off" "$ERR_TXT"
expect_eq "... nothing written" "$before" "$(db_digest)"
expect_eq "... KEEP-1 as it was" "assigned" "$(q "SELECT status FROM asset WHERE tag = 'KEEP-1'")"

# --- the way the message gives: import, then the write-off under its protocol ---
printf 'tag,kind,office,funding,taken_on\nOLD-1,tablet,DSP-LOV,,2018-01-15\nOLD-2,tablet,DSP-LOV,BG-DUR,2018-01-15\n' >old.csv
expect_exit "the old assets imported with their book date" 0 inv import old.csv
expect_exit "the old write-off recorded with its date and protocol number" 0 \
    inv status written_off OLD-1 --date 01.03.2020 --doc 'ПБ-15/2020' --chair 'Иван Петров' \
    --reason 'негоден за употреба'
expect_contains "... under its protocol" "ПБ-15/2020,write_off,2020-03-01" \
    "$(inv document list --type write_off --format csv)"
expect_exit "an asset within its durability period is refused" 1 \
    inv status written_off OLD-2 --date 01.03.2020 --doc 'ПБ-16/2020' --reason 'негоден'
expect_contains "... naming the period's end" "2099-12-31" "$ERR_TXT"

# --- a sheet imported again: an asset already written off is unchanged ---
printf 'tag,status\nOLD-1,written_off\n' >again.csv
expect_exit "a row of an asset already written off, saying so" 0 inv import --update again.csv
expect_eq "... is unchanged" "0 imported, 0 updated, 1 unchanged, 0 bad" "$OUT_TXT"
expect_exit "verify passes" 0 inv verify
finish
