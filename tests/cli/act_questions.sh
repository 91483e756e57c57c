#!/bin/sh
# Questions before what is hard to take back: on a terminal, a write-off,
# an act on several assets and `check close --apply` say what will happen
# and ask "Continue? [y/N]"; n or end of input changes nothing (exit 1),
# y goes on, --yes / -y skips the question; without a terminal nothing is
# asked. The terminal is a pseudo-terminal from script(1).
. "$TESTLIB"
command -v script >/dev/null || { fail "script(1) (bsdutils) is not installed"; finish; }
setup_world || { fail "setup"; finish; }
q() { sqlite3 "$DB" "$1"; }

# pty INPUT ARGS...: run inventar on a pseudo-terminal, INPUT typed into it.
# Output (stdout and stderr, CR removed) in $PTY_TXT; returns the exit status.
pty() {
    _in=$1; shift
    _cmd="'$INVENTAR_BIN' --db '$DB' --user tester"
    for _a in "$@"; do _cmd="$_cmd '$_a'"; done
    printf '%s' "$_in" | script -qec "$_cmd" /dev/null >"$WORK/.pty" 2>&1
    _rc=$?
    PTY_TXT=$(tr -d '\r' <"$WORK/.pty")
    return $_rc
}
# expect_pty WHAT CODE INPUT ARGS...
expect_pty() {
    _w=$1; _c=$2; shift 2
    pty "$@"
    _r=$?
    if [ "$_r" -eq "$_c" ]; then pass "$_w"; else
        fail "$_w (exit $_r, wanted $_c)"; printf '%s\n' "$PTY_TXT" | sed 's/^/  | /' | head -12; fi
}

for i in 1 2 3; do
    inv asset add --kind tablet --tag "T-$i" --office DSP-LOV --custodian 'Иван Петров' >/dev/null ||
        fail "add T-$i"
done

# Several assets: return.
before=$(db_digest)
expect_pty "return of two assets on a terminal, answered n" 1 "n
" return T-1 T-2
expect_contains "says how many and where to" "2 assets will be returned to stock at ASP-WH Централен склад." "$PTY_TXT"
expect_contains "says where they are now" "They are now at DSP-LOV." "$PTY_TXT"
expect_contains "says whose custodian is cleared" "The custodians of 2 assets will be cleared." "$PTY_TXT"
expect_contains "asks" "Continue? [y/N]" "$PTY_TXT"
expect_contains "n: nothing changed" "inventar: nothing changed" "$PTY_TXT"
expect_eq "n: the database is as it was" "$before" "$(db_digest)"
expect_pty "end of input is no" 1 "" return T-1 T-2
expect_contains "and says so" "nothing changed" "$PTY_TXT"
expect_eq "EOF: the database is as it was" "$before" "$(db_digest)"
expect_pty "answered y" 0 "y
" return T-1 T-2
expect_contains "y: the act is done" "2 assets returned to stock" "$PTY_TXT"
expect_eq "y: both are in stock" "in_stock|in_stock" \
    "$(q "SELECT group_concat(status, '|') FROM (SELECT status FROM asset WHERE tag IN ('T-1','T-2') ORDER BY tag)")"

# Several assets: assign, with --yes and -y.
expect_pty "assign of two with --yes asks nothing" 0 "" assign --to DSP-LOV --yes T-1 T-2
expect_not_contains "(no question)" "Continue?" "$PTY_TXT"
expect_contains "(done)" "2 assets assigned to DSP-LOV" "$PTY_TXT"
expect_pty "return with -y asks nothing" 0 "" return -y T-1 T-2
expect_not_contains "(no question)" "Continue?" "$PTY_TXT"
before=$(db_digest)
expect_pty "assign of two, answered n" 1 "n
" assign --to RDSA-11 T-1 T-2
expect_contains "names the target office" "2 assets will be assigned to RDSA-11 РДСП Ловеч." "$PTY_TXT"
expect_contains "and where they are" "They are now at ASP-WH." "$PTY_TXT"
expect_eq "nothing changed" "$before" "$(db_digest)"

# One asset: no question, except for a write-off.
expect_pty "one asset to repair: no question" 0 "" status in_repair T-3
expect_not_contains "(no question)" "Continue?" "$PTY_TXT"
before=$(db_digest)
expect_pty "a write-off on a terminal, answered n" 1 "n
" status written_off T-3
expect_contains "says it is final" "Writing off is final" "$PTY_TXT"
expect_contains "and what" "1 asset will get the status \"written off\"." "$PTY_TXT"
expect_eq "n: not written off" "$before" "$(db_digest)"
expect_pty "a write-off answered y" 0 "y
" status written_off T-3
expect_eq "written off" "written_off" "$(q "SELECT status FROM asset WHERE tag = 'T-3'")"

# Without a terminal nothing is asked (scripts rely on it).
expect_exit "without a terminal an act on several assets runs" 0 inv assign --to DSP-LOV T-1 T-2
expect_not_contains "without asking" "Continue?" "$ERR_TXT"

# check close --apply.
id=$(inv check start --office DSP-LOV) || fail "check start"
inv check scan "$id" T-1 >/dev/null || fail "scan"
before=$(db_digest)
expect_pty "check close --apply on a terminal, answered n" 1 "n
" check close "$id" --apply
expect_contains "says how many will be marked missing" "1 asset will be marked missing," "$PTY_TXT"
expect_contains "moved here" "0 assets recorded elsewhere will be moved here," "$PTY_TXT"
expect_contains "stamped seen" "1 asset will be stamped as seen." "$PTY_TXT"
expect_eq "n: the check is still open and nothing changed" "$before" "$(db_digest)"
expect_pty "answered y" 0 "y
" check close "$id" --apply
expect_eq "y: applied" "1|missing" \
    "$(q "SELECT applied FROM stock_check WHERE id = $id")|$(q "SELECT status FROM asset WHERE tag = 'T-2'")"
id=$(inv check start --office DSP-LOV) || fail "check start"
expect_pty "check close --apply --yes asks nothing" 0 "" check close "$id" --apply --yes
expect_not_contains "(no question)" "Continue?" "$PTY_TXT"
expect_pty "check close without --apply asks nothing" 0 "" check close "$(inv check start --office RDSA-11)"
expect_not_contains "(no question)" "Continue?" "$PTY_TXT"
expect_exit "the database verifies" 0 inv verify
finish
