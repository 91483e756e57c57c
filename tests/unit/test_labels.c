/* test_labels.c: unit tests of labels/ (the document layer, templates,
 * QR rectangles, label rendering and its errors). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <qrencode.h>

#include "inventar/util.h"
#include "doc.h"
#include "label.h"
#include "qrwork.h"

static char tmpdir[256];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/test_labels.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", tmpdir, de->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static size_t count_files(void)
{
    size_t n = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

static doc *open_doc(void)
{
    doc *d = NULL;
    inv_err e = {0};
    assert_int_equal(doc_open(&d, NULL, &e), INV_OK);
    assert_non_null(d);
    return d;
}

/* ---- the document layer ---- */

static void test_width_adds_up(void **state)
{
    (void)state;
    doc *d = open_doc();
    const char *a = "Ловеч", *b = " Office";
    char ab[64];
    snprintf(ab, sizeof ab, "%s%s", a, b);
    double wa = doc_text_width(d, a, strlen(a), 10);
    double wb = doc_text_width(d, b, strlen(b), 10);
    assert_true(wa > 0 && wb > 0);
    assert_true(fabs(doc_text_width(d, ab, strlen(ab), 10) - (wa + wb)) < 1e-9);
    /* Width scales with the size. */
    assert_true(fabs(doc_text_width(d, a, strlen(a), 20) - 2 * wa) < 1e-9);
    doc_free(d);
}

static int is_boundary(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) != 0x80;
}

static void test_prefix_never_cuts_a_character(void **state)
{
    (void)state;
    doc *d = open_doc();
    const char *s = "Социално подпомагане – Ловеч „Закрила“ €";
    size_t n = strlen(s);
    double full = doc_text_width(d, s, n, 9);
    for (double w = 0; w <= full + 1; w += 0.37) {
        size_t k = doc_text_prefix(d, s, n, 9, w);
        assert_true(k <= n);
        assert_true(is_boundary(s, k));
        assert_true(doc_text_width(d, s, k, 9) <= w + 1e-6);
        if (k < n) {
            /* One more character would not fit. */
            size_t k2 = k + 1;
            while (k2 < n && !is_boundary(s, k2)) k2++;
            assert_true(doc_text_width(d, s, k2, 9) > w);
        }
    }
    assert_int_equal(doc_text_prefix(d, s, n, 9, full + 1), n);
    doc_free(d);
}

static void test_prefix_keeps_combining_marks(void **state)
{
    (void)state;
    doc *d = open_doc();
    /* "ѝ" written as и + combining grave accent (U+0300). */
    const char *s = "аи\xCC\x80б";
    double w_a = doc_text_width(d, s, 2, 10);  /* "а" */
    double w_ai = doc_text_width(d, s, 4, 10); /* "аи" */
    /* The accent stays with its letter: either both or neither. */
    size_t k = doc_text_prefix(d, s, strlen(s), 10, w_ai + 0.01);
    assert_int_equal(k, 6);
    k = doc_text_prefix(d, s, strlen(s), 10, w_a + 0.01);
    assert_int_equal(k, 2);
    doc_free(d);
}

static void test_fit_line(void **state)
{
    (void)state;
    doc *d = open_doc();
    sbuf out = {0};
    const char *s = "Регионална дирекция за социално подпомагане – Ловеч";
    double w = doc_text_width(d, s, strlen(s), 10);

    /* Fits as it is. */
    assert_true(doc_fit_line(d, s, 10, 5, w + 1, &out) == 10);
    assert_string_equal(out.s, s);

    /* Shrinks (in 0.1 pt steps) but stays above the minimum. */
    double sz = doc_fit_line(d, s, 10, 5, w * 0.75, &out);
    assert_true(sz >= 5 && sz < 10);
    assert_string_equal(out.s, s);
    assert_true(doc_text_width(d, out.s, out.len, sz) <= w * 0.75 + 1e-6);
    assert_true(fabs(sz * 10 - round(sz * 10)) < 1e-6);

    /* Too long even at the minimum: cut with an ellipsis, at the minimum. */
    sz = doc_fit_line(d, s, 10, 5, w * 0.3, &out);
    assert_true(sz == 5);
    assert_true(out.len > 3);
    assert_string_equal(out.s + out.len - 3, DOC_ELLIPSIS);
    assert_true(utf8_valid(out.s, out.len));
    assert_true(doc_text_width(d, out.s, out.len, 5) <= w * 0.3 + 1e-6);
    assert_memory_equal(out.s, s, out.len - 3);

    /* No room even for the ellipsis. */
    sz = doc_fit_line(d, s, 10, 5, 0.5, &out);
    assert_true(sz == 0);
    assert_int_equal(out.len, 0);

    /* Invalid UTF-8 and controls are drawn as replacements, not passed on. */
    sz = doc_fit_line(d, "a\xFF\x01z\n", 10, 5, 1000, &out);
    assert_true(utf8_valid(out.s, out.len));
    assert_null(strchr(out.s, '\x01'));
    assert_null(strchr(out.s, '\n'));
    sbuf_free(&out);
    doc_free(d);
}

