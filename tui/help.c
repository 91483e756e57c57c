/* help.c: the help screen, generated from the key table (keys.c) so
 * that it always tells the keys as they are. */
#include <string.h>

#include "tui.h"

static int top;

/* The help lines: one per action that has a named key and that the
 * login's role allows (an auditor's help lists no act). */
static int help_line(inv_db *db, int i, char *keys, size_t kn, char *where, size_t wn,
                     tui_action *act)
{
    int k = 0;
    for (tui_action a = A_NONE + 1; a < A_COUNT; a++) {
        if (!tui_offered(db, a)) continue;
        int any = 0;
        unsigned screens = 0;
        for (int j = 0; j < tui_nkeys; j++)
            if (tui_keys[j].action == a && tui_keys[j].name) {
                any = 1;
                screens |= tui_keys[j].screens;
            }
        if (!any) continue;
        if (k++ != i) continue;
        keys[0] = '\0';
        size_t o = 0;
        for (int j = 0; j < tui_nkeys; j++) {
            if (tui_keys[j].action != a || !tui_keys[j].name) continue;
            int n = snprintf(keys + o, kn - o, "%s%s", o ? ", " : "", tui_keys[j].name);
            if (n < 0 || (size_t)n >= kn - o) break;
            o += (size_t)n;
        }
        where[0] = '\0';
        if ((screens & ON_ALL) != ON_ALL) {
            static const struct { tui_screen_id s; const char *name; } names[] = {
                {SCR_ASSETS, N_("Assets")}, {SCR_OFFICES, N_("Offices")},
                {SCR_LABELS, N_("Labels")}, {SCR_DETAIL, N_("Asset detail")},
                {SCR_SCAN, N_("Stock check")},
            };
            o = 0;
            for (size_t j = 0; j < sizeof names / sizeof names[0]; j++) {
                if (!(screens & ON(names[j].s))) continue;
                int n = snprintf(where + o, wn - o, "%s%s", o ? ", " : "", _(names[j].name));
                if (n < 0 || (size_t)n >= wn - o) break;
                o += (size_t)n;
            }
        }
        *act = a;
        return 1;
    }
    return 0;
}

static int help_count(inv_db *db)
{
    char k[128], w[128];
    tui_action a;
    int n = 0;
    while (help_line(db, n, k, sizeof k, w, sizeof w, &a)) n++;
    return n;
}

static void help_open(tui_app *app)
{
    (void)app;
    top = 0;
}

static void help_draw(tui_app *app)
{
    tui_put(1, 0, app->cols, _("Keys (Esc or F1 closes this help)"), A_BOLD);
    int tw = str_width(_("Keys (Esc or F1 closes this help)"));
    if (authz_role(app->db) != ROLE_ADMIN && tw + 3 < app->cols) {
        char note[256];
        /* TRANSLATORS: beside the help's title, for an operator or an
         * auditor; %1$s is the role ("operator"), %2$s the login. */
        snprintf(note, sizeof note, _("only the keys of what %1$s %2$s may do"),
                 role_text(authz_role(app->db)), authz_login(app->db));
        tui_put(1, tw + 2, app->cols - tw - 2, note, tui_attr(C_DIM));
    }
    tui_fill(stdscr, 2, 0, app->cols, tui_attr(C_HEADER));
    /* The key and "where" columns as wide as their widest text (of the
     * translation), within a quarter and a third of the screen; the
     * action's description takes the rest. */
    int kw = str_width(_("Key")), ww = str_width(_("Where"));
    int n = help_count(app->db);
    for (int i = 0; i < n; i++) {
        char keys[128], where[128];
        tui_action a;
        if (!help_line(app->db, i, keys, sizeof keys, where, sizeof where, &a)) break;
        int k = str_width(keys), w = str_width(where[0] ? where : _("everywhere"));
        if (k > kw) kw = k;
        if (w > ww) ww = w;
    }
    if (kw > app->cols / 4) kw = app->cols / 4;
    if (ww > app->cols / 3) ww = app->cols / 3;
    int hw = app->cols - kw - ww - 4;
    tui_put(2, 1, kw, _("Key"), tui_attr(C_HEADER));
    tui_put(2, 3 + kw, hw, _("Action"), tui_attr(C_HEADER));
    tui_put(2, 4 + kw + hw, ww, _("Where"), tui_attr(C_HEADER));
    int h = app->rows - 6;
    if (top > n - h) top = n - h;
    if (top < 0) top = 0;
    for (int r = 0; r < h && top + r < n; r++) {
        char keys[128], where[128];
        tui_action a;
        if (!help_line(app->db, top + r, keys, sizeof keys, where, sizeof where, &a)) break;
        tui_put(3 + r, 1, kw, keys, A_BOLD);
        tui_put(3 + r, 3 + kw, hw, _(tui_action_help(a)), A_NORMAL);
        tui_put(3 + r, 4 + kw + hw, ww, where[0] ? where : _("everywhere"), tui_attr(C_DIM));
    }
    tui_put(app->rows - 3, 1, app->cols - 2,
            _("Mouse: a click selects a row, a second click opens it; the F-key bar and "
              "the tabs take clicks too."),
            tui_attr(C_DIM));
}

static tui_result help_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    (void)ch;
    int h = app->rows - 6;
    switch (act) {
    case A_UP: if (top > 0) top--; return TUI_HANDLED;
    case A_DOWN: top++; return TUI_HANDLED;
    case A_PGUP: top -= h; return TUI_HANDLED;
    case A_PGDN: top += h; return TUI_HANDLED;
    case A_HOME: top = 0; return TUI_HANDLED;
    case A_END: top = 1 << 20; return TUI_HANDLED;
    case A_QUIT:
        if (is_code) return TUI_UNHANDLED; /* F10 quits; q closes the help */
        /* fall through */
    case A_HELP:
        /* F1 and q close the help, as Esc does. */
        app->cur = app->help_back;
        return TUI_HANDLED;
    default: return TUI_UNHANDLED;
    }
}

const tui_screen tui_help_screen = {
    .title = N_("Help"),
    .open = help_open,
    .draw = help_draw,
    .key = help_key,
    .mouse = NULL,
    .done = NULL,
};
