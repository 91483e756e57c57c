#!/bin/sh
# Only inventar touches the data (DESIGN.md section 10, priv.h): installed
# setgid to a group its users are not in, inventar lets them act on the
# shared database, whose files (-wal and -shm too) are 0660 and the
# group's, while they can't read it with anything else; every other file
# is touched with the user's own rights: an output is theirs, a directory
# or an input only the group may use is refused, TMPDIR is no way in,
# --db naming another file runs without the group, and a child program
# (lp) gets neither the group nor the caller's environment.
. "$TESTLIB"
. "$ROOT/tests/cli/shared_helpers.inc"
if ! shared_setup; then
    echo "SKIP: $SH_SKIP"
    finish
fi
U=$SH_U1
H=$SH/home/$U
ug="$(id -u "$U") $SH_U1_GID"
DB=$SH_DB # db_digest
modes() { stat -c '%a %G' "$@" | tr '\n' ' ' | sed 's/ $//'; }

# 1. root initialises the shared database (as the package's postinst
# would); a user acts and reads through inventar, the events name them.
expect_exit "root creates the shared database through the setgid binary" 0 \
    shroot init --admin "$U"
expect_exit "and gives a second user a role to read" 0 shroot user add "$SH_U2" --role auditor
expect_eq "it is 0660 and the group's" "660 $SH_GROUP" "$(modes "$SH_DB")"
expect_exit "the user adds an office" 0 shinv "$U" office add HQ 'Head office' --kind head
expect_exit "and an asset" 0 shinv "$U" asset add --kind computer --office HQ
tag=$OUT_TXT
expect_exit "and lists it" 0 shinv "$U" asset list --format csv
expect_contains "seeing the asset" "$tag" "$OUT_TXT"
expect_exit "the history reads" 0 shinv "$SH_U2" log --format csv
expect_contains "the acts are recorded as the user's" ",$U," "$OUT_TXT"
expect_eq "the -wal and -shm went away when inventar closed the database" "inventar.db" \
    "$(ls -A "$SH_DATA" | tr '\n' ' ' | sed 's/ $//')"

# 2. While inventar holds the database (a scan session reading its
# standard input), its -wal and -shm are 0660 and the group's; the user
# reaches none of them with sqlite3 or cat.
expect_exit "a stock check starts" 0 shinv "$U" check start --office HQ
cid=$(printf '%s\n' "$OUT_TXT" | grep -o '[0-9][0-9]*' | head -n 1)
rm -f "$SH_DATA"/inventar.db-wal "$SH_DATA"/inventar.db-shm
mkfifo "$SH/fifo"
chmod 0644 "$SH/fifo"
shinv "$U" check scan "$cid" - <"$SH/fifo" >"$WORK/scan.out" 2>&1 &
scan_pid=$!
exec 3>"$SH/fifo"
echo "$tag" >&3
i=0
until grep -q . "$WORK/scan.out" 2>/dev/null || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
expect_eq "the -wal and -shm inventar made are 0660 and the group's" \
    "660 $SH_GROUP 660 $SH_GROUP" "$(modes "$SH_DB-wal" "$SH_DB-shm" 2>&1)"
expect_exit "sqlite3 as the user can't open the database" 1 \
    as_user "$U" sqlite3 "$SH_DB" 'SELECT count(*) FROM event'
expect_exit "cat as the user can't read it" 1 as_user "$U" cat "$SH_DB"
expect_exit "nor its -wal" 1 as_user "$U" cat "$SH_DB-wal"
exec 3>&-
wait "$scan_pid"
expect_contains "the scan was recorded" "$tag" "$(cat "$WORK/scan.out")"

# 3. Outputs are the user's: uid and the user's own group, not inventar's.
owner() { stat -c '%u %g' "$1" 2>&1; }
expect_exit "asset list -o .xlsx" 0 shinv "$U" asset list -o list.xlsx
expect_eq "the sheet is the user's" "$ug" "$(owner "$H/list.xlsx")"
expect_exit "asset list -o .csv" 0 shinv "$U" asset list -o list.csv
expect_eq "the CSV sheet is the user's" "$ug" "$(owner "$H/list.csv")"
expect_exit "labels -o" 0 shinv "$U" labels -o labels.pdf "$tag"
expect_eq "the labels PDF is the user's" "$ug" "$(owner "$H/labels.pdf")"
expect_exit "export -o" 0 shinv "$U" export -o export.json
expect_eq "the export is the user's" "$ug" "$(owner "$H/export.json")"
expect_exit "backup" 0 shinv "$U" backup copy.db
expect_eq "the backup is the user's" "$ug" "$(owner "$H/copy.db")"
expect_eq "and nothing is left beside them" "copy.db export.json labels.pdf list.csv list.xlsx" \
    "$(cd "$H" && ls | tr '\n' ' ' | sed 's/ $//')"

