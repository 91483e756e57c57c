/* cmd_labels.c: `labels`: QR asset labels as PDF (DESIGN.md section 5).
 *
 * The selection is read with the core's asset queries, handed to the
 * labels/ library as plain records, and after the PDF is written (and
 * sent to the printer when asked) one "label_printed" event per asset is
 * recorded, all in one transaction.
 *
 * Environment: INVENTAR_FONT (the font when --font is not given) and
 * INVENTAR_GLABELS_DIR (glabels' template library; the test build only). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "inventar/authz.h"
#include "inventar/asset.h"
#include "inventar/funding.h"
#include "inventar/print.h"
#include "inventar/priv.h"
#include "label.h"

#define USAGE                                                                   \
    "labels [TAG...|-] [--office OFFICE [--recursive]] [--kind KIND] "          \
    "[--status STATUS] [--search TEXT] [--template NAME] [--start N] "          \
    "[--copies N] [--owner TEXT] [--font FILE] [--funding-line] "               \
    "[--print[=PRINTER]] -o FILE.pdf | labels --list-templates"

enum {
    L_OFFICE = 256, L_RECURSIVE, L_KIND, L_STATUS, L_SEARCH, L_TEMPLATE, L_START,
    L_COPIES, L_OWNER, L_FONT, L_FUNDING, L_PRINT, L_LIST
};

/* One label's strings, as offsets into the arena (NONE: absent). */
#define NONE ((size_t)-1)
typedef struct lab_row {
    int64_t id;
    size_t tag, code, kind, make, model, office, funding; /* offsets in the arena */
} lab_row;

typedef struct lab_set {
    lab_row *rows;
    size_t n, cap;
    sbuf arena;
    /* Funding lines already built: code -> arena offset. */
    struct { char code[64]; size_t line; } *fund;
    size_t nfund, capfund;
} lab_set;

static size_t arena_add(sbuf *a, const char *s)
{
    size_t off = a->len;
    sbuf_add(a, s ? s : "");
    sbuf_addc(a, '\0');
    return off;
}

/* The funding line of a project: "CODE, programme" (or the code alone). */
static size_t funding_line(inv_db *db, lab_set *set, const char *code)
{
    if (!code || !*code) return NONE;
    for (size_t i = 0; i < set->nfund; i++)
        if (!strcmp(set->fund[i].code, code)) return set->fund[i].line;
    inv_funding f;
    sbuf line = {0};
    sbuf_add(&line, code);
    if (funding_find(db, code, &f) == INV_OK && f.programme[0])
        sbuf_addf(&line, ", %s", f.programme);
    size_t off = arena_add(&set->arena, line.s);
    sbuf_free(&line);
    if (set->nfund == set->capfund) {
        set->capfund = set->capfund ? set->capfund * 2 : 8;
        set->fund = realloc(set->fund, set->capfund * sizeof *set->fund);
        if (!set->fund) abort();
    }
    str_copy(set->fund[set->nfund].code, sizeof set->fund[0].code, code);
    set->fund[set->nfund++].line = off;
    return off;
}

static void set_add(inv_db *db, lab_set *set, const inv_asset *a, int funding)
{
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 256;
        set->rows = realloc(set->rows, set->cap * sizeof *set->rows);
        if (!set->rows) abort();
    }
    lab_row *r = &set->rows[set->n++];
    r->id = a->id;
    r->tag = arena_add(&set->arena, a->tag);
    r->code = arena_add(&set->arena, a->scan_code);
    r->kind = arena_add(&set->arena, a->kind_name[0] ? a->kind_name : a->kind);
    r->make = arena_add(&set->arena, a->make);
    r->model = arena_add(&set->arena, a->model);
    r->office = arena_add(&set->arena, a->office_short);
    r->funding = funding ? funding_line(db, set, a->funding) : NONE;
}

static void set_free(lab_set *set)
{
    free(set->rows);
    free(set->fund);
    sbuf_free(&set->arena);
}

/* Read the selection: explicit tags alone keep their order (an unknown
 * tag is an error); with filters, the query's order. Returns CLI_OK or
 * CLI_FAIL (printed). */
