/* event.c: the append-only, hash-chained history. */
#include <jansson.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/authz.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/office.h"
#include "inventar/util.h"

const char EVENT_GENESIS[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

const char *event_type_label(const char *type)
{
#define EV_X(code, label) if (strcmp(type, code) == 0) return label;
    EVENT_TYPE_LIST(EV_X)
#undef EV_X
    return type;
}

const char *event_type_text(const char *type)
{
    return inv_pgettext("event", event_type_label(type));
}

static void part_sep(sbuf *out, size_t start)
{
    if (out->len > start) sbuf_add(out, "; ");
}

/* The label facts as words: the template, and the copies when more
 * than one. */
static void describe_label(sbuf *out, const char *tmpl, long long copies)
{
    if (copies > 1)
        /* TRANSLATORS: what a "label printed" event records: the label
         * template's name and how many copies of each label. */
        sbuf_addf(out, ngettext("label template %1$s, %2$lld copy",
                                "label template %1$s, %2$lld copies", (unsigned long)copies),
                  tmpl, copies);
    else
        /* TRANSLATORS: what a "label printed" event records: the label
         * template's name. */
        sbuf_addf(out, _("label template %s"), tmpl);
}

/* Notes the program itself wrote into older events, in English:
 * "stock check N", "template X", "template X, N copies" and the TUI's
 * "X lp" / "X /path/file.pdf". Appends their words and returns 1 when
 * note is one of them, else 0. */
static int describe_old_note(const inv_event *ev, sbuf *out)
{
    const char *n = ev->note;
    long long id, copies;
    int used = 0;
    char name[INV_TEXT_MAX + 1];
    if (sscanf(n, "stock check %lld%n", &id, &used) == 1 && n[used] == '\0') {
        if (!ev->check_id) sbuf_addf(out, _("stock check %lld"), id);
        return 1;
    }
    if (!strcmp(ev->type, "label_printed")) {
        if (sscanf(n, "template %128[^,], %lld copies%n", name, &copies, &used) == 2 &&
            n[used] == '\0') {
            describe_label(out, name, copies);
            return 1;
        }
        if (sscanf(n, "template %128s%n", name, &used) == 1 && n[used] == '\0') {
            describe_label(out, name, 1);
            return 1;
        }
        const char *sp = strchr(n, ' ');
        if (sp && !strchr(sp + 1, ' ') && (size_t)(sp - n) < sizeof name &&
            (!strcmp(sp + 1, "lp") || sp[1] == '/')) {
            memcpy(name, n, (size_t)(sp - n));
            name[sp - n] = '\0';
            describe_label(out, name, 1);
            sbuf_add(out, "; ");
            if (!strcmp(sp + 1, "lp")) sbuf_add(out, _("sent to the printer"));
            else sbuf_addf(out, _("written to %s"), sp + 1);
            return 1;
        }
    }
    return 0;
}

void event_describe(const inv_event *ev, sbuf *out, sbuf *note)
{
    size_t start = out->len;
    if (ev->check_id) sbuf_addf(out, _("stock check %lld"), (long long)ev->check_id);
    json_t *ch = ev->changes ? json_loads(ev->changes, 0, NULL) : NULL;
    const char *tmpl = json_string_value(json_object_get(ch, "@template"));
    if (tmpl) {
        part_sep(out, start);
        json_int_t copies = json_integer_value(json_object_get(ch, "@copies"));
        describe_label(out, tmpl, (long long)copies);
    }
    const char *output = json_string_value(json_object_get(ch, "@output"));
    if (output) {
        part_sep(out, start);
        if (!strcmp(output, "printer")) sbuf_add(out, _("sent to the printer"));
        else sbuf_addf(out, _("written to %s"), output);
    }
    const char *for_user = json_string_value(json_object_get(ch, "@for"));
    if (for_user) {
        part_sep(out, start);
        /* TRANSLATORS: an admin recorded the act on behalf of this login. */
        sbuf_addf(out, _("on behalf of %s"), for_user);
    }
    const char *until = json_string_value(json_object_get(ch, "@before_durability"));
    if (until) {
        char when[FMT_DATE_MAX];
        fmt_date(until, when, sizeof when);
        part_sep(out, start);
        /* TRANSLATORS: a write-off allowed before the end of the asset's
         * funding's durability period; %s is the period's last day. */
        sbuf_addf(out, _("before the end of the durability period (%s)"), when);
    }
    json_decref(ch);
    if (ev->note[0]) {
        sbuf old = {0};
        if (describe_old_note(ev, &old)) {
            if (old.len) {
                part_sep(out, start);
                sbuf_add(out, sbuf_str(&old));
            }
        } else {
            if (note == out) part_sep(out, start);
            sbuf_add(note, ev->note);
        }
        sbuf_free(&old);
    }
}

/* A changed field's value as a person reads it: an amount ("241459 BGN",
 * as asset_update records it) through fmt_money, a date through
 * fmt_date, anything else as it is; "" and NULL as a dash. */
static const char *change_value(const char *key, const char *v, char *buf, size_t n)
{
    if (!v || !*v) return "\xe2\x80\x94";
    if (!strcmp(key, "attrs") && v[0] == '{') {
        /* The kind's fields: "IMEI 490154203237518, ..."; none as a dash. */
        json_t *o = json_loads(v, 0, NULL);
        const char *k;
        json_t *x;
        sbuf b = {0};
        if (json_is_object(o))
            json_object_foreach(o, k, x) {
                if (!json_is_string(x) || !*json_string_value(x)) continue;
                sbuf_addf(&b, "%s%s %s", b.len ? ", " : "", asset_field_text(k),
                          json_string_value(x));
            }
        json_decref(o);
        str_copy(buf, n, b.len ? sbuf_str(&b) : "\xe2\x80\x94");
        sbuf_free(&b);
        return buf;
    }
    if (!strcmp(key, "cost")) {
        long long minor;
        char cur[8];
        int used = 0;
        if (sscanf(v, "%lld %7s%n", &minor, cur, &used) == 2 && !v[used] && minor >= 0) {
            fmt_money(minor, cur, buf, n);
            return buf;
        }
        return v;
    }
    /* A user's role and whether a user or an office is active: words. */
    if (!strcmp(key, "role") && role_parse(v) != ROLE_NONE) return role_text(role_parse(v));
    if (!strcmp(key, "active") && (!strcmp(v, "1") || !strcmp(v, "0")))
        return strcmp(v, "1") ? _("no") : _("yes");
    if (!strcmp(key, "purchase_date") || !strcmp(key, "warranty_end") ||
        !strcmp(key, "taken_on")) {
        fmt_date(v, buf, n);
        return buf;
    }
    return v;
}

void event_describe_changes(const inv_event *ev, const char *sep, sbuf *out)
{
    if (!ev->changes) return;
    json_t *ch = json_loads(ev->changes, 0, NULL);
    const char *key;
    json_t *val;
    int first = 1;
    if (json_is_object(ch)) {
        json_object_foreach(ch, key, val) {
            if (key[0] == '@') continue;
            const char *o = json_string_value(json_array_get(val, 0));
            const char *n = json_string_value(json_array_get(val, 1));
            char ob[512], nb[512];
            const char *os = change_value(key, o, ob, sizeof ob);
            const char *ns = change_value(key, n, nb, sizeof nb);
            if (!strcmp(os, ns)) continue; /* nothing a person would see changed */
            if (!first) sbuf_add(out, sep);
            first = 0;
            sbuf_addf(out, "%s: %s \xe2\x86\x92 %s", asset_field_text(key), os, ns);
        }
    }
    json_decref(ch);
}

/* Each field goes in as "<length>:<bytes>;" so that no two different
 * events serialise alike; NULL and "" are the same (the database stores
 * empty optional text as NULL). */
static void hash_field(struct sha256_ctx *ctx, const char *s)
{
    /* "<length>:" without printf: this runs 16 times per event. */
    char len[24];
    size_t n = s ? strlen(s) : 0, v = n;
    int k = (int)sizeof len;
    len[--k] = ':';
    do {
        len[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sha256_update(ctx, sizeof len - (size_t)k, (const uint8_t *)len + k);
    if (n) sha256_update(ctx, n, (const uint8_t *)s);
    sha256_update(ctx, 1, (const uint8_t *)";");
}

void event_hash(const inv_event *ev, const char prev_hash[65], char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    char check[24] = "";
    if (ev->check_id) snprintf(check, sizeof check, "%lld", (long long)ev->check_id);
    /* v2 (an act's date or a correction) covers both after check_id;
     * v3 (a subject other than an asset) also its type and key. */
    int v3 = ev->subject_type[0] && strcmp(ev->subject_type, "asset") != 0;
    int v2 = v3 || ev->act_date[0] || ev->reverts;
    sha256_init(&ctx);
    hash_field(&ctx, v3 ? "inventar-event-v3" : v2 ? "inventar-event-v2" : "inventar-event-v1");
    hash_field(&ctx, ev->at);
    hash_field(&ctx, ev->actor);
    hash_field(&ctx, ev->type);
    hash_field(&ctx, ev->tag);
    hash_field(&ctx, ev->has_from ? ev->from_office : "");
    hash_field(&ctx, ev->to_office);
    hash_field(&ctx, ev->has_from ? ev->from_status : "");
    hash_field(&ctx, ev->to_status);
    hash_field(&ctx, ev->has_from ? ev->from_custodian : "");
    hash_field(&ctx, ev->to_custodian);
    hash_field(&ctx, ev->doc);
    hash_field(&ctx, ev->note);
    hash_field(&ctx, ev->changes);
    hash_field(&ctx, check);
    if (v2) {
        char rev[24] = "";
        if (ev->reverts) snprintf(rev, sizeof rev, "%lld", (long long)ev->reverts);
        hash_field(&ctx, ev->act_date);
        hash_field(&ctx, rev);
    }
    if (v3) {
        hash_field(&ctx, ev->subject_type);
        hash_field(&ctx, ev->subject_key);
    }
    hash_field(&ctx, prev_hash);
    sha256_digest(&ctx, sizeof digest, digest);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

#ifdef INVENTAR_TEST_HOOKS
/* Fault injection for the crash tests, in the test build only: with
 * INVENTAR_FAULT_KILL_AFTER_EVENTS=N in the environment the process kills
 * itself with SIGKILL right after appending its Nth event, that is inside
 * the open transaction, exactly as a kill -9 or a power cut would. */
static void fault_point(void)
{
    static long left = -1;
    if (left == -1) {
        const char *v = getenv("INVENTAR_FAULT_KILL_AFTER_EVENTS");
        left = v && *v ? strtol(v, NULL, 10) : 0;
        if (left <= 0) left = -2;
    }
    if (left > 0 && --left == 0) raise(SIGKILL);
}
#else
static void fault_point(void) {}
#endif

/* No event is dated beyond the machine's clock (plus CLOCK_TOLERANCE_S):
 * since the history's times never go back (event_append), one event
 * dated in 2099 by a wrong clock would date every later event of every
 * user in 2099. Refuses a history whose newest event (head_at) is
 * already in the future, then an event at `at` (NULL: not checked). */
static inv_status check_clock(inv_db *db, const char *limit, const char *head_at,
                              const char *at)
{
    char when[FMT_DATE_MAX];
    if (head_at[0] && strcmp(head_at, limit) > 0) {
        fmt_datetime(head_at, when, sizeof when);
        return db_fail(db, INV_ESTATE,
                       _("the history's newest event is dated %s, in the future: check this "
                         "computer's clock or the database"), when);
    }
    if (at && strcmp(at, limit) > 0) {
        fmt_datetime(at, when, sizeof when);
        return db_fail(db, INV_ESTATE,
                       _("an act can't be recorded at %s: that is later than this computer's "
                         "clock; check the clock"), when);
    }
    return INV_OK;
}

/* The chain's head (newest hash and newest time), read once per handle
 * and then kept in step by the appends. */
static inv_status load_head(inv_db *db, char **head, char **head_at)
{
    *head = db_chain_head(db);
    *head_at = db_chain_head_at(db);
    if ((*head)[0]) return INV_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT hash FROM event ORDER BY id DESC LIMIT 1),"
                                   " (SELECT max(at) FROM event) WHERE EXISTS"
                                   " (SELECT 1 FROM event)");
    if (!st) return db_error(db)->code;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        str_copy(*head, 65, db_col_text(st, 0));
        str_copy(*head_at, INV_TIME_MAX, db_col_text(st, 1));
    } else if (rc == SQLITE_DONE) {
        memcpy(*head, EVENT_GENESIS, 65);
        (*head_at)[0] = '\0';
    } else {
        inv_status s = db_fail_sqlite(db, _("reading the history"));
        sqlite3_reset(st);
        return s;
    }
    sqlite3_reset(st);
    return INV_OK;
}

static inv_status need_transaction(inv_db *db)
{
    if (db_in_transaction(db)) return INV_OK;
    fprintf(stderr, "inventar: internal error: event_append outside a transaction\n");
    return db_fail(db, INV_EDB, "event outside a transaction");
}

/* Insert ev, hashed, as the chain's new head. */
static inv_status insert_event(inv_db *db, inv_event *ev, char *head, char *head_at)
{
    char limit[INV_TIME_MAX];
    clock_limit_utc(limit);
    inv_status cs = check_clock(db, limit, head_at, ev->at);
    if (cs == INV_OK) cs = authz_event(db, ev);
    if (cs != INV_OK) return cs;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO event(asset_id, at, actor, type, from_office_id, to_office_id,"
        " from_status, to_status, from_custodian, to_custodian, doc, note, changes,"
        " check_id, prev_hash, hash, act_date, reverts, subject_type, subject_id)"
        " VALUES(:asset, :at, :actor,"
        " :type, :fo, :to, :fs, :ts, :fc, :tc, :doc, :note, :changes, :check, :prev,"
        " :hash, :adate, :reverts, :stype, :sid)");
    if (!st) return db_error(db)->code;
    /* ev outlives the step: its text is bound without a copy. */
    if (event_is_asset(ev)) {
        db_bind_int(st, ":asset", ev->asset_id);
        db_bind_text(st, ":stype", "asset");
        db_bind_int(st, ":sid", ev->asset_id);
    } else {
        db_bind_text_ref(st, ":stype", ev->subject_type);
        db_bind_int(st, ":sid", ev->subject_id);
    }
    db_bind_text_ref(st, ":at", ev->at);
    db_bind_text_ref(st, ":actor", ev->actor);
    db_bind_text_ref(st, ":type", ev->type);
    if (ev->has_from && ev->from_office_id) db_bind_int(st, ":fo", ev->from_office_id);
    if (ev->to_office_id) db_bind_int(st, ":to", ev->to_office_id);
    if (ev->has_from) {
        db_bind_text_ref(st, ":fs", ev->from_status);
        db_bind_text_ref(st, ":fc", ev->from_custodian);
    }
    db_bind_text_ref(st, ":ts", ev->to_status);
    db_bind_text_ref(st, ":tc", ev->to_custodian);
    db_bind_text0_ref(st, ":doc", ev->doc);
    db_bind_text0_ref(st, ":note", ev->note);
    db_bind_text0_ref(st, ":changes", ev->changes);
    if (ev->check_id) db_bind_int(st, ":check", ev->check_id);
    db_bind_text_ref(st, ":prev", ev->prev_hash);
    db_bind_text_ref(st, ":hash", ev->hash);
    db_bind_text0_ref(st, ":adate", ev->act_date);
    if (ev->reverts) db_bind_int(st, ":reverts", ev->reverts);
    inv_status rc = db_exec_stmt(db, st, _("writing the history"));
    if (rc != INV_OK) return rc;
    ev->id = sqlite3_last_insert_rowid(db_sqlite(db));
    memcpy(head, ev->hash, 65);
    if (strcmp(ev->at, head_at) > 0) str_copy(head_at, INV_TIME_MAX, ev->at);
    fault_point();
    return INV_OK;
}

/* An act an admin records for another user on a shared database (--user,
 * authz_for_user): its changes get "@for", the user acted for, beside
 * the actor who recorded it. Returns the new changes to store (the
 * caller frees it; ev->changes stays the caller's), or NULL when there
 * is nothing to add. */
static char *with_for(inv_db *db, const inv_event *ev)
{
    const char *who = authz_for_user(db);
    if (!who[0]) return NULL;
    json_t *ch = ev->changes ? json_loads(ev->changes, 0, NULL) : json_object();
    if (!json_is_object(ch)) {
        json_decref(ch);
        ch = json_object();
    }
    json_object_set_new(ch, "@for", json_string(who));
    char *out = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(ch);
    if (!out) abort();
    return out;
}

inv_status event_append(inv_db *db, inv_event *ev)
{
    char *head, *head_at;
    inv_status rc = need_transaction(db);
    if (!rc) rc = load_head(db, &head, &head_at);
    if (rc) return rc;
    char *own = NULL, *given = ev->changes;
    if (!ev->actor[0]) {
        str_copy(ev->actor, sizeof ev->actor, db_user(db));
        if ((own = with_for(db, ev)) != NULL) ev->changes = own;
    }
    if (!ev->at[0]) {
        if (!ev->act_date[0]) today_local(ev->act_date);
        /* An act happens now, and never before the newest event: a clock
         * that went back must not reorder the history. (Restores and the
         * demo's past history preset their times.) */
        now_utc(ev->at);
        if (head_at[0] && strcmp(ev->at, head_at) < 0) str_copy(ev->at, sizeof ev->at, head_at);
    }
    memcpy(ev->prev_hash, head, 65);
    event_hash(ev, ev->prev_hash, ev->hash);
    rc = insert_event(db, ev, head, head_at);
    ev->changes = given;
    free(own);
    return rc;
}

/* Several prehashed events in one INSERT: a statement's own cost (reset,
 * binding by name, the program's start) was half of a bulk load's cost
 * per event. Columns in insert_event's order. */
#define BATCH_COLS 20
#define BATCH_ROWS 32

static const char *batch_sql(void)
{
    static char sql[8192];
    if (sql[0]) return sql;
    sbuf s = {0};
    sbuf_add(&s, "INSERT INTO event(asset_id, at, actor, type, from_office_id, to_office_id,"
                 " from_status, to_status, from_custodian, to_custodian, doc, note, changes,"
                 " check_id, prev_hash, hash, act_date, reverts, subject_type, subject_id)"
                 " VALUES");
    for (int r = 0; r < BATCH_ROWS; r++) {
        sbuf_add(&s, r ? ",(" : "(");
        for (int c = 0; c < BATCH_COLS; c++) sbuf_add(&s, c ? ",?" : "?");
        sbuf_addc(&s, ')');
    }
    str_copy(sql, sizeof sql, sbuf_str(&s));
    sbuf_free(&s);
    return sql;
}

static void bind_text0(sqlite3_stmt *st, int i, const char *v, int keep_empty)
{
    if (v && (*v || keep_empty)) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

int event_is_asset(const inv_event *ev)
{
    return !ev->subject_type[0] || !strcmp(ev->subject_type, "asset");
}

static void bind_row(sqlite3_stmt *st, int row, const inv_event *ev)
{
    int b = row * BATCH_COLS;
    sqlite3_bind_int64(st, b + 1, ev->asset_id);
    bind_text0(st, b + 2, ev->at, 1);
    bind_text0(st, b + 3, ev->actor, 1);
    bind_text0(st, b + 4, ev->type, 1);
    if (ev->has_from && ev->from_office_id) sqlite3_bind_int64(st, b + 5, ev->from_office_id);
    else sqlite3_bind_null(st, b + 5);
    if (ev->to_office_id) sqlite3_bind_int64(st, b + 6, ev->to_office_id);
    else sqlite3_bind_null(st, b + 6);
    bind_text0(st, b + 7, ev->has_from ? ev->from_status : NULL, 1);
    bind_text0(st, b + 8, ev->to_status, 1);
    bind_text0(st, b + 9, ev->has_from ? ev->from_custodian : NULL, 1);
    bind_text0(st, b + 10, ev->to_custodian, 1);
    bind_text0(st, b + 11, ev->doc, 0);
    bind_text0(st, b + 12, ev->note, 0);
    bind_text0(st, b + 13, ev->changes, 0);
    if (ev->check_id) sqlite3_bind_int64(st, b + 14, ev->check_id);
    else sqlite3_bind_null(st, b + 14);
    bind_text0(st, b + 15, ev->prev_hash, 1);
    bind_text0(st, b + 16, ev->hash, 1);
    bind_text0(st, b + 17, ev->act_date, 0);
    if (ev->reverts) sqlite3_bind_int64(st, b + 18, ev->reverts);
    else sqlite3_bind_null(st, b + 18);
    if (event_is_asset(ev)) {
        sqlite3_bind_text(st, b + 19, "asset", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, b + 20, ev->asset_id);
    } else {
        sqlite3_bind_null(st, b + 1);
        sqlite3_bind_text(st, b + 19, ev->subject_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, b + 20, ev->subject_id);
    }
}

inv_status event_append_hashed_many(inv_db *db, inv_event *evs, size_t n)
{
    char *head, *head_at;
    inv_status rc = need_transaction(db);
    if (!rc) rc = load_head(db, &head, &head_at);
    if (rc) return rc;
    char limit[INV_TIME_MAX];
    clock_limit_utc(limit);
    if ((rc = check_clock(db, limit, head_at, NULL)) != INV_OK) return rc;
    size_t i = 0;
    while (n - i >= BATCH_ROWS) {
        for (size_t k = i; k < i + BATCH_ROWS; k++) {
            const char *prev = k == i ? head : evs[k - 1].hash;
            if (strcmp(evs[k].prev_hash, prev) != 0 || !evs[k].at[0] || !evs[k].actor[0]) {
                fprintf(stderr, "inventar: internal error: a prehashed event does not "
                                "continue the chain\n");
                return db_fail(db, INV_EDB, "a prehashed event does not continue the chain");
            }
            if ((rc = check_clock(db, limit, "", evs[k].at)) != INV_OK) return rc;
            if ((rc = authz_event(db, &evs[k])) != INV_OK) return rc;
        }
        sqlite3_stmt *st = db_stmt(db, batch_sql());
        if (!st) return db_error(db)->code;
        for (int r = 0; r < BATCH_ROWS; r++) bind_row(st, r, &evs[i + (size_t)r]);
        if ((rc = db_exec_stmt(db, st, _("writing the history"))) != INV_OK) return rc;
        int64_t last = sqlite3_last_insert_rowid(db_sqlite(db));
        for (int r = 0; r < BATCH_ROWS; r++) {
            inv_event *ev = &evs[i + (size_t)r];
            ev->id = last - (BATCH_ROWS - 1 - r);
            if (strcmp(ev->at, head_at) > 0) str_copy(head_at, INV_TIME_MAX, ev->at);
            fault_point();
        }
        memcpy(head, evs[i + BATCH_ROWS - 1].hash, 65);
        i += BATCH_ROWS;
    }
    for (; i < n && rc == INV_OK; i++) rc = event_append_hashed(db, &evs[i]);
    return rc;
}

inv_status event_append_many(inv_db *db, inv_event *evs, size_t n)
{
    char *head, *head_at;
    inv_status rc = need_transaction(db);
    if (!rc) rc = load_head(db, &head, &head_at);
    if (rc) return rc;
    char now[INV_TIME_MAX];
    now_utc(now);
    if (head_at[0] && strcmp(now, head_at) < 0) str_copy(now, sizeof now, head_at);
    /* Changes with "@for" (with_for), and the callers' own to put back. */
    char **own = NULL, **given = NULL;
    if (authz_for_user(db)[0]) {
        own = calloc(n ? n : 1, sizeof *own);
        given = calloc(n ? n : 1, sizeof *given);
        if (!own || !given) abort();
    }
    for (size_t i = 0; i < n; i++) {
        inv_event *ev = &evs[i];
        if (!ev->actor[0]) {
            str_copy(ev->actor, sizeof ev->actor, db_user(db));
            if (own && (own[i] = with_for(db, ev)) != NULL) {
                given[i] = ev->changes;
                ev->changes = own[i];
            }
        }
        if (!ev->at[0]) {
            str_copy(ev->at, sizeof ev->at, now);
            if (!ev->act_date[0]) date_of_utc(now, ev->act_date);
        }
        memcpy(ev->prev_hash, i ? evs[i - 1].hash : head, 65);
        event_hash(ev, ev->prev_hash, ev->hash);
    }
    rc = event_append_hashed_many(db, evs, n);
    if (own) {
        for (size_t i = 0; i < n; i++)
            if (own[i]) {
                evs[i].changes = given[i];
                free(own[i]);
            }
        free(own);
        free(given);
    }
    return rc;
}

inv_status event_chain_head(inv_db *db, char hash[65])
{
    char *head, *head_at;
    inv_status rc = load_head(db, &head, &head_at);
    if (rc == INV_OK) memcpy(hash, head, 65);
    return rc;
}

inv_status event_append_hashed(inv_db *db, inv_event *ev)
{
    char *head, *head_at;
    inv_status rc = need_transaction(db);
    if (!rc) rc = load_head(db, &head, &head_at);
    if (rc) return rc;
    if (strcmp(ev->prev_hash, head) != 0 || !ev->at[0] || !ev->actor[0]) {
        fprintf(stderr, "inventar: internal error: a prehashed event does not continue "
                        "the chain\n");
        return db_fail(db, INV_EDB, "a prehashed event does not continue the chain");
    }
    return insert_event(db, ev, head, head_at);
}

/* The date an event took effect: its act's date, or (older events) the
 * local date of the moment it was recorded. */
#define EVENT_DATE_SQL "coalesce(act_date, date(at, 'localtime'))"

/* Columns read by every event query, in this order. */
#define EVENT_COLS                                                             \
    "e.id, e.asset_id, a.tag, e.at, e.actor, e.type,"                          \
    " coalesce(e.from_office_id,0), coalesce(fo.code,''), coalesce(fo.name,''),"\
    " coalesce(e.to_office_id,0), coalesce(tof.code,''), coalesce(tof.name,''),"\
    " e.from_status IS NOT NULL, coalesce(e.from_status,''), e.to_status,"     \
    " coalesce(e.from_custodian,''), e.to_custodian, coalesce(e.doc,''),"      \
    " coalesce(e.note,''), e.changes, coalesce(e.check_id,0), e.prev_hash, e.hash,"\
    " coalesce(e.act_date,''), coalesce(e.reverts,0), e.subject_type, e.subject_id"
#define EVENT_JOINS                                                            \
    " LEFT JOIN asset a ON a.id = e.asset_id"                                       \
    " LEFT JOIN office fo ON fo.id = e.from_office_id"                         \
    " LEFT JOIN office tof ON tof.id = e.to_office_id"

/* Fill ev from a row of EVENT_COLS; ev->changes points into the row. */
static void event_from_row(sqlite3_stmt *st, inv_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = sqlite3_column_int64(st, 0);
    ev->asset_id = sqlite3_column_int64(st, 1);
    str_copy(ev->tag, sizeof ev->tag, db_col_text(st, 2));
    str_copy(ev->at, sizeof ev->at, db_col_text(st, 3));
    str_copy(ev->actor, sizeof ev->actor, db_col_text(st, 4));
    str_copy(ev->type, sizeof ev->type, db_col_text(st, 5));
    ev->from_office_id = sqlite3_column_int64(st, 6);
    str_copy(ev->from_office, sizeof ev->from_office, db_col_text(st, 7));
    str_copy(ev->from_office_name, sizeof ev->from_office_name, db_col_text(st, 8));
    ev->to_office_id = sqlite3_column_int64(st, 9);
    str_copy(ev->to_office, sizeof ev->to_office, db_col_text(st, 10));
    str_copy(ev->to_office_name, sizeof ev->to_office_name, db_col_text(st, 11));
    ev->has_from = sqlite3_column_int(st, 12);
    str_copy(ev->from_status, sizeof ev->from_status, db_col_text(st, 13));
    str_copy(ev->to_status, sizeof ev->to_status, db_col_text(st, 14));
    str_copy(ev->from_custodian, sizeof ev->from_custodian, db_col_text(st, 15));
    str_copy(ev->to_custodian, sizeof ev->to_custodian, db_col_text(st, 16));
    str_copy(ev->doc, sizeof ev->doc, db_col_text(st, 17));
    str_copy(ev->note, sizeof ev->note, db_col_text(st, 18));
    ev->changes = (char *)sqlite3_column_text(st, 19);
    ev->check_id = sqlite3_column_int64(st, 20);
    str_copy(ev->prev_hash, sizeof ev->prev_hash, db_col_text(st, 21));
    str_copy(ev->hash, sizeof ev->hash, db_col_text(st, 22));
    str_copy(ev->act_date, sizeof ev->act_date, db_col_text(st, 23));
    ev->reverts = sqlite3_column_int64(st, 24);
    str_copy(ev->subject_type, sizeof ev->subject_type, db_col_text(st, 25));
    ev->subject_id = sqlite3_column_int64(st, 26);
}

/* The event's offices by the names they had when it was recorded
 * (office_names_at), not their current ones. */
static void names_as_of(const office_names *names, inv_event *ev)
{
    const char *n = office_names_at(names, ev->from_office_id, ev->id);
    if (n) str_copy(ev->from_office_name, sizeof ev->from_office_name, n);
    n = office_names_at(names, ev->to_office_id, ev->id);
    if (n) str_copy(ev->to_office_name, sizeof ev->to_office_name, n);
}

/* Step st (bound by the caller), calling fn per event. The offices'
 * names are loaded first, once: st is left unstepped until then, as
 * db_stmt's statements are independent. */
static inv_status walk(inv_db *db, sqlite3_stmt *st, event_visit_fn fn, void *arg)
{
    inv_event ev;
    int rc;
    office_names *names = NULL;
    if (office_names_load(db, &names) != INV_OK) {
        sqlite3_reset(st);
        return db_error(db)->code;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        event_from_row(st, &ev);
        names_as_of(names, &ev);
        if (sqlite3_column_count(st) > 27) str_copy(ev.since, sizeof ev.since, db_col_text(st, 27));
        if (fn(&ev, arg)) break;
    }
    office_names_free(names);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        inv_status s = db_fail_sqlite(db, _("reading the history"));
        sqlite3_reset(st);
        return s;
    }
    sqlite3_reset(st);
    return INV_OK;
}

inv_status event_walk_asset(inv_db *db, int64_t asset_id, event_visit_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EVENT_COLS " FROM event e" EVENT_JOINS
                                   " WHERE e.asset_id = :asset ORDER BY e.id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":asset", asset_id);
    return walk(db, st, fn, arg);
}

inv_status event_office_at(inv_db *db, int64_t office_id, int recursive,
                           const char *date, event_visit_fn fn, void *arg)
{
    char day[INV_DATE_MAX];
    if (date && *date) {
        if (date_parse(date, day) != 0)
            return db_fail(db, INV_EINVAL, _("'%s' is not a date (use 2023-04-01 "
                                             "or 01.04.2023)"), date);
    } else {
        today_local(day);
    }
    sqlite3_stmt *st = db_stmt(db,
        "WITH RECURSIVE sub(id) AS (SELECT :office UNION ALL"
        "   SELECT o.id FROM office o JOIN sub ON o.parent_id = sub.id WHERE :rec),"
        /* The newest act that changed the asset's state and took effect
         * on or before the date; acts of one date in the order entered. */
        " last(id, k) AS (SELECT id, max(" EVENT_DATE_SQL " || printf('%020d', id))"
        "   FROM event WHERE type IN " EVENT_STATE_TYPES
        "   AND " EVENT_DATE_SQL " <= :date GROUP BY asset_id)"
        " SELECT " EVENT_COLS ","
        " (SELECT coalesce(x.act_date, date(x.at, 'localtime')) FROM event x"
        "   WHERE x.asset_id = e.asset_id AND x.id <= e.id AND x.type IN " EVENT_STATE_TYPES
        "   AND (x.from_status IS NULL OR coalesce(x.from_office_id, 0) <> coalesce(x.to_office_id, 0))"
        "   ORDER BY x.id DESC LIMIT 1)"
        " FROM last JOIN event e ON e.id = last.id" EVENT_JOINS
        " WHERE e.to_office_id IN (SELECT id FROM sub) ORDER BY a.tag");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":office", office_id);
    db_bind_int(st, ":rec", recursive ? 1 : 0);
    db_bind_text(st, ":date", day);
    return walk(db, st, fn, arg);
}

