/* verify.c: integrity, history replay and hash chain; online backup
 * (see verify.h). */
#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventar/alphabet.h"
#include "inventar/asset.h"
#include "inventar/event.h"
#include "inventar/history.h"
#include "inventar/priv.h"
#include "inventar/util.h"
#include "inventar/verify.h"
#include "schema.h"

/* ---- helpers ---- */

/* FNV-1a over a string: the replay compares hashes of statuses and
 * custodians instead of keeping a million strings. */
static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Run a statement that returns one integer. */
/* Offices by id, for naming them in messages and hashing their codes. */
typedef struct office_map {
    int64_t *ids;
    char (*codes)[INV_CODE_MAX + 1];
    size_t n;
} office_map;

static void office_map_free(office_map *m)
{
    free(m->ids);
    free(m->codes);
    memset(m, 0, sizeof *m);
}

static inv_status office_map_load(inv_db *db, office_map *m)
{
    memset(m, 0, sizeof *m);
    int64_t n;
    inv_status rc = db_one_int(db, "SELECT count(*) FROM office", &n);
    if (rc) return rc;
    m->ids = calloc((size_t)n + 1, sizeof *m->ids);
    m->codes = calloc((size_t)n + 1, sizeof *m->codes);
    if (!m->ids || !m->codes) abort();
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code FROM office ORDER BY id");
    if (!st) return db_error(db)->code;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && m->n < (size_t)n) {
        m->ids[m->n] = sqlite3_column_int64(st, 0);
        str_copy(m->codes[m->n], sizeof m->codes[0], db_col_text(st, 1));
        m->n++;
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail_sqlite(db, _("reading offices"));
    return INV_OK;
}

/* The code of office id; "" for 0; NULL when there is no such office. */
static const char *office_code(const office_map *m, int64_t id)
{
    if (id == 0) return "";
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ids[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->n && m->ids[lo] == id ? m->codes[lo] : NULL;
}

/* An office for a message: its code, or "(none)". */
static const char *office_label(const office_map *m, int64_t id)
{
    const char *c = office_code(m, id);
    if (!c) return "?";
    return *c ? c : _("(none)");
}

/* ---- SQLite's own checks ---- */

static inv_status check_sqlite(inv_db *db)
{
    sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check(1)");
    if (!st) return db_error(db)->code;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        inv_status s = db_fail_sqlite(db, _("integrity check"));
        sqlite3_reset(st);
        return s;
    }
    if (strcmp(db_col_text(st, 0), "ok") != 0) {
        db_fail(db, INV_ECORRUPT, _("the database file is damaged: %s"), db_col_text(st, 0));
        sqlite3_reset(st);
        return INV_ECORRUPT;
    }
    sqlite3_reset(st);

    st = db_stmt(db, "PRAGMA foreign_key_check");
    if (!st) return db_error(db)->code;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        char table[64], parent[64];
        str_copy(table, sizeof table, db_col_text(st, 0));
        str_copy(parent, sizeof parent, db_col_text(st, 2));
        int64_t rowid = sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
        if (!strcmp(table, "asset")) {
            sqlite3_stmt *t = db_stmt(db, "SELECT tag FROM asset WHERE id = :id");
            char tag[INV_TAG_MAX + 1] = "?";
            if (t) {
                db_bind_int(t, ":id", rowid);
                if (sqlite3_step(t) == SQLITE_ROW) str_copy(tag, sizeof tag, db_col_text(t, 0));
                sqlite3_reset(t);
            }
            return db_fail(db, INV_ECORRUPT, _("asset %s: refers to a missing row of "
                                               "table %s"), tag, parent);
        }
        if (!strcmp(table, "event"))
            return db_fail(db, INV_ECORRUPT, _("event %lld: refers to a missing row of "
                                               "table %s"), (long long)rowid, parent);
        return db_fail(db, INV_ECORRUPT, _("table %s, row %lld: refers to a missing row "
                                           "of table %s"), table, (long long)rowid, parent);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("foreign key check"));

    /* Every office must hang from a root: a cycle of parents cannot. */
    st = db_stmt(db,
        "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM office WHERE parent_id IS NULL"
        "  UNION ALL SELECT o.id, t.depth + 1 FROM office o JOIN t ON o.parent_id = t.id"
        "  WHERE t.depth < 100000)"
        " SELECT code FROM office WHERE id NOT IN (SELECT id FROM t) ORDER BY id LIMIT 1");
    if (!st) return db_error(db)->code;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        db_fail(db, INV_ECORRUPT, _("office %s: its chain of parent offices is a cycle"),
                db_col_text(st, 0));
        sqlite3_reset(st);
        return INV_ECORRUPT;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading offices"));
    return INV_OK;
}

inv_status verify_sqlite(inv_db *db)
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    rc = check_sqlite(db);
    inv_status c = db_commit(db);
    return rc ? rc : c;
}

/* ---- triggers ---- */

typedef struct want_trigger {
    const char *name, *table;
    const char *needs; /* text its SQL must hold, or NULL */
    const char *why;   /* what its absence breaks */
} want_trigger;

static const want_trigger WANT_TRIGGERS[] = {
    {"event_no_update", "event", "RAISE(ABORT", N_("events can be changed")},
    {"event_no_delete", "event", "RAISE(ABORT", N_("events can be deleted")},
    {"asset_fts_ai", "asset", NULL, N_("the search index misses new assets")},
    {"asset_fts_bu", "asset", NULL, N_("the search index keeps the old text of changed assets")},
    {"asset_fts_au", "asset", NULL, N_("the search index misses changed assets")},
    {"asset_fts_bd", "asset", NULL, N_("the search index keeps removed assets")},
    {"office_ref_ai", "office", NULL, N_("the search misses new offices")},
    {"office_ref_au", "office", NULL, N_("the search misses renamed offices")},
    {"office_ref_ad", "office", NULL, N_("the search keeps removed offices")},
    {"asset_kind_ref_ai", "asset_kind", NULL, N_("the search misses new kinds")},
    {"asset_kind_ref_au", "asset_kind", NULL, N_("the search misses renamed kinds")},
    {"asset_kind_ref_ad", "asset_kind", NULL, N_("the search keeps removed kinds")},
    {"funding_ref_ai", "funding", NULL, N_("the search misses new funding projects")},
    {"funding_ref_au", "funding", NULL, N_("the search misses renamed funding projects")},
    {"funding_ref_ad", "funding", NULL, N_("the search keeps removed funding projects")},
    {"office_no_delete", "office", "RAISE(ABORT", N_("offices with a history can be deleted")},
    {"check_scan_closed", "check_scan", "RAISE(ABORT", N_("a closed stock check takes scans")},
    {"check_scan_no_update", "check_scan", "RAISE(ABORT", N_("scans can be changed")},
    {"check_scan_no_delete", "check_scan", "RAISE(ABORT", N_("scans can be deleted")},
    {"check_expected_frozen", "check_expected", "RAISE(ABORT",
     N_("a closed stock check's expected list can grow")},
    {"document_no_update", "document", "RAISE(ABORT", N_("documents can be changed")},
    {"document_no_delete", "document", "RAISE(ABORT", N_("documents can be deleted")},
    {"document_event_no_update", "document_event", "RAISE(ABORT",
     N_("documents can be changed")},
    {"document_event_no_delete", "document_event", "RAISE(ABORT",
     N_("documents can be changed")},
};

/* The triggers exist on the right tables with the right bodies. */
static inv_status check_triggers_static(inv_db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT tbl_name, upper(sql) FROM sqlite_schema"
                                   " WHERE type = 'trigger' AND name = :n");
    if (!st) return db_error(db)->code;
    for (size_t i = 0; i < sizeof WANT_TRIGGERS / sizeof WANT_TRIGGERS[0]; i++) {
        const want_trigger *w = &WANT_TRIGGERS[i];
        db_bind_text(st, ":n", w->name);
        int rc = sqlite3_step(st);
        int ok = rc == SQLITE_ROW && !strcmp(db_col_text(st, 0), w->table) &&
                 (!w->needs || strstr(db_col_text(st, 1), w->needs));
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the schema"));
        if (!ok)
            return db_fail(db, INV_ECORRUPT, _("the trigger %s is missing or altered: %s"),
                           w->name, _(w->why));
    }
    /* Every trigger exactly as the schema defines it, and no other. */
    st = db_stmt(db, "SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'trigger'"
                     " ORDER BY name");
    if (!st) return db_error(db)->code;
    static char want[8192];
    inv_status rc = INV_OK;
    int step;
    while (rc == INV_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = db_col_text(st, 0);
        if (schema_trigger_sql(name, want, sizeof want) != 0)
            rc = db_fail(db, INV_ECORRUPT, _("the trigger %s is not one the schema defines"),
                         name);
        else if (strcmp(db_col_text(st, 1), want) != 0)
            rc = db_fail(db, INV_ECORRUPT, _("the trigger %s is altered: it is not as the schema "
                                             "defines it"), name);
    }
    if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading the schema"));
    sqlite3_reset(st);
    return rc;
}

