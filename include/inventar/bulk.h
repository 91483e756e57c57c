/* bulk.h: loading many assets in one transaction (demo, import).
 *
 * A row at a time, each asset would update the search index through its
 * trigger and every secondary index of asset and event in random order.
 * A bulk load instead, inside the caller's transaction:
 *   - drops the search index's insert trigger, and indexes the new assets
 *     with one INSERT ... SELECT at the end;
 *   - when the load is large against what the database holds (BULK_FULL),
 *     also drops the secondary indexes of asset and event and builds them
 *     again at the end (a sort instead of a million random inserts), and
 *     merges the search index into one segment.
 * The dropped triggers and indexes are recreated from the very SQL the
 * schema held. Everything happens in the caller's transaction: a crash or
 * a rollback leaves the schema as it was. While a load is open, nothing
 * may look events up by asset (their index is gone).
 *
 * SQLite checks each foreign key of each inserted row with a lookup of
 * its own, which took a third of a large load's history. A loader may
 * therefore turn foreign_keys off around its transaction (the pragma
 * cannot change inside one): bulk_end checks every reference of the rows
 * the load added in one pass per table, and fails the load if one is
 * dangling. */
#ifndef INVENTAR_BULK_H
#define INVENTAR_BULK_H

#include <stdint.h>
#include "inventar/db.h"

/* BULK_KEEP_TAGS, with BULK_FULL: keep the unique indexes of the tags'
 * codes (asset_scan_code, asset_tag_key) for a loader that looks every
 * new row's tag up (an import); without them each look-up reads the
 * whole table and the load grows quadratic in its rows. A loader that
 * makes its tags unique itself (the demo, a restore) drops them too. */
enum { BULK_FULL = 1, BULK_KEEP_TAGS = 2 };

typedef struct inv_bulk inv_bulk;

/* Start a bulk load (a transaction must be open). Assets with ids
 * greater than the largest one now are the load's. *out is NULL on
 * failure. */
inv_status bulk_begin(inv_db *db, int flags, inv_bulk **out);

/* Index the load's assets and put back what bulk_begin dropped; frees b.
 * On failure the caller must roll back. */
inv_status bulk_end(inv_bulk *b);

/* Forget a load whose transaction is rolled back; frees b (NULL is
 * ignored). */
void bulk_abort(inv_bulk *b);

#endif