int event_type_valid(const char *type)
{
#define EV_V(code, label) if (!strcmp(type, code)) return 1;
    EVENT_TYPE_LIST(EV_V)
#undef EV_V
    return 0;
}

int event_subject_valid(const char *subject)
{
#define SU_V(code) if (!strcmp(subject, code)) return 1;
    EVENT_SUBJECT_LIST(SU_V)
#undef SU_V
    return 0;
}

/* The log's query for the filters in mask (1 since, 2 actor, 4 type, 8
 * subject): one text per mask, built once and kept (db_stmt keys its
 * cache on the address). The subject's key by a join on its primary
 * key, per subject type. */
static const char *log_sql(unsigned mask)
{
    static char sql[16][4096];
    if (sql[mask][0]) return sql[mask];
    sbuf b = {0};
    sbuf_add(&b, "SELECT " EVENT_COLS ","
                 " CASE e.subject_type WHEN 'asset' THEN a.tag WHEN 'office' THEN so.code"
                 " WHEN 'kind' THEN sk.code WHEN 'funding' THEN sf.code"
                 " WHEN 'document' THEN sd.type || '/' || sd.number"
                 " WHEN 'user' THEN su.login END"
                 " FROM event e" EVENT_JOINS
                 " LEFT JOIN office so ON e.subject_type = 'office' AND so.id = e.subject_id"
                 " LEFT JOIN asset_kind sk ON e.subject_type = 'kind' AND sk.id = e.subject_id"
                 " LEFT JOIN funding sf ON e.subject_type = 'funding' AND sf.id = e.subject_id"
                 " LEFT JOIN document sd ON e.subject_type = 'document'"
                 " AND sd.id = e.subject_id"
                 " LEFT JOIN app_user su ON e.subject_type = 'user' AND su.id = e.subject_id"
                 " WHERE 1");
    if (mask & 1) sbuf_add(&b, " AND e.at >= :since");
    if (mask & 2) sbuf_add(&b, " AND e.actor = :actor");
    if (mask & 4) sbuf_add(&b, " AND e.type = :type");
    if (mask & 8) sbuf_add(&b, " AND e.subject_type = :subject");
    sbuf_add(&b, " ORDER BY e.id");
    str_copy(sql[mask], sizeof sql[mask], sbuf_str(&b));
    sbuf_free(&b);
    return sql[mask];
}

