/* office.c: offices and their tree. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/history.h"
#include "inventar/office.h"
#include "inventar/util.h"

int office_kind_valid(const char *kind)
{
#define OK_X(code, label) if (strcmp(kind, code) == 0) return 1;
    OFFICE_KIND_LIST(OK_X)
#undef OK_X
    return 0;
}

const char *office_kind_label(const char *kind)
{
#define OK_X(code, label) if (strcmp(kind, code) == 0) return label;
    OFFICE_KIND_LIST(OK_X)
#undef OK_X
    return kind;
}

#define OFFICE_COLS                                                         \
    "o.id, o.code, o.name, o.kind, coalesce(o.parent_id,0),"                \
    " coalesce(p.code,''), coalesce(o.oblast,''), o.address, o.active, o.short_name"
#define OFFICE_FROM " FROM office o LEFT JOIN office p ON p.id = o.parent_id"

static void office_from_row(sqlite3_stmt *st, inv_office *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    str_copy(o->code, sizeof o->code, db_col_text(st, 1));
    str_copy(o->name, sizeof o->name, db_col_text(st, 2));
    str_copy(o->kind, sizeof o->kind, db_col_text(st, 3));
    o->parent_id = sqlite3_column_int64(st, 4);
    str_copy(o->parent_code, sizeof o->parent_code, db_col_text(st, 5));
    str_copy(o->oblast, sizeof o->oblast, db_col_text(st, 6));
    str_copy(o->address, sizeof o->address, db_col_text(st, 7));
    o->active = sqlite3_column_int(st, 8);
    str_copy(o->short_name, sizeof o->short_name, db_col_text(st, 9));
}

const char *office_short(const inv_office *o)
{
    return o->short_name[0] ? o->short_name : o->name;
}

static inv_status one_office(inv_db *db, sqlite3_stmt *st, inv_office *out,
                             const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        office_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("no office '%s'"), what);
    return db_fail_sqlite(db, _("reading offices"));
}

inv_status office_find(inv_db *db, const char *key, inv_office *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " OFFICE_COLS OFFICE_FROM
                                   " WHERE o.code = :k COLLATE NOCASE");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":k", key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        office_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading offices"));
    /* Names need not be unique: one match, or say which ones. */
    st = db_stmt(db, "SELECT " OFFICE_COLS OFFICE_FROM " WHERE o.name = :k ORDER BY o.code");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":k", key);
    int n = 0;
    sbuf codes = {0};
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++ == 0) office_from_row(st, out);
        else sbuf_add(&codes, ", ");
        sbuf_add(&codes, db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        sbuf_free(&codes);
        return db_fail_sqlite(db, _("reading offices"));
    }
    inv_status res = INV_OK;
    if (n == 0) res = db_fail(db, INV_ENOTFOUND, _("no office '%s'"), key);
    else if (n > 1)
        res = db_fail(db, INV_EINVAL, _("office name '%s' is ambiguous (%s): give the code"),
                      key, sbuf_str(&codes));
    sbuf_free(&codes);
    return res;
}

inv_status office_get(inv_db *db, int64_t id, inv_office *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " OFFICE_COLS OFFICE_FROM " WHERE o.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    char what[32];
    snprintf(what, sizeof what, "#%lld", (long long)id);
    return one_office(db, st, out, what);
}

static int code_valid(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n > INV_CODE_MAX) return 0;
    for (; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("-_.", *c)) return 0;
    return 1;
}

static inv_status check_fields(inv_db *db, const inv_office *o)
{
    if (!o->name[0] || !utf8_valid(o->name, strlen(o->name)))
        return db_fail(db, INV_EINVAL, _("office %s: the name is empty or not "
                                         "valid UTF-8"), o->code);
    if (!office_kind_valid(o->kind))
        return db_fail(db, INV_EINVAL, _("office %s: unknown office kind '%s' "
                                         "(head, regional, local, service, front, "
                                         "warehouse)"), o->code, o->kind);
    if (o->oblast[0] &&
        !(strlen(o->oblast) == 5 && strncmp(o->oblast, "BG-", 3) == 0 &&
          isdigit((unsigned char)o->oblast[3]) && isdigit((unsigned char)o->oblast[4]) &&
          atoi(o->oblast + 3) >= 1 && atoi(o->oblast + 3) <= 28))
        return db_fail(db, INV_EINVAL, _("office %s: '%s' is not an oblast code "
                                         "(BG-01 to BG-28)"), o->code, o->oblast);
    if (!utf8_valid(o->short_name, strlen(o->short_name)))
        return db_fail(db, INV_EINVAL, _("office %s: the short name is not valid UTF-8"),
                       o->code);
    if (!utf8_valid(o->address, strlen(o->address)))
        return db_fail(db, INV_EINVAL, _("office %s: the address is not valid UTF-8"),
                       o->code);
    /* The limits in characters (limits.h). */
    if (utf8_chars(o->name) > INV_NAME_CHARS)
        return db_fail(db, INV_EINVAL, _("office %1$s: the name is too long (%2$zu characters, "
                                         "at most %3$zu)"), o->code, utf8_chars(o->name),
                       (size_t)INV_NAME_CHARS);
    if (utf8_chars(o->short_name) > INV_NAME_CHARS)
        return db_fail(db, INV_EINVAL, _("office %1$s: the short name is too long (%2$zu "
                                         "characters, at most %3$zu)"), o->code,
                       utf8_chars(o->short_name), (size_t)INV_NAME_CHARS);
    if (utf8_chars(o->address) > INV_LONG_CHARS)
        return db_fail(db, INV_EINVAL, _("office %1$s: the address is too long (%2$zu "
                                         "characters, at most %3$zu)"), o->code,
                       utf8_chars(o->address), (size_t)INV_LONG_CHARS);
    return INV_OK;
}

