/* schema.h: the numbered migrations (internal to db.c). */
#ifndef INVENTAR_SCHEMA_H
#define INVENTAR_SCHEMA_H

#include <stddef.h>

#include "inventar/db.h"

typedef struct schema_migration {
    int version;     /* user_version after it is applied */
    const char *sql; /* statements, run in one transaction */
    /* Work in C after sql, in the same transaction (NULL: none). */
    inv_status (*post)(inv_db *db);
} schema_migration;

extern const schema_migration schema_migrations[];
extern const int schema_migration_count;

/* The text of trigger `name` as the migrations leave it ("CREATE
 * TRIGGER name ... END", as SQLite keeps it in sqlite_schema) into out;
 * -1 when the schema defines no such trigger (or out is too small). */
int schema_trigger_sql(const char *name, char *out, size_t size);

#endif
