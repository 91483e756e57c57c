/* form.c: line editing with wide characters, forms (modal dialogs and
 * the labels screen), yes/no questions and the office picker. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wctype.h>

#include "tui.h"

#define CTRL(c) ((c) & 0x1f)

/* ---- line editing ---- */

/* Bytes of the UTF-8 form of one wide character. */
static int wc_bytes(wchar_t c)
{
    unsigned u = (unsigned)c;
    return u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
}

static int line_bytes(const tui_line *l)
{
    int n = 0;
    for (int i = 0; i < l->len; i++) n += wc_bytes(l->buf[i]);
    return n;
}

static int utf8_put(unsigned c, char *o)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xc0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3f)); return 2; }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

void tui_line_set(tui_line *l, const char *s)
{
    int max = l->maxbytes, maxchars = l->maxchars;
    memset(l->buf, 0, sizeof l->buf);
    l->len = l->pos = 0;
    l->maxbytes = max;
    l->maxchars = maxchars;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p && l->len < TUI_LINE_MAX) {
        unsigned c = *p;
        int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
                (c & 0xf8) == 0xf0 ? 4 : 1;
        if (n > 1) {
            c &= (unsigned)(0xff >> (n + 1));
            for (int i = 1; i < n; i++) {
                if ((p[i] & 0xc0) != 0x80) { n = 1; c = '?'; break; }
                c = (c << 6) | (p[i] & 0x3f);
            }
        }
        l->buf[l->len++] = (wchar_t)c;
        p += n;
    }
    l->pos = l->len;
}

void tui_line_get(const tui_line *l, char *out, size_t n)
{
    size_t o = 0;
    for (int i = 0; i < l->len; i++) {
        char tmp[4];
        int k = utf8_put((unsigned)l->buf[i], tmp);
        if (o + (size_t)k + 1 > n) break;
        memcpy(out + o, tmp, (size_t)k);
        o += (size_t)k;
    }
    if (n) out[o] = '\0';
}

int tui_line_key(tui_line *l, wint_t ch, int is_code)
{
    if (is_code) {
        switch (ch) {
        case KEY_LEFT: if (l->pos > 0) { l->pos--; return 1; } return 0;
        case KEY_RIGHT: if (l->pos < l->len) { l->pos++; return 1; } return 0;
        case KEY_HOME: l->pos = 0; return 1;
        case KEY_END: l->pos = l->len; return 1;
        case KEY_BACKSPACE:
            if (l->pos == 0) return 0;
            memmove(&l->buf[l->pos - 1], &l->buf[l->pos],
                    (size_t)(l->len - l->pos) * sizeof(wchar_t));
            l->pos--;
            l->buf[--l->len] = 0;
            return 1;
        case KEY_DC:
            if (l->pos >= l->len) return 0;
            memmove(&l->buf[l->pos], &l->buf[l->pos + 1],
                    (size_t)(l->len - l->pos - 1) * sizeof(wchar_t));
            l->buf[--l->len] = 0;
            return 1;
        default: return 0;
        }
    }
    if (ch == 127 || ch == CTRL('h')) return tui_line_key(l, KEY_BACKSPACE, 1);
    if (ch == CTRL('u')) { l->len = l->pos = 0; l->buf[0] = 0; return 1; }
    if (ch == CTRL('a')) { l->pos = 0; return 1; }
    if (ch == CTRL('e')) { l->pos = l->len; return 1; }
    /* Only printable characters of positive width are taken: no control
     * character can enter the data through a form. */
    if (!iswprint(ch) || wcwidth((wchar_t)ch) <= 0) return 0;
    int max = l->maxbytes > 0 ? l->maxbytes : TUI_LINE_MAX;
    int maxchars = l->maxchars > 0 && l->maxchars < TUI_LINE_MAX ? l->maxchars : TUI_LINE_MAX;
    if (l->len >= maxchars || line_bytes(l) + wc_bytes((wchar_t)ch) > max) {
        beep();
        return 0;
    }
    memmove(&l->buf[l->pos + 1], &l->buf[l->pos], (size_t)(l->len - l->pos) * sizeof(wchar_t));
    l->buf[l->pos++] = (wchar_t)ch;
    l->len++;
    l->buf[l->len] = 0;
    return 1;
}