static void test_wrap(void **state)
{
    (void)state;
    doc *d = open_doc();
    const char *s = "Протокол за инвентаризация на дълготрайни материални активи "
                    "BG05M9OP001-3.006-0001\nВтори ред";
    double max_w = 120;
    doc_span spans[64];
    size_t n = doc_wrap(d, s, 10, max_w, spans, 64);
    assert_true(n >= 4 && n < 64);
    sbuf joined = {0};
    for (size_t i = 0; i < n; i++) {
        assert_true(doc_text_width(d, s + spans[i].off, spans[i].len, 10) <= max_w + 1e-6);
        assert_true(is_boundary(s, spans[i].off));
        assert_true(spans[i].off + spans[i].len <= strlen(s));
        assert_true(is_boundary(s, spans[i].off + spans[i].len));
        sbuf_addn(&joined, s + spans[i].off, spans[i].len);
    }
    /* The last line is the one after the newline. */
    assert_int_equal(spans[n - 1].len, strlen("Втори ред"));
    assert_memory_equal(s + spans[n - 1].off, "Втори ред", spans[n - 1].len);
    sbuf_free(&joined);

    /* A word wider than the line is broken at characters; every line has
     * at least one character so wrapping always ends. */
    const char *word = "АААААААААААААААААААААААААААААААААААААААА";
    n = doc_wrap(d, word, 10, 30, spans, 64);
    assert_true(n > 1);
    size_t total = 0;
    for (size_t i = 0; i < n && i < 64; i++) total += spans[i].len;
    assert_int_equal(total, strlen(word));
    n = doc_wrap(d, word, 10, 0.1, spans, 64);
    assert_int_equal(n, strlen(word) / 2);

    /* Empty text is one empty line. */
    assert_int_equal(doc_wrap(d, "", 10, 100, spans, 64), 1);
    assert_int_equal(spans[0].len, 0);
    doc_free(d);
}

static void test_open_missing_font(void **state)
{
    (void)state;
    doc *d = (doc *)1;
    inv_err e = {0};
    assert_int_equal(doc_open(&d, "/nonexistent/font.ttf", &e), INV_ENOTFOUND);
    assert_null(d);
    assert_non_null(strstr(e.msg, "/nonexistent/font.ttf"));

    char p[512];
    snprintf(p, sizeof p, "%s/notafont.ttf", tmpdir);
    FILE *f = fopen(p, "w");
    fputs("hello", f);
    fclose(f);
    assert_int_equal(doc_open(&d, p, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "not a TrueType font"));
    unlink(p);
}

static void test_save_errors_leave_nothing(void **state)
{
    (void)state;
    doc *d = open_doc();
    inv_err e = {0};
    char p[512];
    /* No pages yet. */
    snprintf(p, sizeof p, "%s/a.pdf", tmpdir);
    assert_int_equal(doc_save(d, p, &e), INV_EINVAL);
    doc_add_page(d, DOC_A4_W, DOC_A4_H);
    doc_text(d, 50, 700, 12, "Проба");
    /* Missing directory. */
    snprintf(p, sizeof p, "%s/missing/a.pdf", tmpdir);
    assert_int_equal(doc_save(d, p, &e), INV_EIO);
    assert_non_null(strstr(e.msg, p));
    /* The target is a directory: the temporary file must go. */
    snprintf(p, sizeof p, "%s/dir", tmpdir);
    mkdir(p, 0755);
    assert_int_equal(doc_save(d, p, &e), INV_EIO);
    assert_int_equal(count_files(), 1);
    rmdir(p);
    /* And a good save. */
    snprintf(p, sizeof p, "%s/a.pdf", tmpdir);
    assert_int_equal(doc_save(d, p, &e), INV_OK);
    FILE *f = fopen(p, "rb");
    char head[5] = {0};
    assert_non_null(f);
    assert_int_equal(fread(head, 1, 4, f), 4);
    fclose(f);
    assert_string_equal(head, "%PDF");
    assert_int_equal(count_files(), 1);
    unlink(p);
    doc_free(d);
}