/* Copy column values of the current row of src into the statement dst
 * (of another connection) and step it. */
static int probe_copy_row(sqlite3_stmt *src, sqlite3_stmt *dst)
{
    int n = sqlite3_column_count(src);
    for (int i = 0; i < n; i++) sqlite3_bind_value(dst, i + 1, sqlite3_column_value(src, i));
    int rc = sqlite3_step(dst);
    sqlite3_reset(dst);
    return rc;
}

/* The database itself refuses to change or delete an event: the table
 * and its triggers, exactly as the file defines them, are built in a
 * private in-memory database with the oldest and the newest event, and
 * each event is tried there (a trigger weakened to spare some events is
 * caught on either). The file itself is only read. */
static inv_status check_triggers_probe(inv_db *db)
{
    sqlite3 *m = NULL;
    sqlite3_stmt *src = NULL, *ins = NULL, *trg = NULL, *tab = NULL;
    inv_status rc = INV_OK;
    int64_t ids[2] = {0, 0};
    if ((rc = db_one_int(db, "SELECT coalesce(min(id), 0) FROM event", &ids[0])) != INV_OK ||
        (rc = db_one_int(db, "SELECT coalesce(max(id), 0) FROM event", &ids[1])) != INV_OK)
        return rc;
    if (ids[1] == 0) return INV_OK;
    sqlite3 *h = db_sqlite(db);
    if (sqlite3_open_v2(":memory:", &m, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = db_fail(db, INV_ENOMEM, _("checking the triggers: %s"), m ? sqlite3_errmsg(m) : "?");
        goto out;
    }
    /* No temporary file in $TMPDIR, as on every handle (db_open). */
    sqlite3_exec(m, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
    if (sqlite3_prepare_v2(h, "SELECT sql FROM main.sqlite_schema WHERE type = 'table'"
                              " AND name = 'event'", -1, &tab, NULL) != SQLITE_OK ||
        sqlite3_step(tab) != SQLITE_ROW) {
        rc = db_fail_sqlite(db, _("reading the schema"));
        goto out;
    }
    if (sqlite3_exec(m, db_col_text(tab, 0), NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(db, INV_ECORRUPT, _("the table event is altered: %s"), sqlite3_errmsg(m));
        goto out;
    }
    if (sqlite3_prepare_v2(h, "SELECT * FROM main.event WHERE id IN (?1, ?2) ORDER BY id", -1,
                           &src, NULL) != SQLITE_OK) {
        rc = db_fail_sqlite(db, _("reading the history"));
        goto out;
    }
    sbuf q = {0};
    sbuf_add(&q, "INSERT INTO event VALUES(");
    for (int i = 0; i < sqlite3_column_count(src); i++) sbuf_add(&q, i ? ", ?" : "?");
    sbuf_add(&q, ")");
    int prc = sqlite3_prepare_v2(m, sbuf_str(&q), -1, &ins, NULL);
    sbuf_free(&q);
    if (prc != SQLITE_OK) {
        rc = db_fail(db, INV_ECORRUPT, _("the table event is altered: %s"), sqlite3_errmsg(m));
        goto out;
    }
    sqlite3_bind_int64(src, 1, ids[0]);
    sqlite3_bind_int64(src, 2, ids[1]);
    int step;
    while ((step = sqlite3_step(src)) == SQLITE_ROW)
        if (probe_copy_row(src, ins) != SQLITE_DONE) {
            rc = db_fail(db, INV_EDB, _("checking the triggers: %s"), sqlite3_errmsg(m));
            goto out;
        }
    if (step != SQLITE_DONE) {
        rc = db_fail_sqlite(db, _("reading the history"));
        goto out;
    }
    if (sqlite3_prepare_v2(h, "SELECT sql FROM main.sqlite_schema WHERE type = 'trigger'"
                              " AND tbl_name = 'event' AND sql IS NOT NULL", -1, &trg,
                           NULL) != SQLITE_OK) {
        rc = db_fail_sqlite(db, _("reading the schema"));
        goto out;
    }
    while ((step = sqlite3_step(trg)) == SQLITE_ROW)
        sqlite3_exec(m, db_col_text(trg, 0), NULL, NULL, NULL); /* tried below */
    static const struct { const char *sql, *what; } tries[] = {
        {"UPDATE event SET note = note WHERE id = ?1",
         N_("event %lld could be changed: the history is not protected by the database")},
        {"DELETE FROM event WHERE id = ?1",
         N_("event %lld could be deleted: the history is not protected by the database")},
    };
    for (size_t i = 0; i < sizeof tries / sizeof tries[0] && rc == INV_OK; i++)
        for (int k = 1; k >= 0 && rc == INV_OK; k--) {
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(m, tries[i].sql, -1, &st, NULL) != SQLITE_OK) {
                rc = db_fail(db, INV_ECORRUPT, _("the table event is altered: %s"),
                             sqlite3_errmsg(m));
                break;
            }
            sqlite3_bind_int64(st, 1, ids[k]);
            int r = sqlite3_step(st);
            int ext = sqlite3_extended_errcode(m);
            sqlite3_finalize(st);
            if (r == SQLITE_DONE)
                rc = db_fail(db, INV_ECORRUPT, _(tries[i].what), (long long)ids[k]);
            else if ((ext & 0xff) != SQLITE_CONSTRAINT)
                rc = db_fail(db, INV_ECORRUPT, _("the triggers of table event are altered: %s"),
                             sqlite3_errmsg(m));
        }
out:
    sqlite3_finalize(tab);
    sqlite3_finalize(src);
    sqlite3_finalize(ins);
    sqlite3_finalize(trg);
    sqlite3_close(m);
    return rc;
}

inv_status verify_triggers(inv_db *db)
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    rc = check_triggers_static(db);
    if (!rc) rc = check_triggers_probe(db);
    inv_status c = db_commit(db);
    return rc ? rc : c;
}

/* ---- the search index ---- */

/* Run literal SQL on the handle's connection; the SQLite message is
 * recorded as a failure of what. */
static inv_status exec_sql(inv_db *db, const char *sql, const char *what)
{
    if (sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL) == SQLITE_OK) return INV_OK;
    return db_fail_sqlite(db, what);
}

/* FTS5's own check of the index tbl, without the write lock: FTS5 runs
 * its 'integrity-check' only as a write, so the index's shadow tables are
 * copied, in the caller's read snapshot, into a table of the same
 * definition in this connection's private temp database, whose content
 * (with_content: the view asset_fts_src) is a temp view of the real one,
 * and the check runs there (rank 1: the index is compared with the
 * content, token by token). The file is only read; the copy is dropped. */
static inv_status check_fts_copy(inv_db *db, const char *tbl, int with_content)
{
    static const char *const shadows[] = {"data", "idx", "config", "docsize", "content"};
    sqlite3 *h = db_sqlite(db);
    char *sql = NULL, *q = NULL;
    inv_status rc = INV_OK;
    sqlite3_stmt *st = NULL;
    const char *what = _("checking the search index");
    /* The definition, as the file has it: "CREATE VIRTUAL TABLE x USING fts5(...)". */
    q = sqlite3_mprintf("SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND"
                        " name = %Q", tbl);
    if (!q || sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK) {
        rc = db_fail_sqlite(db, what);
        goto out;
    }
    int step = sqlite3_step(st);
    const char *def = step == SQLITE_ROW ? db_col_text(st, 0) : "";
    const char *using = strstr(def, " USING ");
    if (step != SQLITE_ROW || !using || strncasecmp(using + 7, "fts5(", 5) != 0 ||
        strchr(using, ';')) {
        rc = step == SQLITE_ROW || step == SQLITE_DONE
                 ? db_fail(db, INV_ECORRUPT, _("the search index %s is missing or altered"), tbl)
                 : db_fail_sqlite(db, what);
        goto out;
    }
    sql = sqlite3_mprintf("CREATE VIRTUAL TABLE temp.\"%w\" USING %s", tbl, using + 7);
    sqlite3_finalize(st);
    st = NULL;
    if (!sql) abort();
    if (with_content) {
        sqlite3_free(q);
        q = sqlite3_mprintf("CREATE TEMP VIEW \"%w_src\" AS SELECT * FROM main.\"%w_src\"",
                            tbl, tbl);
        if ((rc = exec_sql(db, q, what)) != INV_OK) goto out;
    }
    if ((rc = exec_sql(db, sql, what)) != INV_OK) goto out;
    for (size_t i = 0; i < sizeof shadows / sizeof shadows[0]; i++) {
        sqlite3_free(q);
        q = sqlite3_mprintf("SELECT 1 FROM temp.sqlite_schema WHERE name = '%q_%q'", tbl,
                            shadows[i]);
        if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK) {
            rc = db_fail_sqlite(db, what);
            goto out;
        }
        int have = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        st = NULL;
        if (!have) continue;
        sqlite3_free(q);
        q = sqlite3_mprintf("DELETE FROM temp.\"%w_%w\"; INSERT INTO temp.\"%w_%w\""
                            " SELECT * FROM main.\"%w_%w\"", tbl, shadows[i], tbl,
                            shadows[i], tbl, shadows[i]);
        if ((rc = exec_sql(db, q, what)) != INV_OK) {
            if (db_error(db)->code != INV_EBUSY && db_error(db)->code != INV_ENOMEM)
                rc = db_fail(db, INV_ECORRUPT, _("the search index %s is missing or altered: "
                                                 "%s"), tbl, sqlite3_errmsg(h));
            goto out;
        }
    }
    sqlite3_free(q);
    q = sqlite3_mprintf(with_content ? "INSERT INTO temp.\"%w\"(\"%w\", rank)"
                                       " VALUES('integrity-check', 1)"
                                     : "INSERT INTO temp.\"%w\"(\"%w\")"
                                       " VALUES('integrity-check')", tbl, tbl);
    if (sqlite3_exec(h, q, NULL, NULL, NULL) != SQLITE_OK) {
        int ext = sqlite3_extended_errcode(h);
        if ((ext & 0xff) == SQLITE_CORRUPT)
            rc = db_fail(db, INV_ECORRUPT, _("the search index does not agree with the "
                                             "assets' text: %s"), sqlite3_errmsg(h));
        else
            rc = db_fail_sqlite(db, what);
    }
