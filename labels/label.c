/* label.c: label templates and QR label rendering (see label.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <qrencode.h>

#include "inventar/priv.h"
#include "inventar/util.h"
#include "doc.h"
#include "label.h"
#include "qrwork.h"

/* ---- built-in templates ---- */

#define PT(x) (x)
#define MM(x) DOC_MM(x)

/* Sheet geometry of the Avery sheets as glabels' avery-iso-templates.xml
 * gives it (pitches and margins, in points); label sizes are the
 * nominal ones. */
static const label_template builtins[] = {
    {"L7160", N_("Avery L7160 and compatible: 21 labels on A4"),
     MM(210), MM(297), MM(63.5), MM(38.1), PT(5), 1,
     {{3, 7, PT(21.2), PT(43.9), PT(187.2), PT(108.0)}}},
    {"L7163", N_("Avery L7163 and compatible: 14 labels on A4"),
     MM(210), MM(297), MM(99.1), MM(38.1), PT(5), 1,
     {{2, 7, PT(9.5), PT(43.0), PT(292.0), PT(108.0)}}},
    {"L7651", N_("Avery L7651 and compatible: 65 labels on A4"),
     MM(210), MM(297), MM(38.1), MM(21.2), PT(5), 1,
     {{5, 13, PT(13.32), PT(30.90), PT(115.09), PT(60.09)}}},
    {"70x37", N_("70 x 37 mm: 24 labels on A4, no side margins"),
     MM(210), MM(297), MM(70), MM(37), 0, 1,
     {{3, 8, 0, MM(0.5), MM(70), MM(37)}}},
    {"62x29", N_("thermal printer, one 62 x 29 mm label a page"),
     MM(62), MM(29), MM(62), MM(29), 0, 1, {{1, 1, 0, 0, 0, 0}}},
    {"50x25", N_("thermal printer, one 50 x 25 mm label a page"),
     MM(50), MM(25), MM(50), MM(25), 0, 1, {{1, 1, 0, 0, 0, 0}}},
    {"57x32", N_("thermal printer, one 57 x 32 mm label a page"),
     MM(57), MM(32), MM(57), MM(32), 0, 1, {{1, 1, 0, 0, 0, 0}}},
};

size_t label_builtin_count(void) { return sizeof builtins / sizeof builtins[0]; }

const label_template *label_builtin(size_t i)
{
    return i < label_builtin_count() ? &builtins[i] : NULL;
}

size_t label_template_count(const label_template *t)
{
    size_t n = 0;
    for (int i = 0; i < t->nlayouts; i++)
        if (t->layouts[i].nx > 0 && t->layouts[i].ny > 0)
            n += (size_t)t->layouts[i].nx * (size_t)t->layouts[i].ny;
    return n;
}

static int pos_cmp(const void *a, const void *b)
{
    const label_pos *p = a, *q = b;
    if (fabs(p->y - q->y) > 0.01) return p->y < q->y ? -1 : 1;
    if (fabs(p->x - q->x) > 0.01) return p->x < q->x ? -1 : 1;
    return 0;
}

size_t label_template_positions(const label_template *t, label_pos *out,
                                size_t max)
{
    size_t n = label_template_count(t);
    label_pos *all = malloc((n ? n : 1) * sizeof *all);
    if (!all) return 0;
    size_t k = 0;
    for (int i = 0; i < t->nlayouts; i++) {
        const label_layout *l = &t->layouts[i];
        for (int r = 0; r < l->ny; r++)
            for (int c = 0; c < l->nx; c++) {
                all[k].x = l->x0 + c * l->dx;
                all[k].y = l->y0 + r * l->dy;
                k++;
            }
    }
    /* Stable order: rows top to bottom, then left to right. */
    qsort(all, n, sizeof *all, pos_cmp);
    memcpy(out, all, (n < max ? n : max) * sizeof *all);
    free(all);
    return n;
}

void label_place(const label_template *t, int start, size_t k, size_t *page,
                 size_t *index)
{
    size_t count = label_template_count(t);
    if (count == 0) count = 1;
    size_t first = start > 1 ? (size_t)start - 1 : 0;
    *page = (first + k) / count;
    *index = (first + k) % count;
}

static void fmt_mm(char *buf, size_t n, double pt)
{
    double mm = DOC_TO_MM(pt);
    double r = round(mm * 10) / 10;
    if (fabs(r - round(r)) < 0.05) snprintf(buf, n, "%.0f", r);
    else snprintf(buf, n, "%.1f", r);
}

