#!/bin/sh
# make run: create the demo database once (outside the repository), then
# open it in the terminal interface; without a terminal (or with
# INVENTAR_NO_TUI set), show what it holds and how to explore it from the
# command line instead.
# Usage: scripts/run-demo.sh BINARY DBPATH
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 BINARY DBPATH" >&2
    exit 2
fi
BIN=$1
DB=$2

if [ ! -e "$DB" ]; then
    dir=$(dirname "$DB")
    (umask 077 && mkdir -p "$dir") || exit 1   # private, as inventar makes it
    echo "inventar: creating the demo database $DB" >&2
    if ! "$BIN" --db "$DB" demo; then
        # Leave no empty database behind: the next run would refuse it.
        rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
        exit 1
    fi
fi

if [ -z "${INVENTAR_NO_TUI+set}" ] && [ -t 0 ] && [ -t 1 ]; then
    exec "$BIN" --db "$DB"
fi

inv() { "$BIN" --db "$DB" "$@"; }

echo
echo "== Offices ($DB)"
inv office list --format table || exit 1

echo
echo "== Assets by kind and status"
statuses="in_stock assigned in_repair missing written_off"
printf '%-12s' "kind"
for s in $statuses; do printf ' %11s' "$s"; done
printf ' %11s\n' "total"
# Kind codes: the first CSV column of `kind list` (codes hold no commas).
kinds=$(inv kind list --format csv | sed 1d | cut -d, -f1)
for k in $kinds; do
    total=0
    printf '%-12s' "$k"
    for s in $statuses; do
        n=$(inv asset list --kind "$k" --status "$s" --format csv | sed 1d | grep -c .)
        total=$((total + n))
        printf ' %11s' "$n"
    done
    printf ' %11s\n' "$total"
done

echo
echo "== Funding projects"
inv funding list --format table || exit 1

cat <<EOF

== Explore it
Find anything, by any word in any letter case (tag, serial, plate, office, custodian):
  $BIN --db '$DB' asset list --search летница
One office's vehicles; one asset; its history (transfers, a repair):
  $BIN --db '$DB' asset list --kind vehicle --office RDSA-11
  $BIN --db '$DB' asset show VEH-000001
  $BIN --db '$DB' history VEH-000001
What an office held on a date; the integrity check:
  $BIN --db '$DB' history --office DSP-LOVECH --at 2022-01-01
  $BIN --db '$DB' verify
To start again, remove $DB and run 'make run'.
EOF