out:
    sqlite3_finalize(st);
    sqlite3_free(sql);
    sqlite3_free(q);
    /* Drop the copy: it must not stand in for the real index. */
    q = sqlite3_mprintf("DROP TABLE IF EXISTS temp.\"%w\"; DROP VIEW IF EXISTS"
                        " temp.\"%w_src\"", tbl, tbl);
    if (q) sqlite3_exec(h, q, NULL, NULL, NULL);
    sqlite3_free(q);
    return rc;
}

/* FTS5's own check of both indexes (copies: check_fts_copy). */
static inv_status check_fts_index(inv_db *db)
{
    inv_status rc = check_fts_copy(db, "asset_fts", 1);
    if (!rc) rc = check_fts_copy(db, "search_ref", 0);
    return rc;
}

/* The index holds one entry per asset and no other: every indexed asset
 * has its kind's ref token, so the kinds' tokens together list them. */
static inv_status check_fts_content(inv_db *db)
{
    sbuf q = {0};
    sqlite3_stmt *st = db_stmt(db, "SELECT ref FROM search_ref WHERE ref GLOB '\xc7\x80k*'");
    if (!st) return db_error(db)->code;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        sbuf_addf(&q, "%s\"%s\"", q.len ? " OR " : "", db_col_text(st, 0));
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        sbuf_free(&q);
        return db_fail_sqlite(db, _("reading the search index"));
    }
    sqlite3_stmt *src = db_stmt(db, "SELECT id, tag FROM asset ORDER BY id");
    if (!src) {
        sbuf_free(&q);
        return db_error(db)->code;
    }
    sqlite3_stmt *idx = db_stmt(db, "SELECT rowid FROM asset_fts WHERE asset_fts MATCH :q"
                                    " ORDER BY rowid");
    if (!idx) {
        sbuf_free(&q);
        sqlite3_reset(src);
        return db_error(db)->code;
    }
    /* No kinds at all: nothing can be indexed. */
    db_bind_text(idx, ":q", q.len ? sbuf_str(&q) : "\"\xc7\x80none\"");
    inv_status rc = INV_OK;
    int rs = sqlite3_step(src), ri = sqlite3_step(idx);
    while (rc == INV_OK && (rs == SQLITE_ROW || ri == SQLITE_ROW)) {
        int64_t sid = rs == SQLITE_ROW ? sqlite3_column_int64(src, 0) : INT64_MAX;
        int64_t iid = ri == SQLITE_ROW ? sqlite3_column_int64(idx, 0) : INT64_MAX;
        if (sid < iid)
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: missing from the search index"),
                         db_col_text(src, 1));
        else if (iid < sid)
            rc = db_fail(db, INV_ECORRUPT, _("the search index holds asset #%lld, which "
                                             "does not exist"), (long long)iid);
        if (rc) break;
        if (sid <= iid) rs = sqlite3_step(src);
        if (iid <= sid) ri = sqlite3_step(idx);
    }
    if (rc == INV_OK && ((rs != SQLITE_ROW && rs != SQLITE_DONE) ||
                         (ri != SQLITE_ROW && ri != SQLITE_DONE)))
        rc = db_fail_sqlite(db, _("reading the search index"));
    sqlite3_reset(src);
    sqlite3_reset(idx);
    sbuf_free(&q);
    return rc;
}

inv_status verify_fts(inv_db *db)
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    rc = check_fts_content(db);
    if (!rc) rc = check_fts_index(db);
    inv_status c = db_commit(db);
    return rc ? rc : c;
}

/* ---- the history: replay and hash chain in one pass ---- */

/* What the history says about one asset so far. */
typedef struct replay {
    int64_t last_event;  /* 0: no event seen yet */
    int64_t office_id;   /* to_office_id of the last event (0 = none) */
    uint64_t status_h;   /* str_hash of its to_status */
    uint64_t cust_h;     /* str_hash of its to_custodian */
    uint64_t facts_h;    /* facts_hash of its descriptive fields (history.h) */
} replay;

typedef struct hist {
    inv_db *db;
    office_map offices;
    json_t *keys;        /* "office:12" -> the key of a subject that is not an asset */
    json_t *facts;       /* "office:12", "scan:7" -> replayed facts (JSON object) */
    int64_t *ids;        /* asset ids, ascending */
    replay *state;       /* parallel to ids */
    size_t n;
} hist;

static void hist_free(hist *h)
{
    json_decref(h->keys);
    json_decref(h->facts);
    office_map_free(&h->offices);
    free(h->ids);
    free(h->state);
}

static replay *hist_find(hist *h, int64_t asset_id)
{
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->ids[mid] < asset_id) lo = mid + 1;
        else hi = mid;
    }
    return lo < h->n && h->ids[lo] == asset_id ? &h->state[lo] : NULL;
}

/* The to-values of event id, for a message. */
static void event_to_values(inv_db *db, int64_t id, int64_t *office, char *status,
                            size_t ns, char *cust, size_t nc)
{
    *office = 0;
    status[0] = cust[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(to_office_id, 0), to_status, to_custodian"
                                   " FROM event WHERE id = :id");
    if (!st) return;
    db_bind_int(st, ":id", id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *office = sqlite3_column_int64(st, 0);
        str_copy(status, ns, db_col_text(st, 1));
        str_copy(cust, nc, db_col_text(st, 2));
    }
    sqlite3_reset(st);
}

/* Columns of the pass over the history. */
enum {
    HC_ID, HC_ASSET, HC_TAG, HC_AT, HC_ACTOR, HC_TYPE, HC_FO_NULL, HC_FO, HC_TO,
    HC_FS_NULL, HC_FS, HC_TS, HC_FC_NULL, HC_FC, HC_TC, HC_DOC, HC_NOTE, HC_CHANGES,
    HC_CHECK, HC_PREV, HC_HASH, HC_ACT_DATE, HC_REVERTS, HC_STYPE, HC_SID
};

/* ---- facts: replayed and compared with the rows (history.h) ---- */

/* One field's value in an asset's facts hash: a 64-bit mix of the field
 * and its value. The hash of an asset's facts is the XOR over its fields,
 * so an edit [old,new] moves it by fact_h(f,old) ^ fact_h(f,new): eight
 * bytes per asset, whatever the number of fields and events. */
static uint64_t fact_h(const char *field, const char *value)
{
    uint64_t h = str_hash(field) ^ 0x9e3779b97f4a7c15ULL;
    for (const char *p = value ? value : ""; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

/* The facts hash of an asset whose fields are all empty. */
static uint64_t facts_empty(void)
{
    int n;
    const history_def *defs = history_defs(&n);
    const history_def *a = NULL;
    for (int i = 0; i < n; i++)
        if (defs[i].asset) a = &defs[i];
    uint64_t h = 0;
    for (int i = 0; a && a->fields[i]; i++) h ^= fact_h(a->fields[i], "");
    return h;
}

/* Event types that begin a subject's facts (every field given), and
 * those that change some of them. */
static int first_facts(const char *type)
{
    static const char *const t[] = {"created", "imported", "baseline", "office_created",
                                    "kind_created", "funding_created", "check_started",
                                    "check_scanned", "document_recorded", "user_created"};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!strcmp(type, t[i])) return 1;
    return 0;
}

static int edit_facts(const char *type)
{
    static const char *const t[] = {"edited", "office_edited", "kind_edited", "funding_edited",
                                    "check_edited", "check_closed", "user_edited"};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!strcmp(type, t[i])) return 1;
    return 0;
}

