/* util.h: strings, UTF-8, terminal-safe text, dates, money, the clock. */
#ifndef INVENTAR_UTIL_H
#define INVENTAR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libintl.h>
#include "inventar/status.h"

/* User-visible strings go through gettext. */
#define _(s) gettext(s)
#define N_(s) (s)
/* A message with a context, where one English word has several meanings
 * ("Status" the column heading, "assigned" the status or the event):
 * P_("column", "Status") for a literal (xgettext -kP_:1c,2), NP_ to mark
 * one in a table (-kNP_:1c,2) and inv_pgettext(ctx, s) to translate it
 * at run time. Returns s itself when there is no translation. */
#define P_(ctx, s) inv_pgettext_lit(ctx "\004" s, s)
#define NP_(ctx, s) (s)
const char *inv_pgettext_lit(const char *ctx_msgid, const char *msgid);
const char *inv_pgettext(const char *ctx, const char *msgid);

/* Growable string. Zero-initialise ({0}) before use; s is always
 * NUL-terminated once anything was added. Allocation failure aborts. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

void sbuf_add(sbuf *b, const char *s);
void sbuf_addn(sbuf *b, const char *s, size_t n);
void sbuf_addc(sbuf *b, char c);
void sbuf_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(sbuf *b);        /* empty, keep memory */
void sbuf_free(sbuf *b);
const char *sbuf_str(const sbuf *b); /* "" when nothing was added */

/* Copy src into dst of size n; returns 0, or -1 when src did not fit
 * (dst then holds a truncated copy cut at a UTF-8 character boundary). */
int str_copy(char *dst, size_t n, const char *src);

/* Trim ASCII whitespace at both ends in place; returns s. */
char *str_trim(char *s);

/* 1 when s (length n) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t n);

/* The number of characters (code points) of UTF-8 s; an invalid byte
 * counts as one. */
size_t utf8_chars(const char *s);

/* Terminal-safe copy of s: every character that iswprint() rejects or
 * whose wcwidth() is not positive (controls, ESC, CR, bidi overrides,
 * combining marks) becomes '?'; invalid UTF-8 bytes too. Returns a
 * malloc'd string (caller frees); NULL in gives "". */
char *term_safe(const char *s);

/* Decode the UTF-8 character at s (n bytes available): its length (1-4)
 * with *cp set, or 0 for an invalid sequence. */
int utf8_decode_one(const char *s, size_t n, unsigned *cp);

/* 1 when code point cp belongs to a word as search tokenises text
 * (letters and digits of any script), 0 for separators (spaces,
 * punctuation, dashes, quotes, symbols such as № or €). */
int unicode_is_word(unsigned cp);

/* 1 when code point cp may be shown on a terminal as it is (printable,
 * positive width); 0 for controls, bidi overrides, zero-width marks. */
int unicode_printable(unsigned cp);

/* Lower-case copy of s for comparisons: ASCII and Cyrillic (U+0400 to
 * U+042F) letters folded, everything else kept. out has size n. */
void utf8_fold(const char *s, char *out, size_t n);

/* Display width in terminal columns of a (sanitised) UTF-8 string. */
int str_width(const char *s);

/* Write into out (size n) the longest prefix of s whose display width is
 * at most cols, cutting at character boundaries; pad with spaces to
 * exactly cols when pad is set. s must be sanitised. Returns width. */
int str_fit(char *out, size_t n, const char *s, int cols, int pad);

/* Parse a calendar date: ISO "2023-04-01" or Bulgarian "01.04.2023"
 * (an optional trailing "г." or "г" is accepted). Writes ISO form
 * into out[11]. Returns 0, or -1 when it is not a valid date. */
int date_parse(const char *in, char out[11]);

/* Parse a date (as date_parse) and write the UTC time at which that day
 * ends in the local time zone (TZ) into out[21]: with TZ=UTC,
 * "2023-04-01" -> "2023-04-01T23:59:59Z"; in Sofia (UTC+3 in summer)
 * "2023-04-01T20:59:59Z". Returns 0 or -1. */
