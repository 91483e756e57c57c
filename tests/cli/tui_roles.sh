#!/bin/sh
# The TUI under roles (authz.h): on a shared database an auditor's key bar
# and help offer no act, and an act key pressed anyway opens no form but
# says why on the status line; an operator of RDSA-11 opens an act's form
# on an asset of DSP-LOVECH (below RDSA-11), is refused up front on one of
# DSP-BLAGOEVGRAD ("... DSP-BLAGOEVGRAD is outside it", in Bulgarian too),
# and a destination outside its offices is refused in the form; stock
# checks likewise. The title bar names the login and its role. Nothing
# refused changes the database. The TUI runs as throwaway system users
# (useradd, runuser): a user who does not own the file gets the roles.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

if [ "$(id -u)" -ne 0 ] || ! command -v runuser >/dev/null || ! command -v useradd >/dev/null; then
    echo "skipped: the TUI under roles runs as throwaway users (useradd, runuser): needs root"
    finish
fi
if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    fail "the bg_BG.UTF-8 locale is installed (make deps-test generates it)"
    finish
fi

OP=tstop$$
AUD=tstaud$$
# The test's own directory is private to root: the database goes where the
# users can open it (and create its -wal and -shm beside it).
RDIR=$(mktemp -d /tmp/inventar-roles.XXXXXX) || { fail "a temporary directory"; finish; }
cleanup() {
    tui_cleanup
    # The users' TUIs end with their tmux servers; userdel waits for them.
    for _u in "$OP" "$AUD"; do
        id "$_u" >/dev/null 2>&1 || continue
        _i=0
        until userdel "$_u" 2>/dev/null || [ $_i -ge 50 ]; do _i=$((_i + 1)); sleep 0.1; done
    done
    rm -rf "$RDIR"
}
trap cleanup EXIT INT TERM
chmod 777 "$RDIR"
cd "$RDIR" || { fail "cd $RDIR"; finish; }
DB=$RDIR/roles.db

useradd -M -N "$OP" && useradd -M -N "$AUD" || { fail "useradd"; finish; }
"$INVENTAR_BIN" --db "$DB" init --admin root >/dev/null &&
    "$INVENTAR_BIN" --db "$DB" demo >/dev/null || { fail "init, demo"; finish; }
chmod 666 "$DB"
"$INVENTAR_BIN" --db "$DB" user add "$OP" --role operator --office RDSA-11 >/dev/null &&
    "$INVENTAR_BIN" --db "$DB" user add "$AUD" --role auditor >/dev/null ||
    { fail "user add"; finish; }

# An assigned asset of each office (not its sub-offices).
first_at() {
    "$INVENTAR_BIN" --db "$DB" asset list --office "$1" --status assigned --limit 1 --format csv |
        sed -n 2p | cut -d, -f1
}
IN=$(first_at DSP-LOVECH)
OUT=$(first_at DSP-BLAGOEVGRAD)
[ -n "$IN" ] && [ -n "$OUT" ] || { fail "demo assets at DSP-LOVECH and DSP-BLAGOEVGRAD"; finish; }
before=$(db_digest)

bar() { printf '%s\n' "$SCREEN" | tail -n 1 | sed 's/ *$//'; }
# Put the cursor on the asset TAG: search for it (the only row then,
# "[1 of 1]"; OF is the word of the language on screen).
OF=of
goto_asset() {
    keys /
    type_text "$1"
    keys Enter
    wait_for "[1 $OF 1]" >/dev/null
}
# Another message on the status line (the sort's), so that the next
# refusal is seen to be new.
new_status() {
    keys s
    wait_for "Sorted by" >/dev/null
}
# On the Offices tab, the cursor on office CODE.
find_office() {
    keys /
    type_text "$1"
    keys Enter
    settle
}
# From the Assets tab.
goto_office() {
    keys Tab
    wait_for "Offices, with the assets" >/dev/null
    find_office "$1"
}

# ---- the auditor ----
TUI_AS=$AUD
tui_start 120 30
expect_screen "auditor: the title bar names the login and the role" "$AUD · auditor"
b=$(bar)
for w in Assign Return Status Add Edit Labels; do
    expect_not_contains "auditor: no '$w' on the key bar" "$w" "$b"
done
expect_contains "auditor: the key bar keeps what only reads" "4Filter" "$b"
keys F1
expect_screen "auditor: the help says it lists the role's keys" \
    "only the keys of what auditor $AUD may do"
for w in "assign or transfer" "return to stock" "change status" "add an asset" \
    "edit the asset" "revert an act" "print labels" "stock check:"; do
    expect_not_contains "auditor: no '$w' in the help" "$w" "$SCREEN"
done
expect_contains "auditor: the help keeps the reading keys" "filter by office" "$SCREEN"
esc
keys F2
expect_screen "auditor: F2 says why it is refused" \
    "auditor $AUD reads, reports, exports and verifies"
