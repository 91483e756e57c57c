/* history.c: the facts of every subject and the events that record them
 * (see history.h). */
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/event.h"
#include "inventar/history.h"
#include "inventar/util.h"

#define DEF_SQL(cols, from) "SELECT " cols " FROM " from
#define ALL(cols, from) DEF_SQL(cols, from) " ORDER BY x.id"
#define ONE(cols, from) DEF_SQL(cols, from) " WHERE x.id = :id"

#define OFFICE_COLS                                                             \
    "x.id, x.id, x.code, x.name, x.short_name, x.kind,"                         \
    " (SELECT p.code FROM office p WHERE p.id = x.parent_id), x.oblast, x.address, x.active"
static const char *const OFFICE_FIELDS[] = {"name", "short_name", "kind", "parent", "oblast",
                                            "address", "active", NULL};

#define KIND_COLS "x.id, x.id, x.code, x.name, x.prefix, x.fields"
static const char *const KIND_FIELDS[] = {"name", "prefix", "fields", NULL};

#define FUNDING_COLS                                                            \
    "x.id, x.id, x.code, x.title, x.programme, x.amount, x.currency, x.date_from,"  \
    " x.date_to, x.durable_until"
static const char *const FUNDING_FIELDS[] = {"title", "programme", "amount", "currency",
                                             "date_from", "date_to", "durable_until", NULL};

#define CHECK_COLS                                                              \
    "x.id, x.id, x.id, (SELECT o.code FROM office o WHERE o.id = x.office_id),"  \
    " x.recursive, x.started_at, x.started_by, x.closed_at, x.closed_by, x.applied,"\
    " x.commission, x.scan_prefix, x.scan_suffix, x.note, x.order_text, x.chair,"  \
    " x.members, x.mol, (SELECT count(*) FROM check_expected e WHERE e.check_id = x.id),"\
    " (SELECT group_concat(t, char(10)) FROM (SELECT a.tag || ' ' || coalesce(o.code, '')"\
    " AS t FROM check_expected e JOIN asset a ON a.id = e.asset_id LEFT JOIN office o"  \
    " ON o.id = e.office_id WHERE e.check_id = x.id ORDER BY a.tag))"
static const char *const CHECK_FIELDS[] = {
    "office", "recursive", "started_at", "started_by", "closed_at", "closed_by", "applied",
    "commission", "scan_prefix", "scan_suffix", "note", "order_text", "chair", "members",
    "mol", "expected", "expected_sha256", NULL};

#define SCAN_COLS                                                               \
    "x.id, x.check_id, x.check_id, x.raw, x.code, x.at, x.operator, x.result,"  \
    " (SELECT a.tag FROM asset a WHERE a.id = x.asset_id),"                     \
    " (SELECT o.code FROM office o WHERE o.id = x.office_id)"
static const char *const SCAN_FIELDS[] = {"raw", "code", "at", "operator", "result",
                                          "asset", "office", NULL};

#define DOCUMENT_COLS                                                           \
    "x.id, x.id, x.type || '/' || x.number, x.date, x.created_at, x.actor, x.people,"\
    " x.content, x.head_id, x.head_hash,"                                        \
    " (SELECT count(*) FROM document_event l WHERE l.document_id = x.id),"       \
    " (SELECT group_concat(event_id, ',') FROM (SELECT l.event_id FROM"          \
    " document_event l WHERE l.document_id = x.id ORDER BY l.event_id))"
static const char *const DOCUMENT_FIELDS[] = {"date", "created_at", "actor", "people",
                                              "content_sha256", "head_id", "head_hash",
                                              "events", "events_sha256", NULL};

#define ASSET_COLS                                                              \
    "x.id, x.id, x.tag, (SELECT k.code FROM asset_kind k WHERE k.id = x.kind_id),"  \
    " x.make, x.model, coalesce(x.serial, ''), x.description,"                  \
    " coalesce(x.purchase_date, ''), CASE WHEN x.cost IS NULL AND x.currency IS NULL"\
    " THEN '' ELSE coalesce(x.cost, '') || ' ' || coalesce(x.currency, '') END,"\
    " x.supplier, x.contract,"                                                  \
    " coalesce((SELECT f.code FROM funding f WHERE f.id = x.funding_id), ''),"  \
    " coalesce(x.warranty_end, ''), x.attrs"
static const char *const ASSET_FIELDS[] = {
    "kind", "make", "model", "serial", "description", "purchase_date", "cost", "supplier",
    "contract", "funding", "warranty_end", "attrs", NULL};

#define USER_COLS                                                               \
    "x.id, x.id, x.login, x.role, (SELECT group_concat(c, ',') FROM (SELECT o.code AS c"\
    " FROM app_user_office u JOIN office o ON o.id = u.office_id WHERE u.user_id = x.id"\
    " ORDER BY o.code)), x.active"
