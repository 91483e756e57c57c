/* schema.c: the schema as numbered migrations, in one place.
 *
 * Each migration moves user_version from N-1 to N inside one transaction.
 * Never edit a released migration: add a new one. */
#include <stddef.h>
#include <string.h>

#include "schema.h"
#include "inventar/history.h"

static const char m1[] =
    /* Offices form a tree; never deleted once they have assets or history. */
    "CREATE TABLE office(\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  code      TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),\n"
    "  name      TEXT NOT NULL CHECK(length(name) >= 1),\n"
    "  kind      TEXT NOT NULL CHECK(kind IN ('head','regional','local',"
    "'service','front','warehouse')),\n"
    "  parent_id INTEGER REFERENCES office(id),\n"
    "  oblast    TEXT CHECK(oblast IS NULL OR oblast GLOB 'BG-[0-9][0-9]'),\n"
    "  address   TEXT NOT NULL DEFAULT '',\n"
    "  active    INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0,1))\n"
    ");\n"
    "CREATE INDEX office_parent ON office(parent_id);\n"
    /* Asset kinds: a tag prefix and the kind's own attribute keys. */
    "CREATE TABLE asset_kind(\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  code    TEXT NOT NULL UNIQUE,\n"
    "  name    TEXT NOT NULL UNIQUE,\n"
    "  prefix  TEXT NOT NULL UNIQUE,\n"
    "  fields  TEXT NOT NULL DEFAULT '',\n" /* comma-separated keys */
    "  next_no INTEGER NOT NULL DEFAULT 1\n"  /* next generated tag number */
    ");\n"
    "INSERT INTO asset_kind(code,name,prefix,fields) VALUES\n"
    "  ('vehicle','Автомобил','VEH','plate,vin,year'),\n"
    "  ('tablet','Таблет','TAB','imei'),\n"
    "  ('computer','Компютърна конфигурация','PC','components');\n"

    "CREATE TABLE funding(\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  code          TEXT NOT NULL UNIQUE,\n"
    "  title         TEXT NOT NULL,\n"
    "  programme     TEXT NOT NULL DEFAULT '',\n"
    "  amount        INTEGER CHECK(amount IS NULL OR amount >= 0),\n"
    "  currency      TEXT CHECK(currency IS NULL OR currency IN ('BGN','EUR')),\n"
    "  date_from     TEXT,\n"
    "  date_to       TEXT,\n"
    "  durable_until TEXT\n"
    ");\n"

    "CREATE TABLE asset(\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  tag           TEXT NOT NULL UNIQUE COLLATE NOCASE,\n"
    "  kind_id       INTEGER NOT NULL REFERENCES asset_kind(id),\n"
    "  make          TEXT NOT NULL DEFAULT '',\n"
    "  model         TEXT NOT NULL DEFAULT '',\n"
    "  serial        TEXT,\n"
    "  description   TEXT NOT NULL DEFAULT '',\n"
    "  status        TEXT NOT NULL CHECK(status IN ('in_stock','assigned',"
    "'in_repair','missing','written_off')),\n"
    "  office_id     INTEGER REFERENCES office(id),\n"
    "  custodian     TEXT NOT NULL DEFAULT '',\n"
    "  purchase_date TEXT,\n"
    "  cost          INTEGER CHECK(cost IS NULL OR cost >= 0),\n"
    "  currency      TEXT CHECK(currency IS NULL OR currency IN ('BGN','EUR')),\n"
    "  supplier      TEXT NOT NULL DEFAULT '',\n"
    "  contract      TEXT NOT NULL DEFAULT '',\n"
    "  funding_id    INTEGER REFERENCES funding(id),\n"
    "  warranty_end  TEXT,\n"
    "  attrs         TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(attrs)),\n"
    "  last_seen     TEXT,\n"
    "  UNIQUE(make, serial)\n"
    ");\n"
    "CREATE INDEX asset_office ON asset(office_id, status);\n"
    "CREATE INDEX asset_kind_status ON asset(kind_id, status);\n"
    "CREATE INDEX asset_status ON asset(status);\n"
    "CREATE INDEX asset_funding ON asset(funding_id);\n"
    /* Sorting by custodian or by make and model, a page at a time. */
    "CREATE INDEX asset_custodian ON asset(custodian);\n"
    "CREATE INDEX asset_model ON asset(make, model);\n"

    /* The history: append-only, hash-chained (event.c computes hashes). */
    "CREATE TABLE event(\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  asset_id       INTEGER NOT NULL REFERENCES asset(id),\n"
    "  at             TEXT NOT NULL,\n"
    "  actor          TEXT NOT NULL,\n"
    "  type           TEXT NOT NULL CHECK(type IN ('created','edited',"
    "'assigned','transferred','returned','status_changed','label_printed',"
    "'seen','marked_missing','imported')),\n"
    "  from_office_id INTEGER REFERENCES office(id),\n"
    "  to_office_id   INTEGER REFERENCES office(id),\n"
    "  from_status    TEXT,\n"
    "  to_status      TEXT NOT NULL,\n"
    "  from_custodian TEXT,\n"
    "  to_custodian   TEXT NOT NULL DEFAULT '',\n"
    "  doc            TEXT,\n"
    "  note           TEXT,\n"
    "  changes        TEXT CHECK(changes IS NULL OR json_valid(changes)),\n"
    "  check_id       INTEGER,\n"
    "  prev_hash      TEXT NOT NULL,\n"
    "  hash           TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX event_asset ON event(asset_id, id);\n"
    "CREATE INDEX event_at ON event(at);\n"
    "CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed'); END;\n"
    "CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted'); END;\n"

    "CREATE TRIGGER office_no_delete BEFORE DELETE ON office\n"
    "  WHEN EXISTS(SELECT 1 FROM asset WHERE office_id = old.id)\n"
    "    OR EXISTS(SELECT 1 FROM event WHERE from_office_id = old.id"
    " OR to_office_id = old.id)\n"
    "BEGIN SELECT RAISE(ABORT, 'office has assets or history: deactivate it'); END;\n"


    /* Search: FTS5 with unicode61 folds case in Cyrillic and Latin.
     * Kept in step with asset and office by triggers. */
    "CREATE VIRTUAL TABLE asset_fts USING fts5(tag, serial, make, model,"
    " custodian, office, attrs, description, kind, supplier, contract, funding,"
    " tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6', detail = none,"
    " columnsize = 0);\n"
    "CREATE VIEW asset_fts_src AS\n"
    "  SELECT a.id AS id, a.tag AS tag, coalesce(a.serial,'') AS serial,"
    " a.make AS make, a.model AS model, a.custodian AS custodian,\n"
    "    coalesce((SELECT o.code || ' ' || o.name FROM office o"
    " WHERE o.id = a.office_id), '') AS office,\n"
    "    coalesce((SELECT group_concat(j.value, ' ') FROM json_each(a.attrs) j), '')"
    " AS attrs, a.description AS description,\n"
    "    coalesce((SELECT k.code || ' ' || k.name FROM asset_kind k WHERE k.id = a.kind_id), '')"
    " AS kind, a.supplier AS supplier, a.contract AS contract,\n"
    "    coalesce((SELECT f.code || ' ' || f.title FROM funding f WHERE f.id = a.funding_id), '')"
    " AS funding\n"
    "  FROM asset a;\n"
    "CREATE TRIGGER asset_fts_ai AFTER INSERT ON asset BEGIN\n"
    "  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, office,"
    " attrs, description, kind, supplier, contract, funding) SELECT * FROM asset_fts_src WHERE id = new.id;\n"
    "END;\n"
    "CREATE TRIGGER asset_fts_au AFTER UPDATE OF tag, serial, make, model,"
    " custodian, office_id, attrs, description, kind_id, supplier, contract,"
    " funding_id ON asset BEGIN\n"
    "  DELETE FROM asset_fts WHERE rowid = old.id;\n"
    "  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, office,"
    " attrs, description, kind, supplier, contract, funding) SELECT * FROM asset_fts_src WHERE id = new.id;\n"
    "END;\n"
    "CREATE TRIGGER asset_fts_ad AFTER DELETE ON asset BEGIN\n"
    "  DELETE FROM asset_fts WHERE rowid = old.id;\n"
    "END;\n"
    "CREATE TRIGGER office_fts_au AFTER UPDATE OF code, name ON office BEGIN\n"
    "  DELETE FROM asset_fts WHERE rowid IN"
    " (SELECT id FROM asset WHERE office_id = new.id);\n"
    "  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, office,"
    " attrs, description, kind, supplier, contract, funding) SELECT * FROM asset_fts_src WHERE id IN"
    " (SELECT id FROM asset WHERE office_id = new.id);\n"
    "END;\n";

