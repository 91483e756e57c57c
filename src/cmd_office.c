/* cmd_office.c: `init` and `office add|list|show|edit`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/office.h"
#include "inventar/user.h"

int cmd_init(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "init [--admin LOGIN]";
    static const struct option opts[] = {{"admin", required_argument, NULL, 'a'},
                                         {0, 0, 0, 0}};
    const char *admin = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'a') admin = optarg;
        else return cli_unknown_option(usage, argv[optind - 1]);
    }
    if (optind < argc) return cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    printf(_("%s: schema version %d\n"), db_path(db), db_schema_version(db));
    if (!admin) return CLI_OK;
    /* The first admin makes the database shared: from now on the actor
     * is the real login and roles apply (authz.h). */
    int64_t n = 0;
    if (user_count(db, &n) != INV_OK) return cli_db_error(db);
    if (n > 0) {
        cli_error(_("%s has users already: add another admin with 'inventar user add %s "
                    "--role admin'"), db_path(db), admin);
        return CLI_FAIL;
    }
    if (user_add(db, admin, ROLE_ADMIN, NULL, 0, 1) != INV_OK) return cli_db_error(db);
    printf(_("%1$s: shared, with %2$s as its first admin\n"), db_path(db), admin);
    return CLI_OK;
}

static const char USAGE_ADD[] =
    "office add CODE NAME [--short NAME] [--parent CODE] [--kind KIND] [--oblast BG-NN] [--address TEXT]";
static const char USAGE_EDIT[] =
    "office edit CODE [--name NAME] [--short NAME] [--kind KIND] [--parent CODE|--root] [--oblast BG-NN]"
    " [--address TEXT] [--deactivate|--activate]";

static int office_add_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"parent", required_argument, NULL, 'p'}, {"kind", required_argument, NULL, 'k'},
        {"oblast", required_argument, NULL, 'o'}, {"address", required_argument, NULL, 'a'},
        {"short", required_argument, NULL, 's'}, {0, 0, 0, 0}};
    inv_office o;
    memset(&o, 0, sizeof o);
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'p': str_copy(o.parent_code, sizeof o.parent_code, optarg); break;
        case 'k': str_copy(o.kind, sizeof o.kind, optarg); break;
        case 'o': str_copy(o.oblast, sizeof o.oblast, optarg); break;
        case 'a':
            if (str_copy(o.address, sizeof o.address, optarg) != 0 ||
                utf8_chars(optarg) > INV_LONG_CHARS)
                return cli_too_long(USAGE_ADD, "--address", optarg, INV_LONG_CHARS);
            break;
        case 's':
            if (str_copy(o.short_name, sizeof o.short_name, optarg) != 0 ||
                utf8_chars(optarg) > INV_NAME_CHARS)
                return cli_too_long(USAGE_ADD, "--short", optarg, INV_NAME_CHARS);
            break;
        default: return cli_unknown_option(USAGE_ADD, argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return cli_usage(USAGE_ADD, _("office add needs a CODE and a NAME"));
    if (str_copy(o.code, sizeof o.code, argv[optind]) != 0)
        return cli_usage(USAGE_ADD, _("office code '%s' is too long (at most %d)"),
                         argv[optind], INV_CODE_MAX);
    if (str_copy(o.name, sizeof o.name, argv[optind + 1]) != 0 ||
        utf8_chars(argv[optind + 1]) > INV_NAME_CHARS)
        /* TRANSLATORS: %1$zu and %2$zu are numbers of characters. */
        return cli_usage(USAGE_ADD, _("office name is too long (%1$zu characters, at most "
                                      "%2$zu)"), utf8_chars(argv[optind + 1]), (size_t)INV_NAME_CHARS);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    if (db_begin(db, DB_HERE) != INV_OK) return cli_db_error(db);
    if (office_add(db, &o) != INV_OK) {
        db_rollback(db);
        return cli_db_error(db);
    }
    if (db_commit(db) != INV_OK) return cli_db_error(db);
    printf("%s\n", o.code);
    return CLI_OK;
}

typedef struct list_ctx {
    inv_db *db;
    out_table *t;
    int fail;
} list_ctx;

static int list_one(const inv_office *o, int depth, void *arg)
{
    list_ctx *l = arg;
    office_counts n;
    if (office_count_assets(l->db, o->id, 0, &n) != INV_OK) {
        l->fail = 1;
        return 1;
    }
    out_str(l->t, o->code);
    out_str(l->t, o->name);
    out_str(l->t, o->kind);
    out_str0(l->t, o->parent_code);
    out_str0(l->t, o->oblast);
    out_int(l->t, o->active);
    out_int(l->t, n.in_stock + n.assigned + n.in_repair + n.missing);
    out_int(l->t, depth);
    out_str(l->t, o->short_name);
    out_row_end(l->t);
    return 0;
}

/* A table shows the tree by indenting names; CSV and JSON keep names as
 * they are and give the depth. */
