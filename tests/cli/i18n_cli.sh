#!/bin/sh
# i18n_cli.sh: the locale decides the language of the command line.
# Under bg_BG.UTF-8 the command summaries, errors and usage errors are in
# Bulgarian, in the glossary's terms (po/README); under C.UTF-8 the same
# paths are in English; LANGUAGE=en overrides LC_ALL=bg_BG.UTF-8 for
# messages, as in every gettext program; JSON keys stay English in both.
# (The runner exports LC_ALL=C.UTF-8 and unsets LANGUAGE.)
. "$TESTLIB"

if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    fail "the bg_BG.UTF-8 locale is installed (make deps-test generates it)"
    finish
fi

bg() { LC_ALL=bg_BG.UTF-8 "$@"; }
en() { LC_ALL=C.UTF-8 "$@"; }

# Some Cyrillic in TEXT: a message that was translated, whatever its words.
# (Its vowels, listed: a range such as А-Я is a collation error in grep.)
has_cyrillic() { printf '%s\n' "$1" | LC_ALL=C.UTF-8 grep -q '[аеиоуъюяАЕИОУЪЮЯ]'; }

# ---- inventar --help: the command summaries ----
expect_exit "--help in Bulgarian exits 0" 0 bg "$INVENTAR_BIN" --help
expect_contains "--help: offices are звена" "звена" "$OUT_TXT"
expect_contains "--help: assets are активи" "активи" "$OUT_TXT"
expect_contains "--help: stock checks are инвентаризации" "инвентаризаци" "$OUT_TXT"
expect_contains "--help: the database is база данни" "база данни" "$OUT_TXT"
expect_contains "--help keeps the command names" "  office " "$OUT_TXT"
expect_not_contains "--help has no English summary left" "manage offices" "$OUT_TXT"
expect_exit "--help in English exits 0" 0 en "$INVENTAR_BIN" --help
expect_contains "--help in English: manage offices" "manage offices" "$OUT_TXT"
expect_contains "--help in English: stock checks" "stock checks" "$OUT_TXT"
expect_contains "--help in English: usage" "usage: inventar [--db PATH]" "$OUT_TXT"

# ---- an unknown command, with a suggestion ----
expect_exit "unknown command in Bulgarian exits 2" 2 bg "$INVENTAR_BIN" asett
expect_contains "unknown command: the error starts inventar:" "inventar: " "$ERR_TXT"
expect_contains "unknown command: names it and the nearest one" "'asett'" "$ERR_TXT"
expect_contains "unknown command: suggests asset" "'asset'" "$ERR_TXT"
if has_cyrillic "$(printf '%s\n' "$ERR_TXT" | head -n 1)"; then
    pass "unknown command: the error is in Bulgarian"
else fail "unknown command: the error is in Bulgarian"; printf '  %s\n' "$ERR_TXT" | head -n 2; fi
expect_not_contains "unknown command: no English left" "unknown command" "$ERR_TXT"
expect_exit "unknown command in English exits 2" 2 en "$INVENTAR_BIN" asett
expect_contains "unknown command in English" "inventar: unknown command 'asett'; did you mean 'asset'?" "$ERR_TXT"

# ---- a database that does not exist: nothing is created ----
NONE="$WORK/missing.db"
expect_exit "missing database in Bulgarian exits 1" 1 bg "$INVENTAR_BIN" --db "$NONE" asset list
expect_contains "missing database: names the path" "inventar: " "$ERR_TXT"
expect_contains "missing database: names the file" "$NONE" "$ERR_TXT"
expect_contains "missing database: says база данни" "база данни" "$ERR_TXT"
expect_contains "missing database: says how to create one" "inventar --db $NONE init" "$ERR_TXT"
expect_exit "missing database in English exits 1" 1 en "$INVENTAR_BIN" --db "$NONE" asset list
expect_contains "missing database in English" "inventar: no database at $NONE" "$ERR_TXT"
if [ -e "$NONE" ]; then fail "no database was created"; else pass "no database was created"; fi

# ---- a usage error: an unknown status ----
setup_world || fail "setup_world"
tag=$(inv asset add --kind tablet --office DSP-LOV --serial SN-I18N-1)
expect_exit "usage error in Bulgarian exits 2" 2 bg inv asset list --status bogus
expect_contains "usage error: status is състояние" "състояние 'bogus'" "$ERR_TXT"
expect_contains "usage error: the usage line names the command" "inventar asset list" "$ERR_TXT"
expect_not_contains "usage error: no English left" "unknown status" "$ERR_TXT"
expect_exit "usage error in English exits 2" 2 en inv asset list --status bogus
expect_contains "usage error in English" "unknown status 'bogus'" "$ERR_TXT"
expect_contains "usage error in English: usage line" "usage: inventar asset list" "$ERR_TXT"

# ---- JSON stays language-neutral ----
id=$(inv check start --office DSP-LOV)
inv check scan "$id" "$tag" >/dev/null
expect_exit "check status as JSON in Bulgarian" 0 bg inv check status "$id" --format json
json_bg=$OUT_TXT
for k in expected found missing unexpected unknown duplicate; do
    expect_contains "check status JSON key $k under bg_BG" "\"$k\"" "$json_bg"
done
expect_exit "check status as JSON in English" 0 en inv check status "$id" --format json
expect_eq "check status JSON is the same in both languages" "$json_bg" "$OUT_TXT"
expect_exit "asset show as JSON in Bulgarian" 0 bg inv asset show "$tag" --format json
json_bg=$OUT_TXT
expect_contains "asset JSON: the status code stays in English" '"assigned"' "$json_bg"
expect_exit "asset show as JSON in English" 0 en inv asset show "$tag" --format json
expect_eq "asset show JSON is the same in both languages" "$json_bg" "$OUT_TXT"

# ---- which variable decides ----
expect_exit "LANGUAGE=en over LC_ALL=bg_BG.UTF-8" 0 env LANGUAGE=en LC_ALL=bg_BG.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LANGUAGE=en over LC_ALL=bg_BG.UTF-8: English" "manage offices" "$OUT_TXT"
expect_exit "LANG=bg_BG.UTF-8 alone" 0 env -u LC_ALL LANG=bg_BG.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LANG=bg_BG.UTF-8 alone: Bulgarian" "звена" "$OUT_TXT"
expect_exit "LC_MESSAGES=C.UTF-8 over LANG=bg_BG.UTF-8" 0 \
    env -u LC_ALL LANG=bg_BG.UTF-8 LC_MESSAGES=C.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LC_MESSAGES=C.UTF-8 over LANG=bg_BG.UTF-8: English" "manage offices" "$OUT_TXT"

finish
