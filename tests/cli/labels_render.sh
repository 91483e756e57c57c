#!/bin/sh
# labels_render.sh: QR label rendering through the labels/ library.
#
# For every built-in template (and glabels templates: a fixture library
# written here, and Avery:L7160 / a tall Brother roll from glabels-data
# when it is installed): render synthetic records with Cyrillic text and
# very long names, rasterise with pdftoppm at 300 dpi and check that
#   - each label position holds exactly the QR code it should, decoded
#     by zbarimg to its tag (the page is cut into one image per label), so
#     every code scans, --start and --copies are honoured and skipped
#     positions stay blank;
#   - Cyrillic text is extractable (pdftotext) and long text is cut with
#     "…";
#   - no word lies outside its label, and each tag is printed in its own
#     label (pdftotext -bbox against the template geometry).
# Then every error case: unknown template, unwritable output (no file or
# temporary file left behind), missing or bad font, labels too small for
# their QR code, start/copies out of range.
#
# Env (set by tests/run.sh): BUILD (holding tools/labels_render and
# tools/labels_crop), ROOT, TESTLIB, WORK. Runs standalone too:
#   BUILD=build sh tests/cli/labels_render.sh
set -u

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
RENDER=$BUILD/tools/labels_render
CROP=$BUILD/tools/labels_crop
GLABELS=/usr/share/libglabels-3.0/templates