static int given(const char *s) { return s && *s; }

inv_status event_walk_log(inv_db *db, const event_filter *f, event_visit_fn fn, void *arg)
{
    char since[INV_TIME_MAX] = "";
    if (given(f->since) && date_start_of_day(f->since, since) != 0)
        return db_fail(db, INV_EINVAL, _("'%s' is not a date (use 2023-04-01 or 01.04.2023)"),
                       f->since);
    if (given(f->type) && !event_type_valid(f->type))
        return db_fail(db, INV_EINVAL, _("unknown event type '%s'"), f->type);
    if (given(f->subject_type) && !event_subject_valid(f->subject_type))
        return db_fail(db, INV_EINVAL, _("unknown subject '%s'"), f->subject_type);
    unsigned mask = (given(f->since) ? 1u : 0) | (given(f->actor) ? 2u : 0) |
                    (given(f->type) ? 4u : 0) | (given(f->subject_type) ? 8u : 0);
    office_names *names = NULL;
    if (office_names_load(db, &names) != INV_OK) return db_error(db)->code;
    sqlite3_stmt *st = db_stmt(db, log_sql(mask));
    if (!st) {
        office_names_free(names);
        return db_error(db)->code;
    }
    if (mask & 1) db_bind_text(st, ":since", since);
    if (mask & 2) db_bind_text(st, ":actor", f->actor);
    if (mask & 4) db_bind_text(st, ":type", f->type);
    if (mask & 8) db_bind_text(st, ":subject", f->subject_type);
    inv_event *ev = malloc(sizeof *ev);
    if (!ev) abort();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        event_from_row(st, ev);
        names_as_of(names, ev);
        if (sqlite3_column_type(st, 27) != SQLITE_NULL)
            str_copy(ev->subject_key, sizeof ev->subject_key, db_col_text(st, 27));
        else
            snprintf(ev->subject_key, sizeof ev->subject_key, "%lld",
                     (long long)ev->subject_id);
        if (fn(ev, arg)) break;
    }
    free(ev);
    office_names_free(names);
    inv_status s = INV_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) s = db_fail_sqlite(db, _("reading the history"));
    sqlite3_reset(st);
    return s;
}