# ... and a directory only the group may write is refused, nothing written.
before=$(db_digest)
for out in list.xlsx list.csv; do
    expect_exit "asset list -o into the group's directory ($out) is refused" 1 \
        shinv "$U" asset list -o "$SH_GONLY/$out"
done
expect_exit "labels -o into it is refused" 1 shinv "$U" labels -o "$SH_GONLY/l.pdf" "$tag"
expect_exit "export -o into it is refused" 1 shinv "$U" export -o "$SH_GONLY/e.json"
expect_exit "backup into it is refused" 1 shinv "$U" backup "$SH_GONLY/b.db"
expect_exit "an act's protocol into it is refused" 3 \
    shinv "$U" assign --to HQ --custodian 'Иван' --protocol "$SH_GONLY/p.pdf" "$tag"
docno=$(shinv "$U" document list | sed -n '2s/,.*//p')
expect_exit "a protocol printed again into it is refused" 1 \
    shinv "$U" document print "$docno" -o "$SH_GONLY/p.pdf"
expect_contains "saying why" "Permission denied" "$ERR_TXT"
expect_exit "and printed into the user's own directory" 0 \
    shinv "$U" document print "$docno" -o protocol.pdf
expect_eq "the protocol is the user's" "$ug" "$(owner "$H/protocol.pdf")"
expect_eq "nothing was written there" "" "$(ls -A "$SH_GONLY")"
after_assign=$(db_digest)
[ "$before" != "$after_assign" ] && pass "the act itself was recorded (exit 3)" ||
    fail "the act itself was recorded (exit 3)"

# 4. An input only the group may read is refused; the data stay as they were.
mkdir -p "$SH/in" && chmod 0755 "$SH/in"
printf 'kind,office\ncomputer,HQ\n' >"$SH/in/assets.csv"
shinv "$U" anchor >"$SH/in/anchors.txt"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$SH/in/font.ttf"
chgrp "$SH_GROUP" "$SH/in/assets.csv" "$SH/in/anchors.txt" "$SH/in/font.ttf"
chmod 0640 "$SH/in/assets.csv" "$SH/in/anchors.txt" "$SH/in/font.ttf"
before=$(db_digest)
expect_exit "import of a file only the group may read is refused" 1 \
    shinv "$U" import "$SH/in/assets.csv"
expect_contains "with the system's reason" "Permission denied" "$ERR_TXT"
expect_exit "import --dry-run too" 1 shinv "$U" import --dry-run "$SH/in/assets.csv"
expect_exit "check import too" 1 shinv "$U" check import "$cid" "$SH/in/assets.csv"
expect_contains "with the system's reason" "Permission denied" "$ERR_TXT"
expect_exit "verify --anchors too" 1 shinv "$U" verify --anchors "$SH/in/anchors.txt"
expect_contains "with the system's reason" "Permission denied" "$ERR_TXT"
expect_exit "a font only the group may read is refused" 1 \
    as_user "$U" env INVENTAR_FONT="$SH/in/font.ttf" "$SH_BIN" labels -o font.pdf "$tag"
expect_contains "with the system's reason" "Permission denied" "$ERR_TXT"
expect_exit "by --font too" 1 shinv "$U" labels --font "$SH/in/font.ttf" -o font.pdf "$tag"
expect_eq "the data are unchanged" "$before" "$(db_digest)"
chmod 0644 "$SH/in/assets.csv"
expect_exit "the same file readable by the user imports" 0 shinv "$U" import "$SH/in/assets.csv"

# 5. --db and $INVENTAR_DB: the shared file by another path is the shared
# database; another file is opened without the group.
ln -s "$SH_DB" "$H/link.db"
expect_exit "--db through a symbolic link to the shared file works" 0 \
    shinv "$U" --db "$H/link.db" asset list --format csv
expect_contains "and reads it" "$tag" "$OUT_TXT"
expect_exit "INVENTAR_DB through the link works" 0 \
    as_user "$U" env INVENTAR_DB="$H/link.db" "$SH_BIN" asset show "$tag"
expect_exit "--db with the configuration's path works" 0 shinv "$U" --db "$SH_DB" anchor
expect_exit "--db naming another file in the group's directory is refused" 1 \
    shinv "$U" --db "$SH_DATA/other.db" init
