/* Unit tests of csv.c (the streaming CSV reader) and of the column
 * headings import.c understands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventar/csv.h"
#include "inventar/import.h"
#include "inventar/util.h"

/* Open s (n bytes; strlen when n is 0) from memory; fails the test when
 * the reader refuses it. */
static csv_reader *mem(const char *s, size_t n)
{
    inv_err err;
    inv_err_clear(&err);
    csv_reader *r = csv_open_mem(s, n ? n : strlen(s), "t.csv", &err);
    if (!r) fail_msg("open: %s", err.msg);
    return r;
}

/* Read the next record, expecting rc; returns the error message. */
static const char *next(csv_reader *r, int want)
{
    static inv_err err;
    inv_err_clear(&err);
    int rc = csv_next(r, &err);
    if (rc != want) fail_msg("csv_next gave %d, wanted %d (%s)", rc, want, err.msg);
    return err.msg;
}

static void plain_records_and_lines(void **state)
{
    (void)state;
    csv_reader *r = mem("tag,kind,model\nPC-1,computer,OptiPlex\nTAB-2,tablet,Galaxy\n", 0);
    assert_int_equal(csv_delimiter(r), ',');
    assert_int_equal(csv_encoding_of(r), CSV_UTF8);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 1);
    assert_int_equal(csv_nfields(r), 3);
    assert_int_equal(csv_columns(r), 3);
    assert_string_equal(csv_field(r, 2), "model");
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 2);
    assert_string_equal(csv_field(r, 0), "PC-1");
    assert_int_equal(csv_field_len(r, 2), strlen("OptiPlex"));
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 3);
    assert_string_equal(csv_field(r, 2), "Galaxy");
    next(r, CSV_EOF);
    next(r, CSV_EOF);
    csv_close(r);
}

static void quoting_newlines_and_doubled_quotes(void **state)
{
    (void)state;
    csv_reader *r = mem("a,b,c\n"
                        "1,\"x, y\",\"say \"\"hi\"\"\"\n"
                        "2,\"two\nlines\r\nand three\",z\n"
                        "3,24\" monitor,  \"spaced\"  \n", 0);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 1), "x, y");
    assert_string_equal(csv_field(r, 2), "say \"hi\"");
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 3);
    assert_string_equal(csv_field(r, 1), "two\nlines\nand three");
    assert_string_equal(csv_field(r, 2), "z");
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 6); /* the quoted field took lines 3-5 */
    assert_string_equal(csv_field(r, 1), "24\" monitor");
    assert_string_equal(csv_field(r, 2), "spaced");
    next(r, CSV_EOF);
    csv_close(r);
}

static void line_endings_crlf_cr_lf(void **state)
{
    (void)state;
    csv_reader *r = mem("a;b\r\n1;2\r3;4\n5;6", 0);
    assert_int_equal(csv_delimiter(r), ';');
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 2);
    assert_string_equal(csv_field(r, 1), "2");
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 3);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 4);
    assert_string_equal(csv_field(r, 1), "6"); /* no final line break */
    next(r, CSV_EOF);
    csv_close(r);
}

static void delimiter_detection(void **state)
{
    (void)state;
    csv_reader *r = mem("a\tb\tc\n1\t2,5\t3\n", 0);
    assert_int_equal(csv_delimiter(r), '\t');
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 1), "2,5");
    csv_close(r);
    /* Delimiters inside quotes in the header do not count. */
    r = mem("\"a,b,c\";d\n1;2\n", 0);
    assert_int_equal(csv_delimiter(r), ';');
    csv_close(r);
    r = mem("single\nvalue\n", 0);
    assert_int_equal(csv_delimiter(r), ',');
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "value");
    csv_close(r);
}

static void bom_is_skipped(void **state)
{
    (void)state;
    csv_reader *r = mem("\xEF\xBB\xBFtag,Вид\nPC-1,Компютър\n", 0);
    assert_true(csv_had_bom(r));
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "tag");
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 1), "Компютър");
    csv_close(r);
}

