/* doc.c: the document layer over libharu (see doc.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "inventar/priv.h"
#include "inventar/util.h"
#include "doc.h"

#define WIDTH_UNKNOWN 0xFFFFu
#define REPLACEMENT 0xFFFDu

/* Table state between doc_table_begin() and doc_table_end(). */
typedef struct doc_table {
    size_t ncols;
    char **titles;    /* copies of the column titles */
    doc_align *align;
    double *x, *w;    /* column left edges and widths */
    double size;      /* text size */
    double pad;       /* cell padding */
} doc_table;

struct doc {
    HPDF_Doc pdf;
    HPDF_Font font;
    HPDF_Page page;          /* current page, NULL before the first */
    HPDF_Page *pages;        /* every page, in order */
    size_t npages, cap_pages;
    double page_w, page_h;   /* size of the current page */
    inv_err err;             /* the first error; code INV_OK while none */
    uint16_t *wcache;        /* glyph advance per BMP code point, 1/1000 em */
    double asc, desc;        /* font ascent (> 0) / descent (< 0) per pt */
    int in_text;             /* inside BT .. ET on the current page */
    double cur_size;         /* font size set on the page; 0: none */
    sbuf clean;              /* scratch: sanitised text */
    sbuf tmp;                /* scratch: fitted text */
    /* The flow. */
    int flow_on;
    double fw, fh, margin;   /* flow page size and margin */
    double y;                /* cursor: top of the next block */
    size_t flow_first;       /* index of the first flow page */
    doc_table *table;        /* the open table, or NULL */
};

/* ---- errors ---- */

static const char *hpdf_error_text(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return _("out of memory");
    case HPDF_FILE_IO_ERROR: return _("file input/output error");
    case HPDF_FILE_OPEN_ERROR: return _("cannot open file");
    case HPDF_TTF_INVALID_FOMAT: return _("invalid TrueType font");
    case HPDF_TTF_INVALID_CMAP: return _("unsupported character map in font");
    case HPDF_TTF_MISSING_TABLE: return _("a table is missing in the font");
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
        return _("the font's licence does not allow embedding");
    case HPDF_INVALID_TTC_FILE: return _("invalid TrueType collection");
    case HPDF_INVALID_FONT: return _("invalid font");
    case HPDF_PAGE_INVALID_SIZE: return _("invalid page size");
    case HPDF_PAGE_INVALID_FONT_SIZE: return _("invalid font size");
    case HPDF_ZLIB_ERROR: return _("compression error");
    default: return NULL;
    }
}

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    doc *d = user;
    if (code == HPDF_STREAM_EOF) return; /* the normal end of a read */
    if (d->err.code != INV_OK) return;
    inv_status st = code == HPDF_FAILD_TO_ALLOC_MEM ? INV_ENOMEM
                  : (code == HPDF_FILE_IO_ERROR || code == HPDF_FILE_OPEN_ERROR)
                        ? INV_EIO : INV_EINVAL;
    const char *what = hpdf_error_text(code);
    if (what)
        inv_fail(&d->err, st, _("PDF library error 0x%04X: %s (detail %u)"),
                 (unsigned)code, what, (unsigned)detail);
    else
        inv_fail(&d->err, st, _("PDF library error 0x%04X (detail %u)"),
                 (unsigned)code, (unsigned)detail);
}

static int failed(const doc *d) { return !d || d->err.code != INV_OK; }

inv_status doc_fail(doc *d, inv_status code, const char *fmt, ...)
{
    if (!d) return code;
    if (d->err.code == INV_OK) {
        va_list ap;
        va_start(ap, fmt);
        inv_vfail(&d->err, code, fmt, ap);
        va_end(ap);
    }
    return d->err.code;
}

inv_status doc_status(const doc *d, inv_err *e)
{
    if (!d) return inv_fail(e, INV_EINVAL, "%s", _("no document"));
    if (d->err.code == INV_OK) return INV_OK;
    return inv_fail(e, d->err.code, "%s", d->err.msg);
}

/* ---- UTF-8 ---- */

/* Decode one character of s (n > 0 bytes left). Stores the code point
 * (U+FFFD for an invalid sequence, which then consumes one byte) and
 * returns the number of bytes used. */
static size_t u8_decode_slow(const unsigned char *s, size_t n, uint32_t *cp);

static inline size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    return u8_decode_slow(s, n, cp);
}

static size_t u8_decode_slow(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = REPLACEMENT; return 1; }
    if (n < len) { *cp = REPLACEMENT; return 1; }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = REPLACEMENT; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = REPLACEMENT;
        return 1;
    }
    *cp = v;
    return len;
}

/* What is drawn for code point cp: white space becomes a space; other
 * controls and characters beyond the BMP (which the font's Identity
 * encoding cannot carry) become U+FFFD. */
static uint32_t drawn_cp(uint32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r') return ' ';
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0xFFFF) return REPLACEMENT;
    return cp;
}

