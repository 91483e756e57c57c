/* bulk.c: bulk loads (see bulk.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/bulk.h"
#include "inventar/util.h"

typedef struct saved {
    char *name, *sql;
    int trigger; /* else an index */
} saved;

struct inv_bulk {
    inv_db *db;
    int flags;
    int64_t last_id;   /* the largest asset id before the load */
    int64_t last_event; /* the largest event id before the load */
    int64_t automerge; /* the search index's settings, put back at the end */
    int64_t hashsize;
    saved *objs;       /* dropped triggers and indexes, in schema order */
    int nobjs;
};

static void free_saved(inv_bulk *b)
{
    for (int i = 0; i < b->nobjs; i++) {
        free(b->objs[i].name);
        free(b->objs[i].sql);
    }
    free(b->objs);
    free(b);
}

/* DROP <what> "<name>": names come from the schema, quoted as
 * identifiers. */
static inv_status drop(inv_db *db, const char *what, const char *name)
{
    sbuf s = {0};
    sbuf_addf(&s, "DROP %s main.\"", what);
    for (const char *p = name; *p; p++) {
        if (*p == '"') sbuf_addc(&s, '"');
        sbuf_addc(&s, *p);
    }
    sbuf_addc(&s, '"');
    inv_status rc = db_exec(db, sbuf_str(&s));
    sbuf_free(&s);
    return rc;
}

inv_status bulk_begin(inv_db *db, int flags, inv_bulk **out)
{
    *out = NULL;
    if (!db_in_transaction(db))
        return db_fail(db, INV_EDB, "internal error: bulk_begin outside a transaction");
    inv_bulk *b = calloc(1, sizeof *b);
    if (!b) abort();
    b->db = db;
    b->flags = flags;
    b->automerge = 4; /* FTS5's default when the table sets none */
    inv_status rc = db_one_int(db, "SELECT coalesce(max(id), 0) FROM asset", &b->last_id);
    if (!rc) rc = db_one_int(db, "SELECT coalesce(max(id), 0) FROM event", &b->last_event);
    if (!rc) rc = db_one_int(db, "SELECT coalesce((SELECT v FROM asset_fts_config"
                              " WHERE k = 'automerge'), 4)", &b->automerge);
    /* 0: the table sets none (FTS5's default, 1 MiB, applies). */
    if (!rc) rc = db_one_int(db, "SELECT coalesce((SELECT v FROM asset_fts_config"
                              " WHERE k = 'hashsize'), 0)", &b->hashsize);
    if (rc) {
        free_saved(b);
        return rc;
    }
    /* BULK_KEEP_TAGS keeps the unique indexes of the tags' codes (bulk.h). */
    sqlite3_stmt *st = db_stmt(db,
        "SELECT type, name, sql FROM sqlite_schema WHERE (type = 'trigger' AND name ="
        " 'asset_fts_ai') OR (:full AND type = 'index' AND tbl_name IN ('asset', 'event')"
        " AND sql IS NOT NULL AND NOT (:keep AND name IN ('asset_scan_code', 'asset_tag_key')))"
        " ORDER BY rowid");
    if (!st) {
        free_saved(b);
        return db_error(db)->code;
    }
    db_bind_int(st, ":full", (flags & BULK_FULL) ? 1 : 0);
    db_bind_int(st, ":keep", (flags & BULK_KEEP_TAGS) ? 1 : 0);
    int step;
    int cap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (b->nobjs == cap) {
            cap = cap ? cap * 2 : 16;
            b->objs = realloc(b->objs, (size_t)cap * sizeof *b->objs);
            if (!b->objs) abort();
        }
        saved *o = &b->objs[b->nobjs++];
        o->trigger = strcmp(db_col_text(st, 0), "trigger") == 0;
        o->name = strdup(db_col_text(st, 1));
        o->sql = strdup(db_col_text(st, 2));
        if (!o->name || !o->sql) abort();
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free_saved(b);
        return db_fail_sqlite(db, _("reading the schema"));
    }
    for (int i = 0; i < b->nobjs && rc == INV_OK; i++)
        rc = drop(db, b->objs[i].trigger ? "TRIGGER" : "INDEX", b->objs[i].name);
    /* A large load writes its index segments unmerged and merges them
     * once at the end ('optimize'); pending index data is flushed every
     * 8 MiB instead of every MiB, so there are far fewer of them. */
    if (rc == INV_OK && (flags & BULK_FULL))
        rc = db_exec(db, "INSERT INTO asset_fts(asset_fts, rank) VALUES('automerge', 0)");
    if (rc == INV_OK && (flags & BULK_FULL))
        rc = db_exec(db, "INSERT INTO asset_fts(asset_fts, rank) VALUES('hashsize', 8388608)");
    if (rc) {
        free_saved(b);
        return rc;
    }
    *out = b;
    return INV_OK;
}

