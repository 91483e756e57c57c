/* assets.c: the assets screen: a table that reads only its visible
 * window (keyset pages from browse.h), a filter bar, incremental search
 * and sorting by column. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/kind.h"
#include "inventar/office.h"
#include "tui.h"

#define MAX_KINDS 60

static struct {
    int inited;
    browse_filter f;
    browse_set *set;
    browse_row *rows;          /* the visible window */
    int nrows, cap;
    int cur;                   /* cursor within the window */
    int64_t top_pos;           /* list index of rows[0]; -1 when unknown */
    int searching;             /* the search line has the keyboard */
    tui_line search;
    char office_text[INV_NAME_MAX + INV_CODE_MAX + 8];
    /* Kinds for the filter form. */
    int64_t kind_ids[MAX_KINDS];
    char kind_names[MAX_KINDS][INV_NAME_MAX + 1];
    int nkinds;
    int restart;               /* next open starts from the list's top */
    int failed;                /* the last read failed (message on the status line) */
    int seen_w[6];             /* widest cell seen per column since the list was
                                  (re)opened from its top: paging doesn't jiggle widths */
} S;

/* ---- the window ---- */

static int body_height(const tui_app *app)
{
    int h = app->rows - 5;
    return h > 0 ? h : 1;
}

static void ensure_cap(int n)
{
    if (n <= S.cap) return;
    browse_row *r = realloc(S.rows, (size_t)n * sizeof *r);
    if (!r) abort();
    S.rows = r;
    S.cap = n;
}

static int reopen(tui_app *app)
{
    browse_close(S.set);
    S.set = NULL;
    double t = tui_now_ms();
    inv_status rc = browse_open(app->db, &S.f, &S.set);
    tui_timing(app, "browse_open_ms", tui_now_ms() - t);
    if (rc != INV_OK) {
        tui_db_err(app);
        S.nrows = 0;
        S.failed = 1;
        return -1;
    }
    S.failed = 0;
    return 0;
}

/* Fill the window starting at anchor (inclusive), or at the top. When
 * the list ends before the window is full, take rows from before it. */
static void fill_from(tui_app *app, const browse_row *anchor)
{
    int h = body_height(app);
    ensure_cap(h);
    S.nrows = 0;
    if (!S.set) return;
    int got = 0;
    browse_row a;
    if (anchor) a = *anchor;
    double t = tui_now_ms();
    if (browse_fetch(S.set, anchor ? &a : NULL, 1, 1, S.rows, h, &got) != INV_OK) {
        tui_db_err(app);
        S.failed = 1;
        return;
    }
    S.nrows = got;
    tui_timing(app, "fetch_ms", tui_now_ms() - t);
    if (!anchor) S.top_pos = 0;
    if (got < h && (got > 0 || anchor)) {
        browse_row *tmp = malloc((size_t)(h - got) * sizeof *tmp);
        if (!tmp) abort();
        int back = 0;
        if (browse_fetch(S.set, got > 0 ? &S.rows[0] : &a, -1, 0, tmp, h - got, &back) !=
            INV_OK) {
            tui_db_err(app);
            back = 0;
        }
        if (back > 0) {
            memmove(&S.rows[back], &S.rows[0], (size_t)got * sizeof S.rows[0]);
            for (int i = 0; i < back; i++) S.rows[back - 1 - i] = tmp[i];
            S.nrows = got + back;
            S.cur += back;
            if (S.top_pos >= 0) S.top_pos = S.top_pos >= back ? S.top_pos - back : 0;
        }
        free(tmp);
    }
    if (S.cur >= S.nrows) S.cur = S.nrows - 1;
    if (S.cur < 0) S.cur = 0;
}

static void publish_current(tui_app *app)
{
    if (S.nrows > 0) {
        app->current_id = S.rows[S.cur].id;
        str_copy(app->current_tag, sizeof app->current_tag, S.rows[S.cur].tag);
    } else {
        app->current_id = 0;
        app->current_tag[0] = '\0';
    }
}

/* Reread after a change of filter (from the top) or of data (in place,
 * keeping the cursor on the same asset when it is still listed). */
