# Users and roles on a database of one's own (issue 13, items 3-5): a
# private database has no users and its user is its admin; `init --admin`
# makes it shared, after which the actor is the real login, --user is
# recorded as "on behalf of", and every change of a user is an act in the
# history. The rules that keep a shared database usable (the last admin,
# an operator's offices, logins the system has) refuse with a reason and
# change nothing. (Operators and auditors acting as other logins:
# shared_roles.sh, which needs root.)
. "$TESTLIB"

me=$(id -un)
setup_world
asset=$(inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --office DSP-LOV)

# A private database: no users, acts under --user as always.
expect_exit "user list works on a private database" 0 inv user list
expect_contains "and says it is private" "private database" "$ERR_TXT"
expect_exit "user whoami" 0 inv user whoami
expect_contains "the private database's user is its admin" "admin of this private database" "$OUT_TXT"
inv assign --to DSP-LOV --custodian 'Иван' "$asset" >/dev/null
expect_eq "--user names the actor of a private database" "tester" \
    "$(inv log --format csv | tail -1 | cut -d, -f4)"

# Shared: init --admin.
expect_exit "init --admin refuses a login the system doesn't have" 1 \
    inv init --admin nosuchlogin-$$
expect_contains "naming it" "nosuchlogin-$$" "$ERR_TXT"
expect_exit "init --admin makes the database shared" 0 inv init --admin "$me"
expect_contains "saying who its first admin is" "$me as its first admin" "$OUT_TXT"
expect_exit "a second init --admin is refused" 1 inv init --admin "$me"
expect_contains "pointing at user add" "inventar user add" "$ERR_TXT"
expect_exit "user list" 0 inv user list --format csv
expect_contains "lists the admin" "$me,admin,,yes" "$OUT_TXT"

# The actor is the real login now; --user is recorded beside it.
inv status in_repair "$asset" >/dev/null
last=$(inv log --format json | jq -c '.[-1]')
expect_eq "the actor of a shared database is the real login" "\"$me\"" \
    "$(printf '%s' "$last" | jq -c .actor)"
expect_eq "and --user is recorded as whom the admin acted for" '"tester"' \
    "$(printf '%s' "$last" | jq -c '.changes["@for"]')"
expect_exit "history shows it" 0 env LC_ALL=C.UTF-8 "$INVENTAR_BIN" --db "$DB" history "$asset" --format table
expect_contains "as 'on behalf of'" "on behalf of tester" "$OUT_TXT"

# The rules, each refused with nothing changed.
before=$(db_digest)
expect_exit "an operator needs offices" 1 inv user add "$me" --role operator
expect_exit "a user is added once" 1 inv user add "$me" --role auditor
expect_contains "saying it is there" "is there already" "$ERR_TXT"
expect_exit "an unknown role is a usage error" 2 inv user add "$me" --role boss
expect_exit "an auditor has no offices" 1 inv user add root --role auditor --office DSP-LOV
expect_contains "saying --office is for operators" "only for an operator" "$ERR_TXT"
expect_exit "a login the system doesn't have" 1 inv user add nosuchlogin-$$ --role auditor
expect_exit "the last admin can't be deactivated" 1 inv user deactivate "$me"
expect_contains "saying why" "last active admin" "$ERR_TXT"
expect_exit "nor demoted" 1 inv user edit "$me" --role auditor
expect_exit "an unknown office" 1 inv user edit "$me" --role operator --office NOPE
expect_exit "no user of that name" 1 inv user edit nosuchlogin-$$ --deactivate
expect_eq "the refusals changed nothing" "$before" "$(db_digest)"

# Role changes are acts in the history, and verify replays them.
if [ "$me" != root ] && id root >/dev/null 2>&1; then other=root; else other=daemon; fi
expect_exit "user add an operator" 0 inv user add "$other" --role operator --office RDSA-11
expect_contains "naming its offices" "RDSA-11" "$OUT_TXT"
expect_exit "user edit its offices" 0 inv user edit "$other" --office DSP-LOV --office RDSA-11
expect_exit "user deactivate" 0 inv user deactivate "$other"
expect_contains "says so" "deactivated" "$OUT_TXT"
expect_exit "a deactivated user is still listed" 0 inv user list --format csv
expect_contains "inactive" "$other,operator,\"DSP-LOV,RDSA-11\",no" "$OUT_TXT"
log=$(inv log --subject user --format csv)
expect_eq "every change of a user is an event" "user_created user_created user_edited user_edited" \
    "$(printf '%s\n' "$log" | tail -n +2 | cut -d, -f5 | tr '\n' ' ' | sed 's/ $//')"
expect_contains "the deactivation's facts" '""active"":[""1"",""0""]' "$log"
expect_exit "user edit --activate" 0 inv user edit "$other" --activate --role auditor
expect_contains "an auditor has no offices left" "auditor" "$OUT_TXT"
expect_exit "verify replays the users" 0 inv verify
if sqlite3 "$DB" "DELETE FROM app_user WHERE login = '$other'" 2>"$WORK/del.err"; then
    fail "users can't be deleted in the database either"
else
    expect_contains "users can't be deleted in the database either" "never deleted" \
        "$(cat "$WORK/del.err")"
fi

expect_exit "the log in Bulgarian" 0 env LC_ALL=bg_BG.UTF-8 "$INVENTAR_BIN" --db "$DB" \
    log --subject user --format table
expect_contains "names a user's role and state in words" "активен: да → не" "$OUT_TXT"
expect_contains "and its role" "роля: — → администратор" "$OUT_TXT"

# Export and restore carry the users and their history.
inv export -o "$WORK/e.json" >/dev/null
expect_exit "a restore of a shared database's export" 0 \
    "$INVENTAR_BIN" --db "$WORK/r.db" init
expect_exit "restores" 0 "$INVENTAR_BIN" --db "$WORK/r.db" import "$WORK/e.json"
expect_exit "verify passes on the restored copy" 0 "$INVENTAR_BIN" --db "$WORK/r.db" verify
expect_exit "its users" 0 "$INVENTAR_BIN" --db "$WORK/r.db" user list --format csv
expect_contains "are there" "$other,auditor,,yes" "$OUT_TXT"

# Help.
expect_exit "user --help" 0 inv user --help
expect_contains "shows its subcommands" "user add LOGIN --role" "$OUT_TXT"
finish