static void test_sticky_error(void **state)
{
    (void)state;
    doc *d = open_doc();
    inv_err e = {0};
    doc_add_page(d, 1, 1); /* too small */
    assert_int_equal(doc_status(d, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "page size"));
    /* Later calls do nothing; save refuses with the first error. */
    doc_add_page(d, DOC_A4_W, DOC_A4_H);
    doc_text(d, 10, 10, 10, "x");
    char p[512];
    snprintf(p, sizeof p, "%s/b.pdf", tmpdir);
    assert_int_equal(doc_save(d, p, &e), INV_EINVAL);
    assert_int_equal(count_files(), 0);
    doc_free(d);
}

static void test_report_flow(void **state)
{
    (void)state;
    doc *d = open_doc();
    inv_err e = {0};
    doc_flow_begin(d, DOC_A4_W, DOC_A4_H, DOC_MM(15));
    doc_flow_title(d, "Протокол за инвентаризация № 12", 16, DOC_CENTER);
    doc_flow_paragraph(d, "Комисия в състав: председател и двама членове, назначена "
                          "със заповед, извърши проверка на дълготрайните активи "
                          "в Регионална дирекция „Социално подпомагане“ – Ловеч.", 10);
    doc_column cols[] = {
        {"№", DOC_MM(10), DOC_RIGHT},
        {"Инвентарен номер", DOC_MM(35), DOC_LEFT},
        {"Описание", 0, DOC_LEFT},
        {"Резултат", DOC_MM(25), DOC_CENTER},
    };
    doc_table_begin(d, cols, 4, 9);
    double y0 = doc_flow_y(d);
    assert_true(y0 < DOC_A4_H - DOC_MM(15));
    for (int i = 0; i < 120; i++) {
        char no[16], tag[32];
        snprintf(no, sizeof no, "%d", i + 1);
        snprintf(tag, sizeof tag, "PC-%06d", i + 1);
        const char *cells[] = {no, tag,
                               i % 7 == 0 ? "Компютърна конфигурация Dell OptiPlex 7010 "
                                            "с монитор, клавиатура и мишка, доставена по "
                                            "проект BG05M9OP001-3.006-0001"
                                          : "Таблет Samsung Galaxy Tab A8",
                               i % 5 ? "намерен" : "липсва"};
        doc_table_row(d, cells);
    }
    doc_table_end(d);
    const char *caps[] = {"Председател:", "Членове:", ""};
    const char *names[] = {"Иван Петров", "Мария Георгиева", "Петър Иванов"};
    doc_flow_signatures(d, caps, names, 3, 10);
    doc_flow_page_numbers(d, "Страница", 8);
    assert_int_equal(doc_status(d, &e), INV_OK);
    assert_true(doc_page_count(d) >= 3);
    char p[512];
    snprintf(p, sizeof p, "%s/report.pdf", tmpdir);
    assert_int_equal(doc_save(d, p, &e), INV_OK);
    unlink(p);
    doc_free(d);
}

static void test_text_box(void **state)
{
    (void)state;
    doc *d = open_doc();
    doc_add_page(d, DOC_A4_W, DOC_A4_H);
    const char *s = "Много дълъг текст, който няма да се побере в малката кутия "
                    "дори след намаляване на шрифта до минималния размер.";
    double h = doc_text_box(d, 50, 700, 80, 20, 10, 6, DOC_LEFT, s);
    assert_true(h > 0 && h <= 20 + 1e-6);
    h = doc_text_box(d, 50, 600, 400, 100, 10, 6, DOC_LEFT, s);
    assert_true(h > 0 && h <= doc_line_height(d, 10) * 2 + 1e-6);
    inv_err e = {0};
    assert_int_equal(doc_status(d, &e), INV_OK);
    doc_free(d);
}

/* ---- templates ---- */

