/* sheet.c: lists and reports for people as .xlsx or as CSV for Excel
 * (see sheet.h). Prints nothing; errors are kept and returned. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "inventar/fmt.h"
#include "inventar/priv.h"
#include "inventar/sheet.h"
#include "inventar/util.h"

#define SHEET_MAX_COLS 64
#define XLSX_MAX_ROWS 1048576 /* Excel's rows, the header included */
#define XLSX_WIDTH_MAX 60     /* widest column, in characters */

struct sheet {
    sheet_kind kind;
    char *path;
    safe_file sf;
    int ncols, col;
    int64_t rows;           /* rows ended (header not counted) */
    inv_err err;            /* the first error (sticky) */
    /* CSV */
    FILE *fp;
    char sep;               /* ',' or ';' */
    const char *dec;        /* the decimal separator of amounts */
    /* xlsx */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *f_bold, *f_date, *f_time, *f_amount;
    int memfd;              /* the workbook in memory when the target is a pipe, else -1 */
    int width[SHEET_MAX_COLS]; /* widest content so far, in characters */
};

int sheet_kind_of(const char *path, sheet_kind *kind)
{
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".csv")) {
        *kind = SHEET_CSV;
        return 0;
    }
    if (n > 5 && !strcasecmp(path + n - 5, ".xlsx")) {
        *kind = SHEET_XLSX;
        return 0;
    }
    return -1;
}

