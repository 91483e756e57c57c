/* document.c: documents as records and the handover protocol (see
 * document.h). The rows a document shows are stored with it as of the
 * act (content, JSON), so a reprint is the same paper; the PDF is drawn
 * by the labels module (labels/handover.c) from plain text assembled
 * here. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handover.h"
#include "inventar/check_report.h"
#include "inventar/config.h"
#include "inventar/document.h"
#include "inventar/history.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/util.h"

static const struct {
    const char *code, *prefix, *text;
} TYPES[] = {
#define DT_X(code, prefix, text) {code, prefix, text},
    DOCUMENT_TYPE_LIST(DT_X)
#undef DT_X
};
#define NTYPES (sizeof TYPES / sizeof TYPES[0])

static int type_index(const char *type)
{
    for (size_t i = 0; type && i < NTYPES; i++)
        if (!strcmp(TYPES[i].code, type)) return (int)i;
    return -1;
}

int document_type_valid(const char *type) { return type_index(type) >= 0; }

const char *document_type_text(const char *type)
{
    int i = type_index(type);
    return i < 0 ? "" : _(TYPES[i].text);
}

/* ---- the configuration ---- */

void document_agency(const char *conf_path, char *out, size_t n)
{
    inv_config cfg;
    /* A broken file was reported when the command started (main.c):
     * here it gives the default. */
    if (config_load(conf_path, &cfg, NULL) == INV_OK && *cfg.agency)
        str_copy(out, n, cfg.agency);
    else
        str_copy(out, n, _("Social Assistance Agency"));
}

/* ---- numbers ---- */

/* A number a person typed: 1 to DOCUMENT_NUMBER_MAX characters of
 * UTF-8, no control characters. */
static inv_status number_ok(inv_db *db, const char *num)
{
    size_t len = strlen(num);
    if (!len || !utf8_valid(num, len) || utf8_chars(num) > DOCUMENT_NUMBER_MAX)
        return db_fail(db, INV_EINVAL, _("document number '%s': 1 to %d characters of text"),
                       num, DOCUMENT_NUMBER_MAX);
    for (const unsigned char *p = (const unsigned char *)num; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return db_fail(db, INV_EINVAL, _("document number '%s': no control characters"),
                           num);
    return INV_OK;
}

static inv_status number_taken(inv_db *db, const char *type, const char *num, int *taken)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM document WHERE type = :t AND number = :n");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":t", type);
    db_bind_text(st, ":n", num);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, num);
    *taken = rc == SQLITE_ROW;
    return INV_OK;
}

/* The next number of type in the year of day: PREFIX-YYYY-NNNN, one
 * more than the highest issued so far. */
static inv_status number_issue(inv_db *db, const char *type, const char *day, char *out,
                               size_t n)
{
    int ti = type_index(type);
    char lead[64];
    snprintf(lead, sizeof lead, "%s-%.4s-", TYPES[ti].prefix, day);
    size_t ll = strlen(lead);
    sqlite3_stmt *st = db_stmt(db, "SELECT number FROM document WHERE type = :t");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":t", type);
    long long most = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *num = db_col_text(st, 0);
        if (strncmp(num, lead, ll) != 0 || !isdigit((unsigned char)num[ll])) continue;
        char *end;
        long long v = strtoll(num + ll, &end, 10);
        if (!*end && v > most) most = v;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, type);
    snprintf(out, n, "%s%04lld", lead, most + 1);
    return INV_OK;
}

/* The history's head now: the newest event's id and hash (0, "" when
 * there is none). */
static inv_status head_now(inv_db *db, int64_t *head, char hash[65])
{
    *head = 0;
    hash[0] = '\0';
    sqlite3_stmt *hs = db_stmt(db, "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1");
    if (!hs) return db_error(db)->code;
    if (sqlite3_step(hs) == SQLITE_ROW) {
        *head = sqlite3_column_int64(hs, 0);
        str_copy(hash, 65, db_col_text(hs, 1));
    }
    sqlite3_reset(hs);
    return INV_OK;
}

