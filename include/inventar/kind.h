/* kind.h: asset kinds, their tag prefixes and their own fields. */
#ifndef INVENTAR_KIND_H
#define INVENTAR_KIND_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"

typedef struct inv_kind {
    int64_t id;
    char code[INV_CODE_MAX + 1];   /* "vehicle" */
    char name[INV_NAME_MAX + 1];   /* "Автомобил" */
    char prefix[16];               /* "VEH": tags are PREFIX-NNNNNN */
    char fields[INV_NAME_MAX + 1]; /* "plate,vin,year" */
} inv_kind;

/* Find a kind by code or name (case-insensitive for ASCII codes). */
inv_status kind_find(inv_db *db, const char *code_or_name, inv_kind *out);
inv_status kind_get(inv_db *db, int64_t id, inv_kind *out);

/* Add a user kind: code ([a-z0-9_]), name, prefix ([A-Z0-9], 1-8
 * chars), fields (comma-separated keys [a-z0-9_]). */
inv_status kind_add(inv_db *db, inv_kind *k);

/* Visit every kind ordered by id; stop when fn returns non-zero. */
typedef int (*kind_visit_fn)(const inv_kind *k, void *arg);
inv_status kind_walk(inv_db *db, kind_visit_fn fn, void *arg);

/* 1 when key is one of k's fields. */
int kind_has_field(const inv_kind *k, const char *key);

/* Check one attribute value for a field with known rules (year: 4
 * digits 1950..2100; imei: 15 digits with a valid Luhn check digit;
 * vin: 17 characters without I, O, Q). Returns 0 or -1 and writes why. */
int kind_check_attr(const char *key, const char *value, char *why, size_t n);

/* The next free generated tag for kind k ("PC-000123"); reserves it by
 * advancing the kind's counter. Call inside a transaction. */
inv_status kind_next_tag(inv_db *db, const inv_kind *k, char *tag, size_t n);

#endif