/* Stock checks (DESIGN.md section 6): the snapshot of expected assets taken
 * at the start, and every scan, committed as it happens. */
static const char m2[] =
    "CREATE TABLE stock_check(\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  office_id    INTEGER NOT NULL REFERENCES office(id),\n"
    "  recursive    INTEGER NOT NULL DEFAULT 0 CHECK(recursive IN (0,1)),\n"
    "  started_at   TEXT NOT NULL,\n"
    "  started_by   TEXT NOT NULL,\n"
    "  closed_at    TEXT,\n"
    "  closed_by    TEXT,\n"
    "  applied      INTEGER NOT NULL DEFAULT 0 CHECK(applied IN (0,1)),\n"
    "  commission   TEXT NOT NULL DEFAULT '',\n" /* names, separated by ';' */
    "  scan_prefix  TEXT NOT NULL DEFAULT '',\n" /* scanner noise to strip */
    "  scan_suffix  TEXT NOT NULL DEFAULT '',\n"
    "  note         TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX stock_check_office ON stock_check(office_id, started_at);\n"
    "CREATE TABLE check_expected(\n"
    "  check_id  INTEGER NOT NULL REFERENCES stock_check(id),\n"
    "  asset_id  INTEGER NOT NULL REFERENCES asset(id),\n"
    "  office_id INTEGER REFERENCES office(id),\n" /* where it was recorded */
    "  PRIMARY KEY(check_id, asset_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE check_scan(\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  check_id  INTEGER NOT NULL REFERENCES stock_check(id),\n"
    "  raw       TEXT NOT NULL,\n"             /* as the scanner sent it */
    "  code      TEXT NOT NULL,\n"             /* cleaned of scanner noise */
    "  at        TEXT NOT NULL,\n"
    "  operator  TEXT NOT NULL,\n"
    "  result    TEXT NOT NULL CHECK(result IN ('found','duplicate','unexpected',"
    "'unknown')),\n"
    "  asset_id  INTEGER REFERENCES asset(id),\n"
    "  office_id INTEGER REFERENCES office(id)\n" /* unexpected: where recorded */
    ");\n"
    "CREATE INDEX check_scan_asset ON check_scan(check_id, asset_id);\n"
    "CREATE INDEX check_scan_code ON check_scan(check_id, code COLLATE NOCASE);\n"
    "CREATE TRIGGER check_scan_closed BEFORE INSERT ON check_scan\n"
    "  WHEN (SELECT closed_at FROM stock_check WHERE id = new.check_id) IS NOT NULL\n"
    "BEGIN SELECT RAISE(ABORT, 'the stock check is closed'); END;\n"
    "CREATE TRIGGER check_scan_no_update BEFORE UPDATE ON check_scan\n"
    "BEGIN SELECT RAISE(ABORT, 'scans cannot be changed'); END;\n"
    "CREATE TRIGGER check_scan_no_delete BEFORE DELETE ON check_scan\n"
    "BEGIN SELECT RAISE(ABORT, 'scans cannot be deleted'); END;\n"
    "CREATE TRIGGER check_expected_frozen BEFORE INSERT ON check_expected\n"
    "  WHEN (SELECT closed_at FROM stock_check WHERE id = new.check_id) IS NOT NULL\n"
    "BEGIN SELECT RAISE(ABORT, 'the stock check is closed'); END;\n";

