#!/bin/sh
# Printing labels through a real CUPS queue: a private cupsd (its own
# config directory and socket, reached through $HOME/.cups/client.conf,
# since lp runs with a clean environment) and the cups-pdf backend. What
# comes out keeps the page size inventar drew (A4, a 62x29 mm thermal
# label), unrotated, with scannable QR codes; --print PRINTER and
# --print=PRINTER both reach the queue; a missing queue is a clear error
# and the -o PDF is still written.
. "$TESTLIB"
setup_world
for i in 1 2 3; do
    inv asset add --kind tablet --tag "PRT-00$i" --office DSP-LOV >/dev/null
done

# Without any server: a missing queue is an error naming it; -o is written.
if [ -x /usr/bin/lp ]; then
    mkdir -p "$HOME"
    expect_exit "a missing queue fails" 1 inv labels --print=no-such-queue-$$ PRT-001 -o miss.pdf
    expect_contains "the error names the queue" "no-such-queue-$$" "$ERR_TXT"
    [ -s miss.pdf ] && pass "the -o PDF is written although printing failed" ||
        fail "the -o PDF is written although printing failed"
fi

skip() { echo "SKIP: $*"; finish; }
[ "$(id -u)" -eq 0 ] || skip "not root: cannot start cupsd with the cups-pdf backend"
for b in /usr/sbin/cupsd /usr/sbin/lpadmin /usr/bin/lp /usr/bin/lpstat \
         /usr/lib/cups/backend/cups-pdf /usr/bin/zbarimg /usr/bin/pdftoppm; do
    [ -x "$b" ] || skip "$b is not installed (scripts/deps.sh test)"
done
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -f "$PPD" ] || skip "$PPD is missing (printer-driver-cups-pdf)"

# Filters run as the lp user: the spool tree must be reachable by it.
C=$(mktemp -d /tmp/inventar-cups.XXXXXX)
Q=inventar-test-$$
PID=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    rm -f "/etc/cups/cups-pdf-$Q.conf" "/var/log/cups/cups-pdf-${Q}_log"
    rm -rf "$C"
}
trap cleanup EXIT
chmod 0755 "$C"
mkdir -p "$C/root" "$C/spool" "$C/cache" "$C/state" "$C/tmp" "$C/log" "$C/out"
chmod 1777 "$C/tmp" "$C/out"
cat >"$C/root/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
cat >"$C/root/cups-files.conf" <<CONF
ServerRoot $C/root
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
SystemGroup root
Sandboxing Relaxed
CONF
# cups-pdf reads /etc/cups/cups-pdf-NAME.conf for a queue cups-pdf:/NAME.
printf 'Out %s\nLabel 0\nUserUMask 0022\n' "$C/out" >"/etc/cups/cups-pdf-$Q.conf" ||
    skip "cannot write /etc/cups/cups-pdf-$Q.conf"
/usr/sbin/cupsd -f -c "$C/root/cupsd.conf" -s "$C/root/cups-files.conf" &
PID=$!
mkdir -p "$HOME/.cups"
echo "ServerName $C/cups.sock" >"$HOME/.cups/client.conf"
i=0
until lpstat -r >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 100 ] && skip "cupsd did not start"; sleep 0.1
done
lpadmin -p "$Q" -E -v "cups-pdf:/$Q" -P "$PPD" 2>/dev/null || skip "lpadmin failed"

# Wait until cups-pdf has written n PDFs (no fixed sleep: poll the output).
wait_out() {
    i=0
    while [ "$(ls "$C/out" | grep -c '\.pdf$')" -lt "$1" ]; do
        i=$((i + 1)); [ $i -gt 300 ] && return 1; sleep 0.1
    done
    # ... and until the newest one is complete.
    for f in "$C/out"/*.pdf; do
        i=0; until pdfinfo "$f" >/dev/null 2>&1; do
            i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.1; done
    done
}
# check_job WHAT NEWFILE SIZE_PATTERN CODES...
check_job() {
    what=$1; f=$2; size=$3; shift 3
    info=$(pdfinfo "$f" 2>/dev/null)
    expect_contains "$what: page size" "$size" "$info"
    expect_contains "$what: not rotated" "Page rot:        0" "$info"
    rm -f "$C"/page*.png
    pdftoppm -r 300 -png "$f" "$C/page" 2>/dev/null
    codes=$(zbarimg -q "$C"/page*.png 2>/dev/null | sort | tr '\n' ' ')
    expect_eq "$what: QR codes" "$*" "$codes"
}

expect_exit "--print PRINTER (a queue) prints a 62x29 roll" 0 \
    inv labels --template 62x29 --print "$Q" PRT-001 PRT-002 -o roll.pdf
wait_out 1 || fail "the roll job came out"
f=$(ls -t "$C/out"/*.pdf | head -1)
# 62 x 29 mm is 175.7 x 82.2 pt; CUPS names the custom size in whole points.
check_job "roll" "$f" "Page size:       175 x 82 pts" "QR-Code:PRT-001 QR-Code:PRT-002 "
expect_contains "roll: pages" "Pages:           2" "$(pdfinfo "$f")"
[ -s roll.pdf ] && pass "roll: -o PDF written too" || fail "roll: -o PDF written too"

expect_exit "--print=PRINTER prints an A4 sheet" 0 inv labels --print="$Q" PRT-003 -o sheet.pdf
wait_out 2 || fail "the sheet job came out"
f=$(ls -t "$C/out"/*.pdf | head -1)
check_job "sheet" "$f" "(A4)" "QR-Code:PRT-003 "

expect_exit "--print PRINTER after a filter" 0 \
    inv labels --office DSP-LOV --print "$Q" -o office.pdf
wait_out 3 || fail "the office job came out"

expect_exit "a tag after --print that is no queue stays a tag" 1 \
    inv labels --print=no-such-queue-$$ --print PRT-001 -o t.pdf
expect_exit "a missing queue fails through cupsd" 1 inv labels --print "nosuch-$$" --office DSP-LOV -o m2.pdf
expect_contains "its error names the queue" "nosuch-$$" "$ERR_TXT"
[ -s m2.pdf ] && pass "the -o PDF is still written" || fail "the -o PDF is still written"

cupsdisable "$Q" >/dev/null 2>&1; cupsreject "$Q" >/dev/null 2>&1
expect_exit "a queue refusing jobs fails" 1 inv labels --print "$Q" PRT-001 -o r.pdf
expect_contains "its error names the queue" "$Q" "$ERR_TXT"
finish
