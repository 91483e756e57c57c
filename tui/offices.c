/* offices.c: the office tree with asset counts per status (each office
 * with its sub-offices); Enter lists that office's assets; / finds an
 * office as you type (code, short name or name, any case, Cyrillic or
 * Latin), n and N go on to the next and previous match. */
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "tui.h"

static struct {
    browse_office *v;
    int n;
    int cur, top;
    int loaded;
    unsigned gen;   /* app->data_gen when read */
    int searching;  /* the search line has the keyboard */
    tui_line search;
    char pat[INV_NAME_MAX * 2 + 1]; /* what is searched for, folded; "" none */
    int from;       /* where the search being typed started */
    int nomatch;    /* the pattern matches no office */
} O;

/* 1 when office i matches the folded pattern O.pat. */
static int matches(int i)
{
    const inv_office *o = &O.v[i].office;
    const char *fields[] = {o->code, o->short_name, o->name};
    char f[INV_NAME_MAX * 2 + 1];
    for (int k = 0; k < 3; k++) {
        utf8_fold(fields[k], f, sizeof f);
        if (strstr(f, O.pat)) return 1;
    }
    return 0;
}

/* Move to the first match from index start on in direction dir (+1 or
 * -1), wrapping around. Returns 0 when no office matches. */
static int find(int start, int dir)
{
    if (!O.pat[0] || O.n == 0) return 0;
    for (int k = 0; k < O.n; k++) {
        int i = ((start + dir * k) % O.n + O.n) % O.n;
        if (matches(i)) {
            O.cur = i;
            return 1;
        }
    }
    return 0;
}

static void search_changed(void)
{
    char typed[INV_NAME_MAX + 1];
    tui_line_get(&O.search, typed, sizeof typed);
    utf8_fold(typed, O.pat, sizeof O.pat);
    O.nomatch = O.pat[0] && !find(O.from, 1);
    if (!O.pat[0]) O.cur = O.from;
}

static void offices_open(tui_app *app)
{
    /* The counts read the whole asset table: only again after a change
     * (or Ctrl-L). */
    if (O.loaded && O.gen == app->data_gen) return;
    int64_t keep = O.n > 0 ? O.v[O.cur].office.id : 0;
    free(O.v);
    O.v = NULL;
    O.n = 0;
    if (browse_office_tree(app->db, 1, &O.v, &O.n) != INV_OK) {
        tui_db_err(app);
        return;
    }
    O.loaded = 1;
    O.gen = app->data_gen;
    O.cur = 0;
    for (int i = 0; i < O.n; i++)
        if (O.v[i].office.id == keep) O.cur = i;
}

static int64_t count_of(const office_counts *c, int col)
{
    switch (col) {
    case 0: return c->in_stock;
    case 1: return c->assigned;
    case 2: return c->in_repair;
    case 3: return c->missing;
    case 4: return c->written_off;
    default: return c->in_stock + c->assigned + c->in_repair + c->missing + c->written_off;
    }
}

