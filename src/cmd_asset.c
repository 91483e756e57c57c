/* cmd_asset.c: `asset add|list|show|edit`. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/asset.h"
#include "inventar/event.h"

static const char USAGE_ADD[] =
    "asset add --kind KIND [--tag TAG] [--make M] [--model M] [--serial S] [--office CODE]"
    " [--custodian NAME] [--cost AMOUNT --currency BGN|EUR] [--purchase-date DATE]"
    " [--funding CODE] [--supplier TEXT] [--contract NO] [--warranty-end DATE]"
    " [--description TEXT] [--attr KEY=VALUE]... [--doc NO] [--date DATE] [--note TEXT]";
static const char USAGE_EDIT[] =
    "asset edit TAG [--make M] [--model M] [--serial S] [--cost AMOUNT --currency BGN|EUR]"
    " [--purchase-date DATE] [--funding CODE|--no-funding] [--supplier TEXT] [--contract NO]"
    " [--warranty-end DATE] [--description TEXT] [--attr KEY=VALUE]... [--note TEXT]";
static const char USAGE_LIST[] =
    "asset list [--office CODE [--recursive]] [--kind KIND] [--status STATUS]"
    " [--search TEXT] [--sort COLUMN] [--limit N] [--format table|csv|json]"
    " [-o FILE.xlsx|FILE.csv]";

enum {
    O_KIND = 256, O_TAG, O_MAKE, O_MODEL, O_SERIAL, O_OFFICE, O_CUSTODIAN, O_COST,
    O_CURRENCY, O_PDATE, O_FUNDING, O_NOFUNDING, O_SUPPLIER, O_CONTRACT, O_WARRANTY,
    O_DESCR, O_ATTR, O_DOC, O_NOTE, O_STATUS, O_FORMAT, O_RECURSIVE, O_SEARCH, O_SORT,
    O_LIMIT, O_DATE,
};

static const struct option field_opts[] = {
    {"kind", required_argument, NULL, O_KIND},
    {"tag", required_argument, NULL, O_TAG},
    {"make", required_argument, NULL, O_MAKE},
    {"model", required_argument, NULL, O_MODEL},
    {"serial", required_argument, NULL, O_SERIAL},
    {"office", required_argument, NULL, O_OFFICE},
    {"custodian", required_argument, NULL, O_CUSTODIAN},
    {"cost", required_argument, NULL, O_COST},
    {"currency", required_argument, NULL, O_CURRENCY},
    {"purchase-date", required_argument, NULL, O_PDATE},
    {"funding", required_argument, NULL, O_FUNDING},
    {"no-funding", no_argument, NULL, O_NOFUNDING},
    {"supplier", required_argument, NULL, O_SUPPLIER},
    {"contract", required_argument, NULL, O_CONTRACT},
    {"warranty-end", required_argument, NULL, O_WARRANTY},
    {"description", required_argument, NULL, O_DESCR},
    {"attr", required_argument, NULL, O_ATTR},
    {"doc", required_argument, NULL, O_DOC},
    {"note", required_argument, NULL, O_NOTE},
    {"status", required_argument, NULL, O_STATUS},
    {"date", required_argument, NULL, O_DATE},
    {0, 0, 0, 0},
};

/* Apply one field option to a. Returns -1 when handled, else an exit code. */
static int set_field(inv_asset *a, int ch, const char *arg, const char *usage,
                     const char **doc, const char **note, int edit)
{
    /* chars: the limit in characters (limits.h); 0: a short code or
     * date, limited by its buffer. */
    struct { int ch; char *dst; size_t n, chars; const char *name; } map[] = {
        {O_KIND, a->kind, sizeof a->kind, INV_NAME_CHARS, "--kind"},
        {O_TAG, a->tag, sizeof a->tag, 0, "--tag"},  /* asset_add says it */
        {O_MAKE, a->make, sizeof a->make, INV_TEXT_CHARS, "--make"},
        {O_MODEL, a->model, sizeof a->model, INV_TEXT_CHARS, "--model"},
        {O_SERIAL, a->serial, sizeof a->serial, INV_TEXT_CHARS, "--serial"},
        {O_OFFICE, a->office, sizeof a->office, INV_NAME_CHARS, "--office"},
        {O_CUSTODIAN, a->custodian, sizeof a->custodian, INV_TEXT_CHARS, "--custodian"},
        {O_CURRENCY, a->currency, sizeof a->currency, 0, "--currency"},
        {O_PDATE, a->purchase_date, sizeof a->purchase_date, 0, "--purchase-date"},
        {O_FUNDING, a->funding, sizeof a->funding, 0, "--funding"},
        {O_SUPPLIER, a->supplier, sizeof a->supplier, INV_LONG_CHARS, "--supplier"},
        {O_CONTRACT, a->contract, sizeof a->contract, INV_TEXT_CHARS, "--contract"},
        {O_WARRANTY, a->warranty_end, sizeof a->warranty_end, 0, "--warranty-end"},
        {O_DESCR, a->description, sizeof a->description, INV_LONG_CHARS, "--description"},
        {O_STATUS, a->status, sizeof a->status, 0, "--status"},
        {O_DATE, a->taken_on, sizeof a->taken_on, 0, "--date"},
    };
    if (edit && ch == O_DATE)
        return cli_usage(usage, _("asset edit has no --date: an edit takes effect when "
                                  "it is made"));
    if (ch == O_DATE) {
        char iso[INV_DATE_MAX];
        if (date_parse(arg, iso) != 0)
            return cli_usage(usage, _("'%s' is not a date (use 2024-03-14 or 14.03.2024)"),
                             arg);
        str_copy(a->taken_on, sizeof a->taken_on, iso);
        return -1;
    }
    if (edit && (ch == O_KIND || ch == O_TAG || ch == O_OFFICE || ch == O_CUSTODIAN ||
                 ch == O_STATUS || ch == O_DOC))
        return cli_usage(usage, _("asset edit cannot change kind, tag, office, custodian "
                                  "or status (use assign, return or status)"));
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (map[i].ch != ch) continue;
        size_t max = map[i].chars ? map[i].chars : map[i].n - 1;
        if (str_copy(map[i].dst, map[i].n, arg) != 0 || utf8_chars(arg) > max)
            return cli_too_long(usage, map[i].name, arg, max);
        return -1;
    }
    switch (ch) {
    case O_COST:
        if (money_parse(arg, &a->cost) != 0)
            return cli_usage(usage, _("'%s' is not an amount (e.g. 1 234,50)"), arg);
        a->has_cost = 1;
        return -1;
    case O_NOFUNDING: a->funding[0] = '\0'; return -1;
    case O_ATTR: {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg)
            return cli_usage(usage, _("--attr needs KEY=VALUE, not '%s'"), arg);
        char key[64];
        size_t kl = (size_t)(eq - arg);
        if (kl >= sizeof key) return cli_usage(usage, _("attribute name too long"));
        memcpy(key, arg, kl);
        key[kl] = '\0';
        if (!utf8_valid(arg, strlen(arg)))
            return cli_usage(usage, _("attribute '%s' is not valid UTF-8"), key);
        if (asset_attr_set(a, key, eq + 1) != 0)
            return cli_usage(usage, _("the attributes are too long"));
        return -1;
    }
    case O_DOC: *doc = arg; return -1;
    case O_NOTE: *note = arg; return -1;
    }
    return cli_usage(usage, _("unknown option"));
}

