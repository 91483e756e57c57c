# import_bad.sh: bad rows and broken files. Every bad row is reported with
# its file and line; a failed import or a dry run writes nothing;
# --skip-bad imports the good rows; malformed files never half-write.
. "$TESTLIB"
q() { sqlite3 "$DB" "$1"; }

setup_world || fail "setup"
before=$(db_digest)
bad="$TESTDATA/import_bad.csv"

expect_exit "a sheet with bad rows fails" 1 inv import "$bad"
expect_contains "unknown office, line 4" "import_bad.csv:4: no office 'RDSA-99'" "$ERR_TXT"
expect_contains "bad date, line 5" "import_bad.csv:5: purchase date '31.02.2023' is not a date" "$ERR_TXT"
expect_contains "bad amount, line 6" "import_bad.csv:6: cost '12,3,4' is not an amount" "$ERR_TXT"
expect_contains "tag twice in the file, line 7 names line 2" "import_bad.csv:7: tag OK-1 is also on line 2" "$ERR_TXT"
expect_contains "wrong field count, line 8, both counts" "import_bad.csv:8: 7 fields, but the header has 10" "$ERR_TXT"
expect_contains "invalid IMEI, line 9" "import_bad.csv:9: IMEI '356938035643800' is not 15 digits with a valid check digit" "$ERR_TXT"
expect_contains "serial twice in the file, line 11" "import_bad.csv:11: serial S-1 of make Samsung is also on line 2" "$ERR_TXT"
expect_contains "unknown kind, line 12" "import_bad.csv:12: no asset kind 'принтер'" "$ERR_TXT"
expect_not_contains "the good rows are not reported" "import_bad.csv:10:" "$ERR_TXT"
errors=$(printf '%s\n' "$ERR_TXT" | grep -v ': warning: ')
expect_not_contains "nor the first row" "import_bad.csv:2:" "$errors"
expect_eq "one line per bad row and a summary" "9" "$(printf '%s\n' "$errors" | wc -l)"
expect_eq "costs without a currency: taken as EUR, said once" \
    "inventar: $bad:2: warning: a cost without a currency is taken as EUR (this line and every other such row)" \
    "$(printf '%s\n' "$ERR_TXT" | grep ': warning: ')"
expect_contains "the summary says nothing was imported" "8 of 10 rows are bad; nothing was imported" "$ERR_TXT"
expect_eq "the database is unchanged after the failed import" "$before" "$(db_digest)"

expect_exit "a dry run of the same sheet fails too" 1 inv import --dry-run "$bad"
expect_contains "the dry run reports every bad row" "import_bad.csv:12: no asset kind" "$ERR_TXT"
expect_contains "and counts" "dry run: 2 to import, 0 to update, 0 unchanged, 8 bad; nothing was written" "$OUT_TXT"
expect_eq "the dry run wrote nothing" "$before" "$(db_digest)"
expect_exit "a dry run of a good sheet succeeds" 0 inv import --dry-run "$TESTDATA/import_newlines.csv"
expect_eq "and writes nothing" "$before" "$(db_digest)"

expect_exit "--dry-run --skip-bad: the import would go through" 0 inv import --dry-run --skip-bad "$bad"
expect_contains "still reporting the bad rows" "import_bad.csv:4: no office" "$ERR_TXT"
expect_eq "and writing nothing" "$before" "$(db_digest)"
expect_exit "--skip-bad imports the good rows" 0 inv import --skip-bad "$bad"
expect_eq "--skip-bad summary" "2 imported, 0 updated, 0 unchanged, 8 bad" "$OUT_TXT"
expect_contains "--skip-bad still reports the bad rows" "import_bad.csv:9: IMEI" "$ERR_TXT"
expect_eq "only the good rows are in" "OK-1 OK-2" \
    "$(q "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM asset ORDER BY tag)")"
expect_eq "with their events" "2" "$(q "SELECT count(*) FROM event WHERE type = 'imported'")"
want=$(printf 'Описание\nна два реда')
expect_eq "the two-line description of the first row" "$want" \
    "$(q "SELECT description FROM asset WHERE tag = 'OK-1'")"

expect_exit "a sheet imports once" 0 inv import "$TESTDATA/import_newlines.csv"
expect_exit "importing it again without --update: tags already in the database are refused" 1 \
    inv import "$TESTDATA/import_newlines.csv"
