/* cli_progress.c: the progress line of long work on a terminal.
 *
 * The core reports progress through db_progress (db.h); here it becomes
 * one line on standard error, rewritten in place ("\r", erase to the end
 * of the line) at most PROGRESS_HZ times a second, cleared when a phase
 * ends, before an error and at exit. Nothing is shown when standard
 * error is not a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"

#define PROGRESS_MIN_NS 200000000LL /* 5 updates a second at most */

static struct {
    int shown;           /* a line is on the terminal */
    const char *phase;   /* the phase being timed */
    int64_t t0;          /* when it began (ns) */
    int64_t last;        /* when the line was last drawn (ns) */
} P;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The terminal's width, 80 when unknown. */
static int term_cols(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

/* "12 345": digits grouped by thousands. */
static void fmt_count(char *out, size_t n, int64_t v)
{
    char d[32];
    snprintf(d, sizeof d, "%lld", (long long)(v < 0 ? 0 : v));
    size_t len = strlen(d), o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0) out[o++] = ' ';
        out[o++] = d[i];
    }
    out[o] = '\0';
}

/* Write s clipped to cols - 1 display columns. */
static void put_clipped(const char *s, int cols)
{
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    const char *p = s;
    int width = 0;
    while (*p) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, p, strlen(p), &ms);
        if (k == 0 || k == (size_t)-1 || k == (size_t)-2) break;
        int w = wcwidth(wc);
        if (w < 0) w = 0;
        if (width + w > cols - 1) break;
        width += w;
        p += k;
    }
    fwrite(s, 1, (size_t)(p - s), stderr);
}

void cli_progress_clear(void)
{
    if (!P.shown) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    P.shown = 0;
}

static void show(void *arg, const char *phase, int64_t done, int64_t total)
{
    (void)arg;
    int64_t t = now_ns();
    if (!phase) {
        cli_progress_clear();
        return;
    }
    if (phase != P.phase) {
        P.phase = phase;
        P.t0 = t;
        P.last = 0;
    }
    if (total > 0 && done >= total) {
        cli_progress_clear();
        P.phase = NULL;
        return;
    }
    if (P.last && t - P.last < PROGRESS_MIN_NS) return;
    P.last = t;

    char line[512], a[32], b[32];
    fmt_count(a, sizeof a, done);
    if (total > 0) {
        fmt_count(b, sizeof b, total);
        double secs = (double)(t - P.t0) / 1e9;
        int pct = (int)(done * 100 / total);
        /* An estimate once there is something to go by. */
        if (done > 0 && secs >= 1.0) {
            double rest = secs * (double)(total - done) / (double)done;
            if (rest < 60)
                /* TRANSLATORS: a progress line: "Importing: 1 024 of 5 000
                 * (20%), about 3 s left"; %5$d is the seconds left. */
                snprintf(line, sizeof line, _("%1$s: %2$s of %3$s (%4$d%%), about %5$d s left"),
                         _(phase), a, b, pct, (int)rest + 1);
            else
                /* TRANSLATORS: a progress line: "Importing: 1 024 of 5 000
                 * (20%), about 3 min left"; %5$d is the minutes left. */
                snprintf(line, sizeof line,
                         _("%1$s: %2$s of %3$s (%4$d%%), about %5$d min left"), _(phase), a,
                         b, pct, (int)(rest / 60) + 1);
        } else {
            /* TRANSLATORS: a progress line: "Importing: 1 024 of 5 000 (20%)". */
            snprintf(line, sizeof line, _("%1$s: %2$s of %3$s (%4$d%%)"), _(phase), a, b, pct);
        }
    } else if (done == 0) {
        /* A step whose progress is not known: its name alone. */
        snprintf(line, sizeof line, "%s", _(phase));
    } else {
        /* TRANSLATORS: a progress line when the end is not known: "Reading: 1 024". */
        snprintf(line, sizeof line, _("%s: %s"), _(phase), a);
    }
    fputc('\r', stderr);
    put_clipped(line, term_cols());
    fputs("\033[K", stderr);
    fflush(stderr);
    P.shown = 1;
}

void cli_progress_attach(inv_db *db)
{
    if (db && isatty(STDERR_FILENO)) db_set_progress(db, show, NULL);
}
