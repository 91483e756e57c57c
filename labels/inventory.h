/* inventory.h: the inventory list of a stock check (инвентаризационен
 * опис) and, on its own page(s), the record of shortages and surpluses
 * (сравнителна ведомост), as an A4 PDF on the shared form parts (form.h).
 * The caller (the core) hands it plain, already formatted text; the
 * form's own words are translated here. Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_INVENTORY_H
#define INVENTAR_LABELS_INVENTORY_H

#include <stddef.h>
#include "inventar/status.h"

/* One asset of the list. Quantities and amounts are formatted text. */
typedef struct inventory_row {
    const char *tag;        /* inventory number */
    const char *name;       /* the kind's name, with make and model */
    const char *book;       /* quantity by the records ("1" or "0") */
    const char *found;      /* quantity found */
    const char *surplus;    /* "" when none */
    const char *shortage;   /* "" when none */
    const char *unit_value; /* "" when unknown */
    const char *diff_value; /* value of the difference, "" when none */
    int differs;            /* a shortage or a surplus: in the record too */
} inventory_row;

typedef struct inventory_spec {
    const char *agency;     /* top of every page */
    const char *number;     /* "" for a draft of an open check */
    const char *date;       /* formatted date of the list */
    const char *office;
    const char *order;      /* the order it rests on, or "" */
    const char *chair;      /* "" when not named */
    const char *const *members;
    size_t nmembers;
    const char *mol;        /* "" when not named */
    const char *started;    /* formatted start date */
    const char *ended;      /* formatted end date, "" while open */
    const inventory_row *rows;
    size_t nrows;
    const char *const *unknown; /* codes scanned that name no asset */
    size_t nunknown;
    const char *total_book;     /* value by the records (formatted) */
    const char *total_found;    /* value found */
    const char *total_surplus;  /* value of the surpluses */
    const char *total_shortage; /* value of the shortages */
    long long n_book, n_found, n_surplus, n_shortage; /* quantities */
    const char *head;       /* the history's head "N, HASH16", or "" */
    const char *font;       /* NULL: the default font */
    const char *author;     /* PDF metadata */
} inventory_spec;

/* Write the list and the record to path (whole or not at all). Returns
 * INV_OK or a code with e naming the file and what went wrong. */
inv_status inventory_write_pdf(const inventory_spec *s, const char *path, inv_err *e);

#endif
