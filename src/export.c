/* export.c: everything needed to rebuild the inventory, as JSON or CSV,
 * and the restore that rebuilds it (see export.h).
 *
 * Both formats hold the same tables in the same order (offices in tree
 * order so that parents come first, kinds by id, funding by code, assets
 * and events by id, then the stock checks with what they expected and
 * every scan), with the same field names:
 *
 *   JSON: {"format":"inventar-export","version":1,"schema":N,
 *          "offices":[ {...}, ... ],"kinds":[...],"funding":[...],
 *          "assets":[...],"events":[...],"checks":[...],
 *          "check_expected":[...],"check_scans":[...],"documents":[...],
 *          "users":[...]}
 *         one array element a line; SQL NULL is null.
 *   CSV:  "# inventar export,1", then per table a line "[offices]", its
 *         header row, its rows (RFC 4180 quoting) and a blank line; the
 *         file ends with a line "# end" so that a cut file is noticed.
 *         SQL NULL and "" are both an empty field.
 *
 * The restore reads either format as a stream (one element or record at
 * a time: memory does not grow with the export) and writes in one
 * transaction. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inventar/asset.h"
#include "inventar/bulk.h"
#include "inventar/check.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/export.h"
#include "inventar/history.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "inventar/user.h"
#include "inventar/office.h"
#include "inventar/priv.h"
#include "inventar/util.h"
#include "inventar/verify.h"

#define EXPORT_FORMAT "inventar-export"
#define EXPORT_VERSION 1
#define CSV_MAGIC "# inventar export"
#define CSV_END "# end"
#define ELEMENT_MAX (64u << 20) /* largest JSON element or CSV record read */
#define RESTORE_CACHE_KB "524288" /* page cache during a restore: 512 MiB at most */
#define ASSET_BATCH 20000         /* assets staged before they are stored */

/* ---- the tables ---- */

/* C_RAW is text kept as a scanner sent it: bytes that are not UTF-8
 * (a code cut in the middle of a character, scanner noise) are written
 * as U+FFFD, the only place where an export is not exact. */
typedef enum { C_TEXT, C_INT, C_BOOL, C_RAW } col_type;

typedef struct col_spec {
    const char *key; /* JSON key and CSV header */
    col_type type;
} col_spec;

enum {
    S_OFFICES, S_KINDS, S_FUNDING, S_ASSETS, S_EVENTS, S_CHECKS, S_EXPECTED, S_SCANS,
    S_DOCUMENTS, S_USERS, S_COUNT
};
#define S_REQUIRED S_CHECKS /* the parts before it are in every export */
#define NCOL_MAX 24

typedef struct section_spec {
    const char *name;
    const col_spec *cols;
    int ncols;
    const char *sql; /* the rows in export order, columns as cols */
} section_spec;

static const col_spec OFFICE_COLS[] = {
    {"code", C_TEXT}, {"name", C_TEXT}, {"kind", C_TEXT}, {"parent", C_TEXT},
    {"oblast", C_TEXT}, {"address", C_TEXT}, {"active", C_BOOL}, {"short_name", C_TEXT}};
enum { OF_CODE, OF_NAME, OF_KIND, OF_PARENT, OF_OBLAST, OF_ADDRESS, OF_ACTIVE, OF_SHORT };

static const col_spec KIND_COLS[] = {
    {"code", C_TEXT}, {"name", C_TEXT}, {"prefix", C_TEXT}, {"fields", C_TEXT},
    {"next_no", C_INT}};
enum { KI_CODE, KI_NAME, KI_PREFIX, KI_FIELDS, KI_NEXT };

static const col_spec FUNDING_COLS[] = {
    {"code", C_TEXT}, {"title", C_TEXT}, {"programme", C_TEXT}, {"amount", C_INT},
    {"currency", C_TEXT}, {"date_from", C_TEXT}, {"date_to", C_TEXT},
    {"durable_until", C_TEXT}};
enum { FU_CODE, FU_TITLE, FU_PROGRAMME, FU_AMOUNT, FU_CURRENCY, FU_FROM, FU_TO, FU_DURABLE };

static const col_spec ASSET_COLS[] = {
    {"id", C_INT}, {"tag", C_TEXT}, {"kind", C_TEXT}, {"make", C_TEXT}, {"model", C_TEXT},
    {"serial", C_TEXT}, {"description", C_TEXT}, {"status", C_TEXT}, {"office", C_TEXT},
    {"custodian", C_TEXT}, {"purchase_date", C_TEXT}, {"cost", C_INT},
    {"currency", C_TEXT}, {"supplier", C_TEXT}, {"contract", C_TEXT},
    {"funding", C_TEXT}, {"warranty_end", C_TEXT}, {"attrs", C_TEXT},
    {"last_seen", C_TEXT}, {"scan_code", C_TEXT}};
enum {
    AS_ID, AS_TAG, AS_KIND, AS_MAKE, AS_MODEL, AS_SERIAL, AS_DESCR, AS_STATUS, AS_OFFICE,
    AS_CUST, AS_PDATE, AS_COST, AS_CURRENCY, AS_SUPPLIER, AS_CONTRACT, AS_FUNDING,
    AS_WARRANTY, AS_ATTRS, AS_SEEN, AS_SCAN
};

static const col_spec EVENT_COLS[] = {
    {"id", C_INT}, {"tag", C_TEXT}, {"at", C_TEXT}, {"actor", C_TEXT}, {"type", C_TEXT},
    {"from_office", C_TEXT}, {"to_office", C_TEXT}, {"from_status", C_TEXT},
    {"to_status", C_TEXT}, {"from_custodian", C_TEXT}, {"to_custodian", C_TEXT},
    {"doc", C_TEXT}, {"note", C_TEXT}, {"changes", C_TEXT}, {"check_id", C_INT},
    {"prev_hash", C_TEXT}, {"hash", C_TEXT}, {"act_date", C_TEXT}, {"reverts", C_INT},
    {"subject_type", C_TEXT}, {"subject", C_TEXT}, {"subject_id", C_INT}};
/* subject_type and subject (schema 7): an event about an office, kind,
 * funding project, stock check or document names it by its key (code,
 * check number, "type/number"), with the row's id (subject_id: the
 * check's or document's own number, kept by a restore); tag is empty.
 * Older exports have only asset events. */
enum {
    EV_ID, EV_TAG, EV_AT, EV_ACTOR, EV_TYPE, EV_FO, EV_TO, EV_FS, EV_TS, EV_FC, EV_TC,
    EV_DOC, EV_NOTE, EV_CHANGES, EV_CHECK, EV_PREV, EV_HASH, EV_ACT_DATE, EV_REVERTS,
    EV_STYPE, EV_SUBJECT, EV_SID
};

/* Stock checks, what each expected and every scan. Checks keep their
 * ids: events refer to them. */
static const col_spec CHECK_COLS[] = {
    {"id", C_INT}, {"office", C_TEXT}, {"recursive", C_BOOL}, {"started_at", C_TEXT},
    {"started_by", C_TEXT}, {"closed_at", C_TEXT}, {"closed_by", C_TEXT},
    {"applied", C_BOOL}, {"commission", C_TEXT}, {"scan_prefix", C_TEXT},
    {"scan_suffix", C_TEXT}, {"note", C_TEXT}, {"order", C_TEXT}, {"chair", C_TEXT},
    {"members", C_TEXT}, {"mol", C_TEXT}};
enum {
    CK_ID, CK_OFFICE, CK_RECURSIVE, CK_STARTED_AT, CK_STARTED_BY, CK_CLOSED_AT,
    CK_CLOSED_BY, CK_APPLIED, CK_COMMISSION, CK_PREFIX, CK_SUFFIX, CK_NOTE,
    CK_ORDER, CK_CHAIR, CK_MEMBERS, CK_MOL /* members: a JSON array's text */
};

static const col_spec EXPECTED_COLS[] = {{"check", C_INT}, {"tag", C_TEXT}, {"office", C_TEXT}};
enum { CE_CHECK, CE_TAG, CE_OFFICE };

static const col_spec SCAN_COLS[] = {
    {"id", C_INT}, {"check", C_INT}, {"raw", C_RAW}, {"code", C_RAW}, {"at", C_TEXT},
    {"operator", C_TEXT}, {"result", C_TEXT}, {"tag", C_TEXT}, {"office", C_TEXT}};
enum { CS_ID, CS_CHECK, CS_RAW, CS_CODE, CS_AT, CS_OPERATOR, CS_RESULT, CS_TAG, CS_OFFICE };

/* Documents (schema 5): what each showed (people, content: JSON text),
 * the history's head printed on it and the events it covers (a JSON
 * array of event numbers). Older exports have none. */
static const col_spec DOCUMENT_COLS[] = {
    {"number", C_TEXT}, {"type", C_TEXT}, {"date", C_TEXT}, {"created_at", C_TEXT},
    {"actor", C_TEXT}, {"people", C_TEXT}, {"content", C_TEXT}, {"head_id", C_INT},
    {"head_hash", C_TEXT}, {"events", C_TEXT}, {"id", C_INT}};
enum { DO_NUMBER, DO_TYPE, DO_DATE, DO_CREATED, DO_ACTOR, DO_PEOPLE, DO_CONTENT, DO_HEAD_ID,
       DO_HEAD_HASH, DO_EVENTS, DO_ID };

/* Users of a shared database (schema 8): their role, offices ("A,B",
 * codes) and whether active, with their number (events name them by
 * number and login). Older exports have none. */
static const col_spec USER_COLS[] = {{"id", C_INT}, {"login", C_TEXT}, {"role", C_TEXT},
                                     {"offices", C_TEXT}, {"active", C_BOOL}};
enum { US_ID, US_LOGIN, US_ROLE, US_OFFICES, US_ACTIVE };

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