/* The load's rows refer only to rows that exist: every foreign key of
 * the offices, and of the assets and events the load added, one pass
 * each (for loads that run with foreign_keys off, bulk.h). */
static inv_status check_references(inv_bulk *b)
{
    static const struct { const char *sql, *msg; } q[] = {
        {"SELECT id FROM office o WHERE parent_id IS NOT NULL AND NOT EXISTS"
         " (SELECT 1 FROM office p WHERE p.id = o.parent_id) LIMIT 1",
         N_("internal error: office #%lld refers to a missing row")},
        {"SELECT id FROM asset a WHERE id > :asset AND (NOT EXISTS (SELECT 1 FROM asset_kind"
         " k WHERE k.id = a.kind_id) OR (office_id IS NOT NULL AND NOT EXISTS"
         " (SELECT 1 FROM office o WHERE o.id = a.office_id)) OR (funding_id IS NOT NULL"
         " AND NOT EXISTS (SELECT 1 FROM funding f WHERE f.id = a.funding_id))) LIMIT 1",
         N_("internal error: asset #%lld refers to a missing row")},
        {"SELECT id FROM event e WHERE id > :event AND ((e.asset_id IS NOT NULL AND NOT EXISTS"
         " (SELECT 1 FROM asset a WHERE a.id = e.asset_id)) OR (from_office_id IS NOT NULL AND NOT EXISTS"
         " (SELECT 1 FROM office o WHERE o.id = e.from_office_id)) OR (to_office_id IS NOT"
         " NULL AND NOT EXISTS (SELECT 1 FROM office o WHERE o.id = e.to_office_id))) LIMIT 1",
         N_("internal error: event #%lld refers to a missing row")},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        sqlite3_stmt *st = db_stmt(b->db, q[i].sql);
        if (!st) return db_error(b->db)->code;
        if (i == 1) db_bind_int(st, ":asset", b->last_id);
        if (i == 2) db_bind_int(st, ":event", b->last_event);
        int rc = sqlite3_step(st);
        int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            return db_fail(b->db, INV_EDB, _(q[i].msg), (long long)id);
        if (rc != SQLITE_DONE) return db_fail_sqlite(b->db, _("checking references"));
    }
    return INV_OK;
}

inv_status bulk_end(inv_bulk *b)
{
    inv_db *db = b->db;
    /* Indexes first: the search index reads asset in rowid order and
     * needs none of them. */
    static const char phase[] = N_("Building the indexes");
    const int64_t steps = b->nobjs + 2;
    db_progress(db, phase, 0, steps);
    inv_status rc = check_references(b);
    for (int i = 0; i < b->nobjs && rc == INV_OK; i++) {
        if (!b->objs[i].trigger) rc = db_exec(db, b->objs[i].sql);
        db_progress(db, phase, i + 1, steps);
    }
    if (rc == INV_OK) {
        sqlite3_stmt *st = db_stmt(db,
            "INSERT INTO asset_fts(rowid, tag, serial, make, model, custodian, attrs,"
            " description, supplier, contract, refs) SELECT * FROM asset_fts_src"
            " WHERE id > :last");
        if (!st) rc = db_error(db)->code;
        else {
            db_bind_int(st, ":last", b->last_id);
            rc = db_exec_stmt(db, st, _("indexing the new assets for search"));
        }
    }
    db_progress(db, phase, steps - 1, steps);
    if (rc == INV_OK && (b->flags & BULK_FULL)) {
        rc = db_exec(db, "INSERT INTO asset_fts(asset_fts) VALUES('optimize')");
        if (rc == INV_OK) {
            sqlite3_stmt *st = db_stmt(db, "INSERT INTO asset_fts(asset_fts, rank)"
                                           " VALUES('automerge', :v)");
            if (!st) rc = db_error(db)->code;
            else {
                db_bind_int(st, ":v", b->automerge);
                rc = db_exec_stmt(db, st, _("merging the search index"));
            }
        }
        if (rc == INV_OK && b->hashsize > 0) {
            sqlite3_stmt *st = db_stmt(db, "INSERT INTO asset_fts(asset_fts, rank)"
                                           " VALUES('hashsize', :v)");
            if (!st) rc = db_error(db)->code;
            else {
                db_bind_int(st, ":v", b->hashsize);
                rc = db_exec_stmt(db, st, _("merging the search index"));
            }
        } else if (rc == INV_OK) {
            rc = db_exec(db, "DELETE FROM asset_fts_config WHERE k = 'hashsize'");
        }
    }
    for (int i = 0; i < b->nobjs && rc == INV_OK; i++)
        if (b->objs[i].trigger) rc = db_exec(db, b->objs[i].sql);
    db_progress(db, phase, steps, steps);
    free_saved(b);
    return rc;
}

void bulk_abort(inv_bulk *b)
{
    if (b) free_saved(b);
}
