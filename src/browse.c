/* browse.c: windowed reads for interactive front ends (see browse.h).
 *
 * A page is read by a cascade of keyset queries. For a key (c0, c1, id)
 * walking forward from the anchor (v0, v1, vid), the rows after it are
 * those with c0 = v0 AND c1 = v1 AND id > vid, then c0 = v0 AND c1 > v1,
 * then c0 > v0: each one index seek (SQLite does not seek on a vector
 * comparison over an index that ends in the row id), queried in turn
 * until the page is full. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/browse.h"
#include "inventar/util.h"

typedef enum { K_TAG, K_KIND, K_STATUS, K_ID, K_MAKE, K_MODEL, K_OFFICE, K_CUSTODIAN,
               K_FTSID } keycol;

/* Column expressions of the key columns. K_FTSID is the id as FTS5 sees
 * it, so that it can seek in its own rowid order. */
static const char *const key_expr[] = {
    [K_TAG] = "a.tag", [K_KIND] = "a.kind_id", [K_STATUS] = "a.status",
    [K_ID] = "a.id", [K_MAKE] = "a.make", [K_MODEL] = "a.model",
    [K_OFFICE] = "a.office_id", [K_CUSTODIAN] = "a.custodian",
    [K_FTSID] = "asset_fts.rowid",
};

typedef struct order_def {
    const char *code, *title;
    int nkeys;
    keycol keys[3];
} order_def;

static const order_def orders[] = {
    [BROWSE_BY_TAG] = {"tag", N_("Tag"), 1, {K_TAG}},
    [BROWSE_BY_KIND] = {"kind", N_("Kind"), 3, {K_KIND, K_STATUS, K_ID}},
    [BROWSE_BY_MODEL] = {"model", N_("Make/model"), 3, {K_MAKE, K_MODEL, K_ID}},
    [BROWSE_BY_OFFICE] = {"office", N_("Office"), 3, {K_OFFICE, K_STATUS, K_ID}},
    [BROWSE_BY_CUSTODIAN] = {"custodian", N_("Custodian"), 2, {K_CUSTODIAN, K_ID}},
    [BROWSE_BY_STATUS] = {"status", N_("Status"), 2, {K_STATUS, K_ID}},
};
static const order_def by_fts_id = {"id", "#", 1, {K_FTSID}};

const char *browse_order_code(browse_order o)
{
    return o >= 0 && o < BROWSE_ORDER_COUNT ? orders[o].code : "tag";
}

const char *browse_order_title(browse_order o)
{
    return o >= 0 && o < BROWSE_ORDER_COUNT ? orders[o].title : "";
}

typedef enum {
    MODE_SORTIDX, /* walk the sort index, check filters per row */
    MODE_SMALL,   /* read the few selected rows by their index, sort */
    MODE_BYID,    /* a broad search: FTS5 rowid order */
    MODE_EMPTY,   /* nothing can match */
} read_mode;

struct browse_set {
    inv_db *db;
    browse_filter f;
    char *fts;             /* the FTS5 query, or NULL */
    /* A search's first matches (up to BROWSE_SEARCH_CAP + 1, ascending
     * ids, filters applied), read once: pages are then read by id
     * without running the FTS5 query again. */
    int64_t *ids;
    int nids;
    char *ids_json;        /* the same as a JSON array, for json_each() */
    int counted;           /* count is known */
    int64_t count;
    int exact;
    read_mode mode;
    const order_def *ord;
};

#define ROW_COLS                                                              \
    "SELECT a.id, a.tag, a.kind_id, k.name, a.make, a.model,"                 \
    " coalesce(a.office_id,0), coalesce(o.code,''), coalesce(o.name,''),"     \
    " a.custodian, a.status, coalesce(nullif(o.short_name,''), o.name, '')"
#define ROW_JOINS                                                             \
    " CROSS JOIN asset_kind k ON k.id = a.kind_id"                            \
    " LEFT JOIN office o ON o.id = a.office_id"
#define SUB_CTE                                                               \
    "WITH RECURSIVE sub(id) AS (SELECT :office UNION ALL SELECT o.id"         \
    " FROM office o JOIN sub ON o.parent_id = sub.id) "