void tui_line_draw(const tui_line *l, int y, int x, int w, attr_t attr, int focused)
{
    if (w <= 0) return;
    /* Scroll so that the cursor stays in view: start at the first
     * character from which the text up to the cursor fits. */
    int start = 0, width = 0;
    for (int i = l->pos - 1; i >= 0; i--) {
        int cw = wcwidth(l->buf[i]);
        if (cw < 1) cw = 1;
        if (width + cw > w - 1) { start = i + 1; break; }
        width += cw;
    }
    tui_fill(stdscr, y, x, w, attr);
    attrset(attr);
    int col = 0, cur_col = 0;
    for (int i = start; i < l->len; i++) {
        int cw = wcwidth(l->buf[i]);
        if (cw < 1) continue;
        if (col + cw > w) break;
        if (i == l->pos) cur_col = col;
        cchar_t cc;
        wchar_t wc[2] = {l->buf[i], 0};
        setcchar(&cc, wc, attr, 0, NULL);
        mvadd_wch(y, x + col, &cc);
        col += cw;
    }
    if (l->pos >= l->len) cur_col = col < w ? col : w - 1;
    attrset(A_NORMAL);
    if (focused) mvchgat(y, x + cur_col, 1, attr ^ A_REVERSE, 0, NULL);
}

/* ---- forms ---- */

static tui_field *add_field(tui_form *fm, tui_field_type t, const char *label)
{
    if (fm->n >= TUI_FORM_MAX) abort(); /* a programming error */
    tui_field *f = &fm->f[fm->n++];
    memset(f, 0, sizeof *f);
    f->type = t;
    str_copy(f->label, sizeof f->label, label);
    return f;
}

tui_field *tui_form_text(tui_form *fm, const char *label, const char *value, int maxchars)
{
    tui_field *f = add_field(fm, F_TEXT, label);
    f->line.maxchars = maxchars;
    f->line.maxbytes = INV_UTF8_BYTES(maxchars);
    tui_line_set(&f->line, value);
    return f;
}

tui_field *tui_form_choice(tui_form *fm, const char *label, const char *const *choices,
                           int n, int sel)
{
    tui_field *f = add_field(fm, F_CHOICE, label);
    if (n > TUI_CHOICES_MAX) n = TUI_CHOICES_MAX;
    for (int i = 0; i < n; i++) f->choices[i] = choices[i];
    f->nchoices = n;
    f->choice = sel >= 0 && sel < n ? sel : 0;
    return f;
}

tui_field *tui_form_check(tui_form *fm, const char *label, int on)
{
    tui_field *f = add_field(fm, F_CHECK, label);
    f->check = on;
    return f;
}

tui_field *tui_form_office(tui_form *fm, const char *label, int64_t id, const char *any)
{
    tui_field *f = add_field(fm, F_OFFICE, label);
    f->office_id = id;
    f->office_any = any;
    str_copy(f->office_text, sizeof f->office_text, any ? any : "");
    return f;
}

tui_field *tui_form_info(tui_form *fm, const char *label, const char *text)
{
    tui_field *f = add_field(fm, F_INFO, label);
    str_copy(f->info, sizeof f->info, text);
    return f;
}

void tui_field_text(const tui_field *f, char *out, size_t n)
{
    tui_line_get(&f->line, out, n);
}

static int focusable(const tui_field *f)
{
    return f->type != F_INFO;
}

static void form_move(tui_form *fm, int d)
{
    for (int i = 0; i < fm->n; i++) {
        int c = (fm->cur + d * (i + 1) + fm->n * 4) % fm->n;
        if (focusable(&fm->f[c])) {
            fm->cur = c;
            return;
        }
    }
}