static int asset_add_cmd(cli_ctx *c, int argc, char **argv)
{
    inv_asset a;
    memset(&a, 0, sizeof a);
    const char *doc = NULL, *note = NULL;
    int ch, rc;
    while ((ch = getopt_long(argc, argv, "", field_opts, NULL)) != -1) {
        if (ch == '?') return cli_unknown_option(USAGE_ADD, argv[optind - 1]);
        if ((rc = set_field(&a, ch, optarg, USAGE_ADD, &doc, &note, 0)) >= 0) return rc;
    }
    if (optind < argc) return cli_usage(USAGE_ADD, _("unexpected argument '%s'"), argv[optind]);
    if (!a.kind[0]) return cli_usage(USAGE_ADD, _("asset add needs --kind"));
    if (a.currency[0] && !a.has_cost) return cli_usage(USAGE_ADD, _("--currency needs --cost"));
    int assumed_eur = a.has_cost && !a.currency[0];
    if (assumed_eur) str_copy(a.currency, sizeof a.currency, "EUR");
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    if (asset_add(db, &a, 0, doc, note) != INV_OK) return cli_db_error(db);
    if (assumed_eur)
        cli_error(_("note: %s: no --currency given; the cost is taken as EUR"), a.tag);
    printf("%s\n", a.tag);
    return CLI_OK;
}