static int select_assets(inv_db *db, asset_filter *f, char **tags, int ntags,
                         int funding, lab_set *set)
{
    inv_asset a;
    int filtered = (f->office && *f->office) || (f->kind && *f->kind) ||
                   (f->status && *f->status) || (f->search && *f->search);
    if (!filtered) {
        for (int i = 0; i < ntags; i++) {
            if (asset_get(db, tags[i], &a) != INV_OK) return cli_db_error(db);
            /* Labels are an act on the asset: refused before any output. */
            if (authz_check_code(db, AUTHZ_ASSET, a.office) != INV_OK) return cli_db_error(db);
            set_add(db, set, &a, funding);
        }
        return CLI_OK;
    }
    f->tags = (const char *const *)tags;
    f->n_tags = ntags;
    asset_cursor *cur;
    if (asset_query(db, f, &cur) != INV_OK) return cli_db_error(db);
    int rc;
    while ((rc = asset_next(cur, &a)) == 1) {
        if (authz_check_code(db, AUTHZ_ASSET, a.office) != INV_OK) {
            asset_cursor_close(cur);
            return cli_db_error(db);
        }
        set_add(db, set, &a, funding);
    }
    asset_cursor_close(cur);
    return rc < 0 ? cli_db_error(db) : CLI_OK;
}

/* Send file to CUPS (print.h); 0, or -1 after printing why. */
static int print_file(const char *printer, const char *file, const label_template *t)
{
    inv_err e;
    inv_err_clear(&e);
    if (print_pdf(printer, file, t->page_w, t->page_h, &e) == INV_OK) return 0;
    cli_error("%s", e.msg);
    return -1;
}

/* The labels module's progress, as the database handle's (a progress
 * line on a terminal). */
static void draw_progress(void *arg, size_t done, size_t total)
{
    db_progress(arg, N_("Drawing labels"), (int64_t)done, (int64_t)total);
}

/* `--print WORD`: getopt only takes `--print=PRINTER`. The word after a
 * bare --print is the printer when it names an existing CUPS queue, or
 * when the selection comes from options (--office, --kind, --status,
 * --search); otherwise it is a tag. A printer taken so is removed from
 * argv (*argc shrinks) and returned. */
static const char *print_word(int *argc, char **argv, const struct option *opts)
{
    int filtered = 0, at = -1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) break;
        if (strncmp(a, "--", 2) != 0) {
            /* -o FILE: the short option with a separate value. */
            if (!strcmp(a, "-o")) i++;
            continue;
        }
        const char *nm = a + 2;
        size_t len = strcspn(nm, "=");
        for (const struct option *o = opts; o->name; o++) {
            if (strlen(o->name) != len || strncmp(o->name, nm, len) != 0) continue;
            if (!strcmp(o->name, "office") || !strcmp(o->name, "kind") ||
                !strcmp(o->name, "status") || !strcmp(o->name, "search"))
                filtered = 1;
            if (o->has_arg == required_argument && !nm[len]) i++;
            else if (!strcmp(o->name, "print") && !nm[len] && at < 0) at = i;
            break;
        }
    }
    if (at < 0 || at + 1 >= *argc) return NULL;
    char *w = argv[at + 1];
    if (!*w || w[0] == '-') return NULL;
    if (!filtered && !print_queue_exists(w)) return NULL;
    for (int i = at + 1; i + 1 < *argc; i++) argv[i] = argv[i + 1];
    argv[--*argc] = NULL;
    return w;
}

static int parse_count(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 1000000) return -1;
    *out = (int)v;
    return 0;
}

