/* scan.c: the stock-check scan screen. A keyboard-wedge scanner types a
 * code and Enter, fast, many a second; the input line takes that as
 * well as codes typed by hand. Each code is recorded at once (one
 * transaction each, through check_scan) and answered with a coloured
 * line in the log, its result always written as a word, and a beep for
 * anything but "found". Above the log, the live counts; F2 shows what is
 * still missing; F3 closes the check, F4 closes it and applies it, F5
 * writes its report. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wctype.h>

#include "inventar/asset.h"
#include "inventar/fmt.h"
#include "inventar/check.h"
#include "inventar/check_report.h"
#include "inventar/office.h"
#include "tui.h"

#define CTRL(c) ((c) & 0x1f)
#define LOG_MAX 1000       /* log lines kept (the oldest go first) */
#define MISSING_MAX 2000   /* missing assets listed (all of them are counted) */
#define BURST_MAX 8192     /* keys read in one go before the screen is redrawn */
#define BURST_WAIT_MS 5    /* how long a burst may pause (a character's bytes,
                              a scanner's keystrokes) and still be one burst */

/* One line of the log. */
typedef struct log_line {
    tui_color color;       /* C_FOUND .. C_UNKNOWN, or C_ERROR */
    char when[9];          /* "HH:MM:SS" (UTC, as the database records) */
    const char *word;      /* the result as a word (translated, static) */
    char *text;            /* tag or code, and what it is (raw: sanitised when drawn) */
} log_line;

enum { M_TAG, M_KIND, M_MODEL, M_OFFICE, M_CUSTODIAN, M_NCOLS };

/* One missing asset. */
typedef struct miss_row {
    char *cell[M_NCOLS];
} miss_row;

static struct {
    int64_t id;              /* the check shown (0: none) */
    inv_check check;
    check_counts n;
    int counted;             /* n holds the counts */
    tui_screen_id from;      /* where Esc goes back to */
    tui_line input;          /* the code being scanned or typed */
    log_line log[LOG_MAX];   /* a ring: the oldest at head */
    int head, nlog;
    int top;                 /* log lines scrolled past (0: the newest at the top) */
    int show_missing;        /* the missing list instead of the log */
    miss_row *miss;
    int nmiss;
    int miss_top;
    int scanned;             /* something was recorded since the last count */
    int refused;             /* this burst was refused (a closed check) */
} K;

/* ---- the log ---- */

static void log_clear(void)
{
    for (int i = 0; i < K.nlog; i++) free(K.log[(K.head + i) % LOG_MAX].text);
    K.head = K.nlog = K.top = 0;
}

static void log_push(tui_color color, const char *at, const char *word, const char *text)
{
    log_line *l;
    if (K.nlog == LOG_MAX) {
        l = &K.log[K.head];
        free(l->text);
        K.head = (K.head + 1) % LOG_MAX;
    } else {
        l = &K.log[(K.head + K.nlog) % LOG_MAX];
        K.nlog++;
    }
    l->color = color;
    /* "2026-01-31T10:22:03Z" -> "12:22:03", the local time of day. */
    struct tm tm, lt;
    memset(&tm, 0, sizeof tm);
    time_t t;
    if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6 &&
        (tm.tm_year -= 1900, tm.tm_mon -= 1, (t = timegm(&tm)) != (time_t)-1) &&
        localtime_r(&t, &lt))
        strftime(l->when, sizeof l->when, "%H:%M:%S", &lt);
    else
        snprintf(l->when, sizeof l->when, "%.8s", strlen(at) >= 19 ? at + 11 : "");
    l->word = word;
    l->text = strdup(text);
    if (!l->text) abort();
}

/* The i-th line, 0 the newest. */
static const log_line *log_get(int i)
{
    return &K.log[(K.head + K.nlog - 1 - i) % LOG_MAX];
}

static const char *result_word(const char *r)
{
    if (!strcmp(r, "found")) return _("found");
    if (!strcmp(r, "duplicate")) return _("duplicate");
    if (!strcmp(r, "unexpected")) return _("unexpected");
    return _("unknown");
}

static tui_color result_color(const char *r)
{
    if (!strcmp(r, "found")) return C_FOUND;
    if (!strcmp(r, "duplicate")) return C_DUPLICATE;
    if (!strcmp(r, "unexpected")) return C_UNEXPECTED;
    return C_UNKNOWN;
}

/* What a scan resolved to, for its log line: the tag (or the code), the
 * asset's kind and model, and for an unexpected one where it is
 * recorded. first is what a duplicate's first scan was ("" unknown). */