/* A date as users read it: "14.03.2024". */
/* A date as the messages show it (fmt_date: ISO in English, 14.03.2024
 * in Bulgarian). */
static void show_date(const char *iso, char out[FMT_DATE_MAX])
{
    fmt_date(iso, out, FMT_DATE_MAX);
}

inv_status event_act_date(inv_db *db, const char *in, char out[INV_DATE_MAX])
{
    char today[INV_DATE_MAX];
    today_local(today);
    if (!in || !*in) {
        memcpy(out, today, INV_DATE_MAX);
        return INV_OK;
    }
    if (date_parse(in, out) != 0)
        return db_fail(db, INV_EINVAL, _("'%s' is not a date (use 2024-03-14 or "
                                         "14.03.2024)"), in);
    if (strcmp(out, today) > 0) {
        char d[FMT_DATE_MAX];
        show_date(out, d);
        return db_fail(db, INV_EINVAL, _("the date %s is in the future"), d);
    }
    return INV_OK;
}

inv_status event_check_date(inv_db *db, int64_t asset_id, const char *tag, const char *date)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT " EVENT_DATE_SQL ", id FROM event WHERE asset_id = :asset AND type IN "
        EVENT_ACT_TYPES " ORDER BY " EVENT_DATE_SQL " DESC, id DESC LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":asset", asset_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        inv_status s = db_fail_sqlite(db, tag);
        sqlite3_reset(st);
        return s;
    }
    inv_status s = INV_OK;
    if (rc == SQLITE_ROW && strcmp(date, db_col_text(st, 0)) < 0) {
        char d[FMT_DATE_MAX], p[FMT_DATE_MAX];
        show_date(date, d);
        show_date(db_col_text(st, 0), p);
        s = db_fail(db, INV_ESTATE, _("%s: the date %s is before the asset's previous act "
                                      "(event %lld, dated %s)"), tag, d,
                    (long long)sqlite3_column_int64(st, 1), p);
    }
    sqlite3_reset(st);
    return s;
}

