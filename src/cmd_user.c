/* cmd_user.c: `user add|edit|deactivate|list|whoami`, the users of a
 * shared database and their roles (user.h, authz.h). */
#include <getopt.h>
#include <string.h>

#include "cmds.h"
#include "inventar/user.h"

static const char USAGE_ADD[] = "user add LOGIN --role admin|operator|auditor [--office CODE]...";
static const char USAGE_EDIT[] =
    "user edit LOGIN [--role admin|operator|auditor] [--office CODE]... [--deactivate|--activate]";
static const char USAGE_DEACT[] = "user deactivate LOGIN";
static const char USAGE_LIST[] = "user list [--format table|csv|json]";

/* Parse --role, --office (repeatable), --activate/--deactivate. */
typedef struct user_opts {
    inv_role role;
    const char *offices[INV_USER_OFFICES_MAX];
    int noffices;
    int active; /* -1 keep */
} user_opts;

static int parse_opts(int argc, char **argv, const char *usage, int edit, user_opts *o)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'}, {"office", required_argument, NULL, 'o'},
        {"activate", no_argument, NULL, 'A'},   {"deactivate", no_argument, NULL, 'D'},
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->active = -1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            o->role = role_parse(optarg);
            if (o->role == ROLE_NONE)
                return cli_usage(usage, _("unknown role '%s' (admin, operator, auditor)"),
                                 optarg);
            break;
        case 'o':
            if (o->noffices == INV_USER_OFFICES_MAX)
                return cli_usage(usage, _("at most %d offices per user"), INV_USER_OFFICES_MAX);
            o->offices[o->noffices++] = optarg;
            break;
        case 'A':
        case 'D':
            if (!edit) return cli_unknown_option(usage, argv[optind - 1]);
            if (o->active >= 0 && o->active != (ch == 'A'))
                return cli_usage(usage, _("--activate and --deactivate exclude each other"));
            o->active = ch == 'A';
            break;
        default: return cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage(usage, _("give one login"));
    return -1;
}

static int user_add_cmd(cli_ctx *c, int argc, char **argv)
{
    user_opts o;
    int rc = parse_opts(argc, argv, USAGE_ADD, 0, &o);
    if (rc >= 0) return rc;
    if (o.role == ROLE_NONE)
        return cli_usage(USAGE_ADD, _("user add needs --role admin, operator or auditor"));
    const char *login = argv[optind];
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    if (user_add(db, login, o.role, o.offices, o.noffices, 1) != INV_OK) return cli_db_error(db);
    inv_user u;
    if (user_get(db, login, &u) != INV_OK) return cli_db_error(db);
    if (u.offices[0])
        /* TRANSLATORS: %1$s is a login, %2$s a role, %3$s offices' codes. */
        printf(_("user %1$s added: %2$s of %3$s and below\n"), u.login, role_text(u.role),
               u.offices);
    else
        /* TRANSLATORS: %1$s is a login, %2$s a role. */
        printf(_("user %1$s added: %2$s\n"), u.login, role_text(u.role));
    return CLI_OK;
}

static int edit(cli_ctx *c, const char *login, const user_opts *o)
{
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    int changed = 0;
    if (user_edit(db, login, o->role, o->noffices ? o->offices : NULL, o->noffices, o->active,
                  &changed) != INV_OK)
        return cli_db_error(db);
    if (!changed) {
        printf(_("user %s: nothing changed\n"), login);
        return CLI_OK;
    }
    inv_user u;
    if (user_get(db, login, &u) != INV_OK) return cli_db_error(db);
    if (!u.active)
        printf(_("user %s deactivated: it can no longer use this database\n"), u.login);
    else if (u.offices[0])
        /* TRANSLATORS: %1$s is a login, %2$s a role, %3$s offices' codes. */
        printf(_("user %1$s: %2$s of %3$s and below\n"), u.login, role_text(u.role), u.offices);
    else
        /* TRANSLATORS: %1$s is a login, %2$s a role. */
        printf(_("user %1$s: %2$s\n"), u.login, role_text(u.role));
    return CLI_OK;
}

static int user_edit_cmd(cli_ctx *c, int argc, char **argv)
{
    user_opts o;
    int rc = parse_opts(argc, argv, USAGE_EDIT, 1, &o);
    if (rc >= 0) return rc;
    if (o.role == ROLE_NONE && !o.noffices && o.active < 0)
        return cli_usage(USAGE_EDIT, _("user edit needs --role, --office, --activate or "
                                       "--deactivate"));
    return edit(c, argv[optind], &o);
}

