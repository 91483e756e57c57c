# Documents as records and the handover protocol: assign, transfer and
# return with --protocol write the protocol (checked with pdftotext in
# Bulgarian and English: title, number, people, every tag, totals,
# signature lines, the history's head, "стр. N от M"); numbers are issued
# per type and year or given, a duplicate is refused with nothing
# changed; a reprint has the same text even after the assets changed; a
# protocol of 65 assets spans pages with its table header repeated;
# `document list` speaks JSON; export and restore carry the documents.
. "$TESTLIB"

BG() { LC_ALL=bg_BG.UTF-8 "$@"; }
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }
# The head a document prints: the history after the act's events, before
# the event that records the document itself.
head_of() { sqlite3 "$1" "SELECT id || ', ' || substr(hash, 1, 16) FROM event WHERE type <> 'document_recorded' ORDER BY id DESC LIMIT 1"; }
Y=$(date +%Y)

setup_world
veh=$(inv asset add --kind vehicle --make Dacia --model Duster --serial VF1HS1 \
    --cost '35 000,00' --currency BGN --office ASP-WH)
tab=$(inv asset add --kind tablet --make Samsung --model 'Galaxy Tab A8' --serial R52N1 \
    --cost 300 --currency EUR --office ASP-WH)
pc=$(inv asset add --kind computer --make Dell --model 'OptiPlex 3070' --office ASP-WH)

# --- an issued number, in Bulgarian ---
expect_exit "assign with --protocol" 0 BG inv assign --to DSP-LOV --custodian 'Мария Иванова' \
    --protocol "$WORK/p1.pdf" "$veh" "$tab"
expect_contains "... prints the issued number" "ПП-$Y-0001" "$OUT_TXT"
head1=$(head_of "$DB")
t=$(pdf_text "$WORK/p1.pdf")
expect_contains "protocol: title" "ПРИЕМО-ПРЕДАВАТЕЛЕН ПРОТОКОЛ" "$t"
expect_contains "protocol: the agency at the top" "Агенция за социално подпомагане" "$t"
expect_contains "protocol: number" "№ ПП-$Y-0001" "$t"
expect_contains "protocol: who hands over (the warehouse)" "Предал: Централен склад" "$t"
expect_contains "protocol: who receives" "Приел: Мария Иванова, ДСП Ловеч" "$t"
expect_contains "protocol: place defaults to the receiving office" "Място: ДСП Ловеч" "$t"
expect_contains "protocol: the vehicle" "$veh" "$t"
expect_contains "protocol: the tablet" "$tab" "$t"
expect_contains "protocol: make and model" "Samsung" "$t"
expect_contains "protocol: serial" "VF1HS1" "$t"
expect_contains "protocol: quantity" "1 бр." "$t"
expect_contains "protocol: condition by default" "в изправност" "$t"
expect_contains "protocol: a leva purchase in euro with its leva" "35" "$t"
expect_contains "protocol: the count" "Общо: 2 актива" "$t"
expect_contains "protocol: the total value" "Обща стойност:" "$t"
expect_contains "protocol: signature line of the one handing over" "Предал: ......" "$t"
expect_contains "protocol: signature line of the receiver" "Приел: ......" "$t"
expect_contains "protocol: receiver's name under the line" "(Мария Иванова)" "$t"
expect_contains "protocol: the history's head" "Състояние на историята: №$head1" "$t"
expect_contains "protocol: page 1 of 1" "стр. 1 от 1" "$t"
expect_eq "the events name the protocol" "ПП-$Y-0001" \
    "$(inv history "$veh" --format json | jq -r '.[-1].doc')"

# --- a transfer: the next number, --handed-by, --order, --place, --condition ---
expect_exit "transfer with --protocol" 0 BG inv assign --to RDSA-26 --custodian 'Петър Петров' \
    --handed-by 'Иван Иванов' --order 'Заповед РД-01-15' --condition 'с драскотини' \
    --protocol "$WORK/p2.pdf" "$veh"