static int is_combining(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
           (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static size_t u8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The text as it will be drawn: s itself when it needs no change and is
 * NUL-terminated at n, else a sanitised copy in d->clean. */
static const char *clean_text(doc *d, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = u8_decode(u + i, n - i, &cp);
        if (drawn_cp(cp) != cp || (cp == REPLACEMENT && k == 1)) break;
        i += k;
    }
    if (i == n && s[n] == '\0') return s;
    sbuf_reset(&d->clean);
    sbuf_addn(&d->clean, s, i);
    while (i < n) {
        uint32_t cp;
        size_t k = u8_decode(u + i, n - i, &cp);
        char buf[4];
        sbuf_addn(&d->clean, buf, u8_encode(drawn_cp(cp), buf));
        i += k;
    }
    return sbuf_str(&d->clean);
}

static unsigned glyph_width_slow(doc *d, uint32_t cp);

/* Advance of the drawn form of cp, in 1/1000 em. */
static inline unsigned glyph_width(doc *d, uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F && d->wcache[cp] != WIDTH_UNKNOWN) return d->wcache[cp];
    if (cp >= 0xA0 && cp <= 0xFFFF && d->wcache[cp] != WIDTH_UNKNOWN) return d->wcache[cp];
    return glyph_width_slow(d, cp);
}

static unsigned glyph_width_slow(doc *d, uint32_t cp)
{
    cp = drawn_cp(cp);
    if (d->wcache[cp] == WIDTH_UNKNOWN) {
        char buf[4];
        size_t n = u8_encode(cp, buf);
        HPDF_TextWidth tw = HPDF_Font_TextWidth(d->font, (const HPDF_BYTE *)buf,
                                                (HPDF_UINT)n);
        d->wcache[cp] = tw.width < WIDTH_UNKNOWN ? (uint16_t)tw.width : 0;
    }
    return d->wcache[cp];
}

/* ---- the document ---- */

static inv_status check_font_file(const char *path, int *collection, inv_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return inv_fail(e, INV_ENOTFOUND, _("cannot open font %s: %s"), path,
                        strerror(errno));
    struct stat st;
    unsigned char magic[4];
    ssize_t got = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        got = read(fd, magic, sizeof magic);
    int saved = errno;
    close(fd);
    if (got < 0 && !S_ISREG(st.st_mode))
        return inv_fail(e, INV_ENOTFOUND, _("cannot open font %s: %s"), path,
                        _("not a regular file"));
    if (got < 0)
        return inv_fail(e, INV_EIO, _("cannot read font %s: %s"), path,
                        strerror(saved));
    *collection = got == 4 && memcmp(magic, "ttcf", 4) == 0;
    if (got == 4 && (memcmp(magic, "\0\1\0\0", 4) == 0 ||
                     memcmp(magic, "true", 4) == 0 || *collection))
        return INV_OK;
    if (got == 4 && memcmp(magic, "OTTO", 4) == 0)
        return inv_fail(e, INV_EINVAL,
                        _("font %s is an OpenType font with PostScript outlines; "
                          "a TrueType font is needed"), path);
    return inv_fail(e, INV_EINVAL, _("font %s is not a TrueType font"), path);
}

static inv_status doc_open_user(doc **out, const char *font_path, inv_err *e);

/* The font (--font, $INVENTAR_FONT or the default) is the user's to
 * name: it is read with the user's rights (priv.h), when loaded and when
 * libharu embeds it in doc_save. */
inv_status doc_open(doc **out, const char *font_path, inv_err *e)
{
    priv_user_begin();
    inv_status st = doc_open_user(out, font_path, e);
    priv_user_end();
    return st;
}

static inv_status doc_open_user(doc **out, const char *font_path, inv_err *e)
{
    *out = NULL;
    const char *path = font_path && *font_path ? font_path : DOC_DEFAULT_FONT;
    int collection = 0;
    inv_status st = check_font_file(path, &collection, e);
    if (st != INV_OK) return st;

    doc *d = calloc(1, sizeof *d);
    if (!d) return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    d->wcache = malloc(0x10000 * sizeof *d->wcache);
    if (!d->wcache) {
        free(d);
        return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    }
    memset(d->wcache, 0xFF, 0x10000 * sizeof *d->wcache);
    d->pdf = HPDF_New(on_hpdf_error, d);
    if (!d->pdf) {
        doc_free(d);
        return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    }
    /* Compression must be chosen before anything is added. */
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    const char *name = collection
        ? HPDF_LoadTTFontFromFile2(d->pdf, path, 0, HPDF_TRUE)
        : HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    if (name && !failed(d)) d->font = HPDF_GetFont(d->pdf, name, "UTF-8");
    if (!d->font || failed(d)) {
        inv_fail(e, d->err.code == INV_ENOMEM ? INV_ENOMEM : INV_EINVAL,
                 _("cannot use font %s: %s"), path,
                 d->err.code != INV_OK ? d->err.msg : _("not a usable TrueType font"));
        doc_free(d);
        return e ? e->code : INV_EINVAL;
    }
    d->asc = HPDF_Font_GetAscent(d->font) / 1000.0;
    d->desc = HPDF_Font_GetDescent(d->font) / 1000.0;
    if (d->asc <= 0) d->asc = 0.9;
    if (d->desc >= 0) d->desc = -0.25;
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "inventar");
    *out = d;
    return INV_OK;
}