inv_status office_add(inv_db *db, inv_office *o)
{
    if (!code_valid(o->code))
        return db_fail(db, INV_EINVAL, _("'%s' is not a valid office code (1-%d "
                                         "letters, digits, '-', '_', '.')"),
                       o->code, INV_CODE_MAX);
    if (!o->kind[0]) str_copy(o->kind, sizeof o->kind, "local");
    inv_status rc = check_fields(db, o);
    if (rc) return rc;
    inv_office parent, existing;
    o->parent_id = 0;
    if (o->parent_code[0]) {
        if ((rc = office_find(db, o->parent_code, &parent)) != INV_OK)
            return db_fail(db, rc, _("office %s: no parent office '%s'"), o->code,
                           o->parent_code);
        o->parent_id = parent.id;
        str_copy(o->parent_code, sizeof o->parent_code, parent.code);
    }
    if (office_find(db, o->code, &existing) == INV_OK &&
        strcasecmp(existing.code, o->code) == 0)
        return db_fail(db, INV_EEXIST, _("office %s already exists (%s)"), o->code,
                       existing.name);
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO office(code, name, short_name, kind, parent_id, oblast, address, active)"
        " VALUES(:code, :name, :short, :kind, :parent, :oblast, :address, :active)");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":code", o->code);
    db_bind_text(st, ":name", o->name);
    db_bind_text(st, ":short", o->short_name);
    db_bind_text(st, ":kind", o->kind);
    if (o->parent_id) db_bind_int(st, ":parent", o->parent_id);
    else db_bind_null(st, ":parent");
    db_bind_text0(st, ":oblast", o->oblast);
    db_bind_text(st, ":address", o->address);
    db_bind_int(st, ":active", 1);
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    if ((rc = db_exec_stmt(db, st, o->code)) != INV_OK) {
        db_rollback(db);
        return rc;
    }
    o->id = sqlite3_last_insert_rowid(db_sqlite(db));
    o->active = 1;
    if ((rc = history_record(db, "office", o->id, "office_created", NULL, NULL, NULL, NULL,
                             NULL)) != INV_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

inv_status office_update(inv_db *db, const char *code, const inv_office *in)
{
    inv_office cur;
    inv_status rc = office_find(db, code, &cur);
    if (rc) return rc;
    inv_office o = *in;
    o.id = cur.id;
    str_copy(o.code, sizeof o.code, cur.code);
    if ((rc = check_fields(db, &o)) != INV_OK) return rc;
    int64_t parent_id = 0;
    if (o.parent_code[0]) {
        inv_office parent;
        if ((rc = office_find(db, o.parent_code, &parent)) != INV_OK) return rc;
        /* Refuse a cycle: the new parent must not be this office or below it. */
        for (int64_t id = parent.id; id; ) {
            if (id == cur.id)
                return db_fail(db, INV_EINVAL, _("office %s cannot be placed under "
                                                 "%s, which is inside it"),
                               cur.code, parent.code);
            inv_office up;
            if ((rc = office_get(db, id, &up)) != INV_OK) return rc;
            id = up.parent_id;
        }
        parent_id = parent.id;
    }
    if (cur.active && !o.active) {
        office_counts c;
        if ((rc = office_count_assets(db, cur.id, 0, &c)) != INV_OK) return rc;
        int64_t held = c.in_stock + c.assigned + c.in_repair + c.missing;
        if (held > 0)
            return db_fail(db, INV_ESTATE,
                           ngettext("office %s still holds %lld asset: "
                                    "transfer it before deactivating the office",
                                    "office %s still holds %lld assets: "
                                    "transfer them before deactivating the office",
                                    (unsigned long)held),
                           cur.code, (long long)held);
    }
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    char *before = NULL;
    if ((rc = history_facts(db, "office", cur.id, &before, NULL, NULL)) != INV_OK) {
        db_rollback(db);
        return rc;
    }
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE office SET name = :name, short_name = :short, kind = :kind, parent_id = :parent,"
        " oblast = :oblast, address = :address, active = :active WHERE id = :id");
    if (!st) { free(before); db_rollback(db); return db_error(db)->code; }
    db_bind_text(st, ":name", o.name);
    db_bind_text(st, ":short", o.short_name);
    db_bind_text(st, ":kind", o.kind);
    if (parent_id) db_bind_int(st, ":parent", parent_id);
    else db_bind_null(st, ":parent");
    db_bind_text0(st, ":oblast", o.oblast);
    db_bind_text(st, ":address", o.address);
    db_bind_int(st, ":active", o.active ? 1 : 0);
    db_bind_int(st, ":id", cur.id);
    if ((rc = db_exec_stmt(db, st, cur.code)) != INV_OK ||
        (rc = history_record(db, "office", cur.id, "office_edited", before, NULL, NULL, NULL,
                             NULL)) != INV_OK) {
        free(before);
        db_rollback(db);
        return rc;
    }
    free(before);
    return db_commit(db);
}