static int user_deactivate_cmd(cli_ctx *c, int argc, char **argv)
{
    user_opts o;
    int rc = parse_opts(argc, argv, USAGE_DEACT, 0, &o);
    if (rc >= 0) return rc;
    if (o.role != ROLE_NONE || o.noffices)
        return cli_usage(USAGE_DEACT, _("user deactivate takes only a login"));
    o.active = 0;
    return edit(c, argv[optind], &o);
}

typedef struct list_ctx {
    out_table *t;
} list_ctx;

static int list_one(const inv_user *u, void *arg)
{
    list_ctx *l = arg;
    out_str(l->t, u->login);
    out_str(l->t, role_code(u->role));
    out_str0(l->t, u->offices);
    out_str(l->t, u->active ? "yes" : "no");
    out_time(l->t, u->since);
    out_str0(l->t, u->by);
    out_row_end(l->t);
    return 0;
}

static int list_one_table(const inv_user *u, void *arg)
{
    list_ctx *l = arg;
    out_str(l->t, u->login);
    out_str(l->t, role_text(u->role));
    out_str(l->t, u->offices[0] ? u->offices : "\xe2\x80\x94");
    out_str(l->t, u->active ? _("yes") : _("no"));
    out_time(l->t, u->since);
    out_str(l->t, u->by);
    out_row_end(l->t);
    return 0;
}

static int user_list_cmd(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {0, 0, 0, 0}};
    out_format fmt = out_format_default();
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'f' && out_format_parse(optarg, &fmt) == 0) continue;
        if (ch == 'f')
            return cli_usage(USAGE_LIST, _("unknown format '%s' (table, csv, json)"), optarg);
        return cli_unknown_option(USAGE_LIST, argv[optind - 1]);
    }
    if (optind < argc) return cli_usage(USAGE_LIST, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    static const char *keys[] = {"login", "role", "offices", "active", "since", "by"};
    const char *titles[] = {_("Login"), _("Role"), _("Offices"), P_("user", "Active"), _("Since"),
                            _("Added by")};
    list_ctx l = {out_begin(fmt, stdout, 6, keys, titles, 0)};
    inv_status st = user_walk(db, fmt == OUT_TABLE ? list_one_table : list_one, &l);
    out_end(l.t);
    if (st != INV_OK) return cli_db_error(db);
    int64_t n = 0;
    if (user_count(db, &n) == INV_OK && n == 0)
        cli_say(_("no users: this is a private database, and whoever may open the file is "
                  "its admin"));
    return CLI_OK;
}

/* Who am I here: the login, its role and offices. */
static int user_whoami_cmd(cli_ctx *c, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_usage("user whoami", _("user whoami takes no arguments"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    const char *login = authz_login(db);
    if (!authz_shared(db)) {
        printf(_("%s: admin of this private database\n"), login);
        return CLI_OK;
    }
    inv_user u;
    if (user_get(db, login, &u) == INV_OK && u.offices[0])
        /* TRANSLATORS: %1$s is a login, %2$s a role, %3$s offices' codes. */
        printf(_("%1$s: %2$s of %3$s and below\n"), login, role_text(authz_role(db)), u.offices);
    else
        printf("%s: %s\n", login, role_text(authz_role(db)));
    return CLI_OK;
}

int cmd_user(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "user add|edit|deactivate|list|whoami ...";
    if (argc < 2) return cli_usage(usage, _("user needs a subcommand"));
    const char *sub = argv[1];
    argc--;
    argv++;
    if (!strcmp(sub, "add")) return user_add_cmd(c, argc, argv);
    if (!strcmp(sub, "edit")) return user_edit_cmd(c, argc, argv);
    if (!strcmp(sub, "deactivate")) return user_deactivate_cmd(c, argc, argv);
    if (!strcmp(sub, "list")) return user_list_cmd(c, argc, argv);
    if (!strcmp(sub, "whoami")) return user_whoami_cmd(c, argc, argv);
    static const char *const subs[] = {"add", "edit", "deactivate", "list", "whoami", NULL};
    return cli_unknown_subcommand(usage, "user", sub, subs);
}
