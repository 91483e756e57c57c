/* authz.c: who acts and whether they may (authz.h). */
#include <stdlib.h>
#include <string.h>

#include "inventar/authz.h"
#include "inventar/event.h"
#include "inventar/util.h"

typedef struct authz {
    int shared;           /* the database has users */
    inv_role role;
    int64_t user_id;      /* the login's row, 0 for root or a private db */
    char login[128];      /* the real login */
    char for_user[128];   /* --user of an admin on a shared database */
    int64_t *scope;       /* an operator's offices and all below, sorted */
    size_t nscope;
    char roots[512];      /* its offices' codes, for messages */
} authz;

const char *role_code(inv_role r)
{
    switch (r) {
    case ROLE_ADMIN: return "admin";
    case ROLE_OPERATOR: return "operator";
    case ROLE_AUDITOR: return "auditor";
    default: return "";
    }
}

const char *role_text(inv_role r)
{
    switch (r) {
    case ROLE_ADMIN: return P_("role", "admin");
    case ROLE_OPERATOR: return P_("role", "operator");
    case ROLE_AUDITOR: return P_("role", "auditor");
    default: return P_("role", "no role");
    }
}

inv_role role_parse(const char *code)
{
    if (!code) return ROLE_NONE;
    if (!strcmp(code, "admin")) return ROLE_ADMIN;
    if (!strcmp(code, "operator")) return ROLE_OPERATOR;
    if (!strcmp(code, "auditor")) return ROLE_AUDITOR;
    return ROLE_NONE;
}

static void authz_free(void *p)
{
    authz *a = p;
    if (!a) return;
    free(a->scope);
    free(a);
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* An operator's scope: its offices and every office below them. */
static inv_status load_scope(inv_db *db, authz *a)
{
    free(a->scope);
    a->scope = NULL;
    a->nscope = 0;
    a->roots[0] = '\0';
    if (a->role != ROLE_OPERATOR) return INV_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(c, ', ') FROM (SELECT o.code AS c"
                                   " FROM app_user_office u JOIN office o ON o.id = u.office_id"
                                   " WHERE u.user_id = :u ORDER BY o.code)");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":u", a->user_id);
    if (sqlite3_step(st) == SQLITE_ROW) str_copy(a->roots, sizeof a->roots, db_col_text(st, 0));
    sqlite3_reset(st);
    st = db_stmt(db, "WITH RECURSIVE s(id) AS (SELECT office_id FROM app_user_office"
                     " WHERE user_id = :u UNION SELECT o.id FROM office o JOIN s"
                     " ON o.parent_id = s.id) SELECT id FROM s");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":u", a->user_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (a->nscope == cap) {
            cap = cap ? cap * 2 : 32;
            a->scope = realloc(a->scope, cap * sizeof *a->scope);
            if (!a->scope) abort();
        }
        a->scope[a->nscope++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("reading the users"));
    if (a->nscope) qsort(a->scope, a->nscope, sizeof *a->scope, cmp_id);
    return INV_OK;
}