static void reload(tui_app *app, int from_top)
{
    int64_t keep = S.nrows > 0 ? S.rows[S.cur].id : 0;
    int keep_cur = S.cur;
    browse_row top;
    int have_top = !from_top && S.nrows > 0;
    if (have_top) top = S.rows[0];
    if (reopen(app) != 0) {
        publish_current(app);
        return;
    }
    if (from_top) {
        S.cur = 0;
        memset(S.seen_w, 0, sizeof S.seen_w);
        fill_from(app, NULL);
    } else {
        S.cur = keep_cur;
        fill_from(app, have_top ? &top : NULL);
        int found = 0;
        for (int i = 0; i < S.nrows; i++)
            if (S.rows[i].id == keep) S.cur = i, found = 1;
        /* The asset moved out of the window (its sort key changed):
         * follow it when it is still listed. */
        browse_row moved;
        if (!found && keep && browse_get(app->db, keep, &moved) == INV_OK) {
            int64_t keep_top = S.top_pos;
            S.cur = 0;
            S.top_pos = -1;
            fill_from(app, &moved);
            for (int i = 0; i < S.nrows; i++)
                if (S.rows[i].id == keep) S.cur = i, found = 1;
            if (!found) {
                S.cur = keep_cur;
                S.top_pos = keep_top;
                fill_from(app, have_top ? &top : NULL);
            }
        }
    }
    publish_current(app);
}

static void move_down(tui_app *app, int k)
{
    if (S.nrows == 0) return;
    int h = body_height(app);
    if (S.cur + k < S.nrows) {
        S.cur += k;
        return;
    }
    /* Past the window: read the k rows after it and shift. */
    browse_row *tmp = malloc((size_t)k * sizeof *tmp);
    if (!tmp) abort();
    int got = 0;
    if (browse_fetch(S.set, &S.rows[S.nrows - 1], 1, 0, tmp, k, &got) != INV_OK)
        tui_db_err(app);
    if (got > 0) {
        int total = S.nrows + got;
        ensure_cap(total);
        memcpy(&S.rows[S.nrows], tmp, (size_t)got * sizeof *tmp);
        int drop = total > h ? total - h : 0;
        memmove(&S.rows[0], &S.rows[drop], (size_t)(total - drop) * sizeof S.rows[0]);
        S.nrows = total - drop;
        if (S.top_pos >= 0) S.top_pos += drop;
        S.cur = S.cur + k - drop;
    } else {
        S.cur += k;
    }
    if (S.cur >= S.nrows) S.cur = S.nrows - 1;
    free(tmp);
}

static void move_up(tui_app *app, int k)
{
    if (S.nrows == 0) return;
    int h = body_height(app);
    if (S.cur - k >= 0) {
        S.cur -= k;
        return;
    }
    browse_row *tmp = malloc((size_t)k * sizeof *tmp);
    if (!tmp) abort();
    int got = 0;
    if (browse_fetch(S.set, &S.rows[0], -1, 0, tmp, k, &got) != INV_OK) tui_db_err(app);
    if (got > 0) {
        int keep = S.nrows;
        if (keep + got > h) keep = h - got;
        if (keep < 0) keep = 0;
        ensure_cap(keep + got);
        memmove(&S.rows[got], &S.rows[0], (size_t)keep * sizeof S.rows[0]);
        for (int i = 0; i < got; i++) S.rows[got - 1 - i] = tmp[i];
        S.nrows = keep + got;
        if (S.top_pos >= 0) S.top_pos = S.top_pos >= got ? S.top_pos - got : 0;
        S.cur = S.cur - k + got;
    } else {
        S.cur -= k;
    }
    if (S.cur < 0) S.cur = 0;
    free(tmp);
}

static void go_end(tui_app *app)
{
    int h = body_height(app);
    ensure_cap(h);
    browse_row *tmp = malloc((size_t)h * sizeof *tmp);
    if (!tmp) abort();
    int got = 0;
    if (S.set && browse_fetch(S.set, NULL, -1, 0, tmp, h, &got) != INV_OK) tui_db_err(app);
    for (int i = 0; i < got; i++) S.rows[got - 1 - i] = tmp[i];
    S.nrows = got;
    S.cur = got > 0 ? got - 1 : 0;
    int exact = 0;
    int64_t n = S.set ? browse_count(S.set, &exact) : 0;
    S.top_pos = exact ? n - got : -1;
    free(tmp);
}

