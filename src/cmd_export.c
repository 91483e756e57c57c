/* cmd_export.c: `export [--format csv|json] [-o FILE]`. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "inventar/export.h"

static const char USAGE[] =
    "export [--format json|csv] [-o FILE]\n"
    "  Everything needed to rebuild the inventory (offices, kinds, funding, assets,\n"
    "  the whole history). JSON by default, CSV when FILE ends in .csv; to standard\n"
    "  output unless -o FILE is given (written whole or not at all, mode 0600).\n"
    "  Rebuild a database from it with 'inventar --db NEW.db init' and then\n"
    "  'inventar --db NEW.db import FILE'.";

/* 1 when path ends in ".csv" (any case). */
static int ends_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/* Write the export into a temporary file beside path (mode 0600: it holds
 * the inventory), then rename it over path, so that a reader never sees
 * half an export; a device or pipe is written straight through. */
static int export_to_file(inv_db *db, export_format fmt, const char *path)
{
    safe_file sf;
    FILE *fp = NULL;
    if (safe_file_open(&sf, path, 0600) != 0 || !(fp = fdopen(sf.fd, "w"))) {
        int e = errno;
        if (!fp && sf.fd >= 0) safe_file_abort(&sf, NULL);
        cli_error(_("%s: cannot create a file there: %s"), path, safe_file_strerror(e));
        return CLI_FAIL;
    }
    setvbuf(fp, NULL, _IOFBF, 1 << 16);
    inv_status st = export_write(db, fmt, fp);
    if (st != INV_OK) {
        safe_file_abort(&sf, fp);
        return cli_db_error(db);
    }
    if (safe_file_commit(&sf, fp) != 0) {
        cli_error(_("%s: writing failed: %s"), path, safe_file_strerror(errno));
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cmd_export(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    const char *out = NULL, *format = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (ch) {
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        default: return cli_unknown_option(USAGE, argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage(USAGE, _("unexpected argument '%s'"), argv[optind]);
    export_format fmt = out && ends_csv(out) ? EXPORT_CSV : EXPORT_JSON;
    if (format) {
        if (!strcmp(format, "json")) fmt = EXPORT_JSON;
        else if (!strcmp(format, "csv")) fmt = EXPORT_CSV;
        else return cli_usage(USAGE, _("unknown format '%s' (json, csv)"), format);
    }
    if (out && !*out) return cli_usage(USAGE, _("-o needs a file name"));
    /* The export is exact, so it is not sanitised: it must not reach a
     * terminal, where a name could hold escape sequences. */
    if ((!out || !strcmp(out, "-")) && isatty(STDOUT_FILENO))
        return cli_usage(USAGE, _("the export is not written to a terminal: give -o FILE "
                                  "or redirect the output"));

    /* Never create a database just to export nothing from it. */
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    cli_progress_attach(db);
    if (out && strcmp(out, "-") != 0) return export_to_file(db, fmt, out);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    if (export_write(db, fmt, stdout) != INV_OK) return cli_db_error(db);
    return CLI_OK;
}