/* The search index, rebuilt lighter (DESIGN.md section 8: a million
 * assets must load in well under a minute, and tokens are what FTS5
 * spends its time on).
 *
 * - asset_fts indexes only each asset's own text, read from the view
 *   asset_fts_src (external content: no second copy of the text). The
 *   attributes are indexed as stored, their keys too (FTS5 cannot read
 *   an external content view that calls json_each). The
 *   office, kind and funding project an asset refers to are one token
 *   each in the column `refs`: U+01C0 (a letter no one types) followed
 *   by o, k or f and the row id, such as "\u01c0o12".
 * - search_ref holds the words of the offices, kinds and funding projects
 *   once each, with that same token. A searched word that matches an
 *   office name becomes (word* OR "\u01c0o12" OR ...) in the asset
 *   query (asset_search_query). Renaming an office rewrites one row
 *   here instead of reindexing its assets.
 *
 * The triggers read the view, so the indexed text is defined in one
 * place: the old text is removed BEFORE an update or delete, the new text
 * added AFTER an insert or update. */
#define REF(c, id) "'\xc7\x80" c "' || " id
static const char m3[] =
    "DROP TRIGGER asset_fts_ai;\n"
    "DROP TRIGGER asset_fts_au;\n"
    "DROP TRIGGER asset_fts_ad;\n"
    "DROP TRIGGER office_fts_au;\n"
    "DROP TABLE asset_fts;\n"
    "DROP VIEW asset_fts_src;\n"
    "CREATE VIEW asset_fts_src AS\n"
    "  SELECT id, tag, coalesce(serial, '') AS serial, make, model, custodian,\n"
    "    attrs, description, supplier, contract,\n"
    "    " REF("k", "kind_id") " || coalesce(' ' || " REF("o", "office_id") ", '')"
    " || coalesce(' ' || " REF("f", "funding_id") ", '') AS refs\n"
    "  FROM asset;\n"
    "CREATE VIRTUAL TABLE asset_fts USING fts5(tag, serial, make, model, custodian,"
    " attrs, description, supplier, contract, refs, content = 'asset_fts_src',"
    " content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0',"
    " prefix = '2 3 4 5 6', detail = none, columnsize = 0);\n"
    "CREATE TRIGGER asset_fts_ai AFTER INSERT ON asset BEGIN\n"
    "  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, attrs,"
    " description, supplier, contract, refs) SELECT * FROM asset_fts_src WHERE id = new.id;\n"
    "END;\n"
    "CREATE TRIGGER asset_fts_bu BEFORE UPDATE OF id, tag, serial, make, model, custodian,"
    " attrs, description, supplier, contract, kind_id, office_id, funding_id ON asset BEGIN\n"
    "  INSERT INTO asset_fts(asset_fts, rowid, tag, serial, make, model, custodian, attrs,"
    " description, supplier, contract, refs) SELECT 'delete', * FROM asset_fts_src"
    " WHERE id = old.id;\n"
    "END;\n"
    "CREATE TRIGGER asset_fts_au AFTER UPDATE OF id, tag, serial, make, model, custodian,"
    " attrs, description, supplier, contract, kind_id, office_id, funding_id ON asset BEGIN\n"
    "  INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, attrs,"
    " description, supplier, contract, refs) SELECT * FROM asset_fts_src WHERE id = new.id;\n"
    "END;\n"
    "CREATE TRIGGER asset_fts_bd BEFORE DELETE ON asset BEGIN\n"
    "  INSERT INTO asset_fts(asset_fts, rowid, tag, serial, make, model, custodian, attrs,"
    " description, supplier, contract, refs) SELECT 'delete', * FROM asset_fts_src"
    " WHERE id = old.id;\n"
    "END;\n"
    "INSERT INTO asset_fts(asset_fts) VALUES('rebuild');\n"

    "CREATE VIRTUAL TABLE search_ref USING fts5(ref UNINDEXED, text,"
    " tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6');\n"
