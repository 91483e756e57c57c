/* kind.c: asset kinds. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/history.h"
#include "inventar/kind.h"
#include "inventar/util.h"

#define KIND_COLS "id, code, name, prefix, fields"

static void kind_from_row(sqlite3_stmt *st, inv_kind *k)
{
    memset(k, 0, sizeof *k);
    k->id = sqlite3_column_int64(st, 0);
    str_copy(k->code, sizeof k->code, db_col_text(st, 1));
    str_copy(k->name, sizeof k->name, db_col_text(st, 2));
    str_copy(k->prefix, sizeof k->prefix, db_col_text(st, 3));
    str_copy(k->fields, sizeof k->fields, db_col_text(st, 4));
}

static inv_status one_kind(inv_db *db, sqlite3_stmt *st, inv_kind *out, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        kind_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("no asset kind '%s' (see 'inventar kind "
                                            "list')"), what);
    return db_fail_sqlite(db, _("reading asset kinds"));
}

typedef struct fold_find {
    char key[INV_NAME_MAX + 1];
    inv_kind *out;
    int found;
} fold_find;

static int fold_match(const inv_kind *k, void *arg)
{
    fold_find *f = arg;
    char name[INV_NAME_MAX + 1];
    utf8_fold(k->name, name, sizeof name);
    if (strcmp(name, f->key) == 0) {
        *f->out = *k;
        f->found = 1;
        return 1;
    }
    return 0;
}

inv_status kind_find(inv_db *db, const char *key, inv_kind *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " KIND_COLS " FROM asset_kind"
                                   " WHERE code = :k COLLATE NOCASE OR name = :k LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":k", key);
    inv_status rc = one_kind(db, st, out, key);
    if (rc != INV_ENOTFOUND) return rc;
    /* Names in any letter case ("таблет" for "Таблет"): kinds are few. */
    fold_find f;
    utf8_fold(key, f.key, sizeof f.key);
    f.out = out;
    f.found = 0;
    if (kind_walk(db, fold_match, &f) != INV_OK) return db_error(db)->code;
    if (f.found) return INV_OK;
    return db_fail(db, INV_ENOTFOUND, _("no asset kind '%s' (see 'inventar kind list')"), key);
}

inv_status kind_get(inv_db *db, int64_t id, inv_kind *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " KIND_COLS " FROM asset_kind WHERE id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    return one_kind(db, st, out, "?");
}

static int word_valid(const char *s, int upper, size_t max)
{
    size_t n = strlen(s);
    if (n < 1 || n > max) return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isdigit(c) || (upper ? isupper(c) : (islower(c) || c == '_'))) continue;
        return 0;
    }
    return 1;
}

