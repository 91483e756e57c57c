/* doc.h: a small document layer over libharu (HPDF).
 *
 * One document, one embedded TrueType font (UTF-8 text, Cyrillic
 * included), pages of any size, text that is measured by UTF-8
 * characters (never cut inside one), shrink-to-fit lines cut with "…",
 * word wrapping into boxes, and a top-down "flow" for reports: titles,
 * paragraphs, tables that break across pages with their header row
 * repeated, signature lines and page numbers.
 *
 * Units are PDF points (1/72 in; DOC_MM converts millimetres). Drawing
 * coordinates have their origin at the bottom-left corner of the page,
 * as in PDF; the flow works downwards from the top margin.
 *
 * Errors are sticky, like libharu's own: drawing calls return nothing;
 * the first failure (from libharu's error handler or from this layer) is
 * recorded in the document, every later call does nothing, and
 * doc_status() / doc_save() report it. The layer never prints. */
#ifndef INVENTAR_LABELS_DOC_H
#define INVENTAR_LABELS_DOC_H

#include <stddef.h>
#include "inventar/status.h"

/* Millimetres to points. */
#define DOC_MM(mm) ((mm) * 72.0 / 25.4)
/* Points to millimetres. */
#define DOC_TO_MM(pt) ((pt) * 25.4 / 72.0)

/* A4 portrait in points. */
#define DOC_A4_W DOC_MM(210.0)
#define DOC_A4_H DOC_MM(297.0)

/* The default font: DejaVu Sans from Debian's fonts-dejavu-core. */
#define DOC_DEFAULT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* The ellipsis that marks cut text (U+2026). */
#define DOC_ELLIPSIS "\xE2\x80\xA6"

typedef struct doc doc;

typedef enum { DOC_LEFT, DOC_CENTER, DOC_RIGHT } doc_align;

/* A line of wrapped text: bytes [off, off + len) of the wrapped string. */
typedef struct doc_span {
    size_t off, len;
} doc_span;

/* A table column. */
typedef struct doc_column {
    const char *title; /* header text (UTF-8); NULL or "" for none */
    double width;      /* points; 0 shares what the fixed columns leave */
    doc_align align;
} doc_column;

/* Create a document with the TrueType font at font_path (NULL: the
 * default) embedded. Compression is on. Returns INV_OK and *out, or
 * INV_ENOTFOUND when the font file is missing or unreadable, INV_EINVAL
 * when it is not a usable TrueType font, INV_ENOMEM; *out is then NULL
 * and e says which file and why. */
inv_status doc_open(doc **out, const char *font_path, inv_err *e);

/* Free the document (NULL is allowed). Nothing is written. */
void doc_free(doc *d);

/* The first error recorded so far: INV_OK, or its code with the message
 * copied into e. */
inv_status doc_status(const doc *d, inv_err *e);

/* Record an error (printf-style) unless one is already recorded. Later
 * calls do nothing; doc_save() refuses. Returns the first error's code. */
