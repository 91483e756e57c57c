#!/bin/sh
# cli_help.sh: the command line helps. Every command and subcommand
# answers --help with its own usage on stdout (exit 0) and does nothing else;
# a misspelt command, subcommand or option gets the nearest one suggested
# (exit 2); only init and demo create a database: any other command, and
# the terminal interface, on a missing --db path fails with a message
# saying how to create one and creates neither file nor directory.
. "$TESTLIB"

# ---- --help everywhere, even on a missing database: nothing is created ----
NONE="$WORK/missing/dir/none.db"
while IFS= read -r args; do
    # shellcheck disable=SC2086
    expect_exit "'$args --help' exits 0" 0 "$INVENTAR_BIN" --db "$NONE" $args --help
    first=${args%% *}
    expect_contains "'$args --help' prints a usage" "usage: inventar $first" "$OUT_TXT"
    expect_eq "'$args --help' prints no error" "" "$ERR_TXT"
    case "$args" in
    *" "*)
        # A subcommand's help is its own usage, not the whole command's.
        expect_contains "'$args --help' prints its own usage" "usage: inventar $args" "$OUT_TXT"
        expect_not_contains "'$args --help' names no other subcommand" "| $first " "$OUT_TXT" ;;
    esac
done <<'LIST'
init
demo
office
office add
office list
office show
office edit
kind
kind add
kind list
funding
funding add
funding list
funding show
asset
asset add
asset list
asset show
asset edit
assign
return
status
history
import
export
labels
verify
backup
check
check start
check scan
check import
check status
check report
check close
check list
LIST
expect_exit "-h works as --help" 0 "$INVENTAR_BIN" --db "$NONE" asset add -h
expect_contains "... with the subcommand's usage" "asset add --kind KIND" "$OUT_TXT"
expect_exit "--help after other arguments" 0 "$INVENTAR_BIN" --db "$NONE" asset list --kind tablet --help
expect_contains "... prints that subcommand's usage" "usage: inventar asset list" "$OUT_TXT"
expect_exit "--help where a value is expected does not act" 0 \
    "$INVENTAR_BIN" --db "$NONE" assign --to DSP-LOV --note --help PC-1
expect_contains "... and shows the usage" "usage: inventar assign" "$OUT_TXT"
expect_eq "--help created no database and no directory" no \
    "$([ -e "$WORK/missing" ] && echo yes || echo no)"

# ---- suggestions ----
expect_exit "a misspelt command is a usage error" 2 inv asign --to X T
expect_contains "... suggesting the nearest" "inventar: unknown command 'asign'; did you mean 'assign'?" "$ERR_TXT"
expect_exit "a misspelt subcommand" 2 inv asset lst
expect_contains "... suggesting the nearest" "unknown subcommand 'asset lst'; did you mean 'asset list'?" "$ERR_TXT"
expect_exit "a misspelt check subcommand" 2 inv check strat --office X
expect_contains "... suggesting the nearest" "did you mean 'check start'?" "$ERR_TXT"
expect_exit "a misspelt option" 2 inv asset add --kind tablet --tga T-1
expect_contains "... suggesting the nearest" "unknown option '--tga'; did you mean '--tag'?" "$ERR_TXT"
expect_exit "a misspelt option with its value" 2 inv asset list --staus=assigned
expect_contains "... suggesting the nearest" "unknown option '--staus'; did you mean '--status'?" "$ERR_TXT"
expect_exit "a misspelt global option" 2 "$INVENTAR_BIN" --dbb x office list
expect_contains "... suggesting the nearest" "unknown option '--dbb'; did you mean '--db'?" "$ERR_TXT"
expect_exit "an option without its value" 2 inv labels PC-1 -o
expect_contains "... says it needs one" "option '-o' needs a value" "$ERR_TXT"
expect_exit "nothing near: no suggestion" 2 inv frobnicate
expect_not_contains "... none is made up" "did you mean" "$ERR_TXT"
expect_eq "no database was created by usage errors" no "$([ -e "$DB" ] && echo yes || echo no)"

# ---- only init and demo create a database ----
for cmd in "office list" "asset list" "office add X Y" "asset add --kind tablet" \
           "history --office X" "verify" "export" "import $TESTDATA/import_utf8_bom.csv" \
           "labels --kind tablet -o $WORK/l.pdf" "backup $WORK/b.db" "check list"; do
    # shellcheck disable=SC2086
    expect_exit "'$cmd' on a missing database fails" 1 "$INVENTAR_BIN" --db "$NONE" $cmd
    expect_contains "'$cmd' says how to create one" \
        "inventar: no database at $NONE; create one with 'inventar init' or 'inventar --db $NONE init'" \
        "$ERR_TXT"
done
expect_eq "... and created neither file nor directory" no \
    "$([ -e "$WORK/missing" ] && echo yes || echo no)"
expect_eq "... nor any output file" "no no" \
    "$([ -e "$WORK/l.pdf" ] && echo yes || echo no) $([ -e "$WORK/b.db" ] && echo yes || echo no)"
expect_exit "the default database is not created either" 1 \
    env HOME="$WORK/home2" "$INVENTAR_BIN" office list
expect_contains "... naming where it looked" "$WORK/home2/.local/share/inventar/inventar.db" "$ERR_TXT"
expect_eq "... and nothing is created there" no "$([ -e "$WORK/home2" ] && echo yes || echo no)"
expect_exit "the terminal interface on a missing database fails" 1 \
    sh -c '"$1" --db "$2" </dev/null >/dev/null' sh "$INVENTAR_BIN" "$NONE"
expect_contains "... with the same message" "no database at $NONE; create one with" "$ERR_TXT"
expect_eq "... and creates nothing" no "$([ -e "$WORK/missing" ] && echo yes || echo no)"

expect_exit "init creates it, directories included" 0 "$INVENTAR_BIN" --db "$NONE" init
expect_exit "then any command works" 0 "$INVENTAR_BIN" --db "$NONE" office list
rm -rf "$WORK/missing"
expect_exit "demo creates one too" 0 "$INVENTAR_BIN" --db "$NONE" --user tester demo
finish
