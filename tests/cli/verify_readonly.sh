# verify reads only: a copy that the user may only read (a backup, a WAL
# database copied without its -shm, a file of another user) can be
# verified, listed and exported; its bytes stay as they were and nothing
# is created beside it; an old schema is reported, never upgraded.
. "$TESTLIB"

setup_world
veh=$(inv asset add --kind vehicle --make Skoda --model Octavia --office RDSA-11 \
      --custodian 'Иван Петров')
inv assign --to DSP-LOV --custodian 'Георги' "$veh" >/dev/null
head=$(inv anchor)

# A directory others may enter (the test's own is private).
RO=$(mktemp -d /tmp/inventar-ro.XXXXXX)
trap 'chmod -R u+w "$RO" 2>/dev/null; rm -rf "$RO"' EXIT
chmod 0755 "$RO"
sums() { (cd "$RO" && ls -A | sort | tr '\n' ' '; sha256sum "$1" | cut -c1-64); }

# 1. A backup (a single file: backup leaves it in the rollback journal).
expect_exit "backup makes a copy" 0 inv backup "$RO/backup.db"
expect_eq "the copy is in the rollback-journal mode" "delete" \
    "$(sqlite3 "$RO/backup.db" 'PRAGMA journal_mode')"
chmod 0444 "$RO/backup.db"
before=$(sums backup.db)
b() { "$INVENTAR_BIN" --db "$RO/backup.db" "$@"; }
expect_exit "verify of a read-only backup passes" 0 b verify --anchor "$head"
expect_contains "and prints its head" "head: $head" "$OUT_TXT"
expect_exit "asset list reads it" 0 b asset list --format csv
expect_contains "listing the asset" "$veh" "$OUT_TXT"
expect_exit "asset show reads it" 0 b asset show "$veh"
expect_exit "history reads it" 0 b history "$veh"
expect_exit "export reads it" 0 b export --format json
expect_exit "anchor reads it" 0 b anchor
expect_eq "its head is the anchored one" "$head" "$OUT_TXT"
expect_eq "the file and its directory are unchanged" "$before" "$(sums backup.db)"
expect_exit "an act on it is refused" 1 b --user tester status missing "$veh"
expect_contains "saying it is read-only" "read-only" "$ERR_TXT"
expect_eq "and changes nothing" "$before" "$(sums backup.db)"

# 2. A WAL database copied without its -shm, made read-only.
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$RO/wal.db"
chmod 0444 "$RO/wal.db"
expect_eq "the copy is a WAL database (file format 2)" "2" "$(od -An -tu1 -j18 -N1 "$RO/wal.db" | tr -d ' ')"
before=$(sums wal.db)
expect_exit "verify of a read-only WAL copy passes" 0 "$INVENTAR_BIN" --db "$RO/wal.db" verify
expect_exit "asset list reads it" 0 "$INVENTAR_BIN" --db "$RO/wal.db" asset list --format csv
expect_eq "no -wal or -shm appears and its bytes are unchanged" "$before" "$(sums wal.db)"

# 3. As an unprivileged user who may read the file and nothing else.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    cp "$INVENTAR_BIN" "$RO/inventar"
    chmod 0755 "$RO/inventar"
    [ -d "$(dirname "$INVENTAR_BIN")/locale" ] && cp -r "$(dirname "$INVENTAR_BIN")/locale" "$RO/"
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$@"; }
    expect_exit "an unprivileged user verifies the read-only WAL copy" 0 \
        as_nobody "$RO/inventar" --db "$RO/wal.db" verify --anchor "$head"
    expect_exit "and the backup" 0 as_nobody "$RO/inventar" --db "$RO/backup.db" verify
    expect_exit "and lists it" 0 as_nobody "$RO/inventar" --db "$RO/wal.db" asset list --format csv
    expect_contains "seeing the asset" "$veh" "$OUT_TXT"
    expect_exit "and exports it" 0 as_nobody "$RO/inventar" --db "$RO/wal.db" export --format csv
    rm -f "$RO/inventar"; rm -rf "$RO/locale"
    expect_eq "the file's bytes are unchanged" "$before" "$(sums wal.db)"
    # A writable copy of another user in a directory he may not write.
    cp "$DB" "$RO/other.db"
    chmod 0644 "$RO/other.db"
    before=$(sums other.db)
    cp "$INVENTAR_BIN" "$RO/inventar"
    expect_exit "an unprivileged user verifies another user's database" 0 \
        as_nobody "$RO/inventar" --db "$RO/other.db" verify
    rm -f "$RO/inventar"
    expect_eq "its bytes are unchanged, nothing beside it" "$before" "$(sums other.db)"
else
    echo "skipped: verify as an unprivileged user (needs root and setpriv)"
fi

# 4. A live database: verify neither migrates nor switches the journal.
expect_exit "verify of the live database passes" 0 inv verify
expect_eq "it stays in WAL mode" "wal" "$(sqlite3 "$DB" 'PRAGMA journal_mode')"
cp "$RO/backup.db" "$WORK/rw-backup.db"
chmod 0644 "$WORK/rw-backup.db"
"$INVENTAR_BIN" --db "$WORK/rw-backup.db" verify >/dev/null
expect_eq "verify leaves a writable backup in its journal mode" "delete" \
    "$(sqlite3 "$WORK/rw-backup.db" 'PRAGMA journal_mode')"

# 5. An old schema is reported, not upgraded.
"$BUILD/tools/old_schema" "$RO/old.db" 5
before=$(sha256sum "$RO/old.db" | cut -c1-64)
expect_exit "verify of a database of an older schema fails" 1 \
    "$INVENTAR_BIN" --db "$RO/old.db" verify
expect_contains "saying which schema it is at and what to do" \
    "the database is at schema version 5; this inventar's is" "$ERR_TXT"
expect_contains "naming init" "inventar init" "$ERR_TXT"
expect_eq "it is still at schema 5" "5" "$(sqlite3 "$RO/old.db" 'PRAGMA user_version')"
expect_eq "its bytes are unchanged" "$before" "$(sha256sum "$RO/old.db" | cut -c1-64)"
chmod 0444 "$RO/old.db"
expect_exit "a read-only old copy cannot be listed" 1 \
    "$INVENTAR_BIN" --db "$RO/old.db" asset list
expect_contains "for the same reason" "schema version 5" "$ERR_TXT"
chmod 0644 "$RO/old.db"
expect_exit "init upgrades it" 0 "$INVENTAR_BIN" --db "$RO/old.db" init
expect_exit "and then it verifies" 0 "$INVENTAR_BIN" --db "$RO/old.db" verify

finish
