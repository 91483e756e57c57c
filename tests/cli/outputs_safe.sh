#!/bin/sh
# outputs_safe.sh: no command that writes a file (labels -o, export -o,
# check report -o, backup) ever writes onto the database or its -wal,
# -shm or -journal file, however it is named (path, relative path,
# symbolic link, hard link, a link to a sidecar that does not exist yet):
# each is refused with exit 1 and a message naming the database, the
# database is unchanged and nothing is written.
. "$TESTLIB"

inv init >/dev/null
setup_world
inv asset add --kind computer --tag PC-0001 --make Lenovo --model M70s --office DSP-LOV >/dev/null
cid=$(inv check start --office DSP-LOV)
inv check scan "$cid" PC-0001 >/dev/null

ln -s "$DB" "$WORK/sym.db"
ln "$DB" "$WORK/hard.db"
ln -s "$DB-journal" "$WORK/sym-journal"   # dangling: the journal does not exist
ln -s test.db-wal "$WORK/sym-wal"         # relative link
mkdir "$WORK/sub" && ln -s .. "$WORK/sub/up"

before=$(db_digest)
size=$(stat -c %s "$DB")
targets="$DB $DB-wal $DB-shm $DB-journal test.db ./test.db-wal sub/up/test.db-shm
$WORK/sym.db $WORK/hard.db $WORK/sym-journal $WORK/sym-wal"

# refused WHAT CMD...: exit 1, the database named, nothing changed.
refused() {
    _what=$1; shift
    expect_exit "$_what is refused" 1 "$@"
    expect_contains "$_what: the message says it is the database" "database $DB" "$ERR_TXT"
}

for t in $targets; do
    refused "labels -o $t" inv labels PC-0001 -o "$t"
    refused "export -o $t" inv export -o "$t"
    refused "export --format csv -o $t" inv export --format csv -o "$t"
    refused "backup $t" inv backup "$t"
done
# check report wants a name ending in .pdf or .csv: links so named.
ln -s "$DB" "$WORK/db-link.pdf"
ln -s "$DB" "$WORK/db-link.csv"
refused "check report -o a .pdf link to the database" inv check report "$cid" -o "$WORK/db-link.pdf"
refused "check report -o a .csv link to the database" inv check report "$cid" -o "$WORK/db-link.csv"
refused "labels -o /dev/stdout redirected into the database" \
    sh -c '"$1" --db "$2" --user tester labels PC-0001 -o /dev/stdout >>"$2"' sh "$INVENTAR_BIN" "$DB"

expect_eq "the database is unchanged" "$before" "$(db_digest)"
expect_eq "the database file is the same size" "$size" "$(stat -c %s "$DB")"
expect_eq "no journal was written" no "$([ -e "$DB-journal" ] && echo yes || echo no)"
expect_eq "the dangling link still points nowhere" no "$([ -e "$WORK/sym-journal" ] && echo yes || echo no)"
expect_eq "the links are still links" "yes yes" \
    "$([ -L "$WORK/sym.db" ] && echo yes) $([ -L "$WORK/sym-wal" ] && echo yes)"
expect_eq "no temporary file is left" "" "$(ls -A "$WORK" | grep -i 'tmp' || true)"
expect_exit "the database still verifies" 0 inv verify
expect_eq "no label was recorded as printed" 0 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM event WHERE type = 'label_printed'")"

# The same commands write other files, whole.
expect_exit "labels -o another file works" 0 inv labels PC-0001 -o "$WORK/l.pdf"
expect_eq "... a PDF" "%PDF" "$(head -c 4 "$WORK/l.pdf")"
expect_exit "export -o another file works" 0 inv export -o "$WORK/e.json"
expect_exit "check report -o another file works" 0 inv check report "$cid" -o "$WORK/r.csv"
expect_exit "backup to another file works" 0 inv backup "$WORK/copy.db"
expect_exit "... and the copy verifies" 0 "$INVENTAR_BIN" --db "$WORK/copy.db" verify
# A name that merely begins like the database's is another file.
expect_exit "export -o test.db-wal.json is another file" 0 inv export -o "$WORK/test.db-wal.json"
finish
