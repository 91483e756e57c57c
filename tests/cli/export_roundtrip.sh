# Export and restore: a world built with the command line (every kind, a
# user kind, attributes, acts of every sort, edits, a stock check,
# Cyrillic, a description with a newline, quotes and commas) is exported,
# imported into a fresh database and exported again: byte-identical, in
# JSON and in CSV, and JSON -> restore -> CSV equals the original's CSV.
# A doctored export is refused naming the event or asset; nothing is
# ever half-restored.
. "$TESTLIB"

setup_world
inv office add FO-HKV 'Фронт офис "Хасково", ул. Раковски 1' --kind front --parent RDSA-26 \
    --address $'бул. "България" 12,\nет. 2' >/dev/null
inv office add SVC-OLD 'Закрита услуга' --kind service --parent DSP-LOV >/dev/null
inv office edit SVC-OLD --deactivate >/dev/null
inv kind add mfd 'Мултифункционално устройство' --prefix MFD --fields 'color,ppm' >/dev/null
inv funding add BG05M9OP001-3.006-0001 'Развитие на човешките ресурси' \
    --programme 'ОП "РЧР" 2014-2020' --amount '29 500 000,00' --currency BGN \
    --from 2016-01-01 --to 2020-12-31 --durable-until 2025-12-31 >/dev/null
inv funding add BG05SFPR002-2.002-0164 'Фронт офис Хасково' --amount '230 942,88' \
    --currency EUR >/dev/null

descr=$(printf 'Служебен автомобил, "бял",\nс климатик; 5 места')
veh=$(inv asset add --kind vehicle --make Dacia --model Duster --serial VF1HSRCA1234 \
    --office RDSA-11 --custodian 'Иван Петров' --cost '32 000,50' --currency BGN \
    --purchase-date 01.04.2019 --funding BG05M9OP001-3.006-0001 --supplier 'ДЗЗД "Авто, Сервиз"' \
    --contract 'Д-17/2019' --warranty-end 2022-04-01 --attr 'plate=ОВ 1234 ВК' \
    --attr vin=UU1HSDACN12345678 --attr year=2019 --description "$descr")
tab=$(inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --serial R52N1 \
    --attr imei=490154203237518 --office ASP-WH)
pc=$(inv asset add --kind 'компютърна конфигурация' --make Dell --model 'OptiPlex 3070' \
    --office DSP-LOV --custodian 'Мария Георгиева' --attr 'components=i5, 8 GB; SSD "256"')
mfd=$(inv asset add --kind mfd --make HP --model 'LaserJet M428' --attr color=не \
    --funding BG05SFPR002-2.002-0164 --cost 1200 --currency EUR --office FO-HKV)
inv asset add --kind tablet --tag TAB-SPARE --make Lenovo >/dev/null
inv assign --to DSP-LOV --custodian 'Георги Иванов' --doc 'ПП-12/2024' \
    --note 'предаване, "по опис"' "$veh" "$tab" >/dev/null
inv assign --to FO-HKV --custodian 'Петя' "$veh" >/dev/null
inv status in-repair --note 'счупен екран' "$tab" >/dev/null
inv asset edit "$pc" --model 'OptiPlex 3080' --attr 'components=i7, 16 GB' --note 'грешен модел' >/dev/null
inv return "$veh" >/dev/null
inv status written-off --doc 'Протокол 3/2024' "$mfd" >/dev/null
cid=$(inv check start --office DSP-LOV)
inv check scan "$cid" "$pc" "$pc" "$veh" NOPE-1 >/dev/null
inv check close "$cid" --apply >/dev/null
inv check start --office ASP-WH >/dev/null
expect_exit "the world verifies" 0 inv verify

# Deterministic: two exports of the same data are the same bytes.
inv export >"$WORK/a1.json"
inv export >"$WORK/a2.json"
expect_eq "two exports are identical" "" "$(cmp "$WORK/a1.json" "$WORK/a2.json" 2>&1)"
expect_exit "export -o FILE" 0 inv export -o "$WORK/a.json"
expect_eq "-o writes what stdout gets" "" "$(cmp "$WORK/a1.json" "$WORK/a.json" 2>&1)"
expect_eq "the export file is private (0600)" 600 "$(stat -c %a "$WORK/a.json")"
expect_contains "JSON by default" '{"format":"inventar-export","version":1' "$(head -c 60 "$WORK/a.json")"
expect_contains "Cyrillic is written as UTF-8" 'РДСП Ловеч' "$(cat "$WORK/a.json")"
inv export -o "$WORK/a.csv"
expect_eq "CSV when -o ends in .csv" "# inventar export,1" "$(head -n 1 "$WORK/a.csv")"
expect_contains "CSV sections" "[assets]" "$(cat "$WORK/a.csv")"
inv export --format csv >"$WORK/a1.csv"
expect_eq "--format csv to stdout is the same" "" "$(cmp "$WORK/a.csv" "$WORK/a1.csv" 2>&1)"
inv export --format json -o "$WORK/forced.csv"
expect_eq "--format overrides the extension" "" "$(cmp "$WORK/a.json" "$WORK/forced.csv" 2>&1)"