inv_status document_record(inv_db *db, const char *type, const char *given, const char *day,
                           const char *people, const char *content, char *number,
                           size_t number_size)
{
    if (!document_type_valid(type))
        return db_fail(db, INV_EINVAL, _("unknown document type '%s' (handover, check_order, "
                                         "inventory_list, write_off)"), type);
    inv_status rc;
    char num[DOCUMENT_NUMBER_MAX * 4 + 1];
    int have = given && *given, taken = 0;
    if (have) {
        if ((rc = number_ok(db, given)) != INV_OK) return rc;
        str_copy(num, sizeof num, given);
    }
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    if (have) {
        if ((rc = number_taken(db, type, num, &taken)) != INV_OK) goto fail;
        if (taken) {
            /* TRANSLATORS: %1$s is a document type ("stock-check order"),
             * %2$s the number. */
            rc = db_fail(db, INV_EEXIST, _("a %1$s numbered %2$s already exists"),
                         document_type_text(type), num);
            goto fail;
        }
    } else if ((rc = number_issue(db, type, day, num, sizeof num)) != INV_OK) {
        goto fail;
    }
    int64_t head;
    char hash[65], now[INV_TIME_MAX];
    if ((rc = head_now(db, &head, hash)) != INV_OK) goto fail;
    now_utc(now);
    sqlite3_stmt *ins = db_stmt(db,
        "INSERT INTO document(type, number, date, created_at, actor, people, content,"
        " head_id, head_hash) VALUES(:t, :n, :d, :at, :actor, :p, :c, :hid, :hh)");
    if (!ins) {
        rc = db_error(db)->code;
        goto fail;
    }
    db_bind_text(ins, ":t", type);
    db_bind_text(ins, ":n", num);
    db_bind_text(ins, ":d", day);
    db_bind_text(ins, ":at", now);
    db_bind_text(ins, ":actor", db_user(db));
    db_bind_text(ins, ":p", people);
    db_bind_text(ins, ":c", content);
    if (head) db_bind_int(ins, ":hid", head);
    else db_bind_null(ins, ":hid");
    db_bind_text0(ins, ":hh", hash);
    if ((rc = db_exec_stmt(db, ins, num)) != INV_OK) goto fail;
    if ((rc = history_record(db, "document", sqlite3_last_insert_rowid(db_sqlite(db)),
                             "document_recorded", NULL, now, NULL, NULL, NULL)) != INV_OK)
        goto fail;
    if ((rc = db_commit(db)) != INV_OK) return rc;
    str_copy(number, number_size, num);
    return INV_OK;
fail:
    db_rollback(db);
    return rc;
}

inv_status document_number_check(inv_db *db, const char *number)
{
    return number_ok(db, number);
}

inv_status document_number_taken(inv_db *db, const char *type, const char *number,
                                 int *taken)
{
    return number_taken(db, type, number, taken);
}

inv_status document_number_issue(inv_db *db, const char *type, const char *day, char *out,
                                 size_t n)
{
    return number_issue(db, type, day, out, n);
}

inv_status document_record_acts(inv_db *db, const char *type, const char *number,
                                const char *day, const char *people, const char *content,
                                int64_t after)
{
    int64_t head = 0;
    char hash[65] = "";
    sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1");
    if (!st) return db_error(db)->code;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        head = sqlite3_column_int64(st, 0);
        str_copy(hash, sizeof hash, db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, number);
    char now[INV_TIME_MAX];
    now_utc(now);
    st = db_stmt(db, "INSERT INTO document(type, number, date, created_at, actor, people,"
                     " content, head_id, head_hash) VALUES(:t, :n, :d, :at, :actor, :p, :c,"
                     " :hid, :hh)");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":t", type);
    db_bind_text(st, ":n", number);
    db_bind_text(st, ":d", day);
    db_bind_text(st, ":at", now);
    db_bind_text(st, ":actor", db_user(db));
    db_bind_text(st, ":p", people);
    db_bind_text(st, ":c", content);
    if (head) db_bind_int(st, ":hid", head);
    else db_bind_null(st, ":hid");
    db_bind_text0(st, ":hh", hash);
    inv_status out = db_exec_stmt(db, st, number);
    if (out != INV_OK) return out;
    int64_t id = sqlite3_last_insert_rowid(db_sqlite(db));
    st = db_stmt(db, "INSERT INTO document_event(document_id, event_id)"
                     " SELECT :d, id FROM event WHERE id > :after ORDER BY id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":d", id);
    db_bind_int(st, ":after", after);
    if ((out = db_exec_stmt(db, st, number)) != INV_OK) return out;
    return history_record(db, "document", id, "document_recorded", NULL, now, NULL, NULL, NULL);
}

