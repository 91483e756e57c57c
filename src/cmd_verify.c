/* cmd_verify.c: `verify` and `backup FILE`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/priv.h"
#include "inventar/verify.h"

/* Open the existing database (never create one: verifying or backing up
 * a database that is not there is an error). The handle is kept in c so
 * that main closes it. verify and anchor open it read-only. */
static inv_db *open_existing(cli_ctx *c, int ro)
{
    if (c->db) return c->db;
    if (!cli_db_read(c, ro ? CLI_RO_ALWAYS : CLI_RO_NEVER)) return NULL;
    cli_progress_attach(c->db); /* verify and backup: long on a big database */
    return c->db;
}

/* The anchors given so far. */
typedef struct anchor_list {
    verify_anchor *a;
    size_t n, cap;
} anchor_list;

static void anchor_push(anchor_list *l, const verify_anchor *a)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        verify_anchor *p = realloc(l->a, l->cap * sizeof *p);
        if (!p) abort();
        l->a = p;
    }
    l->a[l->n++] = *a;
}

/* Read FILE: one anchor a line; blank lines and lines starting with #
 * are skipped. Returns CLI_OK or CLI_FAIL after naming the file (and the
 * line). */
static int read_anchors(const char *path, anchor_list *l)
{
    FILE *fp = strcmp(path, "-") ? priv_fopen_user(path, "re") : stdin;
    if (!fp) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_FAIL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, found = 0;
    int rc = CLI_OK;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '\n' || *p == '\r' || *p == '#') continue;
        verify_anchor a;
        inv_err err;
        inv_err_clear(&err);
        if ((size_t)len != strlen(line) || verify_anchor_parse(p, &a, &err) != 0) {
            cli_error(_("%s, line %ld: %s"), path, lineno,
                      (size_t)len != strlen(line) ? _("a NUL byte in the line") : err.msg);
            rc = CLI_FAIL;
            break;
        }
        anchor_push(l, &a);
        found++;
    }
    if (rc == CLI_OK && ferror(fp)) {
        cli_error(_("%s: reading failed"), path);
        rc = CLI_FAIL;
    }
    if (rc == CLI_OK && found == 0) {
        cli_error(_("%s: holds no anchor (one EVENT:HASH a line)"), path);
        rc = CLI_FAIL;
    }
    free(line);
    if (fp != stdin) fclose(fp);
    return rc;
}

int cmd_verify(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "verify [--anchor EVENT:HASH]... [--anchors FILE]";
    static const struct option opts[] = {
        {"anchor", required_argument, NULL, 'a'},
        {"anchors", required_argument, NULL, 'A'},
        {0, 0, 0, 0},
    };
    anchor_list l = {0};
    int ch, rc = CLI_OK;
    while (rc == CLI_OK && (ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'a') {
            verify_anchor a;
            inv_err err;
            inv_err_clear(&err);
            if (verify_anchor_parse(optarg, &a, &err) != 0) rc = cli_usage(usage, "%s", err.msg);
            else anchor_push(&l, &a);
        } else if (ch == 'A') {
            rc = read_anchors(optarg, &l);
        } else {
            rc = cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    if (rc == CLI_OK && optind < argc)
        rc = cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = rc == CLI_OK ? open_existing(c, 1) : NULL;
    if (rc == CLI_OK && !db) rc = CLI_FAIL;
    verify_counts n;
    if (rc == CLI_OK && verify_all_anchored(db, l.a, l.n, &n) != INV_OK) rc = cli_db_error(db);
    if (rc == CLI_OK) {
        printf(_("ok: %lld assets, %lld events, %lld offices, %lld asset kinds, %lld funding "
                 "projects; integrity, history and hash chain intact\n"),
               (long long)n.assets, (long long)n.events, (long long)n.offices,
               (long long)n.kinds, (long long)n.funding);
        for (size_t i = 0; i < l.n; i++)
            printf(_("anchor %lld:%s: the history up to event %lld is the one anchored\n"),
                   (long long)l.a[i].id, l.a[i].hash, (long long)l.a[i].id);
        /* TRANSLATORS: the head of the history, as "N:HASH" (anchor). */
        printf(_("head: %lld:%s\n"), (long long)n.head_id, n.head_hash);
    }
    free(l.a);
    return rc;
}

int cmd_anchor(cli_ctx *c, int argc, char **argv)
{
    static const char usage[] = "anchor";
    static const struct option opts[] = {{0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
        return cli_unknown_option(usage, argv[optind - 1]);
    if (optind < argc) return cli_usage(usage, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = cli_db_read(c, CLI_RO_ALWAYS);
    if (!db) return CLI_FAIL;
    int64_t id;
    char hash[65];
    if (verify_head(db, &id, hash) != INV_OK) return cli_db_error(db);
    if (id == 0) {
        cli_error(_("the history is empty: there is nothing to anchor yet"));
        return CLI_FAIL;
    }
    printf("%lld:%s\n", (long long)id, hash);
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
    inv_db *db = open_existing(c, 0);
    if (!db) return CLI_FAIL;
    int64_t pages = 0;
    if (verify_backup(db, path, &pages) != INV_OK) return cli_db_error(db);
    char *safe = term_safe(path);
    printf(ngettext("%s: %lld page copied and checked\n", "%s: %lld pages copied and checked\n",
                    (unsigned long)pages), safe, (long long)pages);
    free(safe);
    return CLI_OK;
}