static void row_from_stmt(sqlite3_stmt *st, browse_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    str_copy(r->tag, sizeof r->tag, db_col_text(st, 1));
    r->kind_id = sqlite3_column_int64(st, 2);
    str_copy(r->kind_name, sizeof r->kind_name, db_col_text(st, 3));
    str_copy(r->make, sizeof r->make, db_col_text(st, 4));
    str_copy(r->model, sizeof r->model, db_col_text(st, 5));
    r->office_id = sqlite3_column_int64(st, 6);
    str_copy(r->office_code, sizeof r->office_code, db_col_text(st, 7));
    str_copy(r->office_name, sizeof r->office_name, db_col_text(st, 8));
    str_copy(r->custodian, sizeof r->custodian, db_col_text(st, 9));
    str_copy(r->status, sizeof r->status, db_col_text(st, 10));
    str_copy(r->office_short, sizeof r->office_short, db_col_text(st, 11));
}

/* Add the filter's conditions. plus disables their indexes (unary +)
 * so that SQLite walks the sort index instead. */
static void add_filters(sbuf *s, const browse_set *b, int plus)
{
    const char *p = plus ? "+" : "";
    if (b->f.office_id)
        sbuf_addf(s, b->f.recursive ? " AND %sa.office_id IN (SELECT id FROM sub)"
                                    : " AND %sa.office_id = :office", p);
    if (b->f.kind_id) sbuf_addf(s, " AND %sa.kind_id = :kind", p);
    if (b->f.status[0]) sbuf_addf(s, " AND %sa.status = :status", p);
}

static void bind_filters(sqlite3_stmt *st, const browse_set *b, int fts)
{
    if (b->f.office_id) db_bind_int(st, ":office", b->f.office_id);
    if (b->f.kind_id) db_bind_int(st, ":kind", b->f.kind_id);
    if (b->f.status[0]) db_bind_text(st, ":status", b->f.status);
    if (fts && b->fts) db_bind_text(st, ":fts", b->fts);
}

static inv_status prepare(inv_db *db, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, st, NULL) != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return db_fail_sqlite(db, _("listing assets"));
    }
    return INV_OK;
}

/* A search's first matches are in b->ids: count, and their JSON form. */
static inv_status ids_done(browse_set *b)
{
    sbuf j = {0};
    sbuf_addc(&j, '[');
    for (int i = 0; i < b->nids; i++)
        sbuf_addf(&j, "%s%lld", i ? "," : "", (long long)b->ids[i]);
    sbuf_addc(&j, ']');
    free(b->ids_json);
    b->ids_json = j.s;
    b->count = b->nids;
    b->exact = b->count <= BROWSE_SEARCH_CAP;
    b->counted = 1;
    return INV_OK;
}

static inv_status count_selection(browse_set *b)
{
    sbuf s = {0};
    int filtered = b->f.office_id || b->f.kind_id || b->f.status[0];
    if (b->fts) {
        if (!b->ids) b->ids = malloc((BROWSE_SEARCH_CAP + 1) * sizeof *b->ids);
        if (!b->ids) abort();
        b->nids = 0;
    }
    if (b->f.office_id && b->f.recursive) sbuf_add(&s, SUB_CTE);
    if (b->fts) {
        /* The first matches in FTS5's own (rowid) order: the prefix
         * query runs once per search, here. */
        sbuf_add(&s, "SELECT asset_fts.rowid FROM asset_fts");
        if (filtered) sbuf_add(&s, " CROSS JOIN asset a ON a.id = asset_fts.rowid");
        sbuf_add(&s, " WHERE asset_fts MATCH :fts");
        add_filters(&s, b, 0);
        sbuf_add(&s, " ORDER BY asset_fts.rowid LIMIT :cap");
    } else {
        /* No WHERE at all without a filter: SQLite then counts the
         * smallest index page by page (several times faster). */
        sbuf_add(&s, "SELECT count(*) FROM asset a");
        if (filtered) {
            sbuf_add(&s, " WHERE 1");
            add_filters(&s, b, 0);
        }
    }
    sqlite3_stmt *st = NULL;
    inv_status rc = prepare(b->db, sbuf_str(&s), &st);
    sbuf_free(&s);
    if (rc) return rc;
    bind_filters(st, b, 1);
    int step;
    if (b->fts) {
        db_bind_int(st, ":cap", BROWSE_SEARCH_CAP + 1);
        while ((step = sqlite3_step(st)) == SQLITE_ROW && b->nids <= BROWSE_SEARCH_CAP)
            b->ids[b->nids++] = sqlite3_column_int64(st, 0);
        if (step == SQLITE_ROW || step == SQLITE_DONE) {
            sqlite3_finalize(st);
            return ids_done(b);
        }
        rc = db_fail_sqlite(b->db, _("searching"));
    } else {
        step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
            b->count = sqlite3_column_int64(st, 0);
            b->exact = 1;
            rc = INV_OK;
        } else {
            rc = db_fail_sqlite(b->db, _("counting assets"));
        }
    }
    sqlite3_finalize(st);
    if (rc == INV_OK) b->counted = 1;
    return rc;
}