static void describe(sbuf *b, const char *result, const char *tag, const char *code,
                     const char *kind, const char *make, const char *model,
                     const char *status, const char *office, const char *office_name,
                     const char *first)
{
    sbuf_add(b, tag[0] ? tag : code);
    if (tag[0]) {
        sbuf_addf(b, "  %s", kind);
        if (make[0] || model[0])
            sbuf_addf(b, ", %s%s%s", make, make[0] && model[0] ? " " : "", model);
    }
    if (!strcmp(result, "unexpected")) {
        if (!strcmp(status, "written_off"))
            sbuf_addf(b, " \xe2\x80\x94 %s", asset_status_text("written_off"));
        else if (office[0]) {
            sbuf_add(b, " \xe2\x80\x94 ");
            /* TRANSLATORS: where an unexpected asset is recorded: the
             * office's code and name. */
            sbuf_addf(b, _("recorded at %1$s %2$s"), office, office_name);
        }
        else
            sbuf_addf(b, " \xe2\x80\x94 %s", _("recorded at no office"));
    } else if (!strcmp(result, "duplicate")) {
        if (first[0]) {
            sbuf_add(b, " \xe2\x80\x94 ");
            /* TRANSLATORS: a duplicate scan; %s is what its first scan
             * was: "found", "unexpected" or "unknown". */
            sbuf_addf(b, _("scanned before (%s)"), result_word(first));
        }
        else sbuf_addf(b, " \xe2\x80\x94 %s", _("scanned before"));
    } else if (!strcmp(result, "unknown")) {
        sbuf_addf(b, " \xe2\x80\x94 %s", _("no asset has this tag"));
    }
}

/* ---- reading the check ---- */

/* A scan read back when a check is resumed. */
typedef struct past_scan {
    char at[INV_TIME_MAX];
    int rank;               /* a duplicate after the scan it repeats */
    int seq;                /* the order it was read in */
    const char *result;     /* static */
    char *text;
} past_scan;

typedef struct past_list {
    past_scan *v;
    int n, cap;
    const char *result;     /* the category being read */
} past_list;

static int past_visit(const check_item *it, void *arg)
{
    past_list *p = arg;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        past_scan *v = realloc(p->v, (size_t)p->cap * sizeof *v);
        if (!v) abort();
        p->v = v;
    }
    past_scan *s = &p->v[p->n];
    str_copy(s->at, sizeof s->at, it->at);
    s->result = p->result;
    s->rank = !strcmp(p->result, "duplicate");
    s->seq = p->n;
    sbuf b = {0};
    describe(&b, p->result, it->tag, it->code, it->kind_name, it->make, it->model, it->status,
             it->office, it->office_name, "");
    s->text = strdup(sbuf_str(&b));
    sbuf_free(&b);
    if (!s->text) abort();
    p->n++;
    return 0;
}

static int past_cmp(const void *a, const void *b)
{
    const past_scan *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    if (c) return c;
    if (x->rank != y->rank) return x->rank - y->rank;
    return x->seq - y->seq;
}

/* Fill the log with the check's scans so far, oldest first. The core
 * keeps their time to the second: scans of one second are shown
 * first-time scans first, each category by tag. */
static void log_load(tui_app *app)
{
    static const char *const cats[] = {"found", "unexpected", "unknown", "duplicate"};
    past_list p = {0};
    inv_status st = INV_OK;
    for (size_t i = 0; i < sizeof cats / sizeof cats[0] && st == INV_OK; i++) {
        p.result = cats[i];
        st = check_items(app->db, K.id, cats[i], past_visit, &p);
    }
    if (st != INV_OK) tui_db_err(app);
    if (p.n > 0) qsort(p.v, (size_t)p.n, sizeof *p.v, past_cmp);
    log_clear();
    for (int i = 0; i < p.n; i++) {
        if (i >= p.n - LOG_MAX)
            log_push(result_color(p.v[i].result), p.v[i].at, result_word(p.v[i].result),
                     p.v[i].text);
        free(p.v[i].text);
    }
    free(p.v);
}

static void miss_clear(void)
{
    for (int i = 0; i < K.nmiss; i++)
        for (int c = 0; c < M_NCOLS; c++) free(K.miss[i].cell[c]);
    K.nmiss = 0;
}

static char *dup_str(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) abort();
    return d;
}

static int miss_visit(const check_item *it, void *arg)
{
    (void)arg;
    if (K.nmiss >= MISSING_MAX) return 1;
    if (!K.miss) {
        K.miss = malloc(MISSING_MAX * sizeof *K.miss);
        if (!K.miss) abort();
    }
    miss_row *r = &K.miss[K.nmiss++];
    char mm[2 * INV_TEXT_MAX + 2], office[INV_CODE_MAX + INV_NAME_MAX + 2];
    snprintf(mm, sizeof mm, "%s%s%s", it->make, it->make[0] && it->model[0] ? " " : "",
             it->model);
    snprintf(office, sizeof office, "%s%s%s", it->office, it->office[0] ? " " : "",
             it->office_name);
    r->cell[M_TAG] = dup_str(it->tag);
    r->cell[M_KIND] = dup_str(it->kind_name);
    r->cell[M_MODEL] = dup_str(mm);
    r->cell[M_OFFICE] = dup_str(office);
    r->cell[M_CUSTODIAN] = dup_str(it->custodian);
    return 0;
}

static void miss_load(tui_app *app)
{
    miss_clear();
    if (K.id && check_items(app->db, K.id, "missing", miss_visit, NULL) != INV_OK)
        tui_db_err(app);
}

static void recount(tui_app *app)
{
    K.counted = 0;
    if (!K.id) return;
    if (check_count(app->db, K.id, &K.n) != INV_OK) {
        tui_db_err(app);
        return;
    }
    K.counted = 1;
}

/* Read the check again (it may have been closed elsewhere), its counts,
 * and the missing list when it is shown. */