inv_status doc_fail(doc *d, inv_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set the document's title and author (UTF-8; either may be NULL). */
void doc_set_info(doc *d, const char *title, const char *author);

/* Write the PDF to path: into a temporary file in the same directory,
 * then renamed over path, so that no partial file is ever left behind.
 * Fails (INV_EIO, message names the path) when the directory is not
 * writable or the write fails, or with the document's sticky error. */
inv_status doc_save(doc *d, const char *path, inv_err *e);

/* ---- pages ---- */

/* Add a page of w x h points and make it current. */
void doc_add_page(doc *d, double w, double h);

/* Number of pages added so far. */
size_t doc_page_count(const doc *d);

/* Make page i (0-based) current again to draw more on it (page
 * numbers, totals). */
void doc_select_page(doc *d, size_t i);

/* Size of the current page (0 when there is none). */
double doc_page_width(const doc *d);
double doc_page_height(const doc *d);

/* ---- graphics (current page) ---- */

void doc_gsave(doc *d);
void doc_grestore(doc *d);
/* Concatenate the matrix [a b c d' e f] to the current transformation. */
void doc_concat(doc *d, double a, double b, double c, double dd,
                double e, double f);
/* Add a rectangle to the current path. */
void doc_rect(doc *d, double x, double y, double w, double h);
/* Add a straight segment to the current path. */
void doc_line(doc *d, double x1, double y1, double x2, double y2);
/* Fill (non-zero rule) or stroke the current path; it is then empty. */
void doc_fill(doc *d);
void doc_stroke(doc *d);
void doc_set_fill_gray(doc *d, double g);   /* 0 black .. 1 white */
void doc_set_stroke_gray(doc *d, double g);
void doc_set_line_width(doc *d, double w);

/* Append n bytes of raw PDF content-stream operators to the current
 * page, for bulk vector work where one libharu call per rectangle is too
 * slow (QR codes). ops must be self-contained: balanced q/Q, complete
 * paths with their painting operator, nothing that leaves text or path
 * state behind. */
void doc_raw(doc *d, const char *ops, size_t n);

/* ---- text ---- */

/* Font metrics per point of size: ascent above the baseline (> 0) and
 * descent below it (< 0), as the font declares them in the PDF. A line
 * of size s covers [baseline + s * descent, baseline + s * ascent]. */
double doc_font_ascent(const doc *d);
double doc_font_descent(const doc *d);

/* Width in points of the UTF-8 string s (n bytes) at size. Invalid
 * UTF-8 and control characters count as the replacement character they
 * are drawn as. */
double doc_text_width(doc *d, const char *s, size_t n, double size);

/* The length in bytes of the longest prefix of s (n bytes) that is no
 * wider than max_w at size; always at a character boundary, never
 * before a combining mark. */
size_t doc_text_prefix(doc *d, const char *s, size_t n, double size,
                       double max_w);

/* Fit s into max_w: the largest size (in 0.1 pt steps) from size down to
 * min_size at which it fits; when even min_size is too wide, s is cut at
 * a character boundary and "…" appended so that it fits at min_size.
 * The text to draw is put in out (reset first). Returns the size to
 * draw at; the result's width is at most max_w (0 when max_w can't even
 * hold the ellipsis: out is then empty). */
struct sbuf;
double doc_fit_line(doc *d, const char *s, double size, double min_size,
                    double max_w, struct sbuf *out);

/* Draw the UTF-8 string s with its baseline starting at (x, y). */
void doc_text(doc *d, double x, double y, double size, const char *s);

/* Draw n bytes of s the same way. */
void doc_text_n(doc *d, double x, double y, double size, const char *s,
                size_t n);

/* Draw s aligned in [x, x + w] (baseline y), fitted by doc_fit_line. */
void doc_text_fit(doc *d, double x, double y, double w, double size,
                  double min_size, doc_align align, const char *s);

/* Break s into lines no wider than max_w at size: at '\n', at spaces
 * (which are dropped at the break), and inside a word only when the word
 * alone is wider than a line (then at a character boundary). Stores up
 * to max spans and returns the number of lines needed (at least 1, an
 * empty line, for an empty s). */
size_t doc_wrap(doc *d, const char *s, double size, double max_w,
                doc_span *spans, size_t max);

/* The best break of s into two lines of max_w: at a space (dropped) or
 * after a hyphen or slash inside a word, chosen so that the wider of the
 * two parts is as narrow as possible. Stores the end of the first line
 * and the start of the second (byte offsets) and returns the largest
 * size at which both fit; 0 when s has no break (then the offsets are
 * strlen(s)). */
double doc_split2(doc *d, const char *s, double max_w, size_t *end1,
                  size_t *start2);

/* Draw s wrapped into the box whose top-left corner is (x, top), w wide
 * and h high: shrinking by 0.5 pt steps from size to min_size until all
 * lines fit; if they still do not, the lines that fit are drawn and the
 * last one ends in "…". Returns the height used. */
double doc_text_box(doc *d, double x, double top, double w, double h,
                    double size, double min_size, doc_align align,
                    const char *s);

/* Height of one line of text at size (ascent - descent, plus leading). */
double doc_line_height(const doc *d, double size);

/* ---- flow: top-down documents on pages of one size ---- */

/* Start flowing on pages of w x h points with the given margins: adds
 * the first page; the cursor is at the top margin. */
void doc_flow_begin(doc *d, double w, double h, double margin);

/* The cursor (y, from the page bottom) and the usable width. */
double doc_flow_y(const doc *d);
double doc_flow_width(const doc *d);

/* Start a new page when less than need points are left; returns 1 when
 * a page was added. */
int doc_flow_need(doc *d, double need);

/* Move the cursor down by dy points (a new page when it runs out). */
void doc_flow_skip(doc *d, double dy);

/* A title (wrapped, aligned) at size, then a small gap. */
void doc_flow_title(doc *d, const char *text, double size, doc_align align);

/* A wrapped paragraph at size; it breaks across pages between lines. */
void doc_flow_paragraph(doc *d, const char *text, double size);

/* Start a table: columns (copied; titles too), text size. The header
 * row is drawn now (after a page break if fewer than the header and one
 * line are left) and again at the top of every page the table continues
 * on. Widths of 0 share what the fixed widths leave of the flow width;
 * when the fixed widths exceed it, all are scaled to fit. */
void doc_table_begin(doc *d, const doc_column *cols, size_t ncols,
                     double size);

/* A row: ncols cells (NULL is empty), each wrapped in its column. A row
 * is never split across pages; one taller than a whole page is cut,
 * its last lines ending in "…". */
void doc_table_row(doc *d, const char *const *cells);

/* End the table (frees its state) and leave a small gap. */
void doc_table_end(doc *d);

/* Signature lines, kept together on one page: for each of the n
 * captions (e.g. "Председател"), the caption, a line to sign on, and
 * the name under it when names[i] is non-NULL. */
void doc_flow_signatures(doc *d, const char *const *captions,
                         const char *const *names, size_t n, double size);

/* Number every flow page "N / M" (prefixed with "prefix " when prefix
 * is non-NULL, e.g. a translated "Page"), centred in the bottom margin. */
void doc_flow_page_numbers(doc *d, const char *prefix, double size);

#endif
