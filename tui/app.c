/* app.c: the TUI's life: terminal set-up and restore (on every exit,
 * signals included), the main loop, tabs, status line and F-key bar. */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "inventar/priv.h"
#include "tui.h"

static const tui_screen *const screens[SCR_COUNT] = {
    [SCR_ASSETS] = &tui_assets_screen, [SCR_OFFICES] = &tui_offices_screen,
    [SCR_LABELS] = &tui_labels_screen, [SCR_DETAIL] = &tui_detail_screen,
    [SCR_SCAN] = &tui_scan_screen, [SCR_HELP] = &tui_help_screen,
};

/* ---- terminal restore ---- */

static volatile sig_atomic_t curses_on;

static void restore_terminal(void)
{
    if (curses_on) {
        curses_on = 0;
        endwin();
    }
}

/* Fatal and terminating signals: put the terminal back, then die of the
 * same signal (so the exit status tells what happened). endwin() is not
 * async-signal-safe, but this is the last thing the process does (htop
 * does the same in its CRT_handleSIGSEGV). */
static void on_signal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV,
                                    SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        sigaction(fatal_signals[i], &sa, NULL);
}

static void reset_signals(void)
{
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        signal(fatal_signals[i], SIG_DFL);
}

/* ---- status line, timings, marks ---- */

static void vmsg(tui_app *app, int err, const char *fmt, va_list ap)
{
    vsnprintf(app->status, sizeof app->status, fmt, ap);
    app->status_err = err;
}

void tui_msg(tui_app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(app, 0, fmt, ap);
    va_end(ap);
}

void tui_err(tui_app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(app, 1, fmt, ap);
    va_end(ap);
}

void tui_db_err(tui_app *app)
{
    const char *m = db_errmsg(app->db);
    tui_err(app, "%s", m && *m ? m : _("database error"));
}

double tui_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void tui_timing(tui_app *app, const char *what, double ms)
{
    if (!app->timings) return;
    fprintf(app->timings, "%s %.3f\n", what, ms);
    fflush(app->timings);
}

/* Resident memory in KiB from /proc/self/status, or -1. */
static long rss_kib(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, fp))
        if (!strncmp(line, "VmRSS:", 6)) kb = strtol(line + 6, NULL, 10);
    fclose(fp);
    return kb;
}