/* ---- the handover act ---- */

/* Append s to the list b ("; " between) unless it is empty or there. */
static void add_distinct(sbuf *b, const char *s)
{
    if (!*s) return;
    const char *p = sbuf_str(b);
    size_t l = strlen(s);
    while (*p) {
        const char *e = strstr(p, "; ");
        size_t pl = e ? (size_t)(e - p) : strlen(p);
        if (pl == l && !strncmp(p, s, l)) return;
        if (!e) break;
        p = e + 2;
    }
    if (b->len) sbuf_add(b, "; ");
    sbuf_add(b, s);
}

static json_t *jstr(const char *s) { return json_string(s ? s : ""); }

/* Record the document of the events after `before`. */
static inv_status record_handover(inv_db *db, const char *num, const char *day, int64_t before,
                                  const document_handover *h)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT e.id, a.tag, k.name, a.make, a.model, coalesce(a.serial,''), a.cost,"
        " coalesce(a.currency,''), coalesce(fo.name,''), coalesce(e.from_custodian,''),"
        " coalesce(tof.name,''), coalesce(tof.address,''), e.to_custodian"
        " FROM event e JOIN asset a ON a.id = e.asset_id"
        " JOIN asset_kind k ON k.id = a.kind_id"
        " LEFT JOIN office fo ON fo.id = e.from_office_id"
        " LEFT JOIN office tof ON tof.id = e.to_office_id"
        " WHERE e.id > :before ORDER BY e.id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":before", before);
    json_t *rows = json_array(), *events = json_array();
    sbuf from_name = {0}, from_office = {0}, to_name = {0}, to_office = {0}, place = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *r = json_object();
        json_object_set_new(r, "tag", jstr(db_col_text(st, 1)));
        json_object_set_new(r, "name", jstr(db_col_text(st, 2)));
        json_object_set_new(r, "make", jstr(db_col_text(st, 3)));
        json_object_set_new(r, "model", jstr(db_col_text(st, 4)));
        json_object_set_new(r, "serial", jstr(db_col_text(st, 5)));
        if (sqlite3_column_type(st, 6) == SQLITE_NULL) json_object_set_new(r, "cost", json_null());
        else json_object_set_new(r, "cost", json_integer(sqlite3_column_int64(st, 6)));
        json_object_set_new(r, "currency", jstr(db_col_text(st, 7)));
        json_array_append_new(rows, r);
        json_array_append_new(events, json_integer(sqlite3_column_int64(st, 0)));
        add_distinct(&from_office, db_col_text(st, 8));
        add_distinct(&from_name, db_col_text(st, 9));
        add_distinct(&to_office, db_col_text(st, 10));
        add_distinct(&to_name, db_col_text(st, 12));
        if (!place.len) {
            sbuf_add(&place, db_col_text(st, 10));
            if (*db_col_text(st, 11)) sbuf_addf(&place, ", %s", db_col_text(st, 11));
        }
    }
    sqlite3_reset(st);
    inv_status out = INV_OK;
    if (rc != SQLITE_DONE) out = db_fail_sqlite(db, num);
    const char *handed = h->handed_by && *h->handed_by ? h->handed_by : sbuf_str(&from_name);
    json_t *content = json_object();
    json_object_set_new(content, "place", jstr(h->place && *h->place ? h->place
                                                                       : sbuf_str(&place)));
    json_object_set_new(content, "order", jstr(h->order));
    json_object_set_new(content, "condition", jstr(h->condition));
    json_object_set_new(content, "from_name", jstr(handed));
    json_object_set_new(content, "from_office", jstr(sbuf_str(&from_office)));
    json_object_set_new(content, "to_name", jstr(sbuf_str(&to_name)));
    json_object_set_new(content, "to_office", jstr(sbuf_str(&to_office)));
    json_object_set_new(content, "rows", rows);
    json_t *people = json_array(), *p = json_object();
    json_object_set_new(p, "role", json_string("handed_by"));
    json_object_set_new(p, "name", jstr(handed));
    json_object_set_new(p, "office", jstr(sbuf_str(&from_office)));
    json_array_append_new(people, p);
    p = json_object();
    json_object_set_new(p, "role", json_string("received_by"));
    json_object_set_new(p, "name", jstr(sbuf_str(&to_name)));
    json_object_set_new(p, "office", jstr(sbuf_str(&to_office)));
    json_array_append_new(people, p);
    char *cj = json_dumps(content, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *pj = json_dumps(people, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(content);
    json_decref(people);
    sbuf_free(&from_name);
    sbuf_free(&from_office);
    sbuf_free(&to_name);
    sbuf_free(&to_office);
    sbuf_free(&place);
    if (!cj || !pj) abort();

    int64_t head = 0;
    char hash[65] = "";
    if (out == INV_OK) {
        sqlite3_stmt *hs = db_stmt(db, "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1");
        if (!hs) out = db_error(db)->code;
        else {
            if (sqlite3_step(hs) == SQLITE_ROW) {
                head = sqlite3_column_int64(hs, 0);
                str_copy(hash, sizeof hash, db_col_text(hs, 1));
            }
            sqlite3_reset(hs);
        }
    }
    int64_t doc_id = 0;
    if (out == INV_OK) {
        char now[INV_TIME_MAX];
        now_utc(now);
        sqlite3_stmt *ins = db_stmt(db,
            "INSERT INTO document(type, number, date, created_at, actor, people, content,"
            " head_id, head_hash) VALUES('handover', :n, :d, :at, :actor, :p, :c, :hid, :hh)");
        if (!ins) out = db_error(db)->code;
        else {
            db_bind_text(ins, ":n", num);
            db_bind_text(ins, ":d", day);
            db_bind_text(ins, ":at", now);
            db_bind_text(ins, ":actor", db_user(db));
            db_bind_text(ins, ":p", pj);
            db_bind_text(ins, ":c", cj);
            if (head) db_bind_int(ins, ":hid", head);
            else db_bind_null(ins, ":hid");
            db_bind_text0(ins, ":hh", hash);
            out = db_exec_stmt(db, ins, num);
            doc_id = sqlite3_last_insert_rowid(db_sqlite(db));
        }
    }
    free(cj);
    free(pj);
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (out != INV_OK) break;
        sqlite3_stmt *li = db_stmt(db, "INSERT INTO document_event(document_id, event_id)"
                                       " VALUES(:d, :e)");
        if (!li) {
            out = db_error(db)->code;
            break;
        }
        db_bind_int(li, ":d", doc_id);
        db_bind_int(li, ":e", json_integer_value(ev));
        out = db_exec_stmt(db, li, num);
    }
    json_decref(events);
    if (out == INV_OK && doc_id)
        out = history_record(db, "document", doc_id, "document_recorded", NULL, NULL, NULL,
                             NULL, NULL);
    return out;
}

