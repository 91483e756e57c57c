/* cli_out.c: table, CSV and JSON output; shared command-line helpers. */
#include <ctype.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inventar/fmt.h"

void cli_error(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *safe = term_safe(buf);
    cli_progress_clear();
    fprintf(stderr, "inventar: %s\n", safe);
    free(safe);
}

void cli_say(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *safe = term_safe(buf);
    fprintf(stderr, "%s\n", safe);
    free(safe);
}

int cli_interactive(void)
{
    return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

int cli_ask_continue(void)
{
    /* TRANSLATORS: the answers taken are y/yes (and д/да); anything else is no. */
    fputs(_("Continue? [y/N] "), stderr);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) {
        fputc('\n', stderr);
        return 0;
    }
    str_trim(line);
    char folded[64];
    utf8_fold(line, folded, sizeof folded);
    return !strcmp(folded, "y") || !strcmp(folded, "yes") || !strcmp(folded, "д") ||
           !strcmp(folded, "да") || !strcmp(folded, _("y")) || !strcmp(folded, _("yes"));
}

int cli_db_error(inv_db *db)
{
    cli_error("%s", db_errmsg(db));
    return CLI_FAIL;
}

int cli_help;
int cli_help_done;
const char *cli_help_usage;

int cli_usage(const char *usage, const char *fmt, ...)
{
    if (cli_help) {
        if (!cli_help_done) printf(_("usage: inventar %s\n"), usage);
        cli_help_done = 1;
        return CLI_OK;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_error("%s", buf);
    fprintf(stderr, _("usage: inventar %s\n"), usage);
    return CLI_USAGE;
}

int cli_too_long(const char *usage, const char *option, const char *value, size_t max)
{
    /* TRANSLATORS: %1$s is an option as typed ("--model"). */
    return cli_usage(usage, P_("option", "%1$s is too long (%2$zu characters, at most %3$zu)"),
                     option, utf8_chars(value), max);
}

/* Edit distance of a and b (optimal string alignment: an insertion,
 * deletion, substitution or swap of neighbours costs 1), in bytes. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[n][m];
}

const char *cli_nearest(const char *word, const char *const *cands)
{
    const char *w = word, *best = NULL, *prefixed = NULL;
    while (*w == '-') w++;
    size_t wl = strlen(w), best_d = (size_t)-1;
    int nprefixed = 0;
    if (wl == 0) return NULL;
    for (size_t i = 0; cands[i]; i++) {
        const char *c = cands[i];
        while (*c == '-') c++;
        size_t dist = edit_distance(w, c);
        if (dist < best_d) {
            best_d = dist;
            best = cands[i];
        }
        if (wl >= 2 && strncmp(c, w, wl) == 0) {
            prefixed = cands[i];
            nprefixed++;
        }
    }
    /* One slip in a short word, two in a longer one. */
    size_t limit = wl <= 4 ? 1 : wl <= 8 ? 2 : 3;
    if (best && best_d > 0 && best_d <= limit) return best;
    return nprefixed == 1 ? prefixed : NULL;
}

