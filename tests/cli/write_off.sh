# Write-off under a protocol: `status written_off` records a write-off
# document (ПБ-YYYY-NNNN, issued per year or given) with the commission,
# the reason and the assets as of the act; --protocol writes the
# протокол за бракуване (checked with pdftotext: title, number, the
# asset rows, put into service, initial value in euro with leva,
# funding, reason, order, the commission's signature lines); a reprint is
# the same; a write-off within the funding's durability period is refused
# with nothing changed, and its override (--before-durability --reason)
# is recorded on the event and printed; the new options are usage errors
# with other statuses and acts.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 LANGUAGE= "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
Y=$(date +%Y)
TODAY=$(date +%d.%m.%Y)

setup_world
inv funding add BG05M9OP001-3.006-0001 'Патронажна грижа' --durable-until 2099-12-31 >/dev/null
inv funding add OLD-2014 'Стар проект' --durable-until 2020-12-31 >/dev/null
pc=$(inv asset add --kind computer --make Dell --model 'OptiPlex 3070' --serial SN-PC1 \
    --cost '1 200,00' --currency BGN --office ASP-WH --funding BG05M9OP001-3.006-0001)
tab=$(inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --serial SN-TAB1 \
    --cost 300 --currency EUR --office ASP-WH --funding OLD-2014)
chair=$(inv asset add --kind vehicle --make Dacia --model Logan --serial VF1LS --office ASP-WH)
inv assign --to DSP-LOV --custodian 'Мария Иванова' "$tab" "$chair" >/dev/null

# --- usage errors ---
expect_exit "--chair with another status is a usage error" 2 \
    inv status in_repair --chair 'Иван Петров' "$tab"
expect_exit "--protocol with another status is a usage error" 2 \
    inv status missing --protocol "$WORK/x.pdf" "$tab"
expect_exit "--member with assign is a usage error" 2 \
    inv assign --to DSP-LOV --member 'Иван Петров' "$tab"
expect_exit "--before-durability without --reason is a usage error" 2 \
    inv status written_off --before-durability "$pc"
expect_exit "--place with a write-off is a usage error" 2 \
    inv status written_off --place 'Ловеч' "$tab"

# --- the durability period: refused, nothing changed ---
before=$(db_digest)
expect_exit "a write-off within the durability period is refused" 1 BG inv status written_off \
    --chair 'Иван Петров' --reason 'Неремонтируем' "$tab" "$pc"
expect_contains "... naming the asset" "$pc" "$ERR_TXT"
expect_contains "... the project" "BG05M9OP001-3.006-0001" "$ERR_TXT"
expect_contains "... and the date" "31.12.2099" "$ERR_TXT"
expect_contains "... and the way out" "--before-durability --reason" "$ERR_TXT"
expect_eq "... nothing changed" "$before" "$(db_digest)"
expect_eq "... no document" "0" "$(inv document list --format json | jq length)"
LC_ALL=C.UTF-8 inv status written_off "$pc" >/dev/null 2>&1
expect_contains "English: the refusal" \
    "bought under BG05M9OP001-3.006-0001, whose durability period ends on 2099-12-31" "$(LC_ALL=C.UTF-8 inv status written_off "$pc" 2>&1)"

# --- a write-off with its protocol, in Bulgarian ---
expect_exit "status written_off with --protocol" 0 BG inv status written_off \
    --chair 'Иван Петров' --member 'Мария Иванова' --member 'Георги Георгиев' \
    --reason 'Счупен екран, неремонтируем' --order 'Заповед РД-09-123' \
    --protocol "$WORK/w1.pdf" "$tab" "$chair"
expect_contains "... prints the issued number" "ПБ-$Y-0001" "$OUT_TXT"
t=$(pdf_text "$WORK/w1.pdf")
expect_contains "protocol: title" "ПРОТОКОЛ ЗА БРАКУВАНЕ" "$t"
expect_contains "protocol: number and date" "№ ПБ-$Y-0001 от $TODAY" "$t"
expect_contains "protocol: the agency" "Агенция за социално подпомагане" "$t"
expect_contains "protocol: the order" "Въз основа на заповед: Заповед РД-09-123" "$t"
expect_contains "protocol: the chair" "Председател на комисията: Иван Петров" "$t"
expect_contains "protocol: the members" "Членове на комисията: Мария Иванова, Георги Георгиев" "$t"
expect_contains "protocol: the reason" "Основание и техническо състояние: Счупен екран, неремонтируем" "$t"
expect_contains "protocol: the tablet's row" "$tab" "$t"
expect_contains "protocol: the chair's row" "$chair" "$t"
expect_contains "protocol: make and model" "Samsung Galaxy" "$t"
expect_contains "protocol: serial" "SN-TAB1" "$t"
expect_contains "protocol: put into service (its assignment)" "$TODAY" "$t"
expect_contains "protocol: the put into service heading" "В употреба" "$t"
expect_contains "protocol: initial value in euro" "300,00 EUR" "$t"
expect_contains "protocol: ... with leva beside" "(586,75 BGN)" "$t"
expect_contains "protocol: funding" "OLD-2014" "$t"
expect_contains "protocol: the count" "Общо: 2 актива" "$t"
expect_contains "protocol: chair's signature line" "Председател: ......" "$t"
expect_contains "protocol: chair's name" "(Иван Петров)" "$t"
expect_contains "protocol: a member's signature line" "Член: ......" "$t"
expect_contains "protocol: the second member" "(Георги Георгиев)" "$t"
expect_eq "protocol: a signature line per member and the chair" "3" \
    "$(printf '%s\n' "$t" | grep -c '\.\.\.\.\.\.\.\.')"
