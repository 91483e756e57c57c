/* writeoff.c: the write-off act under a protocol (протокол за
 * бракуване) and its printing (document.h). The commission, the reason
 * and the assets as of the act (put into service, initial value,
 * funding) are stored in the document, so a reprint is the same paper;
 * the PDF is drawn by labels/writeoff.c from plain text assembled here. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/util.h"
#include "writeoff.h"

static json_t *jstr(const char *s) { return json_string(s ? s : ""); }

/* A text option: valid UTF-8, at most INV_TEXT_CHARS * 2 characters, no
 * control characters. */
static inv_status option_ok(inv_db *db, const char *opt, const char *v)
{
    if (!v) return INV_OK;
    if (!utf8_valid(v, strlen(v)) || utf8_chars(v) > INV_TEXT_CHARS * 2)
        return db_fail(db, INV_EINVAL, _("%s: at most %d characters of text"), opt,
                       INV_TEXT_CHARS * 2);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return db_fail(db, INV_EINVAL, _("%s: no control characters"), opt);
    return INV_OK;
}

/* One asset of the act as the protocol shows it, read before the act. */
typedef struct wo_asset {
    int64_t id;
    char durable_until[INV_DATE_MAX]; /* "" when the period is over or none */
    json_t *row;
} wo_asset;

/* The date an asset was put into service: its first assignment's act
 * date (older events: the day it was recorded); "" when never. */
static inv_status in_service(inv_db *db, int64_t id, char out[INV_DATE_MAX])
{
    out[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(act_date, ''), at FROM event"
                                   " WHERE asset_id = :id AND type = 'assigned'"
                                   " ORDER BY id LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (*db_col_text(st, 0)) str_copy(out, INV_DATE_MAX, db_col_text(st, 0));
        else date_of_utc(db_col_text(st, 1), out);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("the history"));
    return INV_OK;
}

/* Read the asset named tag for the protocol; refuse it when its
 * funding's durability period lasts to day and there is no override. */
static inv_status read_asset(inv_db *db, const char *tag, const char *day, int override,
                             wo_asset *a)
{
    char found[INV_TAG_MAX + 1];
    asset_match how;
    inv_status rc = asset_resolve(db, tag, &a->id, found, &how, NULL);
    if (rc != INV_OK) return rc;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT a.tag, k.name, a.make, a.model, coalesce(a.serial, ''), a.cost,"
        " coalesce(a.currency, ''), coalesce(f.code, ''), coalesce(f.title, ''),"
        " coalesce(f.durable_until, '')"
        " FROM asset a JOIN asset_kind k ON k.id = a.kind_id"
        " LEFT JOIN funding f ON f.id = a.funding_id WHERE a.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", a->id);
    int src = sqlite3_step(st);
    if (src != SQLITE_ROW) {
        sqlite3_reset(st);
        if (src == SQLITE_DONE) return db_fail(db, INV_ENOTFOUND, _("no asset '%s'"), tag);
        return db_fail_sqlite(db, tag);
    }
    json_t *r = json_object();
    json_object_set_new(r, "tag", jstr(db_col_text(st, 0)));
    json_object_set_new(r, "name", jstr(db_col_text(st, 1)));
    json_object_set_new(r, "make", jstr(db_col_text(st, 2)));
    json_object_set_new(r, "model", jstr(db_col_text(st, 3)));
    json_object_set_new(r, "serial", jstr(db_col_text(st, 4)));
    if (sqlite3_column_type(st, 5) == SQLITE_NULL) json_object_set_new(r, "cost", json_null());
    else json_object_set_new(r, "cost", json_integer(sqlite3_column_int64(st, 5)));
    json_object_set_new(r, "currency", jstr(db_col_text(st, 6)));
    json_object_set_new(r, "funding", jstr(db_col_text(st, 7)));
    json_object_set_new(r, "funding_title", jstr(db_col_text(st, 8)));
    char until[INV_DATE_MAX], code[INV_TEXT_MAX * 4 + 1];
    str_copy(until, sizeof until, db_col_text(st, 9));
    str_copy(code, sizeof code, db_col_text(st, 7));
    sqlite3_reset(st);
    a->row = r;
    a->durable_until[0] = '\0';
    /* The period's last day still belongs to it. */
    if (*until && strcmp(day, until) <= 0) {
        if (!override) {
            char when[FMT_DATE_MAX];
            fmt_date(until, when, sizeof when);
            /* TRANSLATORS: %1$s is the asset's inventory number, %2$s the
             * funding project's code, %3$s the date its durability period
             * ends. Keep the options as they are. */
            return db_fail(db, INV_ESTATE,
                           _("%1$s: bought under %2$s, whose durability period ends on %3$s; "
                             "a write-off before then needs --before-durability --reason "
                             "TEXT"), json_string_value(json_object_get(r, "tag")), code,
                           when);
        }
        str_copy(a->durable_until, sizeof a->durable_until, until);
    }
    json_object_set_new(r, "durable_until", jstr(a->durable_until));
    char since[INV_DATE_MAX];
    if ((rc = in_service(db, a->id, since)) != INV_OK) return rc;
    json_object_set_new(r, "in_service", jstr(since));
    return INV_OK;
}

