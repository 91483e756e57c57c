/* main.c: `inventar [--db PATH] [--user NAME] [COMMAND ...]`.
 * With no command it opens the terminal UI; with one it runs it and
 * exits 0 (success), 1 (failure), 2 (usage error) or 3 (the act was
 * recorded, but its output or its document could not be written). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventar/priv.h"
#include "cli.h"
#include "cmds.h"
#include "inventar/authz.h"

typedef struct command {
    const char *name;
    int (*fn)(cli_ctx *c, int argc, char **argv);
    const char *usage;   /* after "inventar " */
    const char *summary; /* one line, translated at print time */
} command;

/* The commands. To add one: declare it in cmds.h and add a row here. */
static const command commands[] = {
    {"init", cmd_init, "init [--admin LOGIN]",
     N_("create or migrate the database (with its first admin: a shared database)")},
    {"demo", cmd_demo, "demo [--scale N]", N_("fill an empty database with the demo world")},
    {"office", cmd_office, "office add|list|show|edit ...", N_("manage offices")},
    {"kind", cmd_kind, "kind add|list ...", N_("manage asset kinds")},
    {"funding", cmd_funding, "funding add|list|show|report ...", N_("manage funding projects")},
    {"asset", cmd_asset, "asset add|list|show|edit ...", N_("register, find and edit assets")},
    {"assign", cmd_assign, "assign --to OFFICE [--custodian NAME] [--doc NO] [--date DATE] [--note TEXT]"
     " [--protocol FILE.pdf [--place TEXT] [--order TEXT] [--handed-by NAME] [--condition TEXT]]"
     " TAG...",
     N_("assign or transfer assets")},
    {"return", cmd_return, "return [--doc NO] [--date DATE] [--note TEXT] [--protocol FILE.pdf ...] TAG...",
     N_("return assets to stock at the owning warehouse")},
    {"status", cmd_status, "status STATUS [--doc NO] [--date DATE] [--note TEXT] TAG...",
     N_("set in_repair, missing, written_off or in_stock")},
    {"history", cmd_history, "history TAG | history --office CODE [--recursive] [--at DATE]",
     N_("an asset's history; what an office held on a date")},
    {"log", cmd_log,
     "log [--since DATE] [--actor LOGIN] [--type TYPE]"
     " [--subject asset|office|kind|funding|check|document|user]"
     " [--format table|csv|json | -o FILE.xlsx|FILE.csv]"
     "   (--since: recorded on or after DATE, not the act's date)",
     N_("every act of the history, whatever its subject, oldest first")},
    {"revert", cmd_revert, "revert EVENT --reason TEXT [--date DATE]",
     N_("undo one act by its reverse, naming both")},
    {"import", cmd_import, "import FILE|- [--dry-run] [--update] [--skip-bad] | import --columns", N_("assets from a CSV sheet (or restore an export)")},
    {"export", cmd_export, "export [--format json|csv] [-o FILE]   (JSON unless FILE ends in .csv)", N_("everything needed to rebuild the inventory")},
    {"labels", cmd_labels,
     "labels [TAG...|-] [--office OFFICE [--recursive]] [--kind KIND] [--status STATUS]"
     " [--search TEXT] [--template NAME] [--start N] [--copies N] [--owner TEXT] [--font FILE]"
     " [--funding-line] [--print[=PRINTER]] -o FILE.pdf | labels --list-templates",
     N_("print QR asset labels as PDF")},
    {"verify", cmd_verify, "verify [--anchor EVENT:HASH]... [--anchors FILE]",
     N_("check integrity, history replay, hash chain and anchors; print the head")},
    {"anchor", cmd_anchor, "anchor", N_("the head of the history as EVENT:HASH, to keep elsewhere")},
    {"backup", cmd_backup, "backup FILE", N_("a consistent copy while others use the database")},
    {"check", cmd_check, "check start|scan|import|status|report|close|list ...",
     N_("stock checks: walk an office with a scanner")},
    {"user", cmd_user,
     "user add LOGIN --role admin|operator|auditor [--office CODE]... | user edit LOGIN ..."
     " | user deactivate LOGIN | user list | user whoami",
     N_("the users of a shared database and their roles")},
    {"document", cmd_document,
     "document list [--type TYPE] | document show NUMBER | document print NUMBER -o FILE.pdf",
     N_("the documents (handover protocols, ...); print one again")},
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *fp)
{
    fprintf(fp, _("usage: inventar [--db PATH] [--user NAME] [COMMAND ...]\n"
                  "With no command, inventar opens its terminal interface.\n\n"
                  "Commands:\n"));
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(fp, _("\nThe database is --db, else $INVENTAR_DB, else the db of %s, else "
                  "$XDG_DATA_HOME/inventar/inventar.db.\n"
                  "Run 'inventar COMMAND --help' for a command's options.\n"),
            config_path());
}