static void test_builtins(void **state)
{
    (void)state;
    const char *names[] = {"L7160", "L7163", "L7651", "70x37", "62x29", "50x25", "57x32"};
    size_t counts[] = {21, 14, 65, 24, 1, 1, 1};
    assert_int_equal(label_builtin_count(), 7);
    assert_null(label_builtin(7));
    for (size_t i = 0; i < 7; i++) {
        label_template t;
        inv_err e = {0};
        char lower[16];
        snprintf(lower, sizeof lower, "%s", names[i]);
        for (char *p = lower; *p; p++) *p = (char)tolower((unsigned char)*p);
        assert_int_equal(label_template_find(lower, "/nonexistent", &t, &e), INV_OK);
        assert_string_equal(t.name, names[i]);
        assert_int_equal(label_template_count(&t), counts[i]);
        /* Every label lies on its page. */
        label_pos pos[80];
        size_t n = label_template_positions(&t, pos, 80);
        assert_int_equal(n, counts[i]);
        for (size_t k = 0; k < n; k++) {
            assert_true(pos[k].x >= -0.01 && pos[k].y >= -0.01);
            assert_true(pos[k].x + t.label_w <= t.page_w + 0.5);
            assert_true(pos[k].y + t.label_h <= t.page_h + 0.5);
        }
    }
    label_template t;
    inv_err e = {0};
    assert_int_equal(label_template_find("L7160", NULL, &t, &e), INV_OK);
    assert_true(fabs(DOC_TO_MM(t.label_w) - 63.5) < 0.01);
    assert_true(fabs(DOC_TO_MM(t.label_h) - 38.1) < 0.01);
    assert_int_equal(label_template_find("nope", NULL, &t, &e), INV_ENOTFOUND);
    assert_non_null(strstr(e.msg, "nope"));
    assert_int_equal(label_template_find("", NULL, &t, &e), INV_EINVAL);

    sbuf b = {0};
    label_list_templates(&b);
    for (size_t i = 0; i < 7; i++) assert_non_null(strstr(b.s, names[i]));
    assert_non_null(strstr(b.s, "63.5 x 38.1 mm"));
    sbuf_free(&b);
}

static void test_positions_and_place(void **state)
{
    (void)state;
    label_template t = *label_builtin(0); /* L7160 3 x 7 */
    label_pos pos[21];
    label_template_positions(&t, pos, 21);
    /* Row-major: across, then down. */
    assert_true(pos[0].x < pos[1].x && pos[1].x < pos[2].x);
    assert_true(fabs(pos[0].y - pos[2].y) < 1e-9);
    assert_true(pos[3].y > pos[0].y && fabs(pos[3].x - pos[0].x) < 1e-9);
    size_t page, idx;
    label_place(&t, 1, 0, &page, &idx);
    assert_int_equal(page, 0);
    assert_int_equal(idx, 0);
    label_place(&t, 5, 0, &page, &idx);
    assert_int_equal(idx, 4);
    label_place(&t, 5, 16, &page, &idx);
    assert_int_equal(page, 0);
    assert_int_equal(idx, 20);
    label_place(&t, 5, 17, &page, &idx);
    assert_int_equal(page, 1);
    assert_int_equal(idx, 0);
}