inv_status browse_open(inv_db *db, const browse_filter *f, browse_set **out)
{
    *out = NULL;
    browse_set *b = calloc(1, sizeof *b);
    if (!b) abort();
    b->db = db;
    b->f = *f;
    if (b->f.order < 0 || b->f.order >= BROWSE_ORDER_COUNT) b->f.order = BROWSE_BY_TAG;
    b->ord = &orders[b->f.order];
    b->exact = 1;
    if (f->search[0]) {
        inv_status qe;
        b->fts = asset_search_query(db, f->search, &qe);
        if (qe != INV_OK) {
            browse_close(b);
            return qe;
        }
        if (!b->fts) {
            b->mode = MODE_EMPTY;
            *out = b;
            return INV_OK;
        }
    }
    /* Without a filter or a search, the sort index is always the way
     * in, and the count (a walk over a whole index) can wait until it
     * is asked for: the first page comes first. */
    if (!b->fts && !f->office_id && !f->kind_id && !f->status[0]) {
        b->mode = MODE_SORTIDX;
        *out = b;
        return INV_OK;
    }
    inv_status rc = count_selection(b);
    if (rc) {
        browse_close(b);
        return rc;
    }
    if (b->fts)
        b->mode = b->exact ? MODE_SMALL : MODE_BYID;
    else
        b->mode = b->count <= BROWSE_SMALL ? MODE_SMALL : MODE_SORTIDX;
    if (b->mode == MODE_BYID) b->ord = &by_fts_id;
    *out = b;
    return INV_OK;
}

void browse_close(browse_set *b)
{
    if (!b) return;
    free(b->fts);
    free(b->ids);
    free(b->ids_json);
    free(b);
}

int browse_counted(const browse_set *b)
{
    return b->counted || b->mode == MODE_EMPTY;
}

int64_t browse_count(browse_set *b, int *exact)
{
    if (!b->counted && b->mode != MODE_EMPTY && count_selection(b) != INV_OK) {
        /* The message is on the handle; count what can be told. */
        if (exact) *exact = 0;
        return 0;
    }
    if (exact) *exact = b->exact;
    return b->count;
}

int browse_by_id(const browse_set *b)
{
    return b->mode == MODE_BYID;
}

/* The anchor's value of a key column, bound as :kN. */
static void bind_key(sqlite3_stmt *st, int n, keycol k, const browse_row *r)
{
    char name[8];
    snprintf(name, sizeof name, ":k%d", n);
    switch (k) {
    case K_TAG: db_bind_text(st, name, r->tag); break;
    case K_KIND: db_bind_int(st, name, r->kind_id); break;
    case K_STATUS: db_bind_text(st, name, r->status); break;
    case K_ID:
    case K_FTSID: db_bind_int(st, name, r->id); break;
    case K_MAKE: db_bind_text(st, name, r->make); break;
    case K_MODEL: db_bind_text(st, name, r->model); break;
    case K_OFFICE: db_bind_int(st, name, r->office_id); break;
    case K_CUSTODIAN: db_bind_text(st, name, r->custodian); break;
    }
}

/* The office key is NULL for an asset without an office; such assets
 * come first in ascending order. */