expect_contains "by the system" "Permission denied" "$ERR_TXT"
expect_exit "INVENTAR_DB likewise" 1 \
    as_user "$U" env INVENTAR_DB="$SH_DATA/other.db" "$SH_BIN" init
expect_exit "--db of the group's other directory likewise" 1 \
    shinv "$U" --db "$SH_GONLY/x.db" init
expect_eq "nothing was created" "" "$(ls -A "$SH_DATA" | grep -v '^inventar\.db')"
expect_exit "a private database of the user's" 0 shinv "$U" --db "$H/mine.db" init
expect_eq "is 0600, the user's and the user's group's" "600 $ug" \
    "$(stat -c '%a %u %g' "$H/mine.db")"

# The test build's INVENTAR_CONF hook, setgid: only a configuration root
# owns and only root may write is taken (config.h), never the user's.
printf 'db = %s/mine.db\n' "$H" >"$H/my.conf"
chown "$U" "$H/my.conf"
expect_exit "setgid, a configuration of the user's is refused" 1 \
    as_user "$U" env INVENTAR_CONF="$H/my.conf" "$SH_BIN" asset list
expect_contains "saying why" "only root may write" "$ERR_TXT"
chown root "$SH_CONF" && chmod 0664 "$SH_CONF"
expect_exit "so is root's when its group may write it" 1 shinv "$U" asset list
chmod 0644 "$SH_CONF"

# 6. TMPDIR naming a directory only the group may write: nothing lands
# there (the temporary files are made with the user's rights).
printf 'kind,office\ntablet,HQ\n' >"$SH/in/more.csv"
chmod 0644 "$SH/in/more.csv"
import_stdin() { as_user "$U" env TMPDIR="$SH_GONLY" "$SH_BIN" import - <"$SH/in/more.csv"; }
expect_exit "import from standard input (spooled to a temporary file)" 0 import_stdin
expect_eq "nothing was written in the group's directory" "" "$(ls -A "$SH_GONLY")"

# 7. A child program (lp, lpstat) runs without the group and with a clean
# environment: priv_run runs a program through the same print_run.
if [ -n "$SH_RUN" ]; then
    out=$(as_user "$U" env CUPS_SERVER=/evil INVENTAR_SECRET=1 "$SH_RUN" cat /proc/self/status)
    expect_eq "the caller holds the group (real, effective, saved)" \
        "$SH_U1_GID $SH_GID $SH_GID" "$(printf '%s\n' "$out" | sed -n 's/^self: //p')"
    expect_eq "the child's real, effective, saved and fs group are the user's" \
        "$SH_U1_GID $SH_U1_GID $SH_U1_GID $SH_U1_GID" \
        "$(printf '%s\n' "$out" | sed -n 's/^Gid:[[:space:]]*//p' | tr -s '\t ' ' ')"
    groups=$(printf '%s\n' "$out" | sed -n 's/^Groups:[[:space:]]*//p')
    expect_not_contains "nor is the group among its groups" " $SH_GID " " $groups "
    env_out=$(as_user "$U" env CUPS_SERVER=/evil INVENTAR_SECRET=1 "$SH_RUN" env)
    expect_eq "the child's environment is the clean one" "HOME LC_ALL PATH" \
        "$(printf '%s\n' "$env_out" | sed -n 's/=.*//p' | grep -v '^self: ' | sort | tr '\n' ' ' |
           sed 's/ $//')"
else
    echo "SKIP: $BUILD/tools/priv_run was not built (make test-bins)"
fi

# ... and lp itself: labels --print as the user reaches a private CUPS
# queue (cups_helpers.inc), whose cups-pdf backend writes the job as the
# user who sent it.
. "$ROOT/tests/cli/cups_helpers.inc"
trap 'cups_stop; shared_teardown' EXIT
if cups_start; then
    mkdir -p "$H/.cups"
    cp "$HOME/.cups/client.conf" "$H/.cups/client.conf"
    chown -R "$U" "$H/.cups"
    expect_exit "labels --print as the user" 0 shinv "$U" labels --print="$CUPS_Q" "$tag"
    if cups_wait_out 1; then
        pass "the job came out of the queue"
        expect_eq "sent by the user" "$U" "$(stat -c '%U' "$CUPS_OUT"/*.pdf | head -n 1)"
    else
        fail "the job came out of the queue"
    fi
    expect_eq "its temporary PDF is gone" "" "$(ls -A "$H" | grep '^inventar-labels')"
else
    echo "SKIP: printing: $CUPS_SKIP"
fi

finish