inv_status event_get(inv_db *db, int64_t id, inv_event *ev)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EVENT_COLS " FROM event e" EVENT_JOINS
                                   " WHERE e.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        event_from_row(st, ev);
        ev->changes = NULL;
        sqlite3_reset(st);
        office_names *names = NULL;
        if (office_names_load(db, &names) != INV_OK) return db_error(db)->code;
        names_as_of(names, ev);
        office_names_free(names);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return db_fail(db, INV_ENOTFOUND, _("no event %lld"), (long long)id);
    return db_fail_sqlite(db, _("reading the history"));
}

/* The ids of the asset's acts after event id that still stand (neither
 * reverted nor reverts of such acts), as "12, 15" (at most ten, then
 * "..."); "" when there are none. */
static inv_status later_acts(inv_db *db, const inv_event *ev, char *out, size_t n)
{
    out[0] = '\0';
    /* An act that was reverted and the revert cancel out. */
    sqlite3_stmt *st = db_stmt(db, "SELECT e.id FROM event e WHERE e.asset_id = :asset AND"
                                   " e.id > :id AND e.type IN " EVENT_ACT_TYPES
                                   " AND NOT (e.type = 'reverted' AND e.reverts > :id)"
                                   " AND NOT EXISTS (SELECT 1 FROM event r"
                                   "   WHERE r.reverts = e.id) ORDER BY e.id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":asset", ev->asset_id);
    db_bind_int(st, ":id", ev->id);
    int rc, k = 0;
    size_t len = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (k++ == 10) {
            snprintf(out + len, n - len, ", ...");
            break;
        }
        int w = snprintf(out + len, n - len, "%s%lld", len ? ", " : "",
                         (long long)sqlite3_column_int64(st, 0));
        if (w > 0 && (size_t)w < n - len) len += (size_t)w;
    }
    inv_status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? INV_OK
                                                         : db_fail_sqlite(db, _("reading the history"));
    sqlite3_reset(st);
    return s;
}