/* A value for a message: 'text', or "(none)" for null. */
static void show_value(json_t *v, char *out, size_t n)
{
    if (!v || json_is_null(v)) {
        str_copy(out, n, _("(none)"));
        return;
    }
    const char *s = json_string_value(v);
    char *safe = term_safe(s ? s : "");
    if (strlen(safe) > 80) memcpy(safe + 77, "...", 4);
    snprintf(out, n, "'%s'", safe);
    free(safe);
}

/* A subject as the messages name it: "office RDSA-11", "stock check 3". */
static void subject_label(const char *name, const char *key, int64_t scan, char *out,
                          size_t n)
{
    char *k = term_safe(key);
    if (!strcmp(name, "office")) snprintf(out, n, _("office %s"), k);
    else if (!strcmp(name, "kind")) snprintf(out, n, _("asset kind %s"), k);
    else if (!strcmp(name, "funding")) snprintf(out, n, _("funding project %s"), k);
    else if (!strcmp(name, "check")) snprintf(out, n, _("stock check %s"), k);
    /* TRANSLATORS: %1$s is a stock check's number, %2$lld a scan's. */
    else if (!strcmp(name, "scan")) snprintf(out, n, _("stock check %1$s, scan %2$lld"), k,
                                              (long long)scan);
    else if (!strcmp(name, "document")) snprintf(out, n, _("document %s"), k);
    else snprintf(out, n, _("asset %s"), k);
    free(k);
}

/* The keys of the subjects that are not assets, for the v3 hashes. */
static inv_status load_keys(hist *h)
{
    inv_db *db = h->db;
    h->keys = json_object();
    h->facts = json_object();
    int n;
    const history_def *defs = history_defs(&n);
    for (int d = 0; d < n; d++) {
        const history_def *def = &defs[d];
        if (def->asset || strcmp(def->name, def->subject)) continue;
        sqlite3_stmt *st = db_stmt(db, def->sql_all);
        if (!st) return db_error(db)->code;
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            char k[64];
            snprintf(k, sizeof k, "%s:%lld", def->subject,
                     (long long)sqlite3_column_int64(st, 1));
            json_object_set_new(h->keys, k, json_string(db_col_text(st, 2)));
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE) return db_fail_sqlite(db, _("reading the history"));
    }
    return INV_OK;
}

/* Replay one event of a subject that is not an asset. */
static inv_status replay_subject(hist *h, const inv_event *ev)
{
    inv_db *db = h->db;
    json_t *ch = ev->changes ? json_loads(ev->changes, 0, NULL) : NULL;
    const char *name = ev->subject_type;
    int64_t id = ev->subject_id;
    json_t *scan = json_object_get(ch, "@scan");
    if (!strcmp(ev->type, "check_scanned") || (scan && !strcmp(ev->type, "baseline"))) {
        if (!json_is_integer(scan)) {
            json_decref(ch);
            return db_fail(db, INV_ECORRUPT, _("event %lld (%s): a scan's event names no "
                                               "scan"), (long long)ev->id, ev->at);
        }
        name = "scan";
        id = (int64_t)json_integer_value(scan);
    }
    char key[64];
    snprintf(key, sizeof key, "%s:%lld", name, (long long)id);
    json_t *st = json_object_get(h->facts, key);
    int first = first_facts(ev->type), edit = edit_facts(ev->type);
    if (!first && !edit) {
        json_decref(ch);
        return INV_OK;
    }
    if (first) {
        st = json_object();
        json_object_set_new(h->facts, key, st);
        json_object_set_new(st, "@key", json_string(ev->subject_key));
        json_object_set_new(st, "@event", json_integer(ev->id));
    } else if (!st) {
        char who[INV_TEXT_MAX + 64];
        subject_label(name, ev->subject_key, id, who, sizeof who);
        json_decref(ch);
        return db_fail(db, INV_ECORRUPT, _("%1$s: event %2$lld (%3$s) changes it, but no "
                                           "earlier event records it"), who,
                       (long long)ev->id, ev->at);
    }
    const char *f;
    json_t *v;
    inv_status rc = INV_OK;
    json_object_foreach(ch, f, v) {
        if (f[0] == '@') continue;
        json_t *old = json_array_get(v, 0), *nv = json_array_get(v, 1);
        if (!old || !nv) continue;
        if (edit) {
            json_t *cur = json_object_get(st, f);
            if (!cur || !json_equal(cur, old)) {
                char who[INV_TEXT_MAX + 64], a[128], b[128];
                subject_label(name, ev->subject_key, id, who, sizeof who);
                show_value(old, a, sizeof a);
                show_value(cur, b, sizeof b);
                /* TRANSLATORS: %1$s names the row ("office RDSA-11"), %4$s a
                 * field, %5$s and %6$s values. */
                rc = db_fail(db, INV_ECORRUPT, _("%1$s: event %2$lld (%3$s) changes %4$s from "
                                                 "%5$s, but the history before it says %6$s"),
                             who, (long long)ev->id, ev->at, f, a, b);
                break;
            }
        }
        json_object_set(st, f, nv);
    }
    json_decref(ch);
    return rc;
}

/* Every row of every subject that is not an asset is what its history
 * says, field by field; no history is left without its row. */
static inv_status check_subjects(hist *h)
{
    inv_db *db = h->db;
    int n;
    const history_def *defs = history_defs(&n);
    inv_status rc = INV_OK;
    for (int d = 0; d < n && rc == INV_OK; d++) {
        const history_def *def = &defs[d];
        if (def->asset) continue;
        sqlite3_stmt *st = db_stmt(db, def->sql_all);
        if (!st) return db_error(db)->code;
        int step;
        while (rc == INV_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            char key[64], who[INV_TEXT_MAX + 64];
            snprintf(key, sizeof key, "%s:%lld", def->name, (long long)id);
            subject_label(def->name, db_col_text(st, 2), id, who, sizeof who);
            json_t *want = json_object_get(h->facts, key);
            if (!want && !strcmp(def->name, "kind")) {
                /* A kind of the schema's own, as it defines it. */
                sqlite3_stmt *b = db_stmt(db, "SELECT count(*) FROM asset_kind WHERE id = :id"
                                              " AND (code, name, prefix, fields) IN ("
                                              HISTORY_BUILTIN_KINDS ")");
                if (!b) { rc = db_error(db)->code; break; }
                db_bind_int(b, ":id", id);
                int builtin = sqlite3_step(b) == SQLITE_ROW && sqlite3_column_int(b, 0) > 0;
                sqlite3_reset(b);
                if (builtin) continue;
            }
            if (!want) {
                rc = db_fail(db, INV_ECORRUPT, _("%s: has no history (no event records it)"),
                             who);
                break;
            }
            json_t *row = history_facts_row(def, st);
            for (int i = 0; def->fields[i]; i++) {
                json_t *have = json_object_get(row, def->fields[i]);
                json_t *said = json_object_get(want, def->fields[i]);
                if (said && json_equal(have, said)) continue;
                char a[128], b[128];
                show_value(have, a, sizeof a);
                show_value(said, b, sizeof b);
                /* TRANSLATORS: %1$s names the row ("office RDSA-11"), %2$s a
                 * field, %3$s and %4$s values. */
                rc = db_fail(db, INV_ECORRUPT, _("%1$s: %2$s is %3$s but the history says %4$s"),
                             who, def->fields[i], a, b);
                break;
            }
            json_decref(row);
            json_object_del(h->facts, key);
        }
        if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading the history"));
        sqlite3_reset(st);
    }
    if (rc == INV_OK && json_object_size(h->facts) > 0) {
        /* The oldest history whose row is gone. */
        const char *k, *name_end;
        json_t *v, *pick = NULL;
        const char *pk = NULL;
        json_object_foreach(h->facts, k, v) {
            if (!pick || json_integer_value(json_object_get(v, "@event")) <
                             json_integer_value(json_object_get(pick, "@event"))) {
                pick = v;
                pk = k;
            }
        }
        char name[16], who[INV_TEXT_MAX + 64];
        name_end = strchr(pk, ':');
        str_copy(name, sizeof name, pk);
        if (name_end && (size_t)(name_end - pk) < sizeof name) name[name_end - pk] = '\0';
        subject_label(name, json_string_value(json_object_get(pick, "@key")),
                      name_end ? strtoll(name_end + 1, NULL, 10) : 0, who, sizeof who);
        rc = db_fail(db, INV_ECORRUPT, _("%1$s: event %2$lld records it, but its row is gone"),
                     who, (long long)json_integer_value(json_object_get(pick, "@event")));
    }
    return rc;
}