static const section_spec SECTIONS[S_COUNT] = {
    {"offices", OFFICE_COLS, NCOLS(OFFICE_COLS),
     /* Tree order: a parent always comes before its children. */
     "WITH RECURSIVE t(id, path) AS (SELECT id, code FROM office WHERE parent_id IS NULL"
     "  UNION ALL SELECT o.id, t.path || char(1) || o.code FROM office o"
     "  JOIN t ON o.parent_id = t.id)"
     " SELECT o.code, o.name, o.kind, p.code, o.oblast, o.address, o.active, o.short_name"
     " FROM t JOIN office o ON o.id = t.id LEFT JOIN office p ON p.id = o.parent_id"
     " ORDER BY t.path"},
    {"kinds", KIND_COLS, NCOLS(KIND_COLS),
     "SELECT code, name, prefix, fields, next_no FROM asset_kind ORDER BY id"},
    {"funding", FUNDING_COLS, NCOLS(FUNDING_COLS),
     "SELECT code, title, programme, amount, currency, date_from, date_to, durable_until"
     " FROM funding ORDER BY code"},
    {"assets", ASSET_COLS, NCOLS(ASSET_COLS),
     "SELECT a.id, a.tag, k.code, a.make, a.model, a.serial, a.description, a.status,"
     " o.code, a.custodian, a.purchase_date, a.cost, a.currency, a.supplier, a.contract,"
     " f.code, a.warranty_end, a.attrs, a.last_seen, a.scan_code"
     " FROM asset a LEFT JOIN asset_kind k ON k.id = a.kind_id"
     " LEFT JOIN office o ON o.id = a.office_id LEFT JOIN funding f ON f.id = a.funding_id"
     " ORDER BY a.id"},
    {"events", EVENT_COLS, NCOLS(EVENT_COLS),
     "SELECT e.id, a.tag, e.at, e.actor, e.type, fo.code, tof.code, e.from_status,"
     " e.to_status, e.from_custodian, e.to_custodian, e.doc, e.note, e.changes,"
     " e.check_id, e.prev_hash, e.hash, e.act_date, e.reverts,"
     " nullif(e.subject_type, 'asset'), CASE e.subject_type"
     " WHEN 'office' THEN (SELECT code FROM office WHERE id = e.subject_id)"
     " WHEN 'kind' THEN (SELECT code FROM asset_kind WHERE id = e.subject_id)"
     " WHEN 'funding' THEN (SELECT code FROM funding WHERE id = e.subject_id)"
     " WHEN 'check' THEN CAST(e.subject_id AS TEXT)"
     " WHEN 'document' THEN (SELECT type || '/' || number FROM document WHERE id = e.subject_id)"
     " WHEN 'user' THEN (SELECT login FROM app_user WHERE id = e.subject_id)"
     " END, CASE WHEN e.subject_type IN ('check', 'document', 'user') THEN e.subject_id END"
     " FROM event e LEFT JOIN asset a ON a.id = e.asset_id"
     " LEFT JOIN office fo ON fo.id = e.from_office_id"
     " LEFT JOIN office tof ON tof.id = e.to_office_id ORDER BY e.id"},
    {"checks", CHECK_COLS, NCOLS(CHECK_COLS),
     "SELECT c.id, o.code, c.recursive, c.started_at, c.started_by, c.closed_at,"
     " c.closed_by, c.applied, c.commission, c.scan_prefix, c.scan_suffix, c.note,"
     " c.order_text, c.chair, c.members, c.mol"
     " FROM stock_check c LEFT JOIN office o ON o.id = c.office_id ORDER BY c.id"},
    {"check_expected", EXPECTED_COLS, NCOLS(EXPECTED_COLS),
     "SELECT x.check_id, a.tag, o.code FROM check_expected x"
     " LEFT JOIN asset a ON a.id = x.asset_id LEFT JOIN office o ON o.id = x.office_id"
     " ORDER BY x.check_id, x.asset_id"},
    {"check_scans", SCAN_COLS, NCOLS(SCAN_COLS),
     "SELECT s.id, s.check_id, s.raw, s.code, s.at, s.operator, s.result, a.tag, o.code"
     " FROM check_scan s LEFT JOIN asset a ON a.id = s.asset_id"
     " LEFT JOIN office o ON o.id = s.office_id ORDER BY s.id"},
    {"documents", DOCUMENT_COLS, NCOLS(DOCUMENT_COLS),
     "SELECT d.number, d.type, d.date, d.created_at, d.actor, d.people, d.content, d.head_id,"
     " d.head_hash, (SELECT json_group_array(event_id) FROM (SELECT event_id FROM"
     " document_event WHERE document_id = d.id ORDER BY event_id)), d.id"
     " FROM document d ORDER BY d.id"},
    {"users", USER_COLS, NCOLS(USER_COLS),
     "SELECT u.id, u.login, u.role, (SELECT group_concat(c, ',') FROM (SELECT o.code AS c"
     " FROM app_user_office x JOIN office o ON o.id = x.office_id WHERE x.user_id = u.id"
     " ORDER BY o.code)), u.active FROM app_user u ORDER BY u.id"},
};

/* ---- writing ---- */

/* A column that must never be NULL in a consistent database; NULL there
 * means a dangling reference (verify says more). */
static int col_required(int section, int col)
{
    switch (section) {
    case S_ASSETS: return col == AS_KIND || col == AS_TAG;
    case S_EVENTS: return col == EV_TAG;
    case S_CHECKS: return col == CK_OFFICE;
    case S_EXPECTED: return col == CE_TAG;
    default: return 0;
    }
}

/* s (n bytes) with every byte that is not part of a UTF-8 character,
 * and every NUL, replaced by U+FFFD. */
static void utf8_repair(const char *s, size_t n, sbuf *out)
{
    sbuf_reset(out);
    sbuf_addn(out, "", 0);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            sbuf_addc(out, (char)c);
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (c && len > 1 && i + len <= n && utf8_valid(s + i, len)) {
            sbuf_addn(out, s + i, len);
            i += len;
        } else {
            sbuf_add(out, "\xEF\xBF\xBD");
            i++;
        }
    }
}

static void csv_field(FILE *out, const char *s)
{
    int quote = *s == '[' || *s == '#' || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* Write one table. */
static inv_status write_section(inv_db *db, export_format fmt, FILE *out, int sec,
                                int64_t *rows, int64_t *done, int64_t total)
{
    const section_spec *s = &SECTIONS[sec];
    sqlite3_stmt *st = db_stmt(db, s->sql);
    if (!st) return db_error(db)->code;
    if (fmt == EXPORT_CSV) {
        fprintf(out, "[%s]\n", s->name);
        for (int i = 0; i < s->ncols; i++) {
            if (i) fputc(',', out);
            fputs(s->cols[i].key, out);
        }
        fputc('\n', out);
    } else {
        fprintf(out, ",\n\"%s\":[", s->name);
    }
    inv_status rc = INV_OK;
    int step;
    int64_t n = 0;
    sbuf fixed = {0};
    char *jbuf = NULL;
    size_t jcap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *obj = fmt == EXPORT_JSON ? json_object() : NULL;
        for (int i = 0; i < s->ncols && rc == INV_OK; i++) {
            int isnull = sqlite3_column_type(st, i) == SQLITE_NULL;
            /* An event about a subject that is not an asset has no tag, and
             * its subject's key instead. */
            int required = col_required(sec, i);
            if (sec == S_EVENTS && (i == EV_TAG || i == EV_SUBJECT))
                required = (i == EV_TAG) == (sqlite3_column_type(st, EV_STYPE) == SQLITE_NULL);
            if (isnull && required) {
                rc = db_fail(db, INV_ECORRUPT, _("%s, row %lld: %s refers to a missing row "
                                                 "(run 'inventar verify')"),
                             s->name, (long long)n + 1, s->cols[i].key);
                break;
            }
            const char *text = isnull ? "" : db_col_text(st, i);
            if (s->cols[i].type == C_RAW && !isnull) {
                utf8_repair((const char *)sqlite3_column_blob(st, i),
                            (size_t)sqlite3_column_bytes(st, i), &fixed);
                text = fixed.s;
            }
            if (fmt == EXPORT_CSV) {
                if (s->cols[i].type == C_TEXT && !utf8_valid(text, strlen(text))) {
                    rc = db_fail(db, INV_ECORRUPT, _("%s %s: %s is not valid UTF-8"), s->name,
                                 db_col_text(st, sec == S_ASSETS || sec == S_EVENTS ? 1 : 0),
                                 s->cols[i].key);
                    break;
                }
                if (i) fputc(',', out);
                if (!isnull) csv_field(out, text);
                continue;
            }
            json_t *v;
            if (isnull) v = json_null();
            else if (s->cols[i].type == C_INT) v = json_integer(sqlite3_column_int64(st, i));
            else if (s->cols[i].type == C_BOOL) v = json_boolean(sqlite3_column_int64(st, i));
            else v = json_string(text);
            if (!v) {
                rc = db_fail(db, INV_ECORRUPT, _("%s %s: %s is not valid UTF-8"), s->name,
                             db_col_text(st, sec == S_ASSETS || sec == S_EVENTS ? 1 : 0),
                             s->cols[i].key);
                break;
            }
            json_object_set_new(obj, s->cols[i].key, v);
        }
        if (rc == INV_OK) {
            if (fmt == EXPORT_CSV) {
                fputc('\n', out);
            } else {
                /* Into a reused buffer, then one write: much faster than
                 * letting jansson write each token to the stream. */
                size_t need = json_dumpb(obj, jbuf, jcap, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (need > jcap) {
                    free(jbuf);
                    jcap = need * 2;
                    if (!(jbuf = malloc(jcap))) abort();
                    need = json_dumpb(obj, jbuf, jcap, JSON_COMPACT | JSON_PRESERVE_ORDER);
                }
                fputs(n ? ",\n" : "\n", out);
                if (need == 0) rc = db_fail(db, INV_EIO, _("writing the export failed"));
                else fwrite(jbuf, 1, need, out);
            }
        }
        json_decref(obj);
        if (rc) break;
        n++;
        if ((++*done & 1023) == 0) db_progress(db, N_("Exporting"), *done, total);
        if (ferror(out)) {
            rc = db_fail(db, INV_EIO, _("writing the export failed: %s"), strerror(errno));
            break;
        }
    }
    if (rc == INV_OK && step != SQLITE_DONE) rc = db_fail_sqlite(db, _("reading for the export"));
    sqlite3_reset(st);
    sbuf_free(&fixed);
    free(jbuf);
    if (rc) return rc;
    if (fmt == EXPORT_CSV) fputc('\n', out);
    else fputs(n ? "\n]" : "]", out);
    *rows = n;
    return INV_OK;
}

inv_status export_write(inv_db *db, export_format fmt, FILE *out)
{
    inv_status rc = db_begin_read(db, DB_HERE);
    if (rc) return rc;
    if (fmt == EXPORT_CSV)
        fprintf(out, "%s,%d\n", CSV_MAGIC, EXPORT_VERSION);
    else
        fprintf(out, "{\"format\":\"%s\",\"version\":%d,\"schema\":%d", EXPORT_FORMAT,
                EXPORT_VERSION, db_schema_version(db));
    /* Every row of every section, for the progress line. */
    int64_t done = 0, total = 0;
    if (rc == INV_OK)
        rc = db_one_int(db, "SELECT (SELECT count(*) FROM office) + (SELECT count(*) FROM"
                            " asset_kind) + (SELECT count(*) FROM funding) + (SELECT count(*)"
                            " FROM asset) + (SELECT count(*) FROM event) + (SELECT count(*)"
                            " FROM stock_check) + (SELECT count(*) FROM check_expected) +"
                            " (SELECT count(*) FROM check_scan) + (SELECT count(*) FROM"
                            " document)", &total);
    for (int s = 0; s < S_COUNT && rc == INV_OK; s++) {
        int64_t n = 0;
        rc = write_section(db, fmt, out, s, &n, &done, total);
        if (rc == INV_OK && s == S_OFFICES) {
            /* Offices not reached from a root sit in a cycle: they would
             * silently be left out. */
            sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM office");
            if (!st) {
                rc = db_error(db)->code;
            } else {
                int64_t all = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
                sqlite3_reset(st);
                if (all != n)
                    rc = db_fail(db, INV_ECORRUPT, _("the offices do not form a tree (run "
                                                     "'inventar verify')"));
            }
        }
    }
    inv_status c = db_commit(db);
    db_progress(db, N_("Exporting"), total, total);
    if (rc) return rc;
    if (c) return c;
    if (fmt == EXPORT_CSV) fprintf(out, "%s\n", CSV_END);
    else fputs("}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return db_fail(db, INV_EIO, _("writing the export failed: %s"), strerror(errno));
    return INV_OK;
}

/* ---- recognising an export ---- */

int export_sniff(const char *path, inv_err *err)
{
    FILE *fp = priv_fopen_user(path, "rbe");
    if (!fp) {
        inv_fail(err, INV_EIO, "%s: %s", path, strerror(errno));
        return -1;
    }
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        inv_fail(err, INV_EIO, _("%s: cannot read it"), path);
        return -1;
    }
    buf[n] = '\0';
    const char *p = buf;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    if (strncmp(p, CSV_MAGIC ",", strlen(CSV_MAGIC) + 1) == 0) return 1;
    /* JSON: {"format" : "inventar-export" with any white space. */
    static const char *const seq[] = {"{", "\"format\"", ":", "\"" EXPORT_FORMAT "\""};
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        size_t l = strlen(seq[i]);
        if (strncmp(p, seq[i], l) != 0) return 0;
        p += l;
    }
    return 1;
}