static int reread(tui_app *app)
{
    if (!K.id) return -1;
    if (check_get(app->db, K.id, &K.check) != INV_OK) {
        tui_db_err(app);
        return -1;
    }
    recount(app);
    if (K.show_missing) miss_load(app);
    return 0;
}

/* ---- scanning ---- */

static int is_closed(void)
{
    return K.check.closed_at[0] != '\0';
}

static void refuse_closed(tui_app *app)
{
    if (!K.refused) beep();
    K.refused = 1;
    tui_err(app, _("Stock check %lld is closed: it takes no more scans."), (long long)K.id);
}

/* Record the code on the input line. */
static void submit(tui_app *app)
{
    char raw[TUI_LINE_MAX * 4 + 1];
    tui_line_get(&K.input, raw, sizeof raw);
    tui_line_set(&K.input, "");
    if (!raw[0] || !K.id) return;
    if (is_closed()) {
        refuse_closed(app);
        return;
    }
    if (!tui_allow(app, AUTHZ_CHECK, K.check.office_id)) return;
    check_scan_result r;
    char now[INV_TIME_MAX];
    double t = tui_now_ms();
    inv_status st = check_scan(app->db, K.id, raw, strlen(raw), &r);
    tui_timing(app, "scan_ms", tui_now_ms() - t);
    now_utc(now);
    K.top = 0;
    if (st == INV_OK) {
        sbuf b = {0};
        describe(&b, r.result, r.tag, r.code, r.kind_name, r.make, r.model, r.status, r.office,
                 r.office_name, r.first_result);
        char remark[INV_ERR_MAX];
        check_scan_remark(&r, remark, sizeof remark);
        if (remark[0]) sbuf_addf(&b, " (%s)", remark);
        log_push(result_color(r.result), now, result_word(r.result), sbuf_str(&b));
        sbuf_free(&b);
        if (strcmp(r.result, "found") != 0) beep();
        K.scanned = 1;
        return;
    }
    const char *m = db_errmsg(app->db);
    if (st == INV_EINVAL && !m[0]) return; /* only noise: nothing to record */
    beep();
    if (st == INV_EINVAL) {
        log_push(C_ERROR, now, _("refused"), m);
        return;
    }
    /* Not recorded (the database busy, a closed check, a damaged file):
     * say so where the scans are read, so that it is scanned again. */
    sbuf b = {0};
    sbuf_addf(&b, "%s \xe2\x80\x94 %s", raw, m);
    log_push(C_ERROR, now, _("NOT RECORDED"), sbuf_str(&b));
    sbuf_free(&b);
    tui_db_err(app);
    if (st == INV_ESTATE) { /* closed meanwhile, by someone else */
        char msg[INV_ERR_MAX];
        str_copy(msg, sizeof msg, m);
        reread(app);
        tui_err(app, "%s", msg);
    }
}

/* A key for the input line. Returns 1 when it was one: text, editing,
 * or the end of a code (Enter; Tab too, which some scanners send). */
static int input_key(tui_app *app, wint_t ch, int is_code)
{
    if (is_code) {
        switch (ch) {
        case KEY_ENTER: submit(app); return 1;
        case KEY_LEFT: case KEY_RIGHT: case KEY_BACKSPACE: case KEY_DC:
            tui_line_key(&K.input, ch, 1);
            return 1;
        default: return 0;
        }
    }
    if (ch == '\r' || ch == '\n' || (ch == '\t' && K.input.len > 0)) {
        submit(app);
        return 1;
    }
    if (ch == 127 || ch == CTRL('h') || ch == CTRL('u') || ch == CTRL('a') || ch == CTRL('e')) {
        tui_line_key(&K.input, ch, 0);
        return 1;
    }
    if (ch < 0x20 || ch == 0x7f || !iswprint(ch) || wcwidth((wchar_t)ch) <= 0) return 0;
    if (!K.id) return 1;
    if (is_closed()) {
        refuse_closed(app);
        return 1;
    }
    tui_line_key(&K.input, ch, 0);
    return 1;
}

/* Read whatever else has arrived before the screen is drawn again: a
 * scanner's burst of codes is recorded code by code, and the screen
 * shows the result once. A key that is not for the input line (an
 * F-key, Esc, a resize) is put back for the main loop and ends the
 * burst. */
static void drain(tui_app *app)
{
    timeout(BURST_WAIT_MS);
    for (int i = 0; i < BURST_MAX; i++) {
        wint_t c;
        int rc = get_wch(&c);
        if (rc == ERR) break;
        int code = rc == KEY_CODE_YES;
        if (!code && c == 27) {
            unget_wch(27);
            break;
        }
        if (input_key(app, c, code)) continue;
        /* Other control characters a scanner may send: nothing. */
        if (!code && tui_key_action((int)c, 0, SCR_SCAN) == A_NONE) continue;
        if (code) ungetch((int)c);
        else unget_wch((wchar_t)c);
        break;
    }
    timeout(-1);
}

/* After a burst: the counts (and the missing list) as they are now. */
static void after_burst(tui_app *app)
{
    if (!K.scanned) return;
    K.scanned = 0;
    recount(app);
    if (K.show_missing) miss_load(app);
}

