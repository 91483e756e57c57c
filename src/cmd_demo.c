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
    /* Each count a noun phrase ("112 offices"), the summary lists them. */
    char p[8][80];
#define COUNT(i, f, v) snprintf(p[i], sizeof p[i], f, (long long)(v))
#define NUM(v) ((unsigned long)(v))
    COUNT(0, ngettext("%lld office", "%lld offices", NUM(s.offices)), s.offices);
    COUNT(1, ngettext("%lld funding project", "%lld funding projects", NUM(s.funding)),
          s.funding);
    COUNT(2, ngettext("%lld asset", "%lld assets", NUM(s.assets)), s.assets);
    COUNT(3, ngettext("%lld vehicle", "%lld vehicles", NUM(s.vehicles)), s.vehicles);
    COUNT(4, ngettext("%lld tablet", "%lld tablets", NUM(s.tablets)), s.tablets);
    COUNT(5, ngettext("%lld computer configuration", "%lld computer configurations",
                      NUM(s.computers)), s.computers);
    COUNT(6, ngettext("%lld front-office item", "%lld front-office items", NUM(s.front)),
          s.front);
    COUNT(7, ngettext("%lld event", "%lld events", NUM(s.events)), s.events);
#undef NUM
#undef COUNT
    /* TRANSLATORS: the demo's summary: %1$s to %8$s are counts ("112
     * offices", "4 funding projects", "1622 assets", then the assets by
     * kind: vehicles, tablets, computer configurations, front-office
     * items, and "3000 events"); %9$.1f the seconds it took. */
    printf(_("demo: %1$s, %2$s, %3$s (%4$s, %5$s, %6$s, %7$s), %8$s in %9$.1f s\n"), p[0], p[1],
           p[2], p[3], p[4], p[5], p[6], p[7], secs);
    return CLI_OK;
}
