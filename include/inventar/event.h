/* event.h: the history. Append-only (the database refuses UPDATE and
 * DELETE), hash-chained: each event's hash covers its content and the
 * previous event's hash, so an altered event is found by verify. */
#ifndef INVENTAR_EVENT_H
#define INVENTAR_EVENT_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"

#define EVENT_TYPE_LIST(X)                         \
    X("created", N_("created"))                    \
    X("edited", N_("edited"))                      \
    X("assigned", N_("assigned"))                  \
    X("transferred", N_("transferred"))            \
    X("returned", N_("returned"))                  \
    X("status_changed", N_("status changed"))      \
    X("label_printed", N_("label printed"))        \
    X("seen", N_("seen in a stock check"))         \
    X("marked_missing", N_("marked missing by a stock check")) \
    X("imported", N_("imported"))

/* English label of an event type (untranslated). */
const char *event_type_label(const char *type);

/* One event. Office ids and codes both: ids are stored, codes are what
 * the hash covers (stable across export and restore). */
typedef struct inv_event {
    int64_t id;
    int64_t asset_id;
    char tag[INV_TAG_MAX + 1];
    char at[INV_TIME_MAX];            /* UTC; "" = now */
    char actor[128];                  /* "" = the handle's user */
    char type[20];
    int64_t from_office_id, to_office_id;           /* 0 = none */
    char from_office[INV_CODE_MAX + 1], to_office[INV_CODE_MAX + 1];
    char from_office_name[INV_NAME_MAX + 1], to_office_name[INV_NAME_MAX + 1];
    char from_status[INV_STATUS_MAX], to_status[INV_STATUS_MAX];
    int has_from;                     /* 0 for the first event of an asset */
    char from_custodian[INV_TEXT_MAX + 1], to_custodian[INV_TEXT_MAX + 1];
    char doc[INV_TEXT_MAX + 1];
    char note[INV_LONG_MAX + 1];
    char *changes;                    /* JSON {"field":[old,new]} or NULL;
                                         owned by the caller */
    int64_t check_id;                 /* 0 = none */
    char prev_hash[65], hash[65];
    char since[INV_TIME_MAX];         /* event_office_at only: when the asset
                                         last arrived at its office */
} inv_event;

/* Append ev inside the caller's transaction (one is required): fills
 * at/actor when empty, computes prev_hash and hash, sets ev->id. */
inv_status event_append(inv_db *db, inv_event *ev);

/* For a bulk load that hashes its events on another thread: the hash of
 * the newest event (EVENT_GENESIS when there is none), and an append of
 * an event whose at, actor, prev_hash and hash the caller has set
 * (prev_hash must be the chain's head; refused otherwise). */
inv_status event_chain_head(inv_db *db, char hash[65]);
inv_status event_append_hashed(inv_db *db, inv_event *ev);
/* The same for n events in order, each continuing the one before; written
 * several to a statement. */
inv_status event_append_hashed_many(inv_db *db, inv_event *evs, size_t n);
/* event_append for n events in order (one "now" for those without a
 * time), written several to a statement. */
inv_status event_append_many(inv_db *db, inv_event *evs, size_t n);

/* The hash of an event as stored: SHA-256 hex over the fields and
 * prev_hash. Used by event_append and by verify. */
void event_hash(const inv_event *ev, const char prev_hash[65], char out[65]);

/* Visit an asset's events, oldest first. */
typedef int (*event_visit_fn)(const inv_event *ev, void *arg);
inv_status event_walk_asset(inv_db *db, int64_t asset_id, event_visit_fn fn,
                            void *arg);

/* What an office held at the end of a date (ISO or Bulgarian date, the
 * end of that day in local time; NULL or "" = now): for every asset whose
 * latest event on or before that moment placed it at the office (or a
 * sub-office when recursive), fn is called with that event, its `since`
 * set to when the asset arrived there. Written-off assets are included
 * with that status. Ordered by tag. */
inv_status event_office_at(inv_db *db, int64_t office_id, int recursive,
                           const char *date, event_visit_fn fn, void *arg);

/* The genesis prev_hash: 64 zeros. */
extern const char EVENT_GENESIS[65];

#endif
