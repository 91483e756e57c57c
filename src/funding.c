/* funding.c: funding projects. */
#include <stdio.h>
#include <string.h>

#include "inventar/funding.h"
#include "inventar/history.h"
#include "inventar/fmt.h"
#include "inventar/util.h"

#define FUNDING_COLS                                                          \
    "id, code, title, programme, amount IS NOT NULL, coalesce(amount,0),"     \
    " coalesce(currency,''), coalesce(date_from,''), coalesce(date_to,''),"   \
    " coalesce(durable_until,'')"

static void funding_from_row(sqlite3_stmt *st, inv_funding *f)
{
    memset(f, 0, sizeof *f);
    f->id = sqlite3_column_int64(st, 0);
    str_copy(f->code, sizeof f->code, db_col_text(st, 1));
    str_copy(f->title, sizeof f->title, db_col_text(st, 2));
    str_copy(f->programme, sizeof f->programme, db_col_text(st, 3));
    f->has_amount = sqlite3_column_int(st, 4);
    f->amount = sqlite3_column_int64(st, 5);
    str_copy(f->currency, sizeof f->currency, db_col_text(st, 6));
    str_copy(f->date_from, sizeof f->date_from, db_col_text(st, 7));
    str_copy(f->date_to, sizeof f->date_to, db_col_text(st, 8));
    str_copy(f->durable_until, sizeof f->durable_until, db_col_text(st, 9));
}

static inv_status one(inv_db *db, sqlite3_stmt *st, inv_funding *out, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        funding_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("no funding project '%s'"), what);
    return db_fail_sqlite(db, _("reading funding projects"));
}

inv_status funding_find(inv_db *db, const char *code, inv_funding *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " FUNDING_COLS " FROM funding"
                                   " WHERE code = :c COLLATE NOCASE");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":c", code);
    return one(db, st, out, code);
}

inv_status funding_get(inv_db *db, int64_t id, inv_funding *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " FUNDING_COLS " FROM funding WHERE id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    return one(db, st, out, "?");
}

/* which: 0 the start date, 1 the end date, 2 the end of durability. */
static int date_field(inv_db *db, const char *code, int which, char *d)
{
    if (!d[0]) return 0;
    char iso[INV_DATE_MAX];
    if (date_parse(d, iso) != 0) {
        /* TRANSLATORS: %1$s is the funding project's code, %2$s what was
         * typed. */
        const char *f = which == 0 ? _("funding %1$s: the start date '%2$s' is not a date "
                                       "(use 2023-04-01 or 01.04.2023)")
                        : which == 1 ? _("funding %1$s: the end date '%2$s' is not a date "
                                         "(use 2023-04-01 or 01.04.2023)")
                                     : _("funding %1$s: the end of the durability period "
                                         "'%2$s' is not a date (use 2023-04-01 or "
                                         "01.04.2023)");
        db_fail(db, INV_EINVAL, f, code, d);
        return -1;
    }
    memcpy(d, iso, sizeof iso);
    return 0;
}

inv_status funding_add(inv_db *db, inv_funding *f)
{
    if (!f->code[0] || strlen(f->code) > 63)
        return db_fail(db, INV_EINVAL, _("a funding project needs a code of 1-63 "
                                         "characters"));
    for (const char *p = f->code; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return db_fail(db, INV_EINVAL, _("funding code '%s' must be printable "
                                             "ASCII without spaces"), f->code);
    if (!f->title[0] || !utf8_valid(f->title, strlen(f->title)))
        return db_fail(db, INV_EINVAL, _("funding %s: the title is empty or not valid "
                                         "UTF-8"), f->code);
    if (!utf8_valid(f->programme, strlen(f->programme)))
        return db_fail(db, INV_EINVAL, _("funding %s: the programme is not valid UTF-8"),
                       f->code);
    if (utf8_chars(f->title) > INV_LONG_CHARS)
        return db_fail(db, INV_EINVAL, _("funding %1$s: the title is too long (%2$zu "
                                         "characters, at most %3$zu)"), f->code,
                       utf8_chars(f->title), (size_t)INV_LONG_CHARS);
    if (utf8_chars(f->programme) > INV_NAME_CHARS)
        return db_fail(db, INV_EINVAL, _("funding %1$s: the programme is too long (%2$zu "
                                         "characters, at most %3$zu)"), f->code,
                       utf8_chars(f->programme), (size_t)INV_NAME_CHARS);
    if (f->has_amount && strcmp(f->currency, "BGN") && strcmp(f->currency, "EUR"))
        return db_fail(db, INV_EINVAL, _("funding %s: the currency must be BGN or EUR"),
                       f->code);
    if (date_field(db, f->code, 0, f->date_from) || date_field(db, f->code, 1, f->date_to) ||
        date_field(db, f->code, 2, f->durable_until))
        return INV_EINVAL;
    if (f->date_from[0] && f->date_to[0] && strcmp(f->date_from, f->date_to) > 0) {
        char to[FMT_DATE_MAX], from[FMT_DATE_MAX];
        fmt_date(f->date_to, to, sizeof to);
        fmt_date(f->date_from, from, sizeof from);
        /* TRANSLATORS: %1$s is the funding project's code, %2$s its end
         * date, %3$s its start date. */
        return db_fail(db, INV_EINVAL, _("funding %1$s: it ends (%2$s) before it starts "
                                         "(%3$s)"), f->code, to, from);
    }
    inv_funding other;
    if (funding_find(db, f->code, &other) == INV_OK)
        return db_fail(db, INV_EEXIST, _("funding project %s already exists"), f->code);
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO funding(code, title, programme, amount, currency, date_from,"
        " date_to, durable_until) VALUES(:c, :t, :p, :a, :cur, :f, :to, :d)");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":c", f->code);
    db_bind_text(st, ":t", f->title);
    db_bind_text(st, ":p", f->programme);
    if (f->has_amount) {
        db_bind_int(st, ":a", f->amount);
        db_bind_text(st, ":cur", f->currency);
    }
    db_bind_text0(st, ":f", f->date_from);
    db_bind_text0(st, ":to", f->date_to);
    db_bind_text0(st, ":d", f->durable_until);
    inv_status rc = db_begin(db, DB_HERE);
    if (rc) return rc;
    rc = db_exec_stmt(db, st, f->code);
    if (rc == INV_OK) {
        f->id = sqlite3_last_insert_rowid(db_sqlite(db));
        rc = history_record(db, "funding", f->id, "funding_created", NULL, NULL, NULL, NULL,
                            NULL);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

inv_status funding_walk(inv_db *db, funding_visit_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " FUNDING_COLS " FROM funding ORDER BY code");
    if (!st) return db_error(db)->code;
    inv_funding f;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        funding_from_row(st, &f);
        if (fn(&f, arg)) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail_sqlite(db, _("reading funding projects"));
    return INV_OK;
}

inv_status funding_usage(inv_db *db, int64_t id, int64_t *count, int64_t *bgn,
                         int64_t *eur)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT count(*), coalesce(sum(CASE WHEN currency='BGN' THEN cost END),0),"
        " coalesce(sum(CASE WHEN currency='EUR' THEN cost END),0)"
        " FROM asset WHERE funding_id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail_sqlite(db, _("reading funding projects"));
    }
    *count = sqlite3_column_int64(st, 0);
    *bgn = sqlite3_column_int64(st, 1);
    *eur = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return INV_OK;
}