static void windows_1251_is_converted(void **state)
{
    (void)state;
    /* "Вид;МОЛ\r\nТаблет;Иван Петров\r\n" in Windows-1251. */
    const char s[] = "\xC2\xE8\xE4;\xCC\xCE\xCB\r\n\xD2\xE0\xE1\xEB\xE5\xF2;"
                     "\xC8\xE2\xE0\xED \xCF\xE5\xF2\xF0\xEE\xE2\r\n";
    csv_reader *r = mem(s, sizeof s - 1);
    assert_int_equal(csv_encoding_of(r), CSV_CP1251);
    assert_int_equal(csv_delimiter(r), ';');
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "Вид");
    assert_string_equal(csv_field(r, 1), "МОЛ");
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "Таблет");
    assert_string_equal(csv_field(r, 1), "Иван Петров");
    assert_true(utf8_valid(csv_field(r, 1), csv_field_len(r, 1)));
    next(r, CSV_EOF);
    csv_close(r);
    /* 0x98 is not a Windows-1251 character: that record is bad. */
    const char u[] = "a;b\n\xC0\x98;x\n\xC0;y\n";
    r = mem(u, sizeof u - 1);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_BAD);
    assert_non_null(strstr(msg, "t.csv:2:"));
    assert_non_null(strstr(msg, "0x98"));
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "А");
    csv_close(r);
}

static void broken_utf8_is_refused_with_its_line(void **state)
{
    (void)state;
    inv_err err;
    inv_err_clear(&err);
    /* Mostly UTF-8 Cyrillic, one stray byte on line 3. */
    const char s[] = "tag,Описание\nPC-1,Компютърна конфигурация\nPC-2,Лош \xFF байт\n"
                     "PC-3,Таблет за хора с увреден слух\n";
    assert_null(csv_open_mem(s, sizeof s - 1, "bad.csv", &err));
    assert_non_null(strstr(err.msg, "bad.csv:3:"));
    assert_non_null(strstr(err.msg, "UTF-8"));
    /* A BOM says UTF-8: one invalid byte is then refused too. */
    const char b[] = "\xEF\xBB\xBF" "a\n\xE0\n";
    inv_err_clear(&err);
    assert_null(csv_open_mem(b, sizeof b - 1, "bom.csv", &err));
    assert_non_null(strstr(err.msg, "bom.csv:2:"));
    /* UTF-16 gets advice. */
    const char w[] = "\xFF\xFEt\0a\0g\0";
    inv_err_clear(&err);
    assert_null(csv_open_mem(w, sizeof w - 1, "w.csv", &err));
    assert_non_null(strstr(err.msg, "UTF-16"));
}

static void nul_byte_is_fatal(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2\n3,\0\n5,6\n";
    csv_reader *r = mem(s, sizeof s - 1);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_FATAL);
    assert_non_null(strstr(msg, "t.csv:3:"));
    assert_non_null(strstr(msg, "NUL"));
    next(r, CSV_FATAL); /* and stays so */
    csv_close(r);
}

static void unterminated_quote_names_its_start(void **state)
{
    (void)state;
    csv_reader *r = mem("a,b\n1,2\n3,\"never\nclosed\n5,6\n", 0);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_FATAL);
    assert_non_null(strstr(msg, "t.csv:3:"));
    csv_close(r);
}

