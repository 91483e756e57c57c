/* fmt.h: dates, times and amounts as a person reads them.
 *
 * Stored values and what scripts read (JSON, CSV) stay as they are: UTC
 * ISO 8601 times, ISO dates, minor units. What a person sees (tables,
 * the TUI, documents) goes through these functions, which follow the
 * language of the messages: the date and time formats and the number
 * separators are translatable strings (ISO and "1,234.56" in English,
 * "06.12.2026", "06.12.2026 18:29" and "1 234,56" in Bulgarian), and
 * times are shown in the local time zone (TZ). */
#ifndef INVENTAR_FMT_H
#define INVENTAR_FMT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_DATE_MAX 32   /* room for any formatted date or date-time */
#define FMT_MONEY_MAX 96  /* room for fmt_money's text */

/* A date for a person: in is an ISO date ("2026-12-06", shown as that
 * day) or a UTC time as stored ("2026-12-06T18:29:49Z", shown as its
 * day in the local time zone). Text that is neither is copied as it is;
 * NULL or "" gives "". */
void fmt_date(const char *in, char *out, size_t n);

/* A UTC time as stored ("2026-12-06T18:29:49Z") as a local date and time
 * to the minute ("2026-12-06 20:29" in English under TZ=Europe/Sofia).
 * An ISO date alone is shown as fmt_date; other text as it is. */
void fmt_datetime(const char *utc, char *out, size_t n);

/* Minor units (cents) as a number with the given decimal separator and
 * thousands separator: (123456789, ",", " ") -> "1 234 567,89". */
void fmt_amount_sep(int64_t minor, const char *dec, const char *group, char *out, size_t n);

/* The same with the separators of the messages' language. */
void fmt_amount(int64_t minor, char *out, size_t n);

/* An amount with its currency, in euro first: an amount recorded in
 * leva (BGN) as "17 895,22 EUR (35 000,00 BGN)", converted by
 * money_bgn_to_eur (fixed rate 1.95583, half up to the cent); any other
 * as "12,50 EUR" / "99,00 USD". currency NULL or "" gives the number. */
void fmt_money(int64_t minor, const char *currency, char *out, size_t n);

#endif