int date_end_of_day(const char *in, char out[21]);
/* The same for the moment that day begins (00:00:00 local time). */
int date_start_of_day(const char *in, char out[21]);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC) in out[21]. In the
 * test build only (-DINVENTAR_TEST_HOOKS), INVENTAR_NOW in the
 * environment, when set, is used instead (for reproducible tests); the
 * shipped binary ignores it. */
void now_utc(char out[21]);

/* How far (seconds) a recorded time may run ahead of the machine's clock. */
#define CLOCK_TOLERANCE_S 300

/* The latest time an event may carry: the machine's real clock (never
 * INVENTAR_NOW) plus CLOCK_TOLERANCE_S, as now_utc writes times. */
void clock_limit_utc(char out[21]);

/* Today's date in the local time zone (TZ) as "YYYY-MM-DD" in out[11],
 * by the same clock as now_utc (INVENTAR_NOW included in the test build). */
void today_local(char out[11]);

/* The local date ("YYYY-MM-DD") of a UTC time as now_utc writes it, into
 * out[11]; the first ten characters when the time can't be read. */
void date_of_utc(const char *at, char out[11]);

/* Parse an amount into minor units (cents/stotinki): "230 942,88",
 * "230942.88", "1,234.50", "88 811.00", "120". A non-breaking space
 * also separates thousands; a leading '-' is refused. Returns 0 or -1. */
int money_parse(const char *in, int64_t *minor);

/* Format minor units as "230 942,88" into out (size n). */
void money_format(int64_t minor, char *out, size_t n);

/* Fixed conversion rate: 1 EUR = 1.95583 BGN. Returns euro cents,
 * rounded half away from zero. */
int64_t money_bgn_to_eur(int64_t bgn_minor);

/* Writing a whole file so that no partial one is ever left behind. A
 * regular file (or a new one) is written to a temporary file beside it,
 * renamed over it on commit; a device or a pipe (/dev/stdout, /dev/null,
 * a FIFO) is written directly, never replaced. Opening, renaming and
 * removing are done with the user's rights: a setgid inventar never
 * writes an output with its group (priv.h). */
typedef struct safe_file {
    int fd;       /* write here (or fdopen it) */
    int direct;   /* 1 when writing straight to a device or pipe */
    char *tmp;    /* the temporary file, or NULL */
    char *path;
} safe_file;

/* errno of safe_file_open() and safe_file_target_ok() when the target is
 * a protected database or one of its files. */
#define SAFE_FILE_EPROTECTED 0x10001

/* Protect a database: from now on no safe_file may write db_path or its
 * -wal, -shm or -journal file, whether named by their path, through a
 * symbolic link or by a hard link (db_open calls this). */
void safe_file_protect(const char *db_path);
/* The one check of every file inventar writes: 0 when path may be
 * written, -1 with errno SAFE_FILE_EPROTECTED when it is a protected
 * database or one of its files (compared by device and inode when it
 * exists, else by its real directory and name). */
int safe_file_target_ok(const char *path);
/* strerror(err), or for SAFE_FILE_EPROTECTED which database file the
 * target is (translated; valid until the next refusal). */
const char *safe_file_strerror(int err);

/* Open path for writing; new files get mode (e.g. 0600 or 0644, less the
 * umask). Refuses a protected target (safe_file_target_ok). Returns 0, or
 * -1 with errno set. */
int safe_file_open(safe_file *f, const char *path, unsigned mode);
/* Flush and close (fp, when the caller fdopen'ed fd, else fd), sync and
 * rename into place. Returns 0, or -1 with errno set (the temporary file
 * is then removed). */
int safe_file_commit(safe_file *f, FILE *fp);
/* Give up: close and remove the temporary file. */
void safe_file_abort(safe_file *f, FILE *fp);

/* The login name of the current user (never NULL). */
const char *user_login_name(void);

#endif