/* Keep the first error only. */
static void fail(sheet *s, inv_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(sheet *s, inv_status code, const char *fmt, ...)
{
    if (s->err.code != INV_OK) return;
    va_list ap;
    va_start(ap, fmt);
    inv_vfail(&s->err, code, fmt, ap);
    va_end(ap);
}

static void lxw_fail(sheet *s, lxw_error rc)
{
    /* TRANSLATORS: %1$s is a file, %2$s the spreadsheet library's reason
     * (in English). */
    fail(s, INV_EIO, _("%1$s: cannot write the spreadsheet: %2$s"), s->path, lxw_strerror(rc));
}

/* A worksheet name Excel takes: none of []:*?/\, not starting or ending
 * with an apostrophe, at most 31 characters. */
static void sheet_name(const char *in, char *out, size_t n)
{
    size_t o = 0, chars = 0;
    for (const char *p = in; *p && chars < 31 && o + 5 < n; chars++) {
        unsigned cp;
        int len = utf8_decode_one(p, strlen(p), &cp);
        if (len <= 0 || cp < 0x20 || strchr("[]:*?/\\", (int)cp)) {
            out[o++] = '_';
            p += len > 0 ? len : 1;
            continue;
        }
        memcpy(out + o, p, (size_t)len);
        o += (size_t)len;
        p += len;
    }
    out[o] = '\0';
    if (out[0] == '\'') out[0] = '_';
    if (o && out[o - 1] == '\'') out[o - 1] = '_';
}

static void xlsx_begin(sheet *s, const char *name, const char *const *titles)
{
    char wbpath[64];
    const char *target = s->sf.tmp;
    if (s->sf.direct) {
        /* A pipe or a device can't be seeked while the zip is written:
         * build it in memory, copy it out at the end. */
        s->memfd = memfd_create("inventar-xlsx", MFD_CLOEXEC);
        if (s->memfd < 0) {
            fail(s, INV_EIO, _("%s: cannot write: %s"), s->path, strerror(errno));
            return;
        }
        snprintf(wbpath, sizeof wbpath, "/proc/self/fd/%d", s->memfd);
        target = wbpath;
    }
    s->wb = workbook_new(target);
    if (!s->wb) {
        fail(s, INV_ENOMEM, _("%s: cannot write: %s"), s->path, strerror(ENOMEM));
        return;
    }
    char nm[128] = "";
    if (name) sheet_name(name, nm, sizeof nm);
    s->ws = workbook_add_worksheet(s->wb, nm[0] ? nm : NULL);
    if (!s->ws) s->ws = workbook_add_worksheet(s->wb, NULL);
    s->f_bold = workbook_add_format(s->wb);
    format_set_bold(s->f_bold);
    s->f_date = workbook_add_format(s->wb);
    format_set_num_format(s->f_date, "dd.mm.yyyy");
    s->f_time = workbook_add_format(s->wb);
    format_set_num_format(s->f_time, "dd.mm.yyyy hh:mm");
    s->f_amount = workbook_add_format(s->wb);
    format_set_num_format(s->f_amount, "#,##0.00");
    for (int c = 0; c < s->ncols; c++) {
        lxw_error rc = worksheet_write_string(s->ws, 0, (lxw_col_t)c, titles[c], s->f_bold);
        if (rc != LXW_NO_ERROR) lxw_fail(s, rc);
        s->width[c] = (int)utf8_chars(titles[c]);
    }
    worksheet_freeze_panes(s->ws, 1, 0);
}

static void csv_begin(sheet *s, const char *const *titles)
{
    s->fp = fdopen(s->sf.fd, "w");
    if (!s->fp) {
        fail(s, INV_EIO, _("%s: cannot write: %s"), s->path, strerror(errno));
        return;
    }
    /* The list separator goes with the decimal separator of amounts, as
     * in Excel: "1234,56;..." in Bulgarian, "1234.56,..." in English. */
    s->dec = P_("decimal separator", ".");
    s->sep = !strcmp(s->dec, ",") ? ';' : ',';
    fputs("\xEF\xBB\xBF", s->fp);
    for (int c = 0; c < s->ncols; c++) sheet_text(s, titles[c]);
    sheet_row_end(s);
    s->rows = 0;
}

inv_status sheet_begin(const char *path, sheet_kind kind, const char *name, int ncols,
                       const char *const *titles, sheet **out, inv_err *e)
{
    *out = NULL;
    if (ncols < 1 || ncols > SHEET_MAX_COLS)
        return inv_fail(e, INV_EINVAL, "sheet_begin: %d columns", ncols);
    sheet *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->kind = kind;
    s->ncols = ncols;
    s->memfd = -1;
    s->path = strdup(path);
    if (!s->path) abort();
    inv_err_clear(&s->err);
    if (safe_file_open(&s->sf, path, 0644) != 0) {
        inv_status st = inv_fail(e, INV_EIO, _("%s: cannot write: %s"), path,
                                 safe_file_strerror(errno));
        free(s->path);
        free(s);
        return st;
    }
    /* libxlsxwriter opens its own files (the workbook by name, temporary
     * files): with the user's rights, as safe_file does (priv.h). */
    priv_user_begin();
    if (kind == SHEET_XLSX) xlsx_begin(s, name, titles);
    else csv_begin(s, titles);
    priv_user_end();
    if (s->err.code != INV_OK) {
        inv_status st = inv_fail(e, s->err.code, "%s", s->err.msg);
        sheet_abort(s);
        return st;
    }
    *out = s;
    return INV_OK;
}

int64_t sheet_rows(const sheet *s) { return s->rows; }

/* The row and column of the next cell, or -1 when there is none (too
 * many cells, too many rows, an earlier error). */
static int next_cell(sheet *s, lxw_row_t *row, lxw_col_t *col)
{
    if (s->col >= s->ncols) abort(); /* more cells than columns: a bug */
    if (s->err.code != INV_OK) return -1;
    if (s->kind == SHEET_XLSX && s->rows + 1 >= XLSX_MAX_ROWS) {
        /* TRANSLATORS: %1$s is a file name; %2$d Excel's limit of rows. */
        fail(s, INV_EINVAL, _("%1$s: a spreadsheet holds at most %2$d rows; write a .csv "
                              "file instead"), s->path, XLSX_MAX_ROWS - 1);
        return -1;
    }
    *row = (lxw_row_t)(s->rows + 1);
    *col = (lxw_col_t)s->col;
    return 0;
}

static void widen(sheet *s, int chars)
{
    if (chars > s->width[s->col]) s->width[s->col] = chars;
}

/* A CSV cell as it is (already neutralised where needed), quoted when
 * it holds the separator, a quote, a line break or outer spaces. */
static void csv_put(sheet *s, const char *v)
{
    if (s->col > 0) fputc(s->sep, s->fp);
    size_t n = strlen(v);
    int quote = strchr(v, s->sep) || strpbrk(v, "\"\r\n") || (n && (v[0] == ' ' || v[n - 1] == ' '));
    if (!quote) {
        fputs(v, s->fp);
        return;
    }
    fputc('"', s->fp);
    for (; *v; v++) {
        if (*v == '"') fputc('"', s->fp);
        fputc(*v, s->fp);
    }
    fputc('"', s->fp);
}

void sheet_text(sheet *s, const char *v)
{
    lxw_row_t r;
    lxw_col_t c;
    if (!v) v = "";
    if (s->kind == SHEET_CSV) {
        if (s->err.code == INV_OK) {
            /* A cell Excel would read as a formula is kept as text. */
            if (*v && strchr("=+-@\t\r", *v)) {
                sbuf b = {0};
                sbuf_addc(&b, '\'');
                sbuf_add(&b, v);
                csv_put(s, sbuf_str(&b));
                sbuf_free(&b);
            } else {
                csv_put(s, v);
            }
        }
        s->col++;
        return;
    }
    if (next_cell(s, &r, &c) == 0 && *v) {
        char *fixed = NULL;
        if (!utf8_valid(v, strlen(v))) v = fixed = term_safe(v);
        lxw_error rc = worksheet_write_string(s->ws, r, c, v, NULL);
        if (rc != LXW_NO_ERROR) lxw_fail(s, rc);
        widen(s, (int)utf8_chars(v));
        free(fixed);
    }
    s->col++;
}

void sheet_empty(sheet *s) { sheet_text(s, ""); }

void sheet_int(sheet *s, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    if (s->kind == SHEET_CSV) {
        if (s->err.code == INV_OK) csv_put(s, buf);
        s->col++;
        return;
    }
    lxw_row_t r;
    lxw_col_t c;
    if (next_cell(s, &r, &c) == 0) {
        lxw_error rc = worksheet_write_number(s->ws, r, c, (double)v, NULL);
        if (rc != LXW_NO_ERROR) lxw_fail(s, rc);
        widen(s, (int)strlen(buf));
    }
    s->col++;
}

void sheet_amount(sheet *s, int64_t minor)
{
    char buf[48];
    if (s->kind == SHEET_CSV) {
        /* No thousands separator: Excel reads "1234,56" as a number. */
        fmt_amount_sep(minor, s->dec, "", buf, sizeof buf);
        if (s->err.code == INV_OK) csv_put(s, buf);
        s->col++;
        return;
    }
    lxw_row_t r;
    lxw_col_t c;
    if (next_cell(s, &r, &c) == 0) {
        lxw_error rc = worksheet_write_number(s->ws, r, c, (double)minor / 100.0, s->f_amount);
        if (rc != LXW_NO_ERROR) lxw_fail(s, rc);
        fmt_amount_sep(minor, ".", ",", buf, sizeof buf);
        widen(s, (int)strlen(buf));
    }
    s->col++;
}

/* An ISO date "YYYY-MM-DD" exactly, or a UTC time "YYYY-MM-DDTHH:MM:SS[Z]"
 * turned into local time; dt set. Returns 1 for a time, 0 for a date, -1
 * for neither. */
static int parse_when(const char *v, lxw_datetime *dt)
{
    int y, mo, d, h, mi, sec;
    char extra = 0;
    memset(dt, 0, sizeof *dt);
    if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) == 3) {
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900) return -1;
        dt->year = y;
        dt->month = mo;
        dt->day = d;
        return 0;
    }
    if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &extra) < 6 ||
        (extra && extra != 'Z'))
        return -1;
    struct tm tm, l;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || !localtime_r(&t, &l) || l.tm_year + 1900 < 1900) return -1;
    dt->year = l.tm_year + 1900;
    dt->month = l.tm_mon + 1;
    dt->day = l.tm_mday;
    dt->hour = l.tm_hour;
    dt->min = l.tm_min;
    dt->sec = l.tm_sec;
    return 1;
}

