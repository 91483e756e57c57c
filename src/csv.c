/* csv.c: the streaming CSV reader (see csv.h). */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventar/csv.h"
#include "inventar/priv.h"
#include "inventar/util.h"

#define CSV_BUF (256 * 1024) /* read buffer of a file */

/* Byte classes for the parser. */
enum { C_ORD, C_DELIM, C_QUOTE, C_CR, C_LF, C_NUL, C_HIGH };

struct csv_reader {
    char *name;                /* for messages */
    int fd;                    /* -1 when reading from memory */
    unsigned char *buf;        /* read buffer of a file (CSV_BUF bytes) */
    const unsigned char *p;    /* the window being parsed: p[pos..len) */
    size_t pos, len;
    int eof;                   /* nothing more to read after the window */
    const unsigned char *mem;  /* the input in memory, or NULL */
    size_t memlen;
    size_t start;              /* bytes skipped at the start (a BOM) */
    csv_encoding enc;
    char delim;
    int bom;
    unsigned char cls[256];    /* byte classes outside quotes */
    unsigned char qcls[256];   /* byte classes inside quotes */
    unsigned char cp[128][4];  /* 0x80..0xFF of Windows-1251 as UTF-8;
                                  [3] holds the length, 0 = undefined */
    long line;                 /* physical line of the next byte */
    long rec_line;             /* line where the current record starts */
    char *rec;                 /* the stored fields, each NUL-terminated */
    size_t rlen, rcap;
    size_t *off;               /* offset in rec of each stored field */
    size_t nstored, capoff;
    size_t nfields;            /* fields counted (beyond those stored too) */
    size_t ncols;              /* fields of the header; 0 before it */
    char **cols;               /* the header's names, for messages */
    /* The field being read. */
    size_t fstart;             /* its offset in rec */
    int fstore;                /* it has a slot in off[] */
    int fdrop;                 /* its further bytes are dropped */
    int only_spaces;           /* it holds nothing but spaces so far */
    int was_quoted;            /* it began with a quote */
    int after_close;           /* right after its closing quote */
    int rec_drop;              /* the record passed CSV_RECORD_MAX */
    char problem[512];         /* first problem of the record, "" = none */
    int fatal;                 /* set once reading cannot go on */
    inv_err fatal_err;
};

/* ---- helpers ---- */

static void reserve(csv_reader *r, size_t need)
{
    if (need <= r->rcap) return;
    size_t cap = r->rcap ? r->rcap : 4096;
    while (cap < need) cap *= 2;
    char *s = realloc(r->rec, cap);
    if (!s) abort();
    r->rec = s;
    r->rcap = cap;
}