/* ---- columns ---- */

enum { COL_TAG, COL_KIND, COL_MODEL, COL_OFFICE, COL_CUSTODIAN, COL_STATUS, NCOLS };
_Static_assert(NCOLS == (int)(sizeof S.seen_w / sizeof S.seen_w[0]), "one seen width per column");

static const browse_order col_order[NCOLS] = {
    BROWSE_BY_TAG, BROWSE_BY_KIND, BROWSE_BY_MODEL, BROWSE_BY_OFFICE, BROWSE_BY_CUSTODIAN,
    BROWSE_BY_STATUS,
};

static void cell_texts(const browse_row *r, const char *out[NCOLS], char *model, size_t n)
{
    snprintf(model, n, "%s%s%s", r->make, r->make[0] && r->model[0] ? " " : "", r->model);
    out[COL_TAG] = r->tag;
    out[COL_KIND] = r->kind_name;
    out[COL_MODEL] = model;
    /* Where space is short, the office's short name (else its name). */
    out[COL_OFFICE] = r->office_short[0] ? r->office_short : r->office_code;
    out[COL_CUSTODIAN] = r->custodian;
    out[COL_STATUS] = asset_status_text(r->status);
}

/* Column widths follow the content: each column wants the display width
 * of its widest visible cell (or of its title, with room for the sort
 * arrow). When all fit, the room left is shared by make/model, office
 * and custodian; when not, the widest columns are cut to one common
 * width, as large as the terminal allows, so no column shrinks to a
 * useless prefix while another keeps room it does not need. */
static void layout(int cols, int w[NCOLS], int x[NCOLS])
{
    int avail = cols - 2 - (NCOLS - 1);
    int want[NCOLS];
    for (int i = 0; i < NCOLS; i++) want[i] = str_width(_(browse_order_title(col_order[i]))) + 2;
    for (int r = 0; r < S.nrows; r++) {
        const char *cells[NCOLS];
        char model[2 * INV_TEXT_MAX + 2];
        cell_texts(&S.rows[r], cells, model, sizeof model);
        for (int i = 0; i < NCOLS; i++) {
            int cw = str_width(cells[i]);
            if (cw > want[i]) want[i] = cw;
        }
    }
    for (int i = 0; i < NCOLS; i++) {
        if (S.seen_w[i] > want[i]) want[i] = S.seen_w[i];
        S.seen_w[i] = want[i];
    }
    /* The tag (what everything is found by) and the status are never
     * cut while the rest can give way (up to a third of the width). */
    int fixed = 0;
    for (int i = 0; i < NCOLS; i++) {
        if (want[i] > cols) want[i] = cols;
        if (i == COL_TAG || i == COL_STATUS) {
            w[i] = want[i] < cols / 3 ? want[i] : cols / 3;
            fixed += w[i];
        }
    }
    static const int rest[] = {COL_KIND, COL_MODEL, COL_OFFICE, COL_CUSTODIAN};
    int nrest = 4, left = avail - fixed, sum = 0;
    for (int k = 0; k < nrest; k++) sum += want[rest[k]];
    if (sum <= left) {
        static const int flex[] = {COL_MODEL, COL_OFFICE, COL_CUSTODIAN};
        int extra = left - sum;
        for (int k = 0; k < nrest; k++) w[rest[k]] = want[rest[k]];
        for (int k = 0; k < 3; k++) w[flex[k]] += extra / 3 + (k < extra % 3);
    } else {
        /* The largest cap c with sum(min(want, c)) <= left. */
        int c = left / nrest;
        if (c < 1) c = 1;
        for (;;) {
            int t = 0;
            for (int k = 0; k < nrest; k++) t += want[rest[k]] < c + 1 ? want[rest[k]] : c + 1;
            if (t > left) break;
            c++;
        }
        int t = 0;
        for (int k = 0; k < nrest; k++) {
            int i = rest[k];
            t += w[i] = want[i] < c ? want[i] : c;
        }
        for (int k = 0; k < nrest && t < left; k++)
            if (want[rest[k]] > w[rest[k]]) { w[rest[k]]++; t++; }
    }
    int p = 2;
    for (int i = 0; i < NCOLS; i++) {
        x[i] = p;
        p += w[i] + 1;
    }
}

