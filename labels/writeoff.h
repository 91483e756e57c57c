/* writeoff.h: the write-off protocol (протокол за бракуване) as an A4
 * PDF on the shared form parts (form.h). The caller (the core) hands it
 * plain, already formatted text; the form's own words are translated
 * here. Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_WRITEOFF_H
#define INVENTAR_LABELS_WRITEOFF_H

#include <stddef.h>
#include "inventar/status.h"

/* One asset written off. */
typedef struct writeoff_row {
    const char *tag;        /* inventory number */
    const char *name;       /* the kind's name */
    const char *make_model;
    const char *serial;
    const char *in_service; /* formatted date put into service, "" unknown */
    const char *value;      /* formatted initial value, "" unknown */
    const char *funding;    /* the funding project ("" none) */
} writeoff_row;

typedef struct writeoff_spec {
    const char *agency;     /* top of every page */
    const char *number;
    const char *date;       /* formatted date of the act */
    const char *order;      /* the order it rests on, or NULL/"" */
    const char *reason;     /* reason or technical condition, or NULL/"" */
    const char *durability; /* the override of the durability period, as a
                               sentence to print, or NULL/"" */
    const char *chair;      /* the commission's chair (may be "") */
    const char *const *members;
    size_t nmembers;
    const writeoff_row *rows;
    size_t nrows;
    const char *total_value; /* formatted sum of the known values */
    const char *head;       /* the history's head: "N, HASH16" */
    const char *font;       /* NULL: the default font */
    const char *author;     /* PDF metadata */
} writeoff_spec;

/* Write the protocol to path (whole or not at all). Returns INV_OK or a
 * code with e naming the file and what went wrong. */
inv_status writeoff_write_pdf(const writeoff_spec *w, const char *path, inv_err *e);

#endif