inv_status document_handover_act(inv_db *db, int what, const char *const *tags, int n,
                                 const inv_act *act, const document_handover *h,
                                 char *number, size_t number_size)
{
    if (what != ASSET_ACT_ASSIGN && what != ASSET_ACT_RETURN)
        return db_fail(db, INV_EINVAL, _("a handover protocol is for assign and return only"));
    const char *texts[] = {h->place, h->order, h->handed_by, h->condition};
    static const char *const names[] = {"--place", "--order", "--handed-by", "--condition"};
    for (size_t i = 0; i < 4; i++) {
        if (!texts[i]) continue;
        size_t l = strlen(texts[i]);
        if (!utf8_valid(texts[i], l) || utf8_chars(texts[i]) > INV_TEXT_CHARS * 2)
            return db_fail(db, INV_EINVAL, _("%s: at most %d characters of text"), names[i],
                           INV_TEXT_CHARS * 2);
        for (const unsigned char *p = (const unsigned char *)texts[i]; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                return db_fail(db, INV_EINVAL, _("%s: no control characters"), names[i]);
    }
    inv_status rc;
    char day[INV_DATE_MAX];
    if ((rc = event_act_date(db, act->date, day)) != INV_OK) return rc;
    char num[DOCUMENT_NUMBER_MAX * 4 + 1];
    int given = h->number && *h->number;
    if (given) {
        if ((rc = number_ok(db, h->number)) != INV_OK) return rc;
        str_copy(num, sizeof num, h->number);
    }
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    int64_t before = 0;
    int taken = 0;
    if ((rc = db_one_int(db, "SELECT coalesce(max(id), 0) FROM event", &before)) != INV_OK)
        goto fail;
    if (given) {
        if ((rc = number_taken(db, "handover", num, &taken)) != INV_OK) goto fail;
        if (taken) {
            rc = db_fail(db, INV_EEXIST, _("a handover protocol numbered %s already exists"),
                         num);
            goto fail;
        }
    } else if ((rc = number_issue(db, "handover", day, num, sizeof num)) != INV_OK) {
        goto fail;
    }
    inv_act a = *act;
    a.doc = num;
    a.date = day;
    rc = what == ASSET_ACT_ASSIGN ? asset_assign(db, tags, n, &a) : asset_return(db, tags, n, &a);
    if (rc != INV_OK) goto fail;
    if ((rc = record_handover(db, num, day, before, h)) != INV_OK) goto fail;
    if ((rc = db_commit(db)) != INV_OK) return rc;
    str_copy(number, number_size, num);
    return INV_OK;
fail:
    db_rollback(db);
    return rc;
}

/* ---- listing ---- */

#define DOC_SELECT                                                                  \
    "SELECT d.id, d.type, d.number, d.date, d.created_at, d.actor, d.people,"       \
    " (SELECT count(*) FROM document_event x WHERE x.document_id = d.id),"          \
    " (SELECT count(DISTINCT e.asset_id) FROM document_event x"                     \
    "   JOIN event e ON e.id = x.event_id WHERE x.document_id = d.id),"             \
    " coalesce(d.head_id, 0), coalesce(d.head_hash, '') FROM document d"

static void doc_from_row(sqlite3_stmt *st, inv_document *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    str_copy(d->type, sizeof d->type, db_col_text(st, 1));
    str_copy(d->number, sizeof d->number, db_col_text(st, 2));
    str_copy(d->date, sizeof d->date, db_col_text(st, 3));
    str_copy(d->created_at, sizeof d->created_at, db_col_text(st, 4));
    str_copy(d->actor, sizeof d->actor, db_col_text(st, 5));
    d->people = db_col_text(st, 6);
    d->events = sqlite3_column_int64(st, 7);
    d->assets = sqlite3_column_int64(st, 8);
    d->head_id = sqlite3_column_int64(st, 9);
    str_copy(d->head_hash, sizeof d->head_hash, db_col_text(st, 10));
}

inv_status document_walk(inv_db *db, const char *type, document_visit_fn fn, void *arg)
{
    if (type && !document_type_valid(type))
        return db_fail(db, INV_EINVAL, _("unknown document type '%s' (handover, check_order, "
                                         "inventory_list, write_off)"), type);
    /* Not the cached statement: fn may run queries of its own. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           DOC_SELECT " WHERE (:t IS NULL OR d.type = :t)"
                                      " ORDER BY d.date, d.type, d.number",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail_sqlite(db, _("listing the documents"));
    db_bind_text(st, ":t", type);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        inv_document d;
        doc_from_row(st, &d);
        if (fn(&d, arg)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    inv_status out = rc == SQLITE_DONE ? INV_OK : db_fail_sqlite(db, _("listing the documents"));
    sqlite3_finalize(st);
    return out;
}

inv_status document_find(inv_db *db, const char *number, const char *type,
                         document_visit_fn fn, void *arg)
{
    if (type && !document_type_valid(type))
        return db_fail(db, INV_EINVAL, _("unknown document type '%s' (handover, check_order, "
                                         "inventory_list, write_off)"), type);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           DOC_SELECT " WHERE d.number = :n AND (:t IS NULL OR d.type = :t)"
                                      " ORDER BY d.type",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail_sqlite(db, number);
    db_bind_text(st, ":n", number);
    db_bind_text(st, ":t", type);
    inv_document d;
    int found = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (found++) break;
        doc_from_row(st, &d);
        d.people = NULL;
    }
    inv_status out = INV_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) out = db_fail_sqlite(db, number);
    else if (!found) out = db_fail(db, INV_ENOTFOUND, _("no document numbered '%s'"), number);
    else if (found > 1)
        out = db_fail(db, INV_EINVAL, _("several documents are numbered '%s': give --type"),
                      number);
    if (out == INV_OK) {
        /* people again, now that it is the one row */
        sqlite3_reset(st);
        if (sqlite3_step(st) == SQLITE_ROW) {
            doc_from_row(st, &d);
            fn(&d, arg);
        }
    }
    sqlite3_finalize(st);
    return out;
}