/* ---- closing ---- */

/* 1 when another key follows at once (within ms); it is put back. */
static int more_input(int ms)
{
    wint_t c;
    timeout(ms);
    int rc = get_wch(&c);
    timeout(-1);
    if (rc == ERR) return 0;
    if (rc == KEY_CODE_YES) ungetch((int)c);
    else unget_wch((wchar_t)c);
    return 1;
}

/* The question before closing, and what closing will do (up to three
 * short lines, d[0..2], each of size dn). */
static void close_texts(int apply, char *q, size_t qn, char d[3][160], size_t dn)
{
    if (apply) {
        snprintf(q, qn, _("Close stock check %lld and apply its results?"), (long long)K.id);
        snprintf(d[0], dn, _("Missing (%lld): get status missing."), (long long)K.n.missing);
        snprintf(d[1], dn, _("Unexpected (%lld): move to %s, unless written off."),
                 (long long)K.n.unexpected, K.check.office);
        snprintf(d[2], dn, _("Found (%lld): stamped as seen."), (long long)K.n.found);
    } else {
        snprintf(q, qn, _("Close stock check %lld without applying its results?"),
                 (long long)K.id);
        snprintf(d[0], dn, "%s", _("No asset changes."));
        snprintf(d[1], dn, "%s", _("The check takes no more scans."));
        d[2][0] = '\0';
    }
}

/* Ask before closing. The scanner may go on while the question is up,
 * so its keys must not answer it: only y/д (or n/н, Esc) pressed alone
 * does, never Enter. What is scanned meanwhile is recorded as usual,
 * and the question (with its counts) says so. */
static int apply_date_ok(tui_app *app, tui_form *fm, void *arg)
{
    (void)app;
    char iso[INV_DATE_MAX];
    return tui_form_date_ok(fm, arg, iso);
}

/* Ask for the date of the applied acts (date: ISO, "" = today),
 * default the one given so far. Returns 1 when changed. */
static int ask_apply_date(tui_app *app, char date[INV_DATE_MAX])
{
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title, _("Stock check %lld: date of the acts"), (long long)K.id);
    tui_form_info(&fm, "", _("The date on the stock-check record: not in the future, not "
                             "before an asset's previous act."));
    tui_field *f;
    if (date[0]) {
        char d[INV_DATE_MAX];
        snprintf(d, sizeof d, "%.2s.%.2s.%.4s", date + 8, date + 5, date);
        f = tui_form_text(&fm, _("Date of the act"), d, 20);
    } else {
        f = tui_form_date(&fm, _("Date of the act"));
    }
    if (!tui_form_run(app, &fm, apply_date_ok, f)) return 0;
    char iso[INV_DATE_MAX];
    tui_form_date_ok(&fm, f, iso);
    str_copy(date, INV_DATE_MAX, iso);
    return 1;
}

static int confirm_close(tui_app *app, int apply, char date[INV_DATE_MAX])
{
    int64_t scans0 = K.n.scans;
    for (;;) {
        tui_draw_all(app);
        if (!tui_too_small(app)) {
            char q[256], d[3][160], more[256] = "";
            close_texts(apply, q, sizeof q, d, sizeof d[0]);
            if (K.n.scans > scans0)
                snprintf(more, sizeof more, _("%lld more scan(s) recorded while asking."),
                         (long long)(K.n.scans - scans0));
            const char *hint = apply
                ? _("[y] Yes    [n/Esc] No    [F2] Date    (Enter does not answer)")
                : _("[y] Yes    [n/Esc] No    (Enter does not answer)");
            char when[128] = "";
            if (apply) {
                char iso[INV_DATE_MAX], shown[FMT_DATE_MAX];
                if (date[0]) str_copy(iso, sizeof iso, date);
                else today_local(iso);
                fmt_date(iso, shown, sizeof shown);
                snprintf(when, sizeof when, _("The acts are dated %s."), shown);
            }
            int w = str_width(q);
            for (int i = 0; i < 3; i++)
                if (str_width(d[i]) > w) w = str_width(d[i]);
            w += 6;
            if (w < 54) w = 54;
            if (w > app->cols - 4) w = app->cols - 4;
            if (str_width(hint) + 6 > w) w = str_width(hint) + 6;
            if (w > app->cols - 4) w = app->cols - 4;
            int h = 10, y = (app->rows - h) / 2, x = (app->cols - w) / 2;
            attr_t a = tui_attr(C_DIALOG);
            tui_box(y, x, h, w, _("Confirm"), a);
            tui_put(y + 1, x + 2, w - 4, q, a | A_BOLD);
            for (int i = 0; i < 3; i++) tui_put(y + 2 + i, x + 2, w - 4, d[i], a);
            tui_put(y + 5, x + 2, w - 4, when, a);
            tui_put(y + 6, x + 2, w - 4, more, a | A_BOLD);
            tui_put(y + 8, x + 2, w - 4, hint, a);
        }
        refresh();
        wint_t ch;
        int code;
        tui_getkey(app, &ch, &code);
        if (code && ch == KEY_MOUSE) {
            MEVENT ev;
            getmouse(&ev);
            continue;
        }
        if (!code && ch == 27) return 0;
        /* F2: the date of the applied acts (a function key: no
         * keyboard layout or scanner types it). */
        if (code && ch == KEY_F(2) && apply) {
            ask_apply_date(app, date);
            continue;
        }
        if (!code) {
            int yes = ch == 'y' || ch == 'Y' || ch == L'д' || ch == L'Д';
            int no = ch == 'n' || ch == 'N' || ch == L'н' || ch == L'Н';
            if ((yes || no) && !more_input(30)) return yes;
        }
        /* Anything else is for the input line: a scanner's burst is
         * recorded; Enter alone on an empty line does nothing. */
        K.refused = 0;
        if (input_key(app, ch, code)) {
            drain(app);
            after_burst(app);
        }
    }
}

