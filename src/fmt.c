/* fmt.c: dates, times and amounts as a person reads them (see fmt.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "inventar/fmt.h"
#include "inventar/util.h"

/* The translatable formats. A translation that is empty or too long for
 * strftime falls back to ISO. */
static const char *date_format(void)
{
    /* TRANSLATORS: how a date is shown to people, as a strftime format.
     * Bulgarian: %d.%m.%Y (06.12.2026). */
    return _("%Y-%m-%d");
}

static const char *datetime_format(void)
{
    /* TRANSLATORS: how a date with the time of day is shown to people,
     * as a strftime format. Bulgarian: %d.%m.%Y %H:%M (06.12.2026 18:29). */
    return _("%Y-%m-%d %H:%M");
}

/* Parse "YYYY-MM-DDTHH:MM:SS[Z]" (UTC) into a local struct tm. */
static int utc_local(const char *s, struct tm *l)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    char z = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) < 6)
        return -1;
    if (z && z != 'Z') return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || !localtime_r(&t, l)) return -1;
    return 0;
}

/* Parse an ISO date "YYYY-MM-DD" (exactly) into tm. */
static int iso_date(const char *s, struct tm *tm)
{
    int y, m, d;
    char extra;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3) return -1;
    if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_hour = 12;
    return 0;
}

static void put(const char *fmt, const char *iso_fmt, const struct tm *tm, char *out, size_t n)
{
    char buf[FMT_DATE_MAX * 2];
    if (!*fmt || strftime(buf, sizeof buf, fmt, tm) == 0)
        strftime(buf, sizeof buf, iso_fmt, tm);
    str_copy(out, n, buf);
}

void fmt_date(const char *in, char *out, size_t n)
{
    if (n == 0) return;
    out[0] = '\0';
    if (!in || !*in) return;
    struct tm tm;
    if (iso_date(in, &tm) == 0 || utc_local(in, &tm) == 0)
        put(date_format(), "%Y-%m-%d", &tm, out, n);
    else
        str_copy(out, n, in);
}

void fmt_datetime(const char *utc, char *out, size_t n)
{
    if (n == 0) return;
    out[0] = '\0';
    if (!utc || !*utc) return;
    struct tm tm;
    if (utc_local(utc, &tm) == 0)
        put(datetime_format(), "%Y-%m-%d %H:%M", &tm, out, n);
    else if (iso_date(utc, &tm) == 0)
        put(date_format(), "%Y-%m-%d", &tm, out, n);
    else
        str_copy(out, n, utc);
}

void fmt_amount_sep(int64_t minor, const char *dec, const char *group, char *out, size_t n)
{
    char digits[32];
    int neg = minor < 0;
    uint64_t v = neg ? (uint64_t)(-(minor + 1)) + 1 : (uint64_t)minor;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    sbuf b = {0};
    size_t len = strlen(digits);
    if (neg) sbuf_addc(&b, '-');
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) sbuf_add(&b, group);
        sbuf_addc(&b, digits[i]);
    }
    sbuf_addf(&b, "%s%02u", dec, (unsigned)(v % 100));
    str_copy(out, n, sbuf_str(&b));
    sbuf_free(&b);
}

void fmt_amount(int64_t minor, char *out, size_t n)
{
    /* TRANSLATORS: the decimal separator of amounts. Bulgarian: "," */
    const char *dec = P_("decimal separator", ".");
    /* TRANSLATORS: the thousands separator of amounts (1,234.56).
     * Bulgarian: a space " " (1 234,56). */
    const char *group = P_("thousands separator", ",");
    fmt_amount_sep(minor, dec, group, out, n);
}

void fmt_money(int64_t minor, const char *currency, char *out, size_t n)
{
    char a[FMT_MONEY_MAX / 2];
    fmt_amount(minor, a, sizeof a);
    if (!currency || !*currency) {
        str_copy(out, n, a);
    } else if (!strcmp(currency, "BGN")) {
        char e[FMT_MONEY_MAX / 2];
        fmt_amount(money_bgn_to_eur(minor), e, sizeof e);
        /* TRANSLATORS: an amount recorded in leva: first its value in euro,
         * then the original amount in leva. */
        snprintf(out, n, _("%1$s EUR (%2$s BGN)"), e, a);
    } else {
        /* TRANSLATORS: an amount and its currency code: "12.50 EUR". */
        snprintf(out, n, _("%1$s %2$s"), a, currency);
    }
}
