/* browse.h: windowed reads for interactive front ends (the TUI).
 *
 * An interactive list must not read what it does not show: with a
 * million assets only the visible window is read, by keyset pagination
 * on the sort key (the rows after or before a row already shown), never
 * by OFFSET. Each sort order walks an index of the asset table with the
 * row id as the last key, so each page is a few index seeks:
 *
 *   tag        (tag)                      unique, case-insensitive
 *   kind       (kind id, status, id)      index asset_kind_status
 *   office     (office id, status, id)    index asset_office; no office first
 *   status     (status, id)               index asset_status
 *   custodian  (custodian, id)            no index in schema 1: sorts
 *   model      (make, model, id)          no index in schema 1: sorts
 *
 * A filter that selects few assets (at most BROWSE_SMALL) is read through
 * its own index and sorted; one that selects many is read along the sort
 * index and checked row by row. A search (FTS5 prefix query) that matches
 * at most BROWSE_SEARCH_CAP assets is sorted like any selection; one that
 * matches more is listed in registration order (by id), which FTS5 gives
 * without reading the rest (browse_set_by_id() tells which).
 *
 * Also the office tree with asset counts per status, for the offices
 * screen and office pickers. */
#ifndef INVENTAR_BROWSE_H
#define INVENTAR_BROWSE_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"
#include "inventar/office.h"

/* A selection at most this big is read through the filter's index and
 * sorted in memory. */
#define BROWSE_SMALL 10000
/* Search results are counted up to this many; beyond it they are listed
 * in registration order. */
#define BROWSE_SEARCH_CAP 5000

/* Sort orders (X-macro: enum name, code, English column title). */
#define BROWSE_ORDER_LIST(X)                         \
    X(BROWSE_BY_TAG, "tag", N_("Tag"))               \
    X(BROWSE_BY_KIND, "kind", N_("Kind"))            \
    X(BROWSE_BY_MODEL, "model", N_("Make/model"))    \
    X(BROWSE_BY_OFFICE, "office", N_("Office"))      \
    X(BROWSE_BY_CUSTODIAN, "custodian", N_("Custodian")) \
    X(BROWSE_BY_STATUS, "status", N_("Status"))

typedef enum {
#define BR_X(e, code, title) e,
    BROWSE_ORDER_LIST(BR_X)
#undef BR_X
    BROWSE_ORDER_COUNT
} browse_order;

/* The code ("tag", ...) and the untranslated title of an order. */
const char *browse_order_code(browse_order o);
const char *browse_order_title(browse_order o);

/* What to list. Zero-initialise, then set what filters. */
typedef struct browse_filter {
    int64_t office_id;              /* 0: any office */
    int recursive;                  /* with the office's sub-offices */
    int64_t kind_id;                /* 0: any kind */
    char status[INV_STATUS_MAX];    /* status code; "": any */
    char search[INV_NAME_MAX + 1];  /* free text, words as prefixes; "": none */
    browse_order order;
    int desc;                       /* descending */
} browse_filter;

/* One listed asset: what a list row shows, and its sort key. */
typedef struct browse_row {
    int64_t id;
    char tag[INV_TAG_MAX + 1];
    int64_t kind_id;
    char kind_name[INV_NAME_MAX + 1];
    char make[INV_TEXT_MAX + 1];
    char model[INV_TEXT_MAX + 1];
    int64_t office_id;                  /* 0: none */
    char office_code[INV_CODE_MAX + 1];
    char office_name[INV_NAME_MAX + 1];
    char office_short[INV_NAME_MAX + 1]; /* the short name, else the name */
    char custodian[INV_TEXT_MAX + 1];
    char status[INV_STATUS_MAX];
} browse_row;

/* A prepared selection: the filter, its count, and how it is read. */
typedef struct browse_set browse_set;

/* Prepare the selection f. Counts it (exactly without a search; up to
 * BROWSE_SEARCH_CAP + 1 with one, keeping those matches' ids so that
 * the FTS5 query runs once per search) and picks the way to read it. Fails
 * with the handle's message (INV_EBUSY, INV_ECORRUPT, ...); a search
 * without any word selects nothing. */
inv_status browse_open(inv_db *db, const browse_filter *f, browse_set **out);
void browse_close(browse_set *b);

/* The count: exact unless *exact is set to 0 (then "more than count").
 * Without a filter or a search it is counted on the first call (the
 * first page need not wait for it); a failure to count gives 0 with
 * *exact 0 and the message on the handle. */
int64_t browse_count(browse_set *b, int *exact);
/* 1 when the count is known (browse_count will not read). */
int browse_counted(const browse_set *b);

/* 1 when the selection is listed by id instead of the filter's order
 * (a search with more than BROWSE_SEARCH_CAP matches). */
int browse_by_id(const browse_set *b);

/* Read up to n rows into out, walking from anchor in direction dir
 * (+1: on in the list's order, -1: back towards its start); out[0] is
 * the row nearest to anchor. anchor NULL starts at the list's first row
 * (dir > 0) or its last (dir < 0). With inclusive set, the anchor row
 * itself (or where it would be) comes first. *got is the number read.
 * The anchor need not still exist or hold the same values: rows are
 * compared by key. Errors as browse_open. */
inv_status browse_fetch(browse_set *b, const browse_row *anchor, int dir,
                        int inclusive, browse_row *out, int n, int *got);

/* Read one asset's row by id: INV_ENOTFOUND when it is gone. */
inv_status browse_get(inv_db *db, int64_t id, browse_row *out);

/* Counts per status: the office's own assets and with its sub-offices. */
typedef struct browse_office {
    inv_office office;
    int depth;             /* 0 for roots */
    office_counts own;     /* at the office itself */
    office_counts total;   /* with every sub-office */
} browse_office;

/* Every office in tree order (office_walk's order), with counts when
 * with_counts is set (one grouped read of the asset table; without it
 * counts are zero). *out is malloc'd (caller frees), *n its length. */
inv_status browse_office_tree(inv_db *db, int with_counts, browse_office **out,
                              int *n);

/* Lower the page cache of the handle to kib KiB (an interactive session
 * needs little; the default is made for bulk work). */
inv_status browse_limit_cache(inv_db *db, int kib);

#endif
