# Anchors: the head of the history (EVENT:HASH) kept outside the file
# proves that the history up to it was not rewritten, cut short, forked
# or replaced, even by an insider who recomputed every hash in the file.
. "$TESTLIB"
RECHAIN="$BUILD/tools/rechain"

setup_world
veh=$(inv asset add --kind vehicle --make Skoda --model Octavia --office RDSA-11 \
      --custodian 'Иван Петров')
tab=$(inv asset add --kind tablet --attr imei=490154203237518 --office ASP-WH)
inv assign --to DSP-LOV --custodian 'Георги' --doc 'ПП-1/2024' "$veh" >/dev/null

expect_exit "anchor prints the head" 0 inv anchor
A1=$OUT_TXT
n1=$(sqlite3 "$DB" "SELECT max(id) FROM event")
h1=$(sqlite3 "$DB" "SELECT hash FROM event WHERE id = $n1")
expect_eq "the head is the newest event's number and full hash" "$n1:$h1" "$A1"
expect_exit "anchor takes no arguments" 2 inv anchor extra
expect_exit "verify passes" 0 inv verify
expect_contains "verify prints the head" "head: $A1" "$OUT_TXT"
expect_contains "and keeps its summary" "ok: 2 assets" "$OUT_TXT"

inv status in-repair --note 'екран' "$tab" >/dev/null
A2=$(inv anchor)
n2=${A2%%:*}
expect_exit "an older anchor holds while the history grows" 0 inv verify --anchor "$A1" --anchor "$A2"
expect_contains "verify confirms it" "anchor $A1: the history up to event $n1 is the one anchored" "$OUT_TXT"
short16=$n1:$(printf '%s' "$h1" | cut -c1-16)
expect_exit "the first 16 hex digits of the hash (as documents print them) are enough" 0 \
    inv verify --anchor "$short16"
upper=$n1:$(printf '%s' "$h1" | cut -c1-20 | tr a-f A-F)
expect_exit "in either case" 0 inv verify --anchor "$upper"
expect_exit "15 digits are refused as a usage error" 2 \
    inv verify --anchor "$n1:$(printf '%s' "$h1" | cut -c1-15)"
expect_contains "saying how many are needed" "at least 16" "$ERR_TXT"
expect_exit "an anchor without an event number is refused" 2 inv verify --anchor "$h1"
expect_exit "a hash with a non-hex digit is refused" 2 inv verify --anchor "$n1:${h1%?}g"
expect_exit "a wrong hash for the event fails" 1 \
    inv verify --anchor "$n1:0000000000000000"
expect_contains "naming the anchor and the event" "anchor $n1:0000000000000000: event $n1 has the hash $h1" "$ERR_TXT"

# --anchors FILE: one a line, blank lines and comments skipped.
printf '# anchors mailed to the auditor\n%s\n\n%s\r\n' "$A1" "$A2" >"$WORK/anchors.txt"
expect_exit "--anchors FILE checks every anchor in it" 0 inv verify --anchors "$WORK/anchors.txt"
expect_contains "each confirmed" "anchor $A2:" "$OUT_TXT"
printf '%s\nnonsense\n' "$A1" >"$WORK/bad.txt"
expect_exit "a bad line in the anchors file fails" 1 inv verify --anchors "$WORK/bad.txt"
expect_contains "naming the file and the line" "bad.txt, line 2" "$ERR_TXT"
: >"$WORK/empty.txt"
expect_exit "an anchors file without anchors fails" 1 inv verify --anchors "$WORK/empty.txt"
expect_exit "a missing anchors file fails" 1 inv verify --anchors "$WORK/none.txt"

# The insider's work is done on copies of the anchored database. The
# append-only triggers are dropped for the work and put back as they were.
ANCHOR=$(inv anchor)
N=${ANCHOR%%:*}
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger'
               AND name IN ('event_no_update', 'event_no_delete')" >"$WORK/triggers.sql"
copy() { # a fresh copy of the anchored database in $T
    T="$WORK/t.db"
    rm -f "$T" "$T-wal" "$T-shm"
    sqlite3 "$DB" ".backup '$T'"
}
unprotect() { sqlite3 "$T" "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete"; }
protect() { sqlite3 "$T" <"$WORK/triggers.sql"; }
vt() { "$INVENTAR_BIN" --db "$T" verify "$@"; }

# 1. An event rewritten and the whole chain recomputed after it.
copy; unprotect
sqlite3 "$T" "UPDATE event SET actor = 'someone', doc = 'ПП-9/2024' WHERE id = 2"
"$RECHAIN" "$T" >/dev/null
protect
expect_exit "a rewritten history with every hash recomputed passes plain verify" 0 vt
expect_exit "but fails verify --anchor with the anchor taken before" 1 vt --anchor "$ANCHOR"
expect_contains "which names the anchor" "anchor $ANCHOR: event $N has the hash" "$ERR_TXT"
expect_exit "the 16-digit anchor of a document fails it too" 1 \
    vt --anchor "$N:$(printf '%s' "${ANCHOR#*:}" | cut -c1-16)"

# 2. The newest event deleted and its asset rolled back (no hashing at all).
copy; unprotect
sqlite3 "$T" "DELETE FROM event WHERE id = $N;
              UPDATE asset SET status = 'in_stock' WHERE tag = '$tab'"
protect
expect_exit "a history cut short with its asset rolled back passes plain verify" 0 vt
expect_exit "but fails verify --anchor" 1 vt --anchor "$ANCHOR"
expect_contains "saying the anchored event is gone" "has no event $N" "$ERR_TXT"

# 3. A fork: an older copy of the database, continued differently, put in
#    place of the anchored one.
copy
unprotect
sqlite3 "$T" "DELETE FROM event WHERE id = $N;
              UPDATE asset SET status = 'in_stock' WHERE tag = '$tab'"
protect
"$INVENTAR_BIN" --db "$T" --user tester status missing --note 'не е намерен' "$tab" >/dev/null
inv status in-stock "$tab" >/dev/null # the real history goes on
expect_exit "a forked history passes plain verify" 0 vt
expect_exit "but fails verify --anchor" 1 vt --anchor "$ANCHOR"
expect_contains "naming the anchored event" "anchor $ANCHOR: event $N has the hash" "$ERR_TXT"
expect_exit "while the real history still holds the anchor" 0 inv verify --anchor "$ANCHOR"

# 4. A fresh database in place of the real one, filled alike.
T="$WORK/fresh.db"
DB=$T setup_world
DB=$T inv asset add --kind vehicle --make Skoda --model Octavia --office RDSA-11 >/dev/null
expect_exit "a fresh database passes plain verify" 0 vt
expect_exit "but fails verify --anchor" 1 vt --anchor "$ANCHOR"
expect_contains "the anchored event is not there" "has no event $N" "$ERR_TXT"
# As many events as the real history had at the anchor (offices have
# events too, so count them rather than the assets).
while [ "$(sqlite3 "$T" 'SELECT coalesce(max(id), 0) FROM event')" -lt "$N" ]; do
    DB=$T inv asset add --kind tablet --office ASP-WH >/dev/null || break
done
expect_exit "nor when it has as many events" 1 vt --anchor "$ANCHOR"
expect_contains "its event has another hash" "event $N has the hash" "$ERR_TXT"

finish