void tui_form_draw(tui_app *app, tui_form *fm, int y, int x, int h, int w)
{
    (void)app;
    if (!focusable(&fm->f[fm->cur])) form_move(fm, 1);
    int lw = 0;
    for (int i = 0; i < fm->n; i++) {
        int k = str_width(fm->f[i].label);
        if (k > lw) lw = k;
    }
    if (lw > w / 3) lw = w / 3;
    int vw = w - lw - 2;
    /* Keep the focused field in view when there are more than fit. */
    int rows = h - 2;
    int first = 0;
    if (fm->cur >= rows) first = fm->cur - rows + 1;
    attr_t bg = tui_attr(C_DIALOG);
    for (int i = first; i < fm->n && i - first < rows; i++) {
        tui_field *f = &fm->f[i];
        int yy = y + (i - first);
        int focus = i == fm->cur;
        tui_put(yy, x, lw + 1, f->label, bg | (focus ? A_BOLD : 0));
        attr_t fa = tui_attr(focus ? C_FIELD_CUR : C_FIELD);
        char buf[INV_NAME_MAX + 64];
        switch (f->type) {
        case F_TEXT:
            tui_line_draw(&f->line, yy, x + lw + 2, vw, fa, focus);
            break;
        case F_CHOICE:
            snprintf(buf, sizeof buf, "< %s >", f->nchoices ? f->choices[f->choice] : "");
            tui_put(yy, x + lw + 2, vw, buf, fa);
            break;
        case F_CHECK:
            tui_put(yy, x + lw + 2, vw, f->check ? "[x]" : "[ ]", fa);
            break;
        case F_OFFICE:
            snprintf(buf, sizeof buf, "%s  [Enter: %s]",
                     f->office_text[0] ? f->office_text : _("(none)"), _("choose"));
            tui_put(yy, x + lw + 2, vw, buf, fa);
            break;
        case F_INFO:
            tui_put(yy, x + lw + 2, vw, f->info, bg);
            break;
        }
    }
    if (fm->msg[0]) tui_put(y + h - 2, x, w, fm->msg, tui_attr(C_ERROR));
    tui_put(y + h - 1, x, w, fm->hint ? fm->hint
                                      : _("Enter: OK  Tab/Up/Down: field  Left/Right: choose  "
                                          "Esc: cancel"),
            bg | A_DIM);
}

tui_form_result tui_form_key(tui_app *app, tui_form *fm, wint_t ch, int is_code)
{
    tui_field *f = &fm->f[fm->cur];
    if (is_code) {
        switch (ch) {
        case KEY_UP: form_move(fm, -1); return FORM_CONTINUE;
        case KEY_DOWN: form_move(fm, 1); return FORM_CONTINUE;
        case KEY_BTAB: form_move(fm, -1); return FORM_CONTINUE;
        case KEY_ENTER: break;
        case KEY_F(2): return FORM_SUBMIT; /* the save key */
        case KEY_F(10): return FORM_CANCEL;
        case KEY_LEFT:
        case KEY_RIGHT:
            if (f->type == F_CHOICE && f->nchoices) {
                int d = ch == KEY_LEFT ? -1 : 1;
                f->choice = (f->choice + d + f->nchoices) % f->nchoices;
                return FORM_CONTINUE;
            }
            if (f->type == F_CHECK) { f->check = !f->check; return FORM_CONTINUE; }
            break;
        default: break;
        }
        if (f->type == F_TEXT && ch != KEY_ENTER) {
            tui_line_key(&f->line, ch, 1);
            return FORM_CONTINUE;
        }
        if (ch != KEY_ENTER) return FORM_CONTINUE;
    }
    if (!is_code && ch == 27) return FORM_CANCEL;
    if (!is_code && ch == '\t') { form_move(fm, 1); return FORM_CONTINUE; }
    int enter = (is_code && ch == KEY_ENTER) || (!is_code && (ch == '\n' || ch == '\r'));
    if (f->type == F_OFFICE && (enter || (!is_code && ch == ' '))) {
        int64_t id;
        char text[sizeof f->office_text];
        if (tui_pick_office(app, f->office_any, &id, text, sizeof text)) {
            f->office_id = id;
            str_copy(f->office_text, sizeof f->office_text, text);
            form_move(fm, 1);
        }
        return FORM_CONTINUE;
    }
    if (enter && fm->enter_next) {
        /* The next field; in the last one, save. */
        int last = fm->cur;
        for (int i = fm->cur + 1; i < fm->n; i++)
            if (focusable(&fm->f[i])) last = i;
        if (last != fm->cur) {
            form_move(fm, 1);
            return FORM_CONTINUE;
        }
    }
    if (enter) return FORM_SUBMIT;
    if (f->type == F_CHOICE && !is_code && ch == ' ' && f->nchoices) {
        f->choice = (f->choice + 1) % f->nchoices;
        return FORM_CONTINUE;
    }
    if (f->type == F_CHECK && !is_code && ch == ' ') {
        f->check = !f->check;
        return FORM_CONTINUE;
    }
    if (f->type == F_TEXT) tui_line_key(&f->line, ch, 0);
    return FORM_CONTINUE;
}

