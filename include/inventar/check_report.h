/* check_report.h: a stock check's report as a PDF (the `check report`
 * command and the TUI's scan screen both write it). */
#ifndef INVENTAR_CHECK_REPORT_H
#define INVENTAR_CHECK_REPORT_H

#include <stdint.h>
#include "inventar/db.h"

/* Write the report of check id to path as an A4 PDF with the font at
 * font (NULL: DejaVu Sans). No partial file is left on failure. Returns
 * INV_OK, or a code with e naming what went wrong (the check, the file,
 * the font). */
inv_status check_report_pdf(inv_db *db, int64_t id, const char *path, const char *font,
                            inv_err *e);

#endif
