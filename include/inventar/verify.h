/* verify.h: checking that the database is what it claims to be, and
 * taking a consistent copy of it.
 *
 * verify_all runs every check in turn and stops at the first fault:
 * SQLite's own integrity and foreign keys, the triggers that keep the
 * history append-only and the search index in step, the search index
 * itself, and one ordered pass over the whole history that replays every
 * asset and recomputes the hash chain. A fault is INV_ECORRUPT with a
 * message on the handle naming the event, asset or table, e.g.
 *   "event 1234 (asset PC-000017, 2024-03-01T10:00:00Z): hash does not
 *    match its content"
 *   "asset VEH-000003: office is RDSA-11 but its history says DSP-LOV"
 * Other codes (INV_EBUSY, INV_EIO, ...) mean the check could not run.
 * Memory grows with the number of assets (about 40 bytes each), never
 * with the number of events. */
#ifndef INVENTAR_VERIFY_H
#define INVENTAR_VERIFY_H

#include <stdint.h>
#include "inventar/db.h"

/* What a successful verify looked at. */
typedef struct verify_counts {
    int64_t assets, events, offices, kinds, funding;
    int64_t head_id;    /* the newest event (0: none) ... */
    char head_hash[65]; /* ... and its hash (EVENT_GENESIS when none) */
} verify_counts;

/* An anchor: the head of the history as it was once ("N:HASH", printed
 * by `inventar anchor`, `verify` and on every document) and kept
 * elsewhere. hash may be a prefix (at least VERIFY_ANCHOR_MIN digits). */
#define VERIFY_ANCHOR_MIN 16
typedef struct verify_anchor {
    int64_t id;     /* the event's number, > 0 */
    char hash[65];  /* lower-case hex, VERIFY_ANCHOR_MIN..64 digits */
} verify_anchor;

/* Parse "N:HASH" (hex in any case, surrounding blanks and a line end
 * allowed). Returns 0, or -1 with err saying what is wrong (not EVENT:HASH,
 * not hex, fewer than VERIFY_ANCHOR_MIN digits). */
int verify_anchor_parse(const char *text, verify_anchor *out, inv_err *err);

/* The head of the history: the newest event's number and hash (0 and
 * EVENT_GENESIS when there is none), read in one snapshot. */
inv_status verify_head(inv_db *db, int64_t *id, char hash[65]);

/* Every check below, reported in this order (the first fault wins):
 * SQLite's checks, the search index, the history, the triggers. A missing
 * or altered trigger is held back until the history was checked: when an
 * event was also altered (which the missing trigger allowed), that event
 * is named first and the trigger after it. Everything reads one snapshot
 * and nothing is written or locked for writing: the handle may be read
 * only (DB_OPEN_READONLY), writers go on meanwhile. SQLite's checks and
 * the search index run on a second read-only connection in a second
 * thread, on the same snapshot (when one cannot be had, all runs on db
 * in turn). The search-index check holds a copy of the index in memory
 * (about 26 MB per 160,000 assets). counts may be NULL; it is filled on
 * success, the head included. Must not be called inside a transaction. */
inv_status verify_all(inv_db *db, verify_counts *counts);

/* verify_all, and then every anchor: event id exists with that hash
 * (prefix). With the whole chain intact from the first event to the head,
 * this proves the history up to each anchor is the anchored one; a
 * rewritten, cut short, forked or replaced history fails (INV_ECORRUPT,
 * the message naming the anchor). */
inv_status verify_all_anchored(inv_db *db, const verify_anchor *anchors, size_t nanchors,
                               verify_counts *counts);

/* PRAGMA integrity_check and PRAGMA foreign_key_check; the office tree
 * has no cycle. */
inv_status verify_sqlite(inv_db *db);

/* The triggers that make the history append-only (event_no_update,
 * event_no_delete: each must exist and raise, tried on the oldest and the
 * newest event in a private in-memory copy of the table and its
 * triggers) and those that keep the search index in step with assets and
 * offices are all present. Reads only. */
inv_status verify_triggers(inv_db *db);

/* FTS5 'integrity-check' of the search index, and that it holds exactly
 * one row per asset with that asset's current text. Reads only: the
 * check runs on a private in-memory copy of the index (verify.c). */
inv_status verify_fts(inv_db *db);

/* One pass over all events in id order: the hash chain (each prev_hash
 * is the previous event's hash, the first is EVENT_GENESIS, each hash
 * recomputed with event_hash equals the stored one) and the replay of
 * every asset (an asset's first event has no from-state; each later
 * one starts where the previous one of that asset ended; the last one
 * ends at the asset's current office, status and custodian; every asset
 * has at least one event). counts may be NULL; fills assets and events. */
inv_status verify_history(inv_db *db, verify_counts *counts);

/* Copy the database to path with SQLite's online backup API while others
 * keep using it: into a temporary file (mode 0600) in path's directory,
 * a few pages per step, checked with PRAGMA integrity_check, then
 * renamed over path. Refuses the live database itself (or its -wal),
 * a directory, an existing file that is not an inventar database, and a
 * path whose -wal file exists (someone has it open). Nothing is left
 * behind on failure. *pages, when not NULL, gets the size in pages. */
inv_status verify_backup(inv_db *db, const char *path, int64_t *pages);

#endif
