/* check.c: stock checks. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/check.h"
#include "inventar/check_report.h"
#include "inventar/history.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/office.h"
#include "inventar/util.h"

#define CHECK_COLS                                                             \
    "c.id, c.office_id, o.code, o.name, c.recursive, c.started_at,"            \
    " coalesce(c.closed_at,''), c.started_by, coalesce(c.closed_by,''),"       \
    " c.applied, c.commission, c.scan_prefix, c.scan_suffix, c.note,"         \
    " c.order_text, c.chair, c.members, c.mol"
#define CHECK_FROM " FROM stock_check c JOIN office o ON o.id = c.office_id"

/* The offices a check covers, for SQL: the office, and below it when
 * recursive. Needs :office and :rec bound. */
#define CHECK_SUB                                                              \
    "WITH RECURSIVE sub(id) AS (SELECT :office UNION ALL SELECT o.id"          \
    " FROM office o JOIN sub ON o.parent_id = sub.id WHERE :rec) "

static void check_from_row(sqlite3_stmt *st, inv_check *c)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->office_id = sqlite3_column_int64(st, 1);
    str_copy(c->office, sizeof c->office, db_col_text(st, 2));
    str_copy(c->office_name, sizeof c->office_name, db_col_text(st, 3));
    c->recursive = sqlite3_column_int(st, 4);
    str_copy(c->started_at, sizeof c->started_at, db_col_text(st, 5));
    str_copy(c->closed_at, sizeof c->closed_at, db_col_text(st, 6));
    str_copy(c->started_by, sizeof c->started_by, db_col_text(st, 7));
    str_copy(c->closed_by, sizeof c->closed_by, db_col_text(st, 8));
    c->applied = sqlite3_column_int(st, 9);
    str_copy(c->commission, sizeof c->commission, db_col_text(st, 10));
    str_copy(c->scan_prefix, sizeof c->scan_prefix, db_col_text(st, 11));
    str_copy(c->scan_suffix, sizeof c->scan_suffix, db_col_text(st, 12));
    str_copy(c->note, sizeof c->note, db_col_text(st, 13));
    str_copy(c->order_text, sizeof c->order_text, db_col_text(st, 14));
    str_copy(c->chair, sizeof c->chair, db_col_text(st, 15));
    str_copy(c->members, sizeof c->members, db_col_text(st, 16));
    if (!c->members[0]) str_copy(c->members, sizeof c->members, "[]");
    str_copy(c->mol, sizeof c->mol, db_col_text(st, 17));
}

inv_status check_get(inv_db *db, int64_t id, inv_check *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " CHECK_COLS CHECK_FROM " WHERE c.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        check_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("no stock check %lld"), (long long)id);
    return db_fail_sqlite(db, _("reading stock checks"));
}

/* A text of at most max characters (limits.h), valid UTF-8. */
static inv_status text_field(inv_db *db, const char *what, const char *v, size_t max)
{
    if (!v) return INV_OK;
    if (!utf8_valid(v, strlen(v)))
        /* TRANSLATORS: %1$s is a field's name ("commission", "note"). */
        return db_fail(db, INV_EINVAL, _("%1$s is not valid UTF-8"), what);
    if (utf8_chars(v) > max)
        /* TRANSLATORS: %1$s is a field's name ("commission", "note"). */
        return db_fail(db, INV_EINVAL, _("%1$s is too long (%2$zu characters, at most %3$zu)"),
                       what, utf8_chars(v), max);
    return INV_OK;
}

/* A person's name or an order: text_field, and no control characters. */
static inv_status name_field(inv_db *db, const char *what, const char *v, size_t max)
{
    inv_status rc = text_field(db, what, v, max);
    if (rc != INV_OK || !v) return rc;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            /* TRANSLATORS: %s is a field's name ("chair", "order"). */
            return db_fail(db, INV_EINVAL, _("%s: no control characters"), what);
    return INV_OK;
}

/* The commission as given: chair and members checked, members as a JSON
 * array into *json (malloc'd). */
static inv_status commission_json(inv_db *db, const char *chair, const char *const *members,
                                  int n, const char *mol, const char *order, char **json)
{
    inv_status rc;
    if ((rc = name_field(db, P_("field", "order"), order, INV_LONG_CHARS)) ||
        (rc = name_field(db, P_("field", "chair"), chair, INV_TEXT_CHARS)) ||
        (rc = name_field(db, P_("field", "materially responsible person"), mol, INV_TEXT_CHARS)))
        return rc;
    if (n > CHECK_MEMBERS_MAX)
        return db_fail(db, INV_EINVAL, _("a commission has at most %d members besides its "
                                         "chair"), CHECK_MEMBERS_MAX);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        char name[INV_TEXT_MAX * 4 + 1];
        if ((rc = name_field(db, P_("field", "member"), members[i], INV_TEXT_CHARS))) {
            json_decref(a);
            return rc;
        }
        str_copy(name, sizeof name, members[i]);
        const char *t = str_trim(name);
        if (!*t) {
            json_decref(a);
            return db_fail(db, INV_EINVAL, _("a member of the commission needs a name"));
        }
        json_array_append_new(a, json_string(t));
    }
    *json = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    if (!*json) abort();
    return INV_OK;
}