/* ---- drawing ---- */

static void draw_filter_bar(tui_app *app)
{
    int y = 1;
    tui_fill(stdscr, y, 0, app->cols, A_NORMAL);
    if (S.searching) {
        const char *label = _("Search: ");
        int lw = tui_put(y, 0, str_width(label), label, A_BOLD);
        char typed[sizeof S.f.search], cnt[32];
        tui_line_get(&S.search, typed, sizeof typed);
        /* The count beside the line, as it is typed. */
        int exact = 1;
        int64_t n = S.set ? browse_count(S.set, &exact) : 0;
        if (typed[0] && !S.f.search[0]) {
            snprintf(cnt, sizeof cnt, "%s", _("(2 letters or more)"));
        } else {
            char num[24];
            tui_count_str(n, num, sizeof num);
            snprintf(cnt, sizeof cnt, "%s%s", num, exact ? "" : "+");
        }
        int cw = str_width(cnt) + 2;
        tui_line_draw(&S.search, y, lw, app->cols - lw - cw - 1, tui_attr(C_FIELD_CUR), 1);
        tui_put(y, app->cols - cw, cw, cnt, A_DIM);
        return;
    }
    sbuf b = {0};
    /* The filters, each a whole message, two spaces apart. */
    if (S.f.office_id) {
        /* TRANSLATORS: the filter line of the Assets screen; %s is the office. */
        sbuf_addf(&b, S.f.recursive ? _("Office: %s (+sub-offices)") : _("Office: %s"),
                  S.office_text);
        sbuf_add(&b, "  ");
    }
    if (S.f.kind_id)
        for (int i = 0; i < S.nkinds; i++)
            if (S.kind_ids[i] == S.f.kind_id) {
                /* TRANSLATORS: the filter line of the Assets screen; %s is a kind. */
                sbuf_addf(&b, _("Kind: %s"), S.kind_names[i]);
                sbuf_add(&b, "  ");
            }
    if (S.f.status[0]) {
        /* TRANSLATORS: the filter line of the Assets screen; %s is a status. */
        sbuf_addf(&b, _("Status: %s"), asset_status_text(S.f.status));
        sbuf_add(&b, "  ");
    }
    if (S.f.search[0]) {
        /* TRANSLATORS: the filter line of the Assets screen; %s is the text searched for. */
        sbuf_addf(&b, _("Search: %s"), S.f.search);
        sbuf_add(&b, "  ");
    }
    if (!b.len) sbuf_addf(&b, "%s  ", _("All assets"));
    int exact = 1;
    char cnt[32], pos[32];
    if (S.set && !app->painted && !browse_counted(S.set)) {
        str_copy(cnt, sizeof cnt, "\xe2\x80\xa6"); /* counted after the first paint */
    } else {
        int64_t n = S.set ? browse_count(S.set, &exact) : 0;
        tui_count_str(n, cnt, sizeof cnt);
    }
    if (S.nrows > 0 && S.top_pos >= 0)
        tui_count_str(S.top_pos + S.cur + 1, pos, sizeof pos);
    else
        snprintf(pos, sizeof pos, "%s", S.nrows > 0 ? "?" : "0");
    /* TRANSLATORS: the position of the cursor in the list and the number
     * of assets listed: "[3 of 54]"; "[3 of 1 000+]" when the count is
     * a lower bound. */
    sbuf_addf(&b, exact ? _("[%1$s of %2$s]") : _("[%1$s of %2$s+]"), pos, cnt);
    if (app->nmarks) {
        sbuf_add(&b, "  ");
        /* TRANSLATORS: how many assets are marked (with Space). */
        sbuf_addf(&b, ngettext("%d marked", "%d marked", app->nmarks), app->nmarks);
    }
    if (S.set && browse_by_id(S.set))
        sbuf_addf(&b, "  %s", _("(many matches: in registration order)"));
    tui_put(y, 0, app->cols, sbuf_str(&b), A_BOLD);
    sbuf_free(&b);
}