# JSON round trip through import into a fresh database.
R1="$WORK/r1.db"
"$INVENTAR_BIN" --db "$R1" init >/dev/null
expect_exit "import restores a JSON export" 0 "$INVENTAR_BIN" --db "$R1" import "$WORK/a.json"
"$INVENTAR_BIN" --db "$R1" export -o "$WORK/b.json"
expect_eq "JSON: export, import, export is byte-identical" "" \
    "$(cmp "$WORK/a.json" "$WORK/b.json" 2>&1)"
"$INVENTAR_BIN" --db "$R1" export -o "$WORK/b.csv"
expect_eq "JSON -> restore -> CSV equals the original's CSV" "" \
    "$(cmp "$WORK/a.csv" "$WORK/b.csv" 2>&1)"
expect_exit "the restored database verifies" 0 "$INVENTAR_BIN" --db "$R1" verify
expect_eq "the history reads the same" "$(inv history "$veh" --format csv)" \
    "$("$INVENTAR_BIN" --db "$R1" history "$veh" --format csv)"
expect_eq "what an office held reads the same" \
    "$(inv history --office DSP-LOV --at 2099-01-01 --format csv)" \
    "$("$INVENTAR_BIN" --db "$R1" history --office DSP-LOV --at 2099-01-01 --format csv)"
expect_contains "search works in the restored database (Cyrillic, any case)" "$veh" \
    "$("$INVENTAR_BIN" --db "$R1" asset list --search 'ов 1234' --format csv)"
expect_eq "the stock check survives" \
    "$(inv check status "$cid" --format json)" \
    "$("$INVENTAR_BIN" --db "$R1" check status "$cid" --format json)"
expect_eq "generated tags continue where they were" \
    "$(inv asset add --kind vehicle)" "$("$INVENTAR_BIN" --db "$R1" asset add --kind vehicle)"

# CSV round trip.
R2="$WORK/r2.db"
"$INVENTAR_BIN" --db "$R2" init >/dev/null
expect_exit "import restores a CSV export" 0 "$INVENTAR_BIN" --db "$R2" import "$WORK/a.csv"
"$INVENTAR_BIN" --db "$R2" export -o "$WORK/c.csv"
expect_eq "CSV: export, import, export is byte-identical" "" \
    "$(cmp "$WORK/a.csv" "$WORK/c.csv" 2>&1)"
expect_exit "the CSV-restored database verifies" 0 "$INVENTAR_BIN" --db "$R2" verify

# Refusals: each names what is wrong and leaves the database empty.
empty_after() { # WHAT FILE: import FILE into a new database fails, leaving it empty
    rm -f "$WORK/x.db"
    "$INVENTAR_BIN" --db "$WORK/x.db" init >/dev/null
    expect_exit "$1 is refused" 1 "$INVENTAR_BIN" --db "$WORK/x.db" import "$2"
    X_ERR=$ERR_TXT
    expect_eq "$1: nothing was restored" "0 0 0" \
        "$(sqlite3 "$WORK/x.db" 'SELECT (SELECT count(*) FROM office), (SELECT count(*) FROM asset), (SELECT count(*) FROM event)' | tr '|' ' ')"
}
n=$(grep -n '"note":"предаване' "$WORK/a.json" | head -n 1 | cut -d: -f1)
eid=$(sed -n "${n}p" "$WORK/a.json" | sed 's/^{"id":\([0-9]*\),.*/\1/')
sed "${n}s/\"note\":\"предаване/\"note\":\"подправено/" "$WORK/a.json" >"$WORK/doctored.json"
empty_after "an export with an altered event" "$WORK/doctored.json"
expect_contains "the refusal names the altered event" "event $eid (asset $veh" "$X_ERR"
expect_contains "the refusal says the hash does not match" "hash does not match" "$X_ERR"
expect_contains "the refusal names the file and line" "doctored.json:$n:" "$X_ERR"

n=$(grep -n "^{\"id\":[0-9]*,\"tag\":\"$pc\",\"kind\"" "$WORK/a.json" | cut -d: -f1)
sed "${n}s/\"office\":\"DSP-LOV\"/\"office\":\"RDSA-11\"/" "$WORK/a.json" >"$WORK/moved.json"
empty_after "an export with an asset moved without an event" "$WORK/moved.json"
expect_contains "the refusal names the asset" "asset $pc: office is RDSA-11 but its history says DSP-LOV" "$X_ERR"

