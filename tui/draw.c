/* draw.c: colours and sanitised, width-aware text output. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static attr_t attrs[C_COUNT];

void tui_colors_init(tui_app *app)
{
    const char *nc = getenv("NO_COLOR");
    app->color = !(nc && *nc) && has_colors();
    /* Without colours: attributes alone tell the roles apart. */
    static const attr_t mono[C_COUNT] = {
        [C_NORMAL] = A_NORMAL, [C_TITLE] = A_BOLD, [C_TAB] = A_NORMAL,
        [C_TAB_CUR] = A_REVERSE | A_BOLD, [C_HEADER] = A_BOLD | A_UNDERLINE,
        [C_CURSOR] = A_REVERSE, [C_MARKED] = A_BOLD, [C_STATUS] = A_NORMAL,
        [C_ERROR] = A_BOLD, [C_FKEY] = A_NORMAL, [C_FLABEL] = A_REVERSE,
        [C_DIM] = A_DIM, [C_DIALOG] = A_NORMAL, [C_FIELD] = A_UNDERLINE,
        [C_FIELD_CUR] = A_REVERSE, [C_FOUND] = A_NORMAL, [C_DUPLICATE] = A_BOLD,
        [C_UNEXPECTED] = A_BOLD, [C_UNKNOWN] = A_BOLD,
    };
    memcpy(attrs, mono, sizeof attrs);
    if (!app->color) return;
    start_color();
    use_default_colors();
    struct { tui_color role; short fg, bg; attr_t extra; } pairs[] = {
        {C_TITLE, COLOR_WHITE, COLOR_BLUE, A_BOLD},
        {C_TAB, COLOR_WHITE, COLOR_BLUE, 0},
        {C_TAB_CUR, COLOR_BLACK, COLOR_CYAN, A_BOLD},
        {C_HEADER, COLOR_BLACK, COLOR_GREEN, 0},
        {C_CURSOR, COLOR_BLACK, COLOR_CYAN, 0},
        {C_MARKED, COLOR_YELLOW, -1, A_BOLD},
        {C_STATUS, COLOR_GREEN, -1, 0},
        {C_ERROR, COLOR_WHITE, COLOR_RED, A_BOLD},
        {C_FKEY, -1, -1, 0},
        {C_FLABEL, COLOR_BLACK, COLOR_CYAN, 0},
        {C_DIM, COLOR_BLUE, -1, A_BOLD},
        {C_DIALOG, COLOR_BLACK, COLOR_WHITE, 0},
        {C_FIELD, COLOR_WHITE, COLOR_BLUE, 0},
        {C_FIELD_CUR, COLOR_BLACK, COLOR_CYAN, 0},
        {C_FOUND, COLOR_GREEN, -1, 0},
        {C_DUPLICATE, COLOR_YELLOW, -1, A_BOLD},
        {C_UNEXPECTED, COLOR_MAGENTA, -1, A_BOLD},
        {C_UNKNOWN, COLOR_RED, -1, A_BOLD},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        short n = (short)(i + 1);
        if (init_pair(n, pairs[i].fg, pairs[i].bg) == ERR) continue;
        attrs[pairs[i].role] = COLOR_PAIR(n) | pairs[i].extra;
    }
}

attr_t tui_attr(tui_color c)
{
    return c >= 0 && c < C_COUNT ? attrs[c] : A_NORMAL;
}

int tui_wput(WINDOW *win, int y, int x, int w, const char *s, attr_t attr)
{
    if (w <= 0) return 0;
    char *safe = term_safe(s);
    size_t cap = strlen(safe) + (size_t)w + 1;
    char *fit = malloc(cap);
    if (!fit) abort();
    int used = str_fit(fit, cap, safe, w, 1);
    wattrset(win, attr);
    mvwaddstr(win, y, x, fit);
    wattrset(win, A_NORMAL);
    free(fit);
    free(safe);
    return used;
}

int tui_put(int y, int x, int w, const char *s, attr_t attr)
{
    return tui_wput(stdscr, y, x, w, s, attr);
}

void tui_fill(WINDOW *win, int y, int x, int w, attr_t attr)
{
    if (w <= 0) return;
    wattrset(win, attr);
    mvwhline(win, y, x, ' ', w);
    wattrset(win, A_NORMAL);
}

void tui_box(int y, int x, int h, int w, const char *title, attr_t attr)
{
    for (int i = 0; i < h; i++) tui_fill(stdscr, y + i, x, w, attr);
    /* The wide-character forms: Unicode box drawing in a UTF-8 locale,
     * which works where the VT100 line-drawing set is not honoured. */
    attrset(attr);
    mvadd_wch(y, x, WACS_ULCORNER);
    mvhline_set(y, x + 1, WACS_HLINE, w - 2);
    mvadd_wch(y, x + w - 1, WACS_URCORNER);
    mvvline_set(y + 1, x, WACS_VLINE, h - 2);
    mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
    mvadd_wch(y + h - 1, x, WACS_LLCORNER);
    mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
    mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
    attrset(A_NORMAL);
    if (title && *title) {
        char t[256];
        snprintf(t, sizeof t, " %s ", title);
        char *safe = term_safe(t);
        int tw = str_width(safe);
        if (tw > w - 4) tw = w - 4;
        tui_put(y, x + (w - tw) / 2, tw, safe, attr | A_BOLD);
        free(safe);
    }
}

void tui_count_str(int64_t n, char *out, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? -n : n));
    size_t len = strlen(digits), o = 0;
    if (n < 0 && o + 1 < size) out[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0) out[o++] = ' ';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}