/* ---- printing ---- */

typedef struct loaded {
    inv_document d;
    json_t *content;
} loaded;

static int load_one(const inv_document *d, void *arg)
{
    loaded *l = arg;
    l->d = *d;
    l->d.people = NULL;
    return 0;
}

static const char *js(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static inv_status print_handover(inv_db *db, loaded *l, const char *path, const char *font,
                                 inv_err *e)
{
    json_t *rows = json_object_get(l->content, "rows");
    size_t n = json_array_size(rows);
    handover_row *hr = calloc(n ? n : 1, sizeof *hr);
    char (*mm)[INV_TEXT_MAX * 2 + 2] = calloc(n ? n : 1, sizeof *mm);
    char (*val)[FMT_MONEY_MAX] = calloc(n ? n : 1, sizeof *val);
    if (!hr || !mm || !val) abort();
    const char *cond = js(l->content, "condition");
    if (!*cond) cond = _("in working order");
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        const char *make = js(r, "make"), *model = js(r, "model");
        snprintf(mm[i], sizeof mm[i], "%s%s%s", make, *make && *model ? " " : "", model);
        json_t *cost = json_object_get(r, "cost");
        const char *cur = js(r, "currency");
        if (json_is_integer(cost)) {
            int64_t c = json_integer_value(cost);
            fmt_money(c, cur, val[i], sizeof val[i]);
            total += !strcmp(cur, "BGN") ? money_bgn_to_eur(c) : c;
        }
        hr[i] = (handover_row){js(r, "tag"), js(r, "name"), mm[i], js(r, "serial"), val[i],
                               cond};
    }
    char date[FMT_DATE_MAX], tot[FMT_MONEY_MAX], head[128] = "", agency[512];
    fmt_date(l->d.date, date, sizeof date);
    fmt_money(total, "EUR", tot, sizeof tot);
    if (l->d.head_id)
        snprintf(head, sizeof head, "%lld, %.16s", (long long)l->d.head_id, l->d.head_hash);
    document_agency(NULL, agency, sizeof agency);
    handover_spec spec = {
        agency, l->d.number, date, js(l->content, "place"), js(l->content, "order"),
        js(l->content, "from_name"), js(l->content, "from_office"),
        js(l->content, "to_name"), js(l->content, "to_office"), hr, n, tot, head, font,
        db_user(db)};
    inv_status rc = handover_write_pdf(&spec, path, e);
    free(hr);
    free(mm);
    free(val);
    return rc;
}

