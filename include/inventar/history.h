/* history.h: the facts of everything the history is about (DESIGN.md
 * section 3, invariant 2).
 *
 * A subject's facts are its row's columns as text, under their names:
 * an office's name, short_name, kind, parent (the parent's code),
 * oblast, address, active; a kind's name, prefix, fields; a funding
 * project's title, programme, amount, currency, date_from, date_to,
 * durable_until; a stock check's office, recursive, started_at,
 * started_by, closed_at, closed_by, applied, commission, scan_prefix,
 * scan_suffix, note, order_text, chair, members, mol and its expected
 * list (expected: how many, expected_sha256: SHA-256 of "TAG OFFICE"
 * lines in tag order); a scan's raw, code, at, operator, result, asset
 * (its tag) and office; a document's date, created_at, actor, people,
 * content_sha256, head_id, head_hash, events (how many) and
 * events_sha256 (of the covered event ids, "1,2,3"); an asset's kind,
 * make, model, serial, description, purchase_date, cost ("241459 BGN",
 * as asset_update records it), supplier, contract, funding (code),
 * warranty_end and attrs. A NULL column is JSON null, except for an
 * asset, whose empty fields are "" (as its edits record them).
 *
 * An event's `changes` holds facts as {"field":[old,new]}: a subject's
 * first event (created, imported, office_created, ..., and 'baseline',
 * the facts of a row whose history began later than the row) holds every
 * field with old null ("" for an asset, whose empty fields it leaves
 * out); an edit holds the fields it changed. A scan's event has the
 * stock check as its subject and names the scan in "@scan". Replaying
 * the events gives each row (verify). */
#ifndef INVENTAR_HISTORY_H
#define INVENTAR_HISTORY_H

#include <stdint.h>
#include "inventar/db.h"

/* The asset kinds migration 1 defines, as SQL rows (code, name, prefix,
 * fields): the schema explains them, so they need no event while they
 * are as it defines them. */
#define HISTORY_BUILTIN_KINDS                                                   \
    "VALUES('vehicle','\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd0\xbc\xd0\xbe\xd0\xb1\xd0\xb8\xd0\xbb','VEH','plate,vin,year'),"\
    "('tablet','\xd0\xa2\xd0\xb0\xd0\xb1\xd0\xbb\xd0\xb5\xd1\x82','TAB','imei'),"  \
    "('computer','\xd0\x9a\xd0\xbe\xd0\xbc\xd0\xbf\xd1\x8e\xd1\x82\xd1\x8a\xd1\x80\xd0\xbd\xd0\xb0 "\
    "\xd0\xba\xd0\xbe\xd0\xbd\xd1\x84\xd0\xb8\xd0\xb3\xd1\x83\xd1\x80\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f','PC','components')"

/* The subjects, by the name history functions take: "office", "kind",
 * "funding", "check", "scan", "document", "asset". */
typedef struct history_def {
    const char *name;      /* as above */
    const char *subject;   /* the events' subject_type ("check" for a scan) */
    const char *sql_all;   /* id, subject id, subject key, fields...; by id */
    const char *sql_one;   /* the same for one row (:id) */
    const char *const *fields; /* names; a name ending "_sha256" is the
                                  hash of its column */
    int asset;             /* 1: empty fields are "" */
} history_def;

/* The definition of a subject by name; NULL when unknown. */
const history_def *history_def_find(const char *name);
/* Every definition, in the order verify checks them; *n gets how many. */
const history_def *history_defs(int *n);

/* The facts of row id of subject name as a JSON object (a new string
 * the caller frees) and its subject id and key (key may be NULL, at
 * least INV_TEXT_MAX + 1 bytes). INV_ENOTFOUND when there is no row. */
inv_status history_facts(inv_db *db, const char *name, int64_t id, char **facts,
                         int64_t *subject_id, char *key);

/* The same from a row of def's sql_all/sql_one (column 3 on), as a
 * JSON object; NULL on memory failure. */
struct json_t;
struct json_t *history_facts_row(const history_def *def, sqlite3_stmt *st);

/* While the history is paused on the handle (db_set_history_paused: a
 * restore, which brings the events of its export), history_record
 * writes nothing. */

/* Inside the caller's transaction: append the event of type `type`
 * about row id of subject name. before NULL: the row's first event,
 * holding every field; else the facts before the change (from
 * history_facts) and the event holds the fields that changed (no event
 * when none changed; *appended, when not NULL, says whether one was).
 * at and actor may be NULL or "" (now, the handle's user). extra, when
 * not NULL, is a JSON object of '@' facts merged into changes. */
inv_status history_record(inv_db *db, const char *name, int64_t id, const char *type,
                          const char *before, const char *at, const char *actor,
                          const char *extra, int *appended);

/* An asset's first facts for its created or imported event (fields
 * that are not empty, and its kind), as a new JSON string the caller
 * frees; INV_ENOTFOUND when there is no such asset. */
inv_status history_asset_created(inv_db *db, int64_t asset_id, char **changes);

/* Inside the caller's transaction: a 'baseline' event, by actor, for
 * every row that has no first event holding its facts (offices, kinds,
 * funding projects, stock checks, scans and documents without events;
 * assets whose created or imported event holds no facts). fact, when
 * not NULL, is a JSON object of '@' facts each baseline carries. *n gets
 * how many were written (may be NULL). */
inv_status history_baseline(inv_db *db, const char *actor, const char *fact, int64_t *n);

/* The same with every baseline event recorded at `at` (UTC; NULL or ""
 * = now): a bulk load whose own history is dated. */
inv_status history_baseline_at(inv_db *db, const char *actor, const char *at,
                               const char *fact, int64_t *n);

/* Migration 7's step: history_baseline by "migration", with
 * {"@migration":7}. */
inv_status history_baseline_migration(inv_db *db);

#endif
