/* Unit tests of util.c: money, dates, case folding, terminal safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/config.h"
#include "inventar/document.h"
#include "inventar/util.h"

static void money_parses_bulgarian_and_english_forms(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(money_parse("230 942,88", &v), 0);
    assert_int_equal(v, 23094288);
    assert_int_equal(money_parse("230942.88", &v), 0);
    assert_int_equal(v, 23094288);
    assert_int_equal(money_parse("88 811.00", &v), 0);
    assert_int_equal(v, 8881100);
    assert_int_equal(money_parse("1.234.567,5", &v), 0);
    assert_int_equal(v, 123456750);
    assert_int_equal(money_parse("1,234.50", &v), 0);
    assert_int_equal(v, 123450);
    assert_int_equal(money_parse("120", &v), 0);
    assert_int_equal(v, 12000);
    assert_int_equal(money_parse("29\xc2\xa0" "500\xc2\xa0" "000,00", &v), 0); /* NBSP */
    assert_int_equal(v, 2950000000LL);
    assert_int_equal(money_parse("1 234", &v), 0);
    assert_int_equal(v, 123400);
    assert_int_equal(money_parse("1,234", &v), 0); /* a thousands group, not decimals */
    assert_int_equal(v, 123400);
    assert_int_equal(money_parse("0,5", &v), 0);
    assert_int_equal(v, 50);
    assert_int_equal(money_parse("1'234.00", &v), 0);
    assert_int_equal(v, 123400);
    assert_int_equal(money_parse("92233720368547", &v), 0); /* near the limit */
    assert_int_equal(v, 9223372036854700LL);
}