/* The status line msg, a format whose %1$lld is the check's number, %2$s
 * the clause of its counts ("found 3 of 5, missing 2, ...") and %3$s
 * office (NULL when msg has no %3$s). */
static void say_counts(tui_app *app, const char *msg, const char *office)
{
    recount(app);
    char counts[256];
    snprintf(counts, sizeof counts,
             /* TRANSLATORS: the counts of a stock check, put into the
              * messages "Stock check %1$lld closed and applied: %2$s."... */
             _("found %lld of %lld, missing %lld, unexpected %lld, unknown %lld"),
             (long long)K.n.found, (long long)K.n.expected, (long long)K.n.missing,
             (long long)K.n.unexpected, (long long)K.n.unknown);
    if (office) tui_msg(app, msg, (long long)K.id, counts, office);
    else tui_msg(app, msg, (long long)K.id, counts);
}

static void close_check(tui_app *app, int apply)
{
    if (!K.id) return;
    if (is_closed()) {
        tui_err(app, _("Stock check %lld is already closed."), (long long)K.id);
        return;
    }
    if (!tui_allow(app, AUTHZ_CHECK, K.check.office_id)) return;
    recount(app);
    char date[INV_DATE_MAX] = "";   /* of the applied acts; "" = today */
    if (!confirm_close(app, apply, date)) {
        tui_msg(app, "%s", _("Cancelled."));
        return;
    }
    if (check_close_on(app->db, K.id, apply, date) != INV_OK) {
        char msg[INV_ERR_MAX];
        str_copy(msg, sizeof msg, db_errmsg(app->db));
        reread(app);
        tui_err(app, "%s", msg);
        return;
    }
    if (apply) {
        app->data_changed = 1;
        app->data_gen++;
    }
    reread(app);
    /* TRANSLATORS: %2$s is the counts: "found 3 of 5, missing 2,
     * unexpected 0, unknown 0". */
    say_counts(app,
               apply ? _("Stock check %1$lld closed and applied: %2$s.")
                     : _("Stock check %1$lld closed (results not applied): %2$s."),
               NULL);
}

/* ---- the report ---- */

static int report_path_ok(tui_app *app, tui_form *fm, void *arg)
{
    (void)app;
    char path[1024];
    tui_field_text(arg, path, sizeof path);
    size_t n = strlen(path);
    if (n < 5 || strcasecmp(path + n - 4, ".pdf") != 0) {
        str_copy(fm->msg, sizeof fm->msg, _("The report is a PDF: give a file name ending in .pdf."));
        return -1;
    }
    return 0;
}

static void write_report(tui_app *app)
{
    if (!K.id) return;
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title, _("Report of stock check %lld"), (long long)K.id);
    char def[64];
    snprintf(def, sizeof def, "stock-check-%lld.pdf", (long long)K.id);
    tui_form_info(&fm, "", _("The inventory list and the record of shortages and surpluses, "
                              "with signature lines."));
    tui_field *ff = tui_form_text(&fm, _("PDF file"), def, 250);
    if (!tui_form_run(app, &fm, report_path_ok, ff)) {
        tui_msg(app, "%s", _("Cancelled."));
        return;
    }
    char path[1024];
    tui_field_text(ff, path, sizeof path);
    inv_err e;
    inv_err_clear(&e);
    if (check_report_pdf(app->db, K.id, path, getenv("INVENTAR_FONT"), &e) != INV_OK) {
        tui_err(app, "%s", e.msg);
        return;
    }
    tui_msg(app, _("The report of stock check %lld is in %s."), (long long)K.id, path);
}

/* ---- the screen ---- */

/* Rows: 1 the check, 2 the counts, 3 the input line, 4 a header, then
 * the log (or the missing list, under its column heads). */
#define BODY_Y 5

static int body_rows(const tui_app *app)
{
    int h = app->rows - 2 - BODY_Y - (K.show_missing ? 1 : 0);
    return h > 0 ? h : 1;
}

/* "2026-01-31T10:22:03Z" -> "2026-01-31 10:22" */
static void short_time(const char *at, char *out, size_t n)
{
    fmt_datetime(at, out, n);
}

/* One "Label value" counter at x; returns the x after it. */
static int put_counter(tui_app *app, int x, const char *label, const char *value,
                       attr_t value_attr)
{
    char t[160];
    snprintf(t, sizeof t, "%s ", label);
    int lw = str_width(t), vw = str_width(value);
    if (x + lw + vw > app->cols) return app->cols;
    tui_put(2, x, lw, t, A_NORMAL);
    tui_put(2, x + lw, vw, value, value_attr);
    return x + lw + vw + 3;
}