void doc_free(doc *d)
{
    if (!d) return;
    if (d->table) doc_table_end(d);
    if (d->pdf) HPDF_Free(d->pdf);
    free(d->pages);
    free(d->wcache);
    sbuf_free(&d->clean);
    sbuf_free(&d->tmp);
    free(d);
}

void doc_set_info(doc *d, const char *title, const char *author)
{
    if (failed(d)) return;
    /* Document information is written in PDFDocEncoding by libharu; keep
     * it to what survives that (ASCII), else leave it out. */
    if (title && utf8_valid(title, strlen(title))) {
        int ascii = 1;
        for (const char *p = title; *p; p++) ascii &= (unsigned char)*p < 0x80;
        if (ascii) HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
    }
    if (author) {
        int ascii = 1;
        for (const char *p = author; *p; p++) ascii &= (unsigned char)*p < 0x80;
        if (ascii) HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, author);
    }
}

static void end_text(doc *d)
{
    if (d->in_text && d->page) HPDF_Page_EndText(d->page);
    d->in_text = 0;
}

static void begin_text(doc *d)
{
    if (!d->in_text) HPDF_Page_BeginText(d->page);
    d->in_text = 1;
}

/* Ready for graphics operators on a page; 0 when there is nothing to do. */
static int graphics(doc *d)
{
    if (failed(d)) return 0;
    if (!d->page) {
        doc_fail(d, INV_EINVAL, "%s", _("drawing before a page was added"));
        return 0;
    }
    end_text(d);
    return 1;
}

/* Write the whole buffer or fail. */
static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

inv_status doc_save(doc *d, const char *path, inv_err *e)
{
    if (failed(d)) return doc_status(d, e);
    if (!path || !*path)
        return inv_fail(e, INV_EINVAL, "%s", _("no output file given"));
    if (d->npages == 0)
        return inv_fail(e, INV_EINVAL, "%s", _("the document has no pages"));
    end_text(d);

    /* A temporary file beside the target, renamed over it at the end (a
     * device or pipe such as /dev/stdout is written directly). */
    safe_file sf;
    if (safe_file_open(&sf, path, 0666) != 0)
        return inv_fail(e, INV_EIO, _("cannot write %s: %s"), path, safe_file_strerror(errno));
    int fd = sf.fd;

    const char *why = NULL;
    int err = 0;
    priv_user_begin(); /* the embedded font's file: the user's */
    HPDF_STATUS saved = HPDF_SaveToStream(d->pdf);
    priv_user_end();
    if (saved != HPDF_OK || failed(d)) {
        why = d->err.code != INV_OK ? d->err.msg : _("PDF library error");
    } else {
        HPDF_ResetStream(d->pdf);
        enum { CHUNK = 65536 };
        unsigned char *buf = malloc(CHUNK);
        if (!buf) why = _("out of memory");
        while (buf) {
            HPDF_UINT32 n = CHUNK;
            HPDF_STATUS rs = HPDF_ReadFromStream(d->pdf, buf, &n);
            if (n > 0 && write_all(fd, buf, n) != 0) { err = errno; break; }
            if (rs == HPDF_STREAM_EOF) break;
            if (rs != HPDF_OK) {
                why = d->err.code != INV_OK ? d->err.msg : _("PDF library error");
                break;
            }
        }
        free(buf);
        HPDF_ResetError(d->pdf);
    }
    if (why || err) {
        safe_file_abort(&sf, NULL);
    } else if (safe_file_commit(&sf, NULL) != 0) {
        err = errno;
    }
    if (why || err)
        return inv_fail(e, err ? INV_EIO : (d->err.code ? d->err.code : INV_EIO),
                        _("cannot write %s: %s"), path, why ? why : strerror(err));
    return INV_OK;
}

/* ---- pages ---- */

void doc_add_page(doc *d, double w, double h)
{
    if (failed(d)) return;
    end_text(d);
    if (w < 3 || h < 3 || w > 14400 || h > 14400) {
        doc_fail(d, INV_EINVAL, _("invalid page size %.1f x %.1f mm"),
                 DOC_TO_MM(w), DOC_TO_MM(h));
        return;
    }
    if (d->npages == d->cap_pages) {
        size_t cap = d->cap_pages ? d->cap_pages * 2 : 16;
        HPDF_Page *p = realloc(d->pages, cap * sizeof *p);
        if (!p) {
            doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
            return;
        }
        d->pages = p;
        d->cap_pages = cap;
    }
    HPDF_Page page = HPDF_AddPage(d->pdf);
    if (!page || failed(d)) {
        doc_fail(d, INV_ENOMEM, "%s", _("cannot add a page"));
        return;
    }
    HPDF_Page_SetWidth(page, (HPDF_REAL)w);
    HPDF_Page_SetHeight(page, (HPDF_REAL)h);
    d->pages[d->npages++] = page;
    d->page = page;
    d->page_w = w;
    d->page_h = h;
    d->cur_size = 0;
}

