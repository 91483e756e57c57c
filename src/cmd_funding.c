/* cmd_funding.c: `funding add|list|show|report` and `kind add|list`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmds.h"
#include "inventar/asset.h"
#include "inventar/funding.h"
#include "inventar/funding_report.h"
#include "inventar/kind.h"

static const char USAGE_FADD[] =
    "funding add CODE TITLE [--programme TEXT] [--amount AMOUNT --currency BGN|EUR]"
    " [--from DATE] [--to DATE] [--durable-until DATE]";

static int format_opt(const char *usage, const char *arg, out_format *fmt)
{
    if (out_format_parse(arg, fmt) != 0)
        return cli_usage(usage, _("unknown format '%s' (table, csv, json)"), arg);
    return -1;
}

static int funding_add_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"programme", required_argument, NULL, 'p'}, {"amount", required_argument, NULL, 'a'},
        {"currency", required_argument, NULL, 'c'},  {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'}, {"durable-until", required_argument, NULL, 'd'},
        {0, 0, 0, 0}};
    inv_funding f;
    memset(&f, 0, sizeof f);
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'p':
            if (str_copy(f.programme, sizeof f.programme, optarg) ||
                utf8_chars(optarg) > INV_NAME_CHARS)
                return cli_too_long(USAGE_FADD, "--programme", optarg, INV_NAME_CHARS);
            break;
        case 'a':
            if (money_parse(optarg, &f.amount) != 0)
                return cli_usage(USAGE_FADD, _("'%s' is not an amount (e.g. 230 942,88)"),
                                 optarg);
            f.has_amount = 1;
            break;
        case 'c':
            str_copy(f.currency, sizeof f.currency, optarg);
            for (char *p = f.currency; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            break;
        case 'f': str_copy(f.date_from, sizeof f.date_from, optarg); break;
        case 't': str_copy(f.date_to, sizeof f.date_to, optarg); break;
        case 'd': str_copy(f.durable_until, sizeof f.durable_until, optarg); break;
        default: return cli_unknown_option(USAGE_FADD, argv[optind - 1]);
        }
    }
    if (argc - optind != 2) return cli_usage(USAGE_FADD, _("funding add needs a CODE and a TITLE"));
    if (f.has_amount && !f.currency[0]) str_copy(f.currency, sizeof f.currency, "BGN");
    if (!f.has_amount && f.currency[0])
        return cli_usage(USAGE_FADD, _("--currency needs --amount"));
    if (str_copy(f.code, sizeof f.code, argv[optind]))
        return cli_usage(USAGE_FADD, _("the code or title is too long"));
    if (str_copy(f.title, sizeof f.title, argv[optind + 1]) ||
        utf8_chars(argv[optind + 1]) > INV_LONG_CHARS)
        /* TRANSLATORS: %1$zu and %2$zu are numbers of characters. */
        return cli_usage(USAGE_FADD, _("the title is too long (%1$zu characters, at most %2$zu)"),
                         utf8_chars(argv[optind + 1]), (size_t)INV_LONG_CHARS);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    if (db_begin(db, DB_HERE) != INV_OK) return cli_db_error(db);
    if (funding_add(db, &f) != INV_OK) {
        db_rollback(db);
        return cli_db_error(db);
    }
    if (db_commit(db) != INV_OK) return cli_db_error(db);
    printf("%s\n", f.code);
    return CLI_OK;
}

typedef struct fl_ctx {
    inv_db *db;
    out_table *t;
    out_format fmt;
    int fail;
} fl_ctx;

static void funding_row(fl_ctx *l, const inv_funding *f)
{
    int64_t count = 0, bgn = 0, eur = 0;
    if (funding_usage(l->db, f->id, &count, &bgn, &eur) != INV_OK) l->fail = 1;
    char amount[96] = "";
    if (f->has_amount) cli_money(f->amount, f->currency, amount, sizeof amount);
    out_str(l->t, f->code);
    out_str(l->t, f->title);
    out_str0(l->t, f->programme);
    if (l->fmt == OUT_TABLE) {
        out_str(l->t, amount);
    } else if (l->fmt == OUT_SHEET) {
        if (f->has_amount) out_amount(l->t, f->amount);
        else out_null(l->t);
        out_str(l->t, f->currency);
    } else {
        if (f->has_amount) out_int(l->t, f->amount);
        else out_null(l->t);
        out_str0(l->t, f->currency);
    }
    out_date(l->t, f->date_from);
    out_date(l->t, f->date_to);
    out_date(l->t, f->durable_until);
    out_int(l->t, count);
    out_row_end(l->t);
}

static int fl_one(const inv_funding *f, void *arg)
{
    funding_row(arg, f);
    return ((fl_ctx *)arg)->fail;
}