static const char *const USER_FIELDS[] = {"role", "offices", "active", NULL};

static const history_def DEFS[] = {
    {"office", "office", ALL(OFFICE_COLS, "office x"), ONE(OFFICE_COLS, "office x"),
     OFFICE_FIELDS, 0},
    {"kind", "kind", ALL(KIND_COLS, "asset_kind x"), ONE(KIND_COLS, "asset_kind x"),
     KIND_FIELDS, 0},
    {"funding", "funding", ALL(FUNDING_COLS, "funding x"), ONE(FUNDING_COLS, "funding x"),
     FUNDING_FIELDS, 0},
    {"check", "check", ALL(CHECK_COLS, "stock_check x"), ONE(CHECK_COLS, "stock_check x"),
     CHECK_FIELDS, 0},
    {"scan", "check", ALL(SCAN_COLS, "check_scan x"), ONE(SCAN_COLS, "check_scan x"),
     SCAN_FIELDS, 0},
    {"document", "document", ALL(DOCUMENT_COLS, "document x"),
     ONE(DOCUMENT_COLS, "document x"), DOCUMENT_FIELDS, 0},
    {"user", "user", ALL(USER_COLS, "app_user x"), ONE(USER_COLS, "app_user x"),
     USER_FIELDS, 0},
    {"asset", "asset", ALL(ASSET_COLS, "asset x"), ONE(ASSET_COLS, "asset x"),
     ASSET_FIELDS, 1},
};

const history_def *history_defs(int *n)
{
    *n = (int)(sizeof DEFS / sizeof DEFS[0]);
    return DEFS;
}

const history_def *history_def_find(const char *name)
{
    for (size_t i = 0; i < sizeof DEFS / sizeof DEFS[0]; i++)
        if (!strcmp(DEFS[i].name, name)) return &DEFS[i];
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static void sha256_hex(const char *s, size_t n, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)s);
    sha256_digest(&ctx, sizeof d, d);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

json_t *history_facts_row(const history_def *def, sqlite3_stmt *st)
{
    json_t *o = json_object();
    if (!o) return NULL;
    for (int i = 0; def->fields[i]; i++) {
        int col = 3 + i;
        const char *f = def->fields[i];
        json_t *v;
        if (sqlite3_column_type(st, col) == SQLITE_NULL) {
            v = def->asset ? json_string("") : json_null();
        } else {
            const char *t = (const char *)sqlite3_column_text(st, col);
            size_t n = (size_t)sqlite3_column_bytes(st, col);
            if (ends_with(f, "_sha256")) {
                char h[65];
                sha256_hex(t ? t : "", n, h);
                v = json_string(h);
            } else {
                v = json_stringn(t ? t : "", n);
            }
        }
        if (!v) v = json_string("\xef\xbf\xbd"); /* not UTF-8: never equal */
        json_object_set_new(o, f, v);
    }
    return o;
}

/* Read row id of def; *facts (a JSON object) on INV_OK. */
static inv_status read_row(inv_db *db, const history_def *def, int64_t id, json_t **facts,
                           int64_t *subject_id, char *key)
{
    *facts = NULL;
    sqlite3_stmt *st = db_stmt(db, def->sql_one);
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (subject_id) *subject_id = sqlite3_column_int64(st, 1);
        if (key) str_copy(key, INV_TEXT_MAX + 1, db_col_text(st, 2));
        *facts = history_facts_row(def, st);
        sqlite3_reset(st);
        if (!*facts) abort();
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, "internal error: no %s #%lld", def->name,
                       (long long)id);
    return db_fail_sqlite(db, _("reading the history"));
}

inv_status history_facts(inv_db *db, const char *name, int64_t id, char **facts,
                         int64_t *subject_id, char *key)
{
    *facts = NULL;
    const history_def *def = history_def_find(name);
    if (!def) return db_fail(db, INV_EINVAL, "internal error: no subject %s", name);
    json_t *o;
    inv_status rc = read_row(db, def, id, &o, subject_id, key);
    if (rc) return rc;
    *facts = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(o);
    if (!*facts) abort();
    return INV_OK;
}

/* The first event's changes: every field as [null, value] (an asset:
 * ["", value] for the fields that are not empty, and its kind). */
static json_t *first_changes(const history_def *def, json_t *facts)
{
    json_t *ch = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(facts, k, v) {
        if (def->asset && strcmp(k, "kind") && json_is_string(v) && !json_string_length(v))
            continue;
        json_object_set_new(ch, k, json_pack("[oO]", def->asset ? json_string("") : json_null(),
                                             v));
    }
    return ch;
}

