/* Unit tests of fmt.c: amounts (euro first, leva converted half up,
 * grouping) and dates shown in the local time zone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventar/fmt.h"
#include "inventar/util.h"

static void leva_convert_to_euro_half_up(void **state)
{
    (void)state;
    assert_int_equal(money_bgn_to_eur(195583), 100000); /* 1955,83 BGN = 1000 EUR */
    assert_int_equal(money_bgn_to_eur(1), 1);           /* 0,51 cent -> 1 cent */
    assert_int_equal(money_bgn_to_eur(0), 0);
    assert_int_equal(money_bgn_to_eur(195583 * 7), 700000);
    /* 1 BGN = 51,129... cents -> 51; 3 BGN = 153,388... -> 153. */
    assert_int_equal(money_bgn_to_eur(100), 51);
    assert_int_equal(money_bgn_to_eur(300), 153);
    /* 2,93 BGN = 149,808... cents -> 150 (up from .5); 35 000 BGN =
     * 17 895,2158... EUR -> 17 895,22; 0,97 BGN = 49,59... -> 50. */
    assert_int_equal(money_bgn_to_eur(293), 150);
    assert_int_equal(money_bgn_to_eur(3500000), 1789522);
    assert_int_equal(money_bgn_to_eur(97), 50);
}

static void amounts_group_with_given_separators(void **state)
{
    (void)state;
    char out[64];
    fmt_amount_sep(1234567, ",", " ", out, sizeof out);
    assert_string_equal(out, "12 345,67");
    fmt_amount_sep(123456789, ",", " ", out, sizeof out);
    assert_string_equal(out, "1 234 567,89");
    fmt_amount_sep(123456789, ".", ",", out, sizeof out);
    assert_string_equal(out, "1,234,567.89");
    fmt_amount_sep(5, ",", " ", out, sizeof out);
    assert_string_equal(out, "0,05");
    fmt_amount_sep(100000, ",", " ", out, sizeof out);
    assert_string_equal(out, "1 000,00");
    fmt_amount_sep(99999, ",", " ", out, sizeof out);
    assert_string_equal(out, "999,99");
    fmt_amount_sep(-123456, ",", "\xc2\xa0", out, sizeof out); /* NBSP as the group mark */
    assert_string_equal(out, "-1\xc2\xa0" "234,56");
}

static void money_shows_euro_first(void **state)
{
    (void)state;
    char out[FMT_MONEY_MAX];
    /* Under C.UTF-8 (no catalogue) the English separators. */
    fmt_money(3500000, "BGN", out, sizeof out);
    assert_string_equal(out, "17,895.22 EUR (35,000.00 BGN)");
    fmt_money(1250, "EUR", out, sizeof out);
    assert_string_equal(out, "12.50 EUR");
    fmt_money(1250, "", out, sizeof out);
    assert_string_equal(out, "12.50");
}

static void dates_in_local_time(void **state)
{
    (void)state;
    char out[FMT_DATE_MAX];
    setenv("TZ", "America/New_York", 1);
    tzset();
    /* 02:00 UTC on 1 March is still 28 February in New York. */
    fmt_date("2026-03-01T02:00:00Z", out, sizeof out);
    assert_string_equal(out, "2026-02-28");
    fmt_datetime("2026-03-01T02:00:00Z", out, sizeof out);
    assert_string_equal(out, "2026-02-28 21:00");
    /* A date alone is that day wherever one is. */
    fmt_date("2026-03-01", out, sizeof out);
    assert_string_equal(out, "2026-03-01");
    fmt_datetime("2026-03-01", out, sizeof out);
    assert_string_equal(out, "2026-03-01");
    setenv("TZ", "UTC", 1);
    tzset();
    fmt_datetime("2026-12-06T18:29:49Z", out, sizeof out);
    assert_string_equal(out, "2026-12-06 18:29");
    /* Neither a date nor a time: shown as it is; nothing gives nothing. */
    fmt_date("soon", out, sizeof out);
    assert_string_equal(out, "soon");
    fmt_date(NULL, out, sizeof out);
    assert_string_equal(out, "");
    fmt_datetime("", out, sizeof out);
    assert_string_equal(out, "");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(leva_convert_to_euro_half_up),
        cmocka_unit_test(amounts_group_with_given_separators),
        cmocka_unit_test(money_shows_euro_first),
        cmocka_unit_test(dates_in_local_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