static void write_file(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_glabels(void **state)
{
    (void)state;
    write_file("paper-sizes.xml",
               "<?xml version=\"1.0\"?><Glabels-paper-sizes>"
               "<Paper-size id=\"A5\" _name=\"A5\" width=\"148mm\" height=\"210mm\"/>"
               "</Glabels-paper-sizes>");
    write_file("b-templates.xml",
               "<?xml version=\"1.0\"?><Glabels-templates>"
               "<Template brand=\"Acme\" part=\"100\" size=\"A5\" _description=\"Test sheet\">"
               " <Label-rectangle id=\"0\" width=\"2in\" height=\"1in\" round=\"0.1in\">"
               "  <Layout nx=\"2\" ny=\"3\" x0=\"10mm\" y0=\"1cm\" dx=\"150pt\" dy=\"6pc\"/>"
               " </Label-rectangle></Template>"
               "<Template brand=\"Acme\" part=\"100-B\" equiv=\"100\"/>"
               "<Template brand=\"Acme\" part=\"LOOP\" equiv=\"LOOP\"/>"
               "<Template brand=\"Acme\" part=\"ROLL\" size=\"Other\" width=\"40mm\" height=\"100mm\">"
               " <Label-rectangle id=\"0\" width=\"40mm\" height=\"100mm\">"
               "  <Layout nx=\"1\" ny=\"1\" x0=\"0\" y0=\"0\"/></Label-rectangle></Template>"
               "<Template brand=\"Acme\" part=\"CD\" size=\"A4\">"
               " <Label-cd id=\"0\" radius=\"58.5mm\" hole=\"20mm\">"
               "  <Layout nx=\"1\" ny=\"2\" x0=\"0\" y0=\"0\" dx=\"0\" dy=\"300\"/></Label-cd></Template>"
               "<Template brand=\"Acme\" part=\"BADUNIT\" size=\"A4\">"
               " <Label-rectangle id=\"0\" width=\"2furlong\" height=\"1in\">"
               "  <Layout nx=\"1\" ny=\"1\" x0=\"0\" y0=\"0\"/></Label-rectangle></Template>"
               "</Glabels-templates>");
    write_file("a-broken.xml", "<not xml");
    label_template t;
    inv_err e = {0};
    assert_int_equal(label_template_find("acme:100-b", tmpdir, &t, &e), INV_OK);
    assert_string_equal(t.name, "Acme:100-B");
    assert_true(fabs(t.page_w - DOC_MM(148)) < 1e-6);
    assert_true(fabs(t.page_h - DOC_MM(210)) < 1e-6);
    assert_true(fabs(t.label_w - 144) < 1e-6);
    assert_true(fabs(t.label_h - 72) < 1e-6);
    assert_true(fabs(t.round - 7.2) < 1e-6);
    assert_int_equal(t.nlayouts, 1);
    assert_true(fabs(t.layouts[0].x0 - DOC_MM(10)) < 1e-6);
    assert_true(fabs(t.layouts[0].y0 - DOC_MM(10)) < 1e-6);
    assert_true(fabs(t.layouts[0].dx - 150) < 1e-6);
    assert_true(fabs(t.layouts[0].dy - 72) < 1e-6);
    assert_int_equal(label_template_count(&t), 6);

    assert_int_equal(label_template_find("Acme:ROLL", tmpdir, &t, &e), INV_OK);
    assert_true(fabs(t.page_h - DOC_MM(100)) < 1e-6);
    assert_int_equal(label_template_count(&t), 1);

    assert_int_equal(label_template_find("Acme:CD", tmpdir, &t, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "only rectangular"));
    assert_int_equal(label_template_find("Acme:LOOP", tmpdir, &t, &e), INV_EINVAL);
    assert_int_equal(label_template_find("Acme:BADUNIT", tmpdir, &t, &e), INV_EINVAL);
    assert_int_equal(label_template_find("Acme:999", tmpdir, &t, &e), INV_ENOTFOUND);
    assert_non_null(strstr(e.msg, "Acme:999"));
    assert_int_equal(label_template_find("Acme:", tmpdir, &t, &e), INV_EINVAL);
    assert_int_equal(label_template_find("Acme:100", "/nonexistent", &t, &e), INV_ENOTFOUND);
    const char *files[] = {"paper-sizes.xml", "b-templates.xml", "a-broken.xml"};
    for (size_t i = 0; i < 3; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", tmpdir, files[i]);
        unlink(p);
    }
}

/* ---- QR codes ---- */

static void test_qr_rects_cover_exactly(void **state)
{
    (void)state;
    const char *tags[] = {"INV-000001", "PC-2024-00123", "tab-ÿ-mixed Case",
                          "A-VERY-LONG-TAG-0123456789-0123456789-0123456789"};
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
        qr_code q;
        assert_int_equal(qr_code_encode(tags[t], &q), 0);
        QRcode *ref = QRcode_encodeString(tags[t], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        assert_non_null(ref);
        assert_int_equal(q.width, ref->width);
        int w = q.width;
        unsigned char *cov = calloc((size_t)w * (size_t)w, 1);
        size_t runs = 0;
        for (size_t i = 0; i < q.nrects; i++) {
            const qr_rect *r = &q.rects[i];
            assert_true(r->w > 0 && r->h > 0 && r->x + r->w <= w && r->y + r->h <= w);
            for (int y = r->y; y < r->y + r->h; y++)
                for (int x = r->x; x < r->x + r->w; x++) {
                    assert_int_equal(cov[y * w + x], 0); /* no overlap */
                    cov[y * w + x] = 1;
                }
        }
        for (int y = 0; y < w; y++)
            for (int x = 0; x < w; x++) {
                assert_int_equal(cov[y * w + x], ref->data[y * w + x] & 1);
                if ((ref->data[y * w + x] & 1) && (x == 0 || !(ref->data[y * w + x - 1] & 1)))
                    runs++;
            }
        /* Dark runs are merged: never more rectangles than runs. */
        assert_true(q.nrects <= runs);
        free(cov);
        QRcode_free(ref);
        qr_code_free(&q);
    }
    qr_code q;
    char *huge = malloc(4001);
    memset(huge, 'x', 4000);
    huge[4000] = '\0';
    assert_int_equal(qr_code_encode(huge, &q), ERANGE);
    free(huge);
}

static void test_qr_work_in_order(void **state)
{
    (void)state;
    enum { N = 1000 };
    static char bufs[N][16];
    const char *tags[N];
    for (int i = 0; i < N; i++) {
        snprintf(bufs[i], sizeof bufs[i], "T-%05d", i);
        tags[i] = bufs[i];
    }
    qr_work *w;
    inv_err e = {0};
    assert_int_equal(qr_work_start(&w, tags, N, &e), INV_OK);
    for (int i = 0; i < N; i += (i % 3) ? 1 : 2) {
        const qr_code *q = qr_work_get(w, (size_t)i, &e);
        assert_non_null(q);
        qr_code ref;
        assert_int_equal(qr_code_encode(tags[i], &ref), 0);
        assert_int_equal(q->nrects, ref.nrects);
        assert_memory_equal(q->rects, ref.rects, ref.nrects * sizeof *ref.rects);
        qr_code_free(&ref);
        /* The same one again (copies). */
        assert_ptr_equal(qr_work_get(w, (size_t)i, &e), q);
    }
    qr_work_stop(w);
}

/* ---- rendering ---- */

static void test_render_and_errors(void **state)
{
    (void)state;
    label_record recs[30];
    char tags[30][16];
    for (int i = 0; i < 30; i++) {
        snprintf(tags[i], sizeof tags[i], "INV-%04d", i);
        recs[i] = (label_record){tags[i], NULL, "Таблет", "Samsung", "Galaxy Tab A8",
                                 "РДСП Ловеч", i % 2 ? "BG05M9OP001-3.006-0001" : NULL, NULL};
    }
    const label_template *t = label_builtin(0);
    label_opts o = {.start = 20, .copies = 2};
    label_result res;
    inv_err e = {0};
    char p[512];
    snprintf(p, sizeof p, "%s/labels.pdf", tmpdir);
    assert_int_equal(label_render_pdf(recs, 30, t, &o, p, &res, &e), INV_OK);
    assert_int_equal(res.labels, 60);
    /* 2 on the first sheet, then 21 + 21 + 16. */
    assert_int_equal(res.pages, 4);
    assert_int_equal(res.lines_dropped, 0);
    assert_int_equal(count_files(), 1);
    unlink(p);

    /* Errors: nothing written. */
    assert_int_equal(label_render_pdf(recs, 0, t, &o, p, &res, &e), INV_EINVAL);
    o.start = 22;
    assert_int_equal(label_render_pdf(recs, 3, t, &o, p, &res, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "22"));
    o.start = -1;
    assert_int_equal(label_render_pdf(recs, 3, t, &o, p, &res, &e), INV_EINVAL);
    o.start = 1;
    o.copies = LABEL_MAX_COPIES + 1;
    assert_int_equal(label_render_pdf(recs, 3, t, &o, p, &res, &e), INV_EINVAL);
    o.copies = 1;
    recs[1].tag = "";
    assert_int_equal(label_render_pdf(recs, 3, t, &o, p, &res, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "2"));
    recs[1].tag = tags[1];
    o.font_path = "/nonexistent.ttf";
    assert_int_equal(label_render_pdf(recs, 3, t, &o, p, &res, &e), INV_ENOTFOUND);
    o.font_path = NULL;
    /* Labels too small for a readable QR code. */
    label_template tiny = *t;
    snprintf(tiny.name, sizeof tiny.name, "tiny");
    tiny.label_w = DOC_MM(20);
    tiny.label_h = DOC_MM(9);
    assert_int_equal(label_render_pdf(recs, 3, &tiny, &o, p, &res, &e), INV_EINVAL);
    assert_non_null(strstr(e.msg, "too small for a QR code"));
    assert_int_equal(count_files(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_adds_up),
        cmocka_unit_test(test_prefix_never_cuts_a_character),
        cmocka_unit_test(test_prefix_keeps_combining_marks),
        cmocka_unit_test(test_fit_line),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_open_missing_font),
        cmocka_unit_test(test_save_errors_leave_nothing),
        cmocka_unit_test(test_sticky_error),
        cmocka_unit_test(test_report_flow),
        cmocka_unit_test(test_text_box),
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_positions_and_place),
        cmocka_unit_test(test_glabels),
        cmocka_unit_test(test_qr_rects_cover_exactly),
        cmocka_unit_test(test_qr_work_in_order),
        cmocka_unit_test(test_render_and_errors),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