void label_list_templates(sbuf *out)
{
    sbuf_addf(out, "%s\n", _("Built-in label templates:"));
    for (size_t i = 0; i < label_builtin_count(); i++) {
        const label_template *t = &builtins[i];
        char w[16], h[16];
        fmt_mm(w, sizeof w, t->label_w);
        fmt_mm(h, sizeof h, t->label_h);
        char size[48], grid[48];
        snprintf(size, sizeof size, _("%s x %s mm"), w, h);
        if (label_template_count(t) == 1)
            snprintf(grid, sizeof grid, "%s", _("1 a page"));
        else
            snprintf(grid, sizeof grid, _("%d x %d = %zu a sheet"),
                     t->layouts[0].nx, t->layouts[0].ny, label_template_count(t));
        sbuf_addf(out, "  %-7s %-16s %-18s %s\n", t->name, size, grid,
                  _(t->description));
    }
    sbuf_addf(out, _("Any rectangular template of the glabels library (%s) "
                     "can be named as BRAND:PART, e.g. Avery:L7160.\n"),
              LABEL_GLABELS_DIR);
}

/* ---- glabels templates ---- */

/* A length in glabels' notation ("181.4", "63.5mm", "1.5in", "12pt",
 * "2cm", "1pc") in points. Returns 0, or -1 when it is not one. */
static int parse_length(const char *s, double *out)
{
    if (!s) return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v)) return -1;
    while (*end == ' ') end++;
    double f;
    if (!*end || !strcmp(end, "pt")) f = 1;
    else if (!strcmp(end, "mm")) f = 72.0 / 25.4;
    else if (!strcmp(end, "cm")) f = 720.0 / 25.4;
    else if (!strcmp(end, "in")) f = 72.0;
    else if (!strcmp(end, "pc")) f = 12.0;
    else return -1;
    *out = v * f;
    return 0;
}