static int asset_edit_cmd(cli_ctx *c, int argc, char **argv)
{
    /* Options apply on top of the current values: collect them, read the
     * asset named by the one positional argument, then apply. */
    struct { int ch; const char *arg; } given[64];
    int ngiven = 0, ch, rc, currency_given = 0, cost_given = 0;
    while ((ch = getopt_long(argc, argv, "", field_opts, NULL)) != -1) {
        if (ch == '?') return cli_unknown_option(USAGE_EDIT, argv[optind - 1]);
        if (ngiven == (int)(sizeof given / sizeof given[0]))
            return cli_usage(USAGE_EDIT, _("too many options"));
        given[ngiven].ch = ch;
        given[ngiven++].arg = optarg;
        if (ch == O_CURRENCY) currency_given = 1;
        if (ch == O_COST) cost_given = 1;
    }
    if (argc - optind != 1) return cli_usage(USAGE_EDIT, _("asset edit takes one TAG"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    inv_asset a;
    if (asset_get(db, argv[optind], &a) != INV_OK) return cli_db_error(db);
    const char *doc = NULL, *note = NULL;
    for (int i = 0; i < ngiven; i++)
        if ((rc = set_field(&a, given[i].ch, given[i].arg, USAGE_EDIT, &doc, &note, 1)) >= 0)
            return rc;
    if (currency_given && !cost_given && !a.has_cost)
        return cli_usage(USAGE_EDIT, _("--currency needs --cost"));
    /* A new cost without its currency is in EUR, whatever the old one was. */
    int assumed_eur = cost_given && !currency_given;
    if (assumed_eur) str_copy(a.currency, sizeof a.currency, "EUR");
    int changed = 0;
    if (asset_update(db, a.tag, &a, note, &changed) != INV_OK) return cli_db_error(db);
    if (assumed_eur)
        cli_error(_("note: %s: no --currency given; the cost is taken as EUR"), a.tag);
    if (changed)
        /* TRANSLATORS: %1$s is the asset's inventory number, %2$d how many
         * of its fields changed. */
        printf(ngettext("%1$s: %2$d field changed\n", "%1$s: %2$d fields changed\n",
                        (unsigned long)changed),
               a.tag, changed);
    else printf(_("%s: nothing changed\n"), a.tag);
    return CLI_OK;
}

static int asset_list_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"office", required_argument, NULL, O_OFFICE},
        {"recursive", no_argument, NULL, O_RECURSIVE},
        {"kind", required_argument, NULL, O_KIND},
        {"status", required_argument, NULL, O_STATUS},
        {"search", required_argument, NULL, O_SEARCH},
        {"sort", required_argument, NULL, O_SORT},
        {"limit", required_argument, NULL, O_LIMIT},
        {"format", required_argument, NULL, O_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    asset_filter f;
    memset(&f, 0, sizeof f);
    out_format fmt = out_format_default();
    const char *outfile = NULL;
    int ch, fmt_given = 0;
    while ((ch = getopt_long(argc, argv, "ro:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outfile = optarg; break;
        case O_OFFICE: f.office = optarg; break;
        case 'r':
        case O_RECURSIVE: f.recursive = 1; break;
        case O_KIND: f.kind = optarg; break;
        case O_STATUS: f.status = optarg; break;
        case O_SEARCH: f.search = optarg; break;
        case O_SORT: f.order = optarg; break;
        case O_LIMIT: {
            char *end;
            long long n = strtoll(optarg, &end, 10);
            if (*end || n < 1) return cli_usage(USAGE_LIST, _("--limit needs a positive number"));
            f.limit = n;
            break;
        }
        case O_FORMAT:
            if (out_format_parse(optarg, &fmt) != 0)
                return cli_usage(USAGE_LIST, _("unknown format '%s' (table, csv, json)"), optarg);
            fmt_given = 1;
            break;
        default: return cli_unknown_option(USAGE_LIST, argv[optind - 1]);
        }
    }
    if (f.recursive && !f.office)
        return cli_usage(USAGE_LIST, _("--recursive needs --office"));
    char status_code[INV_STATUS_MAX];
    if (f.status && asset_status_parse(f.status, status_code) != 0)
        return cli_usage(USAGE_LIST, _("unknown status '%s' (in_stock, assigned, in_repair, "
                                       "missing, written_off)"), f.status);
    if (f.order) {
        static const char *const sorts[] = {"tag", "kind", "office", "status", "custodian",
                                            "model"};
        const char *o = f.order[0] == '-' ? f.order + 1 : f.order;
        int ok = 0;
        for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++) ok |= !strcmp(o, sorts[i]);
        if (!ok)
            return cli_usage(USAGE_LIST, _("cannot sort by '%s' (tag, kind, office, status, "
                                           "custodian, model; '-' before it descends)"), f.order);
    }
    if (optind < argc) return cli_usage(USAGE_LIST, _("unexpected argument '%s'"), argv[optind]);
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(USAGE_LIST, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(USAGE_LIST, _("-o writes a file for people; --format is for standard "
                                       "output: give one of them"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    asset_cursor *cur;
    if (asset_query(db, &f, &cur) != INV_OK) return cli_db_error(db);
    out_table *t;
    sheet *sh = NULL;
    if (outfile) {
        /* The columns of --format csv, then the purchase facts. */
        static const char *keys[] = {"tag", "kind", "make", "model", "serial", "status",
                                     "office", "office_name", "custodian", "funding",
                                     "purchase_date", "cost", "currency"};
        const char *titles[] = {_("Tag"), _("Kind"), _("Make"), _("Model"), _("Serial"),
                                _("Status"), _("Office"), _("Office name"), _("Custodian"),
                                _("Funding"), _("Purchase date"), _("Cost"), _("Currency")};
        /* TRANSLATORS: the name of the worksheet of an asset list (.xlsx),
         * at most 31 characters. */
        sh = cli_sheet_open(outfile, _("Assets"), 13, titles);
        if (!sh) {
            asset_cursor_close(cur);
            return CLI_FAIL;
        }
        fmt = OUT_SHEET;
        t = out_begin_sheet(sh, 13, keys);
    } else if (fmt == OUT_TABLE) {
        static const char *keys[] = {"tag", "kind", "model", "status", "office", "custodian"};
        const char *titles[] = {_("Tag"), _("Kind"), _("Make and model"), _("Status"),
                                _("Office"), _("Custodian")};
        t = out_begin(fmt, stdout, 6, keys, titles, 0);
    } else {
        static const char *keys[] = {"tag", "kind", "make", "model", "serial", "status",
                                     "office", "office_name", "custodian", "funding"};
        t = out_begin(fmt, stdout, 10, keys, keys, 0);
    }
    inv_asset a;
    int rc;
    while ((rc = asset_next(cur, &a)) == 1) {
        out_str(t, a.tag);
        if (fmt == OUT_TABLE) {
            char mm[INV_TEXT_MAX * 2 + 2];
            snprintf(mm, sizeof mm, "%s%s%s", a.make, a.make[0] && a.model[0] ? " " : "", a.model);
            out_str(t, a.kind_name);
            out_str(t, mm);
            out_str(t, asset_status_text(a.status));
            out_str(t, a.office_short);
            out_str(t, a.custodian);
        } else if (fmt == OUT_SHEET) {
            out_str(t, a.kind_name);
            out_str(t, a.make);
            out_str(t, a.model);
            out_str(t, a.serial);
            out_str(t, asset_status_text(a.status));
            out_str(t, a.office);
            out_str(t, a.office_name);
            out_str(t, a.custodian);
            out_str(t, a.funding);
            out_date(t, a.purchase_date);
            if (a.has_cost) out_amount(t, a.cost); else out_null(t);
            out_str(t, a.has_cost ? a.currency : "");
        } else {
            out_str(t, a.kind);
            out_str(t, a.make);
            out_str(t, a.model);
            out_str0(t, a.serial);
            out_str(t, a.status);
            out_str0(t, a.office);
            out_str0(t, a.office_name);
            out_str0(t, a.custodian);
            out_str0(t, a.funding);
        }
        out_row_end(t);
    }
    out_end(t);
    asset_cursor_close(cur);
    if (rc < 0) {
        sheet_abort(sh);
        return cli_db_error(db);
    }
    return sh ? cli_sheet_close(sh) : CLI_OK;
}

/* Attributes as "plate: CA 1234 BP, year: 2022" for a table (a kind's
 * own field in the words of asset_field_text). */
static void attrs_text(const inv_asset *a, char *out, size_t n)
{
    sbuf b = {0};
    json_error_t err;
    json_t *obj = json_loads(a->attrs, 0, &err);
    const char *key;
    json_t *v;
    if (json_is_object(obj)) {
        json_object_foreach(obj, key, v) {
            if (b.len) sbuf_add(&b, ", ");
            sbuf_addf(&b, "%s: %s", asset_field_text(key), json_is_string(v) ? json_string_value(v) : "?");
        }
    }
    json_decref(obj);
    str_copy(out, n, sbuf_str(&b));
    sbuf_free(&b);
}

typedef struct count_ctx { int64_t n; char first[INV_TIME_MAX]; } count_ctx;
static int count_event(const inv_event *ev, void *arg)
{
    count_ctx *c = arg;
    if (c->n++ == 0) str_copy(c->first, sizeof c->first, ev->at);
    return 0;
}

static int asset_show_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "asset show TAG [--format table|csv|json]";
    static const struct option opts[] = {{"format", required_argument, NULL, O_FORMAT}, {0, 0, 0, 0}};
    out_format fmt = out_format_default();
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == O_FORMAT && out_format_parse(optarg, &fmt) == 0) continue;
        return cli_unknown_option(usage, argv[optind - 1]);
    }
    if (argc - optind != 1) return cli_usage(usage, _("asset show needs one TAG"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    inv_asset a;
    if (asset_get(db, argv[optind], &a) != INV_OK) return cli_db_error(db);
    count_ctx cnt = {0, ""};
    if (event_walk_asset(db, a.id, count_event, &cnt) != INV_OK) return cli_db_error(db);
    static const char *keys[] = {"tag", "scan_code", "kind", "make", "model", "serial",
                                 "description", "status", "office", "office_name", "custodian",
                                 "purchase_date", "cost_minor", "currency", "cost_eur_minor",
                                 "supplier",
                                 "contract", "funding", "warranty_end", "attributes",
                                 "last_seen", "registered", "events"};
    const char *titles[] = {_("Tag"), _("Scan code"), _("Kind"), _("Make"), _("Model"),
                            _("Serial"),
                            _("Description"), _("Status"), _("Office"), _("Office name"),
                            _("Custodian"), _("Purchase date"), _("Cost"), _("Currency"),
                            _("Cost in EUR"), _("Supplier"), _("Contract"), _("Funding"),
                            _("Warranty end"), _("Attributes"), _("Last seen"),
                            _("Registered"), _("Events")};
    out_table *t = out_begin(fmt, stdout, 23, keys, titles, 1);
    out_str(t, a.tag);
    out_str(t, a.scan_code);
    out_str(t, fmt == OUT_TABLE ? a.kind_name : a.kind);
    out_str(t, a.make);
    out_str(t, a.model);
    out_str0(t, a.serial);
    out_str0(t, a.description);
    out_str(t, fmt == OUT_TABLE ? asset_status_text(a.status) : a.status);
    out_str0(t, a.office);
    out_str0(t, a.office_name);
    out_str0(t, a.custodian);
    out_date(t, a.purchase_date);
    char money[96] = "";
    if (fmt == OUT_TABLE) {
        if (a.has_cost) cli_money(a.cost, a.currency, money, sizeof money);
        out_str(t, money);
        out_null(t);
        out_null(t);
    } else {
        if (a.has_cost) out_int(t, a.cost); else out_null(t);
        out_str0(t, a.currency);
        if (a.has_cost && !strcmp(a.currency, "BGN")) out_int(t, money_bgn_to_eur(a.cost));
        else if (a.has_cost) out_int(t, a.cost);
        else out_null(t);
    }
    out_str0(t, a.supplier);
    out_str0(t, a.contract);
    out_str0(t, a.funding);
    out_date(t, a.warranty_end);
    char attrs[INV_ATTRS_MAX + 1];
    attrs_text(&a, attrs, sizeof attrs);
    out_json(t, a.attrs, attrs);
    out_time(t, a.last_seen);
    out_time(t, cnt.first);
    out_int(t, cnt.n);
    out_row_end(t);
    out_end(t);
    return CLI_OK;
}

int cmd_asset(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "asset add|list|show|edit ...";
    if (argc < 2) return cli_usage(usage, _("asset needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "add")) return asset_add_cmd(c, argc, argv);
    if (!strcmp(sub, "list")) return asset_list_cmd(c, argc, argv);
    if (!strcmp(sub, "show")) return asset_show_cmd(c, argc, argv);
    if (!strcmp(sub, "edit")) return asset_edit_cmd(c, argc, argv);
    static const char *const subs[] = {"add", "list", "show", "edit", NULL};
    return cli_unknown_subcommand(usage, "asset", sub, subs);
}