/* Replay an asset's descriptive fields from an event into its hash. */
static void replay_asset_facts(replay *r, const inv_event *ev)
{
    int first = !strcmp(ev->type, "created") || !strcmp(ev->type, "imported") ||
                !strcmp(ev->type, "baseline");
    if (first) r->facts_h = facts_empty();
    if (!first && strcmp(ev->type, "edited")) return;
    if (!ev->changes) return;
    json_t *ch = json_loads(ev->changes, 0, NULL);
    const char *f;
    json_t *v;
    json_object_foreach(ch, f, v) {
        if (f[0] == '@') continue;
        r->facts_h ^= fact_h(f, json_string_value(json_array_get(v, 0))) ^
                      fact_h(f, json_string_value(json_array_get(v, 1)));
    }
    json_decref(ch);
}

/* An asset whose facts hash differs: its events again, one by one, to
 * name the first field the history does not explain. */
static inv_status explain_asset(inv_db *db, const history_def *def, int64_t id,
                                const char *tag, json_t *row)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, at, type, changes FROM event"
                                   " WHERE asset_id = :id ORDER BY id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    json_t *state = json_object();
    inv_status rc = INV_OK;
    char *safe_tag = term_safe(tag);
    int step;
    /* Edits are checked against what the history holds once a first
     * event gave every field (older created events hold none). */
    int known = 0;
    char who[INV_TEXT_MAX + 64];
    subject_label("asset", tag, 0, who, sizeof who);
    while (rc == INV_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *type = db_col_text(st, 2);
        int first = !strcmp(type, "created") || !strcmp(type, "imported") ||
                    !strcmp(type, "baseline");
        if (!first && strcmp(type, "edited")) continue;
        json_t *ch = json_loads(db_col_text(st, 3), 0, NULL);
        if (first) {
            json_object_clear(state);
            known = json_object_get(ch, "kind") != NULL;
        }
        const char *f;
        json_t *v;
        json_object_foreach(ch, f, v) {
            if (f[0] == '@') continue;
            json_t *old = json_array_get(v, 0);
            json_t *cur = json_object_get(state, f);
            const char *o = json_string_value(old), *c = cur ? json_string_value(cur) : "";
            if (!first && known && strcmp(o ? o : "", c ? c : "")) {
                char a[128], b[128];
                show_value(old, a, sizeof a);
                show_value(cur ? cur : json_string(""), b, sizeof b);
                rc = db_fail(db, INV_ECORRUPT, _("%1$s: event %2$lld (%3$s) changes %4$s from "
                                                 "%5$s, but the history before it says %6$s"),
                             who, (long long)sqlite3_column_int64(st, 0),
                             db_col_text(st, 1), f, a, b);
                break;
            }
            json_object_set(state, f, json_array_get(v, 1));
        }
        json_decref(ch);
    }
    sqlite3_reset(st);
    for (int i = 0; rc == INV_OK && def->fields[i]; i++) {
        json_t *have = json_object_get(row, def->fields[i]);
        json_t *said = json_object_get(state, def->fields[i]);
        const char *hv = json_string_value(have), *sv = said ? json_string_value(said) : "";
        if (!strcmp(hv ? hv : "", sv ? sv : "")) continue;
        char a[128], b[128];
        json_t *e = json_string("");
        show_value(have, a, sizeof a);
        show_value(said ? said : e, b, sizeof b);
        json_decref(e);
        rc = db_fail(db, INV_ECORRUPT, _("%1$s: %2$s is %3$s but the history says %4$s"), who,
                     def->fields[i], a, b);
    }
    if (rc == INV_OK)
        rc = db_fail(db, INV_ECORRUPT, _("asset %s: its fields are not what its history says"),
                     safe_tag);
    free(safe_tag);
    json_decref(state);
    return rc;
}

/* Every asset's descriptive fields are what its history says, and its
 * last_seen is the time of its last stock-check sighting that stands. */
static inv_status check_asset_facts(hist *h)
{
    inv_db *db = h->db;
    const history_def *def = history_def_find("asset");
    sqlite3_stmt *st = db_stmt(db, def->sql_all);
    if (!st) return db_error(db)->code;
    inv_status rc = INV_OK;
    int step;
    while (rc == INV_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        replay *r = hist_find(h, id);
        uint64_t have = 0;
        for (int i = 0; def->fields[i]; i++)
            have ^= fact_h(def->fields[i], db_col_text(st, 3 + i));
        if (r && have == r->facts_h) continue;
        char tag[INV_TAG_MAX + 1];
        str_copy(tag, sizeof tag, db_col_text(st, 2));
        json_t *row = history_facts_row(def, st);
        sqlite3_reset(st);
        rc = explain_asset(db, def, id, tag, row);
        json_decref(row);
        return rc;
    }
    if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading assets"));
    sqlite3_reset(st);
    if (rc) return rc;
    st = db_stmt(db, "SELECT a.tag, coalesce(a.last_seen, ''), coalesce((SELECT max(x.at)"
                     " FROM event x WHERE x.asset_id = a.id AND x.type = 'seen' AND NOT EXISTS"
                     " (SELECT 1 FROM event r WHERE r.reverts = x.id)), '') AS said"
                     " FROM asset a WHERE coalesce(a.last_seen, '') <> said"
                     " ORDER BY a.id LIMIT 1");
    if (!st) return db_error(db)->code;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        char who[INV_TEXT_MAX + 64], a[128], b[128];
        json_t *x = json_string(db_col_text(st, 1)), *y = json_string(db_col_text(st, 2));
        subject_label("asset", db_col_text(st, 0), 0, who, sizeof who);
        show_value(x, a, sizeof a);
        show_value(y, b, sizeof b);
        json_decref(x);
        json_decref(y);
        rc = db_fail(db, INV_ECORRUPT, _("%1$s: %2$s is %3$s but the history says %4$s"), who,
                     "last_seen", a, b);
    } else if (step != SQLITE_DONE) {
        rc = db_fail_sqlite(db, _("reading assets"));
    }
    sqlite3_reset(st);
    return rc;
}

