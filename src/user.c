/* user.c: the users of a shared database (user.h). */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/history.h"
#include "inventar/user.h"
#include "inventar/util.h"

int user_login_valid(const char *login)
{
    size_t n = strlen(login);
    if (n == 0 || n > INV_LOGIN_MAX || login[0] == '-') return -1;
    for (const char *p = login; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return -1;
    }
    return 0;
}

inv_status user_count(inv_db *db, int64_t *n)
{
    return db_one_int(db, "SELECT count(*) FROM app_user", n);
}

/* A user's row for user_row. */
#define USER_SELECT                                                                  \
    "SELECT u.id, u.login, u.role, u.active, (SELECT group_concat(c, ',') FROM (SELECT"  \
    " o.code AS c FROM app_user_office x JOIN office o ON o.id = x.office_id WHERE"       \
    " x.user_id = u.id ORDER BY o.code)), (SELECT e.at FROM event e WHERE"               \
    " e.subject_type = 'user' AND e.subject_id = u.id ORDER BY e.id LIMIT 1),"           \
    " (SELECT e.actor FROM event e WHERE e.subject_type = 'user' AND e.subject_id = u.id" \
    " ORDER BY e.id LIMIT 1) FROM app_user u"

static void user_row(sqlite3_stmt *st, inv_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    str_copy(u->login, sizeof u->login, db_col_text(st, 1));
    u->role = role_parse(db_col_text(st, 2));
    u->active = sqlite3_column_int(st, 3);
    str_copy(u->offices, sizeof u->offices, db_col_text(st, 4));
    str_copy(u->since, sizeof u->since, db_col_text(st, 5));
    str_copy(u->by, sizeof u->by, db_col_text(st, 6));
}

inv_status user_get(inv_db *db, const char *login, inv_user *u)
{
    static const char sql[] = USER_SELECT " WHERE u.login = :l";
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":l", login);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) user_row(st, u);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return INV_OK;
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the users"));
    return db_fail(db, INV_ENOTFOUND, _("no user '%s' in this database ('inventar user list' "
                                        "shows them)"), login);
}

inv_status user_walk(inv_db *db, user_visit_fn fn, void *arg)
{
    static const char sql[] = USER_SELECT " ORDER BY u.login";
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return db_error(db)->code;
    int rc;
    inv_user u;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        user_row(st, &u);
        if (fn(&u, arg)) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the users"));
    return INV_OK;
}

/* The ids of n office codes into ids; fails naming an unknown one. */
static inv_status office_ids(inv_db *db, const char *const *codes, int n, int64_t *ids)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM office WHERE code = :c");
    if (!st) return db_error(db)->code;
    for (int i = 0; i < n; i++) {
        db_bind_text(st, ":c", codes[i]);
        int rc = sqlite3_step(st);
        ids[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading offices"));
        if (!ids[i])
            return db_fail(db, INV_ENOTFOUND, _("no office '%s' ('inventar office list' shows "
                                                "them)"), codes[i]);
    }
    return INV_OK;
}

static inv_status set_offices(inv_db *db, int64_t user, const int64_t *ids, int n)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM app_user_office WHERE user_id = :u");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":u", user);
    inv_status rc = db_exec_stmt(db, st, _("writing the users"));
    for (int i = 0; i < n && rc == INV_OK; i++) {
        st = db_stmt(db, "INSERT OR IGNORE INTO app_user_office(user_id, office_id)"
                         " VALUES(:u, :o)");
        if (!st) return db_error(db)->code;
        db_bind_int(st, ":u", user);
        db_bind_int(st, ":o", ids[i]);
        rc = db_exec_stmt(db, st, _("writing the users"));
    }
    return rc;
}

/* The role and offices go together: an operator has offices, the others
 * none (they act everywhere or nowhere). */
static inv_status check_role_offices(inv_db *db, const char *login, inv_role role, int n)
{
    if (role == ROLE_OPERATOR && n == 0)
        return db_fail(db, INV_EINVAL, _("operator %s needs at least one --office: the offices "
                                         "it acts in, with all below them"), login);
    if (role != ROLE_OPERATOR && n > 0)
        /* TRANSLATORS: %1$s is a role, %2$s a login. */
        return db_fail(db, INV_EINVAL, _("%1$s %2$s acts on every office: --office is only for "
                                         "an operator"), role_text(role), login);
    return INV_OK;
}

