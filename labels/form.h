/* form.h: the shared parts of the agency's documents (DESIGN.md section
 * 9), on top of the document layer (doc.h): an A4 page flow with the
 * agency's name at the top of every page, a centred title and the
 * document's number, facts as "label: value" lines, tables that break
 * across pages with their header repeated (doc_table_*), signature lines
 * "Caption: ........ (name)", and on every page a footer with the
 * document's number and "page N of M". Each form (handover.c, ...) is a
 * short description of its blocks on these. Knows nothing of SQLite. */
#ifndef INVENTAR_LABELS_FORM_H
#define INVENTAR_LABELS_FORM_H

#include <stddef.h>
#include "doc.h"
#include "inventar/status.h"

/* What every page of a document carries. */
typedef struct form_frame {
    const char *agency;   /* the agency's name, at the top of every page */
    const char *number;   /* the document's number, in every footer */
    const char *number_label; /* e.g. "No." (translated) before the number */
    const char *page_fmt; /* "page %1$zu of %2$zu" (translated), footer right */
} form_frame;

/* Open a document (font NULL: the default) with its PDF title and
 * author and start the A4 flow. Returns INV_OK and *out, or the code of
 * doc_open with e set. */
inv_status form_begin(doc **out, const char *font, const char *title, const char *author,
                      inv_err *e);

/* The same on A4 landscape pages (a wide table: a report). */
inv_status form_begin_landscape(doc **out, const char *font, const char *title,
                                const char *author, inv_err *e);

/* The title (large, centred) and under it a line such as "No. X of
 * DATE" (centred; may be NULL). */
void form_title(doc *d, const char *title, const char *subtitle);

/* Facts as lines "label: value", wrapped; pairs[2i] label, pairs[2i+1]
 * value; a pair whose value is NULL or "" is left out. */
void form_facts(doc *d, const char *const *pairs, size_t n, double size);

/* Signature lines kept together on one page, one a line:
 * "caption ........................ (name)"; a name NULL or "" gives
 * an empty "(                )" to fill in by hand. */
void form_signatures(doc *d, const char *const *captions, const char *const *names,
                     size_t n, double size);

/* A small line of text (e.g. the history's head), left-aligned. */
void form_note(doc *d, const char *text, double size);

/* Draw the frame on every page (agency at the top, number and "page N
 * of M" at the bottom), write the PDF to path (whole or not at all) and
 * free the document. Returns INV_OK or the code with e naming the file. */
inv_status form_finish(doc *d, const form_frame *f, const char *path, inv_err *e);

#endif