static void long_fields_are_refused_not_stored(void **state)
{
    (void)state;
    size_t big = 3 * 1024 * 1024; /* a 3 MiB field */
    char *s = malloc(big + 64);
    assert_non_null(s);
    strcpy(s, "a,description\n1,\"");
    size_t n = strlen(s);
    memset(s + n, 'x', big);
    n += big;
    strcpy(s + n, "\"\n2,ok\n");
    n += strlen(s + n);
    csv_reader *r = mem(s, n);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_BAD);
    assert_non_null(strstr(msg, "t.csv:2:"));
    assert_non_null(strstr(msg, "description"));
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 3);
    assert_string_equal(csv_field(r, 1), "ok");
    csv_close(r);
    free(s);
    /* Exactly CSV_FIELD_MAX bytes is still fine. */
    s = malloc(CSV_FIELD_MAX + 16);
    assert_non_null(s);
    memcpy(s, "a\n", 2);
    memset(s + 2, 'y', CSV_FIELD_MAX);
    s[2 + CSV_FIELD_MAX] = '\n';
    r = mem(s, CSV_FIELD_MAX + 3);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_int_equal(csv_field_len(r, 0), CSV_FIELD_MAX);
    csv_close(r);
    free(s);
}

static void wrong_field_count_names_both(void **state)
{
    (void)state;
    csv_reader *r = mem("a,b,c\n1,2\n1,2,3,4,5\n7,8,9\n", 0);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_BAD);
    assert_non_null(strstr(msg, "t.csv:2:"));
    assert_non_null(strstr(msg, "2 fields"));
    assert_non_null(strstr(msg, "has 3"));
    msg = next(r, CSV_BAD);
    assert_non_null(strstr(msg, "t.csv:3:"));
    assert_non_null(strstr(msg, "5 fields"));
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 2), "9");
    csv_close(r);
}

static void blank_lines_are_skipped(void **state)
{
    (void)state;
    csv_reader *r = mem("\n\na,b\n\n1,2\n   \n\r\n3,4\n\n", 0);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 3);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 5);
    next(r, CSV_RECORD);
    assert_int_equal(csv_line(r), 8);
    next(r, CSV_EOF);
    csv_close(r);
    r = mem("", 0);
    next(r, CSV_EOF);
    csv_close(r);
}

static void text_after_closing_quote_is_bad(void **state)
{
    (void)state;
    csv_reader *r = mem("a,b\n\"x\"y,2\n3,4\n", 0);
    next(r, CSV_RECORD);
    const char *msg = next(r, CSV_BAD);
    assert_non_null(strstr(msg, "closing quote"));
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "3");
    csv_close(r);
}

static void header_limits(void **state)
{
    (void)state;
    size_t n = (CSV_COLUMNS_MAX + 10) * 2;
    char *s = malloc(n + 2);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += 2) {
        s[i] = 'h';
        s[i + 1] = ',';
    }
    s[n - 1] = '\n';
    csv_reader *r = mem(s, n);
    const char *msg = next(r, CSV_FATAL);
    assert_non_null(strstr(msg, "header"));
    csv_close(r);
    free(s);
}

static void rewind_reads_again(void **state)
{
    (void)state;
    inv_err err;
    csv_reader *r = mem("a\n1\n2\n", 0);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_int_equal(csv_rewind(r, &err), 0);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "a");
    assert_int_equal(csv_line(r), 1);
    next(r, CSV_RECORD);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "2");
    next(r, CSV_EOF);
    csv_close(r);
}

/* A file larger than the read buffer, with multi-byte characters and
 * CRLF pairs cut by the buffer's edges: what is read equals what was
 * written. */