static void when_cell(sheet *s, const char *v, int with_time)
{
    if (!v || !*v) {
        sheet_empty(s);
        return;
    }
    lxw_datetime dt;
    int kind = parse_when(v, &dt);
    if (kind < 0) {
        sheet_text(s, v);
        return;
    }
    if (kind == 0) with_time = 0;
    if (s->kind == SHEET_CSV) {
        char buf[FMT_DATE_MAX];
        if (with_time) fmt_datetime(v, buf, sizeof buf);
        else fmt_date(v, buf, sizeof buf);
        if (s->err.code == INV_OK) csv_put(s, buf);
        s->col++;
        return;
    }
    lxw_row_t r;
    lxw_col_t c;
    if (next_cell(s, &r, &c) == 0) {
        if (!with_time) dt.hour = dt.min = 0, dt.sec = 0;
        lxw_error rc = worksheet_write_datetime(s->ws, r, c, &dt,
                                                with_time ? s->f_time : s->f_date);
        if (rc != LXW_NO_ERROR) lxw_fail(s, rc);
        widen(s, with_time ? 16 : 10);
    }
    s->col++;
}

void sheet_date(sheet *s, const char *v) { when_cell(s, v, 0); }
void sheet_time(sheet *s, const char *utc) { when_cell(s, utc, 1); }

