# Search over what an asset refers to (its office, kind and funding
# project), which the search index holds once per office, kind and
# project rather than once per asset; and the bulk path of import, which
# drops and rebuilds indexes and triggers inside its transaction.
. "$TESTLIB"

setup_world
inv funding add BG05M9OP001-3.006-0001 'Повишаване на капацитета на служителите' >/dev/null
inv office add DSP-LET 'Дирекция „Социално подпомагане“ – Летница' --kind local \
    --parent RDSA-11 >/dev/null
inv asset add --kind computer --tag PC-1 --make Lenovo --model 'ThinkCentre M70s' \
    --office DSP-LET --custodian 'Мария Петрова' --funding BG05M9OP001-3.006-0001 >/dev/null
inv asset add --kind computer --tag PC-2 --make HP --model 'ProDesk 400' \
    --office DSP-LOV --custodian 'Лъчезар Летников' >/dev/null
inv asset add --kind tablet --tag TAB-1 --make Samsung --model 'Galaxy Tab A8' \
    --office DSP-LET --attr imei=356938035643809 >/dev/null

tags() { inv asset list --search "$1" --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }

expect_eq "an office name finds its assets" "PC-1 TAB-1 " "$(tags 'летница')"
expect_eq "... as a prefix, with the assets whose own text has the word" \
    "PC-1 PC-2 TAB-1 " "$(tags 'летни')"
expect_eq "an office code finds its assets" "PC-2 " "$(tags 'dsp-lov')"
expect_eq "the words of a search are all required, office or not" "PC-1 " \
    "$(tags 'летница lenovo')"
expect_eq "a kind's name finds its assets" "TAB-1 " "$(tags 'Таблет')"
expect_eq "a funding project's code finds what it paid for" "PC-1 " "$(tags 'BG05M9OP001')"
expect_eq "... and a word of its title" "PC-1 " "$(tags 'капацитета')"
expect_eq "an attribute is found" "TAB-1 " "$(tags '356938035643809')"
ref=$(sqlite3 "$DB" "SELECT ref FROM search_ref WHERE text LIKE 'DSP-LET %'")
expect_eq "the index's internal ref tokens cannot be searched for themselves" "" \
    "$(tags "$ref")"

inv office edit DSP-LET --name 'ДСП Бяла Слатина' >/dev/null
expect_eq "after a rename the new name finds the office's assets" "PC-1 TAB-1 " \
    "$(tags 'слатина')"
expect_eq "... and the old one no longer does" "" "$(tags 'летница')"
inv assign --to DSP-LOV --custodian 'Мария Петрова' PC-1 >/dev/null
expect_eq "a transfer moves the asset to its new office's search" "PC-1 PC-2 " \
    "$(tags 'ловеч')"
expect_exit "verify passes after renames and transfers" 0 inv verify

# ---- verify: the index must hold each asset's current text ----
cp "$DB" "$WORK/stale.db"
sqlite3 "$WORK/stale.db" "
  INSERT INTO asset_fts(asset_fts, rowid, tag, serial, make, model, custodian, attrs,
    description, supplier, contract, refs)
    SELECT 'delete', * FROM asset_fts_src WHERE tag = 'PC-2';
  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, attrs, description,
    supplier, contract, refs)
    SELECT id, tag, serial, 'Dell', model, custodian, attrs, description, supplier,
      contract, refs FROM asset_fts_src WHERE tag = 'PC-2';"
expect_exit "a search index with stale text fails verify" 1 \
    "$INVENTAR_BIN" --db "$WORK/stale.db" verify
expect_contains "... saying so" "search index does not agree" "$ERR_TXT"

# ---- bulk import ----
schema() { sqlite3 "$DB" "SELECT type, name, sql FROM sqlite_schema ORDER BY name" | sha256sum; }
before=$(schema)
rows=$WORK/many.csv
{
    echo 'tag,kind,make,model,serial,office,custodian,funding'
    i=1
    while [ $i -le 2500 ]; do
        echo "PC-B$i,computer,Dell,OptiPlex 3080,SN$i,DSP-LOV,Калина Бонева,BG05M9OP001-3.006-0001"
        i=$((i + 1))
    done
} >"$rows"
expect_exit "a bulk import" 0 inv import "$rows"
expect_eq "the schema is as it was (indexes and triggers rebuilt)" "$before" "$(schema)"
expect_eq "imported assets are found by their own text" 2500 \
    "$(inv asset list --search 'бонева optiplex' --format csv | tail -n +2 | wc -l)"
expect_eq "... and by their office" 2502 \
    "$(inv asset list --search 'dsp-lov' --format csv | tail -n +2 | wc -l)"
# A page of a broad search (over 2,000 matches) is read another way: the
# same rows as the head of the whole list, in both directions.
expect_eq "a page of a broad search is the head of the whole list" \
    "$(inv asset list --search 'dsp-lov' --format csv | head -8)" \
    "$(inv asset list --search 'dsp-lov' --format csv --limit 7)"
expect_eq "... sorted backwards too" \
    "$(inv asset list --search 'dsp-lov' --sort -tag --format csv | head -8)" \
    "$(inv asset list --search 'dsp-lov' --sort -tag --format csv --limit 7)"
expect_exit "verify passes after a bulk import" 0 inv verify
inv asset edit PC-B7 --model 'OptiPlex 7090' >/dev/null
expect_eq "the rebuilt triggers keep the index in step" "PC-B7 " "$(tags 'optiplex 7090')"

# Words longer than the longest prefix index (6 letters) are looked up in
# the index's vocabulary; the answers are those of a prefix search.
expect_eq "a long prefix finds the word (Latin)" "PC-B7 " "$(tags 'optiple 7090')"
expect_eq "a long prefix in capitals finds the word (Cyrillic)" "PC-2 " "$(tags 'ЛЕТНИКО')"
expect_eq "a long prefix of nothing finds nothing" "" "$(tags 'optiplexx')"
{
    echo 'tag,kind,make,description'
    i=1
    while [ $i -le 40 ]; do
        echo "MX-$i,computer,Acer,вариант$i"
        i=$((i + 1))
    done
} >"$WORK/words.csv"
inv import "$WORK/words.csv" >/dev/null
expect_eq "a long prefix of more words than are looked up still finds them all" 40 \
    "$(inv asset list --search 'вариант' --format csv | tail -n +2 | wc -l)"
expect_eq "... and one of them exactly" "MX-17 " "$(tags 'вариант17')"

# A failing bulk import leaves everything as it was, schema included.
digest=$(db_digest)
sed 's/^PC-B1,computer/PC-C1,computer/; s/^PC-B2,computer,Dell,OptiPlex 3080,SN2/PC-C2,computer,Dell,OptiPlex 3080,SN2/' \
    "$rows" | sed '1!s/^PC-B/PC-D/' >"$WORK/dup.csv"
expect_exit "an import with a duplicate serial is refused" 1 inv import "$WORK/dup.csv"
expect_eq "... and changes nothing" "$digest" "$(db_digest)"
expect_eq "... the schema neither" "$before" "$(schema)"

finish