#define REF_TRIGGERS(tbl, c, text, newtext)                                     \
    "CREATE TRIGGER " tbl "_ref_ai AFTER INSERT ON " tbl " BEGIN\n"             \
    "  INSERT INTO search_ref(ref, text) VALUES(" REF(c, "new.id") ", " newtext ");\n" \
    "END;\n"                                                                    \
    "CREATE TRIGGER " tbl "_ref_ad AFTER DELETE ON " tbl " BEGIN\n"             \
    "  DELETE FROM search_ref WHERE ref = " REF(c, "old.id") ";\n"              \
    "END;\n"                                                                    \
    "INSERT INTO search_ref(ref, text) SELECT " REF(c, "id") ", "               \
    text " FROM " tbl ";\n"
    REF_TRIGGERS("office", "o", "code || ' ' || name", "new.code || ' ' || new.name")
    "CREATE TRIGGER office_ref_au AFTER UPDATE OF id, code, name ON office BEGIN\n"
    "  DELETE FROM search_ref WHERE ref = " REF("o", "old.id") ";\n"
    "  INSERT INTO search_ref(ref, text) VALUES(" REF("o", "new.id") ","
    " new.code || ' ' || new.name);\n"
    "END;\n"
    REF_TRIGGERS("asset_kind", "k", "code || ' ' || name", "new.code || ' ' || new.name")
    "CREATE TRIGGER asset_kind_ref_au AFTER UPDATE OF id, code, name ON asset_kind BEGIN\n"
    "  DELETE FROM search_ref WHERE ref = " REF("k", "old.id") ";\n"
    "  INSERT INTO search_ref(ref, text) VALUES(" REF("k", "new.id") ","
    " new.code || ' ' || new.name);\n"
    "END;\n"
    REF_TRIGGERS("funding", "f", "code || ' ' || title", "new.code || ' ' || new.title")
    "CREATE TRIGGER funding_ref_au AFTER UPDATE OF id, code, title ON funding BEGIN\n"
    "  DELETE FROM search_ref WHERE ref = " REF("f", "old.id") ";\n"
    "  INSERT INTO search_ref(ref, text) VALUES(" REF("f", "new.id") ","
    " new.code || ' ' || new.title);\n"
    "END;\n";
