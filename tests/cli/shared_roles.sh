#!/bin/sh
# The agency's server (issue 13, items 3, 4 and 7): inventar installed
# setgid to a throwaway group, the shared database made by root with
# `init --admin`, and throwaway logins who are not in the group. Each
# acts under its own login and within its role: an operator in its
# region and refused outside it with nothing changed, an auditor reads
# and verifies but can't act, a login without a role gets nothing but
# the name of whom to ask, --user is an admin's alone and recorded as
# whom the admin acted for, and every change of a role is in the
# history. (The files' side, outputs and inputs: setgid_files.sh.)
. "$TESTLIB"
. "$ROOT/tests/cli/shared_helpers.inc"
if ! shared_setup; then
    echo "SKIP: $SH_SKIP"
    finish
fi
ADM=$SH_U1 OP=$SH_U2 AUD=$SH_U3 NOBODY=$SH_U4
DB=$SH_DB # db_digest

# 1. Only root creates the shared database.
expect_exit "before it exists, a user is told who sets it up" 1 shinv "$OP" asset list
expect_contains "the system administrator" "sudo inventar init --admin" "$ERR_TXT"
expect_exit "a user can't create the shared database" 1 shinv "$OP" init
expect_contains "told who does" "sudo inventar init --admin" "$ERR_TXT"
expect_eq "and nothing was created" "" "$(ls -A "$SH_DATA")"
expect_exit "root creates it with its first admin" 0 shroot init --admin "$ADM"
expect_contains "naming the admin" "$ADM as its first admin" "$OUT_TXT"
expect_eq "it is 0660 and the group's" "660 $SH_GROUP" "$(stat -c '%a %G' "$SH_DB")"

# 2. The admin builds the tree and gives roles; all of it is in the history.
a() { shinv "$ADM" "$@"; }
a office add HQ 'Централно управление' --kind head >/dev/null
a office add R11 'РДСП Ловеч' --kind regional --parent HQ --oblast BG-11 >/dev/null
a office add L11 'ДСП Ловеч' --kind local --parent R11 >/dev/null
a office add T11 'ДСП Троян' --kind local --parent R11 >/dev/null
a office add R01 'РДСП Благоевград' --kind regional --parent HQ --oblast BG-01 >/dev/null
a office add B01 'ДСП Благоевград' --kind local --parent R01 >/dev/null
mine=$(a asset add --kind tablet --make Samsung --model A8 --office L11)
theirs=$(a asset add --kind tablet --make Samsung --model A8 --office B01)
expect_exit "the admin adds an operator for the region R11" 0 \
    a user add "$OP" --role operator --office R11
expect_exit "and an auditor" 0 a user add "$AUD" --role auditor
expect_exit "a user add for a login the system doesn't have is refused" 1 \
    a user add "nosuch$$" --role auditor

# 3. The operator acts in its region, under its own login.
expect_exit "the operator transfers an asset within R11" 0 \
    shinv "$OP" assign --to T11 --custodian 'Иван Петров' "$mine"
last=$(a log --format json | jq -c '.[-1]')
expect_eq "the actor recorded is the operator's real login" "\"$OP\"" \
    "$(printf '%s' "$last" | jq -c .actor)"
before=$(db_digest)
expect_exit "the operator can't act on an asset outside its region" 1 \
    shinv "$OP" status in_repair "$theirs"
expect_contains "the refusal names the rule" \
    "operator $OP may act in R11 and below; B01 is outside it" "$ERR_TXT"
expect_exit "nor move its own asset out of the region" 1 shinv "$OP" assign --to B01 "$mine"
expect_contains "naming the office" "B01 is outside it" "$ERR_TXT"
expect_exit "nor start a stock check of another region" 1 shinv "$OP" check start --office R01
expect_exit "nor add an office" 1 shinv "$OP" office add X 'Нов офис' --parent R11
expect_contains "which is an admin's" "only an admin may change offices" "$ERR_TXT"
expect_exit "nor give itself a role" 1 shinv "$OP" user edit "$OP" --office HQ
expect_exit "nor act under another name" 1 shinv "$OP" --user "$ADM" status in_repair "$mine"
expect_contains "--user is an admin's" "--user is for admins" "$ERR_TXT"
expect_eq "the refusals changed nothing" "$before" "$(db_digest)"
printf 'kind,make,model,office\ntablet,Lenovo,M10,T11\ntablet,Lenovo,M10,B01\n' \
    >"$SH/home/$OP/sheet.csv"