/* ---- restoring: the rows ---- */

/* A sorted map from codes to ids. */
typedef struct code_ent {
    char *code;
    int64_t id;
} code_ent;

typedef struct code_map {
    code_ent *e;
    size_t n, cap;
} code_map;

static size_t cm_pos(const code_map *m, const char *code, int *found)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->e[mid].code, code);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *found = 0;
    return lo;
}

/* Add code -> id; returns -1 when code is already there. */
static int cm_add(code_map *m, const char *code, int64_t id)
{
    int found;
    size_t at = cm_pos(m, code, &found);
    if (found) return -1;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->e = realloc(m->e, m->cap * sizeof *m->e);
        if (!m->e) abort();
    }
    memmove(m->e + at + 1, m->e + at, (m->n - at) * sizeof *m->e);
    m->e[at].code = strdup(code);
    if (!m->e[at].code) abort();
    m->e[at].id = id;
    m->n++;
    return 0;
}

/* The id of code, or 0. */
static int64_t cm_find(const code_map *m, const char *code)
{
    int found;
    size_t at = cm_pos(m, code, &found);
    return found ? m->e[at].id : 0;
}

static void cm_free(code_map *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->e[i].code);
    free(m->e);
    memset(m, 0, sizeof *m);
}

/* One row as read from either format: v[i] is column i of the section's
 * spec, NULL for null (JSON null, a missing key, an empty CSV field). */
typedef struct row {
    const char *v[NCOL_MAX];
    char num[NCOL_MAX][24]; /* JSON numbers as text */
    int64_t line;           /* where the row starts in the file */
} row;

typedef struct restore {
    inv_db *db;
    const char *path;
    int64_t line;            /* for messages */
    int section;             /* the current section, -1 before the first */
    int seen[S_COUNT];
    code_map offices, kinds, funding;
    char prev_hash[65];      /* the hash the next event must follow */
    inv_bulk *bulk;          /* the load's dropped indexes, until check_restored */
    char last_tag[INV_TAG_MAX + 1]; /* a one-entry cache of tag -> asset id */
    int64_t last_asset;
    inv_event *ev;           /* scratch for put_event (it is large) */
    struct closing {         /* checks to close once their scans are in */
        int64_t id;
        char at[INV_TIME_MAX], by[128];
    } *closing;
    size_t nclosing;
    int64_t staged;          /* assets waiting in temp.restore_asset */
    FILE *fp;                /* the export being read, and its size */
    int64_t size, nrows;     /* ... and the rows read (progress) */
} restore;

/* Fail naming the file and line. */
static inv_status rfail(restore *r, inv_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inv_status rfail(restore *r, inv_status code, const char *fmt, ...)
{
    char msg[INV_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->line > 0)
        return db_fail(r->db, code, "%s:%lld: %s", r->path, (long long)r->line, msg);
    return db_fail(r->db, code, "%s: %s", r->path, msg);
}

/* Re-raise the message a core call left on the handle with the place. */
static inv_status rfail_db(restore *r, inv_status code)
{
    char msg[INV_ERR_MAX];
    str_copy(msg, sizeof msg, db_errmsg(r->db));
    return rfail(r, code, "%s", msg);
}

static const char *T(const row *w, int i) { return w->v[i] ? w->v[i] : ""; }
static const char *N(const row *w, int i) { return w->v[i] && *w->v[i] ? w->v[i] : NULL; }

static int parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

/* Copy a text column into a fixed field, refusing what does not fit. */
static inv_status fit(restore *r, const row *w, int col, const char *name, char *dst,
                      size_t n)
{
    if (str_copy(dst, n, T(w, col)) != 0)
        return rfail(r, INV_EINVAL, _("%s: %s is too long (%zu characters; at most %zu "
                                      "bytes of UTF-8)"),
                     T(w, 0), name, utf8_chars(T(w, col)), n - 1);
    return INV_OK;
}

static inv_status put_office(restore *r, const row *w)
{
    inv_office o;
    memset(&o, 0, sizeof o);
    inv_status rc;
    if (!N(w, OF_CODE)) return rfail(r, INV_EINVAL, _("an office without a code"));
    if ((rc = fit(r, w, OF_CODE, "code", o.code, sizeof o.code)) ||
        (rc = fit(r, w, OF_NAME, "name", o.name, sizeof o.name)) ||
        (rc = fit(r, w, OF_SHORT, "short_name", o.short_name, sizeof o.short_name)) ||
        (rc = fit(r, w, OF_KIND, "kind", o.kind, sizeof o.kind)) ||
        (rc = fit(r, w, OF_OBLAST, "oblast", o.oblast, sizeof o.oblast)) ||
        (rc = fit(r, w, OF_ADDRESS, "address", o.address, sizeof o.address)))
        return rc;
    if (N(w, OF_PARENT)) {
        if (!cm_find(&r->offices, T(w, OF_PARENT)))
            return rfail(r, INV_EINVAL, _("office %s: its parent %s does not come before it "
                                          "in the export"), o.code, T(w, OF_PARENT));
        if ((rc = fit(r, w, OF_PARENT, "parent", o.parent_code, sizeof o.parent_code)))
            return rc;
    }
    int64_t active = 1;
    if (w->v[OF_ACTIVE] && (parse_i64(w->v[OF_ACTIVE], &active) || active < 0 || active > 1))
        return rfail(r, INV_EINVAL, _("office %s: active must be 1 or 0"), o.code);
    if (cm_find(&r->offices, o.code))
        return rfail(r, INV_EEXIST, _("office %s comes twice"), o.code);
    if ((rc = office_add(r->db, &o)) != INV_OK) return rfail_db(r, rc);
    if (!active) {
        sqlite3_stmt *st = db_stmt(r->db, "UPDATE office SET active = 0 WHERE id = :id");
        if (!st) return rfail_db(r, db_error(r->db)->code);
        db_bind_int(st, ":id", o.id);
        if ((rc = db_exec_stmt(r->db, st, o.code)) != INV_OK) return rfail_db(r, rc);
    }
    cm_add(&r->offices, o.code, o.id);
    return INV_OK;
}

static inv_status put_kind(restore *r, const row *w)
{
    inv_kind k;
    memset(&k, 0, sizeof k);
    inv_status rc;
    if (!N(w, KI_CODE)) return rfail(r, INV_EINVAL, _("an asset kind without a code"));
    if ((rc = fit(r, w, KI_CODE, "code", k.code, sizeof k.code)) ||
        (rc = fit(r, w, KI_NAME, "name", k.name, sizeof k.name)) ||
        (rc = fit(r, w, KI_PREFIX, "prefix", k.prefix, sizeof k.prefix)) ||
        (rc = fit(r, w, KI_FIELDS, "fields", k.fields, sizeof k.fields)))
        return rc;
    int64_t next = 1;
    if (w->v[KI_NEXT] && (parse_i64(w->v[KI_NEXT], &next) || next < 1))
        return rfail(r, INV_EINVAL, _("kind %s: next_no must be a positive number"), k.code);
    if (cm_find(&r->kinds, k.code))
        return rfail(r, INV_EEXIST, _("asset kind %s comes twice"), k.code);
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id FROM asset_kind WHERE code = :c");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_text(st, ":c", k.code);
    int step = sqlite3_step(st);
    int64_t id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rfail_db(r, db_fail_sqlite(r->db, k.code));
    if (!id) {
        /* A kind the user added: through kind_add, which checks it. */
        if ((rc = kind_add(r->db, &k)) != INV_OK) return rfail_db(r, rc);
        id = k.id;
    }
    /* Built-in kinds exist from the first migration; make both match the
     * export exactly, counter included. */
    st = db_stmt(r->db, "UPDATE asset_kind SET name = :n, prefix = :p, fields = :f,"
                        " next_no = :next WHERE id = :id");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_text(st, ":n", k.name);
    db_bind_text(st, ":p", k.prefix);
    db_bind_text(st, ":f", k.fields);
    db_bind_int(st, ":next", next);
    db_bind_int(st, ":id", id);
    if ((rc = db_exec_stmt(r->db, st, k.code)) != INV_OK) return rfail_db(r, rc);
    cm_add(&r->kinds, k.code, id);
    return INV_OK;
}

static inv_status put_funding(restore *r, const row *w)
{
    inv_funding f;
    memset(&f, 0, sizeof f);
    inv_status rc;
    if (!N(w, FU_CODE)) return rfail(r, INV_EINVAL, _("a funding project without a code"));
    if ((rc = fit(r, w, FU_CODE, "code", f.code, sizeof f.code)) ||
        (rc = fit(r, w, FU_TITLE, "title", f.title, sizeof f.title)) ||
        (rc = fit(r, w, FU_PROGRAMME, "programme", f.programme, sizeof f.programme)) ||
        (rc = fit(r, w, FU_CURRENCY, "currency", f.currency, sizeof f.currency)) ||
        (rc = fit(r, w, FU_FROM, "date_from", f.date_from, sizeof f.date_from)) ||
        (rc = fit(r, w, FU_TO, "date_to", f.date_to, sizeof f.date_to)) ||
        (rc = fit(r, w, FU_DURABLE, "durable_until", f.durable_until, sizeof f.durable_until)))
        return rc;
    if (w->v[FU_AMOUNT]) {
        if (parse_i64(w->v[FU_AMOUNT], &f.amount) || f.amount < 0)
            return rfail(r, INV_EINVAL, _("funding %s: the amount must be a whole number of "
                                          "cents/stotinki"), f.code);
        f.has_amount = 1;
    }
    if (cm_find(&r->funding, f.code))
        return rfail(r, INV_EEXIST, _("funding project %s comes twice"), f.code);
    if ((rc = funding_add(r->db, &f)) != INV_OK) return rfail_db(r, rc);
    cm_add(&r->funding, f.code, f.id);
    return INV_OK;
}

/* Run an INSERT of a restored row; a refusal names what and why. */
static inv_status insert_row(restore *r, sqlite3_stmt *st, const char *what)
{
    if (sqlite3_step(st) == SQLITE_DONE) {
        sqlite3_reset(st);
        return INV_OK;
    }
    char msg[512];
    str_copy(msg, sizeof msg, sqlite3_errmsg(db_sqlite(r->db)));
    sqlite3_reset(st);
    /* TRANSLATORS: %1$s names the row ("stock check 3", an asset's
     * inventory number), %2$s is the database's reason (English). */
    return rfail(r, INV_EINVAL, _("%1$s: cannot be stored: %2$s"), what, msg);
}

#define ASSET_STAGE_COLS                                                          \
    "id, tag, kind_id, make, model, serial, description, status, office_id, custodian," \
    " purchase_date, cost, currency, supplier, contract, funding_id, warranty_end, attrs," \
    " last_seen, scan_code, tag_key"

/* Move the staged assets into asset. When the batch is refused (a tag
 * or serial used twice, say), redo it row by row to name the row. */
static inv_status flush_assets(restore *r)
{
    if (r->staged == 0) return INV_OK;
    inv_db *db = r->db;
    inv_status rc = db_exec(db, "SAVEPOINT restore_flush");
    if (rc) return rfail_db(r, rc);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO asset(" ASSET_STAGE_COLS ") SELECT "
                                   ASSET_STAGE_COLS " FROM temp.restore_asset ORDER BY rowid");
    if (!st) return rfail_db(r, db_error(db)->code);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        db_exec(db, "ROLLBACK TO restore_flush");
        sqlite3_stmt *q = db_stmt(db, "SELECT rowid, line, tag FROM temp.restore_asset"
                                      " ORDER BY rowid");
        sqlite3_stmt *one = db_stmt(db, "INSERT INTO asset(" ASSET_STAGE_COLS ") SELECT "
                                        ASSET_STAGE_COLS " FROM temp.restore_asset"
                                        " WHERE rowid = :r");
        rc = INV_EDB;
        while (q && one && sqlite3_step(q) == SQLITE_ROW) {
            db_bind_int(one, ":r", sqlite3_column_int64(q, 0));
            r->line = sqlite3_column_int64(q, 1);
            char tag[INV_TAG_MAX + 1];
            str_copy(tag, sizeof tag, db_col_text(q, 2));
            if ((rc = insert_row(r, one, tag)) != INV_OK) break;
        }
        if (q) sqlite3_reset(q);
        if (rc == INV_OK || rc == INV_EDB)
            rc = rfail(r, INV_EDB, _("assets cannot be stored: %s"),
                       sqlite3_errmsg(db_sqlite(db)));
        db_exec(db, "ROLLBACK TO restore_flush");
        db_exec(db, "RELEASE restore_flush");
        return rc;
    }
    r->staged = 0;
    rc = db_exec(db, "DELETE FROM temp.restore_asset");
    if (!rc) rc = db_exec(db, "RELEASE restore_flush");
    return rc ? rfail_db(r, rc) : INV_OK;
}

