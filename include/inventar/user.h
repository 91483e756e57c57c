/* user.h: the users of a shared database and their roles (authz.h).
 * Users are never deleted: a user leaves by deactivation. Every change
 * is an act in the history ('user_created', 'user_edited'; subject
 * "user", key the login). Only an admin may change users (authz). */
#ifndef INVENTAR_USER_H
#define INVENTAR_USER_H

#include <stdint.h>
#include "inventar/authz.h"
#include "inventar/db.h"

#define INV_LOGIN_MAX 32
#define INV_USER_OFFICES_MAX 64

typedef struct inv_user {
    int64_t id;
    char login[INV_LOGIN_MAX + 1];
    inv_role role;
    int active;
    char offices[1024]; /* the codes of its offices, "A,B", sorted */
    char since[24];     /* when it was created (UTC), "" when unknown */
    char by[128];       /* who created it */
} inv_user;

/* A login as the system has them (letters, digits, '.', '_', '-', not
 * starting with '-'), at most INV_LOGIN_MAX bytes: 0 or -1. */
int user_login_valid(const char *login);

/* Add login with role; offices (n codes) only for an operator, who
 * needs at least one. The login must exist on this system (getpwnam)
 * unless check_system is 0. INV_EEXIST when it is there already. */
inv_status user_add(inv_db *db, const char *login, inv_role role,
                    const char *const *offices, int n, int check_system);

/* Change login's role (ROLE_NONE: keep it) and, when offices is not
 * NULL, its offices (n codes, replacing them); active: 1 reactivate, 0
 * deactivate, -1 keep. An admin can't deactivate or demote the last
 * active admin. *changed, when not NULL, says whether anything changed. */
inv_status user_edit(inv_db *db, const char *login, inv_role role,
                     const char *const *offices, int n, int active, int *changed);

/* Load one user; INV_ENOTFOUND when there is none. */
inv_status user_get(inv_db *db, const char *login, inv_user *u);

/* Every user, by login. Stops when fn returns non-zero. */
typedef int (*user_visit_fn)(const inv_user *u, void *arg);
inv_status user_walk(inv_db *db, user_visit_fn fn, void *arg);

/* How many users there are (0: a private database). */
inv_status user_count(inv_db *db, int64_t *n);

#endif
