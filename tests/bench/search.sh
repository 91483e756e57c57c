# Search at 1,000,000 assets (goal: under 30 ms).
#
# Builds the demo database at --scale 619 (1,004,018 assets; prints how
# long that took and the file's size), then times whole runs of
# `inventar asset list --search TEXT --format csv` for searches people
# make (a tag, a plate, a custodian's family name typed in lower case, an
# office word, a serial): the median of 7 runs each, and the same with
# --limit 50 (a screenful). "none" (a word found nowhere) shows what
# starting the process and opening the database cost. The peer answers the same search with the
# sqlite3 shell and a LIKE scan over the same columns of the same
# database; the ratio is its time over ours. Never fails on a time.
# BENCH_SEARCH_SCALE overrides the scale (for a quick look).
set -u
BIN=$INVENTAR_BIN
DB=$WORK/search.db
SCALE=${BENCH_SEARCH_SCALE:-619}
RUNS=7
GOAL_MS=30

now_ns() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

rm -f "$DB" "$DB-wal" "$DB-shm"
t0=$(now_ns)
summary=$("$BIN" --db "$DB" demo --scale "$SCALE") || { echo "demo --scale $SCALE failed"; exit 1; }
t1=$(now_ns)
bytes=$(stat -c %s "$DB")
echo "build: demo --scale $SCALE: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s wall"
echo "  $summary"
echo "  database: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1073741824 }') GiB)"

q() { sqlite3 "$DB" "$1"; }
n=$(q "SELECT count(*) FROM asset")
mid=$((n / 2))
# Searches as a user types them, and the text as stored for LIKE (which
# folds ASCII only, so the peer gets the capitalised Cyrillic it needs).
tag=$(q "SELECT tag FROM asset WHERE tag LIKE 'PC-%' ORDER BY id LIMIT 1 OFFSET $((mid / 2))")
plate=$(q "SELECT json_extract(attrs, '\$.plate') FROM asset WHERE tag LIKE 'VEH-%'
           ORDER BY id LIMIT 1 OFFSET $((n / 40))")
serial=$(q "SELECT serial FROM asset WHERE tag LIKE 'PC-%' ORDER BY id LIMIT 1 OFFSET $mid")
searches="none|zzqqxx|zzqqxx
tag|$tag|$tag
plate|$plate|$plate
custodian|кабаиванова|Кабаиванова
office|летница|Летница
serial|$serial|$serial"

like_sql="SELECT a.tag, k.code, a.make, a.model, a.serial, a.status, o.code, o.name,
    a.custodian, f.code FROM asset a JOIN asset_kind k ON k.id = a.kind_id
    LEFT JOIN office o ON o.id = a.office_id LEFT JOIN funding f ON f.id = a.funding_id
    WHERE a.tag LIKE @p OR a.serial LIKE @p OR a.make LIKE @p OR a.model LIKE @p
       OR a.custodian LIKE @p OR a.attrs LIKE @p OR o.code LIKE @p OR o.name LIKE @p
    ORDER BY a.tag;"

# time_runs CMD...: median wall time in ms of RUNS runs (after one warm-up).
time_runs() {
    "$@" >/dev/null 2>&1
    i=0
    while [ $i -lt $RUNS ]; do
        s=$(now_ns); "$@" >/dev/null 2>&1; e=$(now_ns)
        ms "$s" "$e"; echo
        i=$((i + 1))
    done | median
}

peer() { sqlite3 -csv "$DB" ".parameter set @p '%$1%'" "$like_sql"; }

echo
echo "search at $n assets: median of $RUNS whole runs, ms (goal: under $GOAL_MS ms)"
printf '%-10s %7s %9s %9s %12s %7s %7s  %s\n' what rows inventar "limit 50" \
    "sqlite LIKE" ratio goal text
printf '%s\n' "$searches" | while IFS='|' read -r what text stored; do
    rows=$("$BIN" --db "$DB" asset list --search "$text" --format csv | sed 1d | grep -c .)
    peer_rows=$(peer "$stored" | grep -c .)
    ours=$(time_runs "$BIN" --db "$DB" asset list --search "$text" --format csv)
    page=$(time_runs "$BIN" --db "$DB" asset list --search "$text" --format csv --limit 50)
    theirs=$(time_runs peer "$stored")
    ratio=$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.0fx", (b > 0 ? a / b : 0) }')
    verdict=$(awk -v a="$ours" -v g="$GOAL_MS" 'BEGIN { print (a < g) ? "met" : "missed" }')
    printf '%-10s %7s %9s %9s %12s %7s %7s  %s\n' "$what" "$rows" "$ours" "$page" \
        "$theirs" "$ratio" "$verdict" "$text"
    [ "$rows" = "$peer_rows" ] ||
        echo "  (the LIKE scan found $peer_rows rows: it matches inside words too)"
done
rm -f "$DB" "$DB-wal" "$DB-shm"