/* Remember the first problem of the current record. */
static void problem(csv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(csv_reader *r, const char *fmt, ...)
{
    if (r->problem[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->problem, sizeof r->problem, fmt, ap);
    va_end(ap);
}

/* The column heading of the field being read, or NULL when it has none. */
static const char *field_heading(const csv_reader *r)
{
    size_t i = r->nfields;
    if (r->cols && i >= 1 && i <= r->ncols && r->cols[i - 1][0]) return r->cols[i - 1];
    return NULL;
}

static int set_fatal(csv_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int set_fatal(csv_reader *r, long line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->fatal = 1;
    if (line > 0) inv_fail(&r->fatal_err, INV_EINVAL, "%s:%ld: %s", r->name, line, msg);
    else inv_fail(&r->fatal_err, INV_EIO, "%s: %s", r->name, msg);
    return CSV_FATAL;
}

/* Make at least one unread byte available: 1, 0 at the end, -1 on a read
 * error (fatal set). */
static int more(csv_reader *r)
{
    if (r->pos < r->len) return 1;
    if (r->fd < 0 || r->eof) return 0;
    for (;;) {
        ssize_t n = read(r->fd, r->buf, CSV_BUF);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            set_fatal(r, 0, _("cannot read: %s"), strerror(errno));
            return -1;
        }
        if (n == 0) {
            r->eof = 1;
            return 0;
        }
        r->p = r->buf;
        r->pos = 0;
        r->len = (size_t)n;
        return 1;
    }
}

static void put(csv_reader *r, const void *s, size_t n)
{
    if (!r->fstore || r->fdrop) return;
    if (r->rec_drop) {
        r->fdrop = 1;
        return;
    }
    if (r->rlen - r->fstart + n > CSV_FIELD_MAX) {
        const char *h = field_heading(r);
        if (h)
            /* TRANSLATORS: %1$zu is the field's number in its line, %2$.60s
             * its column heading, %3$d the limit. */
            problem(r, _("field %1$zu (%2$.60s) is longer than %3$d bytes"), r->nfields, h,
                    CSV_FIELD_MAX);
        else
            problem(r, _("field %zu is longer than %d bytes"), r->nfields, CSV_FIELD_MAX);
        r->fdrop = 1;
        return;
    }
    if (r->rlen + n > CSV_RECORD_MAX) {
        problem(r, _("the record is longer than %d bytes"), CSV_RECORD_MAX);
        r->rec_drop = r->fdrop = 1;
        return;
    }
    reserve(r, r->rlen + n + 1);
    memcpy(r->rec + r->rlen, s, n);
    r->rlen += n;
}

static void put_high(csv_reader *r, unsigned char c)
{
    const unsigned char *u = r->cp[c - 0x80];
    if (u[3] == 0) {
        problem(r, _("byte 0x%02X is not a Windows-1251 character"), c);
        put(r, "?", 1);
        return;
    }
    put(r, u, u[3]);
}

static void field_begin(csv_reader *r)
{
    r->nfields++;
    size_t cap = r->ncols ? r->ncols : CSV_COLUMNS_MAX;
    r->fstore = r->nstored < cap;
    if (r->fstore) {
        if (r->nstored == r->capoff) {
            size_t c = r->capoff ? r->capoff * 2 : 32;
            size_t *o = realloc(r->off, c * sizeof *o);
            if (!o) abort();
            r->off = o;
            r->capoff = c;
        }
        r->off[r->nstored++] = r->rlen;
    }
    r->fstart = r->rlen;
    r->fdrop = 0;
    r->only_spaces = 1;
    r->was_quoted = 0;
    r->after_close = 0;
}

static void field_end(csv_reader *r)
{
    if (!r->fstore) return;
    reserve(r, r->rlen + 1);
    r->rec[r->rlen++] = '\0';
}

static void after_quote_text(csv_reader *r)
{
    const char *h = field_heading(r);
    if (h)
        /* TRANSLATORS: %1$zu is the field's number in its line, %2$.60s its
         * column heading. */
        problem(r, _("field %1$zu (%2$.60s) has text after its closing quote"), r->nfields, h);
    else
        problem(r, _("field %zu has text after its closing quote"), r->nfields);
    r->after_close = 0;
}

static int fatal_nul(csv_reader *r)
{
    return set_fatal(r, r->line, _("a NUL byte (is this a binary or UTF-16 file?)"));
}

/* Read one record. CSV_RECORD (problems in r->problem), CSV_EOF or
 * CSV_FATAL. */
static int read_record(csv_reader *r)
{
    r->rlen = 0;
    r->nstored = 0;
    r->nfields = 0;
    r->rec_drop = 0;
    r->problem[0] = '\0';
    r->rec_line = r->line;
    int m = more(r);
    if (m < 0) return CSV_FATAL;
    if (m == 0) return CSV_EOF;
    int quoted = 0;
    long qline = 0;
    field_begin(r);
    for (;;) {
        if (r->pos == r->len) {
            m = more(r);
            if (m < 0) return CSV_FATAL;
            if (m == 0) {
                if (quoted)
                    return set_fatal(r, qline, _("a quoted field starts here and never "
                                                 "ends (a missing '\"')"));
                field_end(r);
                return CSV_RECORD;
            }
        }
        const unsigned char *p = r->p;
        if (quoted) {
            size_t i = r->pos;
            while (i < r->len && r->qcls[p[i]] == C_ORD) i++;
            if (i > r->pos) {
                put(r, p + r->pos, i - r->pos);
                r->pos = i;
                continue;
            }
            unsigned char c = p[r->pos++];
            switch (r->qcls[c]) {
            case C_QUOTE:
                if ((m = more(r)) < 0) return CSV_FATAL;
                if (m > 0 && r->p[r->pos] == '"') {
                    r->pos++;
                    put(r, "\"", 1);
                } else {
                    quoted = 0;
                    r->after_close = 1;
                }
                break;
            case C_CR:
                r->line++;
                put(r, "\n", 1);
                if ((m = more(r)) < 0) return CSV_FATAL;
                if (m > 0 && r->p[r->pos] == '\n') r->pos++;
                break;
            case C_LF:
                r->line++;
                put(r, "\n", 1);
                break;
            case C_NUL: return fatal_nul(r);
            case C_HIGH: put_high(r, c); break;
            }
            continue;
        }
        unsigned char c = p[r->pos];
        int k = r->cls[c];
        if (k == C_ORD) {
            if (r->after_close) {
                r->pos++;
                if (c == ' ' || c == '\t') continue;
                after_quote_text(r);
                put(r, &c, 1);
                continue;
            }
            size_t i = r->pos;
            while (i < r->len && r->cls[p[i]] == C_ORD) i++;
            if (r->only_spaces)
                for (size_t j = r->pos; j < i; j++)
                    if (p[j] != ' ') {
                        r->only_spaces = 0;
                        break;
                    }
            put(r, p + r->pos, i - r->pos);
            r->pos = i;
            continue;
        }
        r->pos++;
        switch (k) {
        case C_DELIM:
            field_end(r);
            field_begin(r);
            break;
        case C_LF:
            r->line++;
            field_end(r);
            return CSV_RECORD;
        case C_CR:
            r->line++;
            field_end(r);
            if ((m = more(r)) < 0) return CSV_FATAL;
            if (m > 0 && r->p[r->pos] == '\n') r->pos++;
            return CSV_RECORD;
        case C_QUOTE:
            if (r->after_close) {
                after_quote_text(r);
                put(r, "\"", 1);
            } else if (!r->was_quoted && r->only_spaces) {
                /* An opening quote, perhaps after spaces: drop them. */
                if (r->fstore && !r->fdrop) r->rlen = r->fstart;
                quoted = 1;
                r->was_quoted = 1;
                qline = r->line;
            } else {
                r->only_spaces = 0;
                put(r, "\"", 1);
            }
            break;
        case C_NUL: return fatal_nul(r);
        case C_HIGH:
            if (r->after_close) after_quote_text(r);
            r->only_spaces = 0;
            put_high(r, c);
            break;
        }
    }
}

int csv_next(csv_reader *r, inv_err *err)
{
    if (r->fatal) {
        if (err) *err = r->fatal_err;
        return CSV_FATAL;
    }
    for (;;) {
        int rc = read_record(r);
        if (rc == CSV_FATAL) {
            if (err) *err = r->fatal_err;
            return rc;
        }
        if (rc == CSV_EOF) return CSV_EOF;
        /* A blank line (nothing, or only spaces, unquoted) is skipped. */
        if (r->nfields == 1 && !r->was_quoted && r->only_spaces && !r->problem[0]) continue;
        if (r->ncols == 0) {
            if (r->nfields > CSV_COLUMNS_MAX) {
                rc = set_fatal(r, r->rec_line, _("the header has more than %d fields"),
                               CSV_COLUMNS_MAX);
            } else if (r->problem[0]) {
                rc = set_fatal(r, r->rec_line, _("the header: %s"), r->problem);
            }
            if (rc == CSV_FATAL) {
                if (err) *err = r->fatal_err;
                return rc;
            }
            r->ncols = r->nfields;
            r->cols = calloc(r->ncols, sizeof *r->cols);
            if (!r->cols) abort();
            for (size_t i = 0; i < r->ncols; i++) {
                r->cols[i] = strdup(r->rec + r->off[i]);
                if (!r->cols[i]) abort();
            }
            return CSV_RECORD;
        }
        if (r->problem[0]) {
            inv_fail(err, INV_EINVAL, "%s:%ld: %s", r->name, r->rec_line, r->problem);
            return CSV_BAD;
        }
        if (r->nfields != r->ncols) {
            inv_fail(err, INV_EINVAL, _("%s:%ld: %zu fields, but the header has %zu"),
                     r->name, r->rec_line, r->nfields, r->ncols);
            return CSV_BAD;
        }
        return CSV_RECORD;
    }
}

size_t csv_nfields(const csv_reader *r) { return r->nstored; }
char *csv_field(const csv_reader *r, size_t i) { return r->rec + r->off[i]; }

size_t csv_field_len(const csv_reader *r, size_t i)
{
    size_t end = i + 1 < r->nstored ? r->off[i + 1] : r->rlen;
    return end - r->off[i] - 1;
}

long csv_line(const csv_reader *r) { return r->rec_line; }

void csv_position(const csv_reader *r, uint64_t *done, uint64_t *total)
{
    if (r->fd < 0) {
        *total = r->memlen;
        *done = r->pos;
        return;
    }
    struct stat st;
    off_t at = lseek(r->fd, 0, SEEK_CUR);
    *total = fstat(r->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
    *done = at > 0 && (uint64_t)at >= r->len - r->pos ? (uint64_t)at - (r->len - r->pos) : 0;
}
size_t csv_columns(const csv_reader *r) { return r->ncols; }
char csv_delimiter(const csv_reader *r) { return r->delim; }
csv_encoding csv_encoding_of(const csv_reader *r) { return r->enc; }
int csv_had_bom(const csv_reader *r) { return r->bom; }
const char *csv_name(const csv_reader *r) { return r->name; }

/* ---- detection ---- */

/* Counts of a UTF-8 validity scan. */
typedef struct u8scan {
    uint64_t first_bad; /* offset of the first invalid byte; UINT64_MAX: none */
    uint64_t nbad;      /* invalid sequences */
    uint64_t nmulti;    /* valid multi-byte characters */
} u8scan;

/* Scan p[0..n) (at file offset base). Without final, an incomplete
 * sequence at the end is left: returns how many bytes were consumed. */
static size_t utf8_scan(u8scan *s, const unsigned char *p, size_t n, uint64_t base,
                        int final)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ULL) break;
                i += 8;
            }
            while (i < n && p[i] < 0x80) i++;
            continue;
        }
        unsigned c = p[i], lo = 0x80, hi = 0xBF;
        size_t need;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) need = 2;
        else if (c == 0xED) { need = 2; hi = 0x9F; }
        else if (c == 0xF0) { need = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else if (c == 0xF4) { need = 3; hi = 0x8F; }
        else need = 0;
        int ok = need > 0;
        if (ok && n - i - 1 < need) {
            if (!final) return i; /* the rest comes with the next block */
            ok = 0;
        }
        for (size_t k = 1; ok && k <= need; k++) {
            unsigned b = p[i + k];
            ok = k == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xBF;
        }
        if (ok) {
            s->nmulti++;
            i += need + 1;
        } else {
            if (s->first_bad == UINT64_MAX) s->first_bad = base + i;
            s->nbad++;
            i++;
        }
    }
    return n;
}