static const char *attr(xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

static int is_elem(xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* The template files of the library, sorted; paper sizes aside. */
typedef struct glabels_lib {
    const char *dir;
    char **files;
    size_t nfiles;
    xmlDoc **docs;   /* parsed lazily */
} glabels_lib;

static void lib_free(glabels_lib *lib)
{
    for (size_t i = 0; i < lib->nfiles; i++) {
        free(lib->files[i]);
        if (lib->docs && lib->docs[i]) xmlFreeDoc(lib->docs[i]);
    }
    free(lib->files);
    free(lib->docs);
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inv_status lib_open(glabels_lib *lib, const char *dir, inv_err *e)
{
    memset(lib, 0, sizeof *lib);
    lib->dir = dir;
    DIR *dh = opendir(dir);
    if (!dh)
        return inv_fail(e, INV_ENOTFOUND,
                        _("glabels template library %s: %s"), dir, strerror(errno));
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (!has_suffix(de->d_name, ".xml") || !strcmp(de->d_name, "paper-sizes.xml") ||
            !strcmp(de->d_name, "categories.xml") || !strcmp(de->d_name, "vendors.xml"))
            continue;
        if (lib->nfiles == cap) {
            cap = cap ? cap * 2 : 64;
            char **f = realloc(lib->files, cap * sizeof *f);
            if (!f) { closedir(dh); lib_free(lib); return inv_fail(e, INV_ENOMEM, "%s", _("out of memory")); }
            lib->files = f;
        }
        if (!(lib->files[lib->nfiles] = strdup(de->d_name))) {
            closedir(dh);
            lib_free(lib);
            return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
        }
        lib->nfiles++;
    }
    closedir(dh);
    if (lib->nfiles) qsort(lib->files, lib->nfiles, sizeof *lib->files, str_ptr_cmp);
    lib->docs = calloc(lib->nfiles ? lib->nfiles : 1, sizeof *lib->docs);
    if (!lib->docs) {
        lib_free(lib);
        return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    }
    return INV_OK;
}

static xmlDoc *lib_doc(glabels_lib *lib, size_t i)
{
    if (!lib->docs[i]) {
        sbuf p = {0};
        sbuf_addf(&p, "%s/%s", lib->dir, lib->files[i]);
        lib->docs[i] = xmlReadFile(p.s, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR |
                                   XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
        sbuf_free(&p);
    }
    return lib->docs[i];
}

/* Find <Template brand=B part=P> (case-insensitive) in the library. */
static xmlNode *lib_find(glabels_lib *lib, const char *brand, const char *part)
{
    for (size_t i = 0; i < lib->nfiles; i++) {
        xmlDoc *doc = lib_doc(lib, i);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        if (!root) continue;
        for (xmlNode *n = root->children; n; n = n->next) {
            if (!is_elem(n, "Template")) continue;
            const char *b = attr(n, "brand"), *p = attr(n, "part");
            if (b && p && !strcasecmp(b, brand) && !strcasecmp(p, part)) return n;
        }
    }
    return NULL;
}

/* The page size named id in paper-sizes.xml (or A4 / US-Letter when that
 * file is missing). */
static int paper_size(const char *dir, const char *id, double *w, double *h)
{
    int found = 0;
    sbuf p = {0};
    sbuf_addf(&p, "%s/paper-sizes.xml", dir);
    xmlDoc *doc = xmlReadFile(p.s, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                             XML_PARSE_NOWARNING);
    sbuf_free(&p);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNode *n = root ? root->children : NULL; n && !found; n = n->next) {
        const char *pid = is_elem(n, "Paper-size") ? attr(n, "id") : NULL;
        if (pid && !strcasecmp(pid, id) && parse_length(attr(n, "width"), w) == 0 &&
            parse_length(attr(n, "height"), h) == 0)
            found = 1;
    }
    if (doc) xmlFreeDoc(doc);
    if (!found && !strcasecmp(id, "A4")) { *w = MM(210); *h = MM(297); found = 1; }
    if (!found && !strcasecmp(id, "US-Letter")) { *w = 612; *h = 792; found = 1; }
    return found ? 0 : -1;
}

/* Fill out from a non-equiv <Template> node. */
static inv_status template_from_node(const char *dir, const char *name, xmlNode *tn,
                                     label_template *out, inv_err *e)
{
    memset(out, 0, sizeof *out);
    str_copy(out->name, sizeof out->name, name);
    const char *size = attr(tn, "size");
    if (!size || !strcasecmp(size, "Other") || !strcasecmp(size, "roll")) {
        if (parse_length(attr(tn, "width"), &out->page_w) != 0 ||
            parse_length(attr(tn, "height"), &out->page_h) != 0)
            return inv_fail(e, INV_EINVAL, _("template %s: no usable page size"), name);
    } else if (paper_size(dir, size, &out->page_w, &out->page_h) != 0) {
        return inv_fail(e, INV_EINVAL, _("template %s: unknown paper size %s"), name, size);
    }
    xmlNode *label = NULL;
    for (xmlNode *n = tn->children; n && !label; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !strncmp((const char *)n->name, "Label", 5))
            label = n;
    if (!label)
        return inv_fail(e, INV_EINVAL, _("template %s defines no label"), name);
    if (!is_elem(label, "Label-rectangle")) {
        if (is_elem(label, "Label-round"))
            return inv_fail(e, INV_EINVAL, _("template %s has round labels; only rectangular "
                                             "labels are supported"), name);
        if (is_elem(label, "Label-ellipse"))
            return inv_fail(e, INV_EINVAL, _("template %s has elliptical labels; only "
                                             "rectangular labels are supported"), name);
        if (is_elem(label, "Label-cd"))
            return inv_fail(e, INV_EINVAL, _("template %s has CD/DVD labels; only "
                                             "rectangular labels are supported"), name);
        /* TRANSLATORS: %1$s is the template's name, %2$s the label's
         * element in the template file ("Label-path"). */
        return inv_fail(e, INV_EINVAL, _("template %1$s has labels of the shape %2$s; only "
                                         "rectangular labels are supported"),
                        name, (const char *)label->name);
    }
    if (parse_length(attr(label, "width"), &out->label_w) != 0 ||
        parse_length(attr(label, "height"), &out->label_h) != 0 ||
        out->label_w <= 0 || out->label_h <= 0)
        return inv_fail(e, INV_EINVAL, _("template %s: invalid label size"), name);
    if (parse_length(attr(label, "round"), &out->round) != 0) out->round = 0;
    for (xmlNode *n = label->children; n; n = n->next) {
        if (!is_elem(n, "Layout")) continue;
        if (out->nlayouts == LABEL_MAX_LAYOUTS)
            return inv_fail(e, INV_EINVAL, _("template %s: too many layouts"), name);
        label_layout *l = &out->layouts[out->nlayouts];
        const char *nx = attr(n, "nx"), *ny = attr(n, "ny");
        l->nx = nx ? atoi(nx) : 1;
        l->ny = ny ? atoi(ny) : 1;
        if (parse_length(attr(n, "x0"), &l->x0) != 0) l->x0 = 0;
        if (parse_length(attr(n, "y0"), &l->y0) != 0) l->y0 = 0;
        if (parse_length(attr(n, "dx"), &l->dx) != 0) l->dx = 0;
        if (parse_length(attr(n, "dy"), &l->dy) != 0) l->dy = 0;
        if (l->nx < 1 || l->ny < 1 || l->nx > 1000 || l->ny > 1000)
            return inv_fail(e, INV_EINVAL, _("template %s: invalid layout"), name);
        out->nlayouts++;
    }
    if (out->nlayouts == 0)
        return inv_fail(e, INV_EINVAL, _("template %s has no layout"), name);
    if (out->page_w < 3 || out->page_h < 3 || out->page_w > 14400 ||
        out->page_h > 14400)
        return inv_fail(e, INV_EINVAL, _("template %s: invalid page size"), name);
    const char *desc = attr(tn, "_description");
    if (!desc) desc = attr(tn, "description");
    char w[16], h[16];
    fmt_mm(w, sizeof w, out->label_w);
    fmt_mm(h, sizeof h, out->label_h);
    char dims[48];
    snprintf(dims, sizeof dims, _("%s x %s mm"), w, h);
    snprintf(out->description, sizeof out->description, "%s%s%s", desc ? desc : "",
             desc ? ", " : "", dims);
    return INV_OK;
}

static inv_status glabels_user(const char *dir, const char *brand_part, label_template *out,
                               inv_err *e);

/* glabels' library (or the test build's $INVENTAR_GLABELS_DIR) is read
 * with the user's rights (priv.h). */
inv_status label_template_glabels(const char *dir, const char *brand_part,
                                  label_template *out, inv_err *e)
{
    priv_user_begin();
    inv_status st = glabels_user(dir, brand_part, out, e);
    priv_user_end();
    return st;
}

static inv_status glabels_user(const char *dir, const char *brand_part, label_template *out,
                               inv_err *e)
{
    if (!dir) dir = LABEL_GLABELS_DIR;
    const char *colon = brand_part ? strchr(brand_part, ':') : NULL;
    if (!colon || colon == brand_part || !colon[1])
        return inv_fail(e, INV_EINVAL, _("template name %s is not BRAND:PART"),
                        brand_part ? brand_part : "");
    char brand[64], part[64];
    size_t bl = (size_t)(colon - brand_part);
    if (bl >= sizeof brand || strlen(colon + 1) >= sizeof part)
        return inv_fail(e, INV_ENOTFOUND, _("unknown label template %s"), brand_part);
    memcpy(brand, brand_part, bl);
    brand[bl] = '\0';
    strcpy(part, colon + 1);

    glabels_lib lib;
    inv_status st = lib_open(&lib, dir, e);
    if (st != INV_OK) return st;
    xmlNode *tn = lib_find(&lib, brand, part);
    if (!tn) {
        lib_free(&lib);
        return inv_fail(e, INV_ENOTFOUND, _("unknown label template %s (not in %s)"),
                        brand_part, dir);
    }
    /* Follow equiv= to the template that holds the geometry. */
    for (int hops = 0; attr(tn, "equiv"); hops++) {
        const char *eq = attr(tn, "equiv");
        const char *b = attr(tn, "brand");
        xmlNode *next = hops < 8 ? lib_find(&lib, b ? b : brand, eq) : NULL;
        if (!next) {
            inv_fail(e, INV_EINVAL, _("template %s: its equivalent %s:%s is missing"),
                     brand_part, b ? b : brand, eq);
            lib_free(&lib);
            return INV_EINVAL;
        }
        tn = next;
    }
    /* Name it as glabels spells it. */
    sbuf name = {0};
    xmlNode *orig = lib_find(&lib, brand, part);
    if (orig && attr(orig, "brand") && attr(orig, "part"))
        sbuf_addf(&name, "%s:%s", attr(orig, "brand"), attr(orig, "part"));
    else
        sbuf_addf(&name, "%s:%s", brand, part);
    st = template_from_node(dir, name.s, tn, out, e);
    sbuf_free(&name);
    lib_free(&lib);
    return st;
}

inv_status label_template_find(const char *name, const char *glabels_dir,
                               label_template *out, inv_err *e)
{
    if (!name || !*name)
        return inv_fail(e, INV_EINVAL, "%s", _("no label template given"));
    for (size_t i = 0; i < label_builtin_count(); i++)
        if (!strcasecmp(builtins[i].name, name)) {
            *out = builtins[i];
            return INV_OK;
        }
    if (strchr(name, ':')) return label_template_glabels(glabels_dir, name, out, e);
    return inv_fail(e, INV_ENOTFOUND,
                    _("unknown label template %s (see --list-templates; glabels "
                      "templates are named BRAND:PART)"), name);
}

/* ---- geometry ---- */

enum { LINE_TAG, LINE_OWNER, LINE_KIND, LINE_OFFICE, LINE_FUNDING, NLINES };

#define TAG_RATIO 1.5       /* tag size / other lines' size */
#define TEXT_MAX 8.0        /* largest size of the other lines, pt */
#define TEXT_MIN 4.5        /* smallest size of the other lines, pt */
#define TAG_MIN 5.0         /* smallest size of the tag, pt */

/* Where things go on a label; label-local points, y down from the top. */
typedef struct geom {
    int wide;              /* QR left, text right; else text under the QR */
    double qr_x, qr_y, qr_side; /* the QR box, quiet zone included */
    double tx, ty, tw, th; /* the text box */
} geom;

static void compute_geom(const label_template *t, geom *g)
{
    double W = t->label_w, H = t->label_h, m = W < H ? W : H;
    double pad = fmin(MM(1.5), 0.06 * m);  /* text to label edge */
    double qpad = fmin(MM(1.0), 0.04 * m); /* QR box to label edge */
    g->wide = W >= 1.25 * H;
    if (g->wide) {
        g->qr_side = fmin(H - 2 * qpad, 0.45 * W);
        g->qr_x = qpad;
        g->qr_y = (H - g->qr_side) / 2;
        g->tx = g->qr_x + g->qr_side + pad * 0.5;
        g->ty = pad;
        g->tw = W - g->tx - pad;
        g->th = H - 2 * pad;
    } else {
        g->qr_side = fmin(W - 2 * qpad, 0.6 * H);
        g->qr_x = (W - g->qr_side) / 2;
        g->qr_y = qpad;
        g->tx = pad;
        g->ty = g->qr_y + g->qr_side;
        g->tw = W - 2 * pad;
        g->th = H - g->ty - pad;
    }
}

/* A text line and how it can fit the text box. */
typedef struct text_line {
    const char *s;
    int rows;            /* chosen: 1, or 2 (broken at end1 / start2) */
    double s1;           /* largest size at which it fits in one row */
    double s2;           /* ... in two rows; 0 when it cannot be broken */
    size_t end1, start2; /* the break for two rows */
} text_line;

/* Plan the text of a label: which lines are shown (*shown; the others,
 * at the end, are left out for lack of height), which of the lines after
 * the tag take two rows, and the size k of those lines (the tag gets
 * TAG_RATIO times it). Among the choices of rows, the one that cuts the
 * fewest lines wins, then the one that loses the least of the cut text,
 * then the one whose smallest text is largest, then the one with fewer
 * rows. Returns k, or 0 when not even the tag fits. */
static double plan_text(const geom *g, double lh1, text_line *L, int n, int *shown)
{
    for (int m = n; m >= 1; m--) {
        int others = m - 1, best = -1, best_cuts = 0, best_rows = 0;
        double best_k = 0, best_min = 0, best_lost = 0;
        for (int cfg = 0; cfg < (1 << others); cfg++) {
            int nrows = 0, ok = 1;
            for (int i = 0; i < others; i++) {
                int two = (cfg >> i) & 1;
                if (two && L[i + 1].s2 <= 0) ok = 0;
                nrows += 1 + two;
            }
            if (!ok) continue;
            double k = g->th / (lh1 * (TAG_RATIO + nrows));
            if (k > TEXT_MAX) k = TEXT_MAX;
            k = floor(k * 10 + 1e-9) / 10;
            if (m > 1 ? k < TEXT_MIN : k * TAG_RATIO < TAG_MIN) continue;
            int cuts = 0;
            double min = k, lost = 0;
            for (int i = 0; i < others; i++) {
                int two = (cfg >> i) & 1;
                double lim = two ? L[i + 1].s2 : L[i + 1].s1;
                double sz = lim < k ? lim : k;
                if (sz < TEXT_MIN) {
                    /* Cut: roughly the share of the text that is lost
                     * (two rows hold about twice as much). */
                    double kept = L[i + 1].s1 * (two ? 2 : 1) / TEXT_MIN;
                    cuts++;
                    lost += kept < 1 ? 1 - kept : 0;
                    sz = TEXT_MIN;
                }
                if (sz < min) min = sz;
            }
            int better;
            if (best < 0 || cuts != best_cuts) better = best < 0 || cuts < best_cuts;
            else if (fabs(lost - best_lost) > 0.02) better = lost < best_lost;
            else if (fabs(min - best_min) > 0.05) better = min > best_min;
            else better = nrows < best_rows;
            if (better) {
                best = cfg;
                best_cuts = cuts;
                best_lost = lost;
                best_min = min;
                best_rows = nrows;
                best_k = k;
            }
        }
        if (best >= 0) {
            L[0].rows = 1;
            for (int i = 0; i < others; i++) L[i + 1].rows = 1 + ((best >> i) & 1);
            *shown = m;
            return best_k;
        }
    }
    *shown = 0;
    return 0;
}

/* ---- rendering ---- */

typedef struct renderer {
    doc *d;
    const label_template *t;
    geom g;
    double lh1;         /* line height per pt */
    sbuf line[NLINES];  /* the text of each line */
    sbuf fit;           /* a fitted line */
    char *ops;          /* raw operators of a QR code */
    size_t opscap;
} renderer;

/* Write the decimal digits of v (0..255) at p; returns the end. */
static char *put_uint(char *p, unsigned v)
{
    if (v >= 100) *p++ = (char)('0' + v / 100);
    if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

/* Write v with up to 4 decimals, trailing zeros dropped; returns the end. */
static char *put_real(char *p, double v)
{
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.4f", v);
    if (n < 0 || n >= (int)sizeof buf) n = snprintf(buf, sizeof buf, "0");
    while (n > 1 && buf[n - 1] == '0') n--;
    if (n > 1 && buf[n - 1] == '.') n--;
    if (n == 2 && buf[0] == '-' && buf[1] == '0') { buf[0] = '0'; n = 1; }
    memcpy(p, buf, (size_t)n);
    return p + n;
}

/* Draw the QR code of one label whose top-left corner is at (lx, ly)
 * (page coordinates, y up): one path of rectangles, one fill. The
 * operators are written directly (one libharu call per rectangle costs
 * more than the rest of the label). Returns 0, or -1 when out of memory. */
static int draw_qr(renderer *r, const qr_code *q, double lx, double ly)
{
    double mod = r->g.qr_side / (q->width + 2 * LABEL_QUIET_ZONE);
    double x = lx + r->g.qr_x + LABEL_QUIET_ZONE * mod;
    double y = ly - r->g.qr_y - LABEL_QUIET_ZONE * mod;
    /* "255 255 255 255 re\n" is 19 bytes; the rest fits in 200. */
    size_t need = q->nrects * 19 + 200;
    if (need > r->opscap) {
        char *b = realloc(r->ops, need);
        if (!b) return -1;
        r->ops = b;
        r->opscap = need;
    }
    char *p = r->ops;
    /* Module units, origin at the symbol's top-left corner, y down: every
     * rectangle is written with small integers. */
    memcpy(p, "q ", 2), p += 2;
    p = put_real(p, mod);
    memcpy(p, " 0 0 ", 5), p += 5;
    p = put_real(p, -mod);
    *p++ = ' ';
    p = put_real(p, x);
    *p++ = ' ';
    p = put_real(p, y);
    memcpy(p, " cm\n", 4), p += 4;
    for (size_t i = 0; i < q->nrects; i++) {
        const qr_rect *rc = &q->rects[i];
        p = put_uint(p, rc->x);
        *p++ = ' ';
        p = put_uint(p, rc->y);
        *p++ = ' ';
        p = put_uint(p, rc->w);
        *p++ = ' ';
        p = put_uint(p, rc->h);
        memcpy(p, " re\n", 4), p += 4;
    }
    memcpy(p, "f Q\n", 4), p += 4;
    doc_raw(r->d, r->ops, (size_t)(p - r->ops));
    return 0;
}

static void join(sbuf *b, const char *s)
{
    if (!s || !*s) return;
    if (b->len) sbuf_addc(b, ' ');
    sbuf_add(b, s);
}

/* Draw one row of text in the text box at baseline base. */
static void draw_row(renderer *r, const char *s, size_t n, double size, double lx,
                     double base)
{
    if (n == 0) return;
    double x = lx + r->g.tx;
    if (!r->g.wide) x += (r->g.tw - doc_text_width(r->d, s, n, size)) / 2;
    /* Round inwards: never further out than computed. */
    x = ceil(x * 100) / 100;
    base = round(base * 100) / 100;
    doc_text_n(r->d, x, base, size, s, n);
}

/* Draw the text lines of one label whose top-left corner is (lx, ly)
 * (page coordinates, y up). Returns the number of lines left out. */
static size_t draw_text(renderer *r, const label_record *rec, double lx, double ly)
{
    text_line L[NLINES];
    int n = 0;
    for (int i = 0; i < NLINES; i++) sbuf_reset(&r->line[i]);
    sbuf_add(&r->line[0], rec->tag);
    sbuf_add(&r->line[1], rec->owner && *rec->owner ? rec->owner : LABEL_DEFAULT_OWNER);
    join(&r->line[2], rec->kind);
    join(&r->line[2], rec->make);
    join(&r->line[2], rec->model);
    join(&r->line[3], rec->office);
    join(&r->line[4], rec->funding);
    double tw = r->g.tw;
    for (int i = 0; i < NLINES; i++) {
        if (i >= 2 && !r->line[i].len) continue;
        text_line *t = &L[n++];
        memset(t, 0, sizeof *t);
        t->s = sbuf_str(&r->line[i]);
        double w1 = doc_text_width(r->d, t->s, r->line[i].len, 1);
        t->s1 = w1 > 0 ? tw / w1 : 1e6;
        t->s2 = i == 0 ? 0 : doc_split2(r->d, t->s, tw, &t->end1, &t->start2);
    }

    int shown;
    double k = plan_text(&r->g, r->lh1, L, n, &shown);
    if (shown == 0) return (size_t)n;
    double asc = doc_font_ascent(r->d), desc = doc_font_descent(r->d);
    int rows = 0;
    for (int i = 1; i < shown; i++) rows += L[i].rows;
    double stack = r->lh1 * k * (TAG_RATIO + rows);
    /* Centred beside the QR code; right under it on tall labels. */
    double top = ly - r->g.ty - (r->g.wide ? (r->g.th - stack) / 2 : 0);
    for (int i = 0; i < shown; i++) {
        const char *s = L[i].s;
        double max = i == 0 ? floor(k * TAG_RATIO * 10 + 1e-9) / 10 : k;
        double min = i == 0 ? TAG_MIN : TEXT_MIN;
        double row_h = r->lh1 * max;
        /* The baseline of a row of size sz, its glyph box centred in it. */
#define BASE(row_top, sz) ((row_top) - (row_h - (sz) * (asc - desc)) / 2 - asc * (sz))
        if (L[i].rows == 1) {
            double sz = doc_fit_line(r->d, s, max, min, tw, &r->fit);
            if (sz > 0) draw_row(r, r->fit.s, r->fit.len, sz, lx, BASE(top, sz));
        } else {
            double sz = L[i].s2 < max ? floor(L[i].s2 * 10 + 1e-9) / 10 : max;
            if (sz >= min) {
                draw_row(r, s, L[i].end1, sz, lx, BASE(top, sz));
                draw_row(r, s + L[i].start2, strlen(s + L[i].start2), sz, lx,
                         BASE(top - row_h, sz));
            } else {
                /* Two rows at the smallest size, the second cut. */
                size_t len = strlen(s), end = doc_text_prefix(r->d, s, len, min, tw);
                size_t next = end;
                if (end < len && s[end] != ' ') {
                    /* Back to the last space, unless the word fills the row. */
                    size_t sp = end;
                    while (sp > 0 && s[sp - 1] != ' ') sp--;
                    if (sp > 0) end = next = sp - 1;
                }
                while (end > 0 && s[end - 1] == ' ') end--;
                draw_row(r, s, end, min, lx, BASE(top, min));
                const char *rest = s + next;
                while (*rest == ' ') rest++;
                double sz2 = doc_fit_line(r->d, rest, min, min, tw, &r->fit);
                if (sz2 > 0)
                    draw_row(r, r->fit.s, r->fit.len, sz2, lx, BASE(top - row_h, sz2));
            }
        }
#undef BASE
        top -= row_h * L[i].rows;
    }
    return (size_t)(n - shown);
}

/* Check that the template leaves room for a QR code and a tag. */
static inv_status check_template(const label_template *t, const geom *g,
                                 double lh1, inv_err *e)
{
    char w[16], h[16];
    fmt_mm(w, sizeof w, t->label_w);
    fmt_mm(h, sizeof h, t->label_h);
    if (label_template_count(t) == 0 || t->label_w <= 0 || t->label_h <= 0 ||
        t->page_w <= 0 || t->page_h <= 0)
        return inv_fail(e, INV_EINVAL, _("template %s has no labels"), t->name);
    /* The smallest QR (version 1, 21 modules) must get big enough modules. */
    double mod = g->qr_side / (21 + 2 * LABEL_QUIET_ZONE);
    if (g->qr_side <= 0 || DOC_TO_MM(mod) < LABEL_MIN_MODULE_MM - 1e-9)
        return inv_fail(e, INV_EINVAL,
                        _("labels of template %s (%s x %s mm) are too small for a "
                          "QR code: its modules would be %.2f mm, at least %.1f mm "
                          "are needed to scan"),
                        t->name, w, h, g->qr_side > 0 ? DOC_TO_MM(mod) : 0.0,
                        LABEL_MIN_MODULE_MM);
    text_line tag = {"", 1, 1e6, 0, 0, 0};
    int shown;
    if (g->tw < TAG_MIN || plan_text(g, lh1, &tag, 1, &shown) <= 0)
        return inv_fail(e, INV_EINVAL,
                        _("labels of template %s (%s x %s mm) leave no room for "
                          "the tag beside the QR code"), t->name, w, h);
    return INV_OK;
}

inv_status label_render_pdf(const label_record *recs, size_t n,
                            const label_template *t, const label_opts *o,
                            const char *path, label_result *res, inv_err *e)
{
    label_opts defaults = {0};
    if (!o) o = &defaults;
    if (res) memset(res, 0, sizeof *res);
    if (!t) return inv_fail(e, INV_EINVAL, "%s", _("no label template given"));
    if (!recs || n == 0) return inv_fail(e, INV_EINVAL, "%s", _("no labels to print"));
    if (!path || !*path) return inv_fail(e, INV_EINVAL, "%s", _("no output file given"));
    size_t count = label_template_count(t);
    int start = o->start ? o->start : 1;
    int copies = o->copies ? o->copies : 1;
    if (start < 1 || (size_t)start > count)
        /* TRANSLATORS: %1$d is a position on the sheet, %2$zu how many
         * labels a sheet of template %3$s has. */
        return inv_fail(e, INV_EINVAL,
                        ngettext("start position %1$d is outside the %2$zu label of a %3$s "
                                 "sheet",
                                 "start position %1$d is outside the %2$zu labels of a %3$s "
                                 "sheet", count),
                        start, count, t->name);
    if (copies < 1 || copies > LABEL_MAX_COPIES)
        return inv_fail(e, INV_EINVAL, _("copies must be between 1 and %d"),
                        LABEL_MAX_COPIES);
    for (size_t i = 0; i < n; i++)
        if (!recs[i].tag || !*recs[i].tag)
            return inv_fail(e, INV_EINVAL, _("label %zu has no tag"), i + 1);

    renderer r;
    memset(&r, 0, sizeof r);
    r.t = t;
    compute_geom(t, &r.g);

    label_pos *pos = malloc(count * sizeof *pos);
    if (!pos) return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    label_template_positions(t, pos, count);

    inv_status st = doc_open(&r.d, o->font_path, e);
    if (st != INV_OK) {
        free(pos);
        return st;
    }
    r.lh1 = doc_line_height(r.d, 1);
    st = check_template(t, &r.g, r.lh1, e);

    qr_work *qw = NULL;
    if (st == INV_OK) {
        /* QR codes are encoded ahead, in parallel, while pages are drawn. */
        const char **tags = malloc(n * sizeof *tags);
        if (!tags) st = inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
        for (size_t i = 0; tags && i < n; i++)
            tags[i] = recs[i].code && *recs[i].code ? recs[i].code : recs[i].tag;
        if (tags) st = qr_work_start(&qw, tags, n, e);
        free(tags);
    }

    size_t total = n * (size_t)copies, dropped = 0, k = 0;
    double min_mod = MM(LABEL_MIN_MODULE_MM);
    while (st == INV_OK && k < total) {
        size_t page, first;
        label_place(t, start, k, &page, &first);
        size_t on_page = count - first;
        if (on_page > total - k) on_page = total - k;
        doc_add_page(r.d, t->page_w, t->page_h);
        /* Pass 1: the QR codes; pass 2: the text (one text object). */
        for (size_t j = 0; j < on_page && st == INV_OK; j++) {
            size_t ri = (k + j) / (size_t)copies;
            const qr_code *q = qr_work_get(qw, ri, e);
            if (!q) { st = e ? e->code : INV_EINVAL; break; }
            double mod = r.g.qr_side / (q->width + 2 * LABEL_QUIET_ZONE);
            if (mod < min_mod - 1e-9) {
                char w[16], h[16], tag[64];
                fmt_mm(w, sizeof w, t->label_w);
                fmt_mm(h, sizeof h, t->label_h);
                if (str_copy(tag, 48, recs[ri].tag) != 0) strcat(tag, DOC_ELLIPSIS);
                st = inv_fail(e, INV_EINVAL,
                              _("tag %s is too long for a QR code on template %s "
                                "(%s x %s mm): its modules would be %.2f mm, at "
                                "least %.1f mm are needed to scan"),
                              tag, t->name, w, h, DOC_TO_MM(mod),
                              LABEL_MIN_MODULE_MM);
                break;
            }
            const label_pos *p = &pos[first + j];
            if (draw_qr(&r, q, p->x, t->page_h - p->y) != 0)
                st = inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
        }
        for (size_t j = 0; j < on_page && st == INV_OK; j++) {
            size_t ri = (k + j) / (size_t)copies;
            const label_pos *p = &pos[first + j];
            dropped += draw_text(&r, &recs[ri], p->x, t->page_h - p->y);
        }
        k += on_page;
        if (st == INV_OK) st = doc_status(r.d, e);
        if (o->progress) o->progress(o->progress_arg, k, total);
    }
    qr_work_stop(qw);
    if (st == INV_OK) st = doc_save(r.d, path, e);
    if (st == INV_OK && res) {
        res->labels = total;
        res->pages = doc_page_count(r.d);
        res->lines_dropped = dropped;
    }
    doc_free(r.d);
    for (int i = 0; i < NLINES; i++) sbuf_free(&r.line[i]);
    sbuf_free(&r.fit);
    free(r.ops);
    free(pos);
    return st;
}