static void assets_draw(tui_app *app)
{
    draw_filter_bar(app);
    int w[NCOLS], x[NCOLS];
    layout(app->cols, w, x);
    int y = 2;
    tui_fill(stdscr, y, 0, app->cols, tui_attr(C_HEADER));
    for (int i = 0; i < NCOLS; i++) {
        char t[64];
        int sorted = !(S.set && browse_by_id(S.set)) && S.f.order == col_order[i];
        snprintf(t, sizeof t, "%s%s", _(browse_order_title(col_order[i])),
                 sorted ? (S.f.desc ? " \xe2\x96\xbc" : " \xe2\x96\xb2") : "");
        tui_put(y, x[i], w[i], t, tui_attr(C_HEADER));
    }
    int h = body_height(app);
    for (int r = 0; r < h && r < S.nrows; r++) {
        const browse_row *row = &S.rows[r];
        int marked = tui_marked(app, row->id);
        attr_t a = r == S.cur ? tui_attr(C_CURSOR) : marked ? tui_attr(C_MARKED) : A_NORMAL;
        tui_fill(stdscr, 3 + r, 0, app->cols, a);
        tui_put(3 + r, 0, 2, marked ? "*" : "", a);
        const char *cells[NCOLS];
        char model[2 * INV_TEXT_MAX + 2];
        cell_texts(row, cells, model, sizeof model);
        for (int i = 0; i < NCOLS; i++) tui_put(3 + r, x[i], w[i], cells[i], a);
    }
    if (S.nrows == 0 && S.failed)
        tui_put(4, 2, app->cols - 4,
                _("The assets could not be read: see the message below. Ctrl-L reads again."),
                A_BOLD);
    else if (S.nrows == 0 && S.set)
        tui_put(4, 2, app->cols - 4,
                S.f.search[0] || S.f.office_id || S.f.kind_id || S.f.status[0]
                    ? _("No asset matches. Esc clears the search, F4 changes the filter.")
                    : tui_offered(app->db, A_ADD) ? _("No assets yet. F7 adds one.")
                                                  : _("No assets yet."),
                A_DIM);
}

/* ---- the filter form ---- */

static int kind_visit(const inv_kind *k, void *arg)
{
    (void)arg;
    if (S.nkinds >= MAX_KINDS) return 1;
    S.kind_ids[S.nkinds] = k->id;
    str_copy(S.kind_names[S.nkinds], sizeof S.kind_names[0], k->name);
    S.nkinds++;
    return 0;
}

static void load_kinds(tui_app *app)
{
    S.nkinds = 0;
    if (kind_walk(app->db, kind_visit, NULL) != INV_OK) tui_db_err(app);
}

static void filter_form(tui_app *app)
{
    load_kinds(app);
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    str_copy(fm.title, sizeof fm.title, _("Filter"));
    tui_field *fo = tui_form_office(&fm, _("Office"), S.f.office_id, _("(any office)"));
    if (S.f.office_id) str_copy(fo->office_text, sizeof fo->office_text, S.office_text);
    tui_field *fr = tui_form_check(&fm, _("With sub-offices"), S.f.office_id ? S.f.recursive : 1);
    const char *kinds[MAX_KINDS + 1];
    int ksel = 0;
    kinds[0] = _("(any kind)");
    for (int i = 0; i < S.nkinds && i < TUI_CHOICES_MAX - 1; i++) {
        kinds[i + 1] = S.kind_names[i];
        if (S.kind_ids[i] == S.f.kind_id) ksel = i + 1;
    }
    tui_field *fk = tui_form_choice(&fm, _("Kind"), kinds, S.nkinds + 1, ksel);
    static const char *const codes[] = {
#define ST_X(code, label) code,
        ASSET_STATUS_LIST(ST_X)
#undef ST_X
    };
    const char *sts[8];
    int ssel = 0;
    sts[0] = _("(any status)");
    for (int i = 0; i < 5; i++) {
        sts[i + 1] = asset_status_text(codes[i]);
        if (!strcmp(S.f.status, codes[i])) ssel = i + 1;
    }
    tui_field *fs = tui_form_choice(&fm, _("Status"), sts, 6, ssel);
    if (!tui_form_run(app, &fm, NULL, NULL)) return;
    S.f.office_id = fo->office_id;
    str_copy(S.office_text, sizeof S.office_text, fo->office_text);
    S.f.recursive = fr->check;
    S.f.kind_id = fk->choice > 0 ? S.kind_ids[fk->choice - 1] : 0;
    str_copy(S.f.status, sizeof S.f.status, fs->choice > 0 ? codes[fs->choice - 1] : "");
    reload(app, 1);
}

