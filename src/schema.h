/* schema.h: the numbered migrations (internal to db.c). */
#ifndef INVENTAR_SCHEMA_H
#define INVENTAR_SCHEMA_H

typedef struct schema_migration {
    int version;     /* user_version after it is applied */
    const char *sql; /* statements, run in one transaction */
} schema_migration;

extern const schema_migration schema_migrations[];
extern const int schema_migration_count;

#endif
