/* funding_report.h: what a funding project bought, where each asset is
 * now and since when (DESIGN.md section 9, "Funding project report"):
 * the rows for a spreadsheet and the report as a PDF. Reads only. */
#ifndef INVENTAR_FUNDING_REPORT_H
#define INVENTAR_FUNDING_REPORT_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"

/* One asset bought under a project, as of now. */
typedef struct funding_report_item {
    char tag[INV_TAG_MAX + 1];
    char kind_name[INV_NAME_MAX + 1];
    char make[INV_TEXT_MAX + 1];
    char model[INV_TEXT_MAX + 1];
    char serial[INV_TEXT_MAX + 1];
    int has_cost;
    int64_t cost;                        /* minor units, in currency */
    char currency[4];                    /* "BGN"/"EUR" when has_cost */
    int64_t cost_eur;                    /* cost in euro (leva converted), 0 without cost */
    char purchase_date[INV_DATE_MAX];    /* ISO or "" */
    char office[INV_CODE_MAX + 1];       /* office code, "" = none */
    char office_name[INV_NAME_MAX + 1];
    char office_short[INV_NAME_MAX + 1]; /* short name, else the name */
    char custodian[INV_TEXT_MAX + 1];
    char status[INV_STATUS_MAX];         /* status code */
    char since[INV_DATE_MAX];            /* date of the act that put it at its office
                                            (its act date, else the day it was recorded) */
    char last_seen[INV_TIME_MAX];        /* date (ISO) of the last stock check that saw
                                            it (its act date), or "" */
    char label_printed[INV_TIME_MAX];    /* date (ISO) its label was last printed, or "" */
} funding_report_item;

typedef int (*funding_report_fn)(const funding_report_item *it, void *arg);

/* Visit every asset bought under project funding_id, ordered by tag, in
 * one query (no query per asset). fn returns non-zero to stop. Returns
 * INV_OK or the database error (message set). */
inv_status funding_report_walk(inv_db *db, int64_t funding_id, funding_report_fn fn,
                               void *arg);

/* Write the report of the project with this code to path as an A4
 * landscape PDF (font NULL: DejaVu Sans): the project's data, a row per
 * asset, totals per kind and per office, the history's head. It is a
 * report of the present state, not a signed act: no document record is
 * made. No partial file is left on failure. Returns INV_OK, or a code
 * with e naming what went wrong (the project, the file, the font). */
inv_status funding_report_pdf(inv_db *db, const char *code, const char *path,
                              const char *font, inv_err *e);

#endif