/* An edit's changes: the fields whose value differs. */
static json_t *diff_changes(json_t *before, json_t *after)
{
    json_t *ch = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v) {
        json_t *old = json_object_get(before, k);
        if (old && json_equal(old, v)) continue;
        json_object_set_new(ch, k, json_pack("[OO]", old ? old : json_null(), v));
    }
    return ch;
}

static inv_status append_subject(inv_db *db, const history_def *def, int64_t subject_id,
                                 const char *key, const char *type, json_t *ch,
                                 const char *at, const char *actor, const char *extra)
{
    if (extra) {
        json_t *x = json_loads(extra, 0, NULL);
        if (json_is_object(x)) json_object_update(ch, x);
        json_decref(x);
    }
    char *changes = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
    if (!changes) abort();
    inv_event *ev = calloc(1, sizeof *ev);
    if (!ev) abort();
    str_copy(ev->subject_type, sizeof ev->subject_type, def->subject);
    ev->subject_id = subject_id;
    str_copy(ev->subject_key, sizeof ev->subject_key, key);
    str_copy(ev->type, sizeof ev->type, type);
    if (at) str_copy(ev->at, sizeof ev->at, at);
    if (actor) str_copy(ev->actor, sizeof ev->actor, actor);
    ev->changes = changes;
    inv_status rc = event_append(db, ev);
    free(ev);
    free(changes);
    return rc;
}

inv_status history_record(inv_db *db, const char *name, int64_t id, const char *type,
                          const char *before, const char *at, const char *actor,
                          const char *extra, int *appended)
{
    if (appended) *appended = 0;
    if (db_history_paused(db)) return INV_OK;
    const history_def *def = history_def_find(name);
    if (!def || def->asset) return db_fail(db, INV_EINVAL, "internal error: subject %s", name);
    json_t *after;
    int64_t sid;
    char *key = malloc(INV_TEXT_MAX + 1);
    if (!key) abort();
    inv_status rc = read_row(db, def, id, &after, &sid, key);
    if (rc) {
        free(key);
        return rc;
    }
    json_t *ch;
    if (before) {
        json_t *b = json_loads(before, 0, NULL);
        ch = diff_changes(b, after);
        json_decref(b);
    } else {
        ch = first_changes(def, after);
    }
    if (!strcmp(name, "scan")) json_object_set_new(ch, "@scan", json_integer(id));
    if (json_object_size(ch) > 0) {
        rc = append_subject(db, def, sid, key, type, ch, at, actor, extra);
        if (rc == INV_OK && appended) *appended = 1;
    }
    json_decref(ch);
    json_decref(after);
    free(key);
    return rc;
}

inv_status history_asset_created(inv_db *db, int64_t asset_id, char **changes)
{
    *changes = NULL;
    const history_def *def = history_def_find("asset");
    json_t *facts;
    inv_status rc = read_row(db, def, asset_id, &facts, NULL, NULL);
    if (rc) return rc;
    json_t *ch = first_changes(def, facts);
    *changes = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(ch);
    json_decref(facts);
    if (!*changes) abort();
    return INV_OK;
}

/* Rows of def without a first event holding their facts; NULL for
 * users, who have events from their first day (and whose table is
 * younger than migration 7, which calls this). */
static const char *missing_sql(const history_def *def)
{
    if (!strcmp(def->name, "user")) return NULL;
    if (!strcmp(def->name, "asset"))
        return "SELECT x.id FROM asset x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.asset_id = x.id AND e.type IN ('created','imported','baseline')"
               " AND json_extract(e.changes, '$.kind') IS NOT NULL) ORDER BY x.id";
    if (!strcmp(def->name, "scan"))
        return "SELECT x.id FROM check_scan x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.subject_type = 'check' AND e.subject_id = x.check_id"
               " AND e.type IN ('check_scanned','baseline')"
               " AND json_extract(e.changes, '$.@scan') = x.id) ORDER BY x.id";
    if (!strcmp(def->name, "office"))
        return "SELECT x.id FROM office x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.subject_type = 'office' AND e.subject_id = x.id) ORDER BY x.id";
    if (!strcmp(def->name, "kind"))
        return "SELECT x.id FROM asset_kind x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.subject_type = 'kind' AND e.subject_id = x.id)"
               " AND (x.code, x.name, x.prefix, x.fields) NOT IN (" HISTORY_BUILTIN_KINDS ")"
               " ORDER BY x.id";
    if (!strcmp(def->name, "funding"))
        return "SELECT x.id FROM funding x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.subject_type = 'funding' AND e.subject_id = x.id) ORDER BY x.id";
    if (!strcmp(def->name, "check"))
        return "SELECT x.id FROM stock_check x WHERE NOT EXISTS (SELECT 1 FROM event e"
               " WHERE e.subject_type = 'check' AND e.subject_id = x.id"
               " AND e.type IN ('check_started','baseline')) ORDER BY x.id";
    return "SELECT x.id FROM document x WHERE NOT EXISTS (SELECT 1 FROM event e"
           " WHERE e.subject_type = 'document' AND e.subject_id = x.id) ORDER BY x.id";
}