int cli_unknown_option(const char *usage, const char *arg)
{
    if (cli_help) return cli_usage(usage, "%s", "");
    char name[128];
    size_t nl = strcspn(arg, "=");
    if (nl >= sizeof name) nl = sizeof name - 1;
    memcpy(name, arg, nl);
    name[nl] = '\0';
    /* The options the usage names: "--word" and "-x" after a space,
     * '[', '|' or '('. */
    enum { MAXOPT = 64 };
    char opts[MAXOPT][48];
    const char *cands[MAXOPT + 1];
    int n = 0;
    for (const char *p = usage; *p && n < MAXOPT; p++) {
        if (*p != '-' || (p > usage && !strchr(" [|(", p[-1]))) continue;
        size_t k = 1;
        while (p[k] == '-') k++;
        if (k > 2) continue;
        while (p[k] && (isalnum((unsigned char)p[k]) || p[k] == '-')) k++;
        if (k == 1 || k >= sizeof opts[0] || (k == 2 && p[1] == '-')) continue;
        memcpy(opts[n], p, k);
        opts[n][k] = '\0';
        int dup = 0;
        for (int i = 0; i < n; i++)
            if (!strcmp(opts[i], opts[n])) dup = 1;
        if (!dup) n++;
        p += k - 1;
    }
    for (int i = 0; i < n; i++) {
        cands[i] = opts[i];
        if (!strcmp(opts[i], name))
            return arg[nl] == '='
                       ? cli_usage(usage, _("option '%s' takes no value"), name)
                       : cli_usage(usage, _("option '%s' needs a value"), name);
    }
    cands[n] = NULL;
    const char *near = name[0] == '-' && name[1] ? cli_nearest(name, cands) : NULL;
    if (near) return cli_usage(usage, _("unknown option '%s'; did you mean '%s'?"), name, near);
    return cli_usage(usage, _("unknown option '%s'"), name);
}

int cli_unknown_subcommand(const char *usage, const char *cmd, const char *sub,
                           const char *const *subs)
{
    const char *near = cli_nearest(sub, subs);
    if (near)
        return cli_usage(usage, _("unknown subcommand '%s %s'; did you mean '%s %s'?"), cmd,
                         sub, cmd, near);
    return cli_usage(usage, _("unknown subcommand '%s %s'"), cmd, sub);
}

void cli_getopt_reset(void)
{
    optind = 0; /* glibc: full reinitialisation */
    opterr = 0;
}

int out_format_parse(const char *s, out_format *f)
{
    if (!strcmp(s, "table")) *f = OUT_TABLE;
    else if (!strcmp(s, "csv")) *f = OUT_CSV;
    else if (!strcmp(s, "json")) *f = OUT_JSON;
    else return -1;
    return 0;
}

out_format out_format_default(void) { return isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_CSV; }

#define TABLE_SAMPLE 500 /* rows buffered to size the columns */
#define TABLE_COL_MAX 48 /* widest column in a table */
#define OUT_MAX_COLS 64  /* most columns a table has */

struct out_table {
    out_format fmt;
    FILE *fp;
    int ncols, vertical, tty;
    const char *keys[OUT_MAX_COLS];   /* copies of the caller's arrays */
    const char *titles[OUT_MAX_COLS];
    int col;             /* next column of the current row */
    int64_t rows;        /* rows finished */
    /* JSON */
    json_t *obj;
    /* table */
    char **cells;        /* buffered cells, row-major */
    size_t ncells, capcells;
    int *width;
    int streaming;       /* widths fixed, rows printed as they come */
    char **row;          /* the current row while streaming */
    /* sheet */
    sheet *sheet;
};

out_table *out_begin(out_format fmt, FILE *fp, int ncols, const char *const *keys,
                     const char *const *titles, int vertical)
{
    out_table *t = calloc(1, sizeof *t);
    if (!t || ncols < 1 || ncols > OUT_MAX_COLS) abort();
    t->fmt = fmt;
    t->fp = fp;
    t->ncols = ncols;
    for (int i = 0; i < ncols; i++) {
        t->keys[i] = keys[i];
        t->titles[i] = titles[i];
    }
    t->vertical = vertical;
    t->tty = fp && isatty(fileno(fp));
    if (fmt == OUT_CSV) {
        for (int i = 0; i < ncols; i++) {
            fputs(keys[i], fp);
            fputc(i + 1 < ncols ? ',' : '\n', fp);
        }
    } else if (fmt == OUT_JSON && !vertical) {
        fputs("[", fp);
    } else if (fmt == OUT_TABLE) {
        t->width = calloc((size_t)ncols, sizeof *t->width);
        t->row = calloc((size_t)ncols, sizeof *t->row);
        if (!t->width || !t->row) abort();
    }
    return t;
}

