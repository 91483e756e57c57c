/* check_report.c: the paper of a stock check: the inventory list
 * (инвентаризационен опис) and the record of shortages and surpluses.
 * The rows are gathered through check.h into a plain record (JSON); a
 * closed check's list is recorded once as a document (type
 * inventory_list, number ИО-YYYY-NNNN) with that record, so that every
 * later print is the same paper; an open check's list is a draft without
 * a number and is not recorded. Rendered by labels/inventory.c; prints
 * nothing. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/check.h"
#include "inventar/check_report.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/util.h"
#include "check_order.h"
#include "inventory.h"

typedef struct gather {
    inv_db *db;
    json_t *rows;     /* {tag, name, make, model, book, found, cost, currency} */
    json_t *unknown;  /* codes */
    int book;         /* the category's quantities */
    int found;
    inv_status st;
} gather;

static int gather_item(const check_item *it, void *arg)
{
    gather *g = arg;
    if (!strcmp(it->category, "unknown")) {
        json_array_append_new(g->unknown, json_string(it->code));
        return 0;
    }
    json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:i,s:i}", "tag", it->tag, "name", it->kind_name,
                          "make", it->make, "model", it->model, "book", g->book, "found",
                          g->found);
    if (it->has_cost) {
        json_object_set_new(r, "cost", json_integer(it->cost));
        json_object_set_new(r, "currency", json_string(it->currency));
    } else {
        json_object_set_new(r, "cost", json_null());
        json_object_set_new(r, "currency", json_string(""));
    }
    json_array_append_new(g->rows, r);
    return 0;
}

static int by_tag(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "tag"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "tag"));
    return strcmp(x ? x : "", y ? y : "");
}

/* The record of check k's list as of now (a new JSON object). */
static json_t *gather_content(inv_db *db, const inv_check *k, inv_status *st)
{
    gather g = {db, json_array(), json_array(), 0, 0, INV_OK};
    static const struct {
        const char *cat;
        int book, found;
    } cats[] = {{"found", 1, 1}, {"missing", 1, 0}, {"unexpected", 0, 1}, {"unknown", 0, 0}};
    *st = INV_OK;
    for (size_t i = 0; i < 4 && *st == INV_OK; i++) {
        g.book = cats[i].book;
        g.found = cats[i].found;
        *st = check_items(db, k->id, cats[i].cat, gather_item, &g);
        if (*st == INV_OK) *st = g.st;
    }
    if (*st != INV_OK) {
        json_decref(g.rows);
        json_decref(g.unknown);
        return NULL;
    }
    /* One list by inventory number. */
    size_t n = json_array_size(g.rows);
    json_t **v = calloc(n ? n : 1, sizeof *v);
    if (!v) abort();
    for (size_t i = 0; i < n; i++) v[i] = json_incref(json_array_get(g.rows, i));
    qsort(v, n, sizeof *v, by_tag);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(rows, v[i]);
    free(v);
    json_decref(g.rows);
    json_t *members = json_loads(k->members, 0, NULL);
    if (!json_is_array(members)) {
        json_decref(members);
        members = json_array();
    }
    /* The older checks named their commission in one text: first the chair. */
    char chair[INV_TEXT_MAX * 4 + 1];
    str_copy(chair, sizeof chair, k->chair);
    if (!chair[0] && json_array_size(members) == 0 && k->commission[0]) {
        char buf[INV_LONG_MAX + 1];
        str_copy(buf, sizeof buf, k->commission);
        for (char *save = NULL, *p = strtok_r(buf, ";", &save); p;
             p = strtok_r(NULL, ";", &save)) {
            p = str_trim(p);
            if (!*p) continue;
            if (!chair[0]) str_copy(chair, sizeof chair, p);
            else json_array_append_new(members, json_string(p));
        }
    }
    return json_pack("{s:I,s:s,s:s,s:b,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o}", "check_id",
                     (json_int_t)k->id, "office", k->office, "office_name", k->office_name,
                     "recursive", k->recursive, "order", k->order_text, "chair", chair,
                     "members", members, "mol", k->mol, "started_at", k->started_at,
                     "closed_at", k->closed_at, "rows", rows, "unknown", g.unknown);
}

