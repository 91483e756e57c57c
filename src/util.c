/* util.c: strings, UTF-8, terminal-safe text, dates, money, the clock. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "inventar/priv.h"
#include "inventar/util.h"

static void sbuf_grow(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) abort();
    b->s = s;
    b->cap = cap;
}

void sbuf_addn(sbuf *b, const char *s, size_t n)
{
    sbuf_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sbuf_add(sbuf *b, const char *s) { sbuf_addn(b, s, strlen(s)); }
void sbuf_addc(sbuf *b, char c) { sbuf_addn(b, &c, 1); }

void sbuf_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    sbuf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

void sbuf_free(sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

const char *sbuf_str(const sbuf *b) { return b->s ? b->s : ""; }

int str_copy(char *dst, size_t n, const char *src)
{
    if (n == 0) return -1;
    size_t len = strlen(src);
    if (len < n) {
        memcpy(dst, src, len + 1);
        return 0;
    }
    size_t cut = n - 1;
    /* Do not leave half a UTF-8 character. */
    while (cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80) cut--;
    memcpy(dst, src, cut);
    dst[cut] = '\0';
    return -1;
}

char *str_trim(char *s)
{
    char *p = s;
    while (*p && isspace((unsigned char)*p)) p++;
    if (p != s) memmove(s, p, strlen(p) + 1);
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Decode one UTF-8 sequence; returns its length (1..4) and sets *cp,
 * or 0 for an invalid sequence. */
static int utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len;
    unsigned min;
    if ((c & 0xE0) == 0xC0) { len = 2; c &= 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; c &= 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; c &= 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

int utf8_decode_one(const char *s, size_t n, unsigned *cp)
{
    return utf8_decode((const unsigned char *)s, n, cp);
}

int unicode_is_word(unsigned cp)
{
    if (cp < 0x80) return isalnum((int)cp) != 0;
    if (cp < 0xC0) return 0;                     /* Latin-1 punctuation, NBSP, « » */
    if (cp == 0xD7 || cp == 0xF7) return 0;      /* × ÷ */
    if (cp >= 0x2000 && cp <= 0x2BFF) return 0;  /* dashes, quotes, №, €, arrows */
    if (cp >= 0x2E00 && cp <= 0x2E7F) return 0;  /* supplemental punctuation */
    if (cp >= 0x3000 && cp <= 0x303F) return 0;  /* CJK punctuation */
    if (cp >= 0xFE10 && cp <= 0xFE6F) return 0;  /* vertical and small forms */
    if (cp >= 0xFF01 && cp <= 0xFF0F) return 0;  /* fullwidth punctuation */
    if (cp >= 0xFFF0) return 0;                  /* specials, BOM-like */
    return 1;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80) n++;
    return n;
}

int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        if (p[i] == 0) return 0;
        if (p[i] < 0x80) { i++; continue; }
        int len = utf8_decode(p + i, n - i, &cp);
        if (len == 0) return 0;
        i += (size_t)len;
    }
    return 1;
}

/* Width of one code point for the terminal; -1 when it must not be shown. */
static int cp_width(unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return -1;
    if (cp < 0x7F) return 1;
    /* Bidi controls and other invisible formatting characters. */
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF)
        return -1;
    if (!iswprint((wint_t)cp)) return -1;
    int w = wcwidth((wchar_t)cp);
    return w > 0 ? w : -1;
}

void utf8_fold(const char *s, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, o = 0;
    while (i < len && o + 5 < n) {
        unsigned cp;
        int l = utf8_decode(p + i, len - i, &cp);
        if (l == 0) { out[o++] = (char)p[i++]; continue; }
        if (cp >= 'A' && cp <= 'Z') cp += 32;
        else if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;
        else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
        if (cp < 0x80) out[o++] = (char)cp;
        else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            memcpy(out + o, p + i, (size_t)l);
            o += (size_t)l;
        }
        i += (size_t)l;
    }
    out[o] = '\0';
}

int unicode_printable(unsigned cp) { return cp_width(cp) > 0; }