size_t doc_page_count(const doc *d) { return d ? d->npages : 0; }

void doc_select_page(doc *d, size_t i)
{
    if (failed(d)) return;
    if (i >= d->npages) {
        doc_fail(d, INV_EINVAL, _("no page %zu"), i + 1);
        return;
    }
    end_text(d);
    d->page = d->pages[i];
    d->page_w = HPDF_Page_GetWidth(d->page);
    d->page_h = HPDF_Page_GetHeight(d->page);
    d->cur_size = 0;
}

double doc_page_width(const doc *d) { return d && d->page ? d->page_w : 0; }
double doc_page_height(const doc *d) { return d && d->page ? d->page_h : 0; }

/* ---- graphics ---- */

void doc_gsave(doc *d)
{
    if (graphics(d)) HPDF_Page_GSave(d->page);
}

void doc_grestore(doc *d)
{
    if (!graphics(d)) return;
    HPDF_Page_GRestore(d->page);
    d->cur_size = 0; /* the font may have been set inside */
}

void doc_concat(doc *d, double a, double b, double c, double dd, double e,
                double f)
{
    if (graphics(d))
        HPDF_Page_Concat(d->page, (HPDF_REAL)a, (HPDF_REAL)b, (HPDF_REAL)c,
                         (HPDF_REAL)dd, (HPDF_REAL)e, (HPDF_REAL)f);
}

void doc_rect(doc *d, double x, double y, double w, double h)
{
    if (graphics(d))
        HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
                            (HPDF_REAL)h);
}

void doc_line(doc *d, double x1, double y1, double x2, double y2)
{
    if (!graphics(d)) return;
    HPDF_Page_MoveTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)y1);
    HPDF_Page_LineTo(d->page, (HPDF_REAL)x2, (HPDF_REAL)y2);
}

void doc_fill(doc *d)
{
    if (graphics(d) && HPDF_Page_GetGMode(d->page) == HPDF_GMODE_PATH_OBJECT)
        HPDF_Page_Fill(d->page);
}

void doc_stroke(doc *d)
{
    if (graphics(d) && HPDF_Page_GetGMode(d->page) == HPDF_GMODE_PATH_OBJECT)
        HPDF_Page_Stroke(d->page);
}

void doc_set_fill_gray(doc *d, double g)
{
    if (graphics(d)) HPDF_Page_SetGrayFill(d->page, (HPDF_REAL)g);
}

void doc_set_stroke_gray(doc *d, double g)
{
    if (graphics(d)) HPDF_Page_SetGrayStroke(d->page, (HPDF_REAL)g);
}

void doc_set_line_width(doc *d, double w)
{
    if (graphics(d)) HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)w);
}

void doc_raw(doc *d, const char *ops, size_t n)
{
    if (!graphics(d) || n == 0) return;
    if (HPDF_Page_GetGMode(d->page) != HPDF_GMODE_PAGE_DESCRIPTION) {
        doc_fail(d, INV_EINVAL, "%s", _("raw operators inside a path"));
        return;
    }
    /* libharu keeps the page's content stream in its page attributes
     * (hpdf_pages.h); writing there is what its own operators do. */
    HPDF_PageAttr attr = (HPDF_PageAttr)d->page->attr;
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops, (HPDF_UINT)n) != HPDF_OK)
        doc_fail(d, INV_ENOMEM, "%s", _("cannot write to the page"));
}

/* ---- text ---- */

double doc_font_ascent(const doc *d) { return d ? d->asc : 0.9; }
double doc_font_descent(const doc *d) { return d ? d->desc : -0.25; }

double doc_line_height(const doc *d, double size)
{
    return size * (doc_font_ascent(d) - doc_font_descent(d)) * 1.08;
}

/* Width in 1/1000 em of n bytes of s. */
static unsigned long width_units(doc *d, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned long sum = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += u8_decode(u + i, n - i, &cp);
        sum += glyph_width(d, cp);
    }
    return sum;
}

double doc_text_width(doc *d, const char *s, size_t n, double size)
{
    if (!d || !d->font || !s) return 0;
    return (double)width_units(d, s, n) * size / 1000.0;
}

size_t doc_text_prefix(doc *d, const char *s, size_t n, double size,
                       double max_w)
{
    if (!d || !d->font || !s || size <= 0 || max_w <= 0) return 0;
    const unsigned char *u = (const unsigned char *)s;
    /* The limit in font units, with a hair of slack for rounding. */
    double limit = max_w * 1000.0 / size + 1e-6;
    unsigned long sum = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = u8_decode(u + i, n - i, &cp);
        unsigned w = glyph_width(d, cp);
        if ((double)(sum + w) > limit) break;
        sum += w;
        i += k;
    }
    if (i < n) {
        /* Never separate a base letter from its combining marks. */
        for (;;) {
            uint32_t cp;
            u8_decode(u + i, n - i, &cp);
            if (i == 0 || !is_combining(cp)) break;
            do i--; while (i > 0 && (u[i] & 0xC0) == 0x80);
        }
    }
    return i;
}