static const char *js(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The office of a check's record c in words: "name (code)", with its
 * sub-offices or not. */
static void office_words(json_t *c, char *out, size_t n)
{
    if (json_is_true(json_object_get(c, "recursive")))
        /* TRANSLATORS: the office of a stock check that covers its
         * sub-offices too: %1$s is its name, %2$s its code. */
        snprintf(out, n, _("%1$s (%2$s), with its sub-offices"), js(c, "office_name"),
                 js(c, "office"));
    else
        /* TRANSLATORS: the office of a stock check: %1$s is its name, %2$s
         * its code. */
        snprintf(out, n, _("%1$s (%2$s)"), js(c, "office_name"), js(c, "office"));
}

inv_status check_order_render(inv_db *db, const char *number, const char *date,
                              const char *head, const char *content, const char *path,
                              const char *font, inv_err *e)
{
    json_t *c = json_loads(content, 0, NULL);
    if (!json_is_object(c)) {
        json_decref(c);
        return inv_fail(e, INV_ECORRUPT, _("document %s: its content is not readable"),
                        number);
    }
    json_t *mem = json_object_get(c, "members");
    size_t nm = json_array_size(mem);
    const char **members = calloc(nm ? nm : 1, sizeof *members);
    if (!members) abort();
    for (size_t i = 0; i < nm; i++) {
        const char *m = json_string_value(json_array_get(mem, i));
        members[i] = m ? m : "";
    }
    char office[INV_NAME_MAX + 128], start[FMT_DATE_MAX], day[FMT_DATE_MAX], agency[512];
    office_words(c, office, sizeof office);
    fmt_date(js(c, "started_at"), start, sizeof start);
    fmt_date(date, day, sizeof day);
    document_agency(NULL, agency, sizeof agency);
    check_order_spec spec = {agency, number, day, js(c, "order"), office, start,
                             js(c, "chair"), members, nm, js(c, "mol"), head, font,
                             db_user(db)};
    inv_status rc = check_order_write_pdf(&spec, path, e);
    free(members);
    json_decref(c);
    return rc;
}

inv_status check_inventory_render(inv_db *db, const char *number, const char *date,
                                  const char *head, const char *content, const char *path,
                                  const char *font, inv_err *e)
{
    json_t *c = json_loads(content, 0, NULL);
    if (!json_is_object(c)) {
        json_decref(c);
        return inv_fail(e, INV_ECORRUPT, _("document %s: its content is not readable"),
                        number);
    }
    json_t *rows = json_object_get(c, "rows"), *unk = json_object_get(c, "unknown"),
           *mem = json_object_get(c, "members");
    size_t n = json_array_size(rows), nu = json_array_size(unk), nm = json_array_size(mem);
    inventory_row *ir = calloc(n ? n : 1, sizeof *ir);
    char (*name)[INV_NAME_MAX + INV_TEXT_MAX * 2 + 8] = calloc(n ? n : 1, sizeof *name);
    char (*num)[4][24] = calloc(n ? n : 1, sizeof *num);
    char (*val)[2][FMT_MONEY_MAX + 2] = calloc(n ? n : 1, sizeof *val);
    const char **unknown = calloc(nu ? nu : 1, sizeof *unknown);
    const char **members = calloc(nm ? nm : 1, sizeof *members);
    if (!ir || !name || !num || !val || !unknown || !members) abort();
    int64_t t_book = 0, t_found = 0, t_sur = 0, t_short = 0;
    long long n_book = 0, n_found = 0, n_sur = 0, n_short = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        const char *make = js(r, "make"), *model = js(r, "model");
        snprintf(name[i], sizeof name[i], "%s%s%s%s%s", js(r, "name"),
                 *make || *model ? ", " : "", make, *make && *model ? " " : "", model);
        long long book = json_integer_value(json_object_get(r, "book"));
        long long found = json_integer_value(json_object_get(r, "found"));
        long long sur = found > book ? found - book : 0, sh = book > found ? book - found : 0;
        n_book += book;
        n_found += found;
        n_sur += sur;
        n_short += sh;
        snprintf(num[i][0], 24, "%lld", book);
        snprintf(num[i][1], 24, "%lld", found);
        if (sur) snprintf(num[i][2], 24, "%lld", sur);
        if (sh) snprintf(num[i][3], 24, "%lld", sh);
        json_t *cost = json_object_get(r, "cost");
        const char *cur = js(r, "currency");
        if (json_is_integer(cost)) {
            int64_t v = json_integer_value(cost);
            int64_t eur = !strcmp(cur, "BGN") ? money_bgn_to_eur(v) : v;
            fmt_money(v, cur, val[i][0], sizeof val[i][0]);
            t_book += eur * book;
            t_found += eur * found;
            t_sur += eur * sur;
            t_short += eur * sh;
            if (sur || sh) {
                char m[FMT_MONEY_MAX];
                fmt_money(v * (sur ? sur : sh), cur, m, sizeof m);
                snprintf(val[i][1], sizeof val[i][1], "%s%s", sh ? "-" : "+", m);
            }
        }
        ir[i] = (inventory_row){js(r, "tag"), name[i], num[i][0], num[i][1], num[i][2],
                                num[i][3], val[i][0], val[i][1], sur || sh};
    }
    for (size_t i = 0; i < nu; i++) {
        const char *u = json_string_value(json_array_get(unk, i));
        unknown[i] = u ? u : "";
    }
    for (size_t i = 0; i < nm; i++) {
        const char *m = json_string_value(json_array_get(mem, i));
        members[i] = m ? m : "";
    }
    char office[INV_NAME_MAX + 128], tb[FMT_MONEY_MAX], tf[FMT_MONEY_MAX], ts[FMT_MONEY_MAX],
        tsh[FMT_MONEY_MAX], started[FMT_DATE_MAX], ended[FMT_DATE_MAX], day[FMT_DATE_MAX],
        agency[512];
    office_words(c, office, sizeof office);
    fmt_money(t_book, "EUR", tb, sizeof tb);
    fmt_money(t_found, "EUR", tf, sizeof tf);
    fmt_money(t_sur, "EUR", ts, sizeof ts);
    fmt_money(t_short, "EUR", tsh, sizeof tsh);
    fmt_date(js(c, "started_at"), started, sizeof started);
    fmt_date(js(c, "closed_at"), ended, sizeof ended);
    fmt_date(date, day, sizeof day);
    document_agency(NULL, agency, sizeof agency);
    inventory_spec spec = {
        agency, number, day, office, js(c, "order"), js(c, "chair"), members, nm,
        js(c, "mol"), started, ended, ir, n, unknown, nu, tb, tf, ts, tsh,
        n_book, n_found, n_sur, n_short, head, font, db_user(db)};
    inv_status rc = inventory_write_pdf(&spec, path, e);
    free(ir);
    free(name);
    free(num);
    free(val);
    free(unknown);
    free(members);
    json_decref(c);
    return rc;
}

