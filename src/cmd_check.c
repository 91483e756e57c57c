/* cmd_check.c: `check start|scan|import|status|report|close|list`. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "inventar/asset.h"
#include "inventar/check.h"
#include "inventar/office.h"
#include "inventar/priv.h"
#include "inventar/check_report.h"

/* Each subcommand's usage (its --help and its usage errors), and the
 * whole command's. */
#define U_START "check start --office CODE [--recursive] [--order TEXT [--doc NUMBER]]" \
    " [--chair NAME] [--member NAME]... [--mol NAME] [--commission 'NAME; NAME']" \
    " [--scanner-prefix P] [--scanner-suffix S] [--note TEXT]"
#define U_EDIT "check edit ID [--order TEXT [--doc NUMBER]] [--chair NAME] [--member NAME]..." \
    " [--mol NAME]"
#define U_SCAN "check scan ID CODE...|-"
#define U_IMPORT "check import ID FILE"
#define U_STATUS "check status ID [--format table|csv|json]"
#define U_REPORT "check report ID -o FILE.pdf|FILE.csv|FILE.xlsx [--doc NUMBER] [--font FILE]"
#define U_CLOSE "check close ID [--apply [--date DATE] [--yes]] [--doc NUMBER]"
#define U_LIST "check list [--office CODE] [--due MONTHS] [--format table|csv|json]" \
    " [-o FILE.xlsx|FILE.csv]"
static const char USAGE[] = U_START " | " U_EDIT " | " U_SCAN " | " U_IMPORT " | " U_STATUS
                            " | " U_REPORT " | " U_CLOSE " | " U_LIST;

enum { C_OFFICE = 256, C_REC, C_COMM, C_PRE, C_SUF, C_NOTE, C_FORMAT, C_OUT, C_APPLY,
       C_DUE, C_FONT, C_DATE, C_ORDER, C_CHAIR, C_MEMBER, C_MOL, C_DOC };

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 1) return -1;
    *id = v;
    return 0;
}