expect_contains "... the next number" "ПП-$Y-0002" "$OUT_TXT"
t=$(pdf_text "$WORK/p2.pdf")
expect_contains "transfer: --handed-by" "Предал: Иван Иванов, ДСП Ловеч" "$t"
expect_contains "transfer: receiver" "Приел: Петър Петров, РДСП Хасково" "$t"
expect_contains "transfer: the order" "Въз основа на заповед: Заповед РД-01-15" "$t"
expect_contains "transfer: the condition" "с драскотини" "$t"
expect_contains "transfer: one asset" "Общо: 1 актив" "$t"

# --- a given number; a return is received by the warehouse ---
expect_exit "return with a given number" 0 BG inv return --doc 'ПП-77/2026' \
    --place 'гр. Ловеч' --protocol "$WORK/p3.pdf" "$tab"
t=$(pdf_text "$WORK/p3.pdf")
expect_contains "return: the given number" "№ ПП-77/2026" "$t"
expect_contains "return: received by the warehouse" "Приел: Централен склад" "$t"
expect_contains "return: handed over by the custodian" "Предал: Мария Иванова, ДСП Ловеч" "$t"
expect_contains "return: --place" "Място: гр. Ловеч" "$t"

before=$(db_digest)
expect_exit "a number used twice is refused" 1 inv assign --to DSP-LOV --doc 'ПП-77/2026' "$pc"
expect_contains "... naming it" "ПП-77/2026" "$ERR_TXT"
expect_eq "... and nothing changed" "$before" "$(db_digest)"
expect_exit "a protocol on status is a usage error" 2 inv status in_repair --protocol "$WORK/x.pdf" "$pc"
expect_exit "a protocol that is not .pdf is a usage error" 2 inv assign --to DSP-LOV --protocol "$WORK/x.txt" "$pc"
ln -s "$DB" "$WORK/db-link.pdf"
expect_exit "the database (through a link) as the protocol file is refused" 1 inv assign --to DSP-LOV --protocol "$WORK/db-link.pdf" "$pc"
expect_eq "... nothing changed" "$before" "$(db_digest)"
expect_exit "an unwritable protocol file: the act stands (exit 3, recorded)" 3 inv assign --to DSP-LOV \
    --custodian 'Георги' --protocol "$WORK/no/such/dir/p.pdf" "$pc"
expect_contains "... says how to print it again" "document print ПП-$Y-0003" "$ERR_TXT"
expect_eq "... the asset was assigned" "DSP-LOV" "$(inv asset show "$pc" --format json | jq -r '.office')"

# --- reprint: the same text, whatever changed since ---
inv asset edit "$tab" --model 'Galaxy Tab S9' --serial CHANGED >/dev/null
expect_exit "document print" 0 BG inv document print "ПП-$Y-0001" -o "$WORK/r1.pdf"
expect_eq "a reprint has the same text as the original" "$(pdf_text "$WORK/p1.pdf")" \
    "$(pdf_text "$WORK/r1.pdf")"
expect_exit "printing an unknown number fails" 1 inv document print 'НЯМА-1' -o "$WORK/x.pdf"
expect_contains "... naming it" "НЯМА-1" "$ERR_TXT"
expect_exit "document print without -o" 2 inv document print "ПП-$Y-0001"

# --- English ---
LC_ALL=C.UTF-8 inv document print "ПП-$Y-0001" -o "$WORK/en.pdf"
t=$(pdf_text "$WORK/en.pdf")
expect_contains "English: title" "HANDOVER PROTOCOL" "$t"
expect_contains "English: page" "page 1 of 1" "$t"
expect_contains "English: signature" "Received by: ......" "$t"

# --- the list ---
j=$(inv document list --format json)
expect_eq "document list: JSON keys" "actor,assets,created_at,date,events,head,number,people,type" \
    "$(printf '%s' "$j" | jq -r '.[0] | keys | join(",")')"
expect_eq "document list: every document" "4" "$(printf '%s' "$j" | jq length)"
expect_eq "document list: the first one's assets" "2" \
    "$(printf '%s' "$j" | jq -r ".[] | select(.number == \"ПП-$Y-0001\") | .assets")"
expect_eq "document list: people with roles" "handed_by,received_by" \
    "$(printf '%s' "$j" | jq -r ".[] | select(.number == \"ПП-$Y-0001\") | [.people[].role] | join(\",\")")"