/* Check one event against the chain and its asset's replay. */
static inv_status check_event(hist *h, sqlite3_stmt *st, inv_event *ev, char prev[65])
{
    inv_db *db = h->db;
    ev->id = sqlite3_column_int64(st, HC_ID);
    ev->asset_id = sqlite3_column_int64(st, HC_ASSET);
    str_copy(ev->tag, sizeof ev->tag, db_col_text(st, HC_TAG));
    str_copy(ev->at, sizeof ev->at, db_col_text(st, HC_AT));
    str_copy(ev->actor, sizeof ev->actor, db_col_text(st, HC_ACTOR));
    str_copy(ev->type, sizeof ev->type, db_col_text(st, HC_TYPE));
    ev->from_office_id = sqlite3_column_int64(st, HC_FO);
    ev->to_office_id = sqlite3_column_int64(st, HC_TO);
    ev->has_from = !sqlite3_column_int(st, HC_FS_NULL);
    str_copy(ev->from_status, sizeof ev->from_status, db_col_text(st, HC_FS));
    str_copy(ev->to_status, sizeof ev->to_status, db_col_text(st, HC_TS));
    str_copy(ev->from_custodian, sizeof ev->from_custodian, db_col_text(st, HC_FC));
    str_copy(ev->to_custodian, sizeof ev->to_custodian, db_col_text(st, HC_TC));
    str_copy(ev->doc, sizeof ev->doc, db_col_text(st, HC_DOC));
    str_copy(ev->note, sizeof ev->note, db_col_text(st, HC_NOTE));
    ev->changes = (char *)sqlite3_column_text(st, HC_CHANGES);
    ev->check_id = sqlite3_column_int64(st, HC_CHECK);
    str_copy(ev->prev_hash, sizeof ev->prev_hash, db_col_text(st, HC_PREV));
    str_copy(ev->hash, sizeof ev->hash, db_col_text(st, HC_HASH));
    str_copy(ev->act_date, sizeof ev->act_date, db_col_text(st, HC_ACT_DATE));
    ev->reverts = sqlite3_column_int64(st, HC_REVERTS);
    str_copy(ev->subject_type, sizeof ev->subject_type, db_col_text(st, HC_STYPE));
    ev->subject_id = sqlite3_column_int64(st, HC_SID);
    ev->subject_key[0] = '\0';
    int is_asset = event_is_asset(ev);
    if (!is_asset) {
        char k[64];
        snprintf(k, sizeof k, "%s:%lld", ev->subject_type, (long long)ev->subject_id);
        const char *key = json_string_value(json_object_get(h->keys, k));
        if (!key)
            return db_fail(db, INV_ECORRUPT, _("event %lld (%s): its subject (%s #%lld) does "
                                               "not exist"), (long long)ev->id, ev->at,
                           ev->subject_type, (long long)ev->subject_id);
        str_copy(ev->subject_key, sizeof ev->subject_key, key);
    }
    const char *tag = !is_asset ? ev->subject_key : ev->tag[0] ? ev->tag : "?";

    const char *fo = office_code(&h->offices, ev->from_office_id);
    const char *to = office_code(&h->offices, ev->to_office_id);
    if (!fo || !to)
        return db_fail(db, INV_ECORRUPT, _("event %lld (asset %s, %s): refers to an office "
                                           "that does not exist"), (long long)ev->id, tag,
                       ev->at);
    str_copy(ev->from_office, sizeof ev->from_office, fo);
    str_copy(ev->to_office, sizeof ev->to_office, to);

    /* The chain. */
    if (strcmp(ev->prev_hash, prev) != 0)
        return db_fail(db, INV_ECORRUPT, _("event %lld (asset %s, %s): does not follow the "
                                           "event before it (an event was removed, inserted "
                                           "or rewritten)"), (long long)ev->id, tag, ev->at);
    char want[65];
    event_hash(ev, prev, want);
    if (strcmp(want, ev->hash) != 0)
        return db_fail(db, INV_ECORRUPT, _("event %lld (asset %s, %s): hash does not match "
                                           "its content"), (long long)ev->id, tag, ev->at);
    memcpy(prev, ev->hash, 65);
    if (!strcmp(ev->type, "reverted") != (ev->reverts != 0) || ev->reverts >= ev->id)
        return db_fail(db, INV_ECORRUPT, _("event %lld (asset %s, %s): a revert must name an "
                                           "earlier event, and only a revert names one"),
                       (long long)ev->id, tag, ev->at);

    /* The replay. */
    if (!is_asset) return replay_subject(h, ev);
    replay *r = hist_find(h, ev->asset_id);
    if (!r)
        return db_fail(db, INV_ECORRUPT, _("event %lld (%s): belongs to asset #%lld, which "
                                           "does not exist"), (long long)ev->id, ev->at,
                       (long long)ev->asset_id);
    int fo_null = sqlite3_column_int(st, HC_FO_NULL);
    int fc_null = sqlite3_column_int(st, HC_FC_NULL);
    if (r->last_event == 0) {
        if (ev->has_from || !fo_null || !fc_null)
            return db_fail(db, INV_ECORRUPT, _("asset %s: its first event (%lld, %s) has a "
                                               "from-state, so its history lacks a beginning"),
                           tag, (long long)ev->id, ev->at);
    } else {
        if (!ev->has_from || fc_null)
            return db_fail(db, INV_ECORRUPT, _("asset %s: event %lld (%s) has no from-state "
                                               "although event %lld came before it"), tag,
                           (long long)ev->id, ev->at, (long long)r->last_event);
        int64_t po;
        char ps[INV_STATUS_MAX], pc[INV_TEXT_MAX + 1];
        if (ev->from_office_id != r->office_id) {
            event_to_values(db, r->last_event, &po, ps, sizeof ps, pc, sizeof pc);
            return db_fail(db, INV_ECORRUPT, _("asset %s: event %lld (%s) moves it from "
                                               "office %s, but event %lld left it at %s"),
                           tag, (long long)ev->id, ev->at,
                           office_label(&h->offices, ev->from_office_id),
                           (long long)r->last_event, office_label(&h->offices, r->office_id));
        }
        if (str_hash(ev->from_status) != r->status_h) {
            event_to_values(db, r->last_event, &po, ps, sizeof ps, pc, sizeof pc);
            return db_fail(db, INV_ECORRUPT, _("asset %s: event %lld (%s) starts from status "
                                               "%s, but event %lld left it %s"), tag,
                           (long long)ev->id, ev->at, ev->from_status,
                           (long long)r->last_event, ps);
        }
        if (str_hash(ev->from_custodian) != r->cust_h) {
            event_to_values(db, r->last_event, &po, ps, sizeof ps, pc, sizeof pc);
            return db_fail(db, INV_ECORRUPT, _("asset %s: event %lld (%s) starts from custodian "
                                               "'%s', but event %lld left it with '%s'"), tag,
                           (long long)ev->id, ev->at, ev->from_custodian,
                           (long long)r->last_event, pc);
        }
    }
    r->last_event = ev->id;
    r->office_id = ev->to_office_id;
    r->status_h = str_hash(ev->to_status);
    r->cust_h = str_hash(ev->to_custodian);
    replay_asset_facts(r, ev);
    return INV_OK;
}

/* The stored scan code and look-alike key of a tag are its own. ASCII
 * tags (nearly all) are compared without building the codes. */
static inv_status check_codes(inv_db *db, const char *tag, const char *scan, const char *key)
{
    int ok;
    if (alpha_is_ascii(tag)) {
        ok = !strcmp(scan, tag) && strlen(key) == strlen(tag);
        for (size_t i = 0; ok && tag[i]; i++)
            ok = key[i] == (char)toupper((unsigned char)tag[i]);
    } else {
        char s[INV_TAG_MAX + 1], k[INV_TAG_MAX + 1];
        ok = asset_tag_codes(tag, s, k) == 0 && !strcmp(scan, s) && !strcmp(key, k);
    }
    if (ok) return INV_OK;
    return db_fail(db, INV_ECORRUPT, _("asset %s: its scan code '%s' or look-alike key '%s' "
                                       "is not the tag's"), tag, scan, key);
}

/* Every asset ends where its history says. */
static inv_status check_assets(hist *h)
{
    inv_db *db = h->db;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, tag, coalesce(office_id, 0), status, custodian,"
                                   " coalesce(scan_code, ''), coalesce(tag_key, '')"
                                   " FROM asset ORDER BY id");
    if (!st) return db_error(db)->code;
    inv_status rc = INV_OK;
    int step;
    while (rc == INV_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *tag = db_col_text(st, 1);
        int64_t office = sqlite3_column_int64(st, 2);
        const char *status = db_col_text(st, 3);
        const char *cust = db_col_text(st, 4);
        replay *r = hist_find(h, id);
        if (!r) {
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: appeared while it was being checked"),
                         tag);
            break;
        }
        if (r->last_event == 0) {
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: has no history (no event records it)"),
                         tag);
            break;
        }
        /* The scan code and look-alike key follow from the tag (a changed
         * scan code would send a label's scans to another asset). */
        if ((rc = check_codes(db, tag, db_col_text(st, 5), db_col_text(st, 6))) != INV_OK)
            break;
        if (office == r->office_id && str_hash(status) == r->status_h &&
            str_hash(cust) == r->cust_h)
            continue;
        int64_t ho;
        char hs[INV_STATUS_MAX], hc[INV_TEXT_MAX + 1];
        event_to_values(db, r->last_event, &ho, hs, sizeof hs, hc, sizeof hc);
        if (office != r->office_id)
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: office is %s but its history says %s"),
                         tag, office_label(&h->offices, office),
                         office_label(&h->offices, r->office_id));
        else if (str_hash(status) != r->status_h)
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: status is %s but its history says %s"),
                         tag, status, hs);
        else
            rc = db_fail(db, INV_ECORRUPT, _("asset %s: custodian is '%s' but its history "
                                             "says '%s'"), tag, cust, hc);
    }
    if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading assets"));
    sqlite3_reset(st);
    return rc;
}

static inv_status check_history(inv_db *db, verify_counts *counts)
{
    hist h;
    memset(&h, 0, sizeof h);
    h.db = db;
    inv_status rc = office_map_load(db, &h.offices);
    if (!rc) rc = load_keys(&h);
    int64_t n = 0;
    if (!rc) rc = db_one_int(db, "SELECT count(*) FROM asset", &n);
    if (rc) {
        hist_free(&h);
        return rc;
    }
    h.ids = malloc(((size_t)n + 1) * sizeof *h.ids);
    h.state = calloc((size_t)n + 1, sizeof *h.state);
    if (!h.ids || !h.state) abort();
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM asset ORDER BY id");
    if (!st) {
        hist_free(&h);
        return db_error(db)->code;
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && h.n < (size_t)n)
        h.ids[h.n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        hist_free(&h);
        return db_fail_sqlite(db, _("reading assets"));
    }

    st = db_stmt(db,
        "SELECT e.id, e.asset_id, coalesce(a.tag, ''), e.at, e.actor, e.type,"
        " e.from_office_id IS NULL, coalesce(e.from_office_id, 0),"
        " coalesce(e.to_office_id, 0), e.from_status IS NULL, coalesce(e.from_status, ''),"
        " e.to_status, e.from_custodian IS NULL, coalesce(e.from_custodian, ''),"
        " e.to_custodian, coalesce(e.doc, ''), coalesce(e.note, ''), e.changes,"
        " coalesce(e.check_id, 0), e.prev_hash, e.hash, coalesce(e.act_date, ''),"
        " coalesce(e.reverts, 0), e.subject_type, e.subject_id"
        " FROM event e LEFT JOIN asset a ON a.id = e.asset_id ORDER BY e.id");
    if (!st) {
        hist_free(&h);
        return db_error(db)->code;
    }
    inv_event *ev = malloc(sizeof *ev);
    if (!ev) abort();
    char prev[65];
    memcpy(prev, EVENT_GENESIS, 65);
    int64_t events = 0, last = 0;
    db_one_int(db, "SELECT coalesce(max(id), 0) FROM event", &last);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        events++;
        if ((rc = check_event(&h, st, ev, prev)) != INV_OK) break;
        if ((events & 1023) == 0) db_progress(db, N_("Checking the history"), events, last);
    }
    db_progress(db, N_("Checking the history"), last, last);
    if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading the history"));
    sqlite3_reset(st);
    free(ev);
    if (rc == INV_OK) rc = check_assets(&h);
    if (rc == INV_OK) rc = check_asset_facts(&h);
    if (rc == INV_OK) rc = check_subjects(&h);
    if (rc == INV_OK && counts) {
        counts->assets = (int64_t)h.n;
        counts->events = events;
    }
    hist_free(&h);
    return rc;
}