/* The default database path (DESIGN.md section 4): $INVENTAR_DB, else
 * the configuration's db (a shared installation), else the private
 * $XDG_DATA_HOME/inventar/inventar.db; a static buffer or the conf. */
static const char *default_db_path(const inv_config *conf)
{
    static char path[4096];
    const char *env = getenv("INVENTAR_DB");
    if (env && *env) return env;
    if (*conf->db) return conf->db;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg) {
        snprintf(path, sizeof path, "%s/inventar/inventar.db", xdg);
    } else {
        const char *home = getenv("HOME");
        snprintf(path, sizeof path, "%s/.local/share/inventar/inventar.db",
                 home && *home ? home : ".");
    }
    return path;
}

inv_db *cli_db_read(cli_ctx *c, int mode)
{
    if (!c->db) c->read_only = mode;
    return cli_db(c);
}

inv_db *cli_db(cli_ctx *c)
{
    if (c->db) return c->db;
    if (cli_help) {
        /* Asked for help, the command got this far: show its usage and
         * act on nothing. */
        cli_usage(cli_help_usage ? cli_help_usage : "COMMAND --help", "%s", "");
        return NULL;
    }
    struct stat st;
    int missing = stat(c->db_path, &st) != 0 && errno == ENOENT;
    /* With the group privilege (a setgid installation), this is the
     * shared database: only the system administrator creates it. */
    int privileged = priv_held();
    if (missing && c->may_create && privileged && getuid() != 0) {
        cli_error(_("there is no shared database at %s yet: the system administrator creates "
                    "it with 'sudo inventar init --admin LOGIN'"), c->db_path);
        return NULL;
    }
    if (!c->may_create && missing && c->shared_db) {
        cli_error(_("there is no shared database at %s yet: the system administrator creates "
                    "it with 'sudo inventar init --admin LOGIN'"), c->db_path);
        return NULL;
    }
    if (!c->may_create && missing) {
        cli_error(_("no database at %s; create one with 'inventar init' or "
                    "'inventar --db %s init'"), c->db_path, c->db_path);
        return NULL;
    }
    int flags = (c->may_create ? DB_OPEN_CREATE : 0) | (c->shared_db ? DB_OPEN_SHARED : 0);
    /* A command that only reads opens a file it may not write read-only
     * (a copy handed to an auditor); verify and anchor always do. */
    struct stat dst;
    if (c->read_only == CLI_RO_ALWAYS ||
        (c->read_only == CLI_RO_IF_NEEDED && stat(c->db_path, &dst) == 0 &&
         ((dst.st_mode & 0222) == 0 || faccessat(AT_FDCWD, c->db_path, W_OK, AT_EACCESS) != 0)))
        flags = DB_OPEN_READONLY;
    inv_err err;
    inv_err_clear(&err);
    if (db_open(c->db_path, flags, &c->db, &err) != INV_OK) {
        cli_error("%s", err.msg);
        return NULL;
    }
    /* Who acts, and with what role (authz.h): the real user's login. */
    struct passwd *pw = getpwuid(getuid());
    authz_who who = {0};
    who.login = pw && pw->pw_name ? pw->pw_name : NULL;
    who.root = getuid() == 0;
    who.privileged = privileged;
    who.owner = !privileged && stat(c->db_path, &st) == 0 && st.st_uid == getuid();
    who.as_user = c->user;
    if (authz_begin(c->db, &who) != INV_OK) {
        cli_error("%s", db_errmsg(c->db));
        db_close(c->db);
        c->db = NULL;
        return NULL;
    }
    return c->db;
}