static void file_across_buffer_edges(void **state)
{
    (void)state;
    char path[] = "/tmp/test_csv.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("\xEF\xBB\xBFtag;Описание\r\n", fp);
    int rows = 12000;
    for (int i = 0; i < rows; i++)
        fprintf(fp, "T-%d;\"Ред %d; с \"\"кавички\"\"\r\nи нов ред\"\r\n", i, i);
    fclose(fp);
    inv_err err;
    inv_err_clear(&err);
    csv_reader *r = csv_open(path, "f.csv", &err);
    assert_non_null(r);
    assert_int_equal(csv_delimiter(r), ';');
    assert_true(csv_had_bom(r));
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 1), "Описание");
    for (int i = 0; i < rows; i++) {
        char want[128];
        next(r, CSV_RECORD);
        assert_int_equal(csv_line(r), 2 + 2 * i);
        snprintf(want, sizeof want, "T-%d", i);
        assert_string_equal(csv_field(r, 0), want);
        snprintf(want, sizeof want, "Ред %d; с \"кавички\"\nи нов ред", i);
        assert_string_equal(csv_field(r, 1), want);
    }
    next(r, CSV_EOF);
    assert_int_equal(csv_rewind(r, &err), 0);
    next(r, CSV_RECORD);
    assert_string_equal(csv_field(r, 0), "tag");
    csv_close(r);
    unlink(path);
}

static void open_refuses_what_is_not_a_file(void **state)
{
    (void)state;
    inv_err err;
    inv_err_clear(&err);
    assert_null(csv_open("/nonexistent/x.csv", NULL, &err));
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
    inv_err_clear(&err);
    assert_null(csv_open("/tmp", NULL, &err));
    assert_non_null(strstr(err.msg, "not a regular file"));
}

static void headings_english_and_bulgarian(void **state)
{
    (void)state;
    assert_string_equal(import_column("tag"), "tag");
    assert_string_equal(import_column("  Инвентарен номер "), "tag");
    assert_string_equal(import_column("ИНВ. №"), "tag");
    assert_string_equal(import_column("Вид"), "kind");
    assert_string_equal(import_column("Purchase-Date"), "purchase_date");
    assert_string_equal(import_column("purchase_date"), "purchase_date");
    assert_string_equal(import_column("Дата на закупуване"), "purchase_date");
    assert_string_equal(import_column("Стойност (лв.)"), "cost");
    assert_string_equal(import_column("Цена"), "cost");
    assert_string_equal(import_column("МОЛ"), "custodian");
    assert_string_equal(import_column("Материално отговорно лице"), "custodian");
    assert_string_equal(import_column("Договор / Фактура"), "contract");
    assert_string_equal(import_column("Проект/Финансиране"), "funding");
    assert_string_equal(import_column("Гаранция до:"), "warranty_end");
    assert_string_equal(import_column("Рег. номер"), "plate");
    assert_string_equal(import_column("VIN / Рама"), "vin");
    assert_string_equal(import_column("IMEI"), "imei");
    assert_string_equal(import_column("Компоненти"), "components");
    assert_string_equal(import_column("office_name"), "");
    assert_string_equal(import_column("Бележка"), "note");
    assert_string_equal(import_column("Забележка"), "note");
    assert_string_equal(import_column("Notes"), "note");
    assert_null(import_column("Цвят"));
    assert_null(import_column(""));
    const char *field;
    assert_non_null(import_heading(0, &field));
    assert_string_equal(field, "tag");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_records_and_lines),
        cmocka_unit_test(quoting_newlines_and_doubled_quotes),
        cmocka_unit_test(line_endings_crlf_cr_lf),
        cmocka_unit_test(delimiter_detection),
        cmocka_unit_test(bom_is_skipped),
        cmocka_unit_test(windows_1251_is_converted),
        cmocka_unit_test(broken_utf8_is_refused_with_its_line),
        cmocka_unit_test(nul_byte_is_fatal),
        cmocka_unit_test(unterminated_quote_names_its_start),
        cmocka_unit_test(long_fields_are_refused_not_stored),
        cmocka_unit_test(wrong_field_count_names_both),
        cmocka_unit_test(blank_lines_are_skipped),
        cmocka_unit_test(text_after_closing_quote_is_bad),
        cmocka_unit_test(header_limits),
        cmocka_unit_test(rewind_reads_again),
        cmocka_unit_test(file_across_buffer_edges),
        cmocka_unit_test(open_refuses_what_is_not_a_file),
        cmocka_unit_test(headings_english_and_bulgarian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