/* 1 when s is one of the asset status codes. */
static int status_valid(const char *s)
{
#define ST_X(code, label) if (strcmp(s, code) == 0) return 1;
    ASSET_STATUS_LIST(ST_X)
#undef ST_X
    return 0;
}

static inv_status put_asset(restore *r, const row *w)
{
    inv_db *db = r->db;
    const char *tag = T(w, AS_TAG);
    char scan[INV_TAG_MAX + 1], key[INV_TAG_MAX + 1];
    if (!*tag || strlen(tag) > INV_TAG_MAX || asset_tag_codes(tag, scan, key) != 0)
        return rfail(r, INV_EINVAL, _("an asset without a valid tag ('%s')"), tag);
    /* The scan code follows from the tag; an export that says otherwise
     * was edited (an older export has none). */
    if (N(w, AS_SCAN) && strcmp(T(w, AS_SCAN), scan) != 0)
        return rfail(r, INV_EINVAL, _("asset %s: scan code '%s' is not the tag's (%s)"), tag,
                     T(w, AS_SCAN), scan);
    /* Text in characters (limits.h), as asset add checks it; the rest
     * (attributes, dates) in bytes, the room the program has for them. */
    static const struct { int col; size_t max; int chars; const char *name; } lim[] = {
        {AS_MAKE, INV_TEXT_CHARS, 1, "make"}, {AS_MODEL, INV_TEXT_CHARS, 1, "model"},
        {AS_SERIAL, INV_TEXT_CHARS, 1, "serial"}, {AS_DESCR, INV_LONG_CHARS, 1, "description"},
        {AS_CUST, INV_TEXT_CHARS, 1, "custodian"}, {AS_SUPPLIER, INV_LONG_CHARS, 1, "supplier"},
        {AS_CONTRACT, INV_TEXT_CHARS, 1, "contract"}, {AS_ATTRS, INV_ATTRS_MAX, 0, "attrs"},
        {AS_PDATE, INV_DATE_MAX - 1, 0, "purchase_date"},
        {AS_WARRANTY, INV_DATE_MAX - 1, 0, "warranty_end"},
        {AS_SEEN, INV_TIME_MAX - 1, 0, "last_seen"}};
    for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
        const char *v = T(w, lim[i].col);
        if (!lim[i].chars && strlen(v) > lim[i].max)
            return rfail(r, INV_EINVAL, _("asset %s: %s is too long (%zu characters; at most "
                                          "%zu bytes of UTF-8)"), tag,
                         lim[i].name, utf8_chars(v), lim[i].max);
        if (lim[i].chars && utf8_chars(v) > lim[i].max)
            /* TRANSLATORS: %1$s is an asset's tag, %2$s a field's key ("model"). */
            return rfail(r, INV_EINVAL, _("asset %1$s: %2$s is too long (%3$zu characters, at "
                                          "most %4$zu)"), tag,
                         lim[i].name, utf8_chars(v), lim[i].max);
    }
    int64_t kind = cm_find(&r->kinds, T(w, AS_KIND));
    if (!kind)
        return rfail(r, INV_ENOTFOUND, _("asset %s: kind '%s' is not in the export"), tag,
                     T(w, AS_KIND));
    int64_t office = 0, funding = 0, id = 0, cost = 0;
    if (N(w, AS_OFFICE) && !(office = cm_find(&r->offices, T(w, AS_OFFICE))))
        return rfail(r, INV_ENOTFOUND, _("asset %s: office '%s' is not in the export"), tag,
                     T(w, AS_OFFICE));
    if (N(w, AS_FUNDING) && !(funding = cm_find(&r->funding, T(w, AS_FUNDING))))
        return rfail(r, INV_ENOTFOUND, _("asset %s: funding project '%s' is not in the "
                                         "export"), tag, T(w, AS_FUNDING));
    if (!status_valid(T(w, AS_STATUS)))
        return rfail(r, INV_EINVAL, _("asset %s: unknown status '%s'"), tag, T(w, AS_STATUS));
    if (w->v[AS_ID] && (parse_i64(w->v[AS_ID], &id) || id < 1))
        return rfail(r, INV_EINVAL, _("asset %s: id must be a positive number"), tag);
    if (w->v[AS_COST] && (parse_i64(w->v[AS_COST], &cost) || cost < 0))
        return rfail(r, INV_EINVAL, _("asset %s: the cost must be a whole number of "
                                      "cents/stotinki"), tag);
    /* Staged, then moved into asset a batch at a time: the search index
     * is written once per statement, which row by row costs most of a
     * restore. */
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO temp.restore_asset(line, id, tag, kind_id, make, model, serial,"
        " description, status, office_id, custodian, purchase_date, cost, currency,"
        " supplier, contract, funding_id, warranty_end, attrs, last_seen, scan_code, tag_key)"
        " VALUES(:line, :id, :tag, :kind, :make, :model, :serial, :descr, :status, :office,"
        " :cust, :pdate, :cost, :cur, :supplier, :contract, :funding, :warranty, :attrs,"
        " :seen, :scan, :key)");
    if (!st) return rfail_db(r, db_error(db)->code);
    db_bind_int(st, ":line", r->line);
    if (id) db_bind_int(st, ":id", id);
    db_bind_text(st, ":tag", tag);
    db_bind_int(st, ":kind", kind);
    db_bind_text(st, ":make", T(w, AS_MAKE));
    db_bind_text(st, ":model", T(w, AS_MODEL));
    db_bind_text(st, ":serial", w->v[AS_SERIAL]);
    db_bind_text(st, ":descr", T(w, AS_DESCR));
    db_bind_text(st, ":status", T(w, AS_STATUS));
    if (office) db_bind_int(st, ":office", office);
    db_bind_text(st, ":cust", T(w, AS_CUST));
    db_bind_text(st, ":pdate", w->v[AS_PDATE]);
    if (w->v[AS_COST]) db_bind_int(st, ":cost", cost);
    db_bind_text(st, ":cur", w->v[AS_CURRENCY]);
    db_bind_text(st, ":supplier", T(w, AS_SUPPLIER));
    db_bind_text(st, ":contract", T(w, AS_CONTRACT));
    if (funding) db_bind_int(st, ":funding", funding);
    db_bind_text(st, ":warranty", w->v[AS_WARRANTY]);
    db_bind_text(st, ":attrs", N(w, AS_ATTRS) ? T(w, AS_ATTRS) : "{}");
    db_bind_text(st, ":seen", w->v[AS_SEEN]);
    db_bind_text(st, ":scan", scan);
    db_bind_text(st, ":key", key);
    inv_status rc = insert_row(r, st, tag);
    if (rc) return rc;
    if (++r->staged >= ASSET_BATCH) return flush_assets(r);
    return INV_OK;
}

/* The id of the asset with this tag, or 0. */
static int64_t asset_id_of(restore *r, const char *tag)
{
    if (r->last_asset && strcmp(r->last_tag, tag) == 0) return r->last_asset;
    sqlite3_stmt *st = db_stmt(r->db, "SELECT id FROM asset WHERE tag = :t");
    if (!st) return 0;
    db_bind_text(st, ":t", tag);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (id && str_copy(r->last_tag, sizeof r->last_tag, tag) == 0) r->last_asset = id;
    return id;
}

#define EVF(field) sizeof(((inv_event *)0)->field)