static int key_is_null(keycol k, const browse_row *r)
{
    return k == K_OFFICE && r->office_id == 0;
}

/* One query of the cascade.
 * level: key columns [0, level) equal the anchor's; column `level`
 * compares with op ('>' or '<', or ">=" / "<=" when incl); columns after
 * it are free. level == -1: no key condition (from the list's start or
 * end). null_seg: column `level` IS NULL (the tail of a backward walk
 * over a nullable column); columns after it are free. Appends up to
 * n - *got rows. */
static inv_status run_level(browse_set *b, const browse_row *anchor, int level,
                            int fwd, int incl, int null_seg, browse_row *out,
                            int n, int *got)
{
    const order_def *o = b->ord;
    /* In MODE_SMALL the key conditions must not pull SQLite onto the
     * sort index: the selection's own index is the way in. */
    const char *kp = b->mode == MODE_SMALL ? "+" : "";
    sbuf s = {0};
    if (b->f.office_id && b->f.recursive) sbuf_add(&s, SUB_CTE);
    sbuf_add(&s, ROW_COLS);
    if (b->mode == MODE_BYID) {
        sbuf_add(&s, " FROM asset_fts CROSS JOIN asset a ON a.id = asset_fts.rowid"
                     ROW_JOINS " WHERE asset_fts MATCH :fts");
        add_filters(&s, b, 0);
    } else {
        sbuf_add(&s, " FROM asset a" ROW_JOINS " WHERE 1");
        if (b->fts) /* its matches, filtered, read by browse_open */
            sbuf_add(&s, " AND a.id IN (SELECT value FROM json_each(:ids))");
        else
            add_filters(&s, b, b->mode == MODE_SORTIDX);
    }
    int first_free = 0;
    if (level >= 0) {
        for (int i = 0; i < level; i++) {
            if (key_is_null(o->keys[i], anchor))
                sbuf_addf(&s, " AND %s IS NULL", key_expr[o->keys[i]]);
            else
                sbuf_addf(&s, " AND %s%s = :k%d", kp, key_expr[o->keys[i]], i);
        }
        keycol k = o->keys[level];
        if (null_seg) {
            sbuf_addf(&s, " AND %s IS NULL", key_expr[k]);
        } else if (key_is_null(k, anchor)) {
            /* Only "after NULL" reaches here: every non-NULL value. */
            sbuf_addf(&s, " AND %s IS NOT NULL", key_expr[k]);
        } else {
            sbuf_addf(&s, " AND %s%s %s%s :k%d", kp, key_expr[k], fwd ? ">" : "<",
                      incl ? "=" : "", level);
        }
        first_free = null_seg ? level + 1 : level;
    }
    sbuf_add(&s, " ORDER BY ");
    if (first_free >= o->nkeys) first_free = o->nkeys - 1; /* unreachable for id keys */
    for (int i = first_free; i < o->nkeys; i++)
        sbuf_addf(&s, "%s%s%s", i > first_free ? ", " : "", key_expr[o->keys[i]],
                  fwd ? "" : " DESC");
    sbuf_add(&s, " LIMIT :lim");

    sqlite3_stmt *st = NULL;
    inv_status rc = prepare(b->db, sbuf_str(&s), &st);
    sbuf_free(&s);
    if (rc) return rc;
    if (b->mode == MODE_BYID) bind_filters(st, b, 1);
    else if (b->fts) db_bind_text(st, ":ids", b->ids_json);
    else bind_filters(st, b, 0);
    if (level >= 0) {
        for (int i = 0; i < level; i++)
            if (!key_is_null(o->keys[i], anchor)) bind_key(st, i, o->keys[i], anchor);
        if (!null_seg && !key_is_null(o->keys[level], anchor))
            bind_key(st, level, o->keys[level], anchor);
    }
    db_bind_int(st, ":lim", n - *got);
    int step = SQLITE_DONE;
    while (*got < n && (step = sqlite3_step(st)) == SQLITE_ROW) row_from_stmt(st, &out[(*got)++]);
    if (*got < n && step != SQLITE_DONE) rc = db_fail_sqlite(b->db, _("listing assets"));
    sqlite3_finalize(st);
    return rc;
}