typedef struct tree_ctx {
    inv_db *db;
    out_table *t;
    int fail;
} tree_ctx;

static int tree_one(const inv_office *o, int depth, void *arg)
{
    tree_ctx *l = arg;
    office_counts n;
    if (office_count_assets(l->db, o->id, 0, &n) != INV_OK) {
        l->fail = 1;
        return 1;
    }
    char name[INV_NAME_MAX + 64];
    snprintf(name, sizeof name, "%*s%s", depth * 2, "", office_short(o));
    out_str(l->t, o->code);
    out_str(l->t, name);
    out_str(l->t, _(office_kind_label(o->kind)));
    out_str(l->t, o->oblast);
    out_str(l->t, o->active ? "" : _("inactive"));
    out_int(l->t, n.in_stock + n.assigned + n.in_repair + n.missing);
    out_row_end(l->t);
    return 0;
}

static int parse_format_only(int argc, char **argv, const char *usage, out_format *fmt)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {0, 0, 0, 0}};
    int ch;
    *fmt = out_format_default();
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'f' && out_format_parse(optarg, fmt) == 0) continue;
        if (ch == 'f')
            return cli_usage(usage, _("unknown format '%s' (table, csv, json)"), optarg);
        return cli_unknown_option(usage, argv[optind - 1]);
    }
    return -1;
}

/* The list for people (-o FILE.xlsx|.csv): names as they are, the
 * parent's code for the tree, kinds and the active flag in words. */
typedef struct sheet_ctx {
    inv_db *db;
    sheet *sh;
    int fail;
} sheet_ctx;

static int sheet_one(const inv_office *o, int depth, void *arg)
{
    (void)depth;
    sheet_ctx *l = arg;
    office_counts n;
    if (office_count_assets(l->db, o->id, 0, &n) != INV_OK) {
        l->fail = 1;
        return 1;
    }
    sheet_text(l->sh, o->code);
    sheet_text(l->sh, o->name);
    sheet_text(l->sh, o->short_name);
    sheet_text(l->sh, _(office_kind_label(o->kind)));
    sheet_text(l->sh, o->parent_code);
    sheet_text(l->sh, o->oblast);
    sheet_text(l->sh, o->address);
    sheet_text(l->sh, o->active ? _("yes") : _("no"));
    sheet_int(l->sh, n.in_stock + n.assigned + n.in_repair + n.missing);
    sheet_row_end(l->sh);
    return 0;
}