static int start_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"office", required_argument, NULL, C_OFFICE}, {"recursive", no_argument, NULL, C_REC},
        {"commission", required_argument, NULL, C_COMM},
        {"scanner-prefix", required_argument, NULL, C_PRE},
        {"scanner-suffix", required_argument, NULL, C_SUF},
        {"note", required_argument, NULL, C_NOTE},
        {"order", required_argument, NULL, C_ORDER}, {"chair", required_argument, NULL, C_CHAIR},
        {"member", required_argument, NULL, C_MEMBER}, {"mol", required_argument, NULL, C_MOL},
        {"doc", required_argument, NULL, C_DOC}, {0, 0, 0, 0}};
    check_options o;
    memset(&o, 0, sizeof o);
    const char *members[CHECK_MEMBERS_MAX];
    o.scan_prefix = getenv("INVENTAR_SCANNER_PREFIX");
    o.scan_suffix = getenv("INVENTAR_SCANNER_SUFFIX");
    int ch;
    while ((ch = getopt_long(argc, argv, "r", opts, NULL)) != -1) {
        switch (ch) {
        case C_OFFICE: o.office = optarg; break;
        case 'r':
        case C_REC: o.recursive = 1; break;
        case C_COMM: o.commission = optarg; break;
        case C_PRE: o.scan_prefix = optarg; break;
        case C_SUF: o.scan_suffix = optarg; break;
        case C_NOTE: o.note = optarg; break;
        case C_ORDER: o.order = optarg; break;
        case C_CHAIR: o.chair = optarg; break;
        case C_MOL: o.mol = optarg; break;
        case C_DOC: o.doc = optarg; break;
        case C_MEMBER:
            if (o.nmembers == CHECK_MEMBERS_MAX)
                return cli_usage(U_START, _("at most %d --member"), CHECK_MEMBERS_MAX);
            members[o.nmembers++] = optarg;
            break;
        default: return cli_unknown_option(U_START, argv[optind - 1]);
        }
    }
    o.members = members;
    if (!o.office) return cli_usage(U_START, _("check start needs --office"));
    if (optind < argc) return cli_usage(U_START, _("unexpected argument '%s'"), argv[optind]);
    if (o.commission && (o.chair || o.nmembers))
        return cli_usage(U_START, _("--commission is the older form of --chair and --member: "
                                  "give one or the other"));
    if (o.doc && !o.order) return cli_usage(U_START, _("--doc numbers the check order: it goes "
                                                     "with --order"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    int64_t id;
    char num[256];
    if (check_start_doc(db, &o, &id, num, sizeof num) != INV_OK) return cli_db_error(db);
    printf("%lld\n", (long long)id);
    /* Standard output is the id alone (scripts read it). */
    if (num[0]) cli_say(_("stock-check order %s recorded"), num);
    return CLI_OK;
}

static int edit_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"order", required_argument, NULL, C_ORDER}, {"chair", required_argument, NULL, C_CHAIR},
        {"member", required_argument, NULL, C_MEMBER}, {"mol", required_argument, NULL, C_MOL},
        {"doc", required_argument, NULL, C_DOC}, {0, 0, 0, 0}};
    check_edit_options o;
    memset(&o, 0, sizeof o);
    const char *members[CHECK_MEMBERS_MAX];
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case C_ORDER: o.order = optarg; break;
        case C_CHAIR: o.chair = optarg; break;
        case C_MOL: o.mol = optarg; break;
        case C_DOC: o.doc = optarg; break;
        case C_MEMBER:
            if (o.nmembers == CHECK_MEMBERS_MAX)
                return cli_usage(U_EDIT, _("at most %d --member"), CHECK_MEMBERS_MAX);
            members[o.nmembers++] = optarg;
            o.set_members = 1;
            break;
        default: return cli_unknown_option(U_EDIT, argv[optind - 1]);
        }
    }
    o.members = members;
    int64_t id;
    if (argc - optind != 1 || parse_id(argv[optind], &id))
        return cli_usage(U_EDIT, _("check edit needs one check ID"));
    if (!o.order && !o.chair && !o.mol && !o.set_members)
        return cli_usage(U_EDIT, _("check edit needs --order, --chair, --member or --mol"));
    if (o.doc && !o.order) return cli_usage(U_EDIT, _("--doc numbers the check order: it goes "
                                                     "with --order"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    char num[256];
    if (check_edit(db, id, &o, num, sizeof num) != INV_OK) return cli_db_error(db);
    if (num[0]) printf(_("stock-check order %s recorded\n"), num);
    return CLI_OK;
}

/* A scan result code in words (context "scan result"). */
static const char *result_text(const char *code)
{
    if (!strcmp(code, "found")) return P_("scan result", "found");
    if (!strcmp(code, "duplicate")) return P_("scan result", "duplicate");
    if (!strcmp(code, "unexpected")) return P_("scan result", "unexpected");
    if (!strcmp(code, "unknown")) return P_("scan result", "unknown");
    /* A report row's category: expected and never found. */
    if (!strcmp(code, "missing")) return P_("scan result", "missing");
    return code;
}

/* One result line: "found PC-000001 Компютърна конфигурация Dell OptiPlex".
 * The line starts with the result's code, in English in every language
 * (scripts read it; README), then the tag or code and the asset; what it
 * says about them is in the messages' language. */
static void print_result(const check_scan_result *r)
{
    sbuf b = {0};
    sbuf_addf(&b, "%s %s", r->result, r->asset_id ? r->tag : r->code);
    if (r->asset_id) {
        sbuf_addf(&b, "  %s", r->kind_name);
        if (r->make[0] || r->model[0]) sbuf_addf(&b, ", %s %s", r->make, r->model);
    }
    if (!strcmp(r->result, "unexpected")) {
        sbuf_add(&b, " ");
        if (!strcmp(r->status, "written_off"))
            /* TRANSLATORS: a remark after a scanned asset that was
             * written off. */
            sbuf_add(&b, _("(written off)"));
        else if (r->office[0])
            /* TRANSLATORS: a remark after a scanned asset: %1$s is the
             * office's code, %2$s its name. */
            sbuf_addf(&b, _("(recorded at %1$s %2$s)"), r->office, r->office_name);
        else
            sbuf_add(&b, _("(recorded at no office)"));
    } else if (!strcmp(r->result, "duplicate")) {
        /* TRANSLATORS: a remark after a code scanned twice: %s is what
         * its first scan was ("found"; context "scan result"). */
        sbuf_add(&b, " ");
        sbuf_addf(&b, _("(scanned before: %s)"), result_text(r->first_result));
    }
    char remark[INV_ERR_MAX];
    check_scan_remark(r, remark, sizeof remark);
    if (remark[0]) sbuf_addf(&b, " (%s)", remark);
    char *safe = term_safe(sbuf_str(&b));
    printf("%s\n", safe);
    free(safe);
    sbuf_free(&b);
}

/* Feed every line of fp as a scan. quiet prints only bad lines. */
static int scan_stream(inv_db *db, int64_t id, FILE *fp, const char *name, int quiet,
                       check_counts *before)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int bad = 0;
    check_scan_result r;
    while ((len = getline(&line, &cap, fp)) > 0) {
        /* Scanners end codes with LF, CR LF or a lone CR: every CR ends
         * a code too. */
        char *seg = line, *end = line + len;
        while (seg < end) {
            char *cr = memchr(seg, '\r', (size_t)(end - seg));
            size_t n = cr ? (size_t)(cr - seg) : (size_t)(end - seg);
            lineno++;
            inv_status st = check_scan(db, id, seg, n, &r);
            seg += n + (cr ? 1 : 0);
            if (cr && seg < end && *seg == '\n') seg++; /* CR LF is one line end */
            if (st == INV_OK) {
                char remark[INV_ERR_MAX];
                check_scan_remark(&r, remark, sizeof remark);
                if (!quiet || remark[0]) { /* a mapped or ambiguous code is said */
                    print_result(&r);
                    fflush(stdout);
                }
                continue;
            }
            if (st == INV_EINVAL && !db_errmsg(db)[0]) continue; /* a blank line */
            if (st == INV_EINVAL) {
                cli_error("%s:%ld: %s", name, lineno, db_errmsg(db));
                bad = 1;
                continue;
            }
            free(line);
            return cli_db_error(db);
        }
    }
    free(line);
    if (ferror(fp)) {
        cli_error(_("%s: read error: %s"), name, strerror(errno));
        return CLI_FAIL;
    }
    (void)before;
    return bad ? CLI_FAIL : CLI_OK;
}

