# The system configuration (/etc/inventar/inventar.conf; in the test build
# $INVENTAR_CONF names another, a hook the shipped binary ignores): `db`
# is the database after --db and $INVENTAR_DB, before the private
# $XDG_DATA_HOME one; `owner` is the labels' owner line unless --owner is
# given; `agency` heads the documents. A mistake in the file stops every
# command, naming the file and line, with nothing created or changed.
. "$TESTLIB"

CONF=$WORK/inventar.conf
export INVENTAR_CONF="$CONF"
export XDG_DATA_HOME="$WORK/xdg"
SHARED=$WORK/shared/inventar.db
mkdir -p "$WORK/shared"
# Without --db: the default database choice is under test.
nodb() { "$INVENTAR_BIN" --user tester "$@"; }

cat >"$CONF" <<CONF
# as a shared installation has it
db = $SHARED
agency = Регионална дирекция за социално подпомагане – Ловеч
owner = АСП – РДСП Ловеч   # on every label
CONF

# ---- db ----
expect_exit "init without --db creates the conf's database" 0 nodb init
expect_eq "... at the conf's db" yes "$([ -f "$SHARED" ] && echo yes || echo no)"
expect_eq "... and not the private one" no \
    "$([ -e "$XDG_DATA_HOME/inventar/inventar.db" ] && echo yes || echo no)"
DB=$SHARED setup_world
expect_exit "an act without --db works on the conf's database" 0 \
    nodb asset add --kind tablet --tag ТБ-1 --make Samsung --office DSP-LOV
expect_eq "... recorded there" 1 "$(sqlite3 "$SHARED" "SELECT count(*) FROM asset WHERE tag = 'ТБ-1'")"
INVENTAR_DB=$WORK/env.db nodb init >/dev/null
expect_eq "\$INVENTAR_DB wins over the conf's db" yes "$([ -f "$WORK/env.db" ] && echo yes || echo no)"
expect_exit "--db wins over both" 0 env INVENTAR_DB="$WORK/env.db" \
    "$INVENTAR_BIN" --db "$WORK/flag.db" init
expect_eq "... the --db file is created" yes "$([ -f "$WORK/flag.db" ] && echo yes || echo no)"
expect_contains "--help names the configuration file" "$CONF" "$(nodb --help)"

# ---- owner and agency ----
DB=$SHARED
expect_exit "labels without --owner" 0 nodb labels ТБ-1 -o "$WORK/l1.pdf"
t=$(pdftotext "$WORK/l1.pdf" - 2>/dev/null)
expect_contains "... carry the conf's owner line" "АСП – РДСП Ловеч" "$t"
expect_exit "labels with --owner" 0 nodb labels ТБ-1 --owner 'Община Ловеч' -o "$WORK/l2.pdf"
t=$(pdftotext "$WORK/l2.pdf" - 2>/dev/null)
expect_contains "... --owner wins over the conf" "Община Ловеч" "$t"
expect_not_contains "... and the conf's owner is not printed" "РДСП Ловеч" "$t"
expect_exit "a handover protocol" 0 env LC_ALL=bg_BG.UTF-8 "$INVENTAR_BIN" --user tester \
    assign --to RDSA-11 --protocol "$WORK/p.pdf" ТБ-1
t=$(pdftotext "$WORK/p.pdf" - 2>/dev/null | tr -s ' \n' '  ')
expect_contains "... headed by the conf's agency" \
    "Регионална дирекция за социално подпомагане – Ловеч" "$t"

# ---- mistakes ----
digest=$(db_digest)
cp "$CONF" "$WORK/good.conf"
printf 'db = %s\nonwer = АСП\n' "$SHARED" >"$CONF"
expect_exit "an unknown key stops the command" 1 \
    nodb asset add --kind tablet --tag ТБ-2 --office DSP-LOV
expect_contains "... naming the file and line" "inventar: $CONF:2: unknown key 'onwer'" "$ERR_TXT"
expect_eq "... nothing changed" "$digest" "$(db_digest)"
printf 'db = rel/inventar.db\n' >"$CONF"
expect_exit "a relative db is refused" 1 nodb init
expect_contains "... naming the line" "$CONF:1: db must be an absolute path" "$ERR_TXT"
expect_eq "... and nothing is created" no "$([ -e rel ] || [ -e "$XDG_DATA_HOME" ] && echo yes || echo no)"
printf 'owner = \033[2Jx\n' >"$CONF"
expect_exit "a control character in a value is refused" 1 nodb --db "$SHARED" anchor
expect_contains "... naming the key" "$CONF:1: the value of 'owner' is not text" "$ERR_TXT"
expect_not_contains "... and the escape never reaches the terminal" "$(printf '\033')" "$ERR_TXT"
printf 'just a line\n' >"$CONF"
expect_exit "a line that is not key = value is refused" 1 nodb --db "$SHARED" anchor
expect_contains "... named" "$CONF:1: not a 'key = value' line" "$ERR_TXT"
rm -f "$CONF"
expect_exit "without a configuration file the private database is the default" 0 nodb init
expect_eq "... under \$XDG_DATA_HOME" yes \
    "$([ -f "$XDG_DATA_HOME/inventar/inventar.db" ] && echo yes || echo no)"

# ---- the shipped binary reads only the system's file ----
DEF=${INVENTAR_DEFAULT_BIN:-}
if [ -n "$DEF" ] && [ -x "$DEF" ]; then
    cp "$WORK/good.conf" "$CONF"
    rm -rf "$XDG_DATA_HOME"
    expect_exit "the shipped binary ignores INVENTAR_CONF" 0 "$DEF" --help
    expect_not_contains "... (its --help names the system's file)" "$CONF" "$OUT_TXT"
else
    echo "SKIP: INVENTAR_DEFAULT_BIN not set (run through make test)"
fi
finish