static inv_status revert_in_tx(inv_db *db, inv_event *old, inv_event *ev, const char *reason,
                               const char *day)
{
    if (!strcmp(old->type, "reverted"))
        return db_fail(db, INV_ESTATE, _("event %lld is itself a revert; it can't be reverted "
                                         "(record the act again instead)"), (long long)old->id);
    static const char *const revertible[] = {"assigned", "transferred", "returned",
                                             "status_changed", "marked_missing", "seen"};
    int ok = 0;
    for (size_t i = 0; i < sizeof revertible / sizeof *revertible; i++)
        ok |= !strcmp(old->type, revertible[i]);
    if (!ok || !old->has_from)
        /* TRANSLATORS: %1$lld is the event's number, %2$s the asset's
         * inventory number, %3$s the event's type in words ("edited"). */
        return db_fail(db, INV_ESTATE, _("event %1$lld (%2$s, %3$s) changed nothing a revert "
                                         "could undo: only assignments, transfers, returns, "
                                         "status changes and a stock check's results can be "
                                         "reverted"),
                       (long long)old->id, old->tag, event_type_text(old->type));
    int64_t by = 0;
    inv_status rc = INV_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM event WHERE reverts = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", old->id);
    if (sqlite3_step(st) == SQLITE_ROW) by = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (by)
        return db_fail(db, INV_ESTATE, _("event %lld was already reverted by event %lld"),
                       (long long)old->id, (long long)by);
    char later[256];
    rc = later_acts(db, old, later, sizeof later);
    if (rc) return rc;
    if (later[0])
        /* TRANSLATORS: %1$lld is the event's number, %2$s the asset's
         * inventory number, %3$s the event's type in words, %4$s a list
         * of event numbers. */
        return db_fail(db, INV_ESTATE, _("event %1$lld (%2$s, %3$s) can't be reverted: later "
                                         "acts on the asset depend on it (event numbers: "
                                         "%4$s); revert those first"), (long long)old->id,
                       old->tag, event_type_text(old->type), later);
    if ((rc = event_check_date(db, old->asset_id, old->tag, day)) != INV_OK) return rc;

    /* The asset's state now: the from-side of the reverse act. */
    st = db_stmt(db, "SELECT coalesce(a.office_id,0), coalesce(o.code,''),"
                                   " a.status, a.custodian FROM asset a LEFT JOIN office o"
                                   " ON o.id = a.office_id WHERE a.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", old->asset_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail(db, INV_ENOTFOUND, _("no asset '%s'"), old->tag);
    }
    memset(ev, 0, sizeof *ev);
    ev->asset_id = old->asset_id;
    str_copy(ev->tag, sizeof ev->tag, old->tag);
    str_copy(ev->type, sizeof ev->type, "reverted");
    ev->has_from = 1;
    ev->from_office_id = sqlite3_column_int64(st, 0);
    str_copy(ev->from_office, sizeof ev->from_office, db_col_text(st, 1));
    str_copy(ev->from_status, sizeof ev->from_status, db_col_text(st, 2));
    str_copy(ev->from_custodian, sizeof ev->from_custodian, db_col_text(st, 3));
    sqlite3_reset(st);
    ev->to_office_id = old->from_office_id;
    str_copy(ev->to_office, sizeof ev->to_office, old->from_office);
    str_copy(ev->to_status, sizeof ev->to_status, old->from_status);
    str_copy(ev->to_custodian, sizeof ev->to_custodian, old->from_custodian);
    str_copy(ev->note, sizeof ev->note, reason);
    str_copy(ev->act_date, sizeof ev->act_date, day);
    ev->reverts = old->id;

    st = db_stmt(db, "UPDATE asset SET office_id = :o, status = :s, custodian = :c"
                     " WHERE id = :id");
    if (!st) return db_error(db)->code;
    if (ev->to_office_id) db_bind_int(st, ":o", ev->to_office_id);
    else db_bind_null(st, ":o");
    db_bind_text(st, ":s", ev->to_status);
    db_bind_text(st, ":c", ev->to_custodian);
    db_bind_int(st, ":id", ev->asset_id);
    if ((rc = db_exec_stmt(db, st, ev->tag)) != INV_OK) return rc;
    if (!strcmp(old->type, "seen")) {
        /* Seen last by the check before this one (a reverted sighting
         * doesn't count), or never. */
        st = db_stmt(db, "UPDATE asset SET last_seen = (SELECT max(x.at) FROM event x"
                         " WHERE x.asset_id = :id AND x.type = 'seen' AND x.id < :ev AND"
                         " NOT EXISTS (SELECT 1 FROM event r WHERE r.reverts = x.id))"
                         " WHERE id = :id");
        if (!st) return db_error(db)->code;
        db_bind_int(st, ":id", ev->asset_id);
        db_bind_int(st, ":ev", old->id);
        if ((rc = db_exec_stmt(db, st, ev->tag)) != INV_OK) return rc;
    }
    return event_append(db, ev);
}

inv_status event_revert(inv_db *db, int64_t id, const char *reason, const char *date,
                        int64_t *new_id)
{
    if (!reason || !*reason)
        return db_fail(db, INV_EINVAL, _("a revert needs a reason (--reason TEXT)"));
    if (strlen(reason) > INV_LONG_MAX || !utf8_valid(reason, strlen(reason)))
        return db_fail(db, INV_EINVAL, _("the reason is not valid UTF-8 text of at most %d "
                                         "bytes"), INV_LONG_MAX);
    char day[INV_DATE_MAX];
    inv_status rc = event_act_date(db, date, day);
    if (rc) return rc;
    inv_event *old = malloc(2 * sizeof *old);
    if (!old) abort();
    if ((rc = db_begin(db, DB_HERE)) == INV_OK) {
        rc = event_get(db, id, &old[0]);
        if (rc == INV_OK) rc = revert_in_tx(db, &old[0], &old[1], reason, day);
        if (rc == INV_OK) {
            if (new_id) *new_id = old[1].id;
            rc = db_commit(db);
        } else {
            db_rollback(db);
        }
    }
    free(old);
    return rc;
}