static void draw_head(tui_app *app)
{
    sbuf b = {0};
    char when[32];
    /* TRANSLATORS: the title of the scan screen: the check's number, the
     * office's code and name (and with its sub-offices). */
    sbuf_addf(&b, K.check.recursive ? _("Stock check %1$lld: %2$s %3$s (+sub-offices)")
                                    : _("Stock check %1$lld: %2$s %3$s"),
              (long long)K.id, K.check.office, K.check.office_name);
    sbuf_add(&b, " \xe2\x80\x94 ");
    if (is_closed()) {
        short_time(K.check.closed_at, when, sizeof when);
        /* TRANSLATORS: the state of a stock check in its screen's title;
         * %s is the local date and time it was closed. */
        sbuf_addf(&b, K.check.applied ? _("closed %s, results applied")
                                      : _("closed %s, results not applied"), when);
    } else {
        short_time(K.check.started_at, when, sizeof when);
        /* TRANSLATORS: %1$s is the local date and time the stock check
         * was started, %2$s who started it. */
        sbuf_addf(&b, _("open, started %1$s by %2$s"), when, K.check.started_by);
    }
    tui_put(1, 0, app->cols, sbuf_str(&b), A_BOLD);
    sbuf_free(&b);

    if (K.counted) {
        char v[64];
        const check_counts *n = &K.n;
        int x = 0;
        snprintf(v, sizeof v, _("%lld of %lld"), (long long)n->found, (long long)n->expected);
        x = put_counter(app, x, _("Found"), v, tui_attr(C_FOUND) | A_BOLD);
        snprintf(v, sizeof v, "%lld", (long long)n->missing);
        x = put_counter(app, x, _("Missing"), v, A_BOLD);
        snprintf(v, sizeof v, "%lld", (long long)n->unexpected);
        x = put_counter(app, x, _("Unexpected"), v, n->unexpected ? tui_attr(C_UNEXPECTED) : A_BOLD);
        snprintf(v, sizeof v, "%lld", (long long)n->unknown);
        x = put_counter(app, x, _("Unknown"), v, n->unknown ? tui_attr(C_UNKNOWN) : A_BOLD);
        snprintf(v, sizeof v, "%lld", (long long)n->duplicate);
        x = put_counter(app, x, _("Duplicate"), v, n->duplicate ? tui_attr(C_DUPLICATE) : A_BOLD);
        snprintf(v, sizeof v, "%lld", (long long)n->scans);
        put_counter(app, x, _("Scans"), v, A_BOLD);
    }

    if (is_closed()) {
        tui_put(3, 0, app->cols, _("Closed: this check takes no more scans. Esc goes back."),
                tui_attr(C_DIM));
    } else {
        const char *label = _("Scan or type a code: ");
        int lw = tui_put(3, 0, str_width(label), label, A_BOLD);
        tui_line_draw(&K.input, 3, lw, app->cols - lw - 1, tui_attr(C_FIELD_CUR), 1);
    }
}

static void draw_log(tui_app *app)
{
    char head[160];
    snprintf(head, sizeof head, _(" Scans, newest first (%d)%s    F2: what is still missing"),
             K.nlog, K.top > 0 ? _(", scrolled") : "");
    tui_fill(stdscr, 4, 0, app->cols, tui_attr(C_HEADER));
    tui_put(4, 0, app->cols, head, tui_attr(C_HEADER));
    int h = body_rows(app);
    if (K.top > K.nlog - h) K.top = K.nlog - h;
    if (K.top < 0) K.top = 0;
    if (K.nlog == 0) {
        tui_put(BODY_Y + 1, 2, app->cols - 4,
                is_closed() ? _("No scans.") : _("No scans yet: scan a label, or type a tag and press Enter."),
                tui_attr(C_DIM));
        return;
    }
    /* The result words in one column. */
    static const char *const words[] = {"found", "duplicate", "unexpected", "unknown"};
    int ww = str_width(_("refused"));
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (str_width(result_word(words[i])) > ww) ww = str_width(result_word(words[i]));
    if (str_width(_("NOT RECORDED")) > ww) ww = str_width(_("NOT RECORDED"));
    for (int r = 0; r < h && K.top + r < K.nlog; r++) {
        const log_line *l = log_get(K.top + r);
        int y = BODY_Y + r;
        attr_t a = tui_attr(l->color);
        tui_put(y, 0, 9, l->when, tui_attr(C_DIM));
        tui_put(y, 10, ww, l->word, a | A_BOLD);
        tui_put(y, 11 + ww, app->cols - 11 - ww, l->text, a);
    }
}

/* Missing list columns for the width. */
static void miss_layout(int cols, int w[M_NCOLS], int x[M_NCOLS])
{
    w[M_TAG] = 13;
    w[M_KIND] = cols >= 100 ? 16 : 10;
    int flex = cols - 2 - w[M_TAG] - w[M_KIND] - (M_NCOLS - 1);
    if (flex < 12) flex = 12;
    w[M_MODEL] = flex * 35 / 100;
    w[M_OFFICE] = flex * 35 / 100;
    w[M_CUSTODIAN] = flex - w[M_MODEL] - w[M_OFFICE];
    int p = 1;
    for (int i = 0; i < M_NCOLS; i++) {
        x[i] = p;
        p += w[i] + 1;
    }
}