n=$(grep -n '"type":"transferred"' "$WORK/a.json" | head -n 1 | cut -d: -f1)
sed "${n}d" "$WORK/a.json" >"$WORK/gap.json"
empty_after "an export with an event removed" "$WORK/gap.json"
expect_contains "the refusal says the chain breaks" "does not follow the event before it" "$X_ERR"

head -c 2000 "$WORK/a.json" >"$WORK/cut.json"
empty_after "a cut JSON export" "$WORK/cut.json"
grep -v '^# end$' "$WORK/a.csv" >"$WORK/cut.csv"
empty_after "a CSV export without its end line" "$WORK/cut.csv"
expect_contains "the refusal says it is incomplete" "incomplete" "$X_ERR"
n=$(grep -n '^\[events\]' "$WORK/a.csv" | cut -d: -f1)
head -n $((n + 3)) "$WORK/a.csv" >"$WORK/cut2.csv"
empty_after "a CSV export cut in the history" "$WORK/cut2.csv"

before=$(db_digest)
expect_exit "restoring into a database that holds data is refused" 1 inv import "$WORK/a.json"
expect_contains "the refusal says what the database holds" "offices" "$ERR_TXT"
expect_eq "the database is unchanged" "$before" "$(db_digest)"

# kill -9 in the middle of a restore (after its fifth event): nothing.
rm -f "$WORK/k.db"
"$INVENTAR_BIN" --db "$WORK/k.db" init >/dev/null
INVENTAR_FAULT_KILL_AFTER_EVENTS=5 "$INVENTAR_BIN" --db "$WORK/k.db" import "$WORK/a.json" \
    >/dev/null 2>&1
expect_eq "a restore killed half-way dies by SIGKILL" 137 "$?"
expect_exit "the database opens and verifies after the kill" 0 "$INVENTAR_BIN" --db "$WORK/k.db" verify
expect_contains "and holds nothing of the restore" "0 assets, 0 events, 0 offices" "$OUT_TXT"
expect_exit "the restore can then be run again" 0 "$INVENTAR_BIN" --db "$WORK/k.db" import "$WORK/a.json"
expect_eq "and is complete" "" \
    "$("$INVENTAR_BIN" --db "$WORK/k.db" export | cmp - "$WORK/a.json" 2>&1)"

rm -f "$WORK/dry.db"
"$INVENTAR_BIN" --db "$WORK/dry.db" init >/dev/null
expect_exit "import --dry-run of an export" 0 "$INVENTAR_BIN" --db "$WORK/dry.db" import --dry-run "$WORK/a.json"
expect_eq "a dry run restores nothing" 0 "$(sqlite3 "$WORK/dry.db" 'SELECT count(*) FROM asset')"

# The command line.
expect_exit "an unknown format is a usage error" 2 inv export --format xml
expect_exit "an unexpected argument is a usage error" 2 inv export extra
expect_exit "export from a missing database fails" 1 "$INVENTAR_BIN" --db "$WORK/none.db" export
expect_eq "and does not create it" "no" "$([ -e "$WORK/none.db" ] && echo yes || echo no)"
if command -v script >/dev/null 2>&1; then
    # The export is exact (not sanitised): it is never written to a terminal.
    out=$(script -qec "'$INVENTAR_BIN' --db '$DB' export" /dev/null 2>&1)
    expect_eq "export refuses to write to a terminal" 2 "$?"
    expect_not_contains "nothing of the export reached the terminal" '"offices"' "$out"
fi
expect_exit "export over the database itself is refused" 1 inv export -o "$DB"
expect_exit "the database still verifies" 0 inv verify
expect_exit "export into a missing directory fails" 1 inv export -o "$WORK/no/such/dir/x.json"
expect_eq "a failed export leaves no temporary file" "" "$(ls -A "$WORK" | grep '^\.' | grep -v '^\.out$\|^\.err$')"
# A pipe given as -o is written through, never replaced by a file.
mkfifo "$WORK/export.pipe"
cat "$WORK/export.pipe" >"$WORK/from-pipe.json" &
catpid=$!
expect_exit "export into a pipe" 0 inv export -o "$WORK/export.pipe"
wait "$catpid"
expect_eq "... the pipe is still a pipe" yes "$([ -p "$WORK/export.pipe" ] && echo yes)"
expect_eq "... and the export came through it" "$(inv export --format json | sha256sum)" \
    "$(sha256sum <"$WORK/from-pipe.json")"
finish