/* Record the check order of check id (an order is set) as a document. */
static inv_status record_order(inv_db *db, int64_t id, const char *given, char *num,
                               size_t num_size)
{
    inv_check k;
    inv_status rc;
    if ((rc = check_get(db, id, &k)) != INV_OK) return rc;
    char day[INV_DATE_MAX];
    if ((rc = event_act_date(db, NULL, day)) != INV_OK) return rc;
    json_t *members = json_loads(k.members, 0, NULL);
    if (!json_is_array(members)) {
        json_decref(members);
        members = json_array();
    }
    json_t *people = json_array();
    const char *office = k.office_name;
    if (k.chair[0])
        json_array_append_new(people, json_pack("{s:s,s:s,s:s}", "role", "chair", "name",
                                                k.chair, "office", office));
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
        json_array_append_new(people, json_pack("{s:s,s:s,s:s}", "role", "member", "name",
                                                json_string_value(m), "office", office));
    if (k.mol[0])
        json_array_append_new(people, json_pack("{s:s,s:s,s:s}", "role", "mol", "name", k.mol,
                                                "office", office));
    json_t *content = json_pack("{s:I,s:s,s:s,s:b,s:s,s:s,s:O,s:s,s:s}", "check_id",
                                (json_int_t)k.id, "office", k.office, "office_name",
                                k.office_name, "recursive", k.recursive, "order", k.order_text,
                                "chair", k.chair, "members", members, "mol", k.mol,
                                "started_at", k.started_at);
    char *pj = json_dumps(people, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *cj = json_dumps(content, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(people);
    json_decref(content);
    json_decref(members);
    if (!pj || !cj) abort();
    rc = document_record(db, "check_order", given, day, pj, cj, num, num_size);
    free(pj);
    free(cj);
    return rc;
}

inv_status check_start(inv_db *db, const check_options *opt, int64_t *id)
{
    return check_start_doc(db, opt, id, NULL, 0);
}

inv_status check_start_doc(inv_db *db, const check_options *opt, int64_t *id,
                           char *doc_number, size_t doc_size)
{
    inv_status rc;
    if (doc_number && doc_size) doc_number[0] = '\0';
    if (!opt->office || !*opt->office)
        return db_fail(db, INV_EINVAL, _("a stock check needs an office"));
    if ((rc = text_field(db, P_("field", "commission"), opt->commission, INV_LONG_CHARS)) ||
        (rc = text_field(db, P_("field", "scanner prefix"), opt->scan_prefix, CHECK_AFFIX_CHARS)) ||
        (rc = text_field(db, P_("field", "scanner suffix"), opt->scan_suffix, CHECK_AFFIX_CHARS)) ||
        (rc = text_field(db, P_("field", "note"), opt->note, INV_LONG_CHARS)))
        return rc;
    /* The commission: --chair and --member, or the older "NAME; NAME"
     * whose first name chairs it. */
    const char *chair = opt->chair;
    const char *split[CHECK_MEMBERS_MAX + 2];
    int nsplit = 0;
    char combuf[INV_LONG_MAX + 1];
    const char *const *members = opt->members;
    int nmembers = opt->nmembers;
    if (!chair && !nmembers && opt->commission && *opt->commission) {
        str_copy(combuf, sizeof combuf, opt->commission);
        for (char *save = NULL, *p = strtok_r(combuf, ";", &save); p;
             p = strtok_r(NULL, ";", &save)) {
            p = str_trim(p);
            if (!*p) continue;
            if (nsplit == CHECK_MEMBERS_MAX + 1)
                return db_fail(db, INV_EINVAL, _("a commission has at most %d members besides "
                                                 "its chair"), CHECK_MEMBERS_MAX);
            split[nsplit++] = p;
        }
        if (nsplit) {
            chair = split[0];
            members = split + 1;
            nmembers = nsplit - 1;
        }
    }
    char *mj = NULL;
    if ((rc = commission_json(db, chair, members, nmembers, opt->mol, opt->order, &mj)))
        return rc;
    /* The names in the older column too, for readers of it. */
    sbuf com = {0};
    if (opt->commission && *opt->commission) sbuf_add(&com, opt->commission);
    else if (chair && *chair) {
        sbuf_add(&com, chair);
        for (int i = 0; i < nmembers; i++) sbuf_addf(&com, "; %s", members[i]);
    }
    if (utf8_chars(sbuf_str(&com)) > INV_LONG_CHARS || strlen(sbuf_str(&com)) > INV_LONG_MAX) {
        rc = db_fail(db, INV_EINVAL, _("%1$s is too long (%2$zu characters, at most %3$zu)"),
                     P_("field", "commission"), utf8_chars(sbuf_str(&com)),
                     (size_t)INV_LONG_CHARS);
        free(mj);
        sbuf_free(&com);
        return rc;
    }
    inv_office o;
    if ((rc = office_find(db, opt->office, &o)) != INV_OK) return rc;
    if (!o.active)
        return db_fail(db, INV_ESTATE, _("office %s is deactivated"), o.code);
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) {
        free(mj);
        sbuf_free(&com);
        return rc;
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM stock_check WHERE office_id = :o"
                                   " AND closed_at IS NULL LIMIT 1");
    if (!st) goto sqlfail;
    db_bind_int(st, ":o", o.id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        long long open = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        db_rollback(db);
        free(mj);
        sbuf_free(&com);
        return db_fail(db, INV_ESTATE, _("office %s already has an open stock check (%lld): "
                                         "resume it or close it first"), o.code, open);
    }
    sqlite3_reset(st);
    char now[INV_TIME_MAX];
    now_utc(now);
    st = db_stmt(db, "INSERT INTO stock_check(office_id, recursive, started_at, started_by,"
                     " commission, scan_prefix, scan_suffix, note, order_text, chair, members,"
                     " mol) VALUES(:o, :rec, :at, :by, :com, :pre, :suf, :note, :ord, :chair,"
                     " :mem, :mol)");
    if (!st) goto sqlfail;
    db_bind_int(st, ":o", o.id);
    db_bind_int(st, ":rec", opt->recursive ? 1 : 0);
    db_bind_text(st, ":at", now);
    db_bind_text(st, ":by", db_user(db));
    db_bind_text(st, ":com", sbuf_str(&com));
    db_bind_text(st, ":ord", opt->order ? opt->order : "");
    db_bind_text(st, ":chair", chair ? chair : "");
    db_bind_text(st, ":mem", mj);
    db_bind_text(st, ":mol", opt->mol ? opt->mol : "");
    db_bind_text(st, ":pre", opt->scan_prefix ? opt->scan_prefix : "");
    db_bind_text(st, ":suf", opt->scan_suffix ? opt->scan_suffix : "");
    db_bind_text(st, ":note", opt->note ? opt->note : "");
    if ((rc = db_exec_stmt(db, st, _("starting the stock check"))) != INV_OK) goto fail;
    *id = sqlite3_last_insert_rowid(db_sqlite(db));
    st = db_stmt(db, CHECK_SUB "INSERT INTO check_expected(check_id, asset_id, office_id)"
                     " SELECT :id, a.id, a.office_id FROM asset a"
                     " WHERE a.office_id IN (SELECT id FROM sub) AND a.status <> 'written_off'");
    if (!st) goto sqlfail;
    db_bind_int(st, ":office", o.id);
    db_bind_int(st, ":rec", opt->recursive ? 1 : 0);
    db_bind_int(st, ":id", *id);
    if ((rc = db_exec_stmt(db, st, _("taking the snapshot"))) != INV_OK) goto fail;
    if ((rc = history_record(db, "check", *id, "check_started", NULL, now, NULL, NULL,
                             NULL)) != INV_OK)
        goto fail;
    if (opt->order && *opt->order) {
        char num[DOCUMENT_NUMBER_MAX * 4 + 1];
        if ((rc = record_order(db, *id, opt->doc, num, sizeof num)) != INV_OK) goto fail;
        if (doc_number && doc_size) str_copy(doc_number, doc_size, num);
    } else if (opt->doc && *opt->doc) {
        rc = db_fail(db, INV_EINVAL, _("a check order's number (--doc) needs its order "
                                       "(--order)"));
        goto fail;
    }
    free(mj);
    sbuf_free(&com);
    return db_commit(db);
sqlfail:
    rc = db_error(db)->code;
fail:
    free(mj);
    sbuf_free(&com);
    db_rollback(db);
    if (doc_number && doc_size) doc_number[0] = '\0';
    return rc;
}

/* 1 when a check order is recorded for check id. */
static inv_status has_order_doc(inv_db *db, int64_t id, int *has)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM document WHERE type = 'check_order'"
                                   " AND json_extract(content, '$.check_id') = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading documents"));
    *has = rc == SQLITE_ROW;
    return INV_OK;
}