chmod 0644 "$SH/home/$OP/sheet.csv"
expect_exit "an operator's import with a row outside its region is refused" 1 \
    shinv "$OP" import sheet.csv
expect_contains "naming the row and the rule" \
    "sheet.csv:3: operator $OP may act in R11 and below; B01 is outside it" "$ERR_TXT"
expect_eq "and nothing was imported" "$before" "$(db_digest)"
expect_exit "with --skip-bad the rows of its region are imported" 0 \
    shinv "$OP" import --skip-bad sheet.csv
expect_contains "one of them" "1 imported" "$OUT_TXT"
expect_exit "the operator prints labels of its assets" 0 \
    shinv "$OP" labels "$mine" -o labels.pdf
expect_exit "but not of others'" 1 shinv "$OP" labels "$theirs" -o theirs.pdf
expect_eq "and nothing was written for them" "no" \
    "$(test -e "$SH/home/$OP/theirs.pdf" && echo yes || echo no)"

# 4. The auditor reads, reports, exports and verifies; it can't act.
expect_exit "the auditor lists assets" 0 shinv "$AUD" asset list --format csv
expect_contains "of every region" "$theirs" "$OUT_TXT"
expect_exit "verifies" 0 shinv "$AUD" verify
expect_exit "exports" 0 shinv "$AUD" export -o export.json
expect_exit "reads the history" 0 shinv "$AUD" history "$mine"
before=$(db_digest)
expect_exit "but can't act" 1 shinv "$AUD" status in_repair "$mine"
expect_contains "told it reads only" "auditor $AUD reads" "$ERR_TXT"
expect_eq "and nothing changed" "$before" "$(db_digest)"

# 5. A login without a role gets the admin's name and nothing else.
expect_exit "a login without a role can't even list" 1 shinv "$NOBODY" asset list
expect_contains "told whom to ask" "ask its administrator ($ADM)" "$ERR_TXT"
expect_contains "and what to ask for" "inventar user add $NOBODY --role" "$ERR_TXT"
expect_eq "and sees nothing" "" "$OUT_TXT"

# 6. The admin acts for someone: both are recorded.
expect_exit "the admin acts for a clerk with --user" 0 \
    a --user 'Мария Иванова' status in_repair "$theirs"
last=$(a log --format json | jq -c '.[-1]')
expect_eq "the actor is the admin's login" "\"$ADM\"" "$(printf '%s' "$last" | jq -c .actor)"
expect_eq "and the event names whom it acted for" '"Мария Иванова"' \
    "$(printf '%s' "$last" | jq -c '.changes["@for"]')"

# 7. Role changes are acts in the history; a deactivated login is out.
expect_exit "the admin moves the operator to R01" 0 a user edit "$OP" --office R01
expect_exit "now the operator may act there" 0 shinv "$OP" status missing "$theirs"
expect_exit "and no longer in R11" 1 shinv "$OP" status missing "$mine"
expect_exit "the admin deactivates the auditor" 0 a user deactivate "$AUD"
expect_exit "who can no longer read" 1 shinv "$AUD" asset list
expect_contains "told so" "deactivated" "$ERR_TXT"
log=$(shinv "$ADM" log --subject user --format csv)
expect_eq "every change of a role is an event by the admin" \
    "user_created:root user_created:$ADM user_created:$ADM user_edited:$ADM user_edited:$ADM" \
    "$(printf '%s\n' "$log" | tail -n +2 | awk -F, '{printf "%s:%s ", $5, $4}' | sed 's/ $//')"
expect_exit "root is the system's administrator: an admin too" 0 shroot user list --format csv
expect_contains "seeing the deactivated auditor" "$AUD,auditor,,no" "$OUT_TXT"
expect_exit "verify replays it all" 0 shinv "$ADM" verify
finish
