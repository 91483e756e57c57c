# Stock checks: a walkthrough with exact counts (duplicates, unexpected,
# unknown, written-off excluded, scanner noise), the report, apply, resume
# after kill -9, and kill -9 during apply (all or nothing).
. "$TESTLIB"

setup_world
for i in 1 2 3 4 5 6; do
    inv asset add --kind computer --tag "PC-$i" --office DSP-LOV --make Dell \
        --model "OptiPlex 70$i" --custodian 'Петя Колева' >/dev/null
done
inv asset add --kind tablet --tag TAB-1 --office DSP-LOV --attr imei=490154203237518 >/dev/null
inv asset add --kind computer --tag PC-WO --office DSP-LOV >/dev/null
inv status written-off PC-WO >/dev/null
inv asset add --kind vehicle --tag VEH-9 --office RDSA-26 --make Skoda --model Octavia >/dev/null
inv asset add --kind computer --tag PC-ELSE --office RDSA-11 >/dev/null

expect_exit "check start needs an office" 2 inv check start
expect_exit "check start at an unknown office fails" 1 inv check start --office NOPE
id=$(inv check start --office DSP-LOV --commission 'Иван Иванов; Мария Петрова; Георги Димов')
expect_eq "check start prints the id alone" 1 "$id"
expect_exit "a second open check of the same office is refused" 1 inv check start --office DSP-LOV

# Scanner noise: BOM, CRLF, spaces, lower case; a duplicate; an asset of
# another office; an unknown code; a written-off asset; a blank line.
out=$(printf '\357\273\277PC-1\r\n  pc-2 \r\nPC-1\nVEH-9\nXYZ-404\n\nPC-WO\nTAB-1\nXYZ-404\n' |
      inv check scan "$id" -)
expect_eq "one result line per code" \
    "found duplicate unexpected unknown unexpected found duplicate " \
    "$(printf '%s\n' "$out" | sed -n '2,$p' | cut -d' ' -f1 | tr '\n' ' ')"
expect_contains "the first scan is found" "found PC-1" "$out"
expect_contains "an asset of another office says where it is recorded" \
    "unexpected VEH-9  Автомобил, Skoda Octavia (recorded at RDSA-26 РДСП Хасково)" "$out"
expect_contains "an unknown code is kept" "unknown XYZ-404" "$out"
expect_contains "a duplicate names the first result" "duplicate PC-1" "$out"

json=$(inv check status "$id" --format json)
for kv in '"expected": 7' '"found": 3' '"missing": 4' '"unexpected": 2' '"unknown": 1' \
          '"duplicate": 2'; do
    expect_contains "status: $kv" "$kv" "$json"
done

# Resume after kill -9: a scanner feeding codes slowly; kill the process
# after its first result is out; that scan is kept.
mkfifo "$WORK/fifo"
"$INVENTAR_BIN" --db "$DB" check scan "$id" - <"$WORK/fifo" >"$WORK/scan.out" 2>&1 &
pid=$!
exec 3>"$WORK/fifo"
printf 'PC-3\n' >&3
n=0
while ! grep -q 'found PC-3' "$WORK/scan.out" 2>/dev/null && [ $n -lt 600 ]; do
    n=$((n + 1)); sleep 0.05; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_eq "the scanning process was killed by SIGKILL" 137 "$?"
exec 3>&-
json=$(inv check status "$id" --format json)
expect_contains "a scan survives kill -9 of the scanning process" '"found": 4' "$json"
out=$(inv check scan "$id" PC-4)
expect_contains "the check can be resumed" "found PC-4" "$out"

# The scanner's batch file: BOM and CRLF, one code a line.
printf '\357\273\277PC-5\r\nPC-5\r\nNOPE-1\r\n' >"$WORK/batch.txt"
out=$(inv check import "$id" "$WORK/batch.txt")
expect_contains "check import reports the counts" \
    "expected 7, found 6, missing 1, unexpected 2, unknown 2, duplicate 3" "$out"