/* The inventory list recorded for check id: its number into num ("" when
 * there is none). */
static inv_status recorded_list(inv_db *db, int64_t id, char *num, size_t n)
{
    num[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT number FROM document WHERE type = 'inventory_list'"
                                   " AND json_extract(content, '$.check_id') = :id"
                                   " ORDER BY id LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(num, n, db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading documents"));
    return INV_OK;
}

inv_status check_inventory_record(inv_db *db, int64_t id, const char *given, const char *day,
                                  char *number, size_t number_size)
{
    inv_check k;
    inv_status st;
    if ((st = check_get(db, id, &k)) != INV_OK) return st;
    if (!k.closed_at[0])
        return db_fail(db, INV_ESTATE, _("stock check %lld is open: its inventory list is numbered when the check is "
                                         "closed (check close ID --doc NUMBER)"), (long long)id);
    json_t *c = gather_content(db, &k, &st);
    if (!c) return st;
    json_t *people = json_array();
    const char *office = k.office_name;
    json_t *ch = json_object_get(c, "chair"), *mem = json_object_get(c, "members");
    if (*json_string_value(ch))
        json_array_append_new(people, json_pack("{s:s,s:O,s:s}", "role", "chair", "name", ch,
                                                "office", office));
    size_t i;
    json_t *m;
    json_array_foreach(mem, i, m)
        json_array_append_new(people, json_pack("{s:s,s:O,s:s}", "role", "member", "name", m,
                                                "office", office));
    if (k.mol[0])
        json_array_append_new(people, json_pack("{s:s,s:s,s:s}", "role", "mol", "name", k.mol,
                                                "office", office));
    char *cj = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *pj = json_dumps(people, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(c);
    json_decref(people);
    if (!cj || !pj) abort();
    st = document_record(db, "inventory_list", given, day, pj, cj, number, number_size);
    free(cj);
    free(pj);
    return st;
}

inv_status check_inventory_list(inv_db *db, int64_t id, const char *given, const char *path,
                                const char *font, char *number, size_t number_size,
                                inv_err *e)
{
    if (number && number_size) number[0] = '\0';
    inv_check k;
    if (check_get(db, id, &k) != INV_OK) return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
    char num[DOCUMENT_NUMBER_MAX * 4 + 1] = "";
    if (k.closed_at[0]) {
        if (recorded_list(db, id, num, sizeof num) != INV_OK)
            return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
        if (num[0] && given && *given && strcmp(given, num) != 0)
            return inv_fail(e, INV_ESTATE, _("the inventory list of stock check %1$lld is "
                                             "already numbered %2$s"), (long long)id, num);
        if (!num[0]) {
            /* A check closed by an older version, its list never printed:
             * record it now. */
            char day[INV_DATE_MAX];
            inv_status st = event_act_date(db, NULL, day);
            if (st == INV_OK) st = check_inventory_record(db, id, given, day, num, sizeof num);
            if (st != INV_OK) return inv_fail(e, st, "%s", db_errmsg(db));
        }
        if (number && number_size) str_copy(number, number_size, num);
        return document_print(db, num, "inventory_list", path, font, e);
    }
    if (given && *given)
        return inv_fail(e, INV_ESTATE, _("stock check %lld is open: its inventory list is numbered when the check is "
                                         "closed (check close ID --doc NUMBER)"),
                        (long long)id);
    /* An open check: a draft, not recorded. */
    inv_status st;
    json_t *c = gather_content(db, &k, &st);
    if (!c) return inv_fail(e, st, "%s", db_errmsg(db));
    char *cj = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    if (!cj) abort();
    char day[INV_DATE_MAX];
    st = event_act_date(db, NULL, day);
    if (st != INV_OK) {
        free(cj);
        return inv_fail(e, st, "%s", db_errmsg(db));
    }
    st = check_inventory_render(db, "", day, "", cj, path, font, e);
    free(cj);
    return st;
}

inv_status check_report_pdf(inv_db *db, int64_t id, const char *path, const char *font,
                            inv_err *e)
{
    return check_inventory_list(db, id, NULL, path, font, NULL, 0, e);
}