expect_contains "naming line and tag" "import_newlines.csv:2: tag NL-1 already exists (use --update" "$ERR_TXT"
printf 'tag,kind,make,serial\nNEW-1,tablet,Samsung,S-1\n' >serial.csv
expect_exit "a serial of the same make already in the database is refused" 1 inv import serial.csv
expect_contains "naming the asset that has it" "serial.csv:2: serial S-1 of make Samsung is already asset OK-1" "$ERR_TXT"

inv office edit RDSA-26 --deactivate >/dev/null
printf 'tag,kind,office,status\nD-1,tablet,RDSA-26,\nD-2,tablet,,assigned\nD-3,tablet,RDSA-11,счупен\nD-4,tablet,RDSA-11,в ремонт\n' >state.csv
expect_exit "rows that cannot be placed" 1 inv import state.csv
expect_contains "a deactivated office" "state.csv:2: office RDSA-26 is deactivated" "$ERR_TXT"
expect_contains "assigned without an office" "state.csv:3: an assigned asset needs an office" "$ERR_TXT"
expect_contains "an unknown status" "state.csv:4: unknown status 'счупен'" "$ERR_TXT"
expect_not_contains "a Bulgarian status is understood" "state.csv:5" "$ERR_TXT"

# ---- broken files: refused whole, naming the line ----
mid=$(db_digest)
printf 'tag,kind\nN-1,tablet\nN-2,tab\000let\n' >nul.csv
expect_exit "a NUL byte" 1 inv import nul.csv
expect_contains "names its line" "nul.csv:3: a NUL byte" "$ERR_TXT"
printf 'tag,kind,description\nQ-1,tablet,ok\nQ-2,tablet,"never closed\nQ-3,tablet,x\n' >quote.csv
expect_exit "an unterminated quote" 1 inv import quote.csv
expect_contains "names the line where the quote opens" "quote.csv:3: a quoted field starts here and never ends" "$ERR_TXT"
awk 'BEGIN { printf "tag,kind,description\nBIG-1,tablet,\""
             for (i = 0; i < 16384; i++) printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
             printf "\"\nBIG-2,tablet,fine\n" }' >big.csv
expect_exit "a megabyte-long field" 1 inv import big.csv
expect_contains "is refused, naming line and field" "big.csv:2: field 3 (description) is longer than 65536 bytes" "$ERR_TXT"
printf 'tag,kind,description\nU-1,tablet,Описание на таблета\nU-2,tablet,лош \377 байт\nU-3,tablet,Таблет за обслужване\n' >utf.csv
expect_exit "invalid UTF-8 in a UTF-8 file" 1 inv import utf.csv
expect_contains "names the line" "utf.csv:3: invalid UTF-8" "$ERR_TXT"
printf '\377\376t\000a\000g\000\n\000' >u16.csv
expect_exit "a UTF-16 file" 1 inv import u16.csv
expect_contains "gets advice" "UTF-16" "$ERR_TXT"
: >empty.csv
expect_exit "an empty file" 1 inv import empty.csv
expect_contains "says so" "empty.csv: the file is empty" "$ERR_TXT"
printf 'tag,model\nX-1,Tab\n' >nokind.csv
expect_exit "no kind column" 1 inv import nokind.csv
expect_contains "says which column is missing" "nokind.csv:1: no kind column" "$ERR_TXT"
printf 'foo,bar\n1,2\n' >nohead.csv
expect_exit "no known heading" 1 inv import nohead.csv
expect_contains "asks for a header line" "nohead.csv:1: no known column names" "$ERR_TXT"
printf 'tag,kind,Цена,Стойност\nX-1,tablet,1,2\n' >twice.csv
expect_exit "a field given by two columns" 1 inv import twice.csv
expect_contains "names both columns" "twice.csv:1: columns 3 and 4 both give the cost" "$ERR_TXT"
expect_eq "broken files changed nothing" "$mid" "$(db_digest)"

expect_exit "a missing file" 1 inv import no-such-file.csv
expect_contains "names it" "no-such-file.csv: cannot open" "$ERR_TXT"
expect_exit "a directory" 1 inv import "$WORK"
expect_exit "no file: usage error" 2 inv import
expect_exit "two files: usage error" 2 inv import a.csv b.csv
expect_exit "unknown option: usage error" 2 inv import --frobnicate nul.csv
expect_eq "nothing changed by any of it" "$mid" "$(db_digest)"
expect_exit "the database verifies" 0 inv verify
finish
