/* Unit tests of alphabet.c: look-alike folding, transliteration,
 * keyboard layouts, tag validity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "inventar/alphabet.h"

static void fold_key_folds_lookalikes_and_case(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(alpha_fold_key("ОВ 1234 ВК", out, sizeof out), 0);
    assert_string_equal(out, "OB 1234 BK");
    assert_int_equal(alpha_fold_key("ов 1234 вк", out, sizeof out), 0);
    assert_string_equal(out, "OB 1234 BK");
    assert_int_equal(alpha_fold_key("ob 1234 bk", out, sizeof out), 0);
    assert_string_equal(out, "OB 1234 BK");
    /* All twelve look-alikes; letters without one only change case. */
    alpha_fold_key("АВЕКМНОРСТУХ", out, sizeof out);
    assert_string_equal(out, "ABEKMHOPCTYX");
    alpha_fold_key("тст-0005 жд", out, sizeof out);
    assert_string_equal(out, "TCT-0005 ЖД");
    assert_int_equal(alpha_fold_key("ABCDEFGH", out, 4), -1);
    assert_string_equal(out, "");
}

static void to_cyrillic_only_when_every_letter_has_one(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(alpha_to_cyrillic("OB 1234 bk", out, sizeof out), 1);
    assert_string_equal(out, "ОВ 1234 ВК");
    assert_int_equal(alpha_to_cyrillic("PC-000011", out, sizeof out), 1);
    assert_string_equal(out, "РС-000011");
    assert_int_equal(alpha_to_cyrillic("TAB-1", out, sizeof out), 1);
    assert_int_equal(alpha_to_cyrillic("LENOVO", out, sizeof out), 0); /* L, N, V */
    assert_string_equal(out, "");
    assert_int_equal(alpha_to_cyrillic("1234", out, sizeof out), 0);   /* no Latin */
    assert_int_equal(alpha_to_cyrillic("ОВ", out, sizeof out), 0);
}

static void translit_follows_the_law(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(alpha_translit("ТСТ-0005", out, sizeof out), 0);
    assert_string_equal(out, "TST-0005");
    assert_int_equal(alpha_translit("PC-000011", out, sizeof out), 0);
    assert_string_equal(out, "PC-000011");
    alpha_translit("абвгдежзийклмнопрстуфхцчшщъьюя", out, sizeof out);
    assert_string_equal(out, "abvgdezhziyklmnoprstufhtschshshtayyuya");
    /* ъ is "a"; the law's exception for the country's name is not a tag. */
    alpha_translit("България", out, sizeof out);
    assert_string_equal(out, "Balgaria");
    alpha_translit("София", out, sizeof out);
    assert_string_equal(out, "Sofia");
    alpha_translit("Ширине", out, sizeof out);
    assert_string_equal(out, "Shirine");
    alpha_translit("ЖЩ-12", out, sizeof out);
    assert_string_equal(out, "ZHSHT-12");
    alpha_translit("ЮГ-1", out, sizeof out);
    assert_string_equal(out, "YUG-1");
    alpha_translit("Щ-1", out, sizeof out);
    assert_string_equal(out, "Sht-1");
    alpha_translit("ИЯ-7", out, sizeof out);
    assert_string_equal(out, "IA-7");
    /* No ASCII form: refused. */
    assert_int_equal(alpha_translit("ЭЫ-1", out, sizeof out), -1);
    assert_int_equal(alpha_translit("Ω-1", out, sizeof out), -1);
    assert_int_equal(alpha_translit("ЩЩЩ", out, 6), -1);
}

static void layouts_map_keys_back(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(alpha_layout_unmap("ЗЪ-000011", ALPHA_LAYOUT_BDS, out, sizeof out), 2);
    assert_string_equal(out, "PC-000011");
    assert_int_equal(alpha_layout_unmap("ПЦ-000011", ALPHA_LAYOUT_PHONETIC, out, sizeof out), 2);
    assert_string_equal(out, "PC-000011");
    /* TAB-000001 typed through each layout. */
    assert_int_equal(alpha_layout_unmap("ШЬФ-000001", ALPHA_LAYOUT_BDS, out, sizeof out), 3);
    assert_string_equal(out, "TAB-000001");
    assert_int_equal(alpha_layout_unmap("ТАБ-000001", ALPHA_LAYOUT_PHONETIC, out, sizeof out), 3);
    assert_string_equal(out, "TAB-000001");
    /* Lower case is the unshifted key; BDS puts л on '.' and б on '/'. */
    assert_int_equal(alpha_layout_unmap("шьф1л2б3", ALPHA_LAYOUT_BDS, out, sizeof out), 5);
    assert_string_equal(out, "tab1.2/3");
    assert_int_equal(alpha_layout_unmap("PC-1", ALPHA_LAYOUT_BDS, out, sizeof out), 0);
    assert_string_equal(out, "PC-1");
    /* Э is not on the phonetic layout. */
    assert_int_equal(alpha_layout_unmap("Э-1", ALPHA_LAYOUT_PHONETIC, out, sizeof out), -1);
    assert_string_equal(alpha_layout_name(ALPHA_LAYOUT_BDS), "BDS");
}

static void tags_count_characters(void **state)
{
    (void)state;
    assert_true(alpha_tag_valid("ТСТ-0005", 32));
    assert_true(alpha_tag_valid("PC-000011", 32));
    assert_true(alpha_tag_valid("a.b/c_d-1", 32));
    /* 32 Cyrillic letters are 64 bytes and still a tag; 33 are not. */
    char t[128] = "";
    for (int i = 0; i < 32; i++) strcat(t, "Щ");
    assert_true(alpha_tag_valid(t, 32));
    assert_int_equal(alpha_chars(t), 32);
    strcat(t, "Щ");
    assert_false(alpha_tag_valid(t, 32));
    assert_false(alpha_tag_valid("", 32));
    assert_false(alpha_tag_valid("A B", 32));
    assert_false(alpha_tag_valid("ТСТ\x1b[0m", 32));
    assert_false(alpha_tag_valid("Ω-1", 32));
    assert_false(alpha_tag_valid("Ы-1", 32));
    assert_false(alpha_tag_valid("a\xd0", 32));
    assert_true(alpha_has_cyrillic("PC-Ц"));
    assert_false(alpha_has_cyrillic("PC-1"));
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_key_folds_lookalikes_and_case),
        cmocka_unit_test(to_cyrillic_only_when_every_letter_has_one),
        cmocka_unit_test(translit_follows_the_law),
        cmocka_unit_test(layouts_map_keys_back),
        cmocka_unit_test(tags_count_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