/* Append the rows of ids[0..n) to out[*got..], in that order; ids of
 * assets gone meanwhile are skipped. */
static inv_status rows_by_ids(browse_set *b, const int64_t *ids, int n, browse_row *out,
                              int *got)
{
    if (n <= 0) return INV_OK;
    sbuf j = {0};
    sbuf_addc(&j, '[');
    for (int i = 0; i < n; i++) sbuf_addf(&j, "%s%lld", i ? "," : "", (long long)ids[i]);
    sbuf_addc(&j, ']');
    sqlite3_stmt *st = db_stmt(b->db, ROW_COLS " FROM asset a" ROW_JOINS
                                      " WHERE a.id IN (SELECT value FROM json_each(:ids))");
    if (!st) {
        sbuf_free(&j);
        return db_error(b->db)->code;
    }
    db_bind_text(st, ":ids", sbuf_str(&j));
    sbuf_free(&j);
    char *found = calloc((size_t)n, 1);
    if (!found) abort();
    int step;
    browse_row r;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        row_from_stmt(st, &r);
        for (int i = 0; i < n; i++)
            if (ids[i] == r.id && !found[i]) {
                out[*got + i] = r;
                found[i] = 1;
                break;
            }
    }
    sqlite3_reset(st);
    inv_status rc = INV_OK;
    if (step != SQLITE_DONE) rc = db_fail_sqlite(b->db, _("listing assets"));
    int k = *got;
    for (int i = 0; i < n; i++)
        if (found[i]) out[k++] = out[*got + i];
    *got = k;
    free(found);
    return rc;
}

/* A walk in id order answered from a search's cached first matches,
 * which hold every match with an id up to the last of them. Returns 1
 * when it could answer (rows in out, *rc set), 0 when the walk leaves
 * the cached range (FTS5 must be asked). */
static int fetch_cached(browse_set *b, const browse_row *anchor, int fwd, int incl,
                        browse_row *out, int n, int *got, inv_status *rc)
{
    *rc = INV_OK;
    if (b->nids == 0 || !anchor) return 0;
    int64_t last = b->ids[b->nids - 1];
    if (anchor->id > last) return 0;
    /* ge: the first index with ids[ge] >= the anchor's id. */
    int lo = 0, hi = b->nids;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (b->ids[mid] < anchor->id) lo = mid + 1;
        else hi = mid;
    }
    int ge = lo, at = ge < b->nids && b->ids[ge] == anchor->id;
    int64_t *pick = malloc((size_t)n * sizeof *pick);
    if (!pick) abort();
    int m = 0;
    if (fwd) {
        for (int i = at && !incl ? ge + 1 : ge; i < b->nids && m < n; i++)
            pick[m++] = b->ids[i];
    } else {
        for (int i = at && incl ? ge : ge - 1; i >= 0 && m < n; i--) pick[m++] = b->ids[i];
    }
    *rc = rows_by_ids(b, pick, m, out, got);
    free(pick);
    return 1;
}

inv_status browse_fetch(browse_set *b, const browse_row *anchor, int dir, int inclusive,
                        browse_row *out, int n, int *got)
{
    *got = 0;
    if (b->mode == MODE_EMPTY || n <= 0) return INV_OK;
    /* In walking order: forward in an ascending list is ">" ascending. */
    int fwd = (dir >= 0) != (b->f.desc != 0);
    if (b->mode == MODE_BYID) {
        browse_row first;
        const browse_row *from = anchor;
        int incl = inclusive;
        if (!anchor && fwd && b->nids > 0) {
            /* From the list's start: the cache begins there. */
            memset(&first, 0, sizeof first);
            first.id = b->ids[0];
            from = &first;
            incl = 1;
        }
        inv_status rc;
        if (from && fetch_cached(b, from, fwd, incl, out, n, got, &rc)) {
            if (rc != INV_OK || *got >= n || !fwd) return rc;
            /* Past the cache: FTS5 goes on from its last id. */
            memset(&first, 0, sizeof first);
            first.id = b->ids[b->nids - 1];
            return run_level(b, &first, 0, fwd, 0, 0, out, n, got);
        }
    }
    if (!anchor) return run_level(b, NULL, -1, fwd, 0, 0, out, n, got);
    const order_def *o = b->ord;
    inv_status rc = INV_OK;
    for (int level = o->nkeys - 1; level >= 0 && *got < n && rc == INV_OK; level--) {
        keycol k = o->keys[level];
        int incl = inclusive && level == o->nkeys - 1;
        if (key_is_null(k, anchor)) {
            /* NULL sorts first: nothing before it; after it, every value. */
            if (fwd) rc = run_level(b, anchor, level, fwd, 0, 0, out, n, got);
            continue;
        }
        rc = run_level(b, anchor, level, fwd, incl, 0, out, n, got);
        if (rc == INV_OK && !fwd && k == K_OFFICE && *got < n)
            rc = run_level(b, anchor, level, fwd, 0, 1, out, n, got);
    }
    return rc;
}