/* Write off the tags of one group (with the same facts). */
static inv_status write_group(inv_db *db, const char *const *tags, int n, const inv_act *act,
                              const char *facts)
{
    if (!n) return INV_OK;
    inv_act a = *act;
    a.status = "written_off";
    a.facts = facts;
    return asset_set_status(db, tags, n, &a);
}

inv_status document_write_off_act(inv_db *db, const char *const *tags, int n,
                                  const inv_act *act, const document_write_off *w,
                                  char *number, size_t number_size)
{
    inv_status rc;
    if (n <= 0) return db_fail(db, INV_EINVAL, _("no asset tags given"));
    if ((rc = option_ok(db, "--chair", w->chair)) || (rc = option_ok(db, "--reason", w->reason)) ||
        (rc = option_ok(db, "--order", w->order)))
        return rc;
    for (int i = 0; i < w->nmembers; i++)
        if ((rc = option_ok(db, "--member", w->members[i])) != INV_OK) return rc;
    if (w->before_durability && (!w->reason || !*w->reason))
        return db_fail(db, INV_EINVAL, _("--before-durability needs --reason TEXT"));
    char day[INV_DATE_MAX];
    if ((rc = event_act_date(db, act->date, day)) != INV_OK) return rc;
    char num[DOCUMENT_NUMBER_MAX * 4 + 1];
    int given = w->number && *w->number;
    if (given) {
        if ((rc = document_number_check(db, w->number)) != INV_OK) return rc;
        str_copy(num, sizeof num, w->number);
    }
    wo_asset *as = calloc((size_t)n, sizeof *as);
    const char **plain = calloc((size_t)n, sizeof *plain);
    const char **within = calloc((size_t)n, sizeof *within);
    if (!as || !plain || !within) abort();
    json_t *rows = json_array();
    int np = 0, nw = 0;
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) goto out;
    int64_t before = 0;
    int taken = 0;
    if ((rc = db_one_int(db, "SELECT coalesce(max(id), 0) FROM event", &before)) != INV_OK)
        goto fail;
    if (given) {
        if ((rc = document_number_taken(db, "write_off", num, &taken)) != INV_OK) goto fail;
        if (taken) {
            rc = db_fail(db, INV_EEXIST, _("a write-off protocol numbered %s already exists"),
                         num);
            goto fail;
        }
    } else if ((rc = document_number_issue(db, "write_off", day, num, sizeof num)) != INV_OK) {
        goto fail;
    }
    /* The assets as they are before the act (the act checks the rest:
     * repeats, assets already written off, the date). */
    for (int i = 0; i < n; i++) {
        if ((rc = read_asset(db, tags[i], day, w->before_durability, &as[i])) != INV_OK) {
            json_decref(as[i].row);
            goto fail;
        }
        json_array_append_new(rows, as[i].row);
        if (as[i].durable_until[0]) within[nw++] = tags[i];
        else plain[np++] = tags[i];
    }
    inv_act a = *act;
    a.doc = num;
    a.date = day;
    if ((rc = write_group(db, plain, np, &a, NULL)) != INV_OK) goto fail;
    /* The override is a fact on each event it concerns: the end of that
     * asset's period. */
    for (int i = 0; i < n && rc == INV_OK; i++) {
        if (!as[i].durable_until[0]) continue;
        json_t *f = json_object();
        json_object_set_new(f, "@before_durability", json_string(as[i].durable_until));
        char *fj = json_dumps(f, JSON_COMPACT);
        json_decref(f);
        if (!fj) abort();
        rc = write_group(db, &tags[i], 1, &a, fj);
        free(fj);
    }
    if (rc != INV_OK) goto fail;

    json_t *content = json_object();
    json_object_set_new(content, "order", jstr(w->order));
    json_object_set_new(content, "reason", jstr(w->reason));
    json_object_set_new(content, "before_durability", json_boolean(w->before_durability));
    json_object_set_new(content, "chair", jstr(w->chair));
    json_t *mem = json_array(), *people = json_array(), *p;
    if (w->chair && *w->chair) {
        p = json_object();
        json_object_set_new(p, "role", json_string("chair"));
        json_object_set_new(p, "name", jstr(w->chair));
        json_object_set_new(p, "office", json_string(""));
        json_array_append_new(people, p);
    }
    for (int i = 0; i < w->nmembers; i++) {
        json_array_append_new(mem, jstr(w->members[i]));
        p = json_object();
        json_object_set_new(p, "role", json_string("member"));
        json_object_set_new(p, "name", jstr(w->members[i]));
        json_object_set_new(p, "office", json_string(""));
        json_array_append_new(people, p);
    }
    json_object_set_new(content, "members", mem);
    json_object_set(content, "rows", rows);
    char *cj = json_dumps(content, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *pj = json_dumps(people, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(content);
    json_decref(people);
    if (!cj || !pj) abort();
    rc = document_record_acts(db, "write_off", num, day, pj, cj, before);
    free(cj);
    free(pj);
    if (rc != INV_OK) goto fail;
    if ((rc = db_commit(db)) != INV_OK) goto out;
    str_copy(number, number_size, num);
    goto out;
fail:
    db_rollback(db);
out:
    json_decref(rows);
    free(as);
    free(plain);
    free(within);
    return rc;
}

/* ---- printing ---- */

static const char *js(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* An initial value in euro with leva beside it (the fixed rate), or as
 * recorded in any other currency. */
static void value_text(int64_t minor, const char *cur, char *out, size_t n)
{
    if (strcmp(cur, "EUR") != 0) {
        fmt_money(minor, cur, out, n);
        return;
    }
    char e[FMT_MONEY_MAX / 2], b[FMT_MONEY_MAX / 2];
    fmt_amount(minor, e, sizeof e);
    /* leva = euro * 1.95583, half up to the stotinka */
    __int128 v = (__int128)minor * 195583;
    int64_t bgn = (int64_t)((v + (v < 0 ? -50000 : 50000)) / 100000);
    fmt_amount(bgn, b, sizeof b);
    snprintf(out, n, _("%1$s EUR (%2$s BGN)"), e, b);
}

inv_status document_print_write_off(inv_db *db, const inv_document *dd,
                                    const struct json_t *content, const char *path,
                                    const char *font, inv_err *e)
{
    const json_t *rows = json_object_get(content, "rows");
    size_t n = json_array_size(rows);
    writeoff_row *wr = calloc(n ? n : 1, sizeof *wr);
    char (*mm)[INV_TEXT_MAX * 8 + 2] = calloc(n ? n : 1, sizeof *mm);
    char (*val)[FMT_MONEY_MAX] = calloc(n ? n : 1, sizeof *val);
    char (*since)[FMT_DATE_MAX] = calloc(n ? n : 1, sizeof *since);
    char (*fund)[INV_NAME_MAX * 4 + INV_TEXT_MAX * 4 + 4] = calloc(n ? n : 1, sizeof *fund);
    if (!wr || !mm || !val || !since || !fund) abort();
    int64_t total = 0;
    sbuf projects = {0}, untils = {0};
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        const char *make = js(r, "make"), *model = js(r, "model");
        snprintf(mm[i], sizeof mm[i], "%s%s%s", make, *make && *model ? " " : "", model);
        json_t *cost = json_object_get(r, "cost");
        const char *cur = js(r, "currency");
        if (json_is_integer(cost)) {
            int64_t c = json_integer_value(cost);
            value_text(c, cur, val[i], sizeof val[i]);
            /* In the table's narrow column: the leva under the euro. */
            char *paren = strstr(val[i], " (");
            if (paren) *paren = '\n';
            total += !strcmp(cur, "BGN") ? money_bgn_to_eur(c) : c;
        }
        fmt_date(js(r, "in_service"), since[i], sizeof since[i]);
        const char *code = js(r, "funding"), *title = js(r, "funding_title");
        snprintf(fund[i], sizeof fund[i], "%s%s%s", code, *code && *title ? " " : "", title);
        if (*js(r, "durable_until")) {
            char until[FMT_DATE_MAX];
            fmt_date(js(r, "durable_until"), until, sizeof until);
            if (projects.len) sbuf_add(&projects, ", ");
            /* TRANSLATORS: an asset's number and the end of its funding's
             * durability period, in a list: "PC-000001 (31.12.2027)". */
            sbuf_addf(&projects, _("%1$s (%2$s)"), js(r, "tag"), until);
            if (!strstr(sbuf_str(&untils), code)) {
                if (untils.len) sbuf_add(&untils, ", ");
                sbuf_add(&untils, code);
            }
        }
        wr[i] = (writeoff_row){js(r, "tag"), js(r, "name"), mm[i], js(r, "serial"), since[i],
                               val[i], fund[i]};
    }
    char date[FMT_DATE_MAX], tot[FMT_MONEY_MAX], head[128] = "", agency[512];
    fmt_date(dd->date, date, sizeof date);
    value_text(total, "EUR", tot, sizeof tot);
    if (dd->head_id)
        snprintf(head, sizeof head, "%lld, %.16s", (long long)dd->head_id, dd->head_hash);
    document_agency(NULL, agency, sizeof agency);
    sbuf dur = {0};
    if (json_is_true(json_object_get(content, "before_durability")) && projects.len)
        /* TRANSLATORS: %1$s lists assets with the end of their durability
         * period, %2$s the funding projects' codes. */
        sbuf_addf(&dur, _("Written off before the end of the durability period of its "
                          "funding (%2$s): %1$s."), sbuf_str(&projects), sbuf_str(&untils));
    const json_t *mem = json_object_get(content, "members");
    size_t nm = json_array_size(mem);
    const char **members = calloc(nm ? nm : 1, sizeof *members);
    if (!members) abort();
    for (size_t i = 0; i < nm; i++) {
        const char *m = json_string_value(json_array_get(mem, i));
        members[i] = m ? m : "";
    }
    writeoff_spec spec = {
        agency, dd->number, date, js(content, "order"), js(content, "reason"), sbuf_str(&dur),
        js(content, "chair"), members, nm, wr, n, tot, head, font, db_user(db)};
    inv_status rc = writeoff_write_pdf(&spec, path, e);
    free(members);
    sbuf_free(&dur);
    sbuf_free(&projects);
    sbuf_free(&untils);
    free(wr);
    free(mm);
    free(val);
    free(since);
    free(fund);
    return rc;
}