inv_status check_edit(inv_db *db, int64_t id, const check_edit_options *opt,
                      char *doc_number, size_t doc_size)
{
    inv_status rc;
    if (doc_number && doc_size) doc_number[0] = '\0';
    char *mj = NULL;
    if ((rc = commission_json(db, opt->chair, opt->members, opt->set_members ? opt->nmembers : 0,
                              opt->mol, opt->order, &mj)))
        return rc;
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) {
        free(mj);
        return rc;
    }
    inv_check k;
    if ((rc = check_get(db, id, &k)) != INV_OK) goto fail;
    if (k.closed_at[0]) {
        rc = db_fail(db, INV_ESTATE, _("stock check %lld is closed: its order and commission "
                                       "can no longer be changed"), (long long)id);
        goto fail;
    }
    const char *chair = opt->chair ? opt->chair : k.chair;
    const char *members = opt->set_members ? mj : k.members;
    /* The older column follows: chair; member; ... */
    sbuf com = {0};
    sbuf_add(&com, chair);
    json_t *ma = json_loads(members, 0, NULL);
    size_t i;
    json_t *m;
    json_array_foreach(ma, i, m) sbuf_addf(&com, "%s%s", com.len ? "; " : "",
                                           json_string_value(m));
    json_decref(ma);
    char *before = NULL;
    if ((rc = history_facts(db, "check", id, &before, NULL, NULL)) != INV_OK) {
        sbuf_free(&com);
        goto fail;
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE stock_check SET order_text = :ord, chair = :chair,"
                                   " members = :mem, mol = :mol, commission = :com"
                                   " WHERE id = :id AND closed_at IS NULL");
    if (!st) {
        free(before);
        sbuf_free(&com);
        rc = db_error(db)->code;
        goto fail;
    }
    db_bind_text(st, ":ord", opt->order ? opt->order : k.order_text);
    db_bind_text(st, ":chair", chair);
    db_bind_text(st, ":mem", members);
    db_bind_text(st, ":mol", opt->mol ? opt->mol : k.mol);
    db_bind_text(st, ":com", strlen(sbuf_str(&com)) <= INV_LONG_MAX ? sbuf_str(&com)
                                                                     : k.commission);
    db_bind_int(st, ":id", id);
    rc = db_exec_stmt(db, st, _("changing the stock check"));
    sbuf_free(&com);
    if (rc == INV_OK)
        rc = history_record(db, "check", id, "check_edited", before, NULL, NULL, NULL, NULL);
    free(before);
    if (rc != INV_OK) goto fail;
    int has = 0;
    if (opt->order && *opt->order) {
        if ((rc = has_order_doc(db, id, &has)) != INV_OK) goto fail;
        if (!has) {
            char num[DOCUMENT_NUMBER_MAX * 4 + 1];
            if ((rc = record_order(db, id, opt->doc, num, sizeof num)) != INV_OK) goto fail;
            if (doc_number && doc_size) str_copy(doc_number, doc_size, num);
        }
    }
    if (opt->doc && *opt->doc && !(opt->order && *opt->order && !has)) {
        rc = db_fail(db, INV_EINVAL, _("--doc numbers a new check order: give it with the "
                                       "first --order of the check"));
        goto fail;
    }
    free(mj);
    return db_commit(db);