inv_status verify_history(inv_db *db, verify_counts *counts)
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    rc = check_history(db, counts);
    inv_status c = db_commit(db);
    return rc ? rc : c;
}

/* ---- one snapshot, two cores ---- */

/* The checks that need no replay state (SQLite's own, the search index)
 * run on a second read-only connection in a second thread while the
 * first replays the history; both must read the same snapshot. */
typedef struct side_checks {
    inv_db *db;     /* the second connection, in its read transaction */
    inv_status rc;  /* its result; the message is on db */
    int sqlite_bad; /* the fault is SQLite's own check's (reported first) */
} side_checks;

static inv_status run_side_checks(side_checks *sc)
{
    inv_db *db = sc->db;
    inv_status rc = check_sqlite(db);
    if (rc) {
        sc->sqlite_bad = 1;
        return rc;
    }
    if (!rc) rc = check_fts_content(db);
    if (!rc) rc = check_fts_index(db);
    return rc;
}

static void *side_thread(void *arg)
{
    side_checks *sc = arg;
    sc->rc = run_side_checks(sc);
    return NULL;
}

#define SNAPSHOT_TRIES 20 /* attempts to start two transactions on one snapshot */

/* Open a second read-only connection and start read transactions on it
 * and on db that see the same snapshot: db's data_version is read, the
 * second connection's snapshot taken, then db's; when db's data_version
 * did not move, nothing was committed in between, so the two agree.
 * Returns the second handle (db's transaction open) or NULL with db's
 * read transaction open all the same (the caller then runs everything
 * on db). Without SQLite's snapshot API (not in Debian's build) this is
 * how two connections share a snapshot. */
static inv_db *open_twin(inv_db *db, inv_status *rc)
{
    inv_err err;
    inv_err_clear(&err);
    inv_db *b = NULL;
    *rc = INV_OK;
    if (db_open(db_path(db), DB_OPEN_READONLY, &b, &err) != INV_OK) b = NULL;
    for (int i = 0; b && i < SNAPSHOT_TRIES; i++) {
        int64_t v1 = 0, v2 = -1, x;
        if (db_one_int(db, "PRAGMA data_version", &v1) != INV_OK) break;
        if (db_begin_read(b, DB_HERE) != INV_OK) break;
        if (db_one_int(b, "SELECT count(*) FROM sqlite_schema", &x) != INV_OK) {
            db_rollback(b);
            break;
        }
        if ((*rc = db_begin_read(db, DB_HERE)) != INV_OK) {
            db_rollback(b);
            db_close(b);
            return NULL;
        }
        if (db_one_int(db, "PRAGMA data_version", &v2) == INV_OK && v1 == v2) return b;
        db_rollback(db);
        db_rollback(b);
    }
    db_close(b);
    *rc = db_begin_read(db, DB_HERE);
    return NULL;
}

/* The newest event's id and hash in the open transaction (0 and
 * EVENT_GENESIS when there is none). */
static inv_status read_head(inv_db *db, int64_t *id, char hash[65])
{
    *id = 0;
    memcpy(hash, EVENT_GENESIS, 65);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1");
    if (!st) return db_error(db)->code;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        str_copy(hash, 65, db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the history"));
    return INV_OK;
}

inv_status verify_head(inv_db *db, int64_t *id, char hash[65])
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    rc = read_head(db, id, hash);
    inv_status c = db_commit(db);
    return rc ? rc : c;
}

/* ---- anchors ---- */

int verify_anchor_parse(const char *text, verify_anchor *out, inv_err *err)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    int64_t n = 0;
    while (*p == ' ' || *p == '\t') p++;
    const char *digits = p;
    while (*p >= '0' && *p <= '9') {
        if (n > (INT64_MAX - 9) / 10) break;
        n = n * 10 + (*p++ - '0');
    }
    if (p == digits || *p != ':' || n <= 0) {
        inv_fail(err, INV_EINVAL, _("anchor '%s': expected EVENT:HASH, the event's number "
                                    "and its hash, as 'inventar anchor' prints them"), text);
        return -1;
    }
    p++;
    size_t len = 0;
    while (p[len] && len < 64 && isxdigit((unsigned char)p[len])) {
        out->hash[len] = (char)tolower((unsigned char)p[len]);
        len++;
    }
    const char *rest = p + len;
    while (*rest == ' ' || *rest == '\t' || *rest == '\r' || *rest == '\n') rest++;
    if (*rest) {
        inv_fail(err, INV_EINVAL, _("anchor '%s': the hash holds hexadecimal digits only, "
                                    "at most 64"), text);
        return -1;
    }
    if (len < VERIFY_ANCHOR_MIN) {
        inv_fail(err, INV_EINVAL, _("anchor '%s': give at least %d hexadecimal digits of "
                                    "the hash"), text, VERIFY_ANCHOR_MIN);
        return -1;
    }
    out->hash[len] = '\0';
    out->id = n;
    return 0;
}

/* Each anchor names an event of this history with that hash (prefix).
 * The caller checked the whole chain: from that event to the head every
 * event follows the one before it. */
static inv_status check_anchors(inv_db *db, const verify_anchor *a, size_t n, int64_t head)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT hash FROM event WHERE id = :id");
    if (!st) return db_error(db)->code;
    for (size_t i = 0; i < n; i++) {
        db_bind_int(st, ":id", a[i].id);
        int rc = sqlite3_step(st);
        char have[65] = "";
        if (rc == SQLITE_ROW) str_copy(have, sizeof have, db_col_text(st, 0));
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the history"));
        if (rc == SQLITE_DONE)
            return db_fail(db, INV_ECORRUPT, _("anchor %lld:%s: the history has no event %lld "
                                               "(its newest is %lld): it was cut short or "
                                               "replaced since the anchor was taken"),
                           (long long)a[i].id, a[i].hash, (long long)a[i].id, (long long)head);
        if (strncmp(have, a[i].hash, strlen(a[i].hash)) != 0)
            return db_fail(db, INV_ECORRUPT, _("anchor %lld:%s: event %lld has the hash %s: the "
                                               "history up to it is not the one anchored (it "
                                               "was rewritten or replaced)"),
                           (long long)a[i].id, a[i].hash, (long long)a[i].id, have);
    }
    return INV_OK;
}

inv_status verify_all(inv_db *db, verify_counts *counts)
{
    return verify_all_anchored(db, NULL, 0, counts);
}

inv_status verify_all_anchored(inv_db *db, const verify_anchor *anchors, size_t nanchors,
                               verify_counts *counts)
{
    verify_counts n;
    memset(&n, 0, sizeof n);
    if (db_in_transaction(db))
        return db_fail(db, INV_ESTATE, "verify_all: inside a transaction");
    /* Everything reads one snapshot: this connection's read transaction
     * and, when it could be started on the same snapshot, a second
     * connection's in a second thread. Neither takes the write lock. */
    inv_status rc;
    inv_db *twin = open_twin(db, &rc);
    if (rc) return rc;
    side_checks side = {twin ? twin : db, INV_OK, 0};
    pthread_t th;
    int threaded = twin && pthread_create(&th, NULL, side_thread, &side) == 0;
    if (!threaded) {
        /* One connection: SQLite's checks and the index first, in order. */
        db_progress(db, N_("Checking the database file"), 0, 0);
        side.rc = run_side_checks(&side);
        db_progress(db, N_("Checking the database file"), 1, 1);
        rc = side.rc;
    }
    /* A missing or altered trigger is held back: when the history was
     * also altered (which such a trigger allows), the altered event is
     * the fault to name first. */
    char trig[INV_ERR_MAX] = "";
    if (!rc && (check_triggers_static(db) != INV_OK || check_triggers_probe(db) != INV_OK)) {
        if (db_error(db)->code != INV_ECORRUPT) rc = db_error(db)->code;
        else str_copy(trig, sizeof trig, db_errmsg(db));
    }
    if (!rc) rc = check_history(db, &n);
    if (!rc) rc = db_one_int(db, "SELECT count(*) FROM office", &n.offices);
    if (!rc) rc = db_one_int(db, "SELECT count(*) FROM asset_kind", &n.kinds);
    if (!rc) rc = db_one_int(db, "SELECT count(*) FROM funding", &n.funding);
    if (!rc) rc = read_head(db, &n.head_id, n.head_hash);
    if (!rc && !trig[0]) rc = check_anchors(db, anchors, nanchors, n.head_id);
    if (threaded) {
        if (rc == INV_OK) db_progress(db, N_("Checking the search index"), 0, 0);
        pthread_join(th, NULL);
        if (rc == INV_OK) db_progress(db, N_("Checking the search index"), 1, 1);
        /* SQLite's own faults and the index's come first, as in one pass. */
        if (side.rc && (side.sqlite_bad || rc == INV_OK || rc == INV_ECORRUPT)) {
            if (rc == INV_ECORRUPT && !side.sqlite_bad) {
                char first[INV_ERR_MAX];
                str_copy(first, sizeof first, db_errmsg(twin));
                rc = db_fail(db, side.rc, "%s", first);
            } else {
                rc = db_fail(db, side.rc, "%s", db_errmsg(twin));
            }
        }
    }
    if (twin) {
        db_commit(twin);
        db_close(twin);
    }
    inv_status c = db_commit(db);
    if (trig[0]) {
        if (rc == INV_ECORRUPT) {
            char first[INV_ERR_MAX];
            str_copy(first, sizeof first, db_errmsg(db));
            return db_fail(db, INV_ECORRUPT, _("%s; besides, %s"), first, trig);
        }
        if (rc) return rc;
        return db_fail(db, INV_ECORRUPT, "%s", trig);
    }
    if (rc || c) return rc ? rc : c;
    if (counts) *counts = n;
    return INV_OK;
}