inv_status user_add(inv_db *db, const char *login, inv_role role,
                    const char *const *offices, int n, int check_system)
{
    if (user_login_valid(login) != 0)
        return db_fail(db, INV_EINVAL, _("'%s' is not a login: letters, digits, '.', '_' and "
                                         "'-', at most %d"), login, INV_LOGIN_MAX);
    if (role == ROLE_NONE)
        return db_fail(db, INV_EINVAL, _("the role must be admin, operator or auditor"));
    if (n > INV_USER_OFFICES_MAX)
        return db_fail(db, INV_EINVAL, _("at most %d offices per user"), INV_USER_OFFICES_MAX);
    inv_status rc = check_role_offices(db, login, role, n);
    if (rc) return rc;
    if (check_system && !getpwnam(login))
        return db_fail(db, INV_ENOTFOUND, _("there is no login '%s' on this system: create "
                                            "the account first (adduser)"), login);
    if ((rc = authz_check(db, AUTHZ_ADMIN, 0)) != INV_OK) return rc;
    int64_t ids[INV_USER_OFFICES_MAX];
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    rc = office_ids(db, offices, n, ids);
    if (rc == INV_OK) {
        sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM app_user WHERE login = :l");
        if (!st) rc = db_error(db)->code;
        else {
            db_bind_text(st, ":l", login);
            int found = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_reset(st);
            if (found)
                rc = db_fail(db, INV_EEXIST, _("user %s is there already: change it with "
                                               "'inventar user edit %s'"), login, login);
        }
    }
    int64_t id = 0;
    if (rc == INV_OK) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO app_user(login, role) VALUES(:l, :r)");
        if (!st) rc = db_error(db)->code;
        else {
            db_bind_text(st, ":l", login);
            db_bind_text(st, ":r", role_code(role));
            rc = db_exec_stmt(db, st, _("writing the users"));
            id = sqlite3_last_insert_rowid(db_sqlite(db));
        }
    }
    if (rc == INV_OK) rc = set_offices(db, id, ids, n);
    if (rc == INV_OK) rc = history_record(db, "user", id, "user_created", NULL, NULL, NULL, NULL,
                                          NULL);
    if (rc == INV_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc == INV_OK) rc = authz_reload(db);
    return rc;
}

/* Active admins other than user id. */
static inv_status other_admins(inv_db *db, int64_t id, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM app_user WHERE role = 'admin'"
                                   " AND active = 1 AND id <> :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    *n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return INV_OK;
}

inv_status user_edit(inv_db *db, const char *login, inv_role role,
                     const char *const *offices, int n, int active, int *changed)
{
    if (changed) *changed = 0;
    if (n > INV_USER_OFFICES_MAX)
        return db_fail(db, INV_EINVAL, _("at most %d offices per user"), INV_USER_OFFICES_MAX);
    inv_status rc = authz_check(db, AUTHZ_ADMIN, 0);
    if (rc) return rc;
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    inv_user u;
    rc = user_get(db, login, &u);
    inv_role nrole = role != ROLE_NONE ? role : u.role;
    int64_t ids[INV_USER_OFFICES_MAX];
    int nn = 0, replace = offices != NULL; /* nn: the offices it will have */
    if (rc == INV_OK && offices) {
        rc = office_ids(db, offices, n, ids);
        nn = n;
    } else if (rc == INV_OK && nrole == ROLE_OPERATOR) {
        nn = u.offices[0] ? 1 : 0; /* kept as they are */
    } else if (rc == INV_OK && u.offices[0]) {
        replace = 1; /* leaving the operator's role leaves its offices */
    }
    if (rc == INV_OK) rc = check_role_offices(db, login, nrole, nn);
    int nactive = active < 0 ? u.active : active;
    if (rc == INV_OK && u.role == ROLE_ADMIN && u.active && (nrole != ROLE_ADMIN || !nactive)) {
        int64_t others = 0;
        rc = other_admins(db, u.id, &others);
        if (rc == INV_OK && others == 0)
            rc = db_fail(db, INV_ESTATE, _("%s is the last active admin: add another admin "
                                           "before changing it"), login);
    }
    char *before = NULL;
    if (rc == INV_OK) rc = history_facts(db, "user", u.id, &before, NULL, NULL);
    if (rc == INV_OK) {
        sqlite3_stmt *st = db_stmt(db, "UPDATE app_user SET role = :r, active = :a"
                                       " WHERE id = :id");
        if (!st) rc = db_error(db)->code;
        else {
            db_bind_text(st, ":r", role_code(nrole));
            db_bind_int(st, ":a", nactive);
            db_bind_int(st, ":id", u.id);
            rc = db_exec_stmt(db, st, _("writing the users"));
        }
    }
    if (rc == INV_OK && replace) rc = set_offices(db, u.id, ids, offices ? n : 0);
    int appended = 0;
    if (rc == INV_OK)
        rc = history_record(db, "user", u.id, "user_edited", before, NULL, NULL, NULL, &appended);
    free(before);
    if (rc == INV_OK) rc = db_commit(db);
    else db_rollback(db);
    if (rc == INV_OK) rc = authz_reload(db);
    if (rc == INV_OK && changed) *changed = appended;
    return rc;
}