expect_contains "protocol: page 1 of 1" "стр. 1 от 1" "$t"
expect_not_contains() { case "$3" in *"$2"*) fail "$1"; printf '  unexpected: %s\n' "$2";; *) pass "$1";; esac; }
expect_not_contains "protocol: no durability override here" "устойчивост" "$t"
expect_eq "the asset is written off" "written_off" "$(inv asset show "$tab" --format json | jq -r .status)"
expect_eq "the events name the protocol" "ПБ-$Y-0001" \
    "$(inv history "$chair" --format json | jq -r '.[-1].doc')"
j=$(inv document show "ПБ-$Y-0001" --format json)
expect_eq "the document: type" "write_off" "$(printf '%s' "$j" | jq -r .type)"
expect_eq "the document: the commission's roles" "chair,member,member" \
    "$(printf '%s' "$j" | jq -r '[.people[].role] | join(",")')"
expect_eq "the document: its acts" "2" "$(printf '%s' "$j" | jq -r .events)"

# --- reprint: the same, whatever changed since ---
inv asset edit "$tab" --model 'CHANGED' --serial CHANGED >/dev/null 2>&1
expect_exit "document print" 0 BG inv document print "ПБ-$Y-0001" -o "$WORK/r1.pdf"
expect_eq "a reprint has the same text" "$t" "$(pdf_text "$WORK/r1.pdf")"
expect_exit "document print --type write_off" 0 BG inv document print "ПБ-$Y-0001" \
    --type write_off -o "$WORK/r2.pdf"
LC_ALL=C.UTF-8 inv document print "ПБ-$Y-0001" -o "$WORK/en.pdf"
t=$(pdf_text "$WORK/en.pdf")
expect_contains "English: title" "WRITE-OFF PROTOCOL" "$t"
expect_contains "English: the chair's line" "Chair: ......" "$t"
expect_contains "English: a member's line" "Member: ......" "$t"

# --- the override: recorded and printed; always a document ---
expect_exit "the override of the durability period" 0 BG inv status written_off --yes \
    --before-durability --reason 'Унищожен при пожар' --chair 'Иван Петров' "$pc"
expect_contains "... the next number" "ПБ-$Y-0002" "$OUT_TXT"
expect_eq "... recorded on the event" "2099-12-31" \
    "$(inv history "$pc" --format json | jq -r '.[-1].changes["@before_durability"]')"
BG inv history "$pc" -o "$WORK/h.csv"
expect_contains "... shown in the history for people" "преди края на периода на устойчивост (31.12.2099)" \
    "$(cat "$WORK/h.csv")"
expect_eq "... in the document" "true" \
    "$(sqlite3 "$DB" "SELECT json_extract(content, '\$.before_durability') FROM document WHERE number = 'ПБ-$Y-0002'" | sed 's/^1$/true/')"
expect_exit "... printable later" 0 BG inv document print "ПБ-$Y-0002" -o "$WORK/w2.pdf"
t=$(pdf_text "$WORK/w2.pdf")
expect_contains "... printed: the override" "преди края на периода на устойчивост" "$t"
expect_contains "... printed: the asset and the period's end" "$pc (31.12.2099)" "$t"
expect_contains "... printed: the project" "3.006-0001" "$t"
expect_contains "... printed: the reason" "Унищожен при пожар" "$t"
expect_contains "... printed: a leva cost in euro first" "613,55 EUR" "$t"
expect_eq "... printed: two empty member lines to sign by hand" "3" \
    "$(printf '%s\n' "$t" | grep -c '\.\.\.\.\.\.\.\.')"

# --- a given number; a number used twice ---
a3=$(inv asset add --kind computer --make HP --model 'ProDesk' --office ASP-WH)
a4=$(inv asset add --kind computer --make HP --model 'ProDesk' --office ASP-WH)
expect_exit "a given number" 0 inv status written_off --doc 'ПБ-5/2026' "$a3"
expect_eq "... recorded" "write_off" "$(inv document show 'ПБ-5/2026' --format json | jq -r .type)"
before=$(db_digest)
expect_exit "a number used twice is refused" 1 inv status written_off --doc 'ПБ-5/2026' "$a4"
expect_contains "... naming it" "ПБ-5/2026" "$ERR_TXT"
expect_eq "... nothing changed" "$before" "$(db_digest)"
expect_exit "an issued number goes on" 0 inv status written_off "$a4"
expect_contains "... after the highest issued" "ПБ-$Y-0003" "$OUT_TXT"
expect_exit "a written-off asset cannot be written off again" 1 inv status written_off "$a4"
expect_eq "document list --type write_off" "4" \
    "$(inv document list --type write_off --format json | jq length)"
# other statuses stay as they were: no document
a5=$(inv asset add --kind computer --make HP --model 'ProDesk' --office ASP-WH)
expect_exit "status in_repair" 0 inv status in_repair "$a5"
expect_eq "... records no document" "4" "$(inv document list --format json | jq length)"

finish