fail:
    free(mj);
    db_rollback(db);
    if (doc_number && doc_size) doc_number[0] = '\0';
    return rc;
}

static int is_noise_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Strip s of a leading prefix (in place); returns 1 when it was there. */
static int strip_prefix(char *s, const char *prefix)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (n == 0 || strncmp(s, prefix, n) != 0) return 0;
    memmove(s, s + n, strlen(s + n) + 1);
    return 1;
}

int check_clean_code(const char *raw, size_t len, const char *prefix, const char *suffix,
                     char *out, size_t n)
{
    /* Work on a bounded copy: anything longer than the limit plus room
     * for noise is refused outright. */
    char buf[CHECK_CODE_MAX + 160];
    if (len >= sizeof buf) return -1;
    memcpy(buf, raw, len);
    buf[len] = '\0';
    if (memchr(raw, '\0', len)) {
        /* A NUL inside the scan: allowed only as trailing noise. */
        size_t k = strlen(buf);
        for (size_t i = k; i < len; i++)
            if (raw[i] != '\0' && raw[i] != '\r' && raw[i] != '\n' && raw[i] != ' ') return -1;
    }
    char *s = buf;
    /* Noise: a BOM and whitespace around; the scanner's prefix and suffix
     * once each, inside that whitespace. */
    for (int changed = 1; changed;) {
        changed = 0;
        if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF) {
            s += 3;
            changed = 1;
        }
        while (is_noise_space(*s)) {
            s++;
            changed = 1;
        }
    }
    size_t k = strlen(s);
    while (k > 0 && is_noise_space(s[k - 1])) s[--k] = '\0';
    if (strip_prefix(s, prefix)) {
        while (is_noise_space(*s)) s++;
        k = strlen(s);
    }
    size_t sl = suffix ? strlen(suffix) : 0;
    if (sl && k >= sl && strcmp(s + k - sl, suffix) == 0) {
        k -= sl;
        s[k] = '\0';
        while (k > 0 && is_noise_space(s[k - 1])) s[--k] = '\0';
    }
    if (k == 0) {
        out[0] = '\0';
        return 0;
    }
    if (k > CHECK_CODE_MAX || k + 1 > n) return -1;
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return -1;
    if (!utf8_valid(s, k)) return -1;
    memcpy(out, s, k + 1);
    return (int)k;
}