expect_eq "document list --type" "4" "$(inv document list --type handover --format json | jq length)"
expect_eq "document list --type write_off" "0" "$(inv document list --type write_off --format json | jq length)"
expect_exit "document list --type bogus" 2 inv document list --type bogus
expect_exit "document show" 0 inv document show 'ПП-77/2026' --format json
expect_eq "... its type" "handover" "$(printf '%s' "$OUT_TXT" | jq -r '.type')"

# --- a protocol of 65 assets spans pages, its header repeated ---
i=0
tags=""
while [ $i -lt 65 ]; do
    tags="$tags $(inv asset add --kind tablet --make Lenovo --model M10 --serial "SN$i" --office ASP-WH)"
    i=$((i + 1))
done
# shellcheck disable=SC2086
expect_exit "a protocol of 65 assets" 0 BG inv assign --to DSP-LOV --custodian 'Мария Иванова' \
    --yes --protocol "$WORK/big.pdf" $tags
pages=$(pdfinfo "$WORK/big.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 2 ]; then pass "it spans $pages pages"; else fail "it spans pages (got ${pages:-?})"; fi
p2=$(pdftotext -layout -f 2 -l 2 "$WORK/big.pdf" - 2>/dev/null)
expect_contains "page 2: the table header again" "Инвентарен" "$p2"
expect_contains "page 2: stр. 2 от N" "стр. 2 от $pages" "$p2"
expect_contains "page 2: the agency" "Агенция за социално подпомагане" "$p2"
expect_contains "page 2: the number" "№ ПП-$Y-0004" "$p2"
t=$(pdf_text "$WORK/big.pdf")
missing=0
for tg in $tags; do case "$t" in *"$tg"*) ;; *) missing=$((missing + 1)) ;; esac; done
expect_eq "every tag is on the protocol" "0" "$missing"
expect_contains "the count of 65" "Общо: 65 актива" "$t"

# --- export and restore carry the documents ---
inv export -o "$WORK/all.json" >/dev/null
DB2=$WORK/restored.db
"$INVENTAR_BIN" --db "$DB2" init >/dev/null
expect_exit "restore" 0 "$INVENTAR_BIN" --db "$DB2" import "$WORK/all.json"
expect_eq "restored: the same document list" "$(inv document list --format json)" \
    "$("$INVENTAR_BIN" --db "$DB2" document list --format json)"
BG "$INVENTAR_BIN" --db "$DB2" document print "ПП-$Y-0001" -o "$WORK/r2.pdf"
expect_eq "restored: the same protocol" "$(pdf_text "$WORK/p1.pdf")" "$(pdf_text "$WORK/r2.pdf")"
inv export -o "$WORK/all.csv" >/dev/null
DB3=$WORK/restored3.db
"$INVENTAR_BIN" --db "$DB3" init >/dev/null
expect_exit "restore from CSV" 0 "$INVENTAR_BIN" --db "$DB3" import "$WORK/all.csv"
expect_eq "restored from CSV: the same document list" "$(inv document list --format json)" \
    "$("$INVENTAR_BIN" --db "$DB3" document list --format json)"
expect_exit "verify after all of it" 0 inv verify
# The document list for Excel: the same rows in .xlsx and in CSV for people.
n_docs=$(inv document list --format csv | tail -n +2 | wc -l)
expect_exit "document list -o FILE.xlsx" 0 inv document list -o "$WORK/docs.xlsx"
expect_eq "... a row per document, under the header" "$((n_docs + 1))" \
    "$(unzip -p "$WORK/docs.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)"
expect_exit "document list -o FILE.csv" 0 inv document list -o "$WORK/docs.csv"
expect_eq "... with a BOM, a header and a row per document" "$((n_docs + 1))" \
    "$(wc -l <"$WORK/docs.csv" | tr -d ' ')"
expect_contains "... the BOM" "$(printf '\357\273\277')" "$(head -c 3 "$WORK/docs.csv")"
expect_exit "-o and --format together are refused" 2 \
    inv document list -o "$WORK/x.csv" --format json
finish
