/* old_schema DB VERSION: a new database at an older schema version, made
 * with the real migrations 1..VERSION (src/schema.c), as an older
 * inventar would have left it: for the tests that a read-only handle
 * reports an old schema and never upgrades it. Exit 0, or 1. */
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>

#include "inventar/db.h"
#include "../../src/schema.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: old_schema DB VERSION\n");
        return 2;
    }
    int want = atoi(argv[2]);
    sqlite3 *h;
    if (sqlite3_open(argv[1], &h) != SQLITE_OK) return 1;
    char *err = NULL;
    for (int i = 0; i < schema_migration_count && schema_migrations[i].version <= want; i++) {
        char pragma[96];
        snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 INV_APPLICATION_ID, schema_migrations[i].version);
        if (sqlite3_exec(h, "BEGIN", NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(h, schema_migrations[i].sql, NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(h, pragma, NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(h, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "old_schema: migration %d: %s\n", schema_migrations[i].version,
                    err ? err : "?");
            return 1;
        }
    }
    return sqlite3_close(h) == SQLITE_OK ? 0 : 1;
}