inv_status check_scan(inv_db *db, int64_t check_id, const char *raw, size_t len,
                      check_scan_result *out)
{
    memset(out, 0, sizeof *out);
    inv_status rc;
    inv_check c;
    if ((rc = check_get(db, check_id, &c)) != INV_OK) return rc;
    if (c.closed_at[0])
        return db_fail(db, INV_ESTATE, _("stock check %lld is closed (%s): it takes no more "
                                         "scans"), (long long)check_id, c.closed_at);
    int k = check_clean_code(raw, len, c.scan_prefix, c.scan_suffix, out->code,
                             sizeof out->code);
    if (k == 0) return db_fail(db, INV_EINVAL, "%s", "");
    if (k < 0) {
        char shown[64];
        size_t m = len < 40 ? len : 40;
        memcpy(shown, raw, m);
        shown[m] = '\0';
        char *safe = term_safe(shown);
        db_fail(db, INV_EINVAL, _("'%s%s' is not a code a scanner sends (control "
                                  "characters, or longer than %d bytes)"),
                safe, len > 40 ? "…" : "", CHECK_CODE_MAX);
        free(safe);
        return INV_EINVAL;
    }
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    /* By tag, scan code, look-alike letters, then a Bulgarian keyboard
     * layout mapped back (asset_resolve); an ambiguous code stays unknown. */
    int64_t rid = 0;
    asset_match how;
    char rtag[INV_TAG_MAX + 1];
    rc = asset_resolve(db, out->code, &rid, rtag, &how, out->mapped);
    if (rc != INV_OK && rc != INV_ENOTFOUND) goto fail;
    if (how == ASSET_MATCH_AMBIGUOUS) {
        str_copy(out->note, sizeof out->note, db_errmsg(db));
        how = ASSET_MATCH_NONE;
    }
    out->how = (int)how;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT a.id, a.tag, k.name, a.make, a.model, a.status, coalesce(o.code,''),"
        " coalesce(o.name,''), coalesce(a.office_id,0) FROM asset a"
        " JOIN asset_kind k ON k.id = a.kind_id LEFT JOIN office o ON o.id = a.office_id"
        " WHERE a.id = :id");
    if (!st) goto sqlfail;
    db_bind_int(st, ":id", rid);
    int64_t office_id = 0;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->asset_id = sqlite3_column_int64(st, 0);
        str_copy(out->tag, sizeof out->tag, db_col_text(st, 1));
        str_copy(out->kind_name, sizeof out->kind_name, db_col_text(st, 2));
        str_copy(out->make, sizeof out->make, db_col_text(st, 3));
        str_copy(out->model, sizeof out->model, db_col_text(st, 4));
        str_copy(out->status, sizeof out->status, db_col_text(st, 5));
        str_copy(out->office, sizeof out->office, db_col_text(st, 6));
        str_copy(out->office_name, sizeof out->office_name, db_col_text(st, 7));
        office_id = sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) goto sqlfail_sqlite;

    /* Scanned before in this check? */
    if (out->asset_id)
        st = db_stmt(db, "SELECT result FROM check_scan WHERE check_id = :c AND"
                         " asset_id = :a AND result <> 'duplicate' LIMIT 1");
    else
        st = db_stmt(db, "SELECT result FROM check_scan WHERE check_id = :c AND"
                         " code = :a COLLATE NOCASE AND result <> 'duplicate' LIMIT 1");
    if (!st) goto sqlfail;
    db_bind_int(st, ":c", check_id);
    if (out->asset_id) db_bind_int(st, ":a", out->asset_id);
    else db_bind_text(st, ":a", out->code);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        str_copy(out->first_result, sizeof out->first_result, db_col_text(st, 0));
        str_copy(out->result, sizeof out->result, "duplicate");
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) goto sqlfail_sqlite;

    if (!out->result[0]) {
        if (!out->asset_id) {
            str_copy(out->result, sizeof out->result, "unknown");
        } else {
            st = db_stmt(db, "SELECT 1 FROM check_expected WHERE check_id = :c AND asset_id = :a");
            if (!st) goto sqlfail;
            db_bind_int(st, ":c", check_id);
            db_bind_int(st, ":a", out->asset_id);
            step = sqlite3_step(st);
            sqlite3_reset(st);
            if (step != SQLITE_ROW && step != SQLITE_DONE) goto sqlfail_sqlite;
            str_copy(out->result, sizeof out->result, step == SQLITE_ROW ? "found" : "unexpected");
        }
    }
    char now[INV_TIME_MAX];
    now_utc(now);
    st = db_stmt(db, "INSERT INTO check_scan(check_id, raw, code, at, operator, result,"
                     " asset_id, office_id) VALUES(:c, :raw, :code, :at, :op, :res, :a, :o)");
    if (!st) goto sqlfail;
    db_bind_int(st, ":c", check_id);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":raw"), raw,
                      (int)(len > 1024 ? 1024 : len), SQLITE_TRANSIENT);
    db_bind_text(st, ":code", out->code);
    db_bind_text(st, ":at", now);
    db_bind_text(st, ":op", db_user(db));
    db_bind_text(st, ":res", out->result);
    if (out->asset_id) db_bind_int(st, ":a", out->asset_id);
    if (office_id) db_bind_int(st, ":o", office_id);
    if ((rc = db_exec_stmt(db, st, _("recording the scan"))) != INV_OK) goto fail;
    out->scan_id = sqlite3_last_insert_rowid(db_sqlite(db));
    if ((rc = history_record(db, "scan", out->scan_id, "check_scanned", NULL, now, NULL, NULL,
                             NULL)) != INV_OK)
        goto fail;
    return db_commit(db);
sqlfail_sqlite:
    rc = db_fail_sqlite(db, _("resolving the scan"));
    goto fail;
sqlfail:
    rc = db_error(db)->code;
fail:
    db_rollback(db);
    return rc;
}

void check_scan_remark(const check_scan_result *r, char *out, size_t n)
{
    if (n == 0) return;
    out[0] = '\0';
    if (r->how == ASSET_MATCH_BDS)
        snprintf(out, n, _("mapped from the BDS keyboard layout: %s"), r->mapped);
    else if (r->how == ASSET_MATCH_PHONETIC)
        snprintf(out, n, _("mapped from the phonetic keyboard layout: %s"), r->mapped);
    else if (r->note[0])
        str_copy(out, n, r->note);
}

inv_status check_count(inv_db *db, int64_t check_id, check_counts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db,
        "SELECT (SELECT count(*) FROM check_expected WHERE check_id = :c),"
        " (SELECT count(DISTINCT asset_id) FROM check_scan WHERE check_id = :c AND result = 'found'),"
        " (SELECT count(*) FROM check_scan WHERE check_id = :c AND result = 'unexpected'),"
        " (SELECT count(*) FROM check_scan WHERE check_id = :c AND result = 'unknown'),"
        " (SELECT count(*) FROM check_scan WHERE check_id = :c AND result = 'duplicate'),"
        " (SELECT count(*) FROM check_scan WHERE check_id = :c)");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":c", check_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail_sqlite(db, _("counting the stock check"));
    }
    out->expected = sqlite3_column_int64(st, 0);
    out->found = sqlite3_column_int64(st, 1);
    out->unexpected = sqlite3_column_int64(st, 2);
    out->unknown = sqlite3_column_int64(st, 3);
    out->duplicate = sqlite3_column_int64(st, 4);
    out->scans = sqlite3_column_int64(st, 5);
    out->missing = out->expected - out->found;
    sqlite3_reset(st);
    return INV_OK;
}