static inv_status put_event(restore *r, const row *w, inv_event *ev)
{
    const char *eid = T(w, EV_ID);
    const char *tag = T(w, EV_TAG);
    memset(ev, 0, sizeof *ev);
    if (N(w, EV_STYPE)) {
        /* An event about an office, kind, funding project, stock check
         * or document (schema 7). */
        const char *stype = T(w, EV_STYPE), *key = T(w, EV_SUBJECT);
        int64_t sid = 0;
        if (!strcmp(stype, "office")) sid = cm_find(&r->offices, key);
        else if (!strcmp(stype, "kind")) sid = cm_find(&r->kinds, key);
        else if (!strcmp(stype, "funding")) sid = cm_find(&r->funding, key);
        else if ((!strcmp(stype, "check") || !strcmp(stype, "document") ||
                  !strcmp(stype, "user")) && w->v[EV_SID])
            parse_i64(w->v[EV_SID], &sid);
        if (sid <= 0 || str_copy(ev->subject_type, sizeof ev->subject_type, stype) != 0 ||
            str_copy(ev->subject_key, sizeof ev->subject_key, key) != 0)
            /* TRANSLATORS: %2$s is a kind of subject (office, kind,
             * funding, check, document), %3$s its code or number. */
            return rfail(r, INV_ENOTFOUND, _("event %1$s: its subject %2$s '%3$s' is not in "
                                             "the export"), eid, stype, key);
        ev->subject_id = sid;
        tag = key;
    } else if (!(ev->asset_id = asset_id_of(r, tag)))
        return rfail(r, INV_ENOTFOUND, _("event %s: asset '%s' is not in the export"), eid, tag);
    int subject = N(w, EV_STYPE) != NULL;
    if (!N(w, EV_AT) || !N(w, EV_ACTOR) || !N(w, EV_TYPE) || (!subject && !N(w, EV_TS)) ||
        !N(w, EV_HASH))
        return rfail(r, INV_EINVAL, _("event %s (asset %s): at, actor, type, to_status and "
                                      "hash are required"), eid, tag);
    static const struct { int col; size_t off, size; const char *name; } f[] = {
        {EV_TAG, offsetof(inv_event, tag), EVF(tag), "tag"},
        {EV_AT, offsetof(inv_event, at), EVF(at), "at"},
        {EV_ACTOR, offsetof(inv_event, actor), EVF(actor), "actor"},
        {EV_TYPE, offsetof(inv_event, type), EVF(type), "type"},
        {EV_FO, offsetof(inv_event, from_office), EVF(from_office), "from_office"},
        {EV_TO, offsetof(inv_event, to_office), EVF(to_office), "to_office"},
        {EV_FS, offsetof(inv_event, from_status), EVF(from_status), "from_status"},
        {EV_TS, offsetof(inv_event, to_status), EVF(to_status), "to_status"},
        {EV_FC, offsetof(inv_event, from_custodian), EVF(from_custodian),
         "from_custodian"},
        {EV_TC, offsetof(inv_event, to_custodian), EVF(to_custodian), "to_custodian"},
        {EV_DOC, offsetof(inv_event, doc), EVF(doc), "doc"},
        {EV_NOTE, offsetof(inv_event, note), EVF(note), "note"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (str_copy((char *)ev + f[i].off, f[i].size, T(w, f[i].col)) != 0)
            return rfail(r, INV_EINVAL, _("event %s (asset %s): %s is too long"), eid, tag,
                         f[i].name);
    if ((!subject && !status_valid(ev->to_status)) ||
        (N(w, EV_FS) && !status_valid(ev->from_status)))
        return rfail(r, INV_EINVAL, _("event %s (asset %s): unknown status"), eid, tag);
    ev->has_from = N(w, EV_FS) != NULL;
    if (ev->from_office[0] && !(ev->from_office_id = cm_find(&r->offices, ev->from_office)))
        return rfail(r, INV_ENOTFOUND, _("event %s (asset %s): office '%s' is not in the "
                                         "export"), eid, tag, ev->from_office);
    if (ev->to_office[0] && !(ev->to_office_id = cm_find(&r->offices, ev->to_office)))
        return rfail(r, INV_ENOTFOUND, _("event %s (asset %s): office '%s' is not in the "
                                         "export"), eid, tag, ev->to_office);
    if (w->v[EV_CHECK] && (parse_i64(w->v[EV_CHECK], &ev->check_id) || ev->check_id < 0))
        return rfail(r, INV_EINVAL, _("event %s (asset %s): check_id must be a number"), eid,
                     tag);
    ev->changes = (char *)N(w, EV_CHANGES);
    char iso[INV_DATE_MAX];
    if (N(w, EV_ACT_DATE) && (date_parse(T(w, EV_ACT_DATE), iso) != 0 ||
                              strcmp(iso, T(w, EV_ACT_DATE)) != 0))
        return rfail(r, INV_EINVAL, _("event %s (asset %s): act_date '%s' is not a date "
                                      "(YYYY-MM-DD)"), eid, tag, T(w, EV_ACT_DATE));
    if (N(w, EV_ACT_DATE)) memcpy(ev->act_date, iso, sizeof iso);
    int64_t self = 0;
    if (w->v[EV_REVERTS] &&
        (parse_i64(w->v[EV_REVERTS], &ev->reverts) || parse_i64(eid, &self) ||
         ev->reverts <= 0 || ev->reverts >= self))
        return rfail(r, INV_EINVAL, _("event %s (asset %s): reverts must be the number of an "
                                      "earlier event"), eid, tag);
    /* The chain as the export has it must continue the one restored so far. */
    if (strcmp(T(w, EV_PREV), r->prev_hash) != 0)
        return rfail(r, INV_ECORRUPT, _("event %s (asset %s, %s): does not follow the event "
                                        "before it (events were removed, reordered or "
                                        "altered)"), eid, tag, ev->at);
    inv_status rc = event_append(r->db, ev);
    if (rc) return rfail_db(r, rc);
    if (strcmp(ev->hash, T(w, EV_HASH)) != 0)
        return rfail(r, INV_ECORRUPT, _("event %s (asset %s, %s): hash does not match its "
                                        "content (the export was altered)"), eid, tag, ev->at);
    memcpy(r->prev_hash, ev->hash, 65);
    return INV_OK;
}

/* Bind text, or NULL when the column is null. */
static void bind_col(sqlite3_stmt *st, const char *name, const row *w, int col)
{
    db_bind_text(st, name, w->v[col]);
}

/* A restored office or asset reference: 0 for none, -1 (after the
 * message) for one that the export does not have. */
static int64_t ref_office(restore *r, const row *w, int col, const char *what)
{
    if (!N(w, col)) return 0;
    int64_t id = cm_find(&r->offices, T(w, col));
    if (!id) rfail(r, INV_ENOTFOUND, _("%s: office '%s' is not in the export"), what, T(w, col));
    return id ? id : -1;
}

static int64_t ref_asset(restore *r, const row *w, int col, const char *what)
{
    if (!N(w, col)) return 0;
    int64_t id = asset_id_of(r, T(w, col));
    if (!id) rfail(r, INV_ENOTFOUND, _("%s: asset '%s' is not in the export"), what, T(w, col));
    return id ? id : -1;
}

/* Refuse a column longer than the program reads back (what is the
 * row, for the message). */
static inv_status check_lengths(restore *r, const row *w, const char *what,
                                const int *cols, const size_t *max, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(T(w, cols[i])) > max[i])
            return rfail(r, INV_EINVAL, _("%s: %s is too long (%zu characters; at most %zu "
                                          "bytes of UTF-8)"), what,
                         SECTIONS[r->section].cols[cols[i]].key, utf8_chars(T(w, cols[i])),
                         max[i]);
    return INV_OK;
}

static inv_status put_check(restore *r, const row *w)
{
    int64_t id = 0, rec = 0, applied = 0;
    char what[64];
    snprintf(what, sizeof what, _("stock check %s"), T(w, CK_ID));
    if (parse_i64(w->v[CK_ID], &id) || id < 1)
        return rfail(r, INV_EINVAL, _("a stock check without a valid id"));
    if ((w->v[CK_RECURSIVE] && parse_i64(w->v[CK_RECURSIVE], &rec)) ||
        (w->v[CK_APPLIED] && parse_i64(w->v[CK_APPLIED], &applied)))
        return rfail(r, INV_EINVAL, _("%s: recursive and applied are 1 or 0"), what);
    static const int cols[] = {CK_STARTED_AT, CK_STARTED_BY, CK_CLOSED_AT, CK_CLOSED_BY,
                               CK_COMMISSION, CK_PREFIX, CK_SUFFIX, CK_NOTE, CK_ORDER,
                               CK_CHAIR, CK_MEMBERS, CK_MOL};
    static const size_t max[] = {INV_TIME_MAX - 1, 127, INV_TIME_MAX - 1, 127,
                                 INV_LONG_MAX, 32, 32, INV_LONG_MAX, INV_LONG_MAX,
                                 INV_TEXT_MAX, CHECK_MEMBERS_MAX * (INV_TEXT_MAX + 8),
                                 INV_TEXT_MAX};
    inv_status rc = check_lengths(r, w, what, cols, max, NCOLS(cols));
    if (rc) return rc;
    int64_t office = ref_office(r, w, CK_OFFICE, what);
    if (office < 0) return db_error(r->db)->code;
    /* Scans cannot be added to a closed check: close it at the end. */
    if (N(w, CK_CLOSED_AT)) {
        r->closing = realloc(r->closing, (r->nclosing + 1) * sizeof *r->closing);
        if (!r->closing) abort();
        struct closing *c = &r->closing[r->nclosing++];
        c->id = id;
        str_copy(c->at, sizeof c->at, T(w, CK_CLOSED_AT));
        str_copy(c->by, sizeof c->by, T(w, CK_CLOSED_BY));
    }
    sqlite3_stmt *st = db_stmt(r->db,
        "INSERT INTO stock_check(id, office_id, recursive, started_at, started_by,"
        " applied, commission, scan_prefix, scan_suffix, note, order_text, chair, members,"
        " mol) VALUES(:id, :office, :rec, :sa, :sb, :applied, :comm, :pre, :suf, :note, :ord,"
        " :chair, :mem, :mol)");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_int(st, ":id", id);
    if (office) db_bind_int(st, ":office", office);
    db_bind_int(st, ":rec", rec);
    bind_col(st, ":sa", w, CK_STARTED_AT);
    bind_col(st, ":sb", w, CK_STARTED_BY);
    db_bind_int(st, ":applied", applied);
    db_bind_text(st, ":comm", T(w, CK_COMMISSION));
    db_bind_text(st, ":pre", T(w, CK_PREFIX));
    db_bind_text(st, ":suf", T(w, CK_SUFFIX));
    db_bind_text(st, ":note", T(w, CK_NOTE));
    db_bind_text(st, ":ord", T(w, CK_ORDER));
    db_bind_text(st, ":chair", T(w, CK_CHAIR));
    db_bind_text(st, ":mem", N(w, CK_MEMBERS) ? T(w, CK_MEMBERS) : "[]"); /* older exports */
    db_bind_text(st, ":mol", T(w, CK_MOL));
    return insert_row(r, st, what);
}

static inv_status put_expected(restore *r, const row *w)
{
    char what[96];
    /* TRANSLATORS: names a row of an export in messages: %1$s is the
     * asset's inventory number, %2$s the stock check's id. */
    snprintf(what, sizeof what, _("the expected asset %1$s of stock check %2$s"),
             T(w, CE_TAG), T(w, CE_CHECK));
    int64_t check;
    if (parse_i64(w->v[CE_CHECK], &check))
        return rfail(r, INV_EINVAL, _("%s: no check id"), what);
    int64_t asset = ref_asset(r, w, CE_TAG, what), office;
    if (asset < 0 || (office = ref_office(r, w, CE_OFFICE, what)) < 0)
        return db_error(r->db)->code;
    sqlite3_stmt *st = db_stmt(r->db, "INSERT INTO check_expected(check_id, asset_id,"
                                      " office_id) VALUES(:c, :a, :o)");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_int(st, ":c", check);
    if (asset) db_bind_int(st, ":a", asset);
    if (office) db_bind_int(st, ":o", office);
    return insert_row(r, st, what);
}

static inv_status put_scan(restore *r, const row *w)
{
    char what[64];
    /* TRANSLATORS: names a row of an export in messages: %s is the scan's
     * id. */
    snprintf(what, sizeof what, _("scan %s"), T(w, CS_ID));
    int64_t id, check;
    if (parse_i64(w->v[CS_ID], &id) || parse_i64(w->v[CS_CHECK], &check))
        return rfail(r, INV_EINVAL, _("%s: id and check must be numbers"), what);
    static const int cols[] = {CS_RAW, CS_CODE, CS_AT, CS_OPERATOR, CS_RESULT};
    /* raw and code may have grown: U+FFFD takes 3 bytes for 1 */
    static const size_t max[] = {1024 * 3, CHECK_CODE_MAX * 3, INV_TIME_MAX - 1, 127, 11};
    inv_status rc = check_lengths(r, w, what, cols, max, NCOLS(cols));
    if (rc) return rc;
    int64_t asset = ref_asset(r, w, CS_TAG, what), office;
    if (asset < 0 || (office = ref_office(r, w, CS_OFFICE, what)) < 0)
        return db_error(r->db)->code;
    sqlite3_stmt *st = db_stmt(r->db,
        "INSERT INTO check_scan(id, check_id, raw, code, at, operator, result, asset_id,"
        " office_id) VALUES(:id, :c, :raw, :code, :at, :op, :res, :a, :o)");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_int(st, ":id", id);
    db_bind_int(st, ":c", check);
    bind_col(st, ":raw", w, CS_RAW);
    bind_col(st, ":code", w, CS_CODE);
    bind_col(st, ":at", w, CS_AT);
    bind_col(st, ":op", w, CS_OPERATOR);
    bind_col(st, ":res", w, CS_RESULT);
    if (asset) db_bind_int(st, ":a", asset);
    if (office) db_bind_int(st, ":o", office);
    return insert_row(r, st, what);
}

static inv_status put_document(restore *r, const row *w)
{
    char what[320];
    snprintf(what, sizeof what, _("document %s"), T(w, DO_NUMBER));
    if (!document_type_valid(T(w, DO_TYPE)))
        return rfail(r, INV_EINVAL, _("%s: unknown type '%s'"), what, T(w, DO_TYPE));
    char iso[INV_DATE_MAX];
    if (date_parse(T(w, DO_DATE), iso) != 0 || strcmp(iso, T(w, DO_DATE)) != 0)
        return rfail(r, INV_EINVAL, _("%s: date '%s' is not a date (YYYY-MM-DD)"), what,
                     T(w, DO_DATE));
    int64_t head = 0;
    if (w->v[DO_HEAD_ID] && *w->v[DO_HEAD_ID] && parse_i64(w->v[DO_HEAD_ID], &head))
        return rfail(r, INV_EINVAL, _("%s: head_id must be a number"), what);
    int64_t given_id = 0;
    if (w->v[DO_ID] && *w->v[DO_ID] && (parse_i64(w->v[DO_ID], &given_id) || given_id <= 0))
        return rfail(r, INV_EINVAL, _("%s: id must be a number"), what);
    /* Its number (id) as the export has it: its events name it. */
    sqlite3_stmt *st = db_stmt(r->db,
        "INSERT INTO document(id, type, number, date, created_at, actor, people, content,"
        " head_id, head_hash) VALUES(:id, :t, :n, :d, :at, :actor, :p, :c, :hid, :hh)");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    if (given_id) db_bind_int(st, ":id", given_id);
    db_bind_text(st, ":t", T(w, DO_TYPE));
    db_bind_text(st, ":n", T(w, DO_NUMBER));
    db_bind_text(st, ":d", iso);
    db_bind_text(st, ":at", T(w, DO_CREATED));
    db_bind_text(st, ":actor", T(w, DO_ACTOR));
    db_bind_text(st, ":p", N(w, DO_PEOPLE) ? T(w, DO_PEOPLE) : "[]");
    db_bind_text(st, ":c", N(w, DO_CONTENT) ? T(w, DO_CONTENT) : "{}");
    if (head) db_bind_int(st, ":hid", head);
    bind_col(st, ":hh", w, DO_HEAD_HASH);
    inv_status rc = insert_row(r, st, what);
    if (rc) return rc;
    int64_t doc_id = sqlite3_last_insert_rowid(db_sqlite(r->db));
    json_t *evs = json_loads(N(w, DO_EVENTS) ? T(w, DO_EVENTS) : "[]", 0, NULL);
    if (!json_is_array(evs)) {
        json_decref(evs);
        return rfail(r, INV_EINVAL, _("%s: events must be a list of event numbers"), what);
    }
    size_t i;
    json_t *v;
    json_array_foreach(evs, i, v) {
        int64_t eid = json_is_integer(v) ? json_integer_value(v) : 0, found = 0;
        sqlite3_stmt *q = db_stmt(r->db, "SELECT count(*) FROM event WHERE id = :e");
        if (!q) {
            rc = rfail_db(r, db_error(r->db)->code);
            break;
        }
        db_bind_int(q, ":e", eid);
        if (sqlite3_step(q) == SQLITE_ROW) found = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (!found) {
            rc = rfail(r, INV_ENOTFOUND, _("%s: event %lld is not in the export"), what,
                       (long long)eid);
            break;
        }
        sqlite3_stmt *li = db_stmt(r->db, "INSERT INTO document_event(document_id, event_id)"
                                          " VALUES(:d, :e)");
        if (!li) {
            rc = rfail_db(r, db_error(r->db)->code);
            break;
        }
        db_bind_int(li, ":d", doc_id);
        db_bind_int(li, ":e", eid);
        if ((rc = insert_row(r, li, what)) != INV_OK) break;
    }
    json_decref(evs);
    return rc;
}

static inv_status put_user(restore *r, const row *w)
{
    char what[320];
    snprintf(what, sizeof what, _("user %s"), T(w, US_LOGIN));
    int64_t id = 0;
    if (!w->v[US_ID] || parse_i64(w->v[US_ID], &id) || id <= 0)
        return rfail(r, INV_EINVAL, _("%s: id must be a number"), what);
    if (!N(w, US_LOGIN) || user_login_valid(T(w, US_LOGIN)) != 0)
        return rfail(r, INV_EINVAL, _("user %lld: '%s' is not a login"), (long long)id,
                     T(w, US_LOGIN));
    if (role_parse(T(w, US_ROLE)) == ROLE_NONE)
        return rfail(r, INV_EINVAL, _("%s: unknown role '%s'"), what, T(w, US_ROLE));
    /* Its number as the export has it: its events name it. */
    sqlite3_stmt *st = db_stmt(r->db, "INSERT INTO app_user(id, login, role, active)"
                                      " VALUES(:id, :l, :r, :a)");
    if (!st) return rfail_db(r, db_error(r->db)->code);
    db_bind_int(st, ":id", id);
    db_bind_text(st, ":l", T(w, US_LOGIN));
    db_bind_text(st, ":r", T(w, US_ROLE));
    const char *a = T(w, US_ACTIVE);
    db_bind_int(st, ":a", !strcmp(a, "0") || !strcmp(a, "false") ? 0 : 1);
    inv_status rc = insert_row(r, st, what);
    if (rc) return rc;
    /* Its offices: "A,B". */
    const char *p = N(w, US_OFFICES) ? T(w, US_OFFICES) : "";
    while (*p && rc == INV_OK) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char code[INV_CODE_MAX + 1];
        if (n == 0 || n > INV_CODE_MAX)
            return rfail(r, INV_EINVAL, _("%s: offices must be office codes separated by "
                                          "commas"), what);
        memcpy(code, p, n);
        code[n] = '\0';
        int64_t office = cm_find(&r->offices, code);
        if (!office)
            return rfail(r, INV_ENOTFOUND, _("%s: office '%s' is not in the export"), what,
                         code);
        st = db_stmt(r->db, "INSERT INTO app_user_office(user_id, office_id) VALUES(:u, :o)");
        if (!st) return rfail_db(r, db_error(r->db)->code);
        db_bind_int(st, ":u", id);
        db_bind_int(st, ":o", office);
        rc = insert_row(r, st, what);
        p += n + (comma ? 1 : 0);
    }
    return rc;
}