/* The dialog box for a form on the current terminal size. */
static void form_box(tui_app *app, tui_form *fm, int *y, int *x, int *h, int *w)
{
    *w = app->cols - 8;
    if (*w > 90) *w = 90;
    *h = fm->n + 5;
    if (*h > app->rows - 4) *h = app->rows - 4;
    *y = (app->rows - *h) / 2;
    *x = (app->cols - *w) / 2;
}

int tui_form_run(tui_app *app, tui_form *fm, int (*validate)(tui_app *, tui_form *, void *),
                 void *arg)
{
    for (;;) {
        tui_draw_all(app);
        if (!tui_too_small(app)) {
            int y, x, h, w;
            form_box(app, fm, &y, &x, &h, &w);
            tui_box(y, x, h, w, fm->title, tui_attr(C_DIALOG));
            tui_form_draw(app, fm, y + 1, x + 2, h - 2, w - 4);
        }
        refresh();
        wint_t ch;
        int code;
        tui_getkey(app, &ch, &code);
        if (code && (ch == KEY_RESIZE || ch == KEY_MOUSE)) {
            if (ch == KEY_MOUSE) { MEVENT ev; getmouse(&ev); }
            continue;
        }
        if (tui_too_small(app)) {
            if (!code && ch == 27) return 0;
            continue;
        }
        tui_form_result r = tui_form_key(app, fm, ch, code);
        if (r == FORM_CANCEL) return 0;
        if (r == FORM_SUBMIT) {
            fm->msg[0] = '\0';
            if (fm->confirm && !tui_confirm(app, fm->confirm)) continue;
            if (!validate || validate(app, fm, arg) == 0) return 1;
        }
    }
}

int tui_confirm(tui_app *app, const char *question)
{
    for (;;) {
        tui_draw_all(app);
        if (!tui_too_small(app)) {
            int w = str_width(question) + 6;
            if (w < 36) w = 36;
            if (w > app->cols - 4) w = app->cols - 4;
            int h = 5, y = (app->rows - h) / 2, x = (app->cols - w) / 2;
            tui_box(y, x, h, w, _("Confirm"), tui_attr(C_DIALOG));
            tui_put(y + 1, x + 2, w - 4, question, tui_attr(C_DIALOG) | A_BOLD);
            tui_put(y + 3, x + 2, w - 4, _("[Enter/y] Yes    [Esc/n] No"), tui_attr(C_DIALOG));
        }
        refresh();
        wint_t ch;
        int code;
        tui_getkey(app, &ch, &code);
        if (code) {
            if (ch == KEY_ENTER) return 1;
            if (ch == KEY_MOUSE) { MEVENT ev; getmouse(&ev); }
            continue;
        }
        if (ch == '\n' || ch == '\r' || ch == 'y' || ch == 'Y' || ch == L'д' || ch == L'Д')
            return 1;
        if (ch == 27 || ch == 'n' || ch == 'N' || ch == L'н' || ch == L'Н') return 0;
    }
}

/* ---- the office picker ---- */