char *term_safe(const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out) abort();
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned cp;
        int len = utf8_decode(p + i, n - i, &cp);
        if (len == 0) { out[o++] = '?'; i++; continue; }
        if (cp_width(cp) < 0) { out[o++] = '?'; i += (size_t)len; continue; }
        memcpy(out + o, p + i, (size_t)len);
        o += (size_t)len;
        i += (size_t)len;
    }
    out[o] = '\0';
    return out;
}

int str_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    int w = 0;
    while (i < n) {
        unsigned cp;
        int len = utf8_decode(p + i, n - i, &cp);
        if (len == 0) { w++; i++; continue; }
        int cw = cp_width(cp);
        w += cw > 0 ? cw : 1;
        i += (size_t)len;
    }
    return w;
}

int str_fit(char *out, size_t n, const char *s, int cols, int pad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, o = 0;
    int w = 0;
    while (i < len) {
        unsigned cp;
        int l = utf8_decode(p + i, len - i, &cp);
        if (l == 0) l = 1;
        int cw = l == 1 && p[i] >= 0x80 ? 1 : cp_width(cp);
        if (cw < 1) cw = 1;
        if (w + cw > cols || o + (size_t)l + 1 > n) break;
        memcpy(out + o, p + i, (size_t)l);
        o += (size_t)l;
        i += (size_t)l;
        w += cw;
    }
    while (pad && w < cols && o + 2 <= n) { out[o++] = ' '; w++; }
    out[o] = '\0';
    return w;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

int date_parse(const char *in, char out[11])
{
    char buf[32];
    if (!in || str_copy(buf, sizeof buf, in) != 0) return -1;
    str_trim(buf);
    size_t n = strlen(buf);
    /* Optional Bulgarian year suffix: "г." or "г" (UTF-8 D0 B3). */
    if (n >= 3 && strcmp(buf + n - 3, "\xd0\xb3.") == 0) buf[n -= 3] = '\0';
    else if (n >= 2 && strcmp(buf + n - 2, "\xd0\xb3") == 0) buf[n -= 2] = '\0';
    str_trim(buf);
    n = strlen(buf);
    int y, m, d;
    if (n == 10 && buf[4] == '-' && buf[7] == '-' && all_digits(buf, 4) &&
        all_digits(buf + 5, 2) && all_digits(buf + 8, 2)) {
        y = atoi(buf);
        m = atoi(buf + 5);
        d = atoi(buf + 8);
    } else {
        /* d.m.yyyy with one or two digit day and month. */
        char *p1 = strchr(buf, '.');
        char *p2 = p1 ? strchr(p1 + 1, '.') : NULL;
        if (!p1 || !p2 || strchr(p2 + 1, '.')) return -1;
        size_t ld = (size_t)(p1 - buf), lm = (size_t)(p2 - p1 - 1),
               ly = strlen(p2 + 1);
        if (ld < 1 || ld > 2 || lm < 1 || lm > 2 || ly != 4 ||
            !all_digits(buf, ld) || !all_digits(p1 + 1, lm) || !all_digits(p2 + 1, 4))
            return -1;
        d = atoi(buf);
        m = atoi(p1 + 1);
        y = atoi(p2 + 1);
    }
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 0;
}

/* The UTC time of hh:mm:ss local time (TZ) on the date in. */
static int date_local_time(const char *in, int hh, int mm, int ss, char out[21])
{
    char d[11];
    if (date_parse(in, d) != 0) return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = atoi(d) - 1900;
    tm.tm_mon = atoi(d + 5) - 1;
    tm.tm_mday = atoi(d + 8);
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1) {
        snprintf(out, 21, "%sT%02d:%02d:%02dZ", d, hh, mm, ss);
        return 0;
    }
    struct tm g;
    gmtime_r(&t, &g);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &g);
    return 0;
}

int date_end_of_day(const char *in, char out[21])
{
    /* The end of that day where the user is (TZ), as UTC. */
    return date_local_time(in, 23, 59, 59, out);
}

