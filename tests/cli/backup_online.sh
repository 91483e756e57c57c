# backup FILE: a consistent, checked copy taken while another process
# keeps writing; private (0600), a single file that opens and verifies;
# never over the live database or a file that is not an inventar one.
. "$TESTLIB"

inv demo >/dev/null
tags=$(inv asset list --kind tablet --status assigned --format csv | sed 1d |
       cut -d, -f1 | head -n 20 | tr '\n' ' ')
expect_eq "twenty tablets to move around" 20 "$(echo $tags | wc -w)"

# The writer: assign the same tags back and forth until told to stop.
writer() {
    i=0
    while [ ! -e "$WORK/stop" ] && [ $i -lt 3000 ]; do
        i=$((i + 1))
        if [ $((i % 2)) -eq 0 ]; then to=DSP-BURGAS; else to=DSP-VARNA; fi
        if inv assign --to $to --custodian "Пазач $i" $tags >/dev/null 2>>"$WORK/writer.err"
        then echo ok >>"$WORK/writer.ok"; else echo fail >>"$WORK/writer.ok"; fi
    done
}
commits() { _c=$(grep -c ok "$WORK/writer.ok" 2>/dev/null); echo "${_c:-0}"; }
: >"$WORK/writer.ok"
writer &
wpid=$!
n=0
while [ "$(commits)" -lt 3 ] && [ $n -lt 3000 ]; do n=$((n + 1)); sleep 0.01; done
c0=$(commits)
expect_eq "the writer is writing" yes "$([ "$c0" -ge 3 ] && echo yes || echo no)"

B="$WORK/backups/inventar-copy.db"
mkdir -p "$WORK/backups"
for k in 1 2 3; do
    expect_exit "backup $k while the writer writes" 0 inv backup "$B"
done
c1=$(commits)
touch "$WORK/stop"
wait $wpid
expect_eq "the writer committed while the backups ran" yes \
    "$([ "$c1" -gt "$c0" ] && echo yes || echo no)"
expect_eq "no write failed" 0 "$(grep -c fail "$WORK/writer.ok")"
expect_eq "no writer saw a locked database" "" "$(grep -i -e locked -e busy "$WORK/writer.err")"

expect_eq "the copy is private (0600)" 600 "$(stat -c %a "$B")"
expect_eq "the copy is a single file" "" "$(ls "$WORK/backups" | grep -v '^inventar-copy.db$')"
expect_exit "the copy verifies" 0 "$INVENTAR_BIN" --db "$B" verify
expect_eq "SQLite finds the copy intact" ok "$(sqlite3 "$B" 'PRAGMA integrity_check')"
expect_eq "the copy holds every asset" "$(sqlite3 "$DB" 'SELECT count(*) FROM asset')" \
    "$(sqlite3 "$B" 'SELECT count(*) FROM asset')"
ev_live=$(sqlite3 "$DB" 'SELECT count(*) FROM event')
ev_copy=$(sqlite3 "$B" 'SELECT count(*) FROM event')
expect_eq "the copy is a moment of the history (not ahead of it)" yes \
    "$([ "$ev_copy" -le "$ev_live" ] && [ "$ev_copy" -gt 0 ] && echo yes || echo no)"
expect_exit "the copy opens and lists" 0 "$INVENTAR_BIN" --db "$B" asset list --kind tablet --format csv
expect_exit "the copy can be worked with" 0 "$INVENTAR_BIN" --db "$B" assign --to ASP-WH $tags
expect_exit "and still verifies" 0 "$INVENTAR_BIN" --db "$B" verify

# Refusals.
before=$(db_digest)
expect_exit "a backup over the live database is refused" 1 inv backup "$DB"
expect_contains "the refusal says why" "live database" "$ERR_TXT"
expect_exit "a backup over its write-ahead log is refused" 1 inv backup "$DB-wal"
expect_eq "the live database is unchanged" "$before" "$(db_digest)"
expect_exit "the live database verifies" 0 inv verify

printf 'мои бележки\n' >"$WORK/notes.txt"
expect_exit "a backup over a file that is not a database is refused" 1 inv backup "$WORK/notes.txt"
expect_eq "that file is intact" "мои бележки" "$(cat "$WORK/notes.txt")"
expect_exit "a backup onto a directory is refused" 1 inv backup "$WORK/backups"
expect_exit "a backup into a missing directory fails" 1 inv backup "$WORK/nowhere/x.db"
expect_exit "backup needs a file" 2 inv backup
expect_exit "backup takes one file" 2 inv backup a.db b.db
expect_exit "a backup of a missing database fails" 1 "$INVENTAR_BIN" --db "$WORK/none.db" backup "$WORK/n.db"
expect_eq "and creates nothing" "no no" \
    "$([ -e "$WORK/none.db" ] && echo yes || echo no) $([ -e "$WORK/n.db" ] && echo yes || echo no)"
expect_eq "failures leave no temporary files" "" "$(ls -A "$WORK/backups" "$WORK" | grep 'tmp-')"

# A copy that someone has open (its -wal exists) is not replaced under them.
touch "$B-wal"
expect_exit "a backup over a copy in use is refused" 1 inv backup "$B"
rm -f "$B-wal"
expect_exit "an older copy is replaced" 0 inv backup "$B"
expect_eq "with the current history" "$(sqlite3 "$DB" 'SELECT count(*) FROM event')" \
    "$(sqlite3 "$B" 'SELECT count(*) FROM event')"
finish