typedef struct pick_item {
    int64_t id;
    int depth;
    char text[INV_NAME_MAX + INV_CODE_MAX + 8]; /* "CODE  Name" */
    char fold[2 * INV_NAME_MAX + INV_CODE_MAX + 8]; /* code, short name and name folded */
} pick_item;

/* 1 when the character that ends just before p (in s) is part of a word:
 * an ASCII letter or digit, or a Latin or Cyrillic letter. */
static int word_char_before(const char *s, const char *p)
{
    if (p == s) return 0;
    const unsigned char *q = (const unsigned char *)p - 1;
    if (*q < 0x80) return isalnum(*q) != 0;
    while ((const char *)q > s && (*q & 0xc0) == 0x80) q--;
    unsigned c = 0;
    if ((*q & 0xe0) == 0xc0) c = ((unsigned)(q[0] & 0x1f) << 6) | (q[1] & 0x3f);
    else if ((*q & 0xf0) == 0xe0)
        c = ((unsigned)(q[0] & 0x0f) << 12) | ((unsigned)(q[1] & 0x3f) << 6) | (q[2] & 0x3f);
    return (c >= 0xc0 && c < 0x250) || (c >= 0x400 && c < 0x530);
}

/* 1 when every word of the folded query q starts a word of the folded
 * text t ("дсп ловеч" finds "ДСП Ловеч", not "РДСП Ловеч"). */
static int words_match(const char *t, const char *q)
{
    char word[256];
    while (*q) {
        while (*q == ' ') q++;
        size_t n = strcspn(q, " ");
        if (n == 0) break;
        if (n >= sizeof word) n = sizeof word - 1;
        memcpy(word, q, n);
        word[n] = '\0';
        q += n;
        int found = 0;
        for (const char *p = strstr(t, word); p && !found; p = strstr(p + 1, word))
            if (!word_char_before(t, p)) found = 1;
        if (!found) return 0;
    }
    return 1;
}

