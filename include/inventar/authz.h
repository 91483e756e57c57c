/* authz.h: who is acting, and whether they may (DESIGN.md section 10).
 *
 * The one place that decides. A database without users is private:
 * whoever the operating system lets open the file is its admin, and
 * --user names the actor as before. A database with users is shared:
 * the actor is the login of the real user id, with the role the users
 * table gives it (user.h); the system administrator (real uid 0), and
 * the owner of a file opened without the privilege, are admins. The CLI and the TUI ask here before offering an act; the core
 * asks again for every event it appends (event.c), so an act refused
 * here changes nothing, whatever front end tried it. */
#ifndef INVENTAR_AUTHZ_H
#define INVENTAR_AUTHZ_H

#include <stdint.h>
#include "inventar/db.h"

typedef enum { ROLE_NONE = 0, ROLE_ADMIN, ROLE_OPERATOR, ROLE_AUDITOR } inv_role;

/* "admin", "operator", "auditor" ("" for ROLE_NONE); the words for a
 * person, translated; a role from its code (ROLE_NONE when unknown). */
const char *role_code(inv_role r);
const char *role_text(inv_role r);
inv_role role_parse(const char *code);

/* What an act is, for the question "may this login do it here". */
typedef enum {
    AUTHZ_READ,  /* lists, reports, history, export, verify, backup */
    AUTHZ_ASSET, /* an act on an asset at an office: register, edit,
                    assign, transfer, return, status, labels, revert,
                    import */
    AUTHZ_CHECK, /* a stock check of an office */
    AUTHZ_ADMIN, /* offices, kinds, funding projects, users, the demo */
} authz_act;

typedef struct authz_who {
    const char *login;   /* the real user's login (getpwuid(getuid())) */
    int root;            /* the real user id is 0 */
    int owner;           /* without the privilege, the user owns the file:
                            the operating system lets it do anything with
                            it, so it is an admin here too (a copy) */
    int privileged;      /* running with the group privilege on the
                            configured shared database */
    const char *as_user; /* --user, or NULL */
} authz_who;

/* Decide who acts on db, once, after opening it: sets the handle's
 * actor (db_set_user) and role. Fails with INV_EPERM and a message that
 * says what to do (a login without a role is told whom to ask; --user
 * on a shared database is for admins). */
inv_status authz_begin(inv_db *db, const authz_who *who);

/* After authz_begin (ROLE_ADMIN for a handle without it). */
inv_role authz_role(inv_db *db);
/* 1 when the database has users (roles apply). */
int authz_shared(inv_db *db);
/* The real login acting (the handle's user on a private database). */
const char *authz_login(inv_db *db);
/* On a shared database, the user an admin acts for (--user), or "". */
const char *authz_for_user(inv_db *db);

/* May the login do act at office_id (0: no office in question)? INV_OK,
 * or INV_EPERM with the rule that refused on the handle ("operator op1
 * may act in RDSA-11 and below; DSP-BLAGOEVGRAD is outside it"). */
inv_status authz_check(inv_db *db, authz_act act, int64_t office_id);
/* authz_check for the office with this code ("" or unknown: none). */
inv_status authz_check_code(inv_db *db, authz_act act, const char *office_code);
/* The same as a yes (1) or no (0), leaving no error: for a front end
 * that shows only what may be done. */
int authz_may(inv_db *db, authz_act act, int64_t office_id);

/* The core's question for every event it appends (event.c): an asset's
 * event needs its offices (from, to, else the asset's own) in scope, a
 * stock check's its office, any other subject an admin. What a stock
 * check records about an asset (an event with its check_id: seen,
 * marked missing, moved to the checked office by its apply) is the
 * check's act: the check's office decides where the asset came from (an
 * asset of another region found in the operator's office is seen and
 * taken there), and where it goes must be in scope. */
struct inv_event;
inv_status authz_event(inv_db *db, const struct inv_event *ev);

/* Reload the operator's scope after a change to offices or users in
 * this handle (user.c calls it). */
inv_status authz_reload(inv_db *db);

#endif
