/* cmd_document.c: `document list|show|print`. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/document.h"

#define USAGE                                                                  \
    "document list [--type TYPE] [--format table|csv|json] [-o FILE.xlsx|FILE.csv] |" \
    " document show NUMBER [--type TYPE] [--format table|csv|json] |"          \
    " document print NUMBER [--type TYPE] [--font FILE] -o FILE.pdf"

enum { D_TYPE = 256, D_FORMAT, D_FONT };

typedef struct list_ctx {
    out_table *t;
    out_format fmt;
} list_ctx;

/* The people for a person: "name (office)" by role, "; " between. */
static void people_text(const char *json, sbuf *out)
{
    json_t *a = json_loads(json ? json : "[]", 0, NULL);
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p) {
        const char *role = json_string_value(json_object_get(p, "role"));
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *office = json_string_value(json_object_get(p, "office"));
        const char *words = role && !strcmp(role, "handed_by") ? _("handed over by")
                            : role && !strcmp(role, "received_by") ? _("received by")
                            /* TRANSLATORS: roles in a write-off commission. */
                            : role && !strcmp(role, "chair") ? _("chair")
                            : role && !strcmp(role, "member") ? _("member")
                                                                   : role ? role : "";
        if (out->len) sbuf_add(out, "; ");
        sbuf_addf(out, "%s: %s", words, name && *name ? name : "-");
        if (office && *office) sbuf_addf(out, " (%s)", office);
    }
    json_decref(a);
}

static int list_row(const inv_document *d, void *arg)
{
    list_ctx *l = arg;
    int table = l->fmt == OUT_TABLE || l->fmt == OUT_SHEET;
    out_str(l->t, d->number);
    out_str(l->t, table ? document_type_text(d->type) : d->type);
    out_date(l->t, d->date);
    sbuf p = {0};
    people_text(d->people, &p);
    out_json(l->t, d->people, sbuf_str(&p));
    sbuf_free(&p);
    out_int(l->t, d->events);
    out_int(l->t, d->assets);
    out_str(l->t, d->actor);
    out_time(l->t, d->created_at);
    char head[96] = "";
    if (d->head_id) snprintf(head, sizeof head, "%lld:%s", (long long)d->head_id, d->head_hash);
    out_str0(l->t, head);
    out_row_end(l->t);
    return 0;
}

static int list_or_show(cli_ctx *c, int argc, char **argv, int show)
{
    static const struct option opts[] = {{"type", required_argument, NULL, D_TYPE},
                                         {"format", required_argument, NULL, D_FORMAT},
                                         {"output", required_argument, NULL, 'o'},
                                         {0, 0, 0, 0}};
    const char *type = NULL, *outfile = NULL;
    out_format fmt = out_format_default();
    int ch, fmt_given = 0;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (ch) {
        case D_TYPE: type = optarg; break;
        case 'o':
            if (show) return cli_unknown_option(USAGE, argv[optind - 1]);
            outfile = optarg;
            break;
        case D_FORMAT:
            if (out_format_parse(optarg, &fmt) != 0)
                return cli_usage(USAGE, _("unknown format '%s' (table, csv, json)"), optarg);
            fmt_given = 1;
            break;
        default: return cli_unknown_option(USAGE, argv[optind - 1]);
        }
    }
    if (type && !document_type_valid(type))
        return cli_usage(USAGE, _("unknown document type '%s' (handover, check_order, "
                                  "inventory_list, write_off)"), type);
    if (show && argc - optind != 1) return cli_usage(USAGE, _("document show needs a NUMBER"));
    if (!show && optind < argc) return cli_usage(USAGE, _("document list takes no arguments"));
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(USAGE, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(USAGE, _("-o writes a file for people; --format is for standard "
                                  "output: give one of them"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    static const char *keys[] = {"number", "type", "date", "people", "events", "assets",
                                 "actor", "created_at", "head"};
    /* TRANSLATORS: column headings of the document list; "Head" is the
     * history's head printed on the document (event number and hash). */
    const char *titles[] = {_("Number"), _("Type"), _("Date"), _("People"), _("Acts"),
                            _("Assets"), _("Who"), _("Recorded"), _("History head")};
    if (outfile) {
        /* TRANSLATORS: the name of the worksheet of the list of documents
         * (.xlsx), at most 31 characters. */
        sheet *sh = cli_sheet_open(outfile, _("Documents"), 9, titles);
        if (!sh) return CLI_FAIL;
        list_ctx l = {out_begin_sheet(sh, 9, keys), OUT_SHEET};
        inv_status st = document_walk(db, type, list_row, &l);
        out_end(l.t);
        if (st != INV_OK) {
            sheet_abort(sh);
            return cli_db_error(db);
        }
        return cli_sheet_close(sh);
    }
    list_ctx l = {out_begin(fmt, stdout, 9, keys, titles, show), fmt};
    inv_status st = show ? document_find(db, argv[optind], type, list_row, &l)
                         : document_walk(db, type, list_row, &l);
    out_end(l.t);
    return st == INV_OK ? CLI_OK : cli_db_error(db);
}

static int print_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"type", required_argument, NULL, D_TYPE},
                                         {"font", required_argument, NULL, D_FONT},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *type = NULL, *font = getenv("INVENTAR_FONT");
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case D_TYPE: type = optarg; break;
        case D_FONT: font = optarg; break;
        default: return cli_unknown_option(USAGE, argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage(USAGE, _("document print needs a NUMBER"));
    if (!out) return cli_usage(USAGE, _("document print needs -o FILE.pdf"));
    size_t ol = strlen(out);
    if (ol < 5 || strcasecmp(out + ol - 4, ".pdf") != 0)
        return cli_usage(USAGE, _("the document file must end in .pdf"));
    if (type && !document_type_valid(type))
        return cli_usage(USAGE, _("unknown document type '%s' (handover, check_order, "
                                  "inventory_list, write_off)"), type);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    inv_err e;
    inv_err_clear(&e);
    if (document_print(db, argv[optind], type, out, font, &e) != INV_OK) {
        cli_error("%s", e.msg);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cmd_document(cli_ctx *c, int argc, char **argv)
{
    if (argc < 2) return cli_usage(USAGE, _("document needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "list")) return list_or_show(c, argc, argv, 0);
    if (!strcmp(sub, "show")) return list_or_show(c, argc, argv, 1);
    if (!strcmp(sub, "print")) return print_cmd(c, argc, argv);
    static const char *const subs[] = {"list", "show", "print", NULL};
    return cli_unknown_subcommand(USAGE, "document", sub, subs);
}