/* Tags selected by a query with :c (and maybe :office/:rec) bound. */
typedef struct tag_list {
    char **tags;
    int n, cap;
} tag_list;

static void tags_add(tag_list *l, const char *t)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->tags = realloc(l->tags, (size_t)l->cap * sizeof *l->tags);
        if (!l->tags) abort();
    }
    l->tags[l->n] = strdup(t);
    if (!l->tags[l->n]) abort();
    l->n++;
}

static void tags_free(tag_list *l)
{
    for (int i = 0; i < l->n; i++) free(l->tags[i]);
    free(l->tags);
    memset(l, 0, sizeof *l);
}

static inv_status collect(inv_db *db, const char *sql, const inv_check *c, tag_list *l,
                          int64_t **ids)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":c", c->id);
    if (sqlite3_bind_parameter_index(st, ":office")) {
        db_bind_int(st, ":office", c->office_id);
        db_bind_int(st, ":rec", c->recursive);
    }
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ids) {
            if (l->n >= cap) {
                cap = cap ? cap * 2 : 64;
                *ids = realloc(*ids, (size_t)cap * sizeof **ids);
                if (!*ids) abort();
            }
            (*ids)[l->n] = sqlite3_column_int64(st, 1);
        }
        tags_add(l, db_col_text(st, 0));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("applying the stock check"));
    return INV_OK;
}

/* What apply() acts on: the missing ones to mark (expected, never found,
 * still recorded here, not yet missing), the unexpected ones to move here
 * (written-off ones stay), and the ones to stamp as seen. */
static const char APPLY_MISSING[] = CHECK_SUB "SELECT a.tag, a.id FROM check_expected e JOIN asset a"
                     " ON a.id = e.asset_id WHERE e.check_id = :c"
                     " AND a.office_id IN (SELECT id FROM sub)"
                     " AND a.status NOT IN ('missing', 'written_off')"
                     " AND NOT EXISTS (SELECT 1 FROM check_scan s WHERE s.check_id = :c"
                     " AND s.asset_id = e.asset_id AND s.result = 'found') ORDER BY a.tag";
static const char APPLY_UNEXPECTED[] = CHECK_SUB "SELECT DISTINCT a.tag, a.id FROM check_scan s JOIN asset a"
                         " ON a.id = s.asset_id WHERE s.check_id = :c AND s.result = 'unexpected'"
                         " AND a.status <> 'written_off'"
                         " AND coalesce(a.office_id, 0) NOT IN (SELECT id FROM sub) ORDER BY a.tag";
static const char APPLY_SEEN[] = "SELECT DISTINCT a.tag, a.id FROM check_scan s JOIN asset a"
                         " ON a.id = s.asset_id WHERE s.check_id = :c AND"
                         " s.result IN ('found', 'unexpected') AND a.status <> 'written_off'"
                         " ORDER BY a.tag";

inv_status check_apply_preview(inv_db *db, int64_t check_id, check_apply_counts *out)
{
    memset(out, 0, sizeof *out);
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    inv_check c;
    if ((rc = check_get(db, check_id, &c)) == INV_OK && c.closed_at[0])
        rc = db_fail(db, INV_ESTATE, _("stock check %lld is already closed (%s)"),
                     (long long)check_id, c.closed_at);
    const char *sql[3] = {APPLY_MISSING, APPLY_UNEXPECTED, APPLY_SEEN};
    int64_t *n[3] = {&out->to_missing, &out->moved_here, &out->seen};
    for (int i = 0; i < 3 && rc == INV_OK; i++) {
        tag_list l = {0};
        rc = collect(db, sql[i], &c, &l, NULL);
        *n[i] = l.n;
        tags_free(&l);
    }
    if (rc == INV_OK) {
        str_copy(out->office, sizeof out->office, c.office);
        str_copy(out->office_name, sizeof out->office_name, c.office_name);
    }
    db_commit(db);
    return rc;
}

