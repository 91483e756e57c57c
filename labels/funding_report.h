/* funding_report.h: the report of a funding project for auditors and the
 * managing authority (DESIGN.md section 9) as an A4 landscape PDF on the
 * shared form parts (form.h): the project's data, a row per asset bought
 * under it (where it is now and since when, when a stock check last saw
 * it, when its label was printed), and totals per kind and per office.
 * The caller (the core) hands it plain, already formatted text; the
 * form's own words are translated here. Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_FUNDING_REPORT_H
#define INVENTAR_LABELS_FUNDING_REPORT_H

#include <stddef.h>
#include "inventar/status.h"

/* One asset bought under the project (every field formatted, "" when
 * unknown). */
typedef struct funding_report_line {
    const char *tag;
    const char *kind;
    const char *make_model;
    const char *serial;
    const char *cost;          /* in EUR, the BGN original beside it */
    const char *purchase_date;
    const char *office;        /* the office's short name (or name) */
    const char *custodian;
    const char *status;
    const char *since;         /* the date of the act that put it at its office */
    const char *last_seen;     /* the last stock check that saw it */
    const char *label_printed; /* the last time its label was printed */
} funding_report_line;

/* One line of a totals table: a kind or an office, how many, how much. */
typedef struct funding_report_total {
    const char *name;
    const char *count;
    const char *value;
} funding_report_total;

typedef struct funding_report_spec {
    const char *agency;        /* top of every page */
    const char *code;          /* the project's code (also in every footer) */
    const char *title;
    const char *programme;
    const char *amount;        /* formatted, "" when not recorded */
    const char *period;        /* "from - to", "" when not recorded */
    const char *durable_until; /* formatted date, "" when not recorded */
    const char *date;          /* the date of the report */
    const funding_report_line *rows;
    size_t nrows;
    const funding_report_total *kinds;
    size_t nkinds;
    const funding_report_total *offices;
    size_t noffices;
    const char *total_count;   /* every asset, formatted */
    const char *total_value;   /* their value in EUR, formatted */
    const char *head;          /* the history's head: "N, HASH16" */
    const char *font;          /* NULL: the default font */
    const char *author;        /* PDF metadata */
} funding_report_spec;

/* Write the report to path (whole or not at all). Returns INV_OK or a
 * code with e naming the file and what went wrong. */
inv_status funding_report_write_pdf(const funding_report_spec *r, const char *path, inv_err *e);

#endif