static int int64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int cmd_labels(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"office", required_argument, NULL, L_OFFICE},
        {"recursive", no_argument, NULL, L_RECURSIVE},
        {"kind", required_argument, NULL, L_KIND},
        {"status", required_argument, NULL, L_STATUS},
        {"search", required_argument, NULL, L_SEARCH},
        {"template", required_argument, NULL, L_TEMPLATE},
        {"start", required_argument, NULL, L_START},
        {"copies", required_argument, NULL, L_COPIES},
        {"owner", required_argument, NULL, L_OWNER},
        {"font", required_argument, NULL, L_FONT},
        {"funding-line", no_argument, NULL, L_FUNDING},
        {"print", optional_argument, NULL, L_PRINT},
        {"list-templates", no_argument, NULL, L_LIST},
        {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    asset_filter f;
    memset(&f, 0, sizeof f);
    const char *tname = "L7160", *owner = NULL, *font = NULL, *out = NULL;
    const char *printer = NULL;
    int start = 1, copies = 1, funding = 0, print = 0, list = 0;
    const char *print_to = print_word(&argc, argv, opts);
    int ch;
    while ((ch = getopt_long(argc, argv, "o:r", opts, NULL)) != -1) {
        switch (ch) {
        case L_OFFICE: f.office = optarg; break;
        case 'r':
        case L_RECURSIVE: f.recursive = 1; break;
        case L_KIND: f.kind = optarg; break;
        case L_STATUS: f.status = optarg; break;
        case L_SEARCH: f.search = optarg; break;
        case L_TEMPLATE: tname = optarg; break;
        case L_START:
            if (parse_count(optarg, &start) != 0)
                return cli_usage(USAGE, _("--start needs a position from 1"));
            break;
        case L_COPIES:
            if (parse_count(optarg, &copies) != 0)
                return cli_usage(USAGE, _("--copies needs a positive number"));
            break;
        case L_OWNER: owner = optarg; break;
        case L_FONT: font = optarg; break;
        case L_FUNDING: funding = 1; break;
        case L_PRINT:
            print = 1;
            printer = optarg ? optarg : print_to;
            break;
        case L_LIST: list = 1; break;
        case 'o': out = optarg; break;
        default: return cli_unknown_option(USAGE, argv[optind - 1]);
        }
    }
    if (list) {
        if (optind < argc)
            return cli_usage(USAGE, _("unexpected argument '%s'"), argv[optind]);
        sbuf b = {0};
        label_list_templates(&b);
        fputs(sbuf_str(&b), stdout);
        sbuf_free(&b);
        return CLI_OK;
    }
    if (f.recursive && !f.office) return cli_usage(USAGE, _("--recursive needs --office"));
    if (!out && !print) return cli_usage(USAGE, _("labels needs -o FILE.pdf (or --print)"));
    int filtered = f.office || f.kind || f.status || f.search;
    if (optind >= argc && !filtered)
        return cli_usage(USAGE, _("no selection: give tags, or --office, --kind, --status "
                                  "or --search"));
    /* The owner line: --owner, else the configuration's owner, else the
     * labels' default. */
    if (!owner && c->conf && *c->conf->owner) owner = c->conf->owner;
    if (!font || !*font) font = getenv("INVENTAR_FONT");
    if (font && !*font) font = NULL;

    /* Everything that can be checked before the database is touched. */
    const char *gdir = NULL;
#ifdef INVENTAR_TEST_HOOKS
    gdir = getenv("INVENTAR_GLABELS_DIR");
#endif
    inv_err e;
    inv_err_clear(&e);
    label_template t;
    if (label_template_find(tname, gdir && *gdir ? gdir : NULL, &t, &e) != INV_OK) {
        cli_error("%s", e.msg);
        return CLI_FAIL;
    }
    if ((size_t)start > label_template_count(&t)) {
        cli_error(_("--start %d is beyond the %zu labels of a %s sheet"), start,
                  label_template_count(&t), t.name);
        return CLI_FAIL;
    }
    if (copies > LABEL_MAX_COPIES) {
        cli_error(_("--copies must be between 1 and %d"), LABEL_MAX_COPIES);
        return CLI_FAIL;
    }
    if (print && !print_available()) {
        cli_error("%s", _("cannot print: the CUPS command 'lp' is not installed "
                          "(write the labels to a file with -o FILE.pdf)"));
        return CLI_FAIL;
    }

    int ntags = 0;
    char **tags = cli_collect_tags(argc, argv, optind, &ntags);
    if (optind < argc && ntags == 0 && !filtered) {
        cli_free_tags(tags, ntags);
        return cli_usage(USAGE, _("no asset tags given"));
    }
    inv_db *db = cli_db(c);
    if (!db) {
        cli_free_tags(tags, ntags);
        return CLI_FAIL;
    }
    lab_set set;
    memset(&set, 0, sizeof set);
    int rc = select_assets(db, &f, tags, ntags, funding, &set);
    cli_free_tags(tags, ntags);
    if (rc != CLI_OK) {
        set_free(&set);
        return rc;
    }
    if (set.n == 0) {
        set_free(&set);
        cli_error("%s", _("no assets match the selection: nothing to print"));
        return CLI_FAIL;
    }

    /* The arena no longer grows: resolve the offsets. */
    label_record *recs = calloc(set.n, sizeof *recs);
    int64_t *ids = malloc(set.n * sizeof *ids);
    if (!recs || !ids) abort();
    const char *base = set.arena.s;
    for (size_t i = 0; i < set.n; i++) {
        const lab_row *r = &set.rows[i];
        recs[i].tag = base + r->tag;
        recs[i].code = base + r->code;
        recs[i].owner = owner;
        recs[i].kind = base + r->kind;
        recs[i].make = base + r->make;
        recs[i].model = base + r->model;
        recs[i].office = base + r->office;
        recs[i].funding = r->funding == NONE ? NULL : base + r->funding;
        ids[i] = r->id;
    }

    /* Without -o the PDF for the printer is a temporary file. */
    char tmp_pdf[4096] = "";
    const char *path = out;
    if (!path) {
        const char *dir = getenv("TMPDIR");
        int fd = priv_mkstemp_user("inventar-labels", ".pdf", tmp_pdf, sizeof tmp_pdf);
        if (fd < 0) {
            cli_error(_("cannot create a temporary file in %s: %s"),
                      dir && *dir ? dir : "/tmp", strerror(errno));
            free(recs);
            free(ids);
            set_free(&set);
            return CLI_FAIL;
        }
        close(fd);
        path = tmp_pdf;
    }

    label_opts o = {.start = start, .copies = copies, .font_path = font,
                     .progress = draw_progress, .progress_arg = db};
    cli_progress_attach(db);
    label_result res;
    inv_status st = label_render_pdf(recs, set.n, &t, &o, path, &res, &e);
    free(recs);
    rc = CLI_OK;
    if (st != INV_OK) {
        if (st == INV_ENOTFOUND)
            cli_error(_("%s (choose a TrueType font with --font FILE or INVENTAR_FONT)"),
                      e.msg);
        else
            cli_error("%s", e.msg);
        rc = CLI_FAIL;
    }
    if (rc == CLI_OK && print && print_file(printer, path, &t) != 0) rc = CLI_FAIL;
    if (tmp_pdf[0]) priv_unlink_user(tmp_pdf);

    if (rc == CLI_OK) {
        /* One event per asset, however many copies. */
        size_t n = set.n, k = 0;
        qsort(ids, n, sizeof *ids, int64_cmp);
        for (size_t i = 0; i < n; i++)
            if (k == 0 || ids[k - 1] != ids[i]) ids[k++] = ids[i];
        /* Facts, not a sentence (event.h): the template and the copies. */
        json_t *facts = json_object();
        json_object_set_new(facts, "@template", json_string(t.name));
        if (copies > 1) json_object_set_new(facts, "@copies", json_integer(copies));
        char *fj = json_dumps(facts, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(facts);
        if (!fj) abort();
        if (k > (size_t)0x7fffffff ||
            asset_fact_events(db, ids, (int)k, "label_printed", fj, 0) != INV_OK) {
            cli_error(_("the labels were made, but recording them failed: %s"),
                      db_errmsg(db));
            rc = CLI_FAIL;
        }
        free(fj);
    }
    if (rc == CLI_OK) {
        if (res.lines_dropped)
            cli_error(ngettext("warning: %zu text line did not fit its label and was left out",
                               "warning: %zu text lines did not fit their labels and were left "
                               "out", res.lines_dropped),
                      res.lines_dropped);
        /* The pages as a noun phrase ("2 pages"), the sentence counts the
         * labels. */
        char pages[64];
        snprintf(pages, sizeof pages, ngettext("%zu page", "%zu pages", res.pages),
                 res.pages);
        if (out)
            /* TRANSLATORS: %1$s is the PDF file, %2$zu the number of labels,
             * %3$s the pages ("2 pages"). */
            printf(ngettext("%1$s: %2$zu label on %3$s\n", "%1$s: %2$zu labels on %3$s\n",
                            res.labels),
                   out, res.labels, pages);
        else
            /* TRANSLATORS: %1$zu is the number of labels, %2$s the pages
             * ("2 pages"). */
            printf(ngettext("%1$zu label on %2$s sent to the printer\n",
                            "%1$zu labels on %2$s sent to the printer\n", res.labels),
                   res.labels, pages);
    }
    free(ids);
    set_free(&set);
    return rc;
}