static inv_status apply(inv_db *db, const inv_check *c, const char *date)
{
    /* The events carry the check's id (check_id), not a sentence about it:
     * readers render it in their language (event_describe). */
    const char *note = NULL;
    inv_status rc = INV_OK;
    tag_list l = {0};
    int64_t *ids = NULL;
    /* Progress: the four steps below. */
    static const char phase[] = N_("Applying the stock check");
    db_progress(db, phase, 0, 4);

    /* Missing: expected, never found, still recorded here, not yet missing. */
    rc = collect(db, APPLY_MISSING,
                 c, &l, NULL);
    if (rc == INV_OK && l.n > 0) {
        inv_act act = {.status = "missing", .note = note, .check_id = c->id,
                       .date = date};
        rc = asset_set_status(db, (const char *const *)l.tags, l.n, &act);
    }
    tags_free(&l);
    db_progress(db, phase, 1, 4);
    /* Unexpected: moved to the checked office (written-off ones stay). */
    if (rc == INV_OK)
        rc = collect(db, APPLY_UNEXPECTED,
                     c, &l, NULL);
    if (rc == INV_OK && l.n > 0) {
        inv_act act = {.office = c->office, .note = note, .check_id = c->id, .date = date};
        rc = asset_assign(db, (const char *const *)l.tags, l.n, &act);
    }
    tags_free(&l);
    db_progress(db, phase, 2, 4);
    /* Found, and unexpected ones now here: seen; missing ones found again
     * are assigned where they are. */
    if (rc == INV_OK)
        rc = collect(db, "SELECT DISTINCT a.tag, a.id FROM check_scan s JOIN asset a"
                         " ON a.id = s.asset_id WHERE s.check_id = :c AND"
                         " s.result IN ('found', 'unexpected') AND a.status = 'missing'"
                         " ORDER BY a.tag",
                     c, &l, NULL);
    for (int i = 0; rc == INV_OK && i < l.n; i++) {
        inv_asset a;
        if ((rc = asset_get(db, l.tags[i], &a)) != INV_OK) break;
        const char *one[1] = {l.tags[i]};
        inv_act act = {.office = a.office[0] ? a.office : c->office, .custodian = a.custodian,
                       .note = note, .check_id = c->id, .date = date};
        rc = asset_assign(db, one, 1, &act);
    }
    tags_free(&l);
    db_progress(db, phase, 3, 4);
    if (rc == INV_OK)
        rc = collect(db, APPLY_SEEN,
                     c, &l, &ids);
    if (rc == INV_OK && l.n > 0) rc = asset_note_events_on(db, ids, l.n, "seen", note, c->id, date);
    tags_free(&l);
    free(ids);
    db_progress(db, phase, 4, 4);
    return rc;
}

inv_status check_close(inv_db *db, int64_t check_id, int do_apply)
{
    return check_close_doc(db, check_id, do_apply, NULL, NULL, NULL, 0);
}

inv_status check_close_on(inv_db *db, int64_t check_id, int do_apply, const char *date)
{
    return check_close_doc(db, check_id, do_apply, date, NULL, NULL, 0);
}

inv_status check_close_doc(inv_db *db, int64_t check_id, int do_apply, const char *date,
                           const char *doc, char *number, size_t number_size)
{
    if (number && number_size) number[0] = '\0';
    char day[INV_DATE_MAX];
    inv_status rc = event_act_date(db, date, day);
    if (rc) return rc;
    rc = db_begin(db, DB_HERE);
    if (rc) return rc;
    inv_check c;
    if ((rc = check_get(db, check_id, &c)) != INV_OK) goto fail;
    if (c.closed_at[0]) {
        rc = db_fail(db, INV_ESTATE, _("stock check %lld is already closed (%s)"),
                     (long long)check_id, c.closed_at);
        goto fail;
    }
    if (do_apply && (rc = apply(db, &c, day)) != INV_OK) goto fail;
    char now[INV_TIME_MAX];
    now_utc(now);
    char *before = NULL;
    if ((rc = history_facts(db, "check", check_id, &before, NULL, NULL)) != INV_OK) goto fail;
    sqlite3_stmt *st = db_stmt(db, "UPDATE stock_check SET closed_at = :at, closed_by = :by,"
                                   " applied = :ap WHERE id = :id");
    if (!st) { free(before); rc = db_error(db)->code; goto fail; }
    db_bind_text(st, ":at", now);
    db_bind_text(st, ":by", db_user(db));
    db_bind_int(st, ":ap", do_apply ? 1 : 0);
    db_bind_int(st, ":id", check_id);
    rc = db_exec_stmt(db, st, _("closing the stock check"));
    if (rc == INV_OK)
        rc = history_record(db, "check", check_id, "check_closed", before, now, NULL, NULL,
                            NULL);
    free(before);
    if (rc != INV_OK) goto fail;
    /* The inventory list as the check was closed, a document from now on. */
    char num[DOCUMENT_NUMBER_MAX * 4 + 1];
    if ((rc = check_inventory_record(db, check_id, doc, day, num, sizeof num)) != INV_OK)
        goto fail;
    if ((rc = db_commit(db)) != INV_OK) return rc;
    if (number && number_size) str_copy(number, number_size, num);
    return INV_OK;
fail:
    db_rollback(db);
    return rc;
}

#define ITEM_COLS                                                              \
    "coalesce(a.id,0), coalesce(a.tag,''), coalesce(k.name,''), coalesce(a.make,''),"  \
    " coalesce(a.model,''), coalesce(a.serial,''), coalesce(a.status,''),"      \
    " coalesce(o.code,''), coalesce(o.name,''), coalesce(a.custodian,'')"

