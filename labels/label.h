/* label.h: QR asset labels as PDF.
 *
 * Templates (built-in sheets and thermal pages, or any rectangular
 * template of glabels' library named BRAND:PART), and the rendering of
 * records onto them: a QR code holding the scan code (error correction
 * M, quiet zone of 4 modules, vector rectangles with merged dark runs,
 * one fill per code) and text lines that shrink to fit or are cut with
 * "…", never leaving the label. Knows nothing of the database: the
 * caller hands it the records. Never prints; returns a status and a
 * message. */
#ifndef INVENTAR_LABELS_LABEL_H
#define INVENTAR_LABELS_LABEL_H

#include <stddef.h>
#include "inventar/status.h"
#include "inventar/util.h"

/* The owner line when a record gives none. */
#define LABEL_DEFAULT_OWNER "\xD0\x90\xD0\xA1\xD0\x9F" /* "АСП" */

/* Where glabels keeps its template library (Debian's glabels-data). */
#define LABEL_GLABELS_DIR "/usr/share/libglabels-3.0/templates"

/* The smallest QR module that still scans reliably, in millimetres. */
#define LABEL_MIN_MODULE_MM 0.4

/* The quiet zone around a QR code, in modules. */
#define LABEL_QUIET_ZONE 4

#define LABEL_MAX_LAYOUTS 16
#define LABEL_MAX_COPIES 1000

/* What one label shows. Strings are UTF-8; only tag is required. */
typedef struct label_record {
    const char *tag;     /* asset tag: the largest line (and the QR content
                            when there is no code) */
    const char *owner;   /* owner line; NULL or "": LABEL_DEFAULT_OWNER */
    const char *kind;    /* kind name, e.g. "Таблет" */
    const char *make;    /* make, e.g. "Samsung" */
    const char *model;   /* model, e.g. "Galaxy Tab A8" */
    const char *office;  /* office name */
    const char *funding; /* funding line (EU publicity); NULL or "": none */
    const char *code;    /* the QR content: the asset's scan code (ASCII);
                            NULL or "": the tag */
} label_record;

/* A grid of labels on a sheet. Points, from the page's top-left corner. */
typedef struct label_layout {
    int nx, ny;          /* labels across and down */
    double x0, y0;       /* top-left corner of the first label */
    double dx, dy;       /* pitch: distance between label origins */
} label_layout;

typedef struct label_template {
    char name[96];          /* "L7160", or "Avery:L7160" from glabels */
    char description[160];  /* e.g. "Avery L7160, 63.5 × 38.1 mm, 3 × 7 on A4" */
    double page_w, page_h;  /* page size, points */
    double label_w, label_h; /* label size, points */
    double round;           /* corner radius, points (for information) */
    int nlayouts;
    label_layout layouts[LABEL_MAX_LAYOUTS];
} label_template;

/* A label's top-left corner, points from the page's top-left corner. */
typedef struct label_pos {
    double x, y;
} label_pos;

typedef struct label_opts {
    int start;             /* first position used on the first sheet, 1-based
                            * (0 means 1): positions 1..start-1 stay blank */
    int copies;            /* labels per record, consecutive (0 means 1) */
    const char *font_path; /* TrueType font; NULL: DejaVu Sans (doc.h) */
    /* Called after each page with the labels drawn so far and the total
     * (a progress line); NULL: not called. */
    void (*progress)(void *arg, size_t done, size_t total);
    void *progress_arg;
} label_opts;

/* What label_render_pdf() did. */
typedef struct label_result {
    size_t labels;         /* labels printed (records x copies) */
    size_t pages;          /* pages in the PDF */
    size_t lines_dropped;  /* text lines left out for lack of height */
} label_result;

/* The built-in templates: L7160, L7163, L7651, 70x37 (A4 sheets) and the
 * thermal pages 62x29, 50x25, 57x32. label_builtin(i) is NULL for i out
 * of range. */
size_t label_builtin_count(void);
const label_template *label_builtin(size_t i);

/* Append a human-readable list of the built-in templates, one a line
 * (name, label size, labels per sheet, description), and a note on
 * BRAND:PART names from glabels, to out. */
void label_list_templates(sbuf *out);

/* Find a template by name: a built-in name (case-insensitive), or
 * BRAND:PART from the glabels library in glabels_dir (NULL: the default
 * LABEL_GLABELS_DIR). Fills *out. Fails with INV_ENOTFOUND (unknown
 * name, or no glabels library) or INV_EINVAL (not rectangular, broken
 * definition), naming the template. */
inv_status label_template_find(const char *name, const char *glabels_dir,
                               label_template *out, inv_err *e);

/* Load BRAND:PART (case-insensitive) from the glabels template files
 * (*.xml) in dir with libxml2, following equiv= references. Only
 * rectangular labels are accepted. Errors as label_template_find(). */
inv_status label_template_glabels(const char *dir, const char *brand_part,
                                  label_template *out, inv_err *e);

/* Number of label positions on one sheet. */
size_t label_template_count(const label_template *t);

/* The positions of one sheet in printing order (rows top to bottom,
 * left to right within a row). Stores up to max of them in out and
 * returns the count. */
size_t label_template_positions(const label_template *t, label_pos *out,
                                size_t max);

/* Where the k-th label (0-based, copies counted) goes when printing
 * starts at position start (1-based): its page (0-based) and the
 * 0-based position index on that page. */
void label_place(const label_template *t, int start, size_t k, size_t *page,
                 size_t *index);

/* Render n records (each o->copies times) onto template t and write the
 * PDF to path (a temporary file in the same directory, then renamed: no
 * partial file is left on any failure). res may be NULL. Fails with
 * INV_EINVAL (no records, empty tag, start or copies out of range,
 * label too small for a QR module of LABEL_MIN_MODULE_MM or for even the
 * tag line), INV_ENOTFOUND (font missing), INV_EIO (cannot write path);
 * the message names the tag, template or file. */
inv_status label_render_pdf(const label_record *recs, size_t n,
                            const label_template *t, const label_opts *o,
                            const char *path, label_result *res, inv_err *e);

#endif