static void draw_missing(tui_app *app)
{
    char head[200];
    snprintf(head, sizeof head, _(" Still missing: %lld of %lld expected, by tag    F2: the scans"),
             (long long)(K.counted ? K.n.missing : K.nmiss),
             (long long)(K.counted ? K.n.expected : 0));
    tui_fill(stdscr, 4, 0, app->cols, tui_attr(C_HEADER));
    tui_put(4, 0, app->cols, head, tui_attr(C_HEADER));
    static const char *const titles[M_NCOLS] = {N_("Tag"), N_("Kind"), N_("Make/model"),
                                                N_("Recorded at"), N_("Custodian")};
    int w[M_NCOLS], x[M_NCOLS];
    miss_layout(app->cols, w, x);
    for (int i = 0; i < M_NCOLS; i++) tui_put(BODY_Y, x[i], w[i], _(titles[i]), A_BOLD | A_UNDERLINE);
    int h = body_rows(app);
    int more = K.counted && K.n.missing > K.nmiss; /* a last line says so */
    int n = K.nmiss + more;
    if (K.miss_top > n - h) K.miss_top = n - h;
    if (K.miss_top < 0) K.miss_top = 0;
    if (K.nmiss == 0 && K.counted && K.n.missing == 0) {
        tui_put(BODY_Y + 2, 2, app->cols - 4,
                _("Nothing is missing: every expected asset was found."), tui_attr(C_FOUND));
        return;
    }
    for (int r = 0; r < h && K.miss_top + r < n; r++) {
        int i = K.miss_top + r, y = BODY_Y + 1 + r;
        if (i >= K.nmiss) {
            char t[160];
            snprintf(t, sizeof t, _("\xe2\x80\xa6 and %lld more (the report lists them all)"),
                     (long long)(K.n.missing - K.nmiss));
            tui_put(y, 1, app->cols - 2, t, tui_attr(C_DIM));
            break;
        }
        for (int c = 0; c < M_NCOLS; c++) tui_put(y, x[c], w[c], K.miss[i].cell[c], A_NORMAL);
    }
}

static void scan_draw(tui_app *app)
{
    if (!K.id) {
        tui_put(2, 2, app->cols - 4,
                _("No stock check: start one from the Offices screen (F2 on an office)."),
                tui_attr(C_DIM));
        return;
    }
    draw_head(app);
    if (K.show_missing) draw_missing(app);
    else draw_log(app);
}

static void list_scroll(int d)
{
    int *top = K.show_missing ? &K.miss_top : &K.top;
    *top += d;
    if (*top < 0) *top = 0;
}

static void go_back(tui_app *app)
{
    tui_screen_id to = K.from < TUI_TABS ? K.from : SCR_OFFICES;
    if (app->data_changed) tui_switch(app, to);
    else app->cur = to;
}

static tui_result scan_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    K.refused = 0;
    if (act != A_REFRESH && input_key(app, ch, is_code)) {
        drain(app);
        after_burst(app);
        return TUI_HANDLED;
    }
    int h = body_rows(app);
    switch (act) {
    case A_UP: list_scroll(-1); break;
    case A_DOWN: list_scroll(1); break;
    case A_PGUP: list_scroll(-h); break;
    case A_PGDN: list_scroll(h); break;
    case A_HOME: list_scroll(-(1 << 30)); break;
    case A_END: list_scroll(1 << 30); break;
    case A_SCAN: submit(app); after_burst(app); break;
    case A_BACK:
        if (K.input.len > 0) tui_line_set(&K.input, "");
        else if (K.show_missing) K.show_missing = 0;
        else go_back(app);
        break;
    case A_SCAN_MISSING:
        K.show_missing = !K.show_missing;
        if (K.show_missing) {
            K.miss_top = 0;
            recount(app);
            miss_load(app);
        }
        break;
    case A_SCAN_CLOSE: close_check(app, 0); break;
    case A_SCAN_APPLY: close_check(app, 1); break;
    case A_SCAN_REPORT: write_report(app); break;
    default: return TUI_UNHANDLED;
    }
    return TUI_HANDLED;
}

static void scan_open(tui_app *app)
{
    /* Coming back (from the help, or Ctrl-L): the check as it is now. */
    if (K.id) reread(app);
}

static void scan_done(tui_app *app)
{
    (void)app;
    log_clear();
    miss_clear();
    free(K.miss);
    K.miss = NULL;
    K.id = 0;
}

const tui_screen tui_scan_screen = {
    .title = N_("Stock check"),
    .open = scan_open,
    .draw = scan_draw,
    .key = scan_key,
    .mouse = NULL,
    .done = scan_done,
};

/* ---- starting and resuming ---- */

static int find_open(const inv_check *c, const check_counts *n, void *arg)
{
    (void)n;
    if (c->closed_at[0]) return 0;
    *(int64_t *)arg = c->id;
    return 1;
}