TMP=$(mktemp -d "${TMPDIR:-/tmp}/labels_render.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
WORK=${WORK:-$TMP}
# pass/fail/finish: "PASS: what" / "FAIL: what" lines, as the runner counts.
. "${TESTLIB:-$ROOT/tests/lib.sh}"

for t in "$RENDER" "$CROP"; do
    [ -x "$t" ] || { fail "$t is not built"; finish; }
done
for t in pdftoppm pdftotext zbarimg; do
    command -v "$t" >/dev/null 2>&1 || { fail "$t is not installed (make deps-test)"; finish; }
done

# ---- a small glabels library of our own (always available) ----
FIX=$TMP/glabels
mkdir -p "$FIX"
cat >"$FIX/paper-sizes.xml" <<'EOF'
<?xml version="1.0"?>
<Glabels-paper-sizes>
  <Paper-size id="A4" _name="A4" pwg_size="iso_a4" width="210mm" height="297mm"/>
</Glabels-paper-sizes>
EOF
cat >"$FIX/test-templates.xml" <<'EOF'
<?xml version="1.0"?>
<Glabels-templates>
  <!-- Two layouts on one sheet, lengths in mm and in. -->
  <Template brand="Test" part="SHEET" size="A4" _description="Two layouts">
    <Meta category="label"/>
    <Label-rectangle id="0" width="60mm" height="30mm" round="2mm">
      <Markup-margin size="1mm"/>
      <Layout nx="3" ny="4" x0="10mm" y0="20mm" dx="63mm" dy="32mm"/>
      <Layout nx="2" ny="2" x0="0.5in" y0="160mm" dx="90mm" dy="35mm"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="SHEET-EQ" equiv="SHEET"/>
  <!-- A tall roll label: text goes under the QR code. -->
  <Template brand="Test" part="TALL" size="Other" width="30mm" height="80mm"
            _description="Tall roll label">
    <Label-rectangle id="0" width="85.039pt" height="226.772pt" round="0">
      <Layout nx="1" ny="1" x0="0" y0="0" dx="0" dy="0"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="ROUND" size="A4" _description="Round">
    <Label-round id="0" radius="20mm">
      <Layout nx="2" ny="2" x0="10mm" y0="10mm" dx="50mm" dy="50mm"/>
    </Label-round>
  </Template>
  <Template brand="Test" part="TINY" size="A4" _description="Tiny">
    <Label-rectangle id="0" width="20mm" height="9mm" round="0">
      <Layout nx="5" ny="10" x0="5mm" y0="5mm" dx="22mm" dy="10mm"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="BROKEN" equiv="MISSING"/>
</Glabels-templates>
EOF

# check_words GEO BBOX: every word inside a label of its page; tag-like
# words inside a label printed with that tag. Prints offenders.
check_words() {
    awk -v eps=0.05 '
    function num(s, name,   i, r) {
        i = index(s, name "=\"")
        if (!i) return -1
        r = substr(s, i + length(name) + 2)
        return substr(r, 1, index(r, "\"") - 1) + 0
    }
    FNR == NR { n++; P[n] = $1; X[n] = $3; Y[n] = $4; W[n] = $5; H[n] = $6; T[n] = $7; next }
    /<page / { page++ }
    /<word / {
        x0 = num($0, "xMin"); y0 = num($0, "yMin"); x1 = num($0, "xMax"); y1 = num($0, "yMax")
        w = $0; sub(/^[^>]*>/, "", w); sub(/<\/word>.*$/, "", w)
        words++
        ok = 0
        for (i = 1; i <= n && !ok; i++) {
            if (P[i] != page) continue
            if (x0 < X[i] - eps || x1 > X[i] + W[i] + eps) continue
            if (y0 < Y[i] - eps || y1 > Y[i] + H[i] + eps) continue
            if (w ~ /^[A-Z]+-[0-9]+$/ && w != T[i]) continue
            ok = 1
        }
        if (!ok) { printf "page %d: \"%s\" at (%.2f %.2f %.2f %.2f) is outside its label\n", page, w, x0, y0, x1, y1; bad++ }
    }
    END { if (!words) { print "no words found"; exit 1 } exit bad ? 1 : 0 }
    ' "$1" "$2"
}

# check_positions NAME GEO PDF GDIR: rasterise at 300 dpi, cut each page
# into its labels and decode each one with zbarimg: a placed label must
# hold exactly its tag, every other position nothing. (Decoding a whole
# sheet at once is not reliable with zbar: with a dozen codes in a grid it
# misses some. The page is rasterised as PPM so that labels_crop can cut
# it without an image library.)
check_positions() {
    name=$1 geo=$2 pdf=$3 gdir=$4
    pages=$(awk 'END { print $1 }' "$geo")
    rm -f "$TMP"/pos-*
    pdftoppm -r 300 "$pdf" "$TMP/pos" 2>/dev/null || { fail "$name: pdftoppm (ppm) failed"; return; }
    p=1
    while [ "$p" -le "$pages" ]; do
        img=$(ls "$TMP"/pos-*.ppm | sed -n "${p}p")
        set -- -t "$name" -r 300
        [ -n "$gdir" ] && set -- "$@" -g "$gdir"
        count=$("$CROP" "$@" "$img" "$TMP/pos-crop") ||
            { fail "$name: cropping page $p failed"; return; }
        i=1 crops=""
        while [ "$i" -le "$count" ]; do
            crops="$crops $TMP/pos-crop-$i.ppm"
            i=$((i + 1))
        done
        # shellcheck disable=SC2086
        zbarimg --xml -q --nodbus $crops 2>/dev/null |
            sed -n "s/.*href='[^']*-crop-\([0-9]*\)\.ppm'.*/H \1/p; s/.*CDATA\[\([^]]*\)\].*/D \1/p" |
            awk '$1 == "H" { cur = $2; next } $1 == "D" { print cur, $2 }' >"$TMP/pos-got"
        awk -v p="$p" '$1 == p { print $2, $7 }' "$geo" >"$TMP/pos-want"
        out=$(awk -v cnt="$count" '
            FNR == NR { want[$1] = $2; next }
            { got[$1] = got[$1] ? got[$1] " " $2 : $2 }
            END {
                for (i = 1; i <= cnt; i++) {
                    if ((i in want) && got[i] != want[i])
                        printf "position %d: want %s, decoded \"%s\"\n", i, want[i], got[i]
                    if (!(i in want) && (i in got))
                        printf "position %d: should be blank, decoded \"%s\"\n", i, got[i]
                }
            }' "$TMP/pos-want" "$TMP/pos-got")
        [ -z "$out" ] || fail "$name page $p: $out"
        rm -f "$TMP"/pos-crop-*
        p=$((p + 1))
    done
}

# check_order GEO START COPIES PER_SHEET: the k-th label (copies
# consecutive) sits on page (START-1+k) / PER_SHEET + 1 at position
# (START-1+k) % PER_SHEET + 1, computed here independently of the library.
check_order() {
    awk -v start="$2" -v copies="$3" -v per="$4" '
        {
            k = NR - 1
            page = int((start - 1 + k) / per) + 1
            idx = (start - 1 + k) % per + 1
            tag = sprintf("INV-%06d", int(k / copies) + 1)
            if ($1 != page || $2 != idx || $7 != tag) {
                printf "label %d (%s) at page %s position %s, want %s at page %d position %d\n", NR, $7, $1, $2, tag, page, idx
                bad = 1
            }
        }
        END { exit bad }' "$1"
}

# check_at GEO INDEX X Y W H: position INDEX of the sheet has its top-left
# corner at X, Y (points from the page's top-left) and is W x H points.
check_at() {
    awk -v i="$2" -v x="$3" -v y="$4" -v w="$5" -v h="$6" '
        function off(a, b) { return a - b > 0.01 || b - a > 0.01 }
        $2 == i { seen = 1
                  if (off($3, x) || off($4, y) || off($5, w) || off($6, h)) {
                      printf "position %d at %s %s size %s x %s, want %s %s size %s x %s\n", i, $3, $4, $5, $6, x, y, w, h
                      exit 1 } }
        END { if (!seen) { printf "position %d not used\n", i; exit 1 } }' "$1"
}

# check_template NAME N START COPIES PER_SHEET [GLABELS_DIR]
check_template() {
    name=$1 n=$2 start=$3 copies=$4 per=$5 gdir=${6:-}
    before=$_failed
    base=$TMP/$(echo "$name" | tr ':/' '__')
    set -- -t "$name" -n "$n" -s "$start" -c "$copies" -l -F -G "$base.geo" -o "$base.pdf"
    [ -n "$gdir" ] && set -- "$@" -g "$gdir"
    if ! "$RENDER" "$@" >"$base.log" 2>&1; then
        fail "$name: render failed: $(cat "$base.log")"
        return
    fi
    want=$((n * copies))
    got=$(wc -l <"$base.geo")
    [ "$got" -eq "$want" ] || fail "$name: $got labels placed, want $want"
    out=$(check_order "$base.geo" "$start" "$copies" "$per") ||
        fail "$name: labels out of order: $(echo "$out" | head -3)"

    # Every QR code decodes to its tag at its position (this also checks
    # that each tag is there as many times as printed).
    check_positions "$name" "$base.geo" "$base.pdf" "$gdir"

    # Text: Cyrillic extractable, long text cut, nothing outside its label.
    pdftotext "$base.pdf" "$base.txt" 2>/dev/null || fail "$name: pdftotext failed"
    grep -q 'АСП' "$base.txt" || fail "$name: owner line АСП not extractable"
    grep -q 'Таблет' "$base.txt" || fail "$name: kind Таблет not extractable"
    grep -q 'Айтос' "$base.txt" || fail "$name: office Фронт офис Айтос not extractable"
    grep -q '…' "$base.txt" || fail "$name: long names were not cut with an ellipsis"
    pdftotext -bbox "$base.pdf" "$base.html" 2>/dev/null || fail "$name: pdftotext -bbox failed"
    out=$(check_words "$base.geo" "$base.html") || fail "$name: text outside labels: $(echo "$out" | head -5)"
    [ "$_failed" -eq "$before" ] &&
        pass "$name: $want labels scan at their positions (start $start, copies $copies), text inside"
}

# ---- every built-in template ----
T=$TMP
check_template L7160 26 4 1 21
# Sheet geometry as glabels gives it (points): first label and the one
# in row 2, column 2.
check_at "$T/L7160.geo" 5 208.4 151.9 180 108 || fail "L7160 geometry"
check_template L7163 8 2 2 14
check_at "$T/L7163.geo" 4 301.5 151 280.913 108 || fail "L7163 geometry"
check_template L7651 70 3 1 65
check_at "$T/L7651.geo" 7 128.41 90.99 108 60.094 || fail "L7651 geometry"
check_template 70x37 20 10 1 24
check_at "$T/70x37.geo" 11 198.425 316.063 198.425 104.882 || fail "70x37 geometry"
check_template 62x29 3 1 2 1
check_at "$T/62x29.geo" 1 0 0 175.748 82.205 || fail "62x29 geometry"
check_template 50x25 3 1 1 1
check_at "$T/50x25.geo" 1 0 0 141.732 70.866 || fail "50x25 geometry"
check_template 57x32 3 1 1 1
check_at "$T/57x32.geo" 1 0 0 161.575 90.709 || fail "57x32 geometry"

# ---- glabels templates ----
# Test:SHEET-EQ is an equiv= of Test:SHEET: two layouts, sorted top to
# bottom; position 13 is the first of the second layout (0.5in, 160mm).
check_template Test:SHEET-EQ 14 3 1 16 "$FIX"
check_at "$T/Test_SHEET-EQ.geo" 3 385.512 56.693 170.079 85.039 || fail "Test:SHEET geometry (layout 1)"
check_at "$T/Test_SHEET-EQ.geo" 13 36 453.543 170.079 85.039 || fail "Test:SHEET geometry (layout 2)"
check_template Test:TALL 3 1 1 1 "$FIX"
if [ -d "$GLABELS" ]; then
    check_template Avery:L7160 21 2 1 21
    check_at "$T/Avery_L7160.geo" 2 208.4 43.9 181.4 108 || fail "Avery:L7160 geometry"
    check_template Brother:DK-1201 3 1 1 1
else
    echo "note: $GLABELS not installed (glabels-data); its templates not tested"
fi

# ---- errors ----
# expect_error DESC PATTERN ARGS...: exit status 1, the message on stderr,
# and nothing (no PDF, no temporary file) left in the output directory.
expect_error() {
    desc=$1 pattern=$2
    shift 2
    out=$TMP/err-out
    mkdir -p "$out"
    "$RENDER" "$@" >"$TMP/err.stdout" 2>"$TMP/err.stderr"
    st=$?
    left=$(ls -A "$out")
    rm -rf "$out"
    if [ "$st" -ne 1 ]; then
        fail "error: $desc: exit status $st, want 1"
    elif ! grep -q "$pattern" "$TMP/err.stderr"; then
        fail "error: $desc: stderr lacks \"$pattern\": $(cut -c1-300 "$TMP/err.stderr")"
    elif [ -n "$left" ]; then
        fail "error: $desc: files left behind: $left"
    else
        pass "error: $desc"
    fi
}
E=$TMP/err-out
expect_error "unknown template" "unknown label template NOPE" -t NOPE -o "$E/x.pdf"
expect_error "unknown glabels template" "unknown label template Test:NOPE" -t Test:NOPE -g "$FIX" -o "$E/x.pdf"
expect_error "round glabels template" "only rectangular" -t Test:ROUND -g "$FIX" -o "$E/x.pdf"
expect_error "broken equiv" "MISSING is missing" -t Test:BROKEN -g "$FIX" -o "$E/x.pdf"
expect_error "no glabels library" "glabels template library" -t Test:SHEET -g "$TMP/none" -o "$E/x.pdf"
expect_error "missing directory" "cannot write $E/no/such/dir/x.pdf" -o "$E/no/such/dir/x.pdf"
mkdir -p "$E/adir"
# Output path is a directory: the PDF is written, the rename fails, and
# the temporary file must be gone.
"$RENDER" -n 3 -o "$E/adir" >/dev/null 2>"$TMP/adir.err"
st=$?
if [ "$st" -ne 1 ] || ! grep -q "cannot write $E/adir" "$TMP/adir.err"; then
    fail "output is a directory: status $st, $(cat "$TMP/adir.err")"
elif [ "$(ls -A "$E")" != "adir" ] || [ -n "$(ls -A "$E/adir")" ]; then
    fail "output is a directory: left behind: $(ls -A "$E" "$E/adir")"
else
    pass "error: output is a directory (nothing left behind)"
fi
rm -rf "$E"
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
    expect_error "read-only directory" "cannot write $TMP/ro/x.pdf" -o "$TMP/ro/x.pdf"
    [ -z "$(ls -A "$TMP/ro")" ] || fail "read-only directory: files left behind"
    chmod 755 "$TMP/ro"
fi
expect_error "missing font" "cannot open font $TMP/none.ttf" -f "$TMP/none.ttf" -o "$E/x.pdf"
echo "not a font" >"$TMP/bad.ttf"
expect_error "not a font" "is not a TrueType font" -f "$TMP/bad.ttf" -o "$E/x.pdf"
expect_error "font is a directory" "cannot open font" -f "$TMP" -o "$E/x.pdf"
expect_error "labels too small" "too small for a QR code" -t Test:TINY -g "$FIX" -o "$E/x.pdf"
expect_error "tag too long for the label" "too long for a QR code on template L7651" -t L7651 -w 120 -n 2 -o "$E/x.pdf"
expect_error "tag too long for any QR code" "too long for a QR code" -t L7163 -w 4000 -n 1 -o "$E/x.pdf"
expect_error "start beyond the sheet" "start position 22" -s 22 -o "$E/x.pdf"
expect_error "start on a thermal page" "start position 2" -t 62x29 -s 2 -o "$E/x.pdf"
expect_error "too many copies" "copies must be between" -c 5000 -o "$E/x.pdf"
expect_error "no records" "no labels to print" -n 0 -o "$E/x.pdf"
if [ -d "$GLABELS" ]; then
    expect_error "Avery:8658 too small" "too small for a QR code" -t Avery:8658 -o "$E/x.pdf"
fi

finish