# The report: CSV rows and a PDF with Cyrillic text.
expect_exit "report as CSV" 0 inv check report "$id" -o "$WORK/r.csv"
expect_eq "the CSV has one row per found, missing, unexpected and unknown item" \
    "found:6 missing:1 unexpected:2 unknown:2" \
    "$(tail -n +2 "$WORK/r.csv" | cut -d, -f1 | sort | uniq -c | awk '{printf "%s%s:%s", (NR>1?" ":""), $2, $1}')"
expect_contains "missing ones are listed" "missing,PC-6," "$(cat "$WORK/r.csv")"
expect_exit "report as PDF" 0 inv check report "$id" -o "$WORK/r.pdf"
txt=$(pdftotext -layout "$WORK/r.pdf" - 2>/dev/null)
expect_contains "the PDF names the office" "ДСП Ловеч" "$txt"
expect_contains "the PDF lists a missing asset" "PC-6" "$txt"
expect_contains "the PDF lists an unknown code" "XYZ-404" "$txt"
expect_contains "the PDF has the commission's names" "Мария Петрова" "$txt"
mkfifo "$WORK/pipe.csv"
cat "$WORK/pipe.csv" >"$WORK/from-pipe.csv" &
catpid=$!
expect_exit "a report into a pipe is written through it" 0 inv check report "$id" -o "$WORK/pipe.csv"
wait "$catpid"
expect_eq "... the pipe is still a pipe" yes "$([ -p "$WORK/pipe.csv" ] && echo yes)"
expect_eq "... and the report came through it" "$(cat "$WORK/r.csv")" "$(cat "$WORK/from-pipe.csv")"
expect_exit "a report to a bad extension is a usage error" 2 inv check report "$id" -o "$WORK/r.txt"
expect_exit "a report to an unwritable place fails" 1 inv check report "$id" -o /nonexistent/dir/r.pdf
expect_eq "... and leaves no file" no "$([ -e /nonexistent/dir/r.pdf ] && echo yes || echo no)"

# Close with apply.
out=$(inv check close "$id" --apply)
expect_contains "close --apply reports" "closed and applied" "$out"
expect_eq "missing ones get status missing" "PC-6:missing" \
    "$(inv asset list --status missing --format csv | tail -n +2 | cut -d, -f1,6 | tr , : | sort | tr '\n' ' ' | sed 's/ $//')"
expect_contains "unexpected ones are moved here" '"office": "DSP-LOV"' "$(inv asset show VEH-9 --format json)"
expect_contains "found ones are stamped as seen" '"last_seen": "' "$(inv asset show PC-1 --format json)"
expect_contains "a written-off asset stays written off" '"status": "written_off"' "$(inv asset show PC-WO --format json)"
expect_contains "the events name the check" "seen" "$(inv history PC-1 --format csv | tail -n 1)"
expect_contains "marked missing by the check" "marked_missing" "$(inv history PC-6 --format csv | tail -n 1)"
expect_exit "a closed check refuses scans" 1 inv check scan "$id" PC-2
expect_contains "... saying so" "closed" "$ERR_TXT"
expect_exit "a closed check cannot be closed again" 1 inv check close "$id"
if sqlite3 "$DB" "INSERT INTO check_scan(check_id, raw, code, at, operator, result) VALUES($id,'x','x','t','o','unknown')" 2>/dev/null; then
    fail "the database refuses a scan of a closed check"
else
    pass "the database refuses a scan of a closed check"
fi
if "$INVENTAR_BIN" --help | grep -q verify; then
    expect_exit "verify passes after apply" 0 inv verify
fi

# Fixes from review: a scanner prefix/suffix is stripped once, a batch with
# CR-only line ends works, a recursive check does not move assets that are
# recorded inside its tree.
inv asset add --kind computer --tag TTX-11 --office RDSA-11 >/dev/null
pid_=$(inv check start --office RDSA-11 --scanner-prefix T --scanner-suffix 1)
out=$(inv check scan "$pid_" TTTX-111)
expect_contains "prefix and suffix are stripped once each" "found TTX-11" "$out"
printf 'TPC-ELSE1\rTTTX-111\rNOPE-2\r' >"$WORK/cr.txt"
out=$(inv check import "$pid_" "$WORK/cr.txt")
expect_contains "a batch file with CR line ends is read code by code" \
    "expected 2, found 2, missing 0, unexpected 0, unknown 1, duplicate 1" "$out"