/* Close the checks that were closed, now that their scans are in. */
static inv_status close_checks(restore *r)
{
    for (size_t i = 0; i < r->nclosing; i++) {
        sqlite3_stmt *st = db_stmt(r->db, "UPDATE stock_check SET closed_at = :at,"
                                          " closed_by = :by WHERE id = :id");
        if (!st) return rfail_db(r, db_error(r->db)->code);
        db_bind_text(st, ":at", r->closing[i].at);
        db_bind_text0(st, ":by", r->closing[i].by);
        db_bind_int(st, ":id", r->closing[i].id);
        char what[64];
        snprintf(what, sizeof what, _("stock check %lld"), (long long)r->closing[i].id);
        inv_status rc = insert_row(r, st, what);
        if (rc) return rc;
    }
    return INV_OK;
}

/* Start section sec (by name); they must come in order, each once. */
static inv_status begin_section(restore *r, const char *name, int *sec)
{
    for (int s = 0; s < S_COUNT; s++) {
        if (strcmp(SECTIONS[s].name, name) != 0) continue;
        if (r->seen[s])
            return rfail(r, INV_EINVAL, _("the part \"%s\" comes twice"), name);
        if (s < r->section)
            return rfail(r, INV_EINVAL, _("the part \"%s\" comes after \"%s\"; an export "
                                          "has its parts in the order it was written"),
                         name, SECTIONS[r->section].name);
        if (r->section == S_ASSETS) {
            inv_status rc = flush_assets(r);
            if (rc) return rc;
        }
        r->seen[s] = 1;
        r->section = s;
        *sec = s;
        return INV_OK;
    }
    return rfail(r, INV_EINVAL, _("unknown part \"%s\" (offices, kinds, funding, assets, "
                                  "events, checks, check_expected, check_scans, documents, "
                                  "users)"), name);
}

static inv_status put_row(restore *r, int sec, const row *w)
{
    r->line = w->line;
    if ((++r->nrows & 1023) == 0)
        db_progress(r->db, N_("Restoring"), (int64_t)ftello(r->fp), r->size);
    switch (sec) {
    case S_OFFICES: return put_office(r, w);
    case S_KINDS: return put_kind(r, w);
    case S_FUNDING: return put_funding(r, w);
    case S_ASSETS: return put_asset(r, w);
    case S_EVENTS: return put_event(r, w, r->ev);
    case S_CHECKS: return put_check(r, w);
    case S_EXPECTED: return put_expected(r, w);
    case S_SCANS: return put_scan(r, w);
    case S_USERS: return put_user(r, w);
    default: return put_document(r, w);
    }
}

/* ---- restoring: JSON, streamed one array element at a time ---- */

typedef struct jscan {
    FILE *fp;
    int64_t line;
    sbuf buf;
} jscan;

static int js_get(jscan *s)
{
    int c = getc_unlocked(s->fp);
    if (c == '\n') s->line++;
    return c;
}

static int js_skip(jscan *s)
{
    int c;
    do c = js_get(s);
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    return c;
}

/* Capture one JSON value starting with character c into s->buf: a
 * string, an object or array (balanced, strings respected) or a bare
 * scalar (then *next gets the character after it). */
static inv_status js_capture(restore *r, jscan *s, int c, int *next)
{
    sbuf_reset(&s->buf);
    *next = -2;
    if (c != '{' && c != '[' && c != '"') {
        while (c != EOF && c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' &&
               c != '\t' && c != '\r') {
            sbuf_addc(&s->buf, (char)c);
            if (s->buf.len > 64) break;
            c = js_get(s);
        }
        *next = c;
        return INV_OK;
    }
    int depth = 0, in_str = 0, esc = 0;
    for (;;) {
        if (c == EOF) return rfail(r, INV_EINVAL, _("the file ends in the middle (cut short?)"));
        sbuf_addc(&s->buf, (char)c);
        if (s->buf.len > ELEMENT_MAX)
            return rfail(r, INV_EINVAL, _("an element larger than %u MB"), ELEMENT_MAX >> 20);
        if (in_str) {
            if (esc) esc = 0;
            else if (c == '\\') esc = 1;
            else if (c == '"') {
                in_str = 0;
                if (depth == 0) return INV_OK;
            }
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return INV_OK;
        }
        c = js_get(s);
    }
}