double doc_fit_line(doc *d, const char *s, double size, double min_size,
                    double max_w, sbuf *out)
{
    sbuf_reset(out);
    if (!d || !d->font || !s) return size;
    if (min_size > size) min_size = size;
    size_t n = strlen(s);
    const char *c = clean_text(d, s, n);
    n = strlen(c);
    unsigned long units = width_units(d, c, n);
    if (units == 0) {
        sbuf_add(out, c);
        return size;
    }
    double fit = max_w * 1000.0 / (double)units;
    if (fit >= size) {
        sbuf_add(out, c);
        return size;
    }
    double sz = floor(fit * 10.0 + 1e-9) / 10.0;
    while (sz >= min_size && (double)units * sz / 1000.0 > max_w) sz -= 0.1;
    if (sz >= min_size - 1e-9) {
        sbuf_add(out, c);
        return sz;
    }
    /* Too wide even at the minimum size: cut and mark the cut. */
    double ell = doc_text_width(d, DOC_ELLIPSIS, strlen(DOC_ELLIPSIS), min_size);
    if (ell > max_w) return 0;
    size_t k = doc_text_prefix(d, c, n, min_size, max_w - ell);
    while (k > 0 && c[k - 1] == ' ') k--;
    sbuf_addn(out, c, k);
    sbuf_add(out, DOC_ELLIPSIS);
    return min_size;
}

void doc_text_n(doc *d, double x, double y, double size, const char *s,
                size_t n)
{
    if (failed(d) || !s || n == 0 || size <= 0) return;
    if (!d->page) {
        doc_fail(d, INV_EINVAL, "%s", _("drawing before a page was added"));
        return;
    }
    const char *c = clean_text(d, s, n);
    begin_text(d);
    if (size != d->cur_size) {
        HPDF_Page_SetFontAndSize(d->page, d->font, (HPDF_REAL)size);
        d->cur_size = size;
    }
    HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, c);
}

void doc_text(doc *d, double x, double y, double size, const char *s)
{
    if (s) doc_text_n(d, x, y, size, s, strlen(s));
}

static double aligned_x(doc *d, double x, double w, const char *s, size_t n,
                        double size, doc_align align)
{
    if (align == DOC_LEFT) return x;
    double tw = doc_text_width(d, s, n, size);
    if (tw >= w) return x;
    return align == DOC_CENTER ? x + (w - tw) / 2 : x + w - tw;
}

void doc_text_fit(doc *d, double x, double y, double w, double size,
                  double min_size, doc_align align, const char *s)
{
    if (failed(d) || !s) return;
    double sz = doc_fit_line(d, s, size, min_size, w, &d->tmp);
    if (sz <= 0 || d->tmp.len == 0) return;
    doc_text_n(d, aligned_x(d, x, w, d->tmp.s, d->tmp.len, sz, align), y, sz,
               d->tmp.s, d->tmp.len);
}

size_t doc_wrap(doc *d, const char *s, double size, double max_w,
                doc_span *spans, size_t max)
{
    size_t count = 0;
#define EMIT(o, l)                                                     \
    do {                                                               \
        if (count < max) { spans[count].off = (o); spans[count].len = (l); } \
        count++;                                                       \
    } while (0)
    if (!d || !s) { EMIT(0, 0); return count; }
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    double limit = size > 0 ? max_w * 1000.0 / size + 1e-6 : 0;
    size_t p0 = 0;
    for (;;) {
        /* One paragraph: [p0, p1). */
        size_t p1 = p0;
        while (p1 < n && s[p1] != '\n') p1++;
        size_t start = p0;
        for (;;) {
            size_t end = p1;
            while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\r' ||
                                   s[end - 1] == '\t'))
                end--;
            if ((double)width_units(d, s + start, end - start) <= limit) {
                EMIT(start, end - start);
                break;
            }
            /* The last break that fits: before a space (dropped), or after
             * a hyphen or slash inside a word. */
            size_t brk_end = 0, brk_next = 0, i = start;
            unsigned long sum = 0;
            while (i < p1) {
                uint32_t cp;
                size_t k = u8_decode(u + i, p1 - i, &cp);
                if (cp == ' ' && i > start) {
                    brk_end = i;
                    brk_next = i + 1;
                }
                sum += glyph_width(d, cp);
                if ((double)sum > limit) break;
                if ((cp == '-' || cp == '/') && i + k < p1 && s[i + k] != ' ') {
                    brk_end = i + k;
                    brk_next = i + k;
                }
                i += k;
            }
            size_t line_end, next;
            if (brk_end > start) {
                line_end = brk_end;
                next = brk_next;
            } else {
                /* A word wider than the line: cut it at a character. */
                line_end = start + doc_text_prefix(d, s + start, p1 - start,
                                                   size, max_w);
                if (line_end == start) { /* not even one character fits */
                    uint32_t cp;
                    line_end = start + u8_decode(u + start, p1 - start, &cp);
                }
                next = line_end;
            }
            while (line_end > start && s[line_end - 1] == ' ') line_end--;
            EMIT(start, line_end - start);
            while (next < p1 && s[next] == ' ') next++;
            start = next;
            if (start >= p1) break;
        }
        if (p1 >= n) break;
        p0 = p1 + 1;
    }
