#!/bin/sh
# labels_cmd.sh: the `labels` command: selections, options, the PDF it
# writes (every QR code scans to its tag at its position, Cyrillic text,
# owner and funding lines), the "label printed" events, printing through
# lp, and every error (exit status, message, nothing written, database
# unchanged).
. "$TESTLIB"

CROP=$BUILD/tools/labels_crop

if ! inv labels --list-templates >"$WORK/list.txt" 2>&1; then
    fail "the labels command is not available in $INVENTAR_BIN (add its row to the command table of src/main.c)"
    sed 's/^/  /' "$WORK/list.txt" | head -3
    finish
fi
for t in L7160 L7163 L7651 70x37 62x29 50x25 57x32; do
    expect_contains "--list-templates lists $t" "$t" "$(cat "$WORK/list.txt")"
done
expect_contains "--list-templates gives sizes" "63.5 x 38.1 mm" "$(cat "$WORK/list.txt")"

# ---- a small world ----
setup_world
inv funding add BG05M9OP001-3.006-0001 'Компютърни конфигурации за социални работници' \
    --programme 'ОП „Развитие на човешките ресурси“ 2014-2020' >/dev/null
inv asset add --kind computer --tag PC-0001 --make Lenovo --model 'ThinkCentre M70s' \
    --office DSP-LOV --funding BG05M9OP001-3.006-0001 >/dev/null
inv asset add --kind computer --tag PC-0002 --make Dell --model 'OptiPlex 7010' \
    --office DSP-LOV --funding BG05M9OP001-3.006-0001 >/dev/null
inv asset add --kind tablet --tag TAB-0001 --make Samsung --model 'Galaxy Tab A8' \
    --office RDSA-11 >/dev/null
inv asset add --kind tablet --tag TAB-0002 --make Samsung --model 'Galaxy Tab A8' \
    --office RDSA-26 >/dev/null
inv asset add --kind vehicle --tag VEH-0001 --make Dacia --model Duster >/dev/null

# decode PDF TEMPLATE: "position tag" for every label of page 1.
decode() {
    rm -f "$WORK"/dec-*
    pdftoppm -r 300 -f 1 -l 1 "$1" "$WORK/dec" 2>/dev/null
    img=$(ls "$WORK"/dec-*.ppm 2>/dev/null | head -1)
    [ -n "$img" ] || return 1
    n=$("$CROP" -t "$2" -r 300 "$img" "$WORK/dec-crop") || return 1
    i=1 files=""
    while [ "$i" -le "$n" ]; do files="$files $WORK/dec-crop-$i.ppm"; i=$((i + 1)); done
    # shellcheck disable=SC2086
    zbarimg --xml -q --nodbus $files 2>/dev/null |
        sed -n "s/.*href='[^']*-crop-\([0-9]*\)\.ppm'.*/H \1/p; s/.*CDATA\[\([^]]*\)\].*/D \1/p" |
        awk '$1 == "H" { cur = $2; next } $1 == "D" { print cur, $2 }' | sort -n
}

# ---- explicit tags: their order, --start, --copies ----
expect_exit "labels for two tags" 0 inv labels TAB-0002 PC-0001 --start 3 --copies 2 \
    -o "$WORK/two.pdf"
expect_contains "... reports labels and pages" "4 labels" "$OUT_TXT"
got=$(decode "$WORK/two.pdf" L7160 | tr '\n' ' ')
expect_eq "positions 3-6 hold the tags in the order given, copies together" \
    "3 TAB-0002 4 TAB-0002 5 PC-0001 6 PC-0001 " "$got"
n=$(inv history PC-0001 --format csv | grep -c label_printed)
expect_eq "one label_printed event per asset, whatever the copies" 1 "$n"
n=$(inv history VEH-0001 --format csv | grep -c label_printed)
expect_eq "no event for assets not printed" 0 "$n"
txt=$(pdftotext "$WORK/two.pdf" - 2>/dev/null)
expect_contains "the owner line defaults to АСП" "АСП" "$txt"
expect_contains "Cyrillic office names are extractable" "РДСП Хасково" "$txt"
expect_contains "the kind is printed by name" "Компютърна конфигурация" "$txt"
expect_not_contains "no funding line unless asked" "BG05M9OP001" "$txt"

# ---- selections ----
expect_exit "--office --recursive" 0 inv labels --office RDSA-11 --recursive \
    --owner 'Община Ловеч' --funding-line -o "$WORK/office.pdf"