static json_t *js_parse(restore *r, jscan *s, int64_t start_line, inv_status *rc)
{
    json_error_t err;
    json_t *v = json_loadb(s->buf.s, s->buf.len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        r->line = start_line + (err.line > 0 ? err.line - 1 : 0);
        *rc = rfail(r, INV_EINVAL, _("not valid JSON: %s"), err.text);
    }
    return v;
}

/* Turn one element (an object) into a row of section sec. */
static inv_status js_row(restore *r, int sec, json_t *obj, row *w)
{
    const section_spec *sp = &SECTIONS[sec];
    if (!json_is_object(obj))
        return rfail(r, INV_EINVAL, _("%s: each element must be an object"), sp->name);
    memset(w->v, 0, sizeof w->v);
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int i;
        for (i = 0; i < sp->ncols && strcmp(sp->cols[i].key, key); i++) {}
        if (i == sp->ncols)
            return rfail(r, INV_EINVAL, _("%s: unknown field \"%s\""), sp->name, key);
        if (json_is_null(v)) continue;
        col_type t = sp->cols[i].type;
        if ((t == C_TEXT || t == C_RAW) && json_is_string(v)) {
            if (memchr(json_string_value(v), 0, json_string_length(v)))
                return rfail(r, INV_EINVAL, _("%s: %s holds a NUL character"), sp->name, key);
            w->v[i] = json_string_value(v);
        } else if (t == C_INT && json_is_integer(v)) {
            snprintf(w->num[i], sizeof w->num[i], "%lld", (long long)json_integer_value(v));
            w->v[i] = w->num[i];
        } else if (t == C_BOOL && json_is_boolean(v)) {
            w->v[i] = json_is_true(v) ? "1" : "0";
        } else {
            /* TRANSLATORS: %1$s is a section of the export ("assets"),
             * %2$s a field's key in it, as written in the file. */
            if (t == C_TEXT || t == C_RAW)
                return rfail(r, INV_EINVAL, _("%1$s: %2$s should be text"), sp->name, key);
            if (t == C_INT)
                return rfail(r, INV_EINVAL, _("%1$s: %2$s should be a whole number"),
                             sp->name, key);
            return rfail(r, INV_EINVAL, _("%1$s: %2$s should be true or false"), sp->name, key);
        }
    }
    return INV_OK;
}

/* An array of rows of section sec; the '[' is next in the stream. */
static inv_status js_array(restore *r, jscan *s, int sec, row *w)
{
    int c = js_skip(s);
    r->line = s->line;
    if (c != '[') return rfail(r, INV_EINVAL, _("\"%s\" must be an array"), SECTIONS[sec].name);
    c = js_skip(s);
    if (c == ']') return INV_OK;
    for (;;) {
        int64_t start = s->line;
        r->line = start;
        int next;
        inv_status rc = js_capture(r, s, c, &next);
        if (rc) return rc;
        if (s->buf.s[0] != '{')
            return rfail(r, INV_EINVAL, _("%s: each element must be an object"),
                         SECTIONS[sec].name);
        json_t *obj = js_parse(r, s, start, &rc);
        if (!obj) return rc;
        w->line = start;
        rc = js_row(r, sec, obj, w);
        if (!rc) rc = put_row(r, sec, w);
        json_decref(obj);
        if (rc) return rc;
        c = js_skip(s);
        if (c == ']') return INV_OK;
        if (c != ',') {
            r->line = s->line;
            return rfail(r, INV_EINVAL, c == EOF ? _("the file ends in the middle (cut short?)")
                                                 : _("expected ',' or ']' after an element"));
        }
        c = js_skip(s);
    }
}

static inv_status restore_json(restore *r, FILE *fp)
{
    jscan s = {fp, 1, {0}};
    row *w = calloc(1, sizeof *w);
    if (!w) abort();
    inv_status rc = INV_OK;
    int c = js_get(&s);
    if (c == 0xEF && js_get(&s) == 0xBB && js_get(&s) == 0xBF) c = js_get(&s);
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = js_get(&s);
    r->line = s.line;
    if (c != '{') {
        rc = rfail(r, INV_EINVAL, _("not an inventar export (no JSON object)"));
        goto out;
    }
    int members = 0, have_format = 0;
    for (;;) {
        c = js_skip(&s);
        r->line = s.line;
        if (c == '}' && members == 0) break;
        if (c != '"') {
            rc = rfail(r, INV_EINVAL, c == EOF ? _("the file ends in the middle (cut short?)")
                                               : _("expected a key"));
            goto out;
        }
        int next;
        if ((rc = js_capture(r, &s, c, &next))) goto out;
        json_t *k = js_parse(r, &s, s.line, &rc);
        if (!k) goto out;
        char key[64];
        str_copy(key, sizeof key, json_is_string(k) ? json_string_value(k) : "");
        json_decref(k);
        if (js_skip(&s) != ':') {
            rc = rfail(r, INV_EINVAL, _("expected ':' after \"%s\""), key);
            goto out;
        }
        if (members == 0 && strcmp(key, "format") != 0) {
            rc = rfail(r, INV_EINVAL, _("not an inventar export (it does not start with "
                                        "\"format\")"));
            goto out;
        }
        members++;
        int sec = -1;
        for (int i = 0; i < S_COUNT; i++)
            if (!strcmp(key, SECTIONS[i].name)) sec = i;
        if (sec >= 0) {
            if (!have_format) {
                rc = rfail(r, INV_EINVAL, _("not an inventar export"));
                goto out;
            }
            if ((rc = begin_section(r, key, &sec)) || (rc = js_array(r, &s, sec, w))) goto out;
            c = js_skip(&s);
        } else {
            c = js_skip(&s);
            if ((rc = js_capture(r, &s, c, &next))) goto out;
            json_t *v = js_parse(r, &s, s.line, &rc);
            if (!v) goto out;
            if (!strcmp(key, "format")) {
                have_format = json_is_string(v) && !strcmp(json_string_value(v), EXPORT_FORMAT);
                if (!have_format) rc = rfail(r, INV_EINVAL, _("not an inventar export"));
            } else if (!strcmp(key, "version")) {
                if (!json_is_integer(v) || json_integer_value(v) < 1 ||
                    json_integer_value(v) > EXPORT_VERSION)
                    rc = rfail(r, INV_EINVAL, _("export version %s is not one this inventar "
                                                "reads (%d)"), s.buf.s, EXPORT_VERSION);
            } else if (!strcmp(key, "schema")) {
                if (!json_is_integer(v) || json_integer_value(v) < 1 ||
                    json_integer_value(v) > db_schema_version_latest())
                    rc = rfail(r, INV_EINVAL, _("the export comes from a newer inventar "
                                                "(schema %s; this one has %d)"), s.buf.s,
                               db_schema_version_latest());
            } else {
                rc = rfail(r, INV_EINVAL, _("unknown part \"%s\""), key);
            }
            json_decref(v);
            if (rc) goto out;
            c = next == -2 ? js_skip(&s) : next;
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = js_get(&s);
        }
        if (c == '}') break;
        if (c != ',') {
            r->line = s.line;
            rc = rfail(r, INV_EINVAL, c == EOF ? _("the file ends in the middle (cut short?)")
                                               : _("expected ',' or '}'"));
            goto out;
        }
    }
    c = js_skip(&s);
    if (c != EOF) {
        r->line = s.line;
        rc = rfail(r, INV_EINVAL, _("unexpected text after the export"));
    }
out:
    sbuf_free(&s.buf);
    free(w);
    return rc;
}

/* ---- restoring: CSV, one record at a time ---- */

typedef struct csvr {
    FILE *fp;
    int64_t line;      /* the physical line being read */
    int64_t rec_line;  /* where the current record began */
    sbuf data;         /* the fields, each NUL-terminated */
    size_t *off;       /* start of each field in data */
    int n, cap;
    int bare;          /* the only field was not quoted */
} csvr;

static void csv_push(csvr *c, size_t start)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->off = realloc(c->off, (size_t)c->cap * sizeof *c->off);
        if (!c->off) abort();
    }
    c->off[c->n++] = start;
    sbuf_addc(&c->data, '\0');
}

/* Read one record. Returns 1, 0 at the end of the file, -1 on an error
 * (message recorded). */
static int csv_record(restore *r, csvr *c)
{
    sbuf_reset(&c->data);
    c->n = 0;
    c->bare = 1;
    c->rec_line = c->line;
    int ch = getc_unlocked(c->fp);
    if (ch == EOF) return 0;
    size_t start = 0;
    for (;;) {
        if (ch == '"') {
            c->bare = 0;
            for (;;) {
                ch = getc_unlocked(c->fp);
                if (ch == EOF) {
                    r->line = c->rec_line;
                    rfail(r, INV_EINVAL, _("a quoted field is never closed"));
                    return -1;
                }
                if (ch == '\n') c->line++;
                if (ch == '"') {
                    ch = getc_unlocked(c->fp);
                    if (ch != '"') break;
                }
                sbuf_addc(&c->data, (char)ch);
                if (c->data.len > ELEMENT_MAX) {
                    r->line = c->rec_line;
                    rfail(r, INV_EINVAL, _("a record larger than %u MB"), ELEMENT_MAX >> 20);
                    return -1;
                }
            }
            if (ch != ',' && ch != '\n' && ch != '\r' && ch != EOF) {
                r->line = c->line;
                rfail(r, INV_EINVAL, _("text after a closing quote"));
                return -1;
            }
        } else {
            while (ch != ',' && ch != '\n' && ch != '\r' && ch != EOF) {
                if (ch == '"') {
                    r->line = c->line;
                    rfail(r, INV_EINVAL, _("a quote inside an unquoted field"));
                    return -1;
                }
                sbuf_addc(&c->data, (char)ch);
                if (c->data.len > ELEMENT_MAX) {
                    r->line = c->rec_line;
                    rfail(r, INV_EINVAL, _("a record larger than %u MB"), ELEMENT_MAX >> 20);
                    return -1;
                }
                ch = getc_unlocked(c->fp);
            }
        }
        size_t flen = c->data.len - start;
        if (!utf8_valid(c->data.s ? c->data.s + start : "", flen)) {
            r->line = c->rec_line;
            rfail(r, INV_EINVAL, _("field %d is not valid UTF-8 (or holds a NUL byte)"),
                  c->n + 1);
            return -1;
        }
        csv_push(c, start);
        start = c->data.len;
        if (ch == ',') {
            ch = getc_unlocked(c->fp);
            continue;
        }
        if (ch == '\r') {
            ch = getc_unlocked(c->fp);
            if (ch != '\n' && ch != EOF) ungetc(ch, c->fp);
        }
        if (ch == '\n') c->line++;
        if (c->n > 1) c->bare = 0;
        return 1;
    }
}

static const char *csv_field_at(const csvr *c, int i) { return c->data.s + c->off[i]; }

/* 1 for an empty line. */
static int csv_blank(const csvr *c) { return c->n == 1 && c->bare && !*csv_field_at(c, 0); }

