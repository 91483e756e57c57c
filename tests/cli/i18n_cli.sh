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

# ---- an act's result line, counted through ngettext ----
for i in 1 2 3 4 5 6 7 8; do
    inv asset add --kind tablet --tag "ACT-$i" --office ASP-WH --cost '2 414,59' --currency BGN \
        --purchase-date 2021-03-15 >/dev/null
done
expect_exit "assign one asset in Bulgarian" 0 bg inv assign --to RDSA-11 ACT-1
expect_eq "one asset: the singular in Bulgarian" "1 актив е зачислен в звено RDSA-11" "$OUT_TXT"
expect_exit "assign three assets in Bulgarian" 0 bg inv assign --yes --to RDSA-11 ACT-2 ACT-3 ACT-4
expect_eq "three assets: the plural in Bulgarian" "3 актива са зачислени в звено RDSA-11" "$OUT_TXT"
expect_exit "assign one asset in English" 0 en inv assign --to RDSA-26 ACT-5
expect_eq "one asset in English" "1 asset assigned to RDSA-26" "$OUT_TXT"
expect_exit "assign three assets in English" 0 en inv assign --yes --to RDSA-26 ACT-6 ACT-7 ACT-8
expect_eq "three assets in English" "3 assets assigned to RDSA-26" "$OUT_TXT"
expect_exit "a status for one asset in Bulgarian" 0 bg inv status in-repair ACT-1
expect_eq "... names the status in words" '1 актив вече е в състояние „в ремонт“' "$OUT_TXT"
expect_exit "a status for one asset in English" 0 en inv status in-repair ACT-5
expect_eq "... in English" '1 asset now has the status "in repair"' "$OUT_TXT"
expect_exit "the same status again in Bulgarian" 1 bg inv status in-repair ACT-1
expect_contains "... is refused in words, not the code" 'ACT-1: състоянието вече е „в ремонт“' "$ERR_TXT"
expect_not_contains "... no raw status code" "in_repair" "$ERR_TXT"

# ---- a stock check's scan result lines ----
# The result code stays first in every language (scripts read it); what
# the line says about the asset is translated.
cid=$(inv check start --office ASP-WH)
expect_exit "check scan in Bulgarian" 0 bg inv check scan "$cid" ACT-2 ACT-2 NO-SUCH-1
expect_contains "an unexpected asset: where it is recorded, in Bulgarian" \
    "unexpected ACT-2  Таблет (записан в RDSA-11 РДСП Ловеч)" "$OUT_TXT"
expect_contains "a duplicate: its first result in words" \
    "duplicate ACT-2  Таблет (сканиран преди това: от друго звено)" "$OUT_TXT"
expect_contains "an unknown code" "unknown NO-SUCH-1" "$OUT_TXT"
expect_exit "check scan in English" 0 en inv check scan "$cid" ACT-6
expect_contains "an unexpected asset in English" \
    "unexpected ACT-6  Таблет (recorded at RDSA-26 РДСП Хасково)" "$OUT_TXT"
expect_exit "check close in Bulgarian" 0 bg inv check close "$cid"
expect_contains "check close: one sentence in Bulgarian" \
    "инвентаризация № $cid е приключена: очаквани 0, намерени 0, липсващи 0, от друго звено 2, непознати кодове 1, повторно сканирани 1" \
    "$OUT_TXT"
expect_exit "check list in Bulgarian" 0 bg inv check list --format table
expect_contains "check list: the state in words" "приключена" "$OUT_TXT"
expect_exit "check list as CSV in Bulgarian" 0 bg inv check list --format csv
expect_contains "check list CSV keeps the state's code" ",closed," "$OUT_TXT"

# ---- the history: dates, event words and amounts as people read them ----
env INVENTAR_NOW=2026-03-01T02:00:00Z "$INVENTAR_BIN" --db "$DB" --user tester \
    asset edit ACT-1 --cost '3 000,00' --currency BGN >/dev/null
expect_exit "history as a table in Bulgarian" 0 env TZ=Europe/Sofia LC_ALL=bg_BG.UTF-8 \
    "$INVENTAR_BIN" --db "$DB" history ACT-1 --format table