inv_status kind_add(inv_db *db, inv_kind *k)
{
    if (!word_valid(k->code, 0, INV_CODE_MAX))
        return db_fail(db, INV_EINVAL, _("'%s' is not a valid kind code (a-z, 0-9, _)"),
                       k->code);
    if (!k->name[0] || !utf8_valid(k->name, strlen(k->name)))
        return db_fail(db, INV_EINVAL, _("kind %s: the name is empty or not valid UTF-8"),
                       k->code);
    if (utf8_chars(k->name) > INV_NAME_CHARS)
        return db_fail(db, INV_EINVAL, _("kind %1$s: the name is too long (%2$zu characters, "
                                         "at most %3$zu)"), k->code, utf8_chars(k->name),
                       (size_t)INV_NAME_CHARS);
    if (!word_valid(k->prefix, 1, 8))
        return db_fail(db, INV_EINVAL, _("kind %s: '%s' is not a valid tag prefix "
                                         "(1-8 of A-Z, 0-9)"), k->code, k->prefix);
    /* Normalise "a, b ,c" to "a,b,c": fields are compared exactly. */
    char fields[sizeof k->fields];
    sbuf norm = {0};
    str_copy(fields, sizeof fields, k->fields);
    for (char *save = NULL, *f = strtok_r(fields, ",", &save); f;
         f = strtok_r(NULL, ",", &save)) {
        str_trim(f);
        if (!word_valid(f, 0, 32)) {
            sbuf_free(&norm);
            return db_fail(db, INV_EINVAL, _("kind %s: '%s' is not a valid field name "
                                             "(a-z, 0-9, _)"), k->code, f);
        }
        if (norm.len) sbuf_addc(&norm, ',');
        sbuf_add(&norm, f);
    }
    str_copy(k->fields, sizeof k->fields, sbuf_str(&norm));
    sbuf_free(&norm);
    inv_kind other;
    sqlite3_stmt *st = db_stmt(db, "SELECT " KIND_COLS " FROM asset_kind WHERE"
                                   " code = :c COLLATE NOCASE OR name = :n OR prefix = :p");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":c", k->code);
    db_bind_text(st, ":n", k->name);
    db_bind_text(st, ":p", k->prefix);
    if (one_kind(db, st, &other, k->code) == INV_OK)
        return db_fail(db, INV_EEXIST, _("kind %s: code, name or prefix already used "
                                         "by kind %s"), k->code, other.code);
    st = db_stmt(db, "INSERT INTO asset_kind(code, name, prefix, fields)"
                     " VALUES(:c, :n, :p, :f)");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":c", k->code);
    db_bind_text(st, ":n", k->name);
    db_bind_text(st, ":p", k->prefix);
    db_bind_text(st, ":f", k->fields);
    inv_status rc = db_begin(db, DB_HERE);
    if (rc) return rc;
    rc = db_exec_stmt(db, st, k->code);
    if (rc == INV_OK) {
        k->id = sqlite3_last_insert_rowid(db_sqlite(db));
        rc = history_record(db, "kind", k->id, "kind_created", NULL, NULL, NULL, NULL, NULL);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

inv_status kind_walk(inv_db *db, kind_visit_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " KIND_COLS " FROM asset_kind ORDER BY id");
    if (!st) return db_error(db)->code;
    inv_kind k;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kind_from_row(st, &k);
        if (fn(&k, arg)) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail_sqlite(db, _("reading asset kinds"));
    return INV_OK;
}

int kind_has_field(const inv_kind *k, const char *key)
{
    size_t n = strlen(key);
    const char *p = k->fields;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, key, n) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

int kind_check_attr(const char *key, const char *v, char *why, size_t n)
{
    size_t len = strlen(v);
    if (!strcmp(key, "year")) {
        int ok = len == 4;
        for (size_t i = 0; ok && i < len; i++) ok = isdigit((unsigned char)v[i]);
        if (!ok || atoi(v) < 1950 || atoi(v) > 2100) {
            snprintf(why, n, _("year '%s' is not a year between 1950 and 2100"), v);
            return -1;
        }
    } else if (!strcmp(key, "imei")) {
        int ok = len == 15, sum = 0;
        for (size_t i = 0; ok && i < len; i++) {
            if (!isdigit((unsigned char)v[i])) { ok = 0; break; }
            int d = v[i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        if (!ok || sum % 10 != 0) {
            snprintf(why, n, _("IMEI '%s' is not 15 digits with a valid check digit"), v);
            return -1;
        }
    } else if (!strcmp(key, "vin")) {
        int ok = len == 17;
        for (size_t i = 0; ok && i < len; i++) {
            char c = (char)toupper((unsigned char)v[i]);
            ok = (isdigit((unsigned char)c) || (c >= 'A' && c <= 'Z')) &&
                 c != 'I' && c != 'O' && c != 'Q';
        }
        if (!ok) {
            snprintf(why, n, _("VIN '%s' is not 17 letters and digits (without I, O, Q)"), v);
            return -1;
        }
    }
    return 0;
}

inv_status kind_next_tag(inv_db *db, const inv_kind *k, char *tag, size_t n)
{
    sqlite3_stmt *get = db_stmt(db, "SELECT next_no FROM asset_kind WHERE id = :id");
    if (!get) return db_error(db)->code;
    db_bind_int(get, ":id", k->id);
    if (sqlite3_step(get) != SQLITE_ROW) {
        sqlite3_reset(get);
        return db_fail_sqlite(db, _("generating a tag"));
    }
    int64_t no = sqlite3_column_int64(get, 0);
    sqlite3_reset(get);
    /* Free also of another asset's scan code and look-alike key (the
     * prefix is ASCII: its key is its upper case). */
    sqlite3_stmt *used = db_stmt(db, "SELECT 1 FROM asset WHERE tag = :t OR"
                                     " tag_key = upper(:t) OR scan_code = :t COLLATE NOCASE");
    if (!used) return db_error(db)->code;
    for (;; no++) {
        snprintf(tag, n, "%s-%06lld", k->prefix, (long long)no);
        db_bind_text(used, ":t", tag);
        int rc = sqlite3_step(used);
        sqlite3_reset(used);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return db_fail_sqlite(db, _("generating a tag"));
    }
    sqlite3_stmt *set = db_stmt(db, "UPDATE asset_kind SET next_no = :n WHERE id = :id");
    if (!set) return db_error(db)->code;
    db_bind_int(set, ":n", no + 1);
    db_bind_int(set, ":id", k->id);
    return db_exec_stmt(db, set, _("generating a tag"));
}