/* The active admins' logins, "a, b", for a message. */
static void admins(inv_db *db, char *out, size_t n)
{
    out[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(login, ', ') FROM (SELECT login"
                                   " FROM app_user WHERE role = 'admin' AND active = 1"
                                   " ORDER BY login)");
    if (!st) return;
    if (sqlite3_step(st) == SQLITE_ROW) str_copy(out, n, db_col_text(st, 0));
    sqlite3_reset(st);
}

inv_status authz_begin(inv_db *db, const authz_who *who)
{
    authz *a = calloc(1, sizeof *a);
    if (!a) abort();
    const char *login = who->login && *who->login ? who->login : user_login_name();
    str_copy(a->login, sizeof a->login, login);
    int64_t users = 0;
    inv_status rc = db_one_int(db, "SELECT count(*) FROM app_user", &users);
    if (rc != INV_OK) {
        authz_free(a);
        return rc;
    }
    a->shared = users > 0;
    if (!a->shared) {
        /* A private database: whoever may open the file is its admin.
         * The configured shared database with no users yet is the system
         * administrator's to set up. */
        if (who->privileged && !who->root) {
            authz_free(a);
            return db_fail(db, INV_EPERM,
                           _("the shared database %s has no administrator yet: the system "
                             "administrator sets it up with 'sudo inventar init --admin LOGIN'"),
                           db_path(db));
        }
        a->role = ROLE_ADMIN;
        db_set_authz(db, a, authz_free);
        db_set_user(db, who->as_user && *who->as_user ? who->as_user : login);
        return INV_OK;
    }
    if (who->root || who->owner) {
        a->role = ROLE_ADMIN;
    } else {
        sqlite3_stmt *st = db_stmt(db, "SELECT id, role, active FROM app_user WHERE login = :l");
        if (!st) {
            authz_free(a);
            return db_error(db)->code;
        }
        db_bind_text(st, ":l", login);
        int active = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            a->user_id = sqlite3_column_int64(st, 0);
            a->role = role_parse(db_col_text(st, 1));
            active = sqlite3_column_int(st, 2);
        }
        sqlite3_reset(st);
        if (!a->user_id || !active || a->role == ROLE_NONE) {
            char adm[256];
            admins(db, adm, sizeof adm);
            int had = a->user_id != 0;
            authz_free(a);
            if (had)
                /* TRANSLATORS: %1$s is a login, %2$s the admins' logins. */
                return db_fail(db, INV_EPERM,
                               _("login %1$s was deactivated in this database; ask its "
                                 "administrator (%2$s) to run 'inventar user edit %1$s "
                                 "--activate'"), login, adm[0] ? adm : "root");
            /* TRANSLATORS: %1$s is a login, %2$s the admins' logins. */
            return db_fail(db, INV_EPERM,
                           _("login %1$s has no role in this database; ask its administrator "
                             "(%2$s) to run 'inventar user add %1$s --role operator --office "
                             "CODE' (or --role auditor)"), login, adm[0] ? adm : "root");
        }
    }
    if (who->as_user && *who->as_user && strcmp(who->as_user, login) != 0) {
        if (a->role != ROLE_ADMIN) {
            inv_role r = a->role;
            authz_free(a);
            /* TRANSLATORS: %1$s is a role, %2$s a login. */
            return db_fail(db, INV_EPERM,
                           _("--user is for admins: on this shared database the acts of "
                             "%1$s %2$s are recorded under the login %2$s"),
                           role_text(r), login);
        }
        str_copy(a->for_user, sizeof a->for_user, who->as_user);
    }
    rc = load_scope(db, a);
    if (rc != INV_OK) {
        authz_free(a);
        return rc;
    }
    db_set_authz(db, a, authz_free);
    db_set_user(db, login);
    return INV_OK;
}

inv_status authz_reload(inv_db *db)
{
    authz *a = db_authz(db);
    if (!a) return INV_OK;
    int64_t users = 0;
    inv_status rc = db_one_int(db, "SELECT count(*) FROM app_user", &users);
    if (rc != INV_OK) return rc;
    if (!a->shared && users > 0) {
        /* A private database got its first users: its admin stays admin
         * until the handle closes; the next start reads the roles. */
        return INV_OK;
    }
    if (a->user_id) {
        sqlite3_stmt *st = db_stmt(db, "SELECT role, active FROM app_user WHERE id = :id");
        if (!st) return db_error(db)->code;
        db_bind_int(st, ":id", a->user_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            a->role = sqlite3_column_int(st, 1) ? role_parse(db_col_text(st, 0)) : ROLE_NONE;
        sqlite3_reset(st);
    }
    return load_scope(db, a);
}

inv_role authz_role(inv_db *db)
{
    authz *a = db_authz(db);
    return a ? a->role : ROLE_ADMIN;
}

int authz_shared(inv_db *db)
{
    authz *a = db_authz(db);
    return a ? a->shared : 0;
}

const char *authz_login(inv_db *db)
{
    authz *a = db_authz(db);
    return a ? a->login : db_user(db);
}

const char *authz_for_user(inv_db *db)
{
    authz *a = db_authz(db);
    return a ? a->for_user : "";
}

static int in_scope(const authz *a, int64_t office)
{
    return bsearch(&office, a->scope, a->nscope, sizeof *a->scope, cmp_id) != NULL;
}

static void office_code(inv_db *db, int64_t id, char *out, size_t n)
{
    snprintf(out, n, "#%lld", (long long)id);
    sqlite3_stmt *st = db_stmt(db, "SELECT code FROM office WHERE id = :id");
    if (!st) return;
    db_bind_int(st, ":id", id);
    if (sqlite3_step(st) == SQLITE_ROW) str_copy(out, n, db_col_text(st, 0));
    sqlite3_reset(st);
}

/* The operator's rule, refusing office. */
static inv_status outside(inv_db *db, const authz *a, int64_t office)
{
    char code[64];
    office_code(db, office, code, sizeof code);
    /* TRANSLATORS: %1$s is a login, %2$s its offices' codes, %3$s an
     * office's code. */
    return db_fail(db, INV_EPERM, _("operator %1$s may act in %2$s and below; %3$s is outside "
                                    "it"), a->login, a->roots[0] ? a->roots : "-", code);
}

static inv_status reads_only(inv_db *db, const authz *a)
{
    return db_fail(db, INV_EPERM,
                   _("auditor %s reads, reports, exports and verifies; recording an act needs "
                     "an operator's or an admin's role"), a->login);
}

inv_status authz_check(inv_db *db, authz_act act, int64_t office_id)
{
    authz *a = db_authz(db);
    if (!a || a->role == ROLE_ADMIN || act == AUTHZ_READ) return INV_OK;
    if (a->role == ROLE_AUDITOR) return reads_only(db, a);
    if (act == AUTHZ_ADMIN)
        return db_fail(db, INV_EPERM, _("only an admin may do this: operator %1$s acts on "
                                        "assets and stock checks in %2$s and below"),
                       a->login, a->roots[0] ? a->roots : "-");
    if (office_id && !in_scope(a, office_id)) return outside(db, a, office_id);
    return INV_OK;
}

inv_status authz_check_code(inv_db *db, authz_act act, const char *office_code)
{
    authz *a = db_authz(db);
    if (!a || a->role == ROLE_ADMIN || act == AUTHZ_READ) return INV_OK;
    int64_t id = 0;
    if (office_code && *office_code) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id FROM office WHERE code = :c");
        if (!st) return db_error(db)->code;
        db_bind_text(st, ":c", office_code);
        if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    return authz_check(db, act, id);
}

int authz_may(inv_db *db, authz_act act, int64_t office_id)
{
    authz *a = db_authz(db);
    if (!a || a->role == ROLE_ADMIN || act == AUTHZ_READ) return 1;
    if (a->role == ROLE_AUDITOR || act == AUTHZ_ADMIN) return 0;
    return !office_id || in_scope(a, office_id);
}

/* A stock check's office in the operator's scope. */
static inv_status check_office(inv_db *db, const authz *a, int64_t check)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(office_id, 0) FROM stock_check"
                                   " WHERE id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", check);
    int64_t office = 0;
    if (sqlite3_step(st) == SQLITE_ROW) office = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (office && !in_scope(a, office)) return outside(db, a, office);
    return INV_OK;
}