/* The delimiter of the header line in p[0..n): the most frequent of
 * comma, semicolon and tab outside quotes (comma on a tie or none). */
static char detect_delim(const unsigned char *p, size_t n)
{
    size_t comma = 0, semi = 0, tab = 0;
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"') q = !q;
        else if (q) continue;
        else if (c == '\n' || c == '\r') break;
        else if (c == ',') comma++;
        else if (c == ';') semi++;
        else if (c == '\t') tab++;
    }
    char d = ',';
    size_t best = comma;
    if (semi > best) { d = ';'; best = semi; }
    if (tab > best) d = '\t';
    return d;
}

/* Look at the first bytes: BOM, UTF-16, the delimiter. */
static int first_block(csv_reader *r, const unsigned char *p, size_t n, inv_err *err)
{
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        inv_fail(err, INV_EINVAL, _("%s: the file is UTF-16 (Excel's \"Unicode text\"); "
                                    "save it as \"CSV UTF-8\" or plain CSV"), r->name);
        return -1;
    }
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        r->bom = 1;
        r->start = 3;
    }
    r->delim = detect_delim(p + r->start, n - r->start);
    return 0;
}

/* The physical line holding byte offset off. */
static long line_at(csv_reader *r, uint64_t off)
{
    long line = 1;
    int cr = 0;
    uint64_t pos = 0;
    while (pos < off) {
        const unsigned char *p;
        size_t n;
        if (r->fd < 0) {
            p = r->mem + pos;
            n = (size_t)(off - pos);
        } else {
            size_t want = off - pos < CSV_BUF ? (size_t)(off - pos) : CSV_BUF;
            ssize_t got = pread(r->fd, r->buf, want, (off_t)pos);
            if (got <= 0) break;
            p = r->buf;
            n = (size_t)got;
        }
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '\n') {
                if (!cr) line++;
                cr = 0;
            } else if (p[i] == '\r') {
                line++;
                cr = 1;
            } else {
                cr = 0;
            }
        }
        pos += n;
    }
    return line;
}