/* The group privilege of a setgid inventar is for the configuration's
 * shared database only (DESIGN.md section 10, priv.h). c->db_path names
 * it when it is the configuration's db or the same file (device and
 * inode): the other path is stat'ed with the privilege only to compare,
 * and it is the configuration's path that is opened. Any other database
 * is a private one: the privilege is given up for good before anything
 * is opened. Returns 0, or -1 after printing the error. */
static int decide_privilege(cli_ctx *c)
{
    const char *shared = c->conf->db;
    if (*shared && !strcmp(c->db_path, shared)) {
        c->shared_db = 1;
    } else if (*shared) {
        struct stat a, b;
        if (stat(shared, &b) == 0 && stat(c->db_path, &a) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            c->shared_db = 1;
            c->db_path = shared;
        }
    }
    if (!c->shared_db && priv_drop_permanently() != 0) {
        cli_error(_("cannot give up the group privilege: %s"), strerror(errno));
        return -1;
    }
    return 0;
}

/* Where the message catalogs are: beside a binary run from the checkout
 * (<exe dir>/build/locale, as `make` builds them) or from its build
 * directory (<exe dir>/locale, build/asan), else the installed LOCALEDIR.
 * Never a path from the environment, and only LOCALEDIR when running
 * setuid or setgid. Returns a static buffer or LOCALEDIR. */
static const char *locale_dir(void)
{
    static char dir[4096];
    if (getauxval(AT_SECURE)) return LOCALEDIR;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return LOCALEDIR;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return LOCALEDIR;
    *slash = '\0';
    static const char *const rel[] = {"/build/locale", "/locale"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        struct stat st;
        int len = snprintf(dir, sizeof dir, "%s%s", exe, rel[i]);
        if (len > 0 && (size_t)len < sizeof dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return dir;
    }
    return LOCALEDIR;
}

/* A standard stream that was closed (`inventar ... >&-`) would be taken
 * by the next file opened (a PDF, an input file) and written into: hold
 * its place with /dev/null, read-only for standard output, so that what
 * is printed there still fails (EBADF) and is reported. */
static void hold_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        int n = open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
        if (n >= 0 && n != fd) {
            dup2(n, fd);
            close(n);
        }
    }
}