/* ---- backup ---- */

#define BACKUP_STEP_PAGES 256 /* pages copied per step */
#define BACKUP_RESTARTS 3     /* restarts (others wrote) before one big step */

/* 1 when the file at path starts like an inventar database. */
static int is_inventar_file(const char *path)
{
    unsigned char hdr[72];
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t n = fread(hdr, 1, sizeof hdr, fp);
    fclose(fp);
    if (n < sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0) return 0;
    uint32_t id = (uint32_t)hdr[68] << 24 | (uint32_t)hdr[69] << 16 |
                  (uint32_t)hdr[70] << 8 | hdr[71];
    return id == (uint32_t)INV_APPLICATION_ID;
}

static void unlink_db_files(const char *path)
{
    static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
    char buf[4300];
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, sfx[i]);
        unlink(buf);
    }
}

/* Refuse targets that must not be overwritten. */
static inv_status backup_target_ok(inv_db *db, const char *path)
{
    char side[4200];
    if (safe_file_target_ok(path) != 0)
        return db_fail(db, INV_EINVAL, "%s: %s", path, safe_file_strerror(errno));
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return db_fail(db, INV_EINVAL, _("%s: is a directory; give a file name"), path);
        if (!S_ISREG(sb.st_mode))
            return db_fail(db, INV_EINVAL, _("%s: is not a regular file"), path);
        if (sb.st_size > 0 && !is_inventar_file(path))
            return db_fail(db, INV_EEXIST, _("%s: exists and is not an inventar database; "
                                             "refusing to overwrite it"), path);
    } else if (errno != ENOENT) {
        return db_fail(db, INV_EIO, "%s: %s", path, strerror(errno));
    }
    snprintf(side, sizeof side, "%s-wal", path);
    if (access(side, F_OK) == 0)
        return db_fail(db, INV_ESTATE, _("%s: is in use (%s exists); close what uses it "
                                         "first"), path, side);
    return INV_OK;
}

/* Make the copy, check it and switch it to a single-file journal. */
static inv_status backup_copy(inv_db *db, sqlite3 *dst, const char *path, int64_t *pages)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db_sqlite(db), "main");
    if (!b)
        return db_fail(db, INV_EIO, _("%s: cannot start the backup: %s"), path,
                       sqlite3_errmsg(dst));
    int step = BACKUP_STEP_PAGES, restarts = 0, busy = 0, rc;
    int64_t done_before = 0;
    for (;;) {
        rc = sqlite3_backup_step(b, step);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy > 3000) break; /* about 15 s */
            sqlite3_sleep(5);
            continue;
        }
        if (rc != SQLITE_OK) break;
        busy = 0;
        int64_t done = sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b);
        /* Another connection wrote and the copy began again: after a few
         * times, take the rest in one step (a read transaction, which in
         * WAL mode does not stop the writers). */
        if (done < done_before && ++restarts >= BACKUP_RESTARTS) step = -1;
        done_before = done;
        db_progress(db, N_("Copying"), done, sqlite3_backup_pagecount(b));
    }
    int64_t n = sqlite3_backup_pagecount(b);
    db_progress(db, N_("Copying"), n, n);
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || frc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            return db_fail(db, INV_EBUSY, _("%s: the database stayed busy; try the backup "
                                            "again"), path);
        return db_fail(db, INV_EIO, _("%s: the backup failed: %s"), path,
                       sqlite3_errstr(rc != SQLITE_DONE ? rc : frc));
    }
    if (pages) *pages = n;

    sqlite3_stmt *st = NULL;
    db_progress(db, N_("Checking the copy"), 0, 0);
    int bad = sqlite3_prepare_v2(dst, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK ||
              sqlite3_step(st) != SQLITE_ROW ||
              strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    db_progress(db, N_("Checking the copy"), 1, 1);
    if (bad) {
        inv_status s = db_fail(db, INV_ECORRUPT, _("%s: the copy failed its integrity check: "
                                                   "%s"), path,
                               st && sqlite3_column_text(st, 0)
                                   ? (const char *)sqlite3_column_text(st, 0)
                                   : sqlite3_errmsg(dst));
        sqlite3_finalize(st);
        return s;
    }
    sqlite3_finalize(st);
    /* A copy in one file is easier to move around; inventar turns WAL on
     * again when it opens it. */
    char *err = NULL;
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, &err) != SQLITE_OK) {
        inv_status s = db_fail(db, INV_EIO, "%s: %s", path, err ? err : "?");
        sqlite3_free(err);
        return s;
    }
    return INV_OK;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static inv_status backup_user(inv_db *db, const char *path, int64_t *pages);

/* The copy is the user's file: checked, created, written, renamed and
 * closed with the user's rights (priv.h). The database's own files are
 * open already (db_open read it), so the copying needs no privilege. */
inv_status verify_backup(inv_db *db, const char *path, int64_t *pages)
{
    if (!path || !*path) return db_fail(db, INV_EINVAL, _("backup needs a file name"));
    if (db_in_transaction(db))
        return db_fail(db, INV_ESTATE, "verify_backup: inside a transaction");
    priv_user_begin();
    inv_status rc = backup_user(db, path, pages);
    priv_user_end();
    return rc;
}

static inv_status backup_user(inv_db *db, const char *path, int64_t *pages)
{
    inv_status rc = backup_target_ok(db, path);
    if (rc) return rc;

    /* The temporary file sits beside the target so the rename is atomic. */
    char dir[4096], tmp[4200];
    if (str_copy(dir, sizeof dir, path) != 0)
        return db_fail(db, INV_EINVAL, _("%s: the path is too long"), path);
    char *slash = strrchr(dir, '/');
    if (!slash) strcpy(dir, ".");
    else if (slash == dir) slash[1] = '\0';
    else *slash = '\0';
    /* Through safe_file, as every file inventar writes: its temporary file
     * (mode 0600) is the copy, renamed into place at the end. */
    safe_file sf;
    if (safe_file_open(&sf, path, 0600) != 0)
        return db_fail(db, INV_EIO, _("%s: cannot create a file in %s: %s"), path, dir,
                       safe_file_strerror(errno));
    if (!sf.tmp || str_copy(tmp, sizeof tmp, sf.tmp) != 0) {
        safe_file_abort(&sf, NULL);
        return db_fail(db, INV_EINVAL, _("%s: is not a regular file"), path);
    }

    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = db_fail(db, INV_EIO, _("%s: cannot open the copy: %s"), tmp,
                     dst ? sqlite3_errmsg(dst) : "?");
        sqlite3_close(dst);
        safe_file_abort(&sf, NULL);
        unlink_db_files(tmp);
        return rc;
    }
    rc = backup_copy(db, dst, path, pages);
    if (sqlite3_close(dst) != SQLITE_OK && !rc)
        rc = db_fail(db, INV_EIO, _("%s: closing the copy failed"), path);
    if (rc) {
        safe_file_abort(&sf, NULL);
        unlink_db_files(tmp);
        return rc;
    }
    /* Sync the copy and rename it into place. */
    if (safe_file_commit(&sf, NULL) != 0) {
        int e = errno;
        unlink_db_files(tmp);
        return db_fail(db, INV_EIO, _("%s: cannot write the copy to disk: %s"), path,
                       strerror(e));
    }
    fsync_path(dir, 1);
    return INV_OK;
}