/* Windows-1251's upper half as UTF-8, through iconv. */
static int build_cp1251(csv_reader *r, inv_err *err)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1251");
    if (cd == (iconv_t)-1) {
        inv_fail(err, INV_EIO, _("%s: the file is not UTF-8 and Windows-1251 cannot be "
                                 "converted here (iconv: %s)"), r->name, strerror(errno));
        return -1;
    }
    for (int b = 0x80; b < 0x100; b++) {
        char in = (char)b, out[8];
        char *ip = &in, *op = out;
        size_t il = 1, ol = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        size_t rc = iconv(cd, &ip, &il, &op, &ol);
        size_t len = sizeof out - ol;
        unsigned char *e = r->cp[b - 0x80];
        memset(e, 0, 4);
        if (rc != (size_t)-1 && len >= 1 && len <= 3) {
            memcpy(e, out, len);
            e[3] = (unsigned char)len;
        }
    }
    iconv_close(cd);
    return 0;
}

/* Decide the encoding from the scan; build the class tables. */
static int settle(csv_reader *r, const u8scan *s, inv_err *err)
{
    r->enc = CSV_UTF8;
    if (s->nbad > 0) {
        if (r->bom || s->nmulti > s->nbad) {
            long line = line_at(r, s->first_bad);
            inv_fail(err, INV_EINVAL, _("%s:%ld: invalid UTF-8 in a file that is otherwise "
                                        "UTF-8; correct that line or save the file again"),
                     r->name, line);
            return -1;
        }
        r->enc = CSV_CP1251;
        if (build_cp1251(r, err) != 0) return -1;
    }
    memset(r->cls, C_ORD, sizeof r->cls);
    r->cls[(unsigned char)r->delim] = C_DELIM;
    r->cls['"'] = C_QUOTE;
    r->cls['\r'] = C_CR;
    r->cls['\n'] = C_LF;
    r->cls[0] = C_NUL;
    if (r->enc == CSV_CP1251) memset(r->cls + 0x80, C_HIGH, 0x80);
    memcpy(r->qcls, r->cls, sizeof r->qcls);
    r->qcls[(unsigned char)r->delim] = C_ORD;
    return 0;
}

