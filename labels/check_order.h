/* check_order.h: the agency's order for a stock check (заповед за
 * инвентаризация) as an A4 PDF on the shared form parts (form.h): the
 * title, number and date, the basis, what is ordered (the office to be
 * checked, from when, the commission, the МОЛ, the papers it draws up),
 * a signature line for the one who orders and the acknowledgement lines
 * of the commission and the МОЛ. The caller (the core) hands it plain,
 * already formatted text; the form's own words are translated here.
 * Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_CHECK_ORDER_H
#define INVENTAR_LABELS_CHECK_ORDER_H

#include <stddef.h>
#include "inventar/status.h"

typedef struct check_order_spec {
    const char *agency;     /* top of every page */
    const char *number;     /* the order's number (ЗИ-...) */
    const char *date;       /* formatted date of the order */
    const char *basis;      /* the order's text as recorded (--order) */
    const char *office;     /* the office to be checked, formatted ("name
                               (code)", with its sub-offices or not) */
    const char *start;      /* formatted date the check starts */
    const char *chair;      /* "" when not named */
    const char *const *members;
    size_t nmembers;
    const char *mol;        /* "" when not named */
    const char *head;       /* the history's head "N, HASH16", or "" */
    const char *font;       /* NULL: the default font */
    const char *author;     /* PDF metadata */
} check_order_spec;

/* Write the order to path (whole or not at all). Returns INV_OK or a
 * code with e naming the file and what went wrong. */
inv_status check_order_write_pdf(const check_order_spec *s, const char *path, inv_err *e);

#endif
