#!/bin/sh
# po_complete.sh: the Bulgarian catalog is complete. Every string marked
# for translation in src/, tui/, labels/ and include/ (extracted afresh,
# with the keywords of `make pot`) has a translation in po/bg.po that is
# neither empty nor fuzzy, and msgfmt --check accepts the catalog (the
# format directives of each translation match the English ones). A
# failure lists the first msgids to translate (po/README says how).
. "$TESTLIB"
PO="$ROOT/po/bg.po"
FRESH="$WORK/fresh.pot"
SHOW=8   # how many offending msgids a failure lists

# The msgids of a .po/.pot file, one a line ("[context] " before those with
# one), the header left out. Continuation lines are joined.
po_msgids() {
    awk '
    function flush() { if (have && id != "\"\"") print ctx id; have = 0; id = ""; ctx = ""; inid = 0 }
    /^msgctxt / { ctx = "[" substr($0, 9) "] "; next }
    /^msgid_plural/ { inid = 0; next }
    /^msgid / { id = substr($0, 7); have = 1; inid = 1; next }
    /^"/ { if (inid) id = substr(id, 1, length(id) - 1) substr($0, 2); next }
    /^msgstr/ { inid = 0; next }
    /^$/ { flush() }
    END { flush() }' "$1"
}

# list_first WHAT FILE: print the first $SHOW lines of FILE, and how many
# more there are.
list_first() {
    n=$(grep -c . "$2")
    head -n "$SHOW" "$2" | sed 's/^/  /'
    [ "$n" -gt "$SHOW" ] && echo "  ... and $((n - SHOW)) more $1"
    return 0
}

if [ ! -f "$PO" ]; then
    fail "po/bg.po exists"
    finish
fi

if msgfmt --check -o "$WORK/bg.mo" "$PO" 2>"$WORK/msgfmt.err"; then
    pass "msgfmt --check accepts po/bg.po"
else
    fail "msgfmt --check accepts po/bg.po"
    head -n "$SHOW" "$WORK/msgfmt.err" | sed 's/^/  /'
fi

if ! sh "$ROOT/scripts/pot.sh" "$FRESH" 2>"$WORK/pot.err"; then
    fail "xgettext extracts the marked strings"
    sed 's/^/  /' "$WORK/pot.err" | head -n "$SHOW"
    finish
fi
n=$(po_msgids "$FRESH" | grep -c .)
if [ "$n" -gt 100 ]; then pass "xgettext extracts the marked strings ($n)"; else
    fail "xgettext extracts the marked strings (only $n)"; fi

# Missing: in the sources, not in po/bg.po at all (a string added or
# changed since the last msgmerge).
msgcmp --use-untranslated --use-fuzzy "$PO" "$FRESH" >"$WORK/msgcmp.out" 2>&1
rc=$?
po_msgids "$FRESH" | LC_ALL=C sort -u >"$WORK/wanted"
po_msgids "$PO" | LC_ALL=C sort -u >"$WORK/have"
LC_ALL=C comm -23 "$WORK/wanted" "$WORK/have" >"$WORK/missing"
if [ "$rc" -eq 0 ] && [ ! -s "$WORK/missing" ]; then
    pass "every marked string is in po/bg.po"
else
    fail "every marked string is in po/bg.po (run make pot; msgmerge --update po/bg.po po/inventar.pot)"
    if [ -s "$WORK/missing" ]; then list_first "missing" "$WORK/missing"
    else head -n "$SHOW" "$WORK/msgcmp.out" | sed 's/^/  /'; fi
fi

# Untranslated and fuzzy entries (obsolete ones don't count).
# (msgattrib writes no file when nothing is left.)
: >"$WORK/untranslated.po"; : >"$WORK/fuzzy.po"
msgattrib --untranslated --no-obsolete -o "$WORK/untranslated.po" "$PO"
po_msgids "$WORK/untranslated.po" >"$WORK/untranslated"
if [ ! -s "$WORK/untranslated" ]; then
    pass "every string in po/bg.po is translated"
else
    fail "every string in po/bg.po is translated ($(grep -c . "$WORK/untranslated") are not)"
    list_first "untranslated" "$WORK/untranslated"
fi

msgattrib --only-fuzzy --no-obsolete -o "$WORK/fuzzy.po" "$PO"
po_msgids "$WORK/fuzzy.po" >"$WORK/fuzzy"
if [ ! -s "$WORK/fuzzy" ]; then
    pass "no translation in po/bg.po is fuzzy"
else
    fail "no translation in po/bg.po is fuzzy ($(grep -c . "$WORK/fuzzy") are)"
    list_first "fuzzy" "$WORK/fuzzy"
fi

finish