#undef REF_TRIGGERS
#undef REF

/* Issue 9's facts (DESIGN.md sections 1 and 3):
 * - office.short_name: what fits a table column ("РДСП Ловеч"); '' = none,
 *   the name is shown. The search words of an office include it.
 * - asset.scan_code: ASCII, unique, what the QR code holds: the tag when it
 *   is ASCII (every tag so far), else its official transliteration.
 *   asset.tag_key: the tag in upper case with the Cyrillic letters that
 *   look like Latin ones folded to them (А->A, В->B, ...), unique, so a
 *   code typed in either alphabet finds its asset. Both are set by the
 *   code (asset.c); tags so far are ASCII, so upper(tag) is their key.
 * - event.act_date: the date the act took effect, from its document
 *   (YYYY-MM-DD); NULL in older events, whose date is that of `at`.
 *   event.reverts: the event a correction undoes. Type 'reverted' joins
 *   the list, so the table is rebuilt (SQLite can't alter a CHECK); its
 *   rows are copied as they are, so every hash stays valid. */
static const char m4[] =
    "ALTER TABLE office ADD COLUMN short_name TEXT NOT NULL DEFAULT '';\n"
    "DROP TRIGGER office_ref_ai;\n"
    "DROP TRIGGER office_ref_au;\n"
    "CREATE TRIGGER office_ref_ai AFTER INSERT ON office BEGIN\n"
    "  INSERT INTO search_ref(ref, text) VALUES('\xc7\x80o' || new.id,"
    " new.code || ' ' || new.short_name || ' ' || new.name);\n"
    "END;\n"
    "CREATE TRIGGER office_ref_au AFTER UPDATE OF id, code, name, short_name ON office BEGIN\n"
    "  DELETE FROM search_ref WHERE ref = '\xc7\x80o' || old.id;\n"
    "  INSERT INTO search_ref(ref, text) VALUES('\xc7\x80o' || new.id,"
    " new.code || ' ' || new.short_name || ' ' || new.name);\n"
    "END;\n"

    "ALTER TABLE asset ADD COLUMN scan_code TEXT;\n"
    "ALTER TABLE asset ADD COLUMN tag_key TEXT;\n"
    "UPDATE asset SET scan_code = tag, tag_key = upper(tag);\n"
    "CREATE UNIQUE INDEX asset_scan_code ON asset(scan_code COLLATE NOCASE);\n"
    "CREATE UNIQUE INDEX asset_tag_key ON asset(tag_key);\n"

    "DROP TRIGGER office_no_delete;\n"
    "CREATE TABLE event_new(\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  asset_id       INTEGER NOT NULL REFERENCES asset(id),\n"
    "  at             TEXT NOT NULL,\n"
    "  actor          TEXT NOT NULL,\n"
    "  type           TEXT NOT NULL CHECK(type IN ('created','edited',"
    "'assigned','transferred','returned','status_changed','label_printed',"
    "'seen','marked_missing','imported','reverted')),\n"
    "  from_office_id INTEGER REFERENCES office(id),\n"
    "  to_office_id   INTEGER REFERENCES office(id),\n"
    "  from_status    TEXT,\n"
    "  to_status      TEXT NOT NULL,\n"
    "  from_custodian TEXT,\n"
    "  to_custodian   TEXT NOT NULL DEFAULT '',\n"
    "  doc            TEXT,\n"
    "  note           TEXT,\n"
    "  changes        TEXT CHECK(changes IS NULL OR json_valid(changes)),\n"
    "  check_id       INTEGER,\n"
    "  prev_hash      TEXT NOT NULL,\n"
    "  hash           TEXT NOT NULL,\n"
    "  act_date       TEXT CHECK(act_date IS NULL OR act_date GLOB"
    " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  reverts        INTEGER REFERENCES event_new(id)\n"
    ");\n"
    "INSERT INTO event_new(id, asset_id, at, actor, type, from_office_id, to_office_id,"
    " from_status, to_status, from_custodian, to_custodian, doc, note, changes, check_id,"
    " prev_hash, hash)\n"
    "  SELECT id, asset_id, at, actor, type, from_office_id, to_office_id, from_status,"
    " to_status, from_custodian, to_custodian, doc, note, changes, check_id, prev_hash,"
    " hash FROM event ORDER BY id;\n"
    "DROP TABLE event;\n"
    "ALTER TABLE event_new RENAME TO event;\n"
    "CREATE INDEX event_asset ON event(asset_id, id);\n"
    "CREATE INDEX event_at ON event(at);\n"
    "CREATE INDEX event_reverts ON event(reverts) WHERE reverts IS NOT NULL;\n"
    "CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed'); END;\n"
    "CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted'); END;\n"
    "CREATE TRIGGER office_no_delete BEFORE DELETE ON office\n"
    "  WHEN EXISTS(SELECT 1 FROM asset WHERE office_id = old.id)\n"
    "    OR EXISTS(SELECT 1 FROM event WHERE from_office_id = old.id"
    " OR to_office_id = old.id)\n"
    "BEGIN SELECT RAISE(ABORT, 'office has assets or history: deactivate it'); END;\n";

