/* funding_report.c: the report of a funding project (funding_report.h).
 * One query gathers every asset bought under the project with where it
 * is, since when (the newest act that moved it), the last stock check
 * that saw it and the last label printed for it; the PDF is drawn by
 * the labels module (labels/funding_report.c) from text assembled here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "funding_report.h"
#include "inventar/asset.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/funding.h"
#include "inventar/funding_report.h"
#include "inventar/util.h"

inv_status funding_report_walk(inv_db *db, int64_t funding_id, funding_report_fn fn,
                               void *arg)
{
    /* The subqueries read one asset's events through event_asset
     * (asset_id, id): a handful of rows each, not a scan per asset. */
    sqlite3_stmt *st = db_stmt(db,
        "SELECT a.tag, k.name, a.make, a.model, coalesce(a.serial,''),"
        " a.cost IS NOT NULL, coalesce(a.cost,0), coalesce(a.currency,''),"
        " coalesce(a.purchase_date,''), coalesce(o.code,''), coalesce(o.name,''),"
        " coalesce(nullif(o.short_name,''), o.name, ''), a.custodian, a.status,"
        /* The act date of the stock check that set last_seen. */
        " coalesce((SELECT coalesce(x.act_date, date(x.at, 'localtime')) FROM event x"
        "   WHERE x.asset_id = a.id AND x.type = 'seen' AND x.at = a.last_seen"
        "   ORDER BY x.id DESC LIMIT 1), date(a.last_seen, 'localtime'), ''),"
        " coalesce((SELECT coalesce(x.act_date, date(x.at, 'localtime')) FROM event x"
        "   WHERE x.asset_id = a.id AND x.type = 'label_printed'"
        "   ORDER BY x.id DESC LIMIT 1),''),"
        " coalesce((SELECT coalesce(x.act_date, date(x.at, 'localtime')) FROM event x"
        "   WHERE x.asset_id = a.id AND x.type IN " EVENT_STATE_TYPES
        "   AND (x.from_status IS NULL"
        "        OR coalesce(x.from_office_id, 0) <> coalesce(x.to_office_id, 0))"
        "   ORDER BY x.id DESC LIMIT 1),'')"
        " FROM asset a JOIN asset_kind k ON k.id = a.kind_id"
        " LEFT JOIN office o ON o.id = a.office_id"
        " WHERE a.funding_id = :f ORDER BY a.tag");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":f", funding_id);
    funding_report_item it;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&it, 0, sizeof it);
        str_copy(it.tag, sizeof it.tag, db_col_text(st, 0));
        str_copy(it.kind_name, sizeof it.kind_name, db_col_text(st, 1));
        str_copy(it.make, sizeof it.make, db_col_text(st, 2));
        str_copy(it.model, sizeof it.model, db_col_text(st, 3));
        str_copy(it.serial, sizeof it.serial, db_col_text(st, 4));
        it.has_cost = sqlite3_column_int(st, 5);
        it.cost = sqlite3_column_int64(st, 6);
        str_copy(it.currency, sizeof it.currency, db_col_text(st, 7));
        if (it.has_cost)
            it.cost_eur = !strcmp(it.currency, "BGN") ? money_bgn_to_eur(it.cost) : it.cost;
        str_copy(it.purchase_date, sizeof it.purchase_date, db_col_text(st, 8));
        str_copy(it.office, sizeof it.office, db_col_text(st, 9));
        str_copy(it.office_name, sizeof it.office_name, db_col_text(st, 10));
        str_copy(it.office_short, sizeof it.office_short, db_col_text(st, 11));
        str_copy(it.custodian, sizeof it.custodian, db_col_text(st, 12));
        str_copy(it.status, sizeof it.status, db_col_text(st, 13));
        str_copy(it.last_seen, sizeof it.last_seen, db_col_text(st, 14));
        str_copy(it.label_printed, sizeof it.label_printed, db_col_text(st, 15));
        str_copy(it.since, sizeof it.since, db_col_text(st, 16));
        if (fn(&it, arg)) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail_sqlite(db, _("reading the assets of a funding project"));
    return INV_OK;
}

/* A count and a value per kind or per office. */
typedef struct total {
    char *key, *name;
    int64_t count, value;
} total;

typedef struct totals {
    total *v;
    size_t n, cap;
} totals;

