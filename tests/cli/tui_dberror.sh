#!/bin/sh
# The TUI and database trouble: a write while another process holds the
# write lock, and a damaged file; each shown on the status line, never a
# crash, and the TUI goes on working.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
for n in 1 2 3; do
    inv asset add --kind computer --make Dell --model "OptiPlex $n" --office ASP-WH >/dev/null
done

# Another process takes the write lock and keeps it until we close fd 3.
mkfifo "$WORK/lock.fifo"
sqlite3 "$DB" <"$WORK/lock.fifo" >/dev/null 2>&1 &
locker=$!
exec 3>"$WORK/lock.fifo"
echo "BEGIN IMMEDIATE; UPDATE asset SET description = description;" >&3

tui_start 100 30
expect_screen "reading works while another writes" "[1 of 3]"
keys F2 Enter
expect_screen "picker" "Choose an office"
type_text "RDSA-26"
expect_screen "found" "RDSA-26  РДСП Хасково"
keys Enter Enter
expect_screen "confirm" "Assign asset PC-000001 to RDSA-26"
keys Enter
# The core waits for the lock (its busy timeout), then gives up.
TUI_TIMEOUT=$((TUI_TIMEOUT + 30)) wait_for "busy" &&
    pass "a locked database is reported on the status line" ||
    { fail "a locked database is reported on the status line"; printf '%s\n' "$SCREEN"; }
expect_contains "in words, not a raw SQLite code" "try again" "$SCREEN"
expect_not_contains "no raw 'database is locked'" "database is locked" "$SCREEN"
exec 3>&-
wait "$locker"
where=$(inv asset show PC-000001 --format json | tr -d ' ')
expect_contains "nothing was written" '"office":"ASP-WH"' "$where"
# Once the lock is gone the same act works.
keys F2 Enter
expect_screen "picker again" "Choose an office"
type_text "RDSA-26"
expect_screen "found again" "RDSA-26  РДСП Хасково"
keys Enter Enter
expect_screen "confirm again" "Assign asset PC-000001 to RDSA-26"
keys Enter
expect_screen "then it works" "Assigned asset PC-000001 to RDSA-26"
keys q
expect_screen "quit" "EXITED 0"

# A damaged file: the asset table's first pages overwritten.
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
root=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_asset_1'")
psize=$(sqlite3 "$DB" "PRAGMA page_size")
if [ -n "$root" ] && [ -n "$psize" ]; then
    head -c "$psize" /dev/zero | tr '\0' 'x' |
        dd of="$DB" bs="$psize" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
fi
tui_start 100 30
expect_screen "a damaged file is reported on the status line" "malformed"
expect_contains "the table says it could not be read" "could not be read" "$SCREEN"
keys Tab
expect_screen "other screens still work" "Централно управление"
keys Tab Tab
keys /
type_text "dell"
keys Enter
settle
keys q
expect_screen "and it quits normally" "EXITED 0"
finish