inv_status document_print(inv_db *db, const char *number, const char *type, const char *path,
                          const char *font, inv_err *e)
{
    loaded l;
    memset(&l, 0, sizeof l);
    if (document_find(db, number, type, load_one, &l) != INV_OK)
        return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
    sqlite3_stmt *st = db_stmt(db, "SELECT content FROM document WHERE id = :id");
    if (!st) return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
    db_bind_int(st, ":id", l.d.id);
    if (sqlite3_step(st) == SQLITE_ROW)
        l.content = json_loads(db_col_text(st, 0), 0, NULL);
    sqlite3_reset(st);
    if (!json_is_object(l.content)) {
        json_decref(l.content);
        return inv_fail(e, INV_ECORRUPT, _("document %s: its content is not readable"),
                        number);
    }
    inv_status rc;
    if (!strcmp(l.d.type, "handover")) rc = print_handover(db, &l, path, font, e);
    else if (!strcmp(l.d.type, "inventory_list") || !strcmp(l.d.type, "check_order")) {
        char head[128] = "";
        if (l.d.head_id)
            snprintf(head, sizeof head, "%lld, %.16s", (long long)l.d.head_id, l.d.head_hash);
        char *cj = json_dumps(l.content, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!cj) abort();
        if (!strcmp(l.d.type, "check_order"))
            rc = check_order_render(db, l.d.number, l.d.date, head, cj, path, font, e);
        else
            rc = check_inventory_render(db, l.d.number, l.d.date, head, cj, path, font, e);
        free(cj);
    } else if (!strcmp(l.d.type, "write_off")) {
        rc = document_print_write_off(db, &l.d, l.content, path, font, e);
    } else
        rc = inv_fail(e, INV_ESTATE, _("document %1$s: printing a %2$s is not available in "
                                       "this version"), number, document_type_text(l.d.type));
    json_decref(l.content);
    return rc;
}
