/* cmd_demo.c: `demo [--scale N]`: fill an empty database with the seeds'
 * world (see inventar/demo.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "inventar/demo.h"

static const char USAGE_DEMO[] = "demo [--scale N]";

int cmd_demo(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {{"scale", required_argument, NULL, 's'},
                                         {0, 0, 0, 0}};
    long scale = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 's') {
            char *end;
            scale = strtol(optarg, &end, 10);
            if (!*optarg || *end || scale < 1 || scale > DEMO_SCALE_MAX)
                return cli_usage(USAGE_DEMO, _("--scale needs a whole number from 1 to %d, "
                                               "not '%s'"), DEMO_SCALE_MAX, optarg);
            continue;
        }
        return cli_unknown_option(USAGE_DEMO, argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage(USAGE_DEMO, _("unexpected argument '%s'"), argv[optind]);
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    cli_progress_attach(db);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    demo_summary s;
    if (demo_fill(db, (int)scale, &s) != INV_OK) return cli_db_error(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf(_("demo: %lld offices, %lld funding projects, %lld assets (%lld vehicles, "
             "%lld tablets, %lld computer configurations, %lld front-office items), "
             "%lld events in %.1f s\n"),
           (long long)s.offices, (long long)s.funding, (long long)s.assets,
           (long long)s.vehicles, (long long)s.tablets, (long long)s.computers,
           (long long)s.front, (long long)s.events, secs);
    return CLI_OK;
}
