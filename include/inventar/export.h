/* export.h: everything needed to rebuild the inventory, and the restore
 * that rebuilds it. Round trip: export, restore into a fresh database,
 * export again: the two exports are byte-identical. */
#ifndef INVENTAR_EXPORT_H
#define INVENTAR_EXPORT_H

#include <stdio.h>
#include "inventar/db.h"

typedef enum { EXPORT_JSON, EXPORT_CSV } export_format;

/* Write offices, kinds, funding, assets and the whole history to out,
 * from one consistent snapshot (a read transaction). The output holds
 * nothing that changes between two exports of the same data (no export
 * time), so exports can be compared. */
inv_status export_write(inv_db *db, export_format fmt, FILE *out);

/* 1 when the file at path is an inventar export (either format), 0 when
 * it is something else (a plain CSV of assets, say), -1 when it cannot
 * be read (message in err). */
int export_sniff(const char *path, inv_err *err);

/* Rebuild from an export into db, which must hold no offices, assets or
 * events. One transaction: all or nothing. Every event's hash is
 * recomputed and must equal the exported one, so a doctored export is
 * refused, naming the first bad event. dry_run checks without writing. */
inv_status export_restore(inv_db *db, const char *path, int dry_run);

#endif