static int scan_cmd(cli_ctx *c, int argc, char **argv)
{
    if (argc < 3) return cli_usage(U_SCAN, _("check scan needs an ID and codes (or -)"));
    int64_t id;
    if (parse_id(argv[1], &id)) return cli_usage(U_SCAN, _("'%s' is not a check id"), argv[1]);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    int rc = CLI_OK;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-")) {
            int r = scan_stream(db, id, stdin, _("standard input"), 0, NULL);
            if (r != CLI_OK) rc = r;
            if (r == CLI_FAIL && db_error(db)->code == INV_ESTATE) return rc;
            continue;
        }
        check_scan_result r;
        inv_status st = check_scan(db, id, argv[i], strlen(argv[i]), &r);
        if (st == INV_OK) print_result(&r);
        else if (st == INV_EINVAL && !db_errmsg(db)[0]) continue;
        else if (st == INV_EINVAL) rc = (cli_error("%s", db_errmsg(db)), CLI_FAIL);
        else return cli_db_error(db);
    }
    return rc;
}

/* The counts of a check as one phrase: "expected 3, found 2, ...". */
static void format_counts(const check_counts *n, char *out, size_t size)
{
    snprintf(out, size,
             _("expected %lld, found %lld, missing %lld, unexpected %lld, unknown %lld, "
               "duplicate %lld"),
             (long long)n->expected, (long long)n->found, (long long)n->missing,
             (long long)n->unexpected, (long long)n->unknown, (long long)n->duplicate);
}

static void print_counts(const check_counts *n)
{
    char counts[512];
    format_counts(n, counts, sizeof counts);
    printf("%s\n", counts);
}

