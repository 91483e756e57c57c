#!/bin/sh
# import.sh: 1,000,000 realistic assets from CSV with `inventar import`
# into a fresh database, against the sqlite3 shell's `.import --csv` of the
# same file into a table with the same unique keys (tag UNIQUE,
# UNIQUE(make, serial)), in the same run. Prints wall and CPU times, rows/s
# and the ratio ours/theirs (goal: <= 1); never fails on a time.
# IMPORT_ROWS sets another row count. Run by tests/bench/run.sh with
# INVENTAR_BIN, ROOT and WORK set.
set -eu
N=${IMPORT_ROWS:-1000000}
BIN=$INVENTAR_BIN
cd "$WORK"
rm -f assets.csv inv.db inv.db-wal inv.db-shm peer.db

# The offices the sheet names: a head office, a warehouse, 28 regional
# directorates; and the funding project a third of the rows name.
inv() { "$BIN" --db inv.db --user bench "$@" >/dev/null; }
inv init
inv office add ASP-HQ 'Централно управление на АСП' --kind head
inv office add ASP-WH 'Централен склад' --kind warehouse --parent ASP-HQ
offices=""
i=1
while [ "$i" -le 28 ]; do
    code=$(printf 'RDSA-%02d' "$i")
    inv office add "$code" "РДСП $i" --kind regional --parent ASP-HQ --oblast "$(printf 'BG-%02d' "$i")"
    offices="$offices${offices:+,}$code"
    i=$((i + 1))
done
inv funding add BG05M9OP001-3.006-0001 'Механизми за социално включване'

awk -v n="$N" -v offices="$offices" -v funding=BG05M9OP001-3.006-0001 \
    -f "$ROOT/tests/data/import_gen.awk" >assets.csv
bytes=$(wc -c <assets.csv)

# Wall time from date, CPU time (user + system of the children) from the
# shell's `times` (written to a file: in a subshell it would read 0).
now() { date +%s.%N; }
cpu() { times >"$1"; }
cpu_of() { awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"; }

sqlite3 peer.db "CREATE TABLE asset(tag TEXT UNIQUE, kind TEXT, make TEXT, model TEXT,
    serial TEXT, description TEXT, office TEXT, custodian TEXT, purchase_date TEXT,
    cost TEXT, currency TEXT, supplier TEXT, contract TEXT, funding TEXT, imei TEXT,
    plate TEXT, vin TEXT, year TEXT, components TEXT, UNIQUE(make, serial))"

cpu .c0; t0=$(now)
"$BIN" --db inv.db --user bench import assets.csv >ours.out
t1=$(now); cpu .c1
sqlite3 peer.db ".import --csv --skip 1 assets.csv asset"
t2=$(now); cpu .c2

ours_n=$(sqlite3 inv.db "SELECT count(*) FROM asset")
peer_n=$(sqlite3 peer.db "SELECT count(*) FROM asset")
awk -v n="$N" -v bytes="$bytes" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
    -v c0="$(cpu_of .c0)" -v c1="$(cpu_of .c1)" -v c2="$(cpu_of .c2)" \
    -v on="$ours_n" -v pn="$peer_n" -v out="$(cat ours.out)" 'BEGIN {
    ow = t1 - t0; pw = t2 - t1; oc = c1 - c0; pc = c2 - c1
    printf "import of %d rows (%.0f MB of CSV)\n", n, bytes / 1e6
    printf "  inventar import   %8.2f s wall %8.2f s CPU %9.0f rows/s  (%s; %d assets)\n", ow, oc, n / ow, out, on
    printf "  sqlite3 .import   %8.2f s wall %8.2f s CPU %9.0f rows/s  (%d rows)\n", pw, pc, n / pw, pn
    printf "  ratio inventar/sqlite3: %.2f wall, %.2f CPU (goal: <= 1)\n", ow / pw, (pc > 0 ? oc / pc : 0)
}'
rm -f assets.csv inv.db inv.db-wal inv.db-shm peer.db .c0 .c1 .c2 ours.out