out_table *out_begin_sheet(sheet *s, int ncols, const char *const *keys)
{
    out_table *t = out_begin(OUT_SHEET, NULL, ncols, keys, keys, 0);
    t->sheet = s;
    return t;
}

sheet *cli_sheet_open(const char *path, const char *name, int ncols,
                      const char *const *titles)
{
    sheet_kind kind;
    sheet *s;
    inv_err e;
    inv_err_clear(&e);
    if (sheet_kind_of(path, &kind) != 0) kind = SHEET_CSV;
    if (sheet_begin(path, kind, name, ncols, titles, &s, &e) != INV_OK) {
        cli_error("%s", e.msg);
        return NULL;
    }
    return s;
}

int cli_sheet_close(sheet *s)
{
    inv_err e;
    inv_err_clear(&e);
    if (sheet_end(s, &e) != INV_OK) {
        cli_error("%s", e.msg);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static void csv_cell(out_table *t, const char *s)
{
    char *safe = NULL;
    if (t->tty) s = safe = term_safe(s);
    int quote = strpbrk(s, ",\"\r\n;") != NULL || (s[0] == ' ') ||
                (*s && s[strlen(s) - 1] == ' ');
    if (t->col > 0) fputc(',', t->fp);
    if (!quote) {
        fputs(s, t->fp);
    } else {
        fputc('"', t->fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', t->fp);
            fputc(*s, t->fp);
        }
        fputc('"', t->fp);
    }
    free(safe);
}

static void table_cell(out_table *t, const char *s)
{
    char *safe = term_safe(s ? s : "");
    if (t->streaming) {
        t->row[t->col] = safe;
        return;
    }
    if (t->ncells == t->capcells) {
        t->capcells = t->capcells ? t->capcells * 2 : 256;
        t->cells = realloc(t->cells, t->capcells * sizeof *t->cells);
        if (!t->cells) abort();
    }
    t->cells[t->ncells++] = safe;
}

static void cell(out_table *t, const char *s, json_t *jv)
{
    if (t->col >= t->ncols) abort(); /* more cells than columns: a bug */
    switch (t->fmt) {
    case OUT_CSV:
        csv_cell(t, s ? s : "");
        json_decref(jv);
        break;
    case OUT_JSON:
        if (!t->obj) t->obj = json_object();
        json_object_set_new(t->obj, t->keys[t->col], jv);
        break;
    case OUT_TABLE:
        table_cell(t, s);
        json_decref(jv);
        break;
    case OUT_SHEET:
        sheet_text(t->sheet, s);
        json_decref(jv);
        break;
    }
    t->col++;
}

/* A typed cell of a sheet. */
static int sheet_cell(out_table *t)
{
    if (t->fmt != OUT_SHEET) return 0;
    if (t->col >= t->ncols) abort();
    t->col++;
    return 1;
}

void out_str(out_table *t, const char *s) { cell(t, s ? s : "", s ? json_string(s) : json_null()); }
void out_str0(out_table *t, const char *s)
{
    cell(t, s ? s : "", s && *s ? json_string(s) : json_null());
}
void out_null(out_table *t) { cell(t, "", json_null()); }
void out_date(out_table *t, const char *s)
{
    if (t->fmt == OUT_SHEET) {
        sheet_date(t->sheet, s);
        sheet_cell(t);
        return;
    }
    if (t->fmt != OUT_TABLE) { out_str0(t, s); return; }
    char d[FMT_DATE_MAX];
    fmt_date(s, d, sizeof d);
    cell(t, d, NULL);
}
void out_time(out_table *t, const char *s)
{
    if (t->fmt == OUT_SHEET) {
        sheet_time(t->sheet, s);
        sheet_cell(t);
        return;
    }
    if (t->fmt != OUT_TABLE) { out_str0(t, s); return; }
    char d[FMT_DATE_MAX];
    fmt_datetime(s, d, sizeof d);
    cell(t, d, NULL);
}
void out_int(out_table *t, int64_t v)
{
    if (t->fmt == OUT_SHEET) {
        sheet_int(t->sheet, v);
        sheet_cell(t);
        return;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    cell(t, buf, json_integer(v));
}

void out_amount(out_table *t, int64_t minor)
{
    if (t->fmt == OUT_SHEET) {
        sheet_amount(t->sheet, minor);
        sheet_cell(t);
        return;
    }
    if (t->fmt != OUT_TABLE) {
        out_int(t, minor);
        return;
    }
    char buf[FMT_MONEY_MAX];
    fmt_amount(minor, buf, sizeof buf);
    cell(t, buf, NULL);
}

void out_json(out_table *t, const char *json, const char *table_text)
{
    json_error_t err;
    json_t *v = json_loads(json ? json : "null", JSON_DECODE_ANY, &err);
    cell(t, t->fmt == OUT_TABLE || t->fmt == OUT_SHEET ? table_text : json,
         v ? v : json_null());
}

/* 1 when s is a whole number (an event's or a check's number). */
static int is_number(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static void print_padded(FILE *fp, const char *s, int width, int last)
{
    char buf[TABLE_COL_MAX * 4 + 8];
    /* A number is never cut: the widths are fixed from the first rows of
     * a long table, and event 5634 must not read as 563. */
    int n = is_number(s) ? (int)strlen(s) : 0;
    if (n > width && n <= TABLE_COL_MAX * 4) width = n;
    if (last) {
        str_fit(buf, sizeof buf, s, width > TABLE_COL_MAX * 2 ? width : TABLE_COL_MAX * 2, 0);
        fputs(buf, fp);
    } else {
        str_fit(buf, sizeof buf, s, width, 1);
        fputs(buf, fp);
        fputs("  ", fp);
    }
}

static void table_print_row(out_table *t, char **row)
{
    /* Trailing empty cells would leave trailing blanks. */
    int last = t->ncols - 1;
    for (int i = 0; i < t->ncols; i++)
        print_padded(t->fp, row[i], t->width[i], i == last);
    fputc('\n', t->fp);
}

static void table_fix_widths(out_table *t)
{
    for (int i = 0; i < t->ncols; i++) {
        int w = str_width(t->titles[i]);
        if (w > t->width[i]) t->width[i] = w;
    }
    for (size_t c = 0; c < t->ncells; c++) {
        int i = (int)(c % (size_t)t->ncols);
        int w = str_width(t->cells[c]);
        if (w > t->width[i]) t->width[i] = w;
    }
    for (int i = 0; i < t->ncols; i++)
        if (t->width[i] > TABLE_COL_MAX) t->width[i] = TABLE_COL_MAX;
    char *titles[OUT_MAX_COLS];
    for (int i = 0; i < t->ncols; i++) titles[i] = (char *)t->titles[i];
    table_print_row(t, titles);
    for (size_t r = 0; r + (size_t)t->ncols <= t->ncells; r += (size_t)t->ncols)
        table_print_row(t, t->cells + r);
    for (size_t c = 0; c < t->ncells; c++) free(t->cells[c]);
    t->ncells = 0;
    t->streaming = 1;
}

static void vertical_print(out_table *t)
{
    int w = 0;
    for (int i = 0; i < t->ncols; i++)
        if (str_width(t->titles[i]) > w) w = str_width(t->titles[i]);
    for (size_t r = 0; r + (size_t)t->ncols <= t->ncells; r += (size_t)t->ncols) {
        if (r) fputc('\n', t->fp);
        for (int i = 0; i < t->ncols; i++) {
            const char *v = t->cells[r + (size_t)i];
            if (!*v) continue;
            char buf[256];
            str_fit(buf, sizeof buf, t->titles[i], w, 1);
            fprintf(t->fp, "%s  %s\n", buf, v);
        }
    }
    for (size_t c = 0; c < t->ncells; c++) free(t->cells[c]);
    t->ncells = 0;
}

/* Write the current JSON object. On a terminal, any character that must
 * not reach it (a bidi override, a C1 control) goes out as a \\u escape;
 * Cyrillic and everything printable stay readable. */
static void json_out(out_table *t, size_t flags)
{
    if (!t->tty) {
        json_dumpf(t->obj, t->fp, flags);
        return;
    }
    char *s = json_dumps(t->obj, flags);
    if (!s) return;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        unsigned cp;
        int len = utf8_decode_one(s + i, n - i, &cp);
        if (len <= 0) { fputs("\\ufffd", t->fp); i++; continue; }
        if (cp == '\n' || (cp >= 0x20 && cp < 0x7f) || (cp >= 0x80 && unicode_printable(cp))) {
            fwrite(s + i, 1, (size_t)len, t->fp);
        } else if (cp < 0x10000) {
            fprintf(t->fp, "\\u%04x", cp);
        } else {
            cp -= 0x10000;
            fprintf(t->fp, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        }
        i += (size_t)len;
    }
    free(s);
}

void out_row_end(out_table *t)
{
    while (t->col < t->ncols) out_null(t);
    switch (t->fmt) {
    case OUT_CSV:
        fputc('\n', t->fp);
        break;
    case OUT_JSON:
        if (!t->vertical) fputs(t->rows ? ",\n" : "\n", t->fp);
        /* On a terminal, non-ASCII goes out escaped, so no bidi override or
         * C1 control can reach it; files and pipes get plain UTF-8. */
        json_out(t, t->vertical ? JSON_INDENT(2) : JSON_COMPACT);
        if (t->vertical) fputc('\n', t->fp);
        json_decref(t->obj);
        t->obj = NULL;
        break;
    case OUT_SHEET:
        sheet_row_end(t->sheet);
        break;
    case OUT_TABLE:
        if (t->streaming) {
            table_print_row(t, t->row);
            for (int i = 0; i < t->ncols; i++) free(t->row[i]);
        } else if (!t->vertical && t->ncells >= (size_t)TABLE_SAMPLE * (size_t)t->ncols) {
            table_fix_widths(t);
        }
        break;
    }
    t->col = 0;
    t->rows++;
}

void out_end(out_table *t)
{
    if (!t) return;
    if (t->col > 0) out_row_end(t);
    if (t->fmt == OUT_JSON && !t->vertical) fputs(t->rows ? "\n]\n" : "]\n", t->fp);
    if (t->fmt == OUT_TABLE) {
        if (t->vertical) vertical_print(t);
        else if (!t->streaming) table_fix_widths(t);
    }
    free(t->cells);
    free(t->width);
    free(t->row);
    free(t);
}

void cli_money(int64_t minor, const char *currency, char *out, size_t n)
{
    fmt_money(minor, currency, out, n);
}

char **cli_collect_tags(int argc, char **argv, int from, int *n)
{
    int cap = 16, k = 0;
    char **tags = malloc((size_t)cap * sizeof *tags);
    if (!tags) abort();
    for (int i = from; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0 && cli_help) continue; /* asked for help: read nothing */
        if (strcmp(argv[i], "-") == 0) {
            char *line = NULL;
            size_t len = 0;
            while (getline(&line, &len, stdin) > 0) {
                str_trim(line);
                if (!*line) continue;
                if (k == cap) {
                    cap *= 2;
                    tags = realloc(tags, (size_t)cap * sizeof *tags);
                    if (!tags) abort();
                }
                tags[k++] = strdup(line);
            }
            free(line);
            continue;
        }
        if (k == cap) {
            cap *= 2;
            tags = realloc(tags, (size_t)cap * sizeof *tags);
            if (!tags) abort();
        }
        tags[k++] = strdup(argv[i]);
    }
    *n = k;
    return tags;
}

void cli_free_tags(char **tags, int n)
{
    for (int i = 0; i < n; i++) free(tags[i]);
    free(tags);
}
