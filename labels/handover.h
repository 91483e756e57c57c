/* handover.h: the handover protocol (приемо-предавателен протокол) as an
 * A4 PDF on the shared form parts (form.h). The caller (the core) hands
 * it plain, already formatted text; the form's own words are translated
 * here. Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_HANDOVER_H
#define INVENTAR_LABELS_HANDOVER_H

#include <stddef.h>
#include "inventar/status.h"

/* One asset handed over. */
typedef struct handover_row {
    const char *tag;        /* inventory number */
    const char *name;       /* the kind's name */
    const char *make_model;
    const char *serial;
    const char *value;      /* formatted amount, "" when unknown */
    const char *condition;
} handover_row;

typedef struct handover_spec {
    const char *agency;     /* top of every page */
    const char *number;
    const char *date;       /* formatted date of the act */
    const char *place;
    const char *order;      /* the order it rests on, or NULL/"" */
    const char *from_name;  /* who hands over (may be "") */
    const char *from_office;
    const char *to_name;    /* who receives (may be "") */
    const char *to_office;
    const handover_row *rows;
    size_t nrows;
    const char *total_value; /* formatted sum of the known values */
    const char *head;       /* the history's head: "N, HASH16" */
    const char *font;       /* NULL: the default font */
    const char *author;     /* PDF metadata */
} handover_spec;

/* Write the protocol to path (whole or not at all). Returns INV_OK or a
 * code with e naming the file and what went wrong. */
inv_status handover_write_pdf(const handover_spec *h, const char *path, inv_err *e);

#endif