int tui_pick_office(tui_app *app, const char *any, int64_t *id, char *text, size_t n)
{
    browse_office *tree = NULL;
    int ntree = 0;
    if (browse_office_tree(app->db, 0, &tree, &ntree) != INV_OK) {
        tui_db_err(app);
        return 0;
    }
    int nitems = ntree + (any ? 1 : 0);
    pick_item *items = calloc((size_t)(nitems > 0 ? nitems : 1), sizeof *items);
    int *shown = calloc((size_t)(nitems > 0 ? nitems : 1), sizeof *shown);
    if (!items || !shown) abort();
    int k = 0;
    if (any) {
        items[k].id = 0;
        str_copy(items[k].text, sizeof items[k].text, any);
        k++;
    }
    for (int i = 0; i < ntree; i++, k++) {
        const inv_office *o = &tree[i].office;
        items[k].id = o->id;
        items[k].depth = tree[i].depth;
        /* The short name fits the list; the search finds either name. */
        snprintf(items[k].text, sizeof items[k].text, "%s  %s%s", o->code, office_short(o),
                 o->active ? "" : _(" (inactive)"));
        char all[sizeof items[k].fold];
        snprintf(all, sizeof all, "%s %s %s", o->code, o->short_name, o->name);
        utf8_fold(all, items[k].fold, sizeof items[k].fold);
    }
    free(tree);
    tui_line q;
    memset(&q, 0, sizeof q);
    q.maxbytes = 120;
    int sel = 0, top = 0, picked = 0, nshown = 0;
    for (;;) {
        char qs[256], qf[256];
        tui_line_get(&q, qs, sizeof qs);
        utf8_fold(qs, qf, sizeof qf);
        nshown = 0;
        for (int i = 0; i < nitems; i++)
            if (!qf[0] || (items[i].id && words_match(items[i].fold, qf))) shown[nshown++] = i;
        if (sel >= nshown) sel = nshown - 1;
        if (sel < 0) sel = 0;

        tui_draw_all(app);
        int w = app->cols - 8, h = app->rows - 4;
        if (w > 90) w = 90;
        int y = 2, x = (app->cols - w) / 2;
        int listh = h - 4;
        if (!tui_too_small(app)) {
            tui_box(y, x, h, w, _("Choose an office"), tui_attr(C_DIALOG));
            tui_put(y + 1, x + 2, 8, _("Search:"), tui_attr(C_DIALOG));
            tui_line_draw(&q, y + 1, x + 10, w - 12, tui_attr(C_FIELD_CUR), 1);
            if (sel < top) top = sel;
            if (sel >= top + listh) top = sel - listh + 1;
            for (int r = 0; r < listh && top + r < nshown; r++) {
                pick_item *it = &items[shown[top + r]];
                char line[INV_NAME_MAX + INV_CODE_MAX + 80];
                snprintf(line, sizeof line, "%*s%s", qf[0] ? 0 : it->depth * 2, "", it->text);
                tui_put(y + 2 + r, x + 2, w - 4, line,
                        top + r == sel ? tui_attr(C_CURSOR) : tui_attr(C_DIALOG));
            }
            if (nshown == 0)
                tui_put(y + 2, x + 2, w - 4, _("No office matches."), tui_attr(C_DIALOG));
            tui_put(y + h - 1, x + 2, w - 4,
                    _(" Type to search  Enter: choose  Esc: cancel "), tui_attr(C_DIALOG));
        }
        refresh();
        wint_t ch;
        int code;
        tui_getkey(app, &ch, &code);
        if (code) {
            if (ch == KEY_UP && sel > 0) sel--;
            else if (ch == KEY_DOWN && sel < nshown - 1) sel++;
            else if (ch == KEY_PPAGE) sel = sel > listh ? sel - listh : 0;
            else if (ch == KEY_NPAGE) sel = sel + listh < nshown ? sel + listh : nshown - 1;
            else if (ch == KEY_ENTER && nshown > 0) { picked = 1; break; }
            else if (ch == KEY_MOUSE) {
                MEVENT ev;
                if (getmouse(&ev) == OK && ev.y >= y + 2 && ev.y < y + 2 + listh &&
                    top + ev.y - (y + 2) < nshown) {
                    int s = top + ev.y - (y + 2);
                    if (s == sel) { picked = 1; break; }
                    sel = s;
                }
            } else if (ch != KEY_RESIZE) {
                if (tui_line_key(&q, ch, 1)) sel = 0;
            }
            continue;
        }
        if (ch == 27) break;
        if (ch == '\n' || ch == '\r') {
            if (nshown > 0) { picked = 1; break; }
            continue;
        }
        if (tui_line_key(&q, ch, 0)) { sel = 0; top = 0; }
    }
    if (picked) {
        pick_item *it = &items[shown[sel]];
        *id = it->id;
        str_copy(text, n, it->text);
    }
    free(items);
    free(shown);
    return picked;
}

/* The date of an act: a field holding today (14.03.2024), which the
 * user changes to the date on the document. */
tui_field *tui_form_date(tui_form *fm, const char *label)
{
    char iso[INV_DATE_MAX], d[INV_DATE_MAX];
    today_local(iso);
    snprintf(d, sizeof d, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
    return tui_form_text(fm, label, d, 20);
}

/* Check a date field (empty: today): a date, not in the future. Sets
 * the form's message and focus and returns -1 when it is not; else 0
 * with the ISO date (or "") in iso. */
int tui_form_date_ok(tui_form *fm, tui_field *f, char iso[INV_DATE_MAX])
{
    char d[64], today[INV_DATE_MAX];
    tui_field_text(f, d, sizeof d);
    iso[0] = '\0';
    if (!d[0]) return 0;
    today_local(today);
    const char *why = NULL;
    if (date_parse(d, iso) != 0) why = _("Date: '%s' is not a date (14.03.2024 or 2024-03-14).");
    else if (strcmp(iso, today) > 0) why = _("Date: %s is in the future.");
    if (!why) return 0;
    snprintf(fm->msg, sizeof fm->msg, why, d);
    for (int i = 0; i < fm->n; i++)
        if (&fm->f[i] == f) fm->cur = i;
    return -1;
}