hist=$OUT_TXT
expect_contains "history: the event words in Bulgarian" "зачисляване" "$hist"
expect_contains "history: the status in words" "в ремонт" "$hist"
expect_contains "history: dates as dd.mm.yyyy" "01.03.2026" "$hist"
# (An event is never recorded before the one it follows, so the edit's
# moment is now; its date is that of INVENTAR_NOW.)
if printf '%s\n' "$hist" | grep -q '[0-3][0-9]\.[01][0-9]\.20[0-9][0-9] [0-2][0-9]:[0-5][0-9]'; then
    pass "history: when it was recorded as dd.mm.yyyy HH:MM"
else fail "history: when it was recorded as dd.mm.yyyy HH:MM"; fi
expect_contains "history: the field's name in Bulgarian" "стойност: " "$hist"
expect_contains "history: an amount in euro first, leva beside, comma decimals" \
    "1 234,56 EUR (2 414,59 BGN)" "$hist"
expect_not_contains "history: no raw minor units" "241459" "$hist"
expect_not_contains "history: no ISO date" "2026-03-01" "$hist"
expect_exit "history as a table in English" 0 env TZ=Europe/Sofia LC_ALL=C.UTF-8 \
    "$INVENTAR_BIN" --db "$DB" history ACT-1 --format table
expect_contains "history in English: event words" "assigned" "$OUT_TXT"
expect_contains "history in English: ISO dates" "2026-03-01" "$OUT_TXT"
if printf '%s\n' "$OUT_TXT" | grep -q '20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'; then
    pass "history in English: when it was recorded as YYYY-MM-DD HH:MM"
else fail "history in English: when it was recorded as YYYY-MM-DD HH:MM"; fi
expect_contains "history in English: the amount" "cost: 1,234.56 EUR (2,414.59 BGN)" "$OUT_TXT"
expect_exit "history as JSON in Bulgarian" 0 bg inv history ACT-1 --format json
expect_contains "history JSON keeps the stored cost" '"cost":["241459 BGN","300000 BGN"]' "$OUT_TXT"
expect_contains "history JSON keeps the type's code" '"type":"assigned"' "$OUT_TXT"

# ---- errors from the core: a date in the messages' format ----
expect_exit "a funding project ending before it starts, in Bulgarian" 1 \
    bg inv funding add P-1 'Проект' --from 2024-05-01 --to 2024-04-01
expect_contains "... both dates as dd.mm.yyyy" "(01.04.2024) е преди началната (01.05.2024)" "$ERR_TXT"
expect_exit "the same in English" 1 en inv funding add P-1 'Проект' --from 2024-05-01 --to 2024-04-01
expect_contains "... ISO dates in English" "it ends (2024-04-01) before it starts (2024-05-01)" "$ERR_TXT"

# ---- which variable decides ----
expect_exit "LANGUAGE=en over LC_ALL=bg_BG.UTF-8" 0 env LANGUAGE=en LC_ALL=bg_BG.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LANGUAGE=en over LC_ALL=bg_BG.UTF-8: English" "manage offices" "$OUT_TXT"
expect_exit "LANG=bg_BG.UTF-8 alone" 0 env -u LC_ALL LANG=bg_BG.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LANG=bg_BG.UTF-8 alone: Bulgarian" "звена" "$OUT_TXT"
expect_exit "LC_MESSAGES=C.UTF-8 over LANG=bg_BG.UTF-8" 0 \
    env -u LC_ALL LANG=bg_BG.UTF-8 LC_MESSAGES=C.UTF-8 "$INVENTAR_BIN" --help
expect_contains "LC_MESSAGES=C.UTF-8 over LANG=bg_BG.UTF-8: English" "manage offices" "$OUT_TXT"

# A kind's own fields in a table read as words; JSON keeps its keys.
inv asset add --kind vehicle --tag VEH-I18N --office DSP-LOV --attr 'plate=Х 1234 ВХ' \
    --attr year=2020 >/dev/null || fail "add VEH-I18N"
expect_exit "asset show of a vehicle in Bulgarian" 0 bg inv asset show VEH-I18N --format table
expect_contains "the plate in words" "рег. номер: Х 1234 ВХ" "$OUT_TXT"
expect_contains "the year in words" "година: 2020" "$OUT_TXT"
expect_not_contains "no raw key plate" "plate:" "$OUT_TXT"
expect_exit "asset show as JSON in Bulgarian" 0 bg inv asset show VEH-I18N --format json
expect_contains "JSON keeps the key" '"plate"' "$OUT_TXT"
finish