expect_contains "... three assets under RDSA-11" "3 labels" "$OUT_TXT"
got=$(decode "$WORK/office.pdf" L7160 | awk '{ print $2 }' | sort | tr '\n' ' ')
expect_eq "... they are the ones printed" "PC-0001 PC-0002 TAB-0001 " "$got"
txt=$(pdftotext "$WORK/office.pdf" - 2>/dev/null)
expect_contains "--owner replaces the owner line" "Община Ловеч" "$txt"
expect_contains "--funding-line prints the project" "BG05M9OP001-3.006-0001" "$txt"
expect_exit "--kind" 0 inv labels --kind 'таблет' --template 62x29 -o "$WORK/kind.pdf"
expect_contains "... two tablets on two thermal pages" "2 labels on 2 pages" "$OUT_TXT"
expect_exit "--status and --search" 0 inv labels --status in_stock --search dacia \
    --template L7651 -o "$WORK/veh.pdf"
got=$(decode "$WORK/veh.pdf" L7651 | tr '\n' ' ')
expect_eq "... finds the vehicle in stock" "1 VEH-0001 " "$got"
echo PC-0002 | inv labels - -o "$WORK/stdin.pdf" >/dev/null
got=$(decode "$WORK/stdin.pdf" L7160 | tr '\n' ' ')
expect_eq "tags from stdin with -" "1 PC-0002 " "$got"
INVENTAR_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf \
    inv labels PC-0001 -o "$WORK/serif.pdf" >/dev/null
expect_contains "INVENTAR_FONT chooses the font" "DejaVuSerif" \
    "$(pdffonts "$WORK/serif.pdf" 2>/dev/null)"

# ---- printing ----
# lp runs from /usr/bin with a clean environment (no stand-in on PATH can
# take its place): printing through a real CUPS queue is tested in
# labels_print.sh.

# ---- errors: exit 1 (2 for usage), a message, nothing written ----
before=$(db_digest)
expect_exit "no selection is a usage error" 2 inv labels -o "$WORK/e.pdf"
expect_exit "no output is a usage error" 2 inv labels PC-0001
expect_exit "--start 0 is a usage error" 2 inv labels PC-0001 --start 0 -o "$WORK/e.pdf"
expect_exit "an empty selection fails" 1 inv labels --search nosuchthing -o "$WORK/e.pdf"
expect_contains "... saying so" "no assets match" "$ERR_TXT"
expect_exit "an unknown tag fails" 1 inv labels PC-0001 NOPE-1 -o "$WORK/e.pdf"
expect_contains "... naming it" "NOPE-1" "$ERR_TXT"
expect_exit "an unknown office fails" 1 inv labels --office NOWHERE -o "$WORK/e.pdf"
expect_exit "an unknown template fails" 1 inv labels PC-0001 --template A9999 -o "$WORK/e.pdf"
expect_contains "... naming it" "A9999" "$ERR_TXT"
expect_exit "--start beyond the sheet fails" 1 inv labels PC-0001 --start 22 -o "$WORK/e.pdf"
expect_exit "an unwritable output fails" 1 inv labels PC-0001 -o "$WORK/no/such/dir/e.pdf"
expect_contains "... naming the file" "$WORK/no/such/dir/e.pdf" "$ERR_TXT"
expect_exit "a missing --font fails" 1 inv labels PC-0001 --font "$WORK/none.ttf" -o "$WORK/e.pdf"
expect_contains "... naming the font" "$WORK/none.ttf" "$ERR_TXT"
expect_exit "a missing INVENTAR_FONT fails" 1 env INVENTAR_FONT="$WORK/none.ttf" \
    "$INVENTAR_BIN" --db "$DB" --user tester labels PC-0001 -o "$WORK/e.pdf"
mkdir -p "$WORK/glabels"
cat >"$WORK/glabels/tiny.xml" <<'EOF'
<?xml version="1.0"?>
<Glabels-templates>
  <Template brand="Tiny" part="1" size="Other" width="60mm" height="20mm">
    <Label-rectangle id="0" width="20mm" height="9mm" round="0">
      <Layout nx="2" ny="2" x0="0" y0="0" dx="22mm" dy="10mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
EOF
expect_exit "labels too small for a QR code fail" 1 env INVENTAR_GLABELS_DIR="$WORK/glabels" \
    "$INVENTAR_BIN" --db "$DB" --user tester labels PC-0001 --template Tiny:1 -o "$WORK/e.pdf"
expect_contains "... saying why" "too small for a QR code" "$ERR_TXT"
mkdir -p "$HOME"
expect_exit "--print to a missing queue fails" 1 \
    "$INVENTAR_BIN" --db "$DB" --user tester labels PC-0001 --print=no-such-queue-$$
expect_contains "... naming it" "no-such-queue-$$" "$ERR_TXT"
expect_eq "no PDF is left after any failure" "" "$(ls -A "$WORK" | grep '^e\.pdf\|^\.e\.pdf')"
expect_eq "failures record no events" "$before" "$(db_digest)"

finish