static int import_cmd(cli_ctx *c, int argc, char **argv)
{
    if (argc != 3) return cli_usage(U_IMPORT, _("check import needs an ID and a FILE"));
    int64_t id;
    if (parse_id(argv[1], &id)) return cli_usage(U_IMPORT, _("'%s' is not a check id"), argv[1]);
    FILE *fp = priv_fopen_user(argv[2], "rbe");
    if (!fp) {
        cli_error(_("%s: cannot open: %s"), argv[2], strerror(errno));
        return CLI_FAIL;
    }
    inv_db *db = cli_db(c);
    if (!db) {
        fclose(fp);
        return CLI_FAIL;
    }
    /* A batch file is one transaction: re-importing it after a crash
     * gives the same result. */
    if (db_begin(db, DB_HERE) != INV_OK) {
        fclose(fp);
        return cli_db_error(db);
    }
    int rc = scan_stream(db, id, fp, argv[2], 1, NULL);
    fclose(fp);
    if (rc != CLI_OK) {
        db_rollback(db);
        if (rc == CLI_FAIL) cli_error(_("%s: nothing was recorded"), argv[2]);
        return rc;
    }
    if (db_commit(db) != INV_OK) return cli_db_error(db);
    check_counts n;
    if (check_count(db, id, &n) != INV_OK) return cli_db_error(db);
    print_counts(&n);
    return CLI_OK;
}

