/* funding.h: funding projects (EU programmes, municipal projects). */
#ifndef INVENTAR_FUNDING_H
#define INVENTAR_FUNDING_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"

typedef struct inv_funding {
    int64_t id;
    char code[64];                    /* "BG05M9OP001-3.006-0001" */
    char title[INV_LONG_MAX + 1];
    char programme[INV_NAME_MAX + 1];
    int has_amount;
    int64_t amount;                   /* minor units */
    char currency[4];                 /* "BGN", "EUR" or "" */
    char date_from[INV_DATE_MAX], date_to[INV_DATE_MAX];
    char durable_until[INV_DATE_MAX];
} inv_funding;

/* Add a funding project; INV_EEXIST for a taken code. */
inv_status funding_add(inv_db *db, inv_funding *f);
/* Find by code. */
inv_status funding_find(inv_db *db, const char *code, inv_funding *out);
inv_status funding_get(inv_db *db, int64_t id, inv_funding *out);
/* Visit all, ordered by code. */
typedef int (*funding_visit_fn)(const inv_funding *f, void *arg);
inv_status funding_walk(inv_db *db, funding_visit_fn fn, void *arg);
/* Number of assets bought under a project, and their total cost per
 * currency (minor units). */
inv_status funding_usage(inv_db *db, int64_t id, int64_t *count,
                         int64_t *cost_bgn, int64_t *cost_eur);

#endif