static void money_refuses_garbage(void **state)
{
    (void)state;
    int64_t v;
    const char *bad[] = {"", "abc", "-5", "1,2,3", "12,345,6", "1..2", ",5", "5 лв", "1e5",
                         "99999999999999999999", "92233720368547759", "0.500", "0,500",
                         "1 00", "1 2 3", "12 34", "1234 567"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (money_parse(bad[i], &v) == 0) fail_msg("accepted amount '%s'", bad[i]);
}

static void money_formats_and_converts(void **state)
{
    (void)state;
    char buf[64];
    money_format(23094288, buf, sizeof buf);
    assert_string_equal(buf, "230 942,88");
    money_format(5, buf, sizeof buf);
    assert_string_equal(buf, "0,05");
    /* 195 583 stotinki = 1 000 euro cents exactly; rounding half up. */
    assert_int_equal(money_bgn_to_eur(195583), 100000);
    assert_int_equal(money_bgn_to_eur(23094288), 11807922); /* 118 079,22 EUR */
    assert_int_equal(money_bgn_to_eur(1), 1);               /* 0.51 rounds up */
    assert_int_equal(money_bgn_to_eur(0), 0);
}

static void dates_iso_and_bulgarian(void **state)
{
    (void)state;
    char d[11];
    assert_int_equal(date_parse("2023-04-01", d), 0);
    assert_string_equal(d, "2023-04-01");
    assert_int_equal(date_parse("01.04.2023", d), 0);
    assert_string_equal(d, "2023-04-01");
    assert_int_equal(date_parse("1.4.2023 г.", d), 0);
    assert_string_equal(d, "2023-04-01");
    assert_int_equal(date_parse(" 29.02.2024 ", d), 0);
    assert_string_equal(d, "2024-02-29");
    const char *bad[] = {"29.02.2023", "2023-13-01", "31.04.2023", "2023/04/01", "01.04.23",
                         "", "2023-4-1", "yesterday", "00.01.2023"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (date_parse(bad[i], d) == 0) fail_msg("accepted date '%s'", bad[i]);
    char t[21];
    assert_int_equal(date_end_of_day("01.04.2023", t), 0);
    assert_string_equal(t, "2023-04-01T23:59:59Z");
}

static void fold_handles_cyrillic(void **state)
{
    (void)state;
    char out[64];
    utf8_fold("ЛОВЕЧ Ловеч Ѐ", out, sizeof out);
    assert_string_equal(out, "ловеч ловеч ѐ");
    utf8_fold("Компютърна КОНФИГУРАЦИЯ", out, sizeof out);
    assert_string_equal(out, "компютърна конфигурация");
}

static void term_safe_removes_controls(void **state)
{
    (void)state;
    char *s = term_safe("X\033[2J\rY\t\b\xe2\x80\xae" "Z");
    /* ESC, CR, TAB, BS and U+202E become '?'; printable text stays. */
    assert_string_equal(s, "X?[2J?Y???Z");
    free(s);
    s = term_safe("Ловеч\xff");
    assert_string_equal(s, "Ловеч?");
    free(s);
    s = term_safe(NULL);
    assert_string_equal(s, "");
    free(s);
}

static void width_and_fit_count_columns_not_bytes(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(str_width("Ловеч"), 5);
    assert_int_equal(str_fit(out, sizeof out, "Ловеч Троян", 7, 0), 7);
    assert_string_equal(out, "Ловеч Т");
    assert_int_equal(str_fit(out, sizeof out, "Ло", 4, 1), 4);
    assert_string_equal(out, "Ло  ");
    assert_int_equal(str_width("日本"), 4); /* wide characters */
}

/* Limits are told in characters: a Cyrillic letter is one, not two. */
static void chars_are_counted_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(utf8_chars(""), 0);
    assert_int_equal(utf8_chars("Duster"), 6);
    assert_int_equal(utf8_chars("Ловеч"), 5);
    assert_int_equal(utf8_chars("ОВ 1234 ВК"), 10);
}

/* Identifiers compare without spaces and dashes, in any case, with
 * Cyrillic look-alikes read as Latin: one plate, however it is typed. */
static void ident_keys_fold_plates(void **state)
{
    (void)state;
    char a[64], b[64], c[64];
    asset_ident_key("ОВ 1234 ВК", a, sizeof a);
    asset_ident_key("ob1234bk", b, sizeof b);
    asset_ident_key("OB-1234-BK", c, sizeof c);
    assert_string_equal(a, "OB1234BK");
    assert_string_equal(b, "OB1234BK");
    assert_string_equal(c, "OB1234BK");
    asset_ident_key("СА 1234 ЖЖ", a, sizeof a); /* Ж has no Latin twin: kept */
    assert_string_equal(a, "CA1234ЖЖ");
    asset_ident_key("uu1hsdag512345678", a, sizeof a);
    assert_string_equal(a, "UU1HSDAG512345678");
}

static void copy_cuts_at_character_boundary(void **state)
{
    (void)state;
    char out[6];
    assert_int_equal(str_copy(out, sizeof out, "Ловеч"), -1);
    /* 5 bytes room: "Ло" is 4 bytes; the next letter would be cut. */
    assert_string_equal(out, "Ло");
    assert_true(utf8_valid(out, strlen(out)));
    assert_false(utf8_valid("a\xd0", 2));
    assert_false(utf8_valid("a\0b", 3));
    assert_false(utf8_valid("\xc0\xaf", 2)); /* overlong */
}

/* write_conf: replace the file at path with text. */
static void write_conf(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The configuration's three keys; a mistake in the file is refused with
 * its line, never half taken. */
static void config_keys_and_mistakes(void **state)
{
    (void)state;
    char dir[] = "/tmp/inv-conf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/inventar.conf", dir);
    inv_config cfg;
    inv_err e;
    inv_err_clear(&e);

    /* No file: every key unset, no error. */
    assert_int_equal(config_load(path, &cfg, &e), INV_OK);
    assert_string_equal(cfg.db, "");
    assert_string_equal(cfg.owner, "");

    write_conf(path, "# inventar\n\n#db = /var/lib/inventar/inventar.db\n"
                     "db = /srv/inv/a.db\n  db=/srv/inv/inventar.db  # the last wins\n"
                     "agency = Агенция за социално подпомагане\nowner =  АСП – РДСП Ловеч \n");
    assert_int_equal(config_load(path, &cfg, &e), INV_OK);
    assert_string_equal(cfg.db, "/srv/inv/inventar.db");
    assert_string_equal(cfg.agency, "Агенция за социално подпомагане");
    assert_string_equal(cfg.owner, "АСП – РДСП Ловеч");

    write_conf(path, "db = /srv/a.db\nonwer = АСП\n");
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, ":2: unknown key 'onwer'"));
    assert_string_equal(cfg.db, ""); /* nothing of a refused file */

    write_conf(path, "db = inventar.db\n");
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, ":1: db must be an absolute path"));

    write_conf(path, "agency = x\njust words\n");
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, ":2: not a 'key = value' line"));

    write_conf(path, "owner = \x1b[2J\n");
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, ":1: the value of 'owner' is not text"));

    write_conf(path, "owner = \xff\xfe\n");
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);

    char big[1200];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "agency = %s\n", big);
    fclose(fp);
    assert_int_equal(config_load(path, &cfg, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, ":1: the value of 'agency' is too long"));

    remove(path);
    rmdir(dir);
}

/* The agency's name on documents comes from `agency = ...` in the
 * configuration file; without one (or without the file) the default. */
static void agency_from_config_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/inv-conf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/inventar.conf", dir);
    char out[256];
    document_agency(path, out, sizeof out);
    assert_string_equal(out, "Social Assistance Agency");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("# shared installation\ndb = /srv/inventar/inventar.db\n"
          "  agency =  РДСП Ловеч  # the region's own papers\n", fp);
    fclose(fp);
    document_agency(path, out, sizeof out);
    assert_string_equal(out, "РДСП Ловеч");
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("agency =\nagencyx = no\n", fp);
    fclose(fp);
    document_agency(path, out, sizeof out);
    assert_string_equal(out, "Social Assistance Agency");
    remove(path);
    rmdir(dir);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_parses_bulgarian_and_english_forms),
        cmocka_unit_test(money_refuses_garbage),
        cmocka_unit_test(money_formats_and_converts),
        cmocka_unit_test(dates_iso_and_bulgarian),
        cmocka_unit_test(fold_handles_cyrillic),
        cmocka_unit_test(term_safe_removes_controls),
        cmocka_unit_test(width_and_fit_count_columns_not_bytes),
        cmocka_unit_test(copy_cuts_at_character_boundary),
        cmocka_unit_test(chars_are_counted_not_bytes),
        cmocka_unit_test(ident_keys_fold_plates),
        cmocka_unit_test(agency_from_config_file),
        cmocka_unit_test(config_keys_and_mistakes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