/* Migration 5: documents as records (DESIGN.md sections 3 and 9).
 * - document: one signed paper (a handover protocol, a stock-check order,
 *   an inventory list, a write-off protocol): its type, its number
 *   (unique per type), the date of the act, who recorded it and when, the
 *   people and their roles (JSON array of {"role","name","office"}), and
 *   what it showed (content: a JSON object of the facts and rows as of
 *   the act, so that a reprint is the same paper whatever changed since),
 *   with the history's head taken after the act's events (head_id,
 *   head_hash).
 * - document_event: the acts (events) a document covers. Events are
 *   append-only and hashed: the link is made from the document's side.
 * Documents are never changed or deleted once written. */
static const char m5[] =
    "CREATE TABLE document(\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  type       TEXT NOT NULL CHECK(type IN ('handover','check_order',"
    "'inventory_list','write_off')),\n"
    "  number     TEXT NOT NULL CHECK(length(number) BETWEEN 1 AND 64),\n"
    "  date       TEXT NOT NULL CHECK(date GLOB"
    " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  created_at TEXT NOT NULL,\n"
    "  actor      TEXT NOT NULL,\n"
    "  people     TEXT NOT NULL DEFAULT '[]' CHECK(json_valid(people)),\n"
    "  content    TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(content)),\n"
    "  head_id    INTEGER,\n"
    "  head_hash  TEXT,\n"
    "  UNIQUE(type, number)\n"
    ");\n"
    "CREATE TABLE document_event(\n"
    "  document_id INTEGER NOT NULL REFERENCES document(id),\n"
    "  event_id    INTEGER NOT NULL REFERENCES event(id),\n"
    "  PRIMARY KEY(document_id, event_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX document_event_event ON document_event(event_id);\n"
    "CREATE TRIGGER document_no_update BEFORE UPDATE ON document\n"
    "BEGIN SELECT RAISE(ABORT, 'documents cannot be changed'); END;\n"
    "CREATE TRIGGER document_no_delete BEFORE DELETE ON document\n"
    "BEGIN SELECT RAISE(ABORT, 'documents cannot be deleted'); END;\n"
    "CREATE TRIGGER document_event_no_update BEFORE UPDATE ON document_event\n"
    "BEGIN SELECT RAISE(ABORT, 'documents cannot be changed'); END;\n"
    "CREATE TRIGGER document_event_no_delete BEFORE DELETE ON document_event\n"
    "BEGIN SELECT RAISE(ABORT, 'documents cannot be changed'); END;\n";