/* ---- keys ---- */

static void init_state(tui_app *app)
{
    memset(&S.f, 0, sizeof S.f);
    S.f.order = BROWSE_BY_TAG;
    S.search.maxbytes = INV_NAME_MAX;
    S.inited = 1;
    S.top_pos = 0;
    load_kinds(app);
}

static void assets_open(tui_app *app)
{
    if (!S.inited) {
        init_state(app);
        S.restart = 1;
    }
    reload(app, S.restart);
    S.restart = 0;
    app->data_changed = 0;
}

/* What is searched for: the typed words of two characters or more.
 * A one-letter word would ask the index for every word that starts with
 * that letter (hundreds of milliseconds at a million assets, and no use
 * to anyone); it counts once a second letter follows. Words split as
 * the search index splits them (ASCII punctuation and spaces). */
static void effective_search(const char *typed, char *out, size_t n)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)typed;
    while (*p) {
        while (*p && *p < 0x80 && !isalnum(*p)) p++;
        const unsigned char *w = p;
        int chars = 0;
        while (*p && (*p >= 0x80 || isalnum(*p))) {
            if ((*p & 0xc0) != 0x80) chars++;
            p++;
        }
        size_t len = (size_t)(p - w);
        if (chars >= 2 && o + len + 2 < n) {
            if (o) out[o++] = ' ';
            memcpy(out + o, w, len);
            o += len;
        }
    }
    out[o] = '\0';
}

static void search_changed(tui_app *app)
{
    double t = tui_now_ms();
    char typed[sizeof S.f.search], eff[sizeof S.f.search];
    tui_line_get(&S.search, typed, sizeof typed);
    effective_search(typed, eff, sizeof eff);
    /* Only when the words searched for changed: a one-letter word or
     * a space typed costs nothing. */
    if (strcmp(eff, S.f.search) != 0) {
        str_copy(S.f.search, sizeof S.f.search, eff);
        reload(app, 1);
    }
    tui_draw_all(app);
    refresh();
    tui_timing(app, "search_key_ms", tui_now_ms() - t);
}

static int acted(tui_app *app, int changed)
{
    if (changed) {
        reload(app, 0);
        app->data_changed = 1;
        app->data_gen++;
    }
    return changed;
}