static int status_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, C_FORMAT},
                                         {0, 0, 0, 0}};
    out_format fmt = out_format_default();
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == C_FORMAT && out_format_parse(optarg, &fmt) == 0) continue;
        return cli_unknown_option(U_STATUS, argv[optind - 1]);
    }
    int64_t id;
    if (argc - optind != 1 || parse_id(argv[optind], &id))
        return cli_usage(U_STATUS, _("check status needs one check ID"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    inv_check k;
    check_counts n;
    if (check_get(db, id, &k) != INV_OK || check_count(db, id, &n) != INV_OK)
        return cli_db_error(db);
    static const char *keys[] = {"id", "office", "recursive", "started_at", "started_by",
                                 "closed_at", "applied", "expected", "found", "missing",
                                 "unexpected", "unknown", "duplicate", "order", "chair",
                                 "members", "mol"};
    const char *titles[] = {_("Check"), _("Office"), _("With sub-offices"), _("Started"),
                            _("Started by"), _("Closed"), _("Applied"), _("Expected"),
                            _("Found"), _("Missing"), _("Unexpected"), _("Unknown"),
                            _("Duplicate scans"), _("Order"), _("Chair"), _("Members"),
                            _("Materially responsible person")};
    out_table *t = out_begin(fmt, stdout, 17, keys, titles, 1);
    out_int(t, k.id);
    out_str(t, k.office);
    out_int(t, k.recursive);
    out_time(t, k.started_at);
    out_str(t, k.started_by);
    out_time(t, k.closed_at);
    out_int(t, k.applied);
    out_int(t, n.expected);
    out_int(t, n.found);
    out_int(t, n.missing);
    out_int(t, n.unexpected);
    out_int(t, n.unknown);
    out_int(t, n.duplicate);
    out_str0(t, k.order_text);
    out_str0(t, k.chair);
    /* The members: a JSON array, "A, B" in a table. */
    sbuf mt = {0};
    json_t *ma = json_loads(k.members, 0, NULL);
    size_t i;
    json_t *m;
    json_array_foreach(ma, i, m) sbuf_addf(&mt, "%s%s", i ? ", " : "", json_string_value(m));
    json_decref(ma);
    out_json(t, k.members, sbuf_str(&mt));
    sbuf_free(&mt);
    out_str0(t, k.mol);
    out_row_end(t);
    out_end(t);
    return CLI_OK;
}

static int report_item(const check_item *it, void *arg)
{
    out_table *t = arg;
    out_str(t, result_text(it->category));
    out_str0(t, it->tag);
    out_str0(t, it->kind_name);
    out_str0(t, it->make);
    out_str0(t, it->model);
    out_str0(t, it->serial);
    out_str0(t, it->status[0] ? asset_status_text(it->status) : "");
    out_str0(t, it->office);
    out_str0(t, it->office_name);
    out_str0(t, it->custodian);
    out_str0(t, it->code);
    out_time(t, it->at);
    out_str0(t, it->operator_name);
    /* The inventory list's columns: unit, quantity by the records and
     * found, surplus, shortage, unit value, value of the difference
     * (in euro; a leva cost converted), its currency as recorded. */
    if (!strcmp(it->category, "unknown") || !strcmp(it->category, "duplicate")) {
        for (int i = 0; i < 8; i++) out_null(t);
    } else {
        int book = strcmp(it->category, "unexpected") != 0;
        int found = strcmp(it->category, "missing") != 0;
        /* TRANSLATORS: the unit of measure "pieces", short, in a table. */
        out_str(t, _("pcs."));
        out_int(t, book);
        out_int(t, found);
        out_int(t, found > book);
        out_int(t, book > found);
        if (it->has_cost) {
            int64_t eur = !strcmp(it->currency, "BGN") ? money_bgn_to_eur(it->cost) : it->cost;
            out_amount(t, eur);
            out_amount(t, eur * (found - book));
            out_str(t, it->currency);
        } else {
            out_null(t);
            out_null(t);
            out_null(t);
        }
    }
    out_row_end(t);
    return 0;
}

static int report_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"font", required_argument, NULL, C_FONT},
                                         {"doc", required_argument, NULL, C_DOC},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *font = getenv("INVENTAR_FONT"), *doc = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (ch == 'o') out = optarg;
        else if (ch == C_FONT) font = optarg;
        else if (ch == C_DOC) doc = optarg;
        else return cli_unknown_option(U_REPORT, argv[optind - 1]);
    }
    int64_t id;
    if (argc - optind != 1 || parse_id(argv[optind], &id))
        return cli_usage(U_REPORT, _("check report needs one check ID"));
    if (!out)
        return cli_usage(U_REPORT, _("check report needs -o FILE.pdf, -o FILE.csv or -o FILE.xlsx"));
    size_t ol = strlen(out);
    sheet_kind sk;
    int is_sheet = sheet_kind_of(out, &sk) == 0;
    int is_pdf = ol > 4 && !strcasecmp(out + ol - 4, ".pdf");
    if (!is_sheet && !is_pdf)
        return cli_usage(U_REPORT, _("the report file must end in .pdf, .csv or .xlsx"));
    if (doc && !is_pdf)
        return cli_usage(U_REPORT, _("--doc numbers the inventory list: it goes with -o FILE.pdf"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    inv_check k;
    check_counts n;
    if (check_get(db, id, &k) != INV_OK || check_count(db, id, &n) != INV_OK)
        return cli_db_error(db);
    static const char *cats[] = {"found", "missing", "unexpected", "unknown"};

    if (is_sheet) {
        /* The same rows as the PDF's tables, one list. */
        static const char *keys[] = {"result", "tag", "kind", "make", "model", "serial",
                                     "status", "office", "office_name", "custodian", "code",
                                     "scanned_at", "operator", "unit", "quantity_records",
                                     "quantity_found", "surplus", "shortage",
                                     "unit_value_eur", "difference_value_eur", "currency"};
        const char *titles[] = {P_("column", "Result"), _("Tag"), _("Kind"), _("Make"),
                                _("Model"), _("Serial"), _("Status"), _("Office"),
                                _("Office name"), _("Custodian"), _("Code"), _("Scanned"),
                                _("By"), _("Unit"), _("By records"), P_("column", "Found"),
                                _("Surplus"), _("Shortage"), _("Unit value, EUR"),
                                _("Difference value, EUR"), _("Currency recorded")};
        sheet *sh = cli_sheet_open(out, _("Stock check"), 21, titles);
        if (!sh) return CLI_FAIL;
        out_table *t = out_begin_sheet(sh, 21, keys);
        inv_status st = INV_OK;
        for (size_t i = 0; i < 4 && st == INV_OK; i++)
            st = check_items(db, id, cats[i], report_item, t);
        out_end(t);
        if (st != INV_OK) {
            sheet_abort(sh);
            return cli_db_error(db);
        }
        return cli_sheet_close(sh);
    }

    inv_err e;
    inv_err_clear(&e);
    char num[256];
    if (check_inventory_list(db, id, doc, out, font, num, sizeof num, &e) != INV_OK) {
        cli_error("%s", e.msg);
        return CLI_FAIL;
    }
    if (num[0]) printf(_("inventory list %s\n"), num);
    return CLI_OK;
}

static int close_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"apply", no_argument, NULL, C_APPLY},
                                         {"date", required_argument, NULL, C_DATE},
                                         {"doc", required_argument, NULL, C_DOC},
                                         {"yes", no_argument, NULL, 'y'}, {0, 0, 0, 0}};
    int apply = 0, ch, yes = 0;
    const char *date = NULL, *doc = NULL;
    while ((ch = getopt_long(argc, argv, "y", opts, NULL)) != -1) {
        char iso[INV_DATE_MAX];
        if (ch == C_APPLY) apply = 1;
        else if (ch == 'y') yes = 1;
        else if (ch == C_DOC) doc = optarg;
        else if (ch == C_DATE && date_parse(optarg, iso) == 0) date = optarg;
        else if (ch == C_DATE)
            return cli_usage(U_CLOSE, _("'%s' is not a date (use 2024-03-14 or 14.03.2024)"),
                             optarg);
        else return cli_unknown_option(U_CLOSE, argv[optind - 1]);
    }
    if (date && !apply) return cli_usage(U_CLOSE, _("--date goes with --apply"));
    int64_t id;
    if (argc - optind != 1 || parse_id(argv[optind], &id))
        return cli_usage(U_CLOSE, _("check close needs one check ID"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    cli_progress_attach(db);
    if (apply && !yes && cli_interactive()) {
        /* Applying changes many assets at once: say what, and ask. */
        check_apply_counts p;
        if (check_apply_preview(db, id, &p) != INV_OK) return cli_db_error(db);
        cli_say(_("Closing stock check %lld of %s %s and applying its results:"),
                (long long)id, p.office, p.office_name);
        cli_say(ngettext("%lld asset will be marked missing,",
                         "%lld assets will be marked missing,", (unsigned long)p.to_missing),
                (long long)p.to_missing);
        cli_say(ngettext("%lld asset recorded elsewhere will be moved here,",
                         "%lld assets recorded elsewhere will be moved here,",
                         (unsigned long)p.moved_here), (long long)p.moved_here);
        cli_say(ngettext("%lld asset will be stamped as seen.",
                         "%lld assets will be stamped as seen.", (unsigned long)p.seen),
                (long long)p.seen);
        if (!cli_ask_continue()) {
            cli_error(_("nothing changed"));
            return CLI_FAIL;
        }
    }
    check_counts n;
    char num[256];
    if (check_close_doc(db, id, apply, date, doc, num, sizeof num) != INV_OK ||
        check_count(db, id, &n) != INV_OK)
        return cli_db_error(db);
    /* TRANSLATORS: said when a stock check is closed; %s is the number
     * of its inventory list (ИО-2026-0001). */
    if (num[0]) cli_say(_("inventory list %s recorded"), num);
    char counts[512];
    format_counts(&n, counts, sizeof counts);
    if (apply)
        /* TRANSLATORS: %1$lld is the stock check's id, %2$s its counts
         * ("expected 3, found 2, missing 1, ..."). */
        printf(_("check %1$lld closed and applied: %2$s\n"), (long long)id,
               counts);
    else
        /* TRANSLATORS: %1$lld is the stock check's id, %2$s its counts. */
        printf(_("check %1$lld closed: %2$s\n"), (long long)id, counts);
    return CLI_OK;
}

typedef struct list_ctx {
    out_table *t;
    out_format fmt;
} list_ctx;

/* A check's state: its code for scripts, words in a table. */
static const char *state_of(const inv_check *k, out_format fmt)
{
    const char *code = !k->closed_at[0] ? "open" : k->applied ? "applied" : "closed";
    if (fmt != OUT_TABLE && fmt != OUT_SHEET) return code;
    if (!k->closed_at[0]) return P_("check state", "open");
    return k->applied ? P_("check state", "closed, applied") : P_("check state", "closed");
}

static int list_one(const inv_check *k, const check_counts *n, void *arg)
{
    list_ctx *l = arg;
    out_int(l->t, k->id);
    out_str(l->t, k->office);
    out_str(l->t, k->office_name);
    out_time(l->t, k->started_at);
    out_time(l->t, k->closed_at);
    out_str(l->t, state_of(k, l->fmt));
    out_int(l->t, n->expected);
    out_int(l->t, n->found);
    out_int(l->t, n->missing);
    out_int(l->t, n->unexpected);
    out_int(l->t, n->unknown);
    out_row_end(l->t);
    return 0;
}

static int due_one(int64_t id, const char *code, const char *name, const char *last,
                   int64_t assets, void *arg)
{
    (void)id;
    list_ctx *l = arg;
    out_str(l->t, code);
    out_str(l->t, name);
    out_str0(l->t, last);
    out_int(l->t, assets);
    out_row_end(l->t);
    return 0;
}

static int list_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"office", required_argument, NULL, C_OFFICE},
                                         {"due", required_argument, NULL, C_DUE},
                                         {"format", required_argument, NULL, C_FORMAT},
                                         {"output", required_argument, NULL, 'o'},
                                         {0, 0, 0, 0}};
    const char *office = NULL, *outfile = NULL;
    long due = -1;
    out_format fmt = out_format_default();
    int ch, fmt_given = 0;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outfile = optarg; break;
        case C_OFFICE: office = optarg; break;
        case C_DUE: {
            char *end;
            due = strtol(optarg, &end, 10);
            if (*end || due < 0 || due > 1200)
                return cli_usage(U_LIST, _("--due needs a number of months"));
            break;
        }
        case C_FORMAT:
            if (out_format_parse(optarg, &fmt) != 0)
                return cli_usage(U_LIST, _("unknown format '%s'"), optarg);
            fmt_given = 1;
            break;
        default: return cli_unknown_option(U_LIST, argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage(U_LIST, _("unexpected argument '%s'"), argv[optind]);
    if (office && due >= 0) return cli_usage(U_LIST, _("--office and --due exclude each other"));
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(U_LIST, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(U_LIST, _("-o writes a file for people; --format is for standard "
                                   "output: give one of them"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    list_ctx l;
    l.fmt = outfile ? OUT_SHEET : fmt;
    sheet *sh = NULL;
    inv_status st;
    if (due >= 0) {
        static const char *keys[] = {"office", "office_name", "last_check", "assets"};
        const char *titles[] = {_("Office"), _("Name"), _("Last check"), _("Assets")};
        if (outfile) {
            /* TRANSLATORS: a worksheet's name (.xlsx), at most 31 characters. */
            if (!(sh = cli_sheet_open(outfile, _("Stock checks due"), 4, titles)))
                return CLI_FAIL;
            l.t = out_begin_sheet(sh, 4, keys);
        } else {
            l.t = out_begin(fmt, stdout, 4, keys, titles, 0);
        }
        st = check_due(db, (int)due, due_one, &l);
    } else {
        int64_t oid = 0;
        if (office) {
            inv_office o;
            if (office_find(db, office, &o) != INV_OK) return cli_db_error(db);
            oid = o.id;
        }
        static const char *keys[] = {"id", "office", "office_name", "started_at", "closed_at",
                                     "state", "expected", "found", "missing", "unexpected",
                                     "unknown"};
        const char *titles[] = {_("Check"), _("Office"), _("Name"), _("Started"), _("Closed"),
                                _("State"), _("Expected"), _("Found"), _("Missing"),
                                _("Unexpected"), _("Unknown")};
        if (outfile) {
            /* TRANSLATORS: a worksheet's name (.xlsx), at most 31 characters. */
            if (!(sh = cli_sheet_open(outfile, _("Stock checks"), 11, titles))) return CLI_FAIL;
            l.t = out_begin_sheet(sh, 11, keys);
        } else {
            l.t = out_begin(fmt, stdout, 11, keys, titles, 0);
        }
        st = check_walk(db, oid, list_one, &l);
    }
    out_end(l.t);
    if (sh) {
        if (st != INV_OK) {
            sheet_abort(sh);
            return cli_db_error(db);
        }
        return cli_sheet_close(sh);
    }
    return st == INV_OK ? CLI_OK : cli_db_error(db);
}

int cmd_check(cli_ctx *c, int argc, char **argv)
{
    if (argc < 2) return cli_usage(USAGE, _("check needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    static const struct { const char *name, *usage; int (*fn)(cli_ctx *, int, char **); } SUBS[] = {
        {"start", U_START, start_cmd},    {"edit", U_EDIT, edit_cmd},
        {"scan", U_SCAN, scan_cmd},       {"import", U_IMPORT, import_cmd},
        {"status", U_STATUS, status_cmd}, {"report", U_REPORT, report_cmd},
        {"close", U_CLOSE, close_cmd},    {"list", U_LIST, list_cmd}};
    for (size_t i = 0; i < sizeof SUBS / sizeof SUBS[0]; i++)
        if (!strcmp(sub, SUBS[i].name)) {
            cli_help_usage = SUBS[i].usage;   /* what --help shows */
            return SUBS[i].fn(c, argc, argv);
        }
    static const char *const subs[] = {"start", "edit", "scan", "import", "status", "report",
                                       "close", "list", NULL};
    return cli_unknown_subcommand(USAGE, "check", sub, subs);
}
