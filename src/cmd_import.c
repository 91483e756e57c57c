/* cmd_import.c: `import FILE|- [--dry-run] [--update] [--skip-bad]` and
 * `import --columns`.
 *
 * A CSV sheet of assets goes to import_csv; an inventar export (as
 * export_sniff recognises it) is restored with export_restore. Standard
 * input ("-") and other files that cannot be read twice (a pipe, a
 * process substitution) are first copied to a temporary file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "inventar/export.h"
#include "inventar/import.h"
#include "inventar/priv.h"

static const char USAGE[] = "import FILE|- [--dry-run] [--update] [--skip-bad] | import --columns";

enum { O_DRY = 256, O_UPDATE, O_SKIP, O_COLUMNS, O_HELP };

static void report(void *arg, int warning, const char *msg)
{
    (void)arg;
    (void)warning;
    cli_error("%s", msg);
}

/* Copy fd to a new temporary file; its path into out (size n). Returns 0,
 * or -1 after printing the error. */
static int spool(int fd, const char *name, char *out, size_t n)
{
    int tmp = priv_mkstemp_user("inventar-import", "", out, n);
    if (tmp < 0) {
        cli_error(_("cannot create a temporary file for %s: %s"), name, strerror(errno));
        return -1;
    }
    char buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            cli_error(_("%s: cannot read: %s"), name, strerror(errno));
            goto fail;
        }
        if (r == 0) break;
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(tmp, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                cli_error(_("cannot write a temporary copy of %s: %s"), name, strerror(errno));
                goto fail;
            }
            off += w;
        }
    }
    if (close(tmp) != 0) {
        tmp = -1;
        cli_error(_("cannot write a temporary copy of %s: %s"), name, strerror(errno));
        goto fail;
    }
    return 0;
fail:
    if (tmp >= 0) close(tmp);
    priv_unlink_user(out);
    return -1;
}

/* `import --columns`: the headings import understands, by field. */
static void print_columns(void)
{
    printf(_("The first line names the columns, in English or Bulgarian (letter case,\n"
             "spaces, '_' and '-' do not matter; a trailing \"(...)\" is ignored):\n"));
    const char *field = NULL, *f;
    const char *h;
    for (size_t i = 0; (h = import_heading(i, &f)) != NULL; i++) {
        if (!field || strcmp(field, f)) {
            printf("%s%-14s", field ? "\n" : "", f);
            field = f;
        } else {
            printf(",");
        }
        printf(" %s", h);
    }
    printf(_("\nand any field of a kind added with 'kind add'.\n"));
}

static const char *encoding_name(csv_encoding e)
{
    return e == CSV_CP1251 ? "Windows-1251" : "UTF-8";
}

/* The file's format as a whole phrase: its encoding (a name, %s), whether
 * it starts with a byte order mark, and its delimiter. */
static const char *format_phrase(char d, int bom)
{
    if (d == ';')
        /* TRANSLATORS: %s is a character encoding, UTF-8 or Windows-1251. */
        return bom ? _("%s with BOM, semicolon-separated") : _("%s, semicolon-separated");
    if (d == '\t')
        /* TRANSLATORS: %s is a character encoding, UTF-8 or Windows-1251. */
        return bom ? _("%s with BOM, tab-separated") : _("%s, tab-separated");
    /* TRANSLATORS: %s is a character encoding, UTF-8 or Windows-1251. */
    return bom ? _("%s with BOM, comma-separated") : _("%s, comma-separated");
}