static csv_reader *reader_new(const char *name)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->name = strdup(name ? name : "-");
    if (!r->name) abort();
    r->fd = -1;
    r->line = 1;
    r->delim = ',';
    return r;
}

int csv_rewind(csv_reader *r, inv_err *err)
{
    if (r->fd >= 0) {
        if (lseek(r->fd, (off_t)r->start, SEEK_SET) < 0) {
            inv_fail(err, INV_EIO, _("%s: cannot read it again: %s"), r->name,
                     strerror(errno));
            return -1;
        }
        r->pos = r->len = 0;
        r->eof = 0;
    } else {
        r->p = r->mem;
        r->len = r->memlen;
        r->pos = r->start;
        r->eof = 1;
    }
    if (r->cols)
        for (size_t i = 0; i < r->ncols; i++) free(r->cols[i]);
    free(r->cols);
    r->cols = NULL;
    r->ncols = 0;
    r->line = 1;
    r->fatal = 0;
    return 0;
}

csv_reader *csv_open_mem(const void *buf, size_t n, const char *name, inv_err *err)
{
    csv_reader *r = reader_new(name);
    r->mem = buf;
    r->memlen = n;
    u8scan s = {UINT64_MAX, 0, 0};
    if (first_block(r, r->mem, n, err) != 0) goto fail;
    utf8_scan(&s, r->mem + r->start, n - r->start, r->start, 1);
    if (settle(r, &s, err) != 0 || csv_rewind(r, err) != 0) goto fail;
    return r;
fail:
    csv_close(r);
    return NULL;
}

csv_reader *csv_open(const char *path, const char *name, inv_err *err)
{
    csv_reader *r = reader_new(name ? name : path);
    struct stat st;
    r->fd = priv_open_user(path, O_RDONLY | O_CLOEXEC, 0);
    if (r->fd < 0) {
        inv_fail(err, INV_EIO, _("%s: cannot open: %s"), r->name, strerror(errno));
        goto fail;
    }
    if (fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        inv_fail(err, INV_EINVAL, _("%s: not a regular file"), r->name);
        goto fail;
    }
    r->buf = malloc(CSV_BUF);
    if (!r->buf) abort();
    u8scan s = {UINT64_MAX, 0, 0};
    size_t have = 0;
    uint64_t base = 0;
    int first = 1;
    for (;;) {
        ssize_t n = read(r->fd, r->buf + have, CSV_BUF - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            inv_fail(err, INV_EIO, _("%s: cannot read: %s"), r->name, strerror(errno));
            goto fail;
        }
        have += (size_t)n;
        int final = n == 0;
        size_t from = 0;
        if (first) {
            first = 0;
            if (first_block(r, r->buf, have, err) != 0) goto fail;
            from = r->start;
        }
        size_t used = from + utf8_scan(&s, r->buf + from, have - from, base + from, final);
        if (final) break;
        memmove(r->buf, r->buf + used, have - used);
        base += used;
        have -= used;
    }
    if (settle(r, &s, err) != 0 || csv_rewind(r, err) != 0) goto fail;
    return r;
fail:
    csv_close(r);
    return NULL;
}

void csv_close(csv_reader *r)
{
    if (!r) return;
    if (r->fd >= 0) close(r->fd);
    if (r->cols)
        for (size_t i = 0; i < r->ncols; i++) free(r->cols[i]);
    free(r->cols);
    free(r->buf);
    free(r->rec);
    free(r->off);
    free(r->name);
    free(r);
}