/* Migration 6: a stock check under an order and a commission (DESIGN.md
 * sections 3 and 9): the written order it rests on, the commission's chair
 * and members (JSON array of names) and the materially responsible person
 * (МОЛ) of the office, for its inventory list. Editable while the check is
 * open; older checks keep '' and '[]' (their names, if any, stay in
 * commission). */
static const char m6[] =
    "ALTER TABLE stock_check ADD COLUMN order_text TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE stock_check ADD COLUMN chair TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE stock_check ADD COLUMN members TEXT NOT NULL DEFAULT '[]'"
    " CHECK(json_valid(members) AND json_type(members) = 'array');\n"
    "ALTER TABLE stock_check ADD COLUMN mol TEXT NOT NULL DEFAULT '';\n";

/* Migration 7: everything is in the chain (issue 12, DESIGN.md section 3
 * "Event"). An event's subject is an asset or an office, kind, funding
 * project, document, stock check or user: subject_type and subject_id
 * (the asset's id for asset events, whose asset_id stays as it was;
 * asset_id is NULL for every other subject). The acts on those subjects
 * join the type list, with 'baseline': the facts of a row as they were
 * when its history began (written by this migration for rows that had
 * no events, actor "migration"). The table is rebuilt as migration 4
 * did: rows are copied as they are, so every hash stays valid. The
 * baseline events themselves are written in C after this SQL
 * (history_baseline: they are hashed). Foreign keys that point at the
 * event table (document_event) are checked at commit. */
#define EVENT_TYPES_7                                                            \
    "'created','edited','assigned','transferred','returned','status_changed',"   \
    "'label_printed','seen','marked_missing','imported','reverted','baseline',"  \
    "'office_created','office_edited','kind_created','kind_edited',"             \
    "'funding_created','funding_edited','check_started','check_edited',"         \
    "'check_closed','check_scanned','document_recorded','user_created',"         \
    "'user_edited'"
static const char m7[] =
    "PRAGMA defer_foreign_keys = ON;\n"
    "DROP TRIGGER office_no_delete;\n"
    "CREATE TABLE event_new(\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  asset_id       INTEGER REFERENCES asset(id),\n"
    "  at             TEXT NOT NULL,\n"
    "  actor          TEXT NOT NULL,\n"
    "  type           TEXT NOT NULL CHECK(type IN (" EVENT_TYPES_7 ")),\n"
    "  from_office_id INTEGER REFERENCES office(id),\n"
    "  to_office_id   INTEGER REFERENCES office(id),\n"
    "  from_status    TEXT,\n"
    "  to_status      TEXT NOT NULL,\n"
    "  from_custodian TEXT,\n"
    "  to_custodian   TEXT NOT NULL DEFAULT '',\n"
    "  doc            TEXT,\n"
    "  note           TEXT,\n"
    "  changes        TEXT CHECK(changes IS NULL OR json_valid(changes)),\n"
    "  check_id       INTEGER,\n"
    "  prev_hash      TEXT NOT NULL,\n"
    "  hash           TEXT NOT NULL,\n"
    "  act_date       TEXT CHECK(act_date IS NULL OR act_date GLOB"
    " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  reverts        INTEGER REFERENCES event_new(id),\n"
    "  subject_type   TEXT NOT NULL DEFAULT 'asset' CHECK(subject_type IN ('asset',"
    "'office','kind','funding','document','check','user')),\n"
    "  subject_id     INTEGER NOT NULL,\n"
    "  CHECK((subject_type = 'asset') = (asset_id IS NOT NULL)"
    " AND (asset_id IS NULL OR subject_id = asset_id))\n"
    ");\n"
    "INSERT INTO event_new(id, asset_id, at, actor, type, from_office_id, to_office_id,"
    " from_status, to_status, from_custodian, to_custodian, doc, note, changes, check_id,"
    " prev_hash, hash, act_date, reverts, subject_type, subject_id)\n"
    "  SELECT id, asset_id, at, actor, type, from_office_id, to_office_id, from_status,"
    " to_status, from_custodian, to_custodian, doc, note, changes, check_id, prev_hash,"
    " hash, act_date, reverts, 'asset', asset_id FROM event ORDER BY id;\n"
    "DROP TABLE event;\n"
    "ALTER TABLE event_new RENAME TO event;\n"
    "CREATE INDEX event_asset ON event(asset_id, id);\n"
    "CREATE INDEX event_at ON event(at);\n"
    "CREATE INDEX event_reverts ON event(reverts) WHERE reverts IS NOT NULL;\n"
    "CREATE INDEX event_subject ON event(subject_type, subject_id, id)"
    " WHERE subject_type <> 'asset';\n"
    "CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed'); END;\n"
    "CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted'); END;\n"
    "CREATE TRIGGER office_no_delete BEFORE DELETE ON office\n"
    "  WHEN EXISTS(SELECT 1 FROM asset WHERE office_id = old.id)\n"
    "    OR EXISTS(SELECT 1 FROM event WHERE from_office_id = old.id"
    " OR to_office_id = old.id)\n"
    "    OR EXISTS(SELECT 1 FROM event WHERE subject_type = 'office'"
    " AND subject_id = old.id)\n"
    "BEGIN SELECT RAISE(ABORT, 'office has assets or history: deactivate it'); END;\n";