/* Show check id on the scan screen, with its scans so far. */
static int show(tui_app *app, int64_t id)
{
    inv_check c;
    if (check_get(app->db, id, &c) != INV_OK) {
        tui_db_err(app);
        return -1;
    }
    if (app->cur < TUI_TABS) K.from = app->cur;
    K.id = id;
    K.check = c;
    K.show_missing = 0;
    K.top = K.miss_top = 0;
    K.input.maxbytes = TUI_LINE_MAX;
    tui_line_set(&K.input, "");
    miss_clear();
    log_load(app);
    tui_switch(app, SCR_SCAN); /* its open reads the counts */
    return 0;
}

void tui_scan_office(tui_app *app, int64_t office_id)
{
    inv_office o;
    if (office_get(app->db, office_id, &o) != INV_OK) {
        tui_db_err(app);
        return;
    }
    /* Starting, resuming: a stock check is scanned and closed only by a
     * login whose role allows it there. */
    if (!tui_allow(app, AUTHZ_CHECK, o.id)) return;
    int64_t open_id = 0;
    if (check_walk(app->db, o.id, find_open, &open_id) != INV_OK) {
        tui_db_err(app);
        return;
    }
    if (open_id) {
        if (show(app, open_id) == 0) {
            /* TRANSLATORS: %3$s is the office's code, %2$s the counts:
             * "found 3 of 5, missing 2, unexpected 0, unknown 0". */
            say_counts(app, _("Resumed stock check %1$lld of %3$s: %2$s."), o.code);
        }
        return;
    }
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title, _("New stock check: %s %s"), o.code, o.name);
    tui_form_info(&fm, "", _("It expects the assets recorded there now (not written off)."));
    tui_field *fr = tui_form_check(&fm, _("With sub-offices"), 0);
    /* The order and the commission, for the check order and the
     * inventory list. */
    tui_field *fo = tui_form_text(&fm, _("Order"), "", INV_LONG_CHARS);
    tui_field *fc = tui_form_text(&fm, _("Chair"), "", INV_TEXT_CHARS);
    tui_field *fmb = tui_form_text(&fm, _("Members (names; ...)"), "", INV_LONG_CHARS);
    /* TRANSLATORS: a form field: the materially responsible person of
     * the office (МОЛ). */
    tui_field *fmol = tui_form_text(&fm, _("MRP"), "", INV_TEXT_CHARS);
    tui_field *fn = tui_form_text(&fm, _("Note"), "", INV_LONG_CHARS);
    fm.hint = _("Enter: start  Up/Down: field  Space: tick  Esc: cancel");
    if (!tui_form_run(app, &fm, NULL, NULL)) {
        tui_msg(app, "%s", _("Cancelled."));
        return;
    }
    char order[INV_LONG_MAX + 1], chair[INV_TEXT_MAX * 4 + 1], mem[INV_LONG_MAX + 1],
        mol[INV_TEXT_MAX * 4 + 1], note[INV_LONG_MAX + 1];
    tui_field_text(fo, order, sizeof order);
    tui_field_text(fc, chair, sizeof chair);
    tui_field_text(fmb, mem, sizeof mem);
    tui_field_text(fmol, mol, sizeof mol);
    tui_field_text(fn, note, sizeof note);
    const char *members[CHECK_MEMBERS_MAX + 1];
    int nm = 0;
    for (char *save = NULL, *p = strtok_r(mem, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
        p = str_trim(p);
        if (!*p) continue;
        if (nm == CHECK_MEMBERS_MAX + 1) break; /* one too many: check_start says so */
        members[nm++] = p;
    }
    check_options opt = {
        .office = o.code,
        .recursive = fr->check,
        .order = str_trim(order),
        .chair = *str_trim(chair) ? chair : NULL,
        .members = members,
        .nmembers = nm,
        .mol = str_trim(mol),
        .note = note,
        /* A scanner's configured prefix and suffix, as for `check start`. */
        .scan_prefix = getenv("INVENTAR_SCANNER_PREFIX"),
        .scan_suffix = getenv("INVENTAR_SCANNER_SUFFIX"),
    };
    int64_t id;
    char num[256];
    if (check_start_doc(app->db, &opt, &id, num, sizeof num) != INV_OK) {
        tui_db_err(app);
        return;
    }
    int shown = show(app, id) == 0;
    if (shown && num[0])
        tui_msg(app,
                ngettext("Stock check %lld of %s started under check order %s: %lld asset "
                         "expected.",
                         "Stock check %lld of %s started under check order %s: %lld assets "
                         "expected.",
                         (unsigned long)K.n.expected),
                (long long)id, o.code, num, (long long)K.n.expected);
    else if (shown)
        tui_msg(app,
                ngettext("Stock check %lld of %s started: %lld asset expected. Scan its label.",
                         "Stock check %lld of %s started: %lld assets expected. Scan their labels.",
                         (unsigned long)K.n.expected),
                (long long)id, o.code, (long long)K.n.expected);
}

void tui_scan_pick(tui_app *app)
{
    if (!tui_allow(app, AUTHZ_CHECK, 0)) return;
    int64_t id;
    char text[INV_NAME_MAX + INV_CODE_MAX + 8];
    if (!tui_pick_office(app, NULL, &id, text, sizeof text)) {
        tui_msg(app, "%s", _("Cancelled."));
        return;
    }
    tui_scan_office(app, id);
}