static inv_status restore_csv(restore *r, FILE *fp)
{
    csvr c;
    memset(&c, 0, sizeof c);
    c.fp = fp;
    c.line = 1;
    row *w = calloc(1, sizeof *w);
    if (!w) abort();
    inv_status rc = INV_OK;
    int map[NCOL_MAX * 2];
    int got = csv_record(r, &c);
    if (got < 0) {
        rc = db_error(r->db)->code;
        goto out;
    }
    const char *first = got ? csv_field_at(&c, 0) : "";
    if (!strncmp(first, "\xEF\xBB\xBF", 3)) first += 3;
    r->line = 1;
    if (got == 0 || c.n != 2 || strcmp(first, CSV_MAGIC) != 0) {
        rc = rfail(r, INV_EINVAL, _("not an inventar export (the first line is not '%s,%d')"),
                   CSV_MAGIC, EXPORT_VERSION);
        goto out;
    }
    int64_t version;
    if (parse_i64(csv_field_at(&c, 1), &version) || version < 1 || version > EXPORT_VERSION) {
        rc = rfail(r, INV_EINVAL, _("export version %s is not one this inventar reads (%d)"),
                   csv_field_at(&c, 1), EXPORT_VERSION);
        goto out;
    }
    int sec = -1, ncols = 0, header = 0, ended = 0;
    while ((got = csv_record(r, &c)) > 0) {
        r->line = c.rec_line;
        const char *f0 = csv_field_at(&c, 0);
        if (ended) {
            rc = rfail(r, INV_EINVAL, _("unexpected text after '%s'"), CSV_END);
            goto out;
        }
        if (csv_blank(&c)) {
            if (header) {
                rc = rfail(r, INV_EINVAL, _("[%s] has no header row"), SECTIONS[sec].name);
                goto out;
            }
            sec = -1;
            continue;
        }
        if (c.n == 1 && c.bare && f0[0] == '[' && f0[strlen(f0) - 1] == ']') {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)strlen(f0) - 2, f0 + 1);
            if ((rc = begin_section(r, name, &sec))) goto out;
            header = 1;
            continue;
        }
        if (c.n == 1 && c.bare && !strcmp(f0, CSV_END)) {
            ended = 1;
            continue;
        }
        if (sec < 0) {
            rc = rfail(r, INV_EINVAL, _("expected a part such as [offices], not '%s'"), f0);
            goto out;
        }
        const section_spec *sp = &SECTIONS[sec];
        if (header) {
            if (c.n > NCOL_MAX * 2) {
                rc = rfail(r, INV_EINVAL, _("[%s]: too many columns"), sp->name);
                goto out;
            }
            int have[NCOL_MAX] = {0};
            for (int i = 0; i < c.n; i++) {
                const char *h = csv_field_at(&c, i);
                int j;
                for (j = 0; j < sp->ncols && strcmp(sp->cols[j].key, h); j++) {}
                if (j == sp->ncols) {
                    rc = rfail(r, INV_EINVAL, _("[%s]: unknown column '%s'"), sp->name, h);
                    goto out;
                }
                if (have[j]++) {
                    rc = rfail(r, INV_EINVAL, _("[%s]: column '%s' comes twice"), sp->name, h);
                    goto out;
                }
                map[i] = j;
            }
            ncols = c.n;
            header = 0;
            continue;
        }
        if (c.n != ncols) {
            rc = rfail(r, INV_EINVAL, _("[%s]: %d fields where the header has %d"), sp->name,
                       c.n, ncols);
            goto out;
        }
        memset(w->v, 0, sizeof w->v);
        for (int i = 0; i < c.n; i++) {
            const char *v = csv_field_at(&c, i);
            w->v[map[i]] = *v ? v : NULL;
        }
        w->line = c.rec_line;
        if ((rc = put_row(r, sec, w))) goto out;
    }
    if (got < 0) {
        rc = db_error(r->db)->code;
        goto out;
    }
    if (!ended) {
        r->line = 0;
        rc = rfail(r, INV_EINVAL, _("the export is incomplete: it does not end with '%s'"),
                   CSV_END);
    }
out:
    sbuf_free(&c.data);
    free(c.off);
    free(w);
    return rc;
}

/* ---- restoring: the whole ---- */

/* The database must hold nothing that the export would be mixed with. */
static inv_status check_empty(restore *r)
{
    static const char *const t[] = {
        "SELECT count(*) FROM office", "SELECT count(*) FROM funding",
        "SELECT count(*) FROM asset", "SELECT count(*) FROM event",
    };
    sbuf what = {0};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        sqlite3_stmt *st = db_stmt(r->db, t[i]);
        if (!st) {
            sbuf_free(&what);
            return db_error(r->db)->code;
        }
        int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (n <= 0) continue;
        if (what.len) sbuf_add(&what, ", ");
        /* Each count as a noun phrase ("3 offices"), listed. */
        unsigned long un = (unsigned long)n;
        const char *f = i == 0   ? ngettext("%lld office", "%lld offices", un)
                        : i == 1 ? ngettext("%lld funding project", "%lld funding projects", un)
                        : i == 2 ? ngettext("%lld asset", "%lld assets", un)
                                 : ngettext("%lld event", "%lld events", un);
        sbuf_addf(&what, f, (long long)n);
    }
    inv_status rc = INV_OK;
    if (what.len)
        rc = db_fail(r->db, INV_ESTATE, _("%s: the database %s is not empty (it holds %s); "
                                          "restore into a new database"),
                     r->path, db_path(r->db), what.s);
    sbuf_free(&what);
    return rc;
}

/* After the rows: every part was there, no kind is left that the export
 * lacks, and every asset is what its history says. */
static inv_status check_restored(restore *r)
{
    inv_status rc = flush_assets(r);
    if (rc) return rc;
    r->line = 0;
    for (int s = 0; s < S_REQUIRED; s++)
        if (!r->seen[s])
            return rfail(r, INV_EINVAL, _("the export is incomplete: it has no \"%s\""),
                         SECTIONS[s].name);
    sqlite3_stmt *st = db_stmt(r->db, "SELECT code FROM asset_kind ORDER BY id");
    if (!st) return db_error(r->db)->code;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!cm_find(&r->kinds, db_col_text(st, 0))) {
            rc = rfail(r, INV_ESTATE, _("the database has asset kind %s, which the export "
                                        "does not; restore into a new database"),
                       db_col_text(st, 0));
            break;
        }
    }
    sqlite3_reset(st);
    if (rc || (rc = close_checks(r))) return rc;
    /* What an older export brings without its events (offices, kinds,
     * funding projects, checks, scans, documents, assets whose first
     * event holds no fields) begins its history here. */
    db_set_history_paused(r->db, 0);
    if ((rc = history_baseline(r->db, db_user(r->db), "{\"@restore\":true}", NULL)) != INV_OK)
        return rfail_db(r, rc);
    /* The indexes and the search index are built again before the
     * history is checked (it reads events by asset). */
    inv_bulk *b = r->bulk;
    r->bulk = NULL;
    if (b && (rc = bulk_end(b)) != INV_OK) return rfail_db(r, rc);
    if ((rc = verify_history(r->db, NULL)) != INV_OK) {
        char msg[INV_ERR_MAX];
        str_copy(msg, sizeof msg, db_errmsg(r->db));
        return rfail(r, rc, _("the restored data does not add up: %s"), msg);
    }
    return INV_OK;
}

inv_status export_restore(inv_db *db, const char *path, int dry_run)
{
    inv_err err;
    inv_err_clear(&err);
    int kind = export_sniff(path, &err);
    if (kind < 0) return db_fail(db, err.code, "%s", err.msg);
    if (kind == 0) return db_fail(db, INV_EINVAL, _("%s: not an inventar export"), path);
    FILE *fp = priv_fopen_user(path, "rbe");
    if (!fp) return db_fail(db, INV_EIO, "%s: %s", path, strerror(errno));
    /* Which format: the first byte after a BOM. */
    int ch = getc(fp);
    if (ch == 0xEF) {
        getc(fp);
        getc(fp);
        ch = getc(fp);
    }
    int json = ch != '#';
    rewind(fp);

    restore r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.path = path;
    r.section = -1;
    memcpy(r.prev_hash, EVENT_GENESIS, 65);
    r.ev = malloc(sizeof *r.ev);
    if (!r.ev) abort();
    r.fp = fp;
    struct stat sb;
    r.size = fstat(fileno(fp), &sb) == 0 ? (int64_t)sb.st_size : 0;
    /* The history's hash index fills in random order: with the default
     * page cache a big restore thrashes. Pages are only taken as needed. */
    int64_t cache = 0;
    sqlite3_stmt *cs = db_stmt(db, "PRAGMA cache_size");
    if (cs && sqlite3_step(cs) == SQLITE_ROW) cache = sqlite3_column_int64(cs, 0);
    if (cs) sqlite3_reset(cs);
    if (cache) db_exec(db, "PRAGMA cache_size=-" RESTORE_CACHE_KB);
    /* Into an empty database a rollback journal is cheaper than the
     * write-ahead log: the data is written once instead of to the log and
     * again by the checkpoint, and the journal of an empty database is
     * tiny. A crash still rolls the whole restore back. The mode cannot
     * change while others have the database open; then the log stays. */
    int switched = 0;
    if (!db_in_transaction(db)) {
        sqlite3_stmt *jm = db_stmt(db, "PRAGMA journal_mode=DELETE");
        if (jm && sqlite3_step(jm) == SQLITE_ROW)
            switched = strcmp(db_col_text(jm, 0), "delete") == 0;
        if (jm) sqlite3_reset(jm);
    }
    /* References are checked once by bulk_end, not row by row (bulk.h). */
    int fk_off = !db_in_transaction(db);
    if (fk_off) db_exec(db, "PRAGMA foreign_keys=OFF");
    inv_status rc = db_begin(db, DB_HERE);
    if (rc == INV_OK) {
        rc = check_empty(&r);
        /* A restore fills an empty database: a bulk load (bulk.h). */
        if (!rc) rc = bulk_begin(db, BULK_FULL, &r.bulk);
        if (!rc) rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS restore_asset(line INTEGER,"
                                  " id INTEGER, tag TEXT, kind_id INTEGER, make TEXT,"
                                  " model TEXT, serial TEXT, description TEXT, status TEXT,"
                                  " office_id INTEGER, custodian TEXT, purchase_date TEXT,"
                                  " cost INTEGER, currency TEXT, supplier TEXT, contract TEXT,"
                                  " funding_id INTEGER, warranty_end TEXT, attrs TEXT,"
                                  " last_seen TEXT, scan_code TEXT, tag_key TEXT)");
        if (!rc) rc = db_exec(db, "DELETE FROM temp.restore_asset");
        db_set_history_paused(db, 1);
        if (!rc) rc = json ? restore_json(&r, fp) : restore_csv(&r, fp);
        db_progress(db, N_("Restoring"), r.size, r.size);
        if (!rc && ferror(fp)) rc = db_fail(db, INV_EIO, _("%s: reading failed"), path);
        if (!rc) rc = check_restored(&r);
        db_set_history_paused(db, 0);
        if (rc || dry_run) db_rollback(db);
        else rc = db_commit(db);
    }
    bulk_abort(r.bulk); /* still open only when the restore failed */
    if (fk_off) db_exec(db, "PRAGMA foreign_keys=ON");
    fclose(fp);
    if (switched) db_exec(db, "PRAGMA journal_mode=WAL");
    if (cache) {
        char sql[48]; /* an integer read back from the database */
        snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)cache);
        db_exec(db, sql);
    }
    cm_free(&r.offices);
    cm_free(&r.kinds);
    cm_free(&r.funding);
    free(r.ev);
    free(r.closing);
    return rc;
}