int date_start_of_day(const char *in, char out[21])
{
    return date_local_time(in, 0, 0, 0, out);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of t into out[21]. */
static void fmt_utc(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void now_utc(char out[21])
{
#ifdef INVENTAR_TEST_HOOKS
    /* The test build's fixed clock: only a well-formed UTC time is taken,
     * event_append never lets it go back before the history nor beyond
     * the machine's clock (clock_limit_utc). */
    const char *fixed = getenv("INVENTAR_NOW");
    if (fixed && strlen(fixed) == 20) {
        static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
        int ok = 1;
        for (int i = 0; i < 20 && ok; i++)
            ok = shape[i] == 'd' ? isdigit((unsigned char)fixed[i]) : fixed[i] == shape[i];
        if (ok) {
            memcpy(out, fixed, 21);
            return;
        }
    }
#endif
    fmt_utc(time(NULL), out);
}

void clock_limit_utc(char out[21])
{
    fmt_utc(time(NULL) + CLOCK_TOLERANCE_S, out);
}

void date_of_utc(const char *at, char out[11])
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        time_t t = timegm(&tm);
        struct tm l;
        if (t != (time_t)-1 && localtime_r(&t, &l) &&
            strftime(out, 11, "%Y-%m-%d", &l) == 10)
            return;
    }
    str_copy(out, 11, at);
}

void today_local(char out[11])
{
    char now[21];
    now_utc(now);
    date_of_utc(now, out);
}

int money_parse(const char *in, int64_t *minor)
{
    if (!in) return -1;
    /* Reduce the text to digits, '.', ',' and 'g' for a space-like group
     * mark (space, tab, U+00A0, U+202F, apostrophe). */
    char buf[64];
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p == ' ' || *p == '\t') p++;
    for (; *p; p++) {
        char c;
        if (isdigit(*p) || *p == '.' || *p == ',') c = (char)*p;
        else if (*p == ' ' || *p == '\t' || *p == '\'') c = 'g';
        else if (p[0] == 0xC2 && p[1] == 0xA0) { c = 'g'; p++; }
        else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { c = 'g'; p += 2; }
        else return -1;
        if (o + 1 >= sizeof buf) return -1;
        buf[o++] = c;
    }
    while (o > 0 && buf[o - 1] == 'g') o--; /* trailing spaces */
    buf[o] = '\0';
    if (o == 0) return -1;
    /* The decimal separator: the last '.' or ',' when 1 or 2 digits follow
     * it to the end. */
    char *dec = NULL, *last = NULL;
    for (char *q = buf; *q; q++)
        if (*q == '.' || *q == ',') last = q;
    if (last) {
        size_t after = strlen(last + 1);
        if (after >= 1 && after <= 2 && all_digits(last + 1, after)) dec = last;
    }
    /* The whole part: groups of digits; with marks, the first group has 1-3
     * digits (not a lone 0) and every other exactly 3, and no mark is the
     * decimal separator's character. */
    size_t wlen = dec ? (size_t)(dec - buf) : o;
    int64_t units = 0;
    int groups = 0, digits = 0, first = 0;
    char first_digit = 0;
    for (size_t i = 0; i <= wlen; i++) {
        char c = i < wlen ? buf[i] : '\0';
        if (isdigit((unsigned char)c)) {
            if (digits == 0 && groups == 0) first_digit = c;
            if (units > (INT64_MAX / 100 - 9) / 10) return -1;
            units = units * 10 + (c - '0');
            digits++;
            continue;
        }
        /* End of a group: at a mark or at the end. */
        if (digits == 0) return -1;
        if (groups == 0) first = digits;
        else if (digits != 3) return -1;
        groups++;
        digits = 0;
        if (c != '\0' && dec && c == *dec) return -1;
    }
    if (groups > 1 && (first > 3 || (first == 1 && first_digit == '0'))) return -1;
    int64_t cents = 0;
    if (dec) {
        cents = atoi(dec + 1);
        if (strlen(dec + 1) == 1) cents *= 10;
    }
    *minor = units * 100 + cents;
    return 0;
}