/* The baseline of asset id: like an 'edited' event, it leaves office,
 * status and custodian as they are. */
static inv_status asset_baseline(inv_db *db, int64_t id, const char *actor, const char *at,
                                 const char *fact, inv_event *ev)
{
    char *changes;
    inv_status rc = history_asset_created(db, id, &changes);
    if (rc) return rc;
    if (fact) {
        json_t *ch = json_loads(changes, 0, NULL), *x = json_loads(fact, 0, NULL);
        if (json_is_object(x)) json_object_update(ch, x);
        free(changes);
        changes = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(ch);
        json_decref(x);
        if (!changes) abort();
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT a.tag, coalesce(a.office_id, 0),"
                                   " coalesce(o.code, ''), a.status, a.custodian FROM asset a"
                                   " LEFT JOIN office o ON o.id = a.office_id WHERE a.id = :id");
    if (!st) {
        free(changes);
        return db_error(db)->code;
    }
    db_bind_int(st, ":id", id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        free(changes);
        return db_fail_sqlite(db, _("reading assets"));
    }
    memset(ev, 0, sizeof *ev);
    ev->asset_id = id;
    str_copy(ev->tag, sizeof ev->tag, db_col_text(st, 0));
    str_copy(ev->type, sizeof ev->type, "baseline");
    str_copy(ev->actor, sizeof ev->actor, actor);
    if (at) str_copy(ev->at, sizeof ev->at, at);
    ev->has_from = 1;
    ev->from_office_id = ev->to_office_id = sqlite3_column_int64(st, 1);
    str_copy(ev->from_office, sizeof ev->from_office, db_col_text(st, 2));
    str_copy(ev->to_office, sizeof ev->to_office, db_col_text(st, 2));
    str_copy(ev->from_status, sizeof ev->from_status, db_col_text(st, 3));
    str_copy(ev->to_status, sizeof ev->to_status, db_col_text(st, 3));
    str_copy(ev->from_custodian, sizeof ev->from_custodian, db_col_text(st, 4));
    str_copy(ev->to_custodian, sizeof ev->to_custodian, db_col_text(st, 4));
    sqlite3_reset(st);
    ev->changes = changes;
    rc = event_append(db, ev);
    free(changes);
    ev->changes = NULL;
    return rc;
}

inv_status history_baseline(inv_db *db, const char *actor, const char *fact, int64_t *n)
{
    return history_baseline_at(db, actor, NULL, fact, n);
}

inv_status history_baseline_at(inv_db *db, const char *actor, const char *at,
                               const char *fact, int64_t *n)
{
    if (at && !*at) at = NULL;
    if (n) *n = 0;
    int ndefs;
    const history_def *defs = history_defs(&ndefs);
    inv_event *ev = calloc(1, sizeof *ev);
    if (!ev) abort();
    inv_status rc = INV_OK;
    for (int d = 0; d < ndefs && rc == INV_OK; d++) {
        const history_def *def = &defs[d];
        if (!missing_sql(def)) continue;
        /* The ids first: appending events while a query reads the event
         * table would see them. */
        sqlite3_stmt *st = db_stmt(db, missing_sql(def));
        if (!st) { rc = db_error(db)->code; break; }
        int64_t *ids = NULL;
        size_t nids = 0, cap = 0;
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            if (nids == cap) {
                cap = cap ? cap * 2 : 64;
                ids = realloc(ids, cap * sizeof *ids);
                if (!ids) abort();
            }
            ids[nids++] = sqlite3_column_int64(st, 0);
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading the history"));
        for (size_t i = 0; i < nids && rc == INV_OK; i++) {
            if (def->asset)
                rc = asset_baseline(db, ids[i], actor, at, fact, ev);
            else
                rc = history_record(db, def->name, ids[i], "baseline", NULL, at, actor,
                                    fact, NULL);
            if ((i & 1023) == 0) db_progress(db, N_("Recording the history's baseline"),
                                             (int64_t)i, (int64_t)nids);
        }
        if (nids) db_progress(db, N_("Recording the history's baseline"), (int64_t)nids,
                              (int64_t)nids);
        if (n) *n += (int64_t)nids;
        free(ids);
    }
    free(ev);
    return rc;
}

inv_status history_baseline_migration(inv_db *db)
{
    return history_baseline(db, "migration", "{\"@migration\":7}", NULL);
}