#undef EMIT
    return count;
}

double doc_split2(doc *d, const char *s, double max_w, size_t *end1,
                  size_t *start2)
{
    size_t n = s ? strlen(s) : 0;
    *end1 = *start2 = n;
    if (!d || !d->font || n == 0 || max_w <= 0) return 0;
    const unsigned char *u = (const unsigned char *)s;
    unsigned long total = width_units(d, s, n), cum = 0, best = 0;
    unsigned long pend_u1 = 0;
    size_t pend_end = 0;
    int pending = 0, found = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = u8_decode(u + i, n - i, &cp);
        if (cp == ' ') {
            if (!pending && i > 0 && s[i - 1] != ' ') {
                pending = 1;
                pend_end = i;
                pend_u1 = cum;
            }
        } else if (pending) {
            /* A run of spaces ends at i: break there. */
            unsigned long u2 = total - cum, m = pend_u1 > u2 ? pend_u1 : u2;
            if (!found || m < best) {
                best = m;
                *end1 = pend_end;
                *start2 = i;
                found = 1;
            }
            pending = 0;
        }
        cum += glyph_width(d, cp);
        i += k;
        if ((cp == '-' || cp == '/') && i < n && s[i] != ' ' && i > k) {
            unsigned long u2 = total - cum, m = cum > u2 ? cum : u2;
            if (!found || m < best) {
                best = m;
                *end1 = i;
                *start2 = i;
                found = 1;
            }
        }
    }
    if (!found) return 0;
    if (best == 0) return 1e6;
    return max_w * 1000.0 / (double)best;
}

/* Draw lines [0, nlines) of spans in a box; the last one is ellipsised
 * when cut is set. */
static void draw_lines(doc *d, const char *s, const doc_span *spans,
                       size_t nlines, int cut, double x, double top, double w,
                       double size, doc_align align)
{
    double lh = doc_line_height(d, size);
    double base = top - d->asc * size - (lh - size * (d->asc - d->desc)) / 2;
    for (size_t i = 0; i < nlines; i++, base -= lh) {
        const char *p = s + spans[i].off;
        size_t len = spans[i].len;
        if (cut && i + 1 == nlines) {
            /* Make room for "…" on the last line shown. */
            double ell = doc_text_width(d, DOC_ELLIPSIS, 3, size);
            size_t k = doc_text_prefix(d, p, len, size, w - ell);
            while (k > 0 && p[k - 1] == ' ') k--;
            sbuf_reset(&d->tmp);
            sbuf_addn(&d->tmp, p, k);
            sbuf_add(&d->tmp, DOC_ELLIPSIS);
            p = d->tmp.s;
            len = d->tmp.len;
            if (ell > w) continue;
        }
        doc_text_n(d, aligned_x(d, x, w, p, len, size, align), base, size, p, len);
    }
}

double doc_text_box(doc *d, double x, double top, double w, double h,
                    double size, double min_size, doc_align align,
                    const char *s)
{
    if (failed(d) || !s || w <= 0 || h <= 0) return 0;
    if (min_size > size) min_size = size;
    size_t max = strlen(s) + 2;
    doc_span *spans = malloc(max * sizeof *spans);
    if (!spans) {
        doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
        return 0;
    }
    double sz = size;
    size_t n;
    for (;;) {
        n = doc_wrap(d, s, sz, w, spans, max);
        if ((double)n * doc_line_height(d, sz) <= h + 1e-6 || sz - 0.5 < min_size)
            break;
        sz -= 0.5;
    }
    double lh = doc_line_height(d, sz);
    size_t fit = (size_t)floor((h + 1e-6) / lh);
    int cut = 0;
    if (fit < n) {
        n = fit;
        cut = 1;
    }
    if (n > 0) draw_lines(d, s, spans, n, cut, x, top, w, sz, align);
    free(spans);
    return (double)n * lh;
}

/* ---- flow ---- */

void doc_flow_begin(doc *d, double w, double h, double margin)
{
    if (failed(d)) return;
    if (margin < 0 || 2 * margin >= w || 2 * margin >= h) {
        doc_fail(d, INV_EINVAL, "%s", _("page margins leave no room"));
        return;
    }
    d->flow_on = 1;
    d->fw = w;
    d->fh = h;
    d->margin = margin;
    d->flow_first = d->npages;
    doc_add_page(d, w, h);
    d->y = h - margin;
}

double doc_flow_y(const doc *d) { return d ? d->y : 0; }
double doc_flow_width(const doc *d) { return d ? d->fw - 2 * d->margin : 0; }

static void table_header(doc *d);

static void flow_new_page(doc *d)
{
    doc_add_page(d, d->fw, d->fh);
    d->y = d->fh - d->margin;
    if (d->table) table_header(d);
}