static int office_list_cmd(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "office list [--format table|csv|json] [-o FILE.xlsx|FILE.csv]";
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {0, 0, 0, 0}};
    out_format fmt = out_format_default();
    const char *outfile = NULL;
    int ch, fmt_given = 0;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (ch == 'f' && out_format_parse(optarg, &fmt) == 0) fmt_given = 1;
        else if (ch == 'f')
            return cli_usage(usage, _("unknown format '%s' (table, csv, json)"), optarg);
        else if (ch == 'o') outfile = optarg;
        else return cli_unknown_option(usage, argv[optind - 1]);
    }
    if (optind < argc) return cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(usage, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(usage, _("-o writes a file for people; --format is for standard "
                                  "output: give one of them"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    inv_status st;
    if (outfile) {
        const char *titles[] = {_("Code"), _("Name"), _("Short name"), _("Kind"),
                                _("Parent"), _("Oblast"), _("Address"), _("Active"),
                                _("Assets")};
        /* TRANSLATORS: the name of the worksheet of the list of offices
         * (.xlsx), at most 31 characters. */
        sheet *sh = cli_sheet_open(outfile, _("Offices"), 9, titles);
        if (!sh) return CLI_FAIL;
        sheet_ctx l = {db, sh, 0};
        st = office_walk(db, sheet_one, &l);
        if (st != INV_OK || l.fail) {
            sheet_abort(sh);
            return cli_db_error(db);
        }
        return cli_sheet_close(sh);
    }
    if (fmt == OUT_TABLE) {
        static const char *keys[] = {"code", "name", "kind", "oblast", "active", "assets"};
        const char *titles[] = {_("Code"), _("Name"), _("Kind"), _("Oblast"), _("Active"),
                                _("Assets")};
        tree_ctx l = {db, out_begin(fmt, stdout, 6, keys, titles, 0), 0};
        st = office_walk(db, tree_one, &l);
        out_end(l.t);
        if (st != INV_OK || l.fail) return cli_db_error(db);
    } else {
        /* short_name last: scripts reading the columns by place keep working. */
        static const char *keys[] = {"code", "name", "kind", "parent", "oblast", "active",
                                     "assets", "depth", "short_name"};
        list_ctx l = {db, out_begin(fmt, stdout, 9, keys, keys, 0), 0};
        st = office_walk(db, list_one, &l);
        out_end(l.t);
        if (st != INV_OK || l.fail) return cli_db_error(db);
    }
    return CLI_OK;
}

static int office_show_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "office show CODE [--format table|csv|json]";
    out_format fmt;
    int rc = parse_format_only(argc, argv, usage, &fmt);
    if (rc >= 0) return rc;
    if (argc - optind != 1) return cli_usage(usage, _("office show needs one office"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    inv_office o;
    office_counts own, all;
    if (office_find(db, argv[optind], &o) != INV_OK ||
        office_count_assets(db, o.id, 0, &own) != INV_OK ||
        office_count_assets(db, o.id, 1, &all) != INV_OK)
        return cli_db_error(db);
    /* short_name last, after the columns scripts already read by place. */
    static const char *keys[] = {"code", "name", "kind", "parent", "oblast", "address",
                                 "active", "in_stock", "assigned", "in_repair", "missing",
                                 "written_off", "total_with_sub_offices", "short_name"};
    const char *titles[] = {_("Code"), _("Name"), _("Kind"), _("Parent"), _("Oblast"),
                            _("Address"), _("Active"), _("In stock"), _("Assigned"),
                            _("In repair"), _("Missing"), _("Written off"),
                            _("With sub-offices"), _("Short name")};
    out_table *t = out_begin(fmt, stdout, 14, keys, titles, 1);
    out_str(t, o.code);
    out_str(t, o.name);
    out_str(t, fmt == OUT_TABLE ? _(office_kind_label(o.kind)) : o.kind);
    out_str0(t, o.parent_code);
    out_str0(t, o.oblast);
    out_str0(t, o.address);
    if (fmt == OUT_TABLE) out_str(t, o.active ? _("yes") : _("no"));
    else out_int(t, o.active);
    out_int(t, own.in_stock);
    out_int(t, own.assigned);
    out_int(t, own.in_repair);
    out_int(t, own.missing);
    out_int(t, own.written_off);
    out_int(t, all.in_stock + all.assigned + all.in_repair + all.missing);
    out_str(t, o.short_name);
    out_row_end(t);
    out_end(t);
    return CLI_OK;
}

static int office_edit_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},   {"kind", required_argument, NULL, 'k'},
        {"parent", required_argument, NULL, 'p'}, {"root", no_argument, NULL, 'r'},
        {"oblast", required_argument, NULL, 'o'}, {"address", required_argument, NULL, 'a'},
        {"deactivate", no_argument, NULL, 'D'},   {"activate", no_argument, NULL, 'A'},
        {"short", required_argument, NULL, 's'},  {0, 0, 0, 0}};
    const char *short_name = NULL;
    const char *name = NULL, *kind = NULL, *parent = NULL, *oblast = NULL, *address = NULL;
    int root = 0, active = -1, ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'n': name = optarg; break;
        case 'k': kind = optarg; break;
        case 'p': parent = optarg; break;
        case 'r': root = 1; break;
        case 'o': oblast = optarg; break;
        case 'a': address = optarg; break;
        case 's': short_name = optarg; break;
        case 'D': active = 0; break;
        case 'A': active = 1; break;
        default: return cli_unknown_option(USAGE_EDIT, argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage(USAGE_EDIT, _("office edit needs one office"));
    if (root && parent) return cli_usage(USAGE_EDIT, _("--parent and --root exclude each other"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    inv_office o;
    if (office_find(db, argv[optind], &o) != INV_OK) return cli_db_error(db);
    if (name && (str_copy(o.name, sizeof o.name, name) || utf8_chars(name) > INV_NAME_CHARS))
        return cli_too_long(USAGE_EDIT, "--name", name, INV_NAME_CHARS);
    if (short_name && (str_copy(o.short_name, sizeof o.short_name, short_name) ||
                       utf8_chars(short_name) > INV_NAME_CHARS))
        return cli_too_long(USAGE_EDIT, "--short", short_name, INV_NAME_CHARS);
    if (address && (str_copy(o.address, sizeof o.address, address) ||
                    utf8_chars(address) > INV_LONG_CHARS))
        return cli_too_long(USAGE_EDIT, "--address", address, INV_LONG_CHARS);
    if (kind) str_copy(o.kind, sizeof o.kind, kind);
    if (parent) str_copy(o.parent_code, sizeof o.parent_code, parent);
    if (root) o.parent_code[0] = '\0';
    if (oblast) str_copy(o.oblast, sizeof o.oblast, oblast);
    if (active >= 0) o.active = active;
    if (office_update(db, o.code, &o) != INV_OK) return cli_db_error(db);
    printf("%s\n", o.code);
    return CLI_OK;
}

int cmd_office(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "office add|list|show|edit ...";
    if (argc < 2) return cli_usage(usage, _("office needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "add")) return office_add_cmd(c, argc, argv);
    if (!strcmp(sub, "list")) return office_list_cmd(c, argc, argv);
    if (!strcmp(sub, "show")) return office_show_cmd(c, argc, argv);
    if (!strcmp(sub, "edit")) return office_edit_cmd(c, argc, argv);
    static const char *const subs[] = {"add", "list", "show", "edit", NULL};
    return cli_unknown_subcommand(usage, "office", sub, subs);
}
