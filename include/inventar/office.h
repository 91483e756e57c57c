/* office.h: offices and their tree. */
#ifndef INVENTAR_OFFICE_H
#define INVENTAR_OFFICE_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"
#include "inventar/util.h"

/* Office kinds: code, English label (for gettext). */
#define OFFICE_KIND_LIST(X)                                     \
    X("head", N_("head office"))                                \
    X("regional", N_("regional directorate"))                   \
    X("local", N_("local directorate"))                         \
    X("service", N_("social service"))                          \
    X("front", N_("front office"))                              \
    X("warehouse", N_("warehouse"))

typedef struct inv_office {
    int64_t id;
    char code[INV_CODE_MAX + 1];
    char name[INV_NAME_MAX + 1];
    char short_name[INV_NAME_MAX + 1];  /* what fits a column ("РДСП Ловеч"); "" = none */
    char kind[16];                      /* one of OFFICE_KIND_LIST */
    int64_t parent_id;                  /* 0: none (a root) */
    char parent_code[INV_CODE_MAX + 1]; /* "" when a root */
    char oblast[8];                     /* "BG-11" or "" */
    char address[INV_LONG_MAX + 1];
    int active;
} inv_office;

/* 1 when kind is a known office kind code. */
int office_kind_valid(const char *kind);
/* The English label of an office kind code (untranslated), or kind. */
const char *office_kind_label(const char *kind);

/* The name to show where space is short: the short name, or the name
 * when the office has none. */
const char *office_short(const inv_office *o);

/* Add an office. o->code, o->name, o->kind required (o->short_name may
 * be empty); o->parent_code
 * names the parent (code or exact name) or is empty. Fills o->id.
 * Fails with INV_EEXIST for a taken code, INV_ENOTFOUND for an unknown
 * parent, INV_EINVAL for a bad field. */
inv_status office_add(inv_db *db, inv_office *o);

/* Find an office by code or exact name. INV_ENOTFOUND names it. */
inv_status office_find(inv_db *db, const char *code_or_name, inv_office *out);

/* Load by id. */
inv_status office_get(inv_db *db, int64_t id, inv_office *out);

/* Change name, short name, kind, parent, oblast, address or the active flag of the
 * office `code` to those in o (code is not changeable: labels and the
 * history refer to it). Refuses a parent that would make a cycle, and
 * deactivating an office that still holds assets. */
inv_status office_update(inv_db *db, const char *code, const inv_office *o);

/* Call fn for every office in tree order (depth-first, children by code);
 * depth is 0 for roots. Stops early when fn returns non-zero. */
typedef int (*office_visit_fn)(const inv_office *o, int depth, void *arg);
inv_status office_walk(inv_db *db, office_visit_fn fn, void *arg);

/* Counts of assets per status at one office (without sub-offices). */
typedef struct office_counts {
    int64_t in_stock, assigned, in_repair, missing, written_off;
} office_counts;
inv_status office_count_assets(inv_db *db, int64_t office_id, int recursive,
                               office_counts *out);

/* The warehouse that takes back assets returned from office_id: the
 * office itself when it is a warehouse, else the nearest warehouse among
 * the children of it or of its ancestors. INV_ENOTFOUND when none. */
inv_status office_owning_warehouse(inv_db *db, int64_t office_id, inv_office *out);

/* The names offices had through time, read once (one query) from the
 * offices' events that hold a name: office_created, office_edited and
 * baseline. Offices are few, so a command or a screen loads them once
 * and picks a name per event without another query. */
typedef struct office_names office_names;

/* Load every office's name history; *out is freed with
 * office_names_free. Fails with the database error (*out NULL). */
inv_status office_names_load(inv_db *db, office_names **out);

/* The name office_id had when event event_id was recorded: the name of
 * the newest of its name events numbered below event_id; for an event
 * older than all of them (an event before its office's history began,
 * migration 7), the first name the history knows. NULL when the history
 * holds no name for the office (n NULL included): the caller keeps the
 * current one. The string lives as long as n. */
const char *office_names_at(const office_names *n, int64_t office_id, int64_t event_id);

void office_names_free(office_names *n);

#endif