inv_status browse_get(inv_db *db, int64_t id, browse_row *out)
{
    sqlite3_stmt *st = db_stmt(db, ROW_COLS " FROM asset a" ROW_JOINS " WHERE a.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_from_stmt(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("asset #%lld is gone"), (long long)id);
    return db_fail_sqlite(db, _("reading assets"));
}

/* ---- the office tree ---- */

typedef struct tree_acc {
    browse_office *v;
    int n, cap;
} tree_acc;

static int tree_visit(const inv_office *o, int depth, void *arg)
{
    tree_acc *t = arg;
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        browse_office *v = realloc(t->v, (size_t)cap * sizeof *v);
        if (!v) abort();
        t->v = v;
        t->cap = cap;
    }
    browse_office *b = &t->v[t->n++];
    memset(b, 0, sizeof *b);
    b->office = *o;
    b->depth = depth;
    return 0;
}

/* Index of the office with this id in v (n long), or -1. Linear in the
 * number of offices, which is small (hundreds). */
static int find_office(const browse_office *v, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (v[i].office.id == id) return i;
    return -1;
}

static void counts_add(office_counts *to, const office_counts *c)
{
    to->in_stock += c->in_stock;
    to->assigned += c->assigned;
    to->in_repair += c->in_repair;
    to->missing += c->missing;
    to->written_off += c->written_off;
}

inv_status browse_office_tree(inv_db *db, int with_counts, browse_office **out, int *n)
{
    *out = NULL;
    *n = 0;
    tree_acc t = {0};
    inv_status rc = office_walk(db, tree_visit, &t);
    if (rc) {
        free(t.v);
        return rc;
    }
    if (with_counts && t.n > 0) {
        sqlite3_stmt *st = db_stmt(db, "SELECT office_id, status, count(*) FROM asset"
                                       " WHERE office_id IS NOT NULL"
                                       " GROUP BY office_id, status");
        if (!st) {
            free(t.v);
            return db_error(db)->code;
        }
        int step, last = -1;
        int64_t last_id = 0;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (last < 0 || id != last_id) {
                last = find_office(t.v, t.n, id);
                last_id = id;
            }
            if (last < 0) continue;
            const char *s = db_col_text(st, 1);
            int64_t c = sqlite3_column_int64(st, 2);
            office_counts *oc = &t.v[last].own;
            if (!strcmp(s, "in_stock")) oc->in_stock = c;
            else if (!strcmp(s, "assigned")) oc->assigned = c;
            else if (!strcmp(s, "in_repair")) oc->in_repair = c;
            else if (!strcmp(s, "missing")) oc->missing = c;
            else if (!strcmp(s, "written_off")) oc->written_off = c;
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE) {
            free(t.v);
            return db_fail_sqlite(db, _("counting assets"));
        }
        /* Pre-order reversed visits children before their parents. */
        for (int i = t.n - 1; i >= 0; i--) {
            counts_add(&t.v[i].total, &t.v[i].own);
            int p = t.v[i].office.parent_id ? find_office(t.v, t.n, t.v[i].office.parent_id)
                                            : -1;
            if (p >= 0) counts_add(&t.v[p].total, &t.v[i].total);
        }
    }
    *out = t.v;
    *n = t.n;
    return INV_OK;
}

inv_status browse_limit_cache(inv_db *db, int kib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib > 0 ? kib : 2000);
    return db_exec(db, sql);
}