inv check close "$pid_" >/dev/null
inv office add OUT 'Външен' --parent ASP-HQ >/dev/null
inv asset add --kind computer --tag MOVER --office OUT --custodian 'Петър' >/dev/null
rid=$(inv check start --office RDSA-11 --recursive)
inv assign --to DSP-LOV --custodian 'Петър' MOVER >/dev/null
inv check scan "$rid" MOVER >/dev/null
inv check close "$rid" --apply >/dev/null
out=$(inv asset show MOVER --format json)
expect_contains "apply leaves an asset recorded inside the checked tree where it is" '"office": "DSP-LOV"' "$out"
expect_contains "... with its custodian" '"custodian": "Петър"' "$out"

# check list and the offices due for a check.
out=$(inv check list --format csv)
expect_contains "check list shows the check" "1,DSP-LOV,ДСП Ловеч," "$out"
inv asset add --kind computer --tag DUE-1 --office RDSA-26 >/dev/null
out=$(inv check list --due 12 --format csv | cut -d, -f1 | tail -n +2 | sort | tr '\n' ' ')
expect_eq "offices holding assets and never checked are due" "RDSA-26 " "$out"
out=$(INVENTAR_NOW=2099-01-01T00:00:00Z "$INVENTAR_BIN" --db "$DB" check list --due 12 --format csv | cut -d, -f1 | tail -n +2 | sort | tr '\n' ' ')
expect_eq "an office checked long ago is due again" "DSP-LOV RDSA-11 RDSA-26 " "$out"

# kill -9 during apply: all or nothing.
n=3000
[ "${INVENTAR_SANITIZED:-}" = 1 ] && n=800
inv office add BIG 'Голям склад' --parent ASP-HQ >/dev/null
awk -v n=$n 'BEGIN { for (i = 1; i <= n; i++) printf "BIG-%05d\n", i }' >"$WORK/big.txt"
# Make the assets quickly through one import when it exists, else one by one.
if "$INVENTAR_BIN" --help | grep -q import; then
    { echo 'tag,kind,office'; sed 's/$/,computer,BIG/' "$WORK/big.txt"; } >"$WORK/big.csv"
    inv import "$WORK/big.csv" >/dev/null
else
    while read -r t; do inv asset add --kind computer --tag "$t" --office BIG >/dev/null; done <"$WORK/big.txt"
fi
bid=$(inv check start --office BIG)
head -n $((n / 2)) "$WORK/big.txt" | inv check import "$bid" /dev/stdin >/dev/null
events_before=$(sqlite3 "$DB" 'SELECT count(*) FROM event')
# Killed inside the apply's transaction, after half of its events.
INVENTAR_FAULT_KILL_AFTER_EVENTS=$((n / 4)) "$INVENTAR_BIN" --db "$DB" check close "$bid" --apply \
    >/dev/null 2>&1
expect_eq "the apply was killed by SIGKILL" 137 "$?"
events_after=$(sqlite3 "$DB" 'SELECT count(*) FROM event')
closed=$(sqlite3 "$DB" "SELECT closed_at IS NOT NULL FROM stock_check WHERE id=$bid")
missing=$(sqlite3 "$DB" "SELECT count(*) FROM asset WHERE status='missing' AND tag LIKE 'BIG-%'")
expect_eq "integrity after kill -9 during apply" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
expect_eq "the killed apply left nothing behind" "0 0 $events_before" "$closed $missing $events_after"
out=$(inv check close "$bid" --apply)
expect_contains "the apply can be run again" "closed and applied" "$out"
expect_eq "... and then it is wholly there" "$((n - n / 2))" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM asset WHERE status='missing' AND tag LIKE 'BIG-%'")"
if "$INVENTAR_BIN" --help | grep -q verify; then
    expect_exit "verify passes after kill -9 during apply" 0 inv verify
fi
finish
