# The test hooks exist only in the test build: the shipped binary (make,
# make install: INVENTAR_DEFAULT_BIN, passed by make test) ignores
# INVENTAR_NOW, the fault injection and the TUI's timings file. And no
# event is ever dated beyond the machine's clock: the test build's fixed
# clock set to 2099 is refused, and so is building on a history whose
# newest event lies in the future.
. "$TESTLIB"

DEF=${INVENTAR_DEFAULT_BIN:-}
if [ -z "$DEF" ] || [ ! -x "$DEF" ]; then
    fail "INVENTAR_DEFAULT_BIN names the shipped binary (run through make test)"
    finish
fi
definv() { "$DEF" --db "$DB" --user tester "$@"; }
utc() { date -u +%Y-%m-%dT%H:%M:%SZ; }
# at_between WHAT LOW AT HIGH: LOW <= AT <= HIGH (UTC times as stored).
at_between() {
    if [ "$(printf '%s\n%s\n%s\n' "$2" "$3" "$4" | sort | tr '\n' ' ')" = "$2 $3 $4 " ]; then
        pass "$1"
    else fail "$1 ($3 is not between $2 and $4)"; fi
}
newest_at() { sqlite3 "$DB" "SELECT at FROM event ORDER BY id DESC LIMIT 1"; }

# ---- INVENTAR_NOW: the test build's fixed clock, ignored by the shipped one ----
export INVENTAR_NOW=2001-01-01T00:00:00Z
setup_world
inv asset add --kind tablet --tag FIX-1 --office ASP-WH >/dev/null
expect_eq "the test build honours INVENTAR_NOW" 2001-01-01T00:00:00Z "$(newest_at)"
before=$(utc)
expect_exit "the shipped binary records an act with INVENTAR_NOW set" 0 \
    definv asset add --kind tablet --tag REAL-1 --office ASP-WH
after=$(utc)
at_between "... at the real time, not at INVENTAR_NOW" "$before" "$(newest_at)" "$after"
expect_exit "the shipped binary's date is today's, not INVENTAR_NOW's" 0 \
    definv history REAL-1 --format csv
expect_contains "... in its history" "$(date -u +%Y-%m-%d)" "$OUT_TXT"
unset INVENTAR_NOW

# ---- fault injection: only the test build kills itself ----
n=$(sqlite3 "$DB" "SELECT count(*) FROM event")
INVENTAR_FAULT_KILL_AFTER_EVENTS=1 inv asset add --kind tablet --tag KILL-1 \
    --office ASP-WH >/dev/null 2>&1
expect_eq "the test build dies at INVENTAR_FAULT_KILL_AFTER_EVENTS (SIGKILL)" 137 "$?"
expect_eq "... and records nothing" "$n" "$(sqlite3 "$DB" "SELECT count(*) FROM event")"
expect_exit "the shipped binary ignores INVENTAR_FAULT_KILL_AFTER_EVENTS" 0 \
    env INVENTAR_FAULT_KILL_AFTER_EVENTS=1 "$DEF" --db "$DB" --user tester \
    asset add --kind tablet --tag KILL-2 --office ASP-WH
expect_eq "... and records its act" "$((n + 1))" "$(sqlite3 "$DB" "SELECT count(*) FROM event")"

# ---- the TUI's timings file (opened before the terminal is checked) ----
INVENTAR_TUI_TIMINGS="$WORK/t-test" inv >/dev/null 2>&1
expect_eq "the test build opens INVENTAR_TUI_TIMINGS" yes "$([ -e "$WORK/t-test" ] && echo yes)"
INVENTAR_TUI_TIMINGS="$WORK/t-shipped" definv >/dev/null 2>&1
expect_eq "the shipped binary ignores INVENTAR_TUI_TIMINGS" no \
    "$([ -e "$WORK/t-shipped" ] && echo yes || echo no)"

# ---- no event beyond the machine's clock ----
digest=$(db_digest)
expect_exit "an act at INVENTAR_NOW=2099 is refused" 1 \
    env INVENTAR_NOW=2099-01-01T00:00:00Z "$INVENTAR_BIN" --db "$DB" --user tester \
    assign --to RDSA-11 FIX-1
expect_contains "... saying the time is later than the clock" \
    "later than this computer's clock" "$ERR_TXT"
expect_contains "... naming the time" "2099-01-01" "$ERR_TXT"
expect_exit "a new asset at 2099 is refused" 1 \
    env INVENTAR_NOW=2099-01-01T00:00:00Z "$INVENTAR_BIN" --db "$DB" --user tester \
    asset add --kind tablet --tag FUT-1 --office ASP-WH
printf 'tag,kind,office\nFUT-2,tablet,ASP-WH\nFUT-3,tablet,ASP-WH\n' >"$WORK/fut.csv"
expect_exit "an import at 2099 is refused" 1 \
    env INVENTAR_NOW=2099-01-01T00:00:00Z "$INVENTAR_BIN" --db "$DB" --user tester \
    import "$WORK/fut.csv"
expect_contains "... saying why" "later than this computer's clock" "$ERR_TXT"
expect_eq "the refused acts wrote nothing" "$digest" "$(db_digest)"
expect_exit "an act the next minute is within the tolerance" 0 \
    env INVENTAR_NOW="$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)" "$INVENTAR_BIN" \
    --db "$DB" --user tester assign --to RDSA-11 FIX-1
expect_exit "after it, an act at the real time" 0 inv return FIX-1
expect_exit "the history verifies" 0 inv verify

# A history whose newest event is dated in the future (a wrong clock
# once, or a changed file): nothing more is built on it.
sqlite3 "$DB" "CREATE TEMP TABLE x AS SELECT * FROM event ORDER BY id DESC LIMIT 1;
    UPDATE x SET id = id + 1, at = '2099-01-01T00:00:00Z'; INSERT INTO event SELECT * FROM x;"
digest=$(db_digest)
expect_exit "an act on a history dated in the future is refused" 1 \
    definv assign --to RDSA-11 FIX-1
expect_contains "... saying the newest event is in the future" \
    "the history's newest event is dated 2099-01-01" "$ERR_TXT"
expect_contains "... and what to check" "check this computer's clock or the database" "$ERR_TXT"
expect_exit "... in the test build too" 1 inv asset add --kind tablet --tag FUT-4 --office ASP-WH
expect_exit "... and for an import" 1 inv import "$WORK/fut.csv"
expect_eq "... writing nothing" "$digest" "$(db_digest)"

finish