int cmd_import(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, O_DRY},     {"update", no_argument, NULL, O_UPDATE},
        {"skip-bad", no_argument, NULL, O_SKIP},   {"columns", no_argument, NULL, O_COLUMNS},
        {"help", no_argument, NULL, O_HELP},       {0, 0, 0, 0}};
    import_opts o;
    memset(&o, 0, sizeof o);
    int columns = 0, ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case O_DRY: o.dry_run = 1; break;
        case O_UPDATE: o.update = 1; break;
        case O_SKIP: o.skip_bad = 1; break;
        case O_COLUMNS: columns = 1; break;
        case O_HELP:
            printf(_("usage: inventar %s\n"), USAGE);
            return CLI_OK;
        default: return cli_unknown_option(USAGE, argv[optind - 1]);
        }
    }
    if (columns) {
        if (optind < argc) return cli_usage(USAGE, _("--columns takes no file"));
        print_columns();
        return CLI_OK;
    }
    if (argc - optind != 1) return cli_usage(USAGE, _("import needs one FILE (or - for "
                                                     "standard input)"));
    const char *path = argv[optind];
    const char *name = strcmp(path, "-") ? path : "stdin";
    o.name = name;

    /* A file that cannot be read twice is copied first. */
    char tmp[4096] = "";
    int fd = strcmp(path, "-") ? priv_open_user(path, O_RDONLY | O_CLOEXEC, 0) : STDIN_FILENO;
    if (fd < 0) {
        cli_error(_("%s: cannot open: %s"), name, strerror(errno));
        return CLI_FAIL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        cli_error(_("%s: %s"), name, strerror(errno));
        if (fd != STDIN_FILENO) close(fd);
        return CLI_FAIL;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_error(_("%s: is a directory"), name);
        if (fd != STDIN_FILENO) close(fd);
        return CLI_FAIL;
    }
    if (!S_ISREG(st.st_mode) || fd == STDIN_FILENO) {
        if (spool(fd, name, tmp, sizeof tmp) != 0) {
            if (fd != STDIN_FILENO) close(fd);
            return CLI_FAIL;
        }
        path = tmp;
    }
    if (fd != STDIN_FILENO) close(fd);

    int rc = CLI_FAIL;
    char *shown = term_safe(name); /* the name as printed on stdout */
    inv_db *db = cli_db(c);
    cli_progress_attach(db);
    if (!db) goto out;

    inv_err err;
    inv_err_clear(&err);
    int sniff = export_sniff(path, &err);
    if (sniff < 0) {
        cli_error("%s", err.msg);
        goto out;
    }
    if (sniff == 1) {
        if (o.update || o.skip_bad) {
            rc = cli_usage(USAGE, _("%s is an inventar export, restored whole into an empty "
                                    "database: --update and --skip-bad do not apply"), name);
            goto out;
        }
        if (export_restore(db, path, o.dry_run) != INV_OK) {
            rc = cli_db_error(db);
            goto out;
        }
        if (o.dry_run)
            printf(_("dry run: %s is an inventar export that can be restored; nothing was "
                     "written\n"), shown);
        else
            printf(_("%s: restored from the export\n"), shown);
        rc = CLI_OK;
        goto out;
    }

    import_stats s;
    inv_status ist = import_csv(db, path, &o, report, NULL, &s);
    if (o.dry_run && (ist == INV_OK || s.rows > 0)) {
        char format[128];
        snprintf(format, sizeof format, format_phrase(s.delimiter, s.bom),
                 encoding_name(s.encoding));
        /* TRANSLATORS: %1$s is the file, %2$s its format ("UTF-8 with BOM,
         * comma-separated"), %3$lld the number of rows. */
        printf(ngettext("%1$s: %2$s, %3$lld row\n", "%1$s: %2$s, %3$lld rows\n",
                        (unsigned long)s.rows),
               shown, format, (long long)s.rows);
        printf(_("dry run: %lld to import, %lld to update, %lld unchanged, %lld bad; "
                 "nothing was written\n"),
               (long long)s.imported, (long long)s.updated, (long long)s.unchanged,
               (long long)s.bad);
    } else if (ist == INV_OK) {
        printf(_("%lld imported, %lld updated, %lld unchanged, %lld bad\n"),
               (long long)s.imported, (long long)s.updated, (long long)s.unchanged,
               (long long)s.bad);
    }
    rc = ist == INV_OK ? CLI_OK : cli_db_error(db);
out:
    free(shown);
    if (tmp[0]) priv_unlink_user(tmp);
    return rc;
}