void sheet_row_end(sheet *s)
{
    while (s->col < s->ncols) sheet_empty(s);
    if (s->kind == SHEET_CSV && s->err.code == INV_OK) fputs("\r\n", s->fp);
    s->col = 0;
    s->rows++;
}

/* Copy the workbook built in memory to the target. */
static int copy_out(int from, int to)
{
    if (lseek(from, 0, SEEK_SET) != 0) return -1;
    char buf[65536];
    ssize_t n;
    while ((n = read(from, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(to, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) return -1;
            off += w;
        }
    }
    return n < 0 ? -1 : 0;
}

static void xlsx_end(sheet *s)
{
    if (s->err.code != INV_OK) return;
    for (int c = 0; c < s->ncols; c++) {
        int w = s->width[c] + 2;
        if (w > XLSX_WIDTH_MAX) w = XLSX_WIDTH_MAX;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    if (s->rows > 0)
        worksheet_autofilter(s->ws, 0, 0, (lxw_row_t)s->rows, (lxw_col_t)(s->ncols - 1));
    lxw_error rc = workbook_close(s->wb);
    s->wb = NULL;
    if (rc != LXW_NO_ERROR) {
        lxw_fail(s, rc);
        return;
    }
    if (s->memfd >= 0 && copy_out(s->memfd, s->sf.fd) != 0)
        fail(s, INV_EIO, _("%s: cannot write: %s"), s->path, strerror(errno));
}

static void sheet_free(sheet *s)
{
    if (s->wb) {
        lxw_workbook_free(s->wb); /* nothing of it is written */
        s->wb = NULL;
    }
    if (s->memfd >= 0) close(s->memfd);
    free(s->path);
    free(s);
}

inv_status sheet_end(sheet *s, inv_err *e)
{
    if (s->col > 0) sheet_row_end(s);
    if (s->kind == SHEET_XLSX) {
        priv_user_begin();
        xlsx_end(s);
        priv_user_end();
    } else if (s->err.code == INV_OK && (fflush(s->fp) != 0 || ferror(s->fp)))
        fail(s, INV_EIO, _("%s: cannot write: %s"), s->path, strerror(errno ? errno : EIO));
    if (s->err.code != INV_OK) {
        inv_status st = inv_fail(e, s->err.code, "%s", s->err.msg);
        sheet_abort(s);
        return st;
    }
    FILE *fp = s->fp;
    s->fp = NULL;
    if (safe_file_commit(&s->sf, fp) != 0) {
        inv_status st = inv_fail(e, INV_EIO, _("%s: cannot write: %s"), s->path,
                                 safe_file_strerror(errno));
        sheet_free(s);
        return st;
    }
    sheet_free(s);
    return INV_OK;
}

void sheet_abort(sheet *s)
{
    if (!s) return;
    safe_file_abort(&s->sf, s->fp);
    s->fp = NULL;
    sheet_free(s);
}
