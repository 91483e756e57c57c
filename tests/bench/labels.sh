#!/bin/sh
# labels.sh: QR labels as PDF, against glabels.
#
# 10,000 labels on Avery L7160 (records with Cyrillic kind, office and
# funding lines) rendered by the labels/ library (tools/labels_render),
# and, when the inventar binary has the `labels` command, through
# `inventar labels` on a demo database (selection, rendering and the
# "label printed" events together). glabels-3-batch renders 1,000 of the
# same records (merged from CSV) onto the same sheet with a QR code and
# the same text; it is slow, so it gets fewer and is compared per label.
# Prints absolute times, time and bytes per label and the ratio; asserts
# nothing (goals: under 1 s for 10,000, at least 150 times faster than
# glabels, at most 500 bytes a label).
#
# Env (tests/bench/run.sh sets them): BUILD, WORK, INVENTAR_BIN.
# LABELS_BENCH_N and LABELS_BENCH_GLABELS_N change the counts.
set -u

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/labels-bench.XXXXXX")}
N=${LABELS_BENCH_N:-10000}
GN=${LABELS_BENCH_GLABELS_N:-1000}
RUNS=3
RENDER=$BUILD/tools/labels_render
cd "$WORK" || exit 1

[ -x "$RENDER" ] || { echo "labels: $RENDER is not built"; exit 1; }

now_ns() { date +%s%N; }
# per N MS: milliseconds per item, 3 decimals.
per() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.3f", t / n }'; }

# ---- ours: the library ----
best=""
for i in $(seq 1 $RUNS); do
    t0=$(now_ns)
    "$RENDER" -t L7160 -n "$N" -F -o ours.pdf >ours.log 2>&1 ||
        { echo "labels: labels_render failed: $(cat ours.log)"; exit 1; }
    t1=$(now_ns)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
bytes=$(stat -c %s ours.pdf)
pages=$(awk '{ print $4 }' ours.log)
echo "inventar labels/ library: $N labels on L7160 ($pages pages) in $best ms" \
     "(best of $RUNS, whole process), $(per "$N" "$best") ms a label," \
     "$bytes bytes = $(awk -v b="$bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') bytes a label"
ours_ms=$best

# ---- ours: the whole command on a database ----
if [ -n "${INVENTAR_BIN:-}" ] && [ -x "$INVENTAR_BIN" ] &&
   "$INVENTAR_BIN" --db "$WORK/probe.db" labels --list-templates >/dev/null 2>&1; then
    scale=$(( N / 1600 + 1 ))
    "$INVENTAR_BIN" --db "$WORK/demo.db" demo --scale "$scale" >/dev/null 2>&1 &&
    "$INVENTAR_BIN" --db "$WORK/demo.db" asset list --format csv --limit "$N" |
        tail -n +2 | cut -d, -f1 >tags.txt
    if [ "$(wc -l <tags.txt)" -eq "$N" ]; then
        best=""
        for i in $(seq 1 $RUNS); do
            t0=$(now_ns)
            "$INVENTAR_BIN" --db "$WORK/demo.db" labels - --funding-line -o cli.pdf \
                <tags.txt >cli.log 2>&1 || { echo "labels: inventar labels failed: $(cat cli.log)"; break; }
            t1=$(now_ns)
            ms=$(( (t1 - t0) / 1000000 ))
            if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        done
        if [ -n "$best" ] && [ -f cli.pdf ]; then
            cbytes=$(stat -c %s cli.pdf)
            echo "inventar labels (command, demo data, events recorded): $N labels in $best ms" \
                 "(best of $RUNS), $(per "$N" "$best") ms a label," \
                 "$(awk -v b="$cbytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') bytes a label"
        fi
    else
        echo "note: could not select $N demo assets; command not timed"
    fi
else
    echo "note: ${INVENTAR_BIN:-inventar} has no labels command; only the library is timed"
fi

# ---- glabels ----
if ! command -v glabels-3-batch >/dev/null 2>&1; then
    echo "note: glabels-3-batch is not installed (make deps-bench); no ratio"
    exit 0
fi
"$RENDER" -t L7160 -n "$GN" -F -C records.csv -o ours-small.pdf >/dev/null 2>&1 ||
    { echo "labels: cannot write the merge CSV"; exit 1; }
# The sheet as glabels defines Avery L7160 (avery-iso-templates.xml); a
# QR code (libqrencode backend) of the tag left, the text lines right.
cat >labels.glabels <<'EOF'
<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Avery" part="L7160" size="A4" description="Mailing labels">
    <Label-rectangle id="0" width="181.4pt" height="108pt" round="5pt" x_waste="0pt" y_waste="0pt">
      <Markup-margin size="5pt"/>
      <Layout nx="3" ny="7" x0="21.2pt" y0="43.9pt" dx="187.2pt" dy="108pt"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
    <Object-barcode x="3pt" y="13pt" w="81pt" h="81pt" backend="libqrencode" style="IEC18004"
        text="False" checksum="True" color="0xff" field="tag"
        a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
    <Object-text x="88pt" y="4pt" w="89pt" h="100pt" justify="Left" valign="Center" auto_shrink="True"
        a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span font_family="DejaVu Sans" font_size="8" font_weight="Regular" font_italic="False"
          color="0xff" line_spacing="1"><Field name="tag"/><NL/><Field name="owner"/><NL/><Field name="line"/><NL/><Field name="office"/><NL/><Field name="funding"/></Span>
    </Object-text>
  </Objects>
  <Merge type="Text/Comma/Line1Keys" src="records.csv"/>
</Glabels-document>
EOF
t0=$(now_ns)
glabels-3-batch -o glabels.pdf labels.glabels >glabels.log 2>&1
st=$?
t1=$(now_ns)
if [ "$st" -ne 0 ] || [ ! -s glabels.pdf ]; then
    echo "labels: glabels-3-batch failed ($st): $(tail -3 glabels.log)"
    exit 1
fi
gms=$(( (t1 - t0) / 1000000 ))
gbytes=$(stat -c %s glabels.pdf)
gpages=$(pdfinfo glabels.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')
echo "glabels-3-batch: $GN labels on L7160 (${gpages:-?} pages) in $gms ms," \
     "$(per "$GN" "$gms") ms a label," \
     "$(awk -v b="$gbytes" -v n="$GN" 'BEGIN { printf "%.0f", b / n }') bytes a label"
awk -v o="$ours_ms" -v n="$N" -v g="$gms" -v gn="$GN" 'BEGIN {
    ours = o / n; theirs = g / gn
    printf "ratio: inventar is %.0f times faster than glabels per label" \
           " (glabels would need %.1f s for %d labels)\n", theirs / ours, theirs * n / 1000, n
}'