static out_table *funding_table(out_format fmt, int vertical)
{
    static const char *keys_t[] = {"code", "title", "programme", "amount", "from", "to",
                                   "durable_until", "assets"};
    static const char *keys[] = {"code", "title", "programme", "amount", "currency",
                                 "from", "to", "durable_until", "assets"};
    static const char *titles_t[8];
    titles_t[0] = _("Code"); titles_t[1] = _("Title"); titles_t[2] = _("Programme");
    titles_t[3] = _("Amount"); titles_t[4] = _("From"); titles_t[5] = _("To");
    titles_t[6] = _("Durable until"); titles_t[7] = _("Assets");
    if (fmt == OUT_TABLE) return out_begin(fmt, stdout, 8, keys_t, titles_t, vertical);
    return out_begin(fmt, stdout, 9, keys, keys, vertical);
}

static int funding_list_cmd(cli_ctx *c, int argc, char **argv, int show)
{
    const char *usage = show ? "funding show CODE [--format table|csv|json]"
                             : "funding list [--format table|csv|json] [-o FILE.xlsx|FILE.csv]";
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {0, 0, 0, 0}};
    out_format fmt = out_format_default();
    int ch, rc, fmt_given = 0;
    const char *outfile = NULL;
    while ((ch = getopt_long(argc, argv, show ? "" : "o:", opts, NULL)) != -1) {
        if (ch == 'f') {
            if ((rc = format_opt(usage, optarg, &fmt)) >= 0) return rc;
            fmt_given = 1;
            continue;
        }
        if (ch == 'o' && !show) {
            outfile = optarg;
            continue;
        }
        return cli_unknown_option(usage, argv[optind - 1]);
    }
    if (argc - optind != (show ? 1 : 0))
        return cli_usage(usage, show ? _("funding show needs one code")
                                     : _("unexpected argument"));
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(usage, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(usage, _("-o writes a file for people; --format is for standard "
                                  "output: give one of them"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    fl_ctx l = {db, NULL, fmt, 0};
    if (outfile) {
        static const char *keys[] = {"code", "title", "programme", "amount", "currency",
                                     "from", "to", "durable_until", "assets"};
        const char *titles[] = {_("Code"), _("Title"), _("Programme"), _("Amount"),
                                _("Currency"), _("From"), _("To"), _("Durable until"),
                                _("Assets")};
        /* TRANSLATORS: the name of the worksheet of the list of funding
         * projects (.xlsx), at most 31 characters. */
        sheet *sh = cli_sheet_open(outfile, _("Funding projects"), 9, titles);
        if (!sh) return CLI_FAIL;
        l.fmt = OUT_SHEET;
        l.t = out_begin_sheet(sh, 9, keys);
        inv_status st = funding_walk(db, fl_one, &l);
        out_end(l.t);
        if (st != INV_OK || l.fail) {
            sheet_abort(sh);
            return cli_db_error(db);
        }
        return cli_sheet_close(sh);
    }
    if (show) {
        inv_funding f;
        if (funding_find(db, argv[optind], &f) != INV_OK) return cli_db_error(db);
        l.t = funding_table(fmt, 1);
        funding_row(&l, &f);
        out_end(l.t);
    } else {
        l.t = funding_table(fmt, 0);
        inv_status st = funding_walk(db, fl_one, &l);
        out_end(l.t);
        if (st != INV_OK) l.fail = 1;
    }
    return l.fail ? cli_db_error(db) : CLI_OK;
}

static const char USAGE_REPORT[] =
    "funding report CODE -o FILE.pdf|FILE.csv|FILE.xlsx [--font FILE.ttf]";

enum { F_FONT = 256 };

/* One asset of the report in the spreadsheet. */
static int report_row(const funding_report_item *it, void *arg)
{
    sheet *sh = arg;
    sheet_text(sh, it->tag);
    sheet_text(sh, it->kind_name);
    sheet_text(sh, it->make);
    sheet_text(sh, it->model);
    sheet_text(sh, it->serial);
    if (it->has_cost) {
        sheet_amount(sh, it->cost_eur);
        sheet_amount(sh, it->cost);
    } else {
        sheet_empty(sh);
        sheet_empty(sh);
    }
    sheet_text(sh, it->has_cost ? it->currency : "");
    sheet_date(sh, it->purchase_date);
    sheet_text(sh, it->office);
    sheet_text(sh, it->office_name);
    sheet_text(sh, it->custodian);
    sheet_text(sh, asset_status_text(it->status));
    sheet_date(sh, it->since);
    sheet_date(sh, it->last_seen);
    sheet_date(sh, it->label_printed);
    sheet_row_end(sh);
    return 0;
}

static int funding_report_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"font", required_argument, NULL, F_FONT},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *font = getenv("INVENTAR_FONT");
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (ch == 'o') out = optarg;
        else if (ch == F_FONT) font = optarg;
        else return cli_unknown_option(USAGE_REPORT, argv[optind - 1]);
    }
    if (argc - optind != 1) return cli_usage(USAGE_REPORT, _("funding report needs one code"));
    if (!out)
        return cli_usage(USAGE_REPORT,
                         _("funding report needs -o FILE.pdf, -o FILE.csv or -o FILE.xlsx"));
    size_t ol = strlen(out);
    sheet_kind sk;
    int is_sheet = sheet_kind_of(out, &sk) == 0;
    int is_pdf = ol > 4 && !strcasecmp(out + ol - 4, ".pdf");
    if (!is_sheet && !is_pdf)
        return cli_usage(USAGE_REPORT, _("the report file must end in .pdf, .csv or .xlsx"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    const char *code = argv[optind];
    if (is_pdf) {
        inv_err e;
        inv_err_clear(&e);
        if (funding_report_pdf(db, code, out, font, &e) != INV_OK) {
            cli_error("%s", e.msg);
            return CLI_FAIL;
        }
        return CLI_OK;
    }
    inv_funding f;
    if (funding_find(db, code, &f) != INV_OK) return cli_db_error(db);
    const char *titles[] = {_("Tag"), _("Kind"), _("Make"), _("Model"), _("Serial"),
                            _("Value (EUR)"), _("Cost"), _("Currency"), _("Purchase date"),
                            _("Office"), _("Office name"), _("Custodian"), _("Status"),
                            _("At the office since"), _("Last seen in a stock check"),
                            _("Label printed")};
    /* TRANSLATORS: the name of the worksheet of a funding project's
     * report (.xlsx), at most 31 characters. */
    sheet *sh = cli_sheet_open(out, _("Project assets"), 16, titles);
    if (!sh) return CLI_FAIL;
    if (funding_report_walk(db, f.id, report_row, sh) != INV_OK) {
        sheet_abort(sh);
        return cli_db_error(db);
    }
    return cli_sheet_close(sh);
}

int cmd_funding(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "funding add|list|show|report ...";
    if (argc < 2) return cli_usage(usage, _("funding needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "add")) return funding_add_cmd(c, argc, argv);
    if (!strcmp(sub, "list")) return funding_list_cmd(c, argc, argv, 0);
    if (!strcmp(sub, "show")) return funding_list_cmd(c, argc, argv, 1);
    if (!strcmp(sub, "report")) return funding_report_cmd(c, argc, argv);
    static const char *const subs[] = {"add", "list", "show", "report", NULL};
    return cli_unknown_subcommand(usage, "funding", sub, subs);
}

/* ---- kinds ---- */

static int kind_one(const inv_kind *k, void *arg)
{
    out_table *t = arg;
    out_str(t, k->code);
    out_str(t, k->name);
    out_str(t, k->prefix);
    out_str(t, k->fields);
    out_row_end(t);
    return 0;
}

int cmd_kind(cli_ctx *c, int argc, char **argv)
{
    static const char U_KADD[] = "kind add CODE NAME --prefix PREFIX [--fields a,b,c]";
    static const char U_KLIST[] = "kind list [--format table|csv|json]";
    const char *usage = "kind add CODE NAME --prefix PREFIX [--fields a,b,c] | kind list";
    if (argc < 2) return cli_usage(usage, _("kind needs a subcommand"));
    const char *sub = argv[1];
    /* A subcommand's --help and usage errors show its own usage. */
    if (!strcmp(sub, "add")) cli_help_usage = usage = U_KADD;
    else if (!strcmp(sub, "list")) cli_help_usage = usage = U_KLIST;
    argc--;
    argv++;
    static const struct option opts[] = {
        {"prefix", required_argument, NULL, 'p'}, {"fields", required_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'}, {0, 0, 0, 0}};
    inv_kind k;
    memset(&k, 0, sizeof k);
    out_format fmt = out_format_default();
    int ch, rc;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'p': str_copy(k.prefix, sizeof k.prefix, optarg); break;
        case 'F':
            if (str_copy(k.fields, sizeof k.fields, optarg))
                return cli_usage(usage, _("--fields is too long"));
            break;
        case 'f':
            if ((rc = format_opt(usage, optarg, &fmt)) >= 0) return rc;
            break;
        default: return cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    inv_db *db;
    if (!strcmp(sub, "list")) {
        if (optind < argc) return cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
        if (!(db = cli_db(c))) return CLI_FAIL;
        static const char *keys[] = {"code", "name", "prefix", "fields"};
        const char *titles[] = {_("Code"), _("Name"), _("Tag prefix"), _("Fields")};
        out_table *t = out_begin(fmt, stdout, 4, keys, titles, 0);
        inv_status st = kind_walk(db, kind_one, t);
        out_end(t);
        return st == INV_OK ? CLI_OK : cli_db_error(db);
    }
    static const char *const subs[] = {"add", "list", NULL};
    if (strcmp(sub, "add")) return cli_unknown_subcommand(usage, "kind", sub, subs);
    if (argc - optind != 2) return cli_usage(usage, _("kind add needs a CODE and a NAME"));
    if (!k.prefix[0]) return cli_usage(usage, _("kind add needs --prefix"));
    if (str_copy(k.code, sizeof k.code, argv[optind]) ||
        str_copy(k.name, sizeof k.name, argv[optind + 1]))
        return cli_usage(usage, _("the code or name is too long"));
    if (!(db = cli_db(c))) return CLI_FAIL;
    if (db_begin(db, DB_HERE) != INV_OK) return cli_db_error(db);
    if (kind_add(db, &k) != INV_OK) {
        db_rollback(db);
        return cli_db_error(db);
    }
    if (db_commit(db) != INV_OK) return cli_db_error(db);
    printf("%s\n", k.code);
    return CLI_OK;
}
