/* demo.h: the demo database, the world of the seeds: the Agency for
 * Social Assistance's head office, its 28 regional directorates with a
 * warehouse each, the local directorates and social services the seeds
 * name, the municipal front offices of Haskovo and Aytos, the funding
 * projects, 85 vehicles, 330 tablets and 1,200 computer configurations,
 * the front offices' equipment, and a plausible history of each asset.
 *
 * Everything is deterministic (a fixed pseudo-random seed, timestamps
 * in the past chosen by the generator, not by the clock), so two demo
 * databases of the same scale are identical and tests can count. */
#ifndef INVENTAR_DEMO_H
#define INVENTAR_DEMO_H

#include <stdint.h>
#include "inventar/db.h"

/* Largest --scale accepted: 10,000 copies (about 16 million assets). */
#define DEMO_SCALE_MAX 10000

/* What demo_fill wrote. */
typedef struct demo_summary {
    int64_t offices;
    int64_t funding;      /* funding projects */
    int64_t assets;       /* all kinds together */
    int64_t vehicles, tablets, computers;
    int64_t front;        /* the front offices' equipment (own kinds) */
    int64_t events;
} demo_summary;

/* Fill db, which must hold no offices, assets or funding projects, with
 * the demo world; scale (1..DEMO_SCALE_MAX) multiplies the assets. One
 * transaction: all of it or nothing. Every asset's events replay to its
 * current office, status and custodian, and the history's hash chain
 * and the search index stay in step. Fails with INV_ESTATE naming what
 * the database already holds, INV_EINVAL for a bad scale, or the
 * database's error; the message is on the handle. out may be NULL. */
inv_status demo_fill(inv_db *db, int scale, demo_summary *out);

#endif