int doc_flow_need(doc *d, double need)
{
    if (failed(d)) return 0;
    if (!d->flow_on) {
        doc_fail(d, INV_EINVAL, "%s", _("flow used before doc_flow_begin"));
        return 0;
    }
    /* A fresh page is as good as it gets: don't add another. */
    if (d->y - need >= d->margin - 1e-6 || d->y >= d->fh - d->margin - 1e-6)
        return 0;
    flow_new_page(d);
    return 1;
}

void doc_flow_skip(doc *d, double dy)
{
    if (failed(d) || !d->flow_on) return;
    if (d->y - dy < d->margin) flow_new_page(d);
    else d->y -= dy;
}

/* Wrapped text at the cursor, line by line, breaking pages between
 * lines. */
static void flow_lines(doc *d, const char *text, double size, doc_align align)
{
    if (failed(d) || !d->flow_on || !text) return;
    double w = doc_flow_width(d);
    size_t max = strlen(text) + 2;
    doc_span *spans = malloc(max * sizeof *spans);
    if (!spans) {
        doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
        return;
    }
    size_t n = doc_wrap(d, text, size, w, spans, max);
    double lh = doc_line_height(d, size);
    for (size_t i = 0; i < n && !failed(d); i++) {
        doc_flow_need(d, lh);
        draw_lines(d, text, spans + i, 1, 0, d->margin, d->y, w, size, align);
        d->y -= lh;
    }
    free(spans);
}

void doc_flow_title(doc *d, const char *text, double size, doc_align align)
{
    flow_lines(d, text, size, align);
    if (!failed(d)) doc_flow_skip(d, size * 0.6);
}

void doc_flow_paragraph(doc *d, const char *text, double size)
{
    flow_lines(d, text, size, DOC_LEFT);
    if (!failed(d)) doc_flow_skip(d, size * 0.4);
}

/* ---- tables ---- */

static void table_free(doc_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->ncols; i++) free(t->titles[i]);
    free(t->titles);
    free(t->align);
    free(t->x);
    free(t->w);
    free(t);
}

/* Wrap and draw one row of cells at the cursor (no page break here);
 * header rows get a grey background. Returns the row height. With
 * measure_only set, nothing is drawn. */
static double table_row_draw(doc *d, const char *const *cells, int header,
                             int measure_only, double max_h)
{
    doc_table *t = d->table;
    double lh = doc_line_height(d, t->size);
    size_t most = 1;
    doc_span **spans = calloc(t->ncols, sizeof *spans);
    size_t *counts = calloc(t->ncols, sizeof *counts);
    if (!spans || !counts) {
        free(spans);
        free(counts);
        doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
        return 0;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        const char *c = cells[i] ? cells[i] : "";
        size_t max = strlen(c) + 2;
        spans[i] = malloc(max * sizeof **spans);
        if (!spans[i]) {
            doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
            break;
        }
        counts[i] = doc_wrap(d, c, t->size, t->w[i] - 2 * t->pad, spans[i], max);
        if (counts[i] > max) counts[i] = max;
        if (counts[i] > most) most = counts[i];
    }
    size_t fit = most;
    if (max_h > 0) {
        double room = max_h - 2 * t->pad;
        fit = room > lh ? (size_t)floor((room + 1e-6) / lh) : 1;
        if (fit > most) fit = most;
    }
    double h = (double)fit * lh + 2 * t->pad;
    if (!measure_only && !failed(d)) {
        double top = d->y;
        if (header) {
            doc_set_fill_gray(d, 0.88);
            doc_rect(d, t->x[0], top - h, t->x[t->ncols - 1] + t->w[t->ncols - 1] - t->x[0], h);
            doc_fill(d);
            doc_set_fill_gray(d, 0);
        }
        doc_set_line_width(d, 0.5);
        for (size_t i = 0; i < t->ncols; i++) doc_rect(d, t->x[i], top - h, t->w[i], h);
        doc_stroke(d);
        for (size_t i = 0; i < t->ncols; i++) {
            size_t n = counts[i] < fit ? counts[i] : fit;
            const char *c = cells[i] ? cells[i] : "";
            draw_lines(d, c, spans[i], n, counts[i] > fit, t->x[i] + t->pad,
                       top - t->pad, t->w[i] - 2 * t->pad, t->size,
                       header ? DOC_CENTER : t->align[i]);
        }
    }
    for (size_t i = 0; i < t->ncols; i++) free(spans[i]);
    free(spans);
    free(counts);
    return h;
}

static int table_has_header(const doc_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->titles[i] && *t->titles[i]) return 1;
    return 0;
}

/* Draw the header row at the cursor (called at the top of each page). */
static void table_header(doc *d)
{
    if (!table_has_header(d->table)) return;
    double h = table_row_draw(d, (const char *const *)d->table->titles, 1, 0,
                              d->fh - 2 * d->margin);
    d->y -= h;
}

