/* cmd_tui.c: `inventar` with no command: the terminal UI (tui/). */
#include <time.h>

#include "cmds.h"
#include "tui.h"

int cmd_tui(cli_ctx *c, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* Start of the clock for INVENTAR_TUI_TIMINGS' first_screen_ms: the
     * database is opened, checked and migrated within it. */
    double t0 = tui_now_ms();
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    /* A screen should not freeze for long behind another writer: after
     * 3 s the status line says the database is busy. */
    db_set_busy_timeout(db, 3000);
    return tui_run(db, t0) == 0 ? CLI_OK : CLI_FAIL;
}