expect_screen_not "auditor: F2 opens no form" "Assign or transfer"
keys e
settle
expect_screen_not "auditor: e opens no form" "Edit "
new_status
keys c
expect_screen "auditor: a stock check is refused too" "auditor $AUD reads"
expect_screen_not "auditor: no office picker" "Choose an office"
goto_office DSP-LOVECH
expect_not_contains "auditor: no Check on the Offices bar" "Check" "$(bar)"
keys F2
settle
expect_screen_not "auditor: F2 on an office starts no stock check" "New stock check"
keys Tab
expect_screen "auditor: the labels screen" "Print labels for"
expect_contains "auditor: its hint offers no printing" "Left/Right: choose  Tab: next screen" \
    "$SCREEN"
keys F2
expect_screen "auditor: printing labels is refused" "auditor $AUD reads"
keys F10
expect_screen "auditor: quits" "EXITED 0"
expect_eq "auditor: the database is unchanged" "$before" "$(db_digest)"

# ---- the operator of RDSA-11 ----
TUI_AS=$OP
tui_start 120 30
expect_screen "operator: the title bar names the login and the role" "$OP · operator"
b=$(bar)
for w in Assign Return Status Add Edit Labels; do
    expect_contains "operator: '$w' on the key bar" "$w" "$b"
done
goto_asset "$IN"
keys F2
expect_screen "operator: the form opens on an asset of DSP-LOVECH" \
    "Assign or transfer asset $IN"
# The destination is asked about on submit: the form stays, with the rule.
keys Enter
wait_for "Choose an office" >/dev/null
type_text DSP-BLAGOEVGRAD
keys Enter
wait_for "DSP-BLAGOEVGRAD  " >/dev/null
keys Down Enter
expect_screen "operator: a destination outside RDSA-11 is refused in the form" \
    "operator $OP may act in RDSA-11 and below; DSP-BLAGOEVGRAD is outside it"
expect_contains "operator: the form stays open" "Assign or transfer asset $IN" "$SCREEN"
esc
expect_screen "operator: Esc cancels it" "Cancelled."
esc
goto_asset "$OUT"
keys F2
expect_screen "operator: F2 on an asset of DSP-BLAGOEVGRAD says why" \
    "operator $OP may act in RDSA-11 and below; DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: and opens no form" "Assign or transfer"
new_status
keys F5
expect_screen "operator: F5 on it too" "DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: no status form" "Change the status"
new_status
keys e
expect_screen "operator: e on it too" "DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: no edit form" "Edit $OUT"
# Marked: one of them outside is enough to refuse the act on all.
esc
goto_asset "$IN"
keys Space
esc
goto_asset "$OUT"
keys Space
esc
expect_screen "operator: two marked" "2 marked"
new_status
keys F3
expect_screen "operator: return of the marked ones is refused" \
    "DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: no return form" "Return 2 marked assets"
keys U
settle
goto_office DSP-BLAGOEVGRAD
keys F2
expect_screen "operator: a stock check of DSP-BLAGOEVGRAD is refused" \
    "DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: no stock check form there" "New stock check"
esc
find_office DSP-LOVECH
keys F2
expect_screen "operator: the stock check form of DSP-LOVECH opens" "New stock check: DSP-LOVECH"
esc
expect_screen "operator: cancelled" "Cancelled."
# Labels of the current asset (of DSP-BLAGOEVGRAD): refused before the
# question.
keys BTab
settle
goto_asset "$OUT"
keys F9
expect_screen "operator: F9 opens the labels screen" "Print labels for"
expect_contains "operator: for the asset of DSP-BLAGOEVGRAD" "the current asset $OUT" "$SCREEN"
keys F2
expect_screen "operator: printing its label is refused" "DSP-BLAGOEVGRAD is outside it"
expect_screen_not "operator: nothing is asked" "Confirm"
keys F10
expect_screen "operator: quits" "EXITED 0"
expect_eq "operator: the database is unchanged" "$before" "$(db_digest)"

# ---- the operator, in Bulgarian ----
OF=от
tui_start 120 30 LC_ALL=bg_BG.UTF-8 LANGUAGE=
expect_screen "operator (bg): the title bar" "$OP · оператор"
goto_asset "$OUT"
keys F2
expect_screen "operator (bg): F2 says why, in Bulgarian" \
    "операторът $OP може да действа в RDSA-11 и поделенията им; DSP-BLAGOEVGRAD е извън тях"
expect_screen_not "operator (bg): no form" "Зачисляване или прехвърляне"
keys F10
expect_screen "operator (bg): quits" "EXITED 0"
expect_eq "operator (bg): the database is unchanged" "$before" "$(db_digest)"

# ---- root: the admin ----
TUI_AS= OF=of
tui_start 120 30
expect_screen "admin: the title bar" "root · admin"
goto_asset "$OUT"
keys F2
expect_screen "admin: the form opens on an asset of DSP-BLAGOEVGRAD" \
    "Assign or transfer asset $OUT"
esc
keys F10
expect_screen "admin: quits" "EXITED 0"
expect_eq "admin: the database is unchanged" "$before" "$(db_digest)"

finish
