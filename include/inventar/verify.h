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
} verify_counts;

/* Every check below, in this order, stopping at the first fault: SQLite's
 * checks, the triggers, the search index, the history. A missing or
 * altered trigger is held back until the history was checked: when an
 * event was also altered (which the missing trigger allowed), that event
 * is named first and the trigger after it. The triggers' behaviour and
 * FTS5's own check need the write lock and take it briefly (at a million
 * assets the FTS5 check holds it about 13 s); the rest reads consistent
 * snapshots and never blocks writers. counts may be NULL; it is filled on
 * success. */
inv_status verify_all(inv_db *db, verify_counts *counts);

/* PRAGMA integrity_check and PRAGMA foreign_key_check; the office tree
 * has no cycle. */
inv_status verify_sqlite(inv_db *db);

/* The triggers that make the history append-only (event_no_update,
 * event_no_delete: each must exist and raise) and those that keep the
 * search index in step with assets and offices are all present. */
inv_status verify_triggers(inv_db *db);

/* FTS5 'integrity-check' of the search index, and that it holds exactly
 * one row per asset with that asset's current text. Takes the write lock
 * for the duration of the FTS5 check unless a transaction is open. */
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