void money_format(int64_t minor, char *out, size_t n)
{
    char digits[32];
    int neg = minor < 0;
    uint64_t v = neg ? (uint64_t)(-(minor + 1)) + 1 : (uint64_t)minor;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    char buf[48];
    size_t o = 0, len = strlen(digits);
    if (neg) buf[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[o++] = ' ';
        buf[o++] = digits[i];
    }
    snprintf(buf + o, sizeof buf - o, ",%02u", (unsigned)(v % 100));
    str_copy(out, n, buf);
}

int64_t money_bgn_to_eur(int64_t bgn_minor)
{
    /* eur = bgn / 1.95583, in integers: bgn * 100000 / 195583, rounded. */
    __int128 num = (__int128)bgn_minor * 100000;
    __int128 q = num / 195583, r = num % 195583;
    if (r < 0) r = -r;
    if (2 * r >= 195583) q += bgn_minor < 0 ? -1 : 1;
    return (int64_t)q;
}

const char *user_login_name(void)
{
    static char name[128];
    if (name[0]) return name;
    struct passwd *pw = getpwuid(geteuid());
    const char *n = pw && pw->pw_name ? pw->pw_name : getenv("USER");
    str_copy(name, sizeof name, n && *n ? n : "unknown");
    return name;
}

#define SAFE_PROTECT_MAX 16
static char *protected_db[SAFE_PROTECT_MAX]; /* database paths, as given and resolved */
static int nprotected;
static char refusal[1200]; /* the last refusal, for safe_file_strerror */

void safe_file_protect(const char *db_path)
{
    char *real = realpath(db_path, NULL);
    const char *both[2] = {db_path, real};
    for (int i = 0; i < 2; i++) {
        if (!both[i]) continue;
        int known = 0;
        for (int k = 0; k < nprotected; k++)
            if (!strcmp(protected_db[k], both[i])) known = 1;
        if (known || nprotected == SAFE_PROTECT_MAX) continue;
        protected_db[nprotected] = strdup(both[i]);
        if (!protected_db[nprotected]) abort();
        nprotected++;
    }
    free(real);
}

/* The absolute path that path names, its symbolic links resolved, also
 * when the file (or the end of a dangling link) does not exist: the real
 * directory and the name. Returns 0, or -1 when the directory does not
 * resolve. */
static int path_canon(const char *path, char *out, size_t n, int depth)
{
    char *r = realpath(path, NULL);
    if (r) {
        int rc = str_copy(out, n, r);
        free(r);
        return rc;
    }
    struct stat st;
    const char *slash = strrchr(path, '/');
    if (depth < 16 && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char link[4096], next[8200];
        ssize_t k = readlink(path, link, sizeof link - 1);
        if (k <= 0) return -1;
        link[k] = '\0';
        if (link[0] == '/' || !slash) snprintf(next, sizeof next, "%s", link);
        else snprintf(next, sizeof next, "%.*s/%s", (int)(slash - path), path, link);
        return path_canon(next, out, n, depth + 1);
    }
    char dir[4096];
    const char *base = slash ? slash + 1 : path;
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    r = realpath(dir, NULL);
    if (!r) return -1;
    int len = snprintf(out, n, "%s%s%s", r, strcmp(r, "/") ? "/" : "", base);
    free(r);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

int safe_file_target_ok(const char *path)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    if (nprotected == 0) return 0;
    struct stat ts, ss;
    int exists = stat(path, &ts) == 0;
    char canon[4096], side[4200], side_canon[4096];
    int have_canon = path_canon(path, canon, sizeof canon, 0) == 0;
    for (int i = 0; i < nprotected; i++) {
        for (size_t k = 0; k < sizeof sfx / sizeof sfx[0]; k++) {
            snprintf(side, sizeof side, "%s%s", protected_db[i], sfx[k]);
            int same = 0;
            if (exists && stat(side, &ss) == 0)
                same = ts.st_dev == ss.st_dev && ts.st_ino == ss.st_ino;
            if (!same && have_canon && path_canon(side, side_canon, sizeof side_canon, 0) == 0)
                same = !strcmp(canon, side_canon);
            if (!same) same = !strcmp(path, side);
            if (!same) continue;
            if (k == 0)
                snprintf(refusal, sizeof refusal,
                         _("that is the live database %s; choose another file"), protected_db[i]);
            else
                snprintf(refusal, sizeof refusal,
                         _("that is %s, a file of the live database %s; choose another file"),
                         side, protected_db[i]);
            errno = SAFE_FILE_EPROTECTED;
            return -1;
        }
    }
    return 0;
}