#undef EVENT_TYPES_7

/* Migration 8: the users of a shared database (DESIGN.md section 10).
 * A database with no user is private: whoever may open the file acts as
 * its admin. Users are never deleted, only deactivated; an operator's
 * offices are the roots of the subtrees it acts in. Every change is a
 * 'user_created' or 'user_edited' event (history.h, subject "user"). */
static const char m8[] =
    "CREATE TABLE app_user(\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  login    TEXT NOT NULL UNIQUE CHECK(length(login) BETWEEN 1 AND 32),\n"
    "  role     TEXT NOT NULL CHECK(role IN ('admin','operator','auditor')),\n"
    "  active   INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0,1))\n"
    ");\n"
    "CREATE TABLE app_user_office(\n"
    "  user_id   INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  office_id INTEGER NOT NULL REFERENCES office(id),\n"
    "  PRIMARY KEY(user_id, office_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user\n"
    "BEGIN SELECT RAISE(ABORT, 'users are never deleted: deactivate them'); END;\n";

const schema_migration schema_migrations[] = {
    {1, m1, NULL},
    {2, m2, NULL},
    {3, m3, NULL},
    {4, m4, NULL},
    {5, m5, NULL},
    {6, m6, NULL},
    {7, m7, history_baseline_migration},
    {8, m8, NULL},
};
const int schema_migration_count =
    (int)(sizeof schema_migrations / sizeof schema_migrations[0]);

/* The text of "CREATE TRIGGER <name>" up to and including its "END" in
 * sql at p; its length, 0 when it is not one. */
static size_t trigger_len(const char *p)
{
    const char *end = strstr(p, "END;");
    return end ? (size_t)(end + 3 - p) : 0;
}

static int name_is(const char *p, const char *name)
{
    size_t n = strlen(name);
    return strncmp(p, name, n) == 0 && (p[n] == ' ' || p[n] == '\n' || p[n] == ';');
}

int schema_trigger_sql(const char *name, char *out, size_t size)
{
    int found = 0;
    for (int i = 0; i < schema_migration_count; i++) {
        const char *sql = schema_migrations[i].sql;
        for (const char *p = sql; (p = strstr(p, "TRIGGER ")) != NULL; p += 8) {
            int create = p >= sql + 7 && !strncmp(p - 7, "CREATE ", 7);
            int drop = p >= sql + 5 && !strncmp(p - 5, "DROP ", 5);
            if ((!create && !drop) || !name_is(p + 8, name)) continue;
            if (drop) {
                found = 0;
                continue;
            }
            size_t n = trigger_len(p - 7);
            if (n == 0 || n >= size) return -1;
            memcpy(out, p - 7, n);
            out[n] = '\0';
            found = 1;
        }
    }
    return found ? 0 : -1;
}