static void totals_add(totals *t, const char *key, const char *name, int64_t value)
{
    size_t i = t->n;
    /* The last one first: rows come by tag, so one kind runs in a row. */
    if (i && !strcmp(t->v[i - 1].key, key)) i--;
    else
        for (i = 0; i < t->n && strcmp(t->v[i].key, key); i++) {}
    if (i == t->n) {
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 16;
            total *v = realloc(t->v, t->cap * sizeof *v);
            if (!v) abort();
            t->v = v;
        }
        t->v[i] = (total){strdup(key), strdup(name), 0, 0};
        if (!t->v[i].key || !t->v[i].name) abort();
        t->n++;
    }
    t->v[i].count++;
    t->v[i].value += value;
}

static int total_cmp(const void *a, const void *b)
{
    return strcmp(((const total *)a)->key, ((const total *)b)->key);
}

static void totals_free(totals *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].name);
    }
    free(t->v);
}

/* The rows' text, 12 cells a row (strings owned here). */
#define NCELLS 12

typedef struct gather {
    char **cells;
    size_t nrows, cap;
    totals kinds, offices;
    int64_t value;
} gather;

static char *dup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p) abort();
    return p;
}

static int gather_one(const funding_report_item *it, void *arg)
{
    gather *g = arg;
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        char **c = realloc(g->cells, g->cap * NCELLS * sizeof *c);
        if (!c) abort();
        g->cells = c;
    }
    char mm[INV_TEXT_MAX * 2 + 2], cost[2 * FMT_MONEY_MAX + 8] = "", bought[FMT_DATE_MAX],
        since[FMT_DATE_MAX], seen[FMT_DATE_MAX], label[FMT_DATE_MAX];
    snprintf(mm, sizeof mm, "%s%s%s", it->make, it->make[0] && it->model[0] ? " " : "",
             it->model);
    if (it->has_cost && !strcmp(it->currency, "BGN")) {
        /* Euro first, the leva it was bought for under it. */
        char eur[FMT_MONEY_MAX], bgn[FMT_MONEY_MAX];
        fmt_money(it->cost_eur, "EUR", eur, sizeof eur);
        fmt_amount(it->cost, bgn, sizeof bgn);
        snprintf(cost, sizeof cost, "%s\n(%s BGN)", eur, bgn);
    } else if (it->has_cost) {
        fmt_money(it->cost, it->currency, cost, sizeof cost);
    }
    fmt_date(it->purchase_date, bought, sizeof bought);
    fmt_date(it->since, since, sizeof since);
    fmt_date(it->last_seen, seen, sizeof seen);
    fmt_date(it->label_printed, label, sizeof label);
    char **c = g->cells + g->nrows * NCELLS;
    c[0] = dup(it->tag);
    c[1] = dup(it->kind_name);
    c[2] = dup(mm);
    c[3] = dup(it->serial);
    c[4] = dup(cost);
    c[5] = dup(bought);
    c[6] = dup(it->office_short);
    c[7] = dup(it->custodian);
    c[8] = dup(asset_status_text(it->status));
    c[9] = dup(since);
    c[10] = dup(seen);
    c[11] = dup(label);
    g->nrows++;
    totals_add(&g->kinds, it->kind_name, it->kind_name, it->cost_eur);
    totals_add(&g->offices, it->office, it->office_name, it->cost_eur);
    g->value += it->cost_eur;
    return 0;
}

static void gather_free(gather *g)
{
    for (size_t i = 0; i < g->nrows * NCELLS; i++) free(g->cells[i]);
    free(g->cells);
    totals_free(&g->kinds);
    totals_free(&g->offices);
}

/* The totals as the form's lines; texts in bufs (count, value per line). */
static funding_report_total *total_lines(const totals *t, char (**bufs)[FMT_MONEY_MAX],
                                         const char *none)
{
    funding_report_total *l = calloc(t->n ? t->n : 1, sizeof *l);
    char (*b)[FMT_MONEY_MAX] = calloc(t->n ? 2 * t->n : 1, sizeof *b);
    if (!l || !b) abort();
    for (size_t i = 0; i < t->n; i++) {
        snprintf(b[2 * i], FMT_MONEY_MAX, "%lld", (long long)t->v[i].count);
        fmt_money(t->v[i].value, "EUR", b[2 * i + 1], FMT_MONEY_MAX);
        l[i] = (funding_report_total){*t->v[i].name ? t->v[i].name : none, b[2 * i],
                                      b[2 * i + 1]};
    }
    *bufs = b;
    return l;
}

