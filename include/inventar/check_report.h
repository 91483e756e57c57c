/* check_report.h: a stock check's paper as a PDF (the `check report`
 * command and the TUI's scan screen both write it): the inventory list
 * (инвентаризационен опис) with, on its own page(s), the record of
 * shortages and surpluses. */
#ifndef INVENTAR_CHECK_REPORT_H
#define INVENTAR_CHECK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "inventar/db.h"

/* Record the inventory list of the closed check id as a document (type
 * inventory_list, number given, or issued ИО-YYYY-NNNN in the year of
 * day), dated day (YYYY-MM-DD), with its rows, office, order, commission
 * and МОЛ as they are now; the number is copied to number. Its own
 * transaction (nested in the caller's: check_close records it there).
 * An open check is INV_ESTATE; a number taken INV_EEXIST. */
inv_status check_inventory_record(inv_db *db, int64_t id, const char *given, const char *day,
                                  char *number, size_t number_size);

/* Write the inventory list of check id to path as an A4 PDF with the
 * font at font (NULL: DejaVu Sans). For a closed check the list is a
 * document, recorded when the check was closed (check.h; for a check
 * closed by an older version: the first time it is printed, numbered
 * given or issued), and printed from that record every time (given must
 * then be NULL, "" or that number); its number is copied to number (may
 * be NULL).
 * For an open check it is a draft without a number, recorded nowhere
 * (given is refused). No partial file is left on failure. Returns INV_OK,
 * or a code with e naming what went wrong (the check, the file, the
 * font). */
inv_status check_inventory_list(inv_db *db, int64_t id, const char *given, const char *path,
                                const char *font, char *number, size_t number_size,
                                inv_err *e);

/* check_inventory_list without a given number. */
inv_status check_report_pdf(inv_db *db, int64_t id, const char *path, const char *font,
                            inv_err *e);

/* Draw an inventory list from its record (content: the JSON object
 * stored with the document), numbered number ("" for a draft), dated
 * date (YYYY-MM-DD), with the history's head ("N, HASH16" or ""). For
 * document_print. */
inv_status check_inventory_render(inv_db *db, const char *number, const char *date,
                                  const char *head, const char *content, const char *path,
                                  const char *font, inv_err *e);

/* Draw a stock check's order (document type check_order) from its
 * record (content: the JSON object stored with it: office, office_name,
 * recursive, order, chair, members, mol, started_at), numbered number,
 * dated date (YYYY-MM-DD), with the history's head ("N, HASH16" or "").
 * For document_print. */
inv_status check_order_render(inv_db *db, const char *number, const char *date,
                              const char *head, const char *content, const char *path,
                              const char *font, inv_err *e);

#endif
