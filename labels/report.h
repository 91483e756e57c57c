/* report.h: a report as a PDF: a title, facts ("label: value"), tables
 * that break across pages, and signature lines. Built on doc.h; knows
 * nothing of SQLite: the caller hands it the text. */
#ifndef INVENTAR_LABELS_REPORT_H
#define INVENTAR_LABELS_REPORT_H

#include <stddef.h>
#include "doc.h"
#include "inventar/status.h"

typedef struct report_table {
    const char *title;        /* heading above the table */
    const doc_column *cols;
    size_t ncols;
    const char *const *cells; /* nrows * ncols, row-major; NULL cells are empty */
    size_t nrows;
    const char *empty_text;   /* shown instead of a table with no rows */
} report_table;

typedef struct report_spec {
    const char *title;
    const char *author;            /* PDF metadata */
    const char *const *facts;      /* pairs: facts[2i] label, facts[2i+1] value */
    size_t nfacts;
    const report_table *tables;
    size_t ntables;
    const char *signatures_title;  /* e.g. "Commission" */
    const char *const *sig_captions;
    const char *const *sig_names;  /* may be NULL, or hold NULLs */
    size_t nsig;
    const char *font_path;         /* NULL: the default font */
    const char *page_word;         /* e.g. "Page" (translated) or NULL */
} report_spec;

/* Render the report as an A4 PDF at path (written to a temporary file
 * and renamed: no partial file on failure). Returns INV_OK, or a code
 * with e naming the file and what went wrong. */
inv_status report_write_pdf(const report_spec *r, const char *path, inv_err *e);

#endif