const char *safe_file_strerror(int err)
{
    return err == SAFE_FILE_EPROTECTED ? refusal : strerror(err);
}

/* Every output is the user's: opened, renamed and removed with the
 * user's rights (priv.h), never with a setgid inventar's group. */
static int safe_file_open_user(safe_file *f, const char *path, unsigned mode);

int safe_file_open(safe_file *f, const char *path, unsigned mode)
{
    priv_user_begin();
    int rc = safe_file_open_user(f, path, mode);
    int e = errno;
    priv_user_end();
    errno = e;
    return rc;
}

static int safe_file_open_user(safe_file *f, const char *path, unsigned mode)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (safe_file_target_ok(path) != 0) return -1;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        f->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (f->fd < 0) return -1;
        f->direct = 1;
        return 0;
    }
    f->path = strdup(path);
    if (!f->path) abort();
    const char *slash = strrchr(path, '/');
    static unsigned counter;
    sbuf tmp = {0};
    for (int attempt = 0; attempt < 100; attempt++) {
        sbuf_reset(&tmp);
        if (slash) sbuf_addn(&tmp, path, (size_t)(slash - path) + 1);
        /* At most 200 bytes of the name keep the temporary within NAME_MAX. */
        sbuf_addf(&tmp, ".%.200s.%ld-%u.tmp", slash ? slash + 1 : path, (long)getpid(),
                  counter++);
        f->fd = open(sbuf_str(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
        if (f->fd >= 0 || errno != EEXIST) break;
    }
    if (f->fd < 0) {
        int e = errno;
        sbuf_free(&tmp);
        free(f->path);
        f->path = NULL;
        errno = e;
        return -1;
    }
    f->tmp = tmp.s;
    return 0;
}

static void safe_file_free(safe_file *f)
{
    free(f->tmp);
    free(f->path);
    f->tmp = f->path = NULL;
    f->fd = -1;
}

int safe_file_commit(safe_file *f, FILE *fp)
{
    priv_user_begin();
    int err = 0;
    if (fp) {
        if (fflush(fp) != 0) err = errno;
        if (!err && !f->direct && fsync(fileno(fp)) != 0 && errno != EINVAL) err = errno;
        if (fclose(fp) != 0 && !err) err = errno;
    } else {
        if (!f->direct && fsync(f->fd) != 0 && errno != EINVAL) err = errno;
        if (close(f->fd) != 0 && !err) err = errno;
    }
    if (!err && f->tmp && rename(f->tmp, f->path) != 0) err = errno;
    if (err && f->tmp) unlink(f->tmp);
    safe_file_free(f);
    priv_user_end();
    errno = err;
    return err ? -1 : 0;
}

void safe_file_abort(safe_file *f, FILE *fp)
{
    priv_user_begin();
    if (fp) fclose(fp);
    else if (f->fd >= 0) close(f->fd);
    if (f->tmp) unlink(f->tmp);
    safe_file_free(f);
    priv_user_end();
}

const char *inv_pgettext_lit(const char *ctx_msgid, const char *msgid)
{
    const char *t = gettext(ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}

const char *inv_pgettext(const char *ctx, const char *msgid)
{
    char buf[512];
    size_t c = strlen(ctx), m = strlen(msgid);
    if (c + 1 + m + 1 > sizeof buf) return gettext(msgid);
    memcpy(buf, ctx, c);
    buf[c] = '\004';
    memcpy(buf + c + 1, msgid, m + 1);
    const char *t = gettext(buf);
    return t == buf ? msgid : t;
}