static int mark_find(const tui_app *app, int64_t id, int *at)
{
    int lo = 0, hi = app->nmarks;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (app->marks[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    *at = lo;
    return lo < app->nmarks && app->marks[lo].id == id;
}

int tui_marked(const tui_app *app, int64_t id)
{
    int at;
    return mark_find(app, id, &at);
}

void tui_mark_toggle(tui_app *app, int64_t id, const char *tag)
{
    int at;
    if (mark_find(app, id, &at)) {
        memmove(&app->marks[at], &app->marks[at + 1],
                (size_t)(app->nmarks - at - 1) * sizeof app->marks[0]);
        app->nmarks--;
        return;
    }
    if (app->nmarks == app->capmarks) {
        int cap = app->capmarks ? app->capmarks * 2 : 64;
        tui_mark *m = realloc(app->marks, (size_t)cap * sizeof *m);
        if (!m) abort();
        app->marks = m;
        app->capmarks = cap;
    }
    memmove(&app->marks[at + 1], &app->marks[at],
            (size_t)(app->nmarks - at) * sizeof app->marks[0]);
    app->marks[at].id = id;
    str_copy(app->marks[at].tag, sizeof app->marks[at].tag, tag);
    app->nmarks++;
}

void tui_marks_clear(tui_app *app)
{
    app->nmarks = 0;
}

int tui_too_small(const tui_app *app)
{
    return app->cols < TUI_MIN_COLS || app->rows < TUI_MIN_ROWS;
}

/* ---- screens ---- */

void tui_switch(tui_app *app, tui_screen_id s)
{
    app->cur = s;
    if (screens[s]->open) screens[s]->open(app);
}

void tui_open_detail(tui_app *app, int64_t id, const char *tag)
{
    app->detail_id = id;
    str_copy(app->detail_tag, sizeof app->detail_tag, tag);
    if (app->cur != SCR_DETAIL && app->cur != SCR_HELP) app->back = app->cur;
    tui_switch(app, SCR_DETAIL);
}

void tui_back(tui_app *app)
{
    if (app->cur == SCR_HELP) {
        app->cur = app->help_back;
    } else if (app->cur == SCR_DETAIL) {
        tui_screen_id to = app->back < TUI_TABS ? app->back : SCR_ASSETS;
        app->cur = to; /* no reopen: the screen keeps its place */
        if (app->data_changed && screens[to]->open) screens[to]->open(app);
    }
}

/* ---- bars ---- */

static void draw_tabs(tui_app *app)
{
    tui_fill(stdscr, 0, 0, app->cols, tui_attr(C_TAB));
    int x = 0;
    x += tui_put(0, x, 10, " inventar ", tui_attr(C_TITLE));
    for (int i = 0; i < TUI_TABS; i++) {
        char t[64];
        snprintf(t, sizeof t, " %s ", _(screens[i]->title));
        int w = str_width(t);
        if (x + w >= app->cols) break;
        int cur = app->cur == (tui_screen_id)i ||
                  (i == SCR_ASSETS && app->cur == SCR_DETAIL && app->back == SCR_ASSETS);
        tui_put(0, x, w, t, tui_attr(cur ? C_TAB_CUR : C_TAB));
        x += w + 1;
    }
    if (app->cur >= TUI_TABS) { /* the detail, the scan screen, the help */
        char t[96];
        snprintf(t, sizeof t, " %s ", _(screens[app->cur]->title));
        int w = str_width(t);
        if (x + w < app->cols) tui_put(0, x, w, t, tui_attr(C_TAB_CUR));
        x += w + 1;
    }
    /* On the right: who acts, with what role (a shared database), and
     * the database; the login and role first when not both fit. */
    char who[256];
    tui_who(app, who, sizeof who);
    int ww = who[0] ? str_width(who) + 2 : 0;
    const char *path = db_path(app->db);
    int pw = str_width(path) + 1;
    if (x + ww + pw + 2 < app->cols) {
        tui_put(0, app->cols - pw, pw, path, tui_attr(C_TAB));
        if (ww) tui_put(0, app->cols - pw - ww, ww - 1, who, tui_attr(C_TITLE));
    } else if (ww && x + ww + 1 < app->cols) {
        tui_put(0, app->cols - ww, ww - 1, who, tui_attr(C_TITLE));
    }
}

static void draw_status(tui_app *app)
{
    int y = app->rows - 2;
    tui_fill(stdscr, y, 0, app->cols, A_NORMAL);
    if (app->status[0])
        tui_put(y, 0, app->cols, app->status,
                tui_attr(app->status_err ? C_ERROR : C_STATUS));
}

/* Where each F-key bar entry sits, for mouse clicks. */
static struct { int x0, x1; tui_action act; } bar_hits[16];
static int nbar_hits;

/* The F-key bar lays itself out from the translated labels: each entry is
 * its number, its label and one blank, so no label runs into the next
 * number. When all fit, the room left is shared evenly; when not, the
 * longest labels are cut to one common width (as large as the terminal
 * allows) and end in an ellipsis, so none shrinks to nothing while
 * another keeps room it does not need. */
static void draw_fbar(tui_app *app)
{
    enum { NF = 10 };
    int y = app->rows - 1;
    tui_fill(stdscr, y, 0, app->cols, tui_attr(C_FLABEL));
    const tui_key *ks[NF];
    const char *lab[NF];
    int nw[NF], lw[NF], w[NF];
    int n = 0, fixed = 0, sum = 0;
    for (int f = 1; f <= NF; f++) {
        const tui_key *k = NULL;
        for (int i = 0; i < tui_nkeys && !k; i++)
            if (tui_keys[i].key == KEY_F(f) && tui_keys[i].bar &&
                (tui_keys[i].screens & ON(app->cur)) &&
                tui_offered(app->db, tui_keys[i].action)) /* only what the role allows */
                k = &tui_keys[i];
        /* A terminal too narrow for the numbers alone shows the first ones. */
        int d = f < 10 ? 1 : 2;
        if (fixed + d + 1 > app->cols) break;
        ks[n] = k;
        lab[n] = k ? inv_pgettext("key bar", k->bar) : "";
        nw[n] = d;
        lw[n] = str_width(lab[n]);
        fixed += d + 1;
        sum += lw[n];
        n++;
    }
    int room = app->cols - fixed, t = 0;
    if (sum <= room) {
        for (int i = 0; i < n; i++) w[i] = lw[i];
        t = sum;
    } else {
        /* The largest cap c with sum(min(lw, c)) <= room, then what is
         * left goes one column at a time to the labels still cut. */
        int c = 0;
        for (;;) {
            int u = 0;
            for (int i = 0; i < n; i++) u += lw[i] < c + 1 ? lw[i] : c + 1;
            if (u > room) break;
            c++;
        }
        for (int i = 0; i < n; i++) t += w[i] = lw[i] < c ? lw[i] : c;
        for (int i = 0; i < n && t < room; i++)
            if (w[i] < lw[i]) { w[i]++; t++; }
    }
    /* Spread the room left evenly over the entries. */
    int extra = room - t;
    for (int i = 0; i < n && extra > 0; i++) {
        int give = extra / (n - i);
        w[i] += give;
        extra -= give;
    }
    int x = 0;
    nbar_hits = 0;
    for (int i = 0; i < n; i++) {
        char num[16], cut[256];
        snprintf(num, sizeof num, "%d", (int)(i + 1));
        tui_put(y, x, nw[i], num, tui_attr(C_FKEY));
        const char *show = lab[i];
        if (w[i] < lw[i]) {
            /* Cut at a character, an ellipsis in place of the rest. */
            char *safe = term_safe(lab[i]);
            cut[0] = '\0';
            if (w[i] > 1) str_fit(cut, sizeof cut - 4, safe, w[i] - 1, 0);
            free(safe);
            strcat(cut, "\xe2\x80\xa6");
            show = cut;
        }
        tui_put(y, x + nw[i], w[i], show, tui_attr(C_FLABEL));
        if (ks[i] && nbar_hits < 16) {
            bar_hits[nbar_hits].x0 = x;
            bar_hits[nbar_hits].x1 = x + nw[i] + w[i];
            bar_hits[nbar_hits].act = ks[i]->action;
            nbar_hits++;
        }
        x += nw[i] + w[i] + 1;
    }
}

/* ---- progress of long work (db_set_progress) ---- */

#define PROGRESS_MIN_MS 200.0 /* 5 updates a second at most */

static struct {
    const char *phase;   /* the phase being timed */
    double t0, last;     /* when it began, when it was last drawn (ms) */
    int shown;           /* the status line holds a progress text */
} prog;

/* The core's progress (labels drawn, a stock check applied...) on the
 * status line: what, how far, about how long is left; drawn and
 * refreshed at once, since the main loop is busy until the work ends.
 * The caller's own message replaces it when the work is done. */
static void tui_progress(void *arg, const char *phase, int64_t done, int64_t total)
{
    tui_app *app = arg;
    double t = tui_now_ms();
    if (!phase) return;
    if (phase != prog.phase) {
        prog.phase = phase;
        prog.t0 = t;
        prog.last = 0;
    }
    if (total > 0 && done >= total) {
        prog.phase = NULL;
        if (prog.shown) app->status[0] = '\0';
        prog.shown = 0;
        return;
    }
    if (prog.last > 0 && t - prog.last < PROGRESS_MIN_MS) return;
    prog.last = t;
    char a[32], b[32], left[96] = "";
    tui_count_str(done < 0 ? 0 : done, a, sizeof a);
    if (total > 0) {
        tui_count_str(total, b, sizeof b);
        double secs = (t - prog.t0) / 1000.0;
        /* An estimate once there is something to go by. */
        if (done > 0 && secs >= 1.0) {
            double rest = secs * (double)(total - done) / (double)done;
            if (rest < 60)
                snprintf(left, sizeof left, _(", about %d s left"), (int)rest + 1);
            else
                snprintf(left, sizeof left, _(", about %d min left"), (int)(rest / 60) + 1);
        }
        /* TRANSLATORS: a progress line: "Importing: 1 024 of 5 000 (20%), about 3 s left". */
        tui_msg(app, _("%s: %s of %s (%d%%)%s"), _(phase), a, b, (int)(done * 100 / total),
                left);
    } else if (done == 0) {
        tui_msg(app, "%s", _(phase));
    } else {
        /* TRANSLATORS: a progress line when the end is not known: "Reading: 1 024". */
        tui_msg(app, _("%s: %s"), _(phase), a);
    }
    prog.shown = 1;
    if (!curses_on || tui_too_small(app)) return;
    draw_status(app);
    refresh();
}

static void draw_too_small(tui_app *app)
{
    erase();
    char m[160];
    snprintf(m, sizeof m, _("Terminal too small (%dx%d): inventar needs at least %dx%d."),
             app->cols, app->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
    int w = app->cols;
    int y = app->rows / 2;
    if (y < 0) y = 0;
    tui_put(y, 0, w, m, A_BOLD);
    if (y + 1 < app->rows) tui_put(y + 1, 0, w, _("Enlarge the window, or press q to quit."),
                                   A_NORMAL);
}

void tui_draw_all(tui_app *app)
{
    if (tui_too_small(app)) {
        draw_too_small(app);
        return;
    }
    erase();
    screens[app->cur]->draw(app);
    draw_tabs(app);
    draw_status(app);
    draw_fbar(app);
}

/* An escape sequence that terminfo does not know arrives as ESC and
 * the rest at once; swallow it so that it does not act as Esc. Returns
 * 1 when it was such a sequence. */
static int swallow_sequence(void)
{
    wint_t c;
    timeout(0);
    int rc = get_wch(&c);
    if (rc == ERR) {
        timeout(-1);
        return 0;
    }
    if (rc != OK || (c != '[' && c != 'O')) {
        /* Esc, then another key typed quickly: keep both. */
        if (rc == KEY_CODE_YES) ungetch((int)c);
        else unget_wch((wchar_t)c);
        timeout(-1);
        return 0;
    }
    /* CSI/SS3: parameters, then a final byte in @..~. */
    for (int i = 0; i < 16 && get_wch(&c) == OK; i++)
        if (c >= 0x40 && c <= 0x7e) break;
    timeout(-1);
    return 1;
}

void tui_getkey(tui_app *app, wint_t *ch, int *is_code)
{
    while (!tui_getkey_wait(app, ch, is_code, -1)) {}
}

int tui_getkey_wait(tui_app *app, wint_t *ch, int *is_code, int ms)
{
    for (;;) {
        timeout(ms);
        int rc = get_wch(ch);
        timeout(-1);
        if (rc == ERR) {
            if (ms >= 0) return 0;
            continue;
        }
        *is_code = rc == KEY_CODE_YES;
        if (*is_code && *ch == KEY_RESIZE) {
            getmaxyx(stdscr, app->rows, app->cols);
            app->resized = 1;
        }
        if (!*is_code && *ch == 27 && swallow_sequence()) continue;
        return 1;
    }
}

/* Key sequences that terminals send under a TERM that does not list
 * them (PuTTY and tmux with TERM=xterm: Home and End as ESC [1~ and
 * ESC [4~, F1-F4 as ESC [11~ ...). */
static void define_extra_keys(void)
{
    static const struct { const char *seq; int key; } extra[] = {
        {"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[7~", KEY_HOME},
        {"\033[8~", KEY_END}, {"\033[H", KEY_HOME}, {"\033[F", KEY_END},
        {"\033OH", KEY_HOME}, {"\033OF", KEY_END}, {"\033[11~", KEY_F(1)},
        {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
        {"\033[Z", KEY_BTAB}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
        {"\033[3~", KEY_DC},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (key_defined(extra[i].seq) == 0) define_key(extra[i].seq, extra[i].key);
}

/* ---- the loop ---- */

static void handle_mouse(tui_app *app)
{
    MEVENT ev;
    if (getmouse(&ev) != OK) return;
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED |
                       BUTTON4_PRESSED | BUTTON5_PRESSED)))
        return;
    if (tui_too_small(app)) return;
    if (ev.bstate & BUTTON4_PRESSED) {
        screens[app->cur]->key(app, A_UP, 0, 1);
        return;
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) {
        screens[app->cur]->key(app, A_DOWN, 0, 1);
        return;
    }
#endif
    if (ev.bstate & BUTTON1_RELEASED && !(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    if (ev.y == app->rows - 1) {
        for (int i = 0; i < nbar_hits; i++)
            if (ev.x >= bar_hits[i].x0 && ev.x < bar_hits[i].x1) {
                tui_action a = bar_hits[i].act;
                if (screens[app->cur]->key(app, a, 0, 1) == TUI_UNHANDLED) {
                    if (a == A_QUIT) app->quit = 1;
                    else if (a == A_HELP && app->cur != SCR_HELP) {
                        app->help_back = app->cur;
                        tui_switch(app, SCR_HELP);
                    }
                }
                return;
            }
        return;
    }
    if (ev.y == 0) {
        /* The tabs: find which one by recomputing their extents. */
        int x = 10;
        for (int i = 0; i < TUI_TABS; i++) {
            char t[64];
            snprintf(t, sizeof t, " %s ", _(screens[i]->title));
            int w = str_width(t);
            if (ev.x >= x && ev.x < x + w) {
                tui_switch(app, (tui_screen_id)i);
                return;
            }
            x += w + 1;
        }
        return;
    }
    if (screens[app->cur]->mouse) screens[app->cur]->mouse(app, ev.y, ev.x);
}

/* What no screen took. */
static void global_action(tui_app *app, tui_action a)
{
    switch (a) {
    case A_QUIT:
        app->quit = 1;
        break;
    case A_HELP:
        if (app->cur != SCR_HELP) {
            app->help_back = app->cur;
            tui_switch(app, SCR_HELP);
        }
        break;
    case A_NEXT:
    case A_PREV: {
        int s = app->cur < TUI_TABS ? (int)app->cur : (int)app->back;
        if (app->cur == SCR_HELP) s = app->help_back < TUI_TABS ? (int)app->help_back
                                                               : (int)app->back;
        if (s >= TUI_TABS) s = SCR_ASSETS;
        s = (s + (a == A_NEXT ? 1 : TUI_TABS - 1)) % TUI_TABS;
        tui_switch(app, (tui_screen_id)s);
        break;
    }
    case A_BACK:
        tui_back(app);
        break;
    case A_REFRESH:
        clearok(curscr, TRUE);
        app->data_changed = 1;
        app->data_gen++;
        if (screens[app->cur]->open) screens[app->cur]->open(app);
        break;
    case A_LABELS:
        if (tui_allow(app, AUTHZ_ASSET, 0)) tui_switch(app, SCR_LABELS);
        break;
    default:
        break;
    }
}

/* Another process changed the database (its data_version moved): the
 * current screen reads again what it shows, keeping its place; the
 * others do when they are next shown. */
static void live_refresh(tui_app *app, int64_t *version)
{
    int64_t v;
    if (db_data_version(app->db, &v) != INV_OK) return; /* tried again next time */
    if (v == *version) return;
    *version = v;
    app->data_gen++;
    app->data_changed = 1;
    if (tui_too_small(app) || app->cur == SCR_HELP) return;
    if (screens[app->cur]->open) screens[app->cur]->open(app);
    /* The tab a detail returns to reads again too. */
    if (app->cur != SCR_ASSETS) app->data_changed = 1;
    tui_draw_all(app);
    refresh();
}

static tui_app *the_app;

static void at_exit_restore(void)
{
    restore_terminal();
}

int tui_run(inv_db *db, double t0_ms)
{
    tui_app app;
    memset(&app, 0, sizeof app);
    app.db = db;
    app.t0 = t0_ms;
    app.back = SCR_ASSETS;
#ifdef INVENTAR_TEST_HOOKS
    /* The benchmark's and tests' timings: the test build only. */
    const char *tf = getenv("INVENTAR_TUI_TIMINGS");
    if (tf && *tf) app.timings = priv_fopen_user(tf, "ae");
#endif
    the_app = &app;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "inventar: %s\n",
                _("the terminal interface needs a terminal (give a command for scripts; "
                  "see inventar --help)"));
        if (app.timings) fclose(app.timings);
        return 1;
    }
    /* Keep the page cache small: the screens read only what they show. */
    if (browse_limit_cache(db, 4096) != INV_OK) {
        /* Not fatal: the default cache only costs memory. */
    }
    if (!getenv("ESCDELAY")) set_escdelay(25);
    install_signals();
    atexit(at_exit_restore);
    if (!initscr()) {
        reset_signals();
        fprintf(stderr, "inventar: %s\n", _("cannot set up the terminal (check TERM)"));
        if (app.timings) fclose(app.timings);
        return 1;
    }
    curses_on = 1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    define_extra_keys();
    intrflush(stdscr, FALSE);
    curs_set(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              ,
              NULL);
    mouseinterval(0);
    tui_colors_init(&app);
    getmaxyx(stdscr, app.rows, app.cols);
    db_set_progress(db, tui_progress, &app);

    tui_switch(&app, SCR_ASSETS);
    tui_draw_all(&app);
    refresh();
    tui_timing(&app, "first_screen_ms", tui_now_ms() - app.t0);
    /* Then what may take longer (the count of a million rows). */
    app.painted = 1;
    tui_draw_all(&app);
    refresh();
    tui_timing(&app, "first_screen_counted_ms", tui_now_ms() - app.t0);
    tui_timing(&app, "rss_kib_start", (double)rss_kib());

    int64_t version = 0;
    if (db_data_version(db, &version) != INV_OK) version = 0;
    while (!app.quit) {
        wint_t ch;
        int code;
        if (!tui_getkey_wait(&app, &ch, &code, TUI_POLL_MS)) {
            live_refresh(&app, &version);
            continue;
        }
        double tkey = tui_now_ms();
        if (code && ch == KEY_RESIZE) {
            /* below */
        } else if (code && ch == KEY_MOUSE) {
            handle_mouse(&app);
        } else if (tui_too_small(&app)) {
            if (!code && (ch == 'q' || ch == 'Q')) app.quit = 1;
            if (code && ch == KEY_F(10)) app.quit = 1;
        } else {
            tui_action a = tui_key_action((int)ch, code, app.cur);
            if (screens[app.cur]->key(&app, a, ch, code) == TUI_UNHANDLED)
                global_action(&app, a);
        }
        if (app.quit) break;
        if (app.resized && !tui_too_small(&app)) {
            /* Also after a resize inside a dialog: refill the window. */
            app.resized = 0;
            if (app.cur == SCR_ASSETS) screens[SCR_ASSETS]->open(&app);
        }
        tui_draw_all(&app);
        refresh();
        /* Every key, from its arrival to its answer on the terminal
         * (a dialog's keys are inside the key that opened it). */
        tui_timing(&app, "key_ms", tui_now_ms() - tkey);
    }
    tui_timing(&app, "rss_kib_end", (double)rss_kib());
    for (int i = 0; i < SCR_COUNT; i++)
        if (screens[i]->done) screens[i]->done(&app);
    restore_terminal();
    reset_signals();
    db_set_progress(db, NULL, NULL);
    free(app.marks);
    if (app.timings) fclose(app.timings);
    the_app = NULL;
    return 0;
}
