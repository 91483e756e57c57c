/* cmd_verify.c: `verify` and `backup FILE`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/verify.h"

/* Open the existing database (never create one: verifying or backing up
 * a database that is not there is an error). The handle is kept in c so
 * that main closes it. */
static inv_db *open_existing(cli_ctx *c)
{
    if (c->db) return c->db;
    if (!cli_db(c)) return NULL;
    cli_progress_attach(c->db); /* verify and backup: long on a big database */
    return c->db;
}

int cmd_verify(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "verify";
    static const struct option opts[] = {{0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
        return cli_unknown_option(usage, argv[optind - 1]);
    if (optind < argc) return cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = open_existing(c);
    if (!db) return CLI_FAIL;
    verify_counts n;
    if (verify_all(db, &n) != INV_OK) return cli_db_error(db);
    printf(_("ok: %lld assets, %lld events, %lld offices, %lld asset kinds, %lld funding "
             "projects; integrity, history and hash chain intact\n"),
           (long long)n.assets, (long long)n.events, (long long)n.offices,
           (long long)n.kinds, (long long)n.funding);
    return CLI_OK;
}

int cmd_backup(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "backup FILE";
    static const struct option opts[] = {{0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
        return cli_unknown_option(usage, argv[optind - 1]);
    if (argc - optind != 1) return cli_usage(usage, _("backup needs one FILE"));
    const char *path = argv[optind];
    if (!*path) return cli_usage(usage, _("backup needs one FILE"));
    inv_db *db = open_existing(c);
    if (!db) return CLI_FAIL;
    int64_t pages = 0;
    if (verify_backup(db, path, &pages) != INV_OK) return cli_db_error(db);
    char *safe = term_safe(path);
    printf(ngettext("%s: %lld page copied and checked\n", "%s: %lld pages copied and checked\n",
                    (unsigned long)pages), safe, (long long)pages);
    free(safe);
    return CLI_OK;
}
