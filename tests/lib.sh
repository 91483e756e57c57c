# tests/lib.sh: helpers for the shell tests in tests/cli/.
# Sourced with `. "$TESTLIB"`. The runner sets INVENTAR_BIN, WORK (a fresh
# directory, also the cwd and TMPDIR), TESTDATA, BUILD and ROOT.
# Each check prints "PASS: what" or "FAIL: what (details)".
set -u
DB=${DB:-$WORK/test.db}
_failed=0

# Run inventar on the test database.
inv() { "$INVENTAR_BIN" --db "$DB" --user tester "$@"; }

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; _failed=1; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else
        fail "$1"; printf '  expected: %s\n  actual:   %s\n' "$2" "$3"; fi
}

# expect_exit WHAT CODE CMD...: CMD exits with CODE (its output in $OUT_TXT
# and $ERR_TXT).
expect_exit() {
    _what=$1; _code=$2; shift 2
    "$@" >"$WORK/.out" 2>"$WORK/.err"
    _rc=$?
    OUT_TXT=$(cat "$WORK/.out"); ERR_TXT=$(cat "$WORK/.err")
    if [ "$_rc" -eq "$_code" ]; then pass "$_what"; else
        fail "$_what (exit $_rc, wanted $_code)"; sed 's/^/  stderr: /' "$WORK/.err" | head -5; fi
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
    case "$3" in
        *"$2"*) pass "$1" ;;
        *) fail "$1"; printf '  wanted: %s\n  in:     %s\n' "$2" "$(printf '%s' "$3" | head -c 600)" ;;
    esac
}

# expect_not_contains WHAT NEEDLE HAYSTACK
expect_not_contains() {
    case "$3" in
        *"$2"*) fail "$1"; printf '  unwanted: %s\n' "$2" ;;
        *) pass "$1" ;;
    esac
}

# A digest of everything in the database that a user can see, to show
# that a failed command changed nothing.
db_digest() {
    sqlite3 "$DB" .dump | sha256sum | cut -c1-64
}

# Minimal world: head office, warehouse, one region, one local office
# (in a new database: only init and demo create one).
setup_world() {
    inv init >/dev/null &&
    inv office add ASP-HQ 'Централно управление на АСП' --kind head >/dev/null &&
    inv office add ASP-WH 'Централен склад' --kind warehouse --parent ASP-HQ >/dev/null &&
    inv office add RDSA-11 'РДСП Ловеч' --kind regional --parent ASP-HQ --oblast BG-11 >/dev/null &&
    inv office add DSP-LOV 'ДСП Ловеч' --kind local --parent RDSA-11 >/dev/null &&
    inv office add RDSA-26 'РДСП Хасково' --kind regional --parent ASP-HQ --oblast BG-26 >/dev/null
}

# Call at the end of every test script.
finish() { exit "$_failed"; }