static void offices_draw(tui_app *app)
{
    static const char *const heads[] = {N_("in stock"), N_("assigned"), N_("in repair"),
                                        N_("missing"), N_("written off"), N_("total")};
    /* As many count columns as fit beside a readable name. */
    static const int all[] = {0, 1, 2, 3, 4, 5};
    static const int five[] = {0, 1, 2, 3, 5};
    static const int three[] = {0, 1, 5};
    static const int two[] = {1, 5};
    int ncols = app->cols >= 120 ? 6 : app->cols >= 90 ? 5 : app->cols >= 70 ? 3 : 2;
    const int *cols = ncols == 6 ? all : ncols == 5 ? five : ncols == 3 ? three : two;
    /* Count columns as wide as their heads; the code as its longest; the
     * (short) name takes the rest. */
    int cw = 7;
    for (int c = 0; c < ncols; c++) {
        int tw = str_width(_(heads[cols[c]]));
        if (tw > cw) cw = tw;
    }
    if (cw > 12) cw = 12;
    int codew = str_width(_("Code"));
    for (int i = 0; i < O.n; i++) {
        int w = str_width(O.v[i].office.code);
        if (w > codew) codew = w;
    }
    if (codew > app->cols / 5) codew = app->cols / 5;
    int namew = app->cols - codew - ncols * (cw + 1) - 2;
    if (O.searching || O.pat[0]) {
        const char *label = _("Find office: ");
        int lw = tui_put(1, 0, str_width(label), label, A_BOLD);
        const char *note = O.nomatch ? _("no match") : _("n, N: next, previous");
        int nw = str_width(note) + 2;
        if (O.searching) {
            tui_line_draw(&O.search, 1, lw, app->cols - lw - nw - 1, tui_attr(C_FIELD_CUR), 1);
        } else {
            char typed[INV_NAME_MAX + 1];
            tui_line_get(&O.search, typed, sizeof typed);
            tui_put(1, lw, app->cols - lw - nw - 1, typed, A_NORMAL);
        }
        tui_put(1, app->cols - nw, nw, note, O.nomatch ? tui_attr(C_ERROR) : A_DIM);
    } else {
        tui_put(1, 0, app->cols, _("Offices, with the assets of each and of its sub-offices. "
                                   "Enter lists them, / finds one."), A_BOLD);
    }
    tui_fill(stdscr, 2, 0, app->cols, tui_attr(C_HEADER));
    tui_put(2, 1, namew, _("Office"), tui_attr(C_HEADER));
    tui_put(2, 1 + namew + 1, codew, _("Code"), tui_attr(C_HEADER));
    for (int c = 0; c < ncols; c++) {
        const char *t = _(heads[cols[c]]);
        int tw = str_width(t);
        if (tw > cw) tw = cw;
        tui_put(2, 1 + namew + 1 + codew + c * (cw + 1) + (cw - tw), tw, t,
                tui_attr(C_HEADER));
    }
    int h = app->rows - 5;
    if (O.cur < O.top) O.top = O.cur;
    if (O.cur >= O.top + h) O.top = O.cur - h + 1;
    for (int r = 0; r < h && O.top + r < O.n; r++) {
        const browse_office *b = &O.v[O.top + r];
        int y = 3 + r;
        attr_t a = O.top + r == O.cur ? tui_attr(C_CURSOR) : A_NORMAL;
        if (!b->office.active && O.top + r != O.cur) a |= A_DIM;
        tui_fill(stdscr, y, 0, app->cols, a);
        char name[INV_NAME_MAX + 140];
        int ind = b->depth * 2;
        if (ind > 20) ind = 20;
        snprintf(name, sizeof name, "%*s%s%s", ind, "", office_short(&b->office),
                 b->office.active ? "" : _(" (inactive)"));
        tui_put(y, 1, namew, name, a);
        tui_put(y, 1 + namew + 1, codew, b->office.code, a);
        for (int c = 0; c < ncols; c++) {
            char num[32];
            int64_t v = count_of(&b->total, cols[c]);
            if (v) tui_count_str(v, num, sizeof num);
            else str_copy(num, sizeof num, "·");
            int nw = str_width(num);
            if (nw > cw) nw = cw;
            tui_put(y, 1 + namew + 1 + codew + c * (cw + 1) + (cw - nw), nw, num, a);
        }
    }
    if (O.n == 0)
        tui_put(4, 2, app->cols - 4, _("No offices yet: add them with 'inventar office add'."),
                A_DIM);
}

static tui_result offices_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    int h = app->rows - 5;
    if (O.searching) {
        int enter = (!is_code && (ch == '\n' || ch == '\r')) || (is_code && ch == KEY_ENTER);
        if (enter || (!is_code && ch == 27)) {
            /* Enter or Esc: leave the line, the cursor where it is. */
            O.searching = 0;
            return TUI_HANDLED;
        }
        if (is_code && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_NPAGE || ch == KEY_PPAGE)) {
            O.searching = 0; /* and move, below */
        } else {
            if (tui_line_key(&O.search, ch, is_code)) search_changed();
            return TUI_HANDLED;
        }
    }
    switch (act) {
    case A_SEARCH:
        O.searching = 1;
        O.from = O.cur;
        O.nomatch = 0;
        O.search.maxbytes = INV_NAME_MAX;
        tui_line_set(&O.search, "");
        O.pat[0] = '\0';
        break;
    case A_FIND_NEXT:
    case A_FIND_PREV:
        if (!O.pat[0]) {
            tui_msg(app, "%s", _("Type / and what to find first."));
            break;
        }
        O.nomatch = !find(O.cur + (act == A_FIND_NEXT ? 1 : -1), act == A_FIND_NEXT ? 1 : -1);
        break;
    case A_BACK:
        if (!O.pat[0]) return TUI_UNHANDLED;
        O.pat[0] = '\0'; /* Esc: forget the search */
        O.nomatch = 0;
        break;
    case A_UP: if (O.cur > 0) O.cur--; break;
    case A_DOWN: if (O.cur < O.n - 1) O.cur++; break;
    case A_PGUP: O.cur = O.cur > h ? O.cur - h : 0; break;
    case A_PGDN: O.cur = O.cur + h < O.n ? O.cur + h : O.n - 1; break;
    case A_HOME: O.cur = 0; break;
    case A_END: O.cur = O.n - 1; break;
    case A_OPEN:
        if (O.n > 0) tui_assets_show_office(app, O.v[O.cur].office.id);
        break;
    case A_CHECK:
        if (O.n > 0) tui_scan_office(app, O.v[O.cur].office.id);
        break;
    default: return TUI_UNHANDLED;
    }
    if (O.cur < 0) O.cur = 0;
    return TUI_HANDLED;
}

static void offices_mouse(tui_app *app, int y, int x)
{
    (void)x;
    int r = O.top + y - 3;
    if (y < 3 || r >= O.n) return;
    if (r == O.cur) tui_assets_show_office(app, O.v[r].office.id);
    else O.cur = r;
}

static void offices_done(tui_app *app)
{
    (void)app;
    free(O.v);
    O.v = NULL;
    O.n = 0;
    O.loaded = 0;
}

const tui_screen tui_offices_screen = {
    .title = N_("Offices"),
    .open = offices_open,
    .draw = offices_draw,
    .key = offices_key,
    .mouse = offices_mouse,
    .done = offices_done,
};