void doc_table_begin(doc *d, const doc_column *cols, size_t ncols, double size)
{
    if (failed(d)) return;
    if (!d->flow_on || ncols == 0 || size <= 0) {
        doc_fail(d, INV_EINVAL, "%s", _("invalid table"));
        return;
    }
    if (d->table) doc_table_end(d);
    doc_table *t = calloc(1, sizeof *t);
    if (t) {
        t->titles = calloc(ncols, sizeof *t->titles);
        t->align = calloc(ncols, sizeof *t->align);
        t->x = calloc(ncols, sizeof *t->x);
        t->w = calloc(ncols, sizeof *t->w);
    }
    if (!t || !t->titles || !t->align || !t->x || !t->w) {
        table_free(t);
        doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
        return;
    }
    t->ncols = ncols;
    t->size = size;
    t->pad = size * 0.3 > 2 ? size * 0.3 : 2;
    double avail = doc_flow_width(d), fixed = 0;
    size_t shared = 0;
    for (size_t i = 0; i < ncols; i++) {
        t->titles[i] = strdup(cols[i].title ? cols[i].title : "");
        if (!t->titles[i]) {
            table_free(t);
            doc_fail(d, INV_ENOMEM, "%s", _("out of memory"));
            return;
        }
        t->align[i] = cols[i].align;
        if (cols[i].width > 0) fixed += cols[i].width;
        else shared++;
    }
    /* Shared columns get at least three times the padding. */
    double min_shared = 6 * t->pad + size;
    double scale = 1, rest = 0;
    if (fixed + (double)shared * min_shared > avail)
        scale = (avail - (double)shared * min_shared) / fixed;
    if (scale <= 0) scale = 0.01;
    if (shared) rest = (avail - fixed * scale) / (double)shared;
    double x = d->margin;
    for (size_t i = 0; i < ncols; i++) {
        t->x[i] = x;
        t->w[i] = cols[i].width > 0 ? cols[i].width * scale : rest;
        x += t->w[i];
    }
    d->table = t;
    /* Header and at least one line of a row together. */
    double need = 2 * (doc_line_height(d, size) + 2 * t->pad);
    if (!doc_flow_need(d, need)) table_header(d);
}

void doc_table_row(doc *d, const char *const *cells)
{
    if (failed(d) || !d->table) return;
    double page_room = d->fh - 2 * d->margin;
    if (table_has_header(d->table))
        page_room -= table_row_draw(d, (const char *const *)d->table->titles, 1, 1,
                                    page_room);
    double h = table_row_draw(d, cells, 0, 1, page_room);
    doc_flow_need(d, h);
    h = table_row_draw(d, cells, 0, 0, page_room);
    d->y -= h;
}

void doc_table_end(doc *d)
{
    if (!d || !d->table) return;
    table_free(d->table);
    d->table = NULL;
    if (!failed(d)) doc_flow_skip(d, doc_line_height(d, 8));
}

void doc_flow_signatures(doc *d, const char *const *captions,
                         const char *const *names, size_t n, double size)
{
    if (failed(d) || !d->flow_on || n == 0) return;
    double lh = doc_line_height(d, size);
    double row = 2.6 * lh;
    doc_flow_need(d, (double)n * row);
    double w = doc_flow_width(d);
    double capw = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = captions[i] ? captions[i] : "";
        double cw = doc_text_width(d, c, strlen(c), size);
        if (cw > capw) capw = cw;
    }
    if (capw > w * 0.4) capw = w * 0.4;
    double gap = size;
    double line_x = d->margin + capw + gap;
    double line_w = w * 0.35;
    if (line_x + line_w > d->margin + w) line_w = d->margin + w - line_x;
    double name_x = line_x + line_w + gap;
    double name_w = d->margin + w - name_x;
    for (size_t i = 0; i < n && !failed(d); i++) {
        d->y -= 1.6 * lh;
        double base = d->y;
        doc_text_fit(d, d->margin, base, capw, size, size * 0.7, DOC_LEFT,
                     captions[i] ? captions[i] : "");
        doc_set_line_width(d, 0.5);
        doc_line(d, line_x, base + d->desc * size, line_x + line_w,
                 base + d->desc * size);
        doc_stroke(d);
        if (names && names[i] && *names[i] && name_w > size) {
            sbuf t = {0};
            sbuf_addf(&t, "/%s/", names[i]);
            doc_text_fit(d, name_x, base, name_w, size, size * 0.7, DOC_LEFT, t.s);
            sbuf_free(&t);
        }
        d->y -= row - 1.6 * lh;
    }
}

void doc_flow_page_numbers(doc *d, const char *prefix, double size)
{
    if (failed(d) || !d->flow_on) return;
    size_t total = d->npages - d->flow_first;
    size_t last = d->npages - 1;
    sbuf s = {0};
    for (size_t i = d->flow_first; i < d->npages && !failed(d); i++) {
        doc_select_page(d, i);
        sbuf_reset(&s);
        if (prefix && *prefix) sbuf_addf(&s, "%s ", prefix);
        sbuf_addf(&s, "%zu / %zu", i - d->flow_first + 1, total);
        double base = d->margin / 2 - size / 2;
        if (base < 1) base = 1;
        doc_text_fit(d, d->margin, base, doc_flow_width(d), size, size * 0.7,
                     DOC_CENTER, s.s);
    }
    sbuf_free(&s);
    if (!failed(d)) doc_select_page(d, last);
}