static tui_result assets_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    int h = body_height(app);
    if (S.searching) {
        if ((!is_code && (ch == '\n' || ch == '\r')) || (is_code && ch == KEY_ENTER)) {
            S.searching = 0;
            return TUI_HANDLED;
        }
        if (!is_code && ch == 27) {
            S.searching = 0;
            tui_line_set(&S.search, "");
            search_changed(app);
            return TUI_HANDLED;
        }
        if (is_code && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_NPAGE || ch == KEY_PPAGE)) {
            S.searching = 0; /* and move, below */
        } else {
            if (tui_line_key(&S.search, ch, is_code)) search_changed(app);
            return TUI_HANDLED;
        }
    }
    switch (act) {
    case A_UP: move_up(app, 1); break;
    case A_DOWN: move_down(app, 1); break;
    case A_PGUP: move_up(app, h); break;
    case A_PGDN: move_down(app, h); break;
    case A_HOME:
        S.cur = 0;
        fill_from(app, NULL);
        break;
    case A_END: go_end(app); break;
    case A_OPEN:
        if (S.nrows > 0) tui_open_detail(app, S.rows[S.cur].id, S.rows[S.cur].tag);
        return TUI_HANDLED;
    case A_BACK:
        if (S.f.search[0]) {
            tui_line_set(&S.search, "");
            search_changed(app);
            return TUI_HANDLED;
        }
        return TUI_UNHANDLED;
    case A_SEARCH:
        S.searching = 1;
        tui_line_set(&S.search, S.f.search);
        return TUI_HANDLED;
    case A_FILTER: filter_form(app); break;
    case A_SORT:
        S.f.order = (browse_order)((S.f.order + 1) % BROWSE_ORDER_COUNT);
        S.f.desc = 0;
        reload(app, 1);
        tui_msg(app, _("Sorted by %s"), _(browse_order_title(S.f.order)));
        break;
    case A_SORT_REV:
        S.f.desc = !S.f.desc;
        reload(app, 1);
        break;
    case A_MARK:
        if (S.nrows > 0) {
            tui_mark_toggle(app, S.rows[S.cur].id, S.rows[S.cur].tag);
            move_down(app, 1);
        }
        break;
    case A_UNMARK: tui_marks_clear(app); break;
    case A_ADD: acted(app, tui_act_add(app)); break;
    case A_EDIT: acted(app, tui_act_edit(app, S.nrows ? S.rows[S.cur].tag : NULL)); break;
    case A_ASSIGN: acted(app, tui_act_assign(app, S.nrows ? S.rows[S.cur].tag : NULL, 1)); break;
    case A_RETURN: acted(app, tui_act_return(app, S.nrows ? S.rows[S.cur].tag : NULL, 1)); break;
    case A_STATUS: acted(app, tui_act_status(app, S.nrows ? S.rows[S.cur].tag : NULL, 1)); break;
    case A_CHECK_PICK: tui_scan_pick(app); return TUI_HANDLED;
    default: return TUI_UNHANDLED;
    }
    publish_current(app);
    return TUI_HANDLED;
}

static void assets_mouse(tui_app *app, int y, int x)
{
    if (y == 2) {
        int w[NCOLS], xs[NCOLS];
        layout(app->cols, w, xs);
        for (int i = 0; i < NCOLS; i++)
            if (x >= xs[i] && x < xs[i] + w[i]) {
                if (S.f.order == col_order[i]) S.f.desc = !S.f.desc;
                else { S.f.order = col_order[i]; S.f.desc = 0; }
                reload(app, 1);
            }
        return;
    }
    int r = y - 3;
    if (r < 0 || r >= S.nrows) return;
    if (r == S.cur) tui_open_detail(app, S.rows[r].id, S.rows[r].tag); /* second click opens */
    else S.cur = r;
    publish_current(app);
}

static void assets_done(tui_app *app)
{
    (void)app;
    browse_close(S.set);
    S.set = NULL;
    free(S.rows);
    S.rows = NULL;
    S.cap = S.nrows = 0;
    S.inited = 0;
}

void tui_assets_show_office(tui_app *app, int64_t office_id)
{
    if (!S.inited) init_state(app);
    inv_office o;
    if (office_get(app->db, office_id, &o) != INV_OK) {
        tui_db_err(app);
        return;
    }
    S.f.office_id = o.id;
    S.f.recursive = 1;
    snprintf(S.office_text, sizeof S.office_text, "%s  %s", o.code, o.name);
    S.f.search[0] = '\0';
    tui_line_set(&S.search, "");
    S.restart = 1;
    tui_switch(app, SCR_ASSETS);
}

void tui_assets_listing(tui_listing *out)
{
    memset(out, 0, sizeof *out);
    out->filter = S.f;
    out->exact = 1;
    if (S.set) out->count = browse_count(S.set, &out->exact);
}

const tui_screen tui_assets_screen = {
    .title = N_("Assets"),
    .open = assets_open,
    .draw = assets_draw,
    .key = assets_key,
    .mouse = assets_mouse,
    .done = assets_done,
};