inv_status funding_report_pdf(inv_db *db, const char *code, const char *path,
                              const char *font, inv_err *e)
{
    inv_funding f;
    if (funding_find(db, code, &f) != INV_OK)
        return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
    gather g;
    memset(&g, 0, sizeof g);
    inv_status st = funding_report_walk(db, f.id, gather_one, &g);
    int64_t head_id = 0;
    char hash[65] = "";
    if (st == INV_OK) {
        sqlite3_stmt *hs = db_stmt(db, "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1");
        if (!hs) st = db_error(db)->code;
        else {
            if (sqlite3_step(hs) == SQLITE_ROW) {
                head_id = sqlite3_column_int64(hs, 0);
                str_copy(hash, sizeof hash, db_col_text(hs, 1));
            }
            sqlite3_reset(hs);
        }
    }
    if (st != INV_OK) {
        gather_free(&g);
        return inv_fail(e, st, "%s", db_errmsg(db));
    }
    qsort(g.kinds.v, g.kinds.n, sizeof *g.kinds.v, total_cmp);
    qsort(g.offices.v, g.offices.n, sizeof *g.offices.v, total_cmp);

    funding_report_line *rows = calloc(g.nrows ? g.nrows : 1, sizeof *rows);
    if (!rows) abort();
    for (size_t i = 0; i < g.nrows; i++) {
        char **c = g.cells + i * NCELLS;
        rows[i] = (funding_report_line){c[0], c[1], c[2], c[3], c[4], c[5],
                                        c[6], c[7], c[8], c[9], c[10], c[11]};
    }
    /* Offices are named "code, name" in their totals. */
    for (size_t i = 0; i < g.offices.n; i++) {
        total *o = &g.offices.v[i];
        if (!*o->key) continue;
        sbuf s = {0};
        sbuf_addf(&s, "%s, %s", o->key, o->name);
        free(o->name);
        o->name = dup(s.s);
        sbuf_free(&s);
    }
    char (*kb)[FMT_MONEY_MAX], (*ob)[FMT_MONEY_MAX];
    funding_report_total *kinds = total_lines(&g.kinds, &kb, "-");
    funding_report_total *offices =
        /* TRANSLATORS: the office of assets that are at no office, in the
         * totals per office of a funding project's report. */
        total_lines(&g.offices, &ob, _("(no office)"));

    char amount[FMT_MONEY_MAX] = "", period[2 * FMT_DATE_MAX + 8] = "", from[FMT_DATE_MAX],
         to[FMT_DATE_MAX], durable[FMT_DATE_MAX], today[INV_DATE_MAX], date[FMT_DATE_MAX],
         count[32], value[FMT_MONEY_MAX], head[128] = "", agency[512];
    if (f.has_amount) fmt_money(f.amount, f.currency, amount, sizeof amount);
    fmt_date(f.date_from, from, sizeof from);
    fmt_date(f.date_to, to, sizeof to);
    if (*from || *to)
        /* TRANSLATORS: the period of a funding project: from and to
         * (either may be empty when not recorded). */
        snprintf(period, sizeof period, _("%1$s - %2$s"), from, to);
    fmt_date(f.durable_until, durable, sizeof durable);
    today_local(today);
    fmt_date(today, date, sizeof date);
    snprintf(count, sizeof count, "%zu", g.nrows);
    fmt_money(g.value, "EUR", value, sizeof value);
    if (head_id) snprintf(head, sizeof head, "%lld, %.16s", (long long)head_id, hash);
    document_agency(NULL, agency, sizeof agency);

    funding_report_spec spec = {
        agency, f.code, f.title, f.programme, amount, period, durable, date,
        rows, g.nrows, kinds, g.kinds.n, offices, g.offices.n, count, value, head, font,
        db_user(db)};
    st = funding_report_write_pdf(&spec, path, e);
    free(rows);
    free(kinds);
    free(offices);
    free(kb);
    free(ob);
    gather_free(&g);
    return st;
}