typedef struct walk_node {
    inv_office o;
    int depth;
} walk_node;

inv_status office_walk(inv_db *db, office_visit_fn fn, void *arg)
{
    /* Depth-first with an explicit ordering key: the path of codes. */
    sqlite3_stmt *st = db_stmt(db,
        "WITH RECURSIVE t(id, depth, path) AS ("
        "  SELECT id, 0, code FROM office WHERE parent_id IS NULL"
        "  UNION ALL SELECT o.id, t.depth + 1, t.path || char(1) || o.code"
        "  FROM office o JOIN t ON o.parent_id = t.id WHERE t.depth < 64)"
        " SELECT " OFFICE_COLS ", t.depth" OFFICE_FROM " JOIN t ON t.id = o.id"
        " ORDER BY t.path");
    if (!st) return db_error(db)->code;
    int rc;
    inv_office o;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        office_from_row(st, &o);
        if (fn(&o, sqlite3_column_int(st, 10), arg)) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        inv_status s = db_fail_sqlite(db, _("reading offices"));
        sqlite3_reset(st);
        return s;
    }
    sqlite3_reset(st);
    return INV_OK;
}

inv_status office_count_assets(inv_db *db, int64_t office_id, int recursive,
                               office_counts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db,
        "WITH RECURSIVE sub(id) AS (SELECT :office UNION ALL"
        "   SELECT o.id FROM office o JOIN sub ON o.parent_id = sub.id WHERE :rec)"
        " SELECT status, count(*) FROM asset WHERE office_id IN (SELECT id FROM sub)"
        " GROUP BY status");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":office", office_id);
    db_bind_int(st, ":rec", recursive ? 1 : 0);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *s = db_col_text(st, 0);
        int64_t n = sqlite3_column_int64(st, 1);
        if (!strcmp(s, "in_stock")) out->in_stock = n;
        else if (!strcmp(s, "assigned")) out->assigned = n;
        else if (!strcmp(s, "in_repair")) out->in_repair = n;
        else if (!strcmp(s, "missing")) out->missing = n;
        else if (!strcmp(s, "written_off")) out->written_off = n;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("counting assets"));
    return INV_OK;
}

inv_status office_owning_warehouse(inv_db *db, int64_t office_id, inv_office *out)
{
    sqlite3_stmt *st = db_stmt(db,
        "WITH RECURSIVE up(id, depth) AS (SELECT :office, 0 UNION ALL"
        "   SELECT o.parent_id, up.depth + 1 FROM office o JOIN up ON o.id = up.id"
        "   WHERE o.parent_id IS NOT NULL AND up.depth < 64)"
        " SELECT " OFFICE_COLS OFFICE_FROM " JOIN up ON (o.id = up.id OR o.parent_id = up.id)"
        " WHERE o.kind = 'warehouse' AND o.active"
        " ORDER BY up.depth, o.id = up.id DESC, o.code LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":office", office_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        office_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return db_fail(db, INV_ENOTFOUND, _("no warehouse above this office to "
                                            "return to (add an office of kind "
                                            "warehouse)"));
    return db_fail_sqlite(db, _("finding the warehouse"));
}