inv_status check_items(inv_db *db, int64_t check_id, const char *category,
                       check_item_fn fn, void *arg)
{
    const char *sql;
    int scans = 1;
    if (!strcmp(category, "missing")) {
        scans = 0;
        sql = "SELECT " ITEM_COLS ", '', '', '', a.cost, coalesce(a.currency,'')"
              " FROM check_expected e"
              " JOIN asset a ON a.id = e.asset_id JOIN asset_kind k ON k.id = a.kind_id"
              " LEFT JOIN office o ON o.id = e.office_id WHERE e.check_id = :c"
              " AND NOT EXISTS (SELECT 1 FROM check_scan s WHERE s.check_id = :c"
              " AND s.asset_id = e.asset_id AND s.result = 'found') ORDER BY a.tag";
    } else if (!strcmp(category, "found") || !strcmp(category, "unexpected") ||
               !strcmp(category, "unknown") || !strcmp(category, "duplicate")) {
        sql = "SELECT " ITEM_COLS ", s.code, s.at, s.operator, a.cost,"
              " coalesce(a.currency,'') FROM check_scan s"
              " LEFT JOIN asset a ON a.id = s.asset_id"
              " LEFT JOIN asset_kind k ON k.id = a.kind_id"
              " LEFT JOIN office o ON o.id = coalesce(s.office_id, a.office_id)"
              " WHERE s.check_id = :c AND s.result = :cat ORDER BY coalesce(a.tag, s.code), s.id";
    } else {
        return db_fail(db, INV_EINVAL, _("unknown category '%s'"), category);
    }
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":c", check_id);
    if (scans) db_bind_text(st, ":cat", category);
    check_item it;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&it, 0, sizeof it);
        str_copy(it.category, sizeof it.category, category);
        it.asset_id = sqlite3_column_int64(st, 0);
        str_copy(it.tag, sizeof it.tag, db_col_text(st, 1));
        str_copy(it.kind_name, sizeof it.kind_name, db_col_text(st, 2));
        str_copy(it.make, sizeof it.make, db_col_text(st, 3));
        str_copy(it.model, sizeof it.model, db_col_text(st, 4));
        str_copy(it.serial, sizeof it.serial, db_col_text(st, 5));
        str_copy(it.status, sizeof it.status, db_col_text(st, 6));
        str_copy(it.office, sizeof it.office, db_col_text(st, 7));
        str_copy(it.office_name, sizeof it.office_name, db_col_text(st, 8));
        str_copy(it.custodian, sizeof it.custodian, db_col_text(st, 9));
        str_copy(it.code, sizeof it.code, db_col_text(st, 10));
        str_copy(it.at, sizeof it.at, db_col_text(st, 11));
        str_copy(it.operator_name, sizeof it.operator_name, db_col_text(st, 12));
        it.has_cost = sqlite3_column_type(st, 13) != SQLITE_NULL;
        it.cost = sqlite3_column_int64(st, 13);
        str_copy(it.currency, sizeof it.currency, db_col_text(st, 14));
        if (fn(&it, arg)) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail_sqlite(db, _("reading the stock check"));
    return INV_OK;
}

inv_status check_walk(inv_db *db, int64_t office_id, check_visit_fn fn, void *arg)
{
    /* Read all first: the visitor may query (counts) while we step. */
    sqlite3_stmt *st = db_stmt(db, "SELECT " CHECK_COLS CHECK_FROM
                                   " WHERE :o = 0 OR c.office_id = :o"
                                   " ORDER BY c.started_at DESC, c.id DESC");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":o", office_id);
    inv_check *all = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            all = realloc(all, cap * sizeof *all);
            if (!all) abort();
        }
        check_from_row(st, &all[n++]);
    }
    sqlite3_reset(st);
    inv_status s = INV_OK;
    if (rc != SQLITE_DONE) s = db_fail_sqlite(db, _("reading stock checks"));
    for (size_t i = 0; s == INV_OK && i < n; i++) {
        check_counts cnt;
        if ((s = check_count(db, all[i].id, &cnt)) != INV_OK) break;
        if (fn(&all[i], &cnt, arg)) break;
    }
    free(all);
    return s;
}

inv_status check_due(inv_db *db, int months, check_due_fn fn, void *arg)
{
    if (months < 0 || months > 1200)
        return db_fail(db, INV_EINVAL, _("months must be between 0 and 1200"));
    char now[INV_TIME_MAX], mod[32];
    now_utc(now);
    snprintf(mod, sizeof mod, "-%d months", months);
    sqlite3_stmt *st = db_stmt(db,
        "WITH RECURSIVE anc(office, anc, depth) AS (SELECT id, id, 0 FROM office"
        "   UNION ALL SELECT anc.office, o.parent_id, anc.depth + 1 FROM anc"
        "   JOIN office o ON o.id = anc.anc WHERE o.parent_id IS NOT NULL AND anc.depth < 64),"
        " held(id, n) AS (SELECT office_id, count(*) FROM asset"
        "   WHERE office_id IS NOT NULL AND status <> 'written_off' GROUP BY office_id),"
        " last(id, at) AS (SELECT anc.office, max(c.closed_at) FROM anc"
        "   JOIN stock_check c ON c.office_id = anc.anc"
        "   WHERE c.closed_at IS NOT NULL AND (anc.depth = 0 OR c.recursive)"
        "   GROUP BY anc.office)"
        " SELECT o.id, o.code, o.name, coalesce(last.at, ''), held.n FROM office o"
        " JOIN held ON held.id = o.id LEFT JOIN last ON last.id = o.id"
        " WHERE o.active AND (last.at IS NULL OR"
        "   last.at < strftime('%Y-%m-%dT%H:%M:%SZ', :now, :mod))"
        " ORDER BY last.at IS NOT NULL, last.at, o.code");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":now", now);
    db_bind_text(st, ":mod", mod);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
               db_col_text(st, 3), sqlite3_column_int64(st, 4), arg))
            break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail_sqlite(db, _("finding offices due for a check"));
    return INV_OK;
}
