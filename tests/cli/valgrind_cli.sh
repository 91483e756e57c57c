# A representative set of commands, error paths included, under valgrind:
# no invalid read or write, no use of uninitialised memory, no definite
# or indirect leak. Skipped under the sanitizers (they check the same,
# and the two do not mix) and where valgrind is not installed.
. "$TESTLIB"

if [ "${INVENTAR_SANITIZED:-0}" = 1 ]; then echo "SKIP: under the sanitizers"; finish; fi
if ! command -v valgrind >/dev/null 2>&1; then echo "SKIP: no valgrind"; finish; fi

# WHAT CODE ARGS...: `inventar ARGS` under valgrind exits CODE, and
# valgrind reports nothing.
vg() {
    _what=$1; _code=$2; shift 2
    rm -f "$WORK/vg.log"
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$WORK/vg.log" \
        "$INVENTAR_BIN" --db "${VDB:-$DB}" --user tester "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    _rc=$?
    if [ "$_rc" -eq "$_code" ] && [ ! -s "$WORK/vg.log" ]; then pass "valgrind: $_what"; else
        fail "valgrind: $_what (exit $_rc, wanted $_code)"
        head -n 30 "$WORK/vg.log" | sed 's/^/  /'
        head -n 3 "$WORK/.err" | sed 's/^/  stderr: /'
    fi
}

vg "init" 0 init
setup_world
vg "office add with an address" 0 office add DSP-HKV 'ДСП Хасково' --parent RDSA-26 \
    --address 'бул. "България" 12'
vg "office list as a table" 0 office list --format table
vg "office show as JSON" 0 office show RDSA-11 --format json
vg "office edit" 0 office edit DSP-HKV --name 'Дирекция "СП" Хасково'
vg "office add: a bad oblast" 1 office add DSP-X 'Х' --oblast BG-99
vg "kind add" 0 kind add mfd 'Мултифункционално устройство' --prefix MFD --fields color,ppm
vg "kind list" 0 kind list --format csv
vg "funding add" 0 funding add BG05SFPR002-2.002-0164 'Фронт офис Хасково' \
    --amount '230 942,88' --currency BGN --from 2023-01-01 --durable-until 01.01.2030
vg "funding list" 0 funding list --format table
vg "funding show" 0 funding show BG05SFPR002-2.002-0164 --format json
vg "asset add a vehicle" 0 asset add --kind vehicle --tag VEH-1 --make Dacia --model Duster \
    --office RDSA-11 --custodian 'Иван Петров' --cost '32 000,50' --currency BGN \
    --purchase-date 01.04.2019 --funding BG05SFPR002-2.002-0164 --attr 'plate=ОВ 1234 ВК' \
    --attr vin=UU1HSDACN12345678 --attr year=2019 --description "$(printf 'бял,\n"нов"')"
vg "asset add a tablet" 0 asset add --kind tablet --tag TAB-1 --attr imei=490154203237518 --office ASP-WH
vg "asset add: a bad IMEI" 1 asset add --kind tablet --attr imei=490154203237519
vg "asset add: an unknown kind" 1 asset add --kind nosuch
vg "asset add: no kind" 2 asset add --make X
vg "asset list --search (Cyrillic, lower case)" 0 asset list --search 'ов 1234' --format json
vg "asset list of an office and below" 0 asset list --office ASP-HQ --recursive --format table
vg "asset show" 0 asset show VEH-1 --format table
vg "asset edit" 0 asset edit VEH-1 --model 'Duster 4x4' --attr year=2020 --note 'поправка'
vg "assign two assets" 0 assign --to DSP-LOV --custodian 'Георги' --doc 'ПП-1' VEH-1 TAB-1
vg "assign to an unknown office" 1 assign --to NOPE VEH-1
vg "assign without --to" 2 assign VEH-1
vg "status in-repair" 0 status in-repair --note 'екран' TAB-1
vg "status: an unknown status" 2 status broken TAB-1
vg "return" 0 return VEH-1
vg "history of an asset" 0 history VEH-1 --format table
vg "history of an office on a date" 0 history --office DSP-LOV --at 2099-12-31 --format csv
vg "history: a bad date" 2 history --office DSP-LOV --at 31.02.2024
vg "export JSON" 0 export -o "$WORK/e.json"
vg "export CSV" 0 export --format csv -o "$WORK/e.csv"
"$INVENTAR_BIN" --db "$WORK/r.db" init >/dev/null
"$INVENTAR_BIN" --db "$WORK/r2.db" init >/dev/null
VDB="$WORK/r.db" vg "import (restore) the JSON export" 0 import "$WORK/e.json"
VDB="$WORK/r2.db" vg "import (restore) the CSV export" 0 import "$WORK/e.csv"
VDB="$WORK/r.db" vg "restoring into a database with data is refused" 1 import "$WORK/e.json"
vg "verify" 0 verify
vg "backup" 0 backup "$WORK/copy.db"
vg "backup over the live database is refused" 1 backup "$DB"
sqlite3 "$WORK/copy.db" "DROP TRIGGER event_no_update; UPDATE event SET note = 'x' WHERE id = 3"
VDB="$WORK/copy.db" vg "verify of a tampered copy" 1 verify
vg "an unknown command" 2 frobnicate
finish