int main(int argc, char **argv)
{
    priv_init();
    hold_std_fds();
    setlocale(LC_ALL, "");
    /* Everything is UTF-8: when the environment names a locale that is not
     * installed (common over SSH), keep working in C.UTF-8 rather than
     * showing Cyrillic as '?'. */
    const char *cs = nl_langinfo(CODESET);
    if (!cs || strcmp(cs, "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    bindtextdomain("inventar", locale_dir());
    textdomain("inventar");

    cli_ctx ctx = {0};
    ctx.db_path = NULL;
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"user", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {0, 0, 0, 0},
    };
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+d:u:hV", opts, NULL)) != -1) {
        switch (ch) {
        case 'd': ctx.db_path = optarg; break;
        case 'u': ctx.user = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case 'V': printf("inventar %s\n", INVENTAR_VERSION); return CLI_OK;
        default: {
            static const char *const top[] = {"--db", "--user", "--help", "--version", NULL};
            const char *near = cli_nearest(argv[optind - 1], top);
            if (near)
                cli_error(_("unknown option '%s'; did you mean '%s'?"), argv[optind - 1], near);
            else
                cli_error(_("unknown option '%s'"), argv[optind - 1]);
            usage(stderr);
            return CLI_USAGE;
        }
        }
    }
    if (ctx.db_path && !*ctx.db_path) {
        cli_error(_("--db needs a path"));
        return CLI_USAGE;
    }
    /* The system configuration: a file that can't be read or holds a
     * mistake stops every command, naming the line, rather than acting
     * on another database or printing another agency's name. */
    static inv_config conf;
    inv_err cerr;
    inv_err_clear(&cerr);
    if (config_load(NULL, &conf, &cerr) != INV_OK) {
        cli_error("%s", cerr.msg);
        return CLI_FAIL;
    }
    ctx.conf = &conf;
    if (!ctx.db_path) ctx.db_path = default_db_path(&conf);
    if (decide_privilege(&ctx) != 0) return CLI_FAIL;
    if (ctx.user && !*ctx.user) {
        cli_error(_("--user needs a name"));
        return CLI_USAGE;
    }

    int rc;
    if (optind >= argc) {
        rc = cmd_tui(&ctx, 0, NULL);
    } else {
        const char *name = argv[optind];
        const command *cmd = NULL;
        for (int i = 0; i < NCOMMANDS; i++)
            if (!strcmp(commands[i].name, name)) cmd = &commands[i];
        if (!cmd) {
            const char *names[NCOMMANDS + 1];
            for (int i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
            names[NCOMMANDS] = NULL;
            const char *near = cli_nearest(name, names);
            if (near)
                cli_error(_("unknown command '%s'; did you mean '%s'?"), name, near);
            else
                cli_error(_("unknown command '%s'"), name);
            usage(stderr);
            return CLI_USAGE;
        }
        /* Only these two create a database; any other command on a
         * missing one says so and creates nothing. */
        ctx.may_create = cmd->fn == cmd_init || cmd->fn == cmd_demo;
        int cargc = argc - optind;
        char **cargv = argv + optind;
        if (cargc >= 2 && (!strcmp(cargv[1], "--help") || !strcmp(cargv[1], "-h"))) {
            printf(_("usage: inventar %s\n"), cmd->usage);
            rc = CLI_OK;
        } else {
            /* --help further on (asset add --help): the command parses its
             * arguments in help mode, where its first usage error prints
             * that subcommand's usage and nothing acts (cli.h). */
            for (int i = 1; i < cargc && strcmp(cargv[i], "--"); i++)
                if (!strcmp(cargv[i], "--help") || !strcmp(cargv[i], "-h")) cli_help = 1;
            cli_help_usage = cmd->usage;
            cli_getopt_reset();
            rc = cmd->fn(&ctx, cargc, cargv);
            if (cli_help && !cli_help_done && rc != CLI_OK) cli_usage(cmd->usage, "%s", "");
            if (cli_help) rc = CLI_OK;
        }
    }
    cli_progress_clear();
    /* An act that was committed is done, whatever happens to its output:
     * saying it failed would make a script repeat it. */
    int acted = db_commit_count(ctx.db) > 0;
    db_close(ctx.db);
    if (acted) signal(SIGPIPE, SIG_IGN); /* a closed pipe: report it, don't die */
    errno = 0;
    int out_failed = fflush(stdout) != 0;
    int why = errno ? errno : EIO;
    out_failed |= ferror(stdout);
    if (out_failed && acted && rc != CLI_USAGE) {
        cli_error(_("the act was recorded, but its output could not be written (%s); don't "
                    "repeat it: 'inventar history TAG' or 'inventar document list' shows "
                    "what was recorded"),
                  strerror(why));
        rc = CLI_RECORDED;
    } else if (out_failed && rc == CLI_OK) {
        cli_error(_("writing the output failed"));
        rc = CLI_FAIL;
    }
    return rc;
}