/* A subject's words for the admin-only refusal. */
static const char *subject_words(const char *subject)
{
    if (!strcmp(subject, "office")) return _("offices");
    if (!strcmp(subject, "kind")) return _("asset kinds");
    if (!strcmp(subject, "funding")) return _("funding projects");
    if (!strcmp(subject, "user")) return _("users");
    return subject;
}

inv_status authz_event(inv_db *db, const inv_event *ev)
{
    authz *a = db_authz(db);
    if (!a || a->role == ROLE_ADMIN) return INV_OK;
    if (a->role != ROLE_OPERATOR) return reads_only(db, a);
    if (event_is_asset(ev) && ev->check_id) {
        /* A stock check's finding: the check's office decides where the
         * asset came from; where it goes must be in scope too. */
        inv_status rc = check_office(db, a, ev->check_id);
        if (rc != INV_OK || !strcmp(ev->type, "seen") || !strcmp(ev->type, "marked_missing"))
            return rc;
        if (ev->to_office_id && !in_scope(a, ev->to_office_id))
            return outside(db, a, ev->to_office_id);
        return INV_OK;
    }
    if (event_is_asset(ev)) {
        int64_t from = ev->has_from ? ev->from_office_id : 0, to = ev->to_office_id;
        if (!from && !to) {
            sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(office_id, 0) FROM asset"
                                           " WHERE id = :id");
            if (!st) return db_error(db)->code;
            db_bind_int(st, ":id", ev->asset_id);
            if (sqlite3_step(st) == SQLITE_ROW) to = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
        }
        if (from && !in_scope(a, from)) return outside(db, a, from);
        if (to && !in_scope(a, to)) return outside(db, a, to);
        if (!from && !to)
            return db_fail(db, INV_EPERM, _("operator %1$s may act in %2$s and below; asset "
                                            "%3$s is at no office"),
                           a->login, a->roots[0] ? a->roots : "-", ev->tag);
        return INV_OK;
    }
    if (!strcmp(ev->subject_type, "check")) return check_office(db, a, ev->subject_id);
    if (!strcmp(ev->subject_type, "document")) return INV_OK; /* its acts are asked */
    /* TRANSLATORS: %1$s is "offices", "asset kinds", ...; %2$s a login,
     * %3$s offices' codes. */
    return db_fail(db, INV_EPERM, _("only an admin may change %1$s: operator %2$s acts on "
                                    "assets and stock checks in %3$s and below"),
                   subject_words(ev->subject_type), a->login, a->roots[0] ? a->roots : "-");
}
