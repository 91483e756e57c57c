/* test_browse.c: unit tests of src/browse.c, the windowed reads of the
 * TUI: for every sort order, both directions, with and without filters
 * and searches, walking page by page (keyset) must give exactly the
 * order of one full read, and walking back must give it reversed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventar/asset.h"
#include "inventar/browse.h"
#include "inventar/db.h"
#include "inventar/office.h"

static inv_db *db;
static char path[256];

#define NASSETS 137

static void add_office(const char *code, const char *name, const char *kind,
                       const char *parent)
{
    inv_office o;
    memset(&o, 0, sizeof o);
    str_copy(o.code, sizeof o.code, code);
    str_copy(o.name, sizeof o.name, name);
    str_copy(o.kind, sizeof o.kind, kind);
    str_copy(o.parent_code, sizeof o.parent_code, parent);
    assert_int_equal(office_add(db, &o), INV_OK);
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "%s/test_browse.%d.db",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    unlink(path);
    inv_err e;
    inv_err_clear(&e);
    if (db_open(path, DB_OPEN_CREATE, &db, &e) != INV_OK) return -1;
    add_office("HQ", "Централно управление", "head", "");
    add_office("WH", "Склад", "warehouse", "HQ");
    add_office("R11", "РДСП Ловеч", "regional", "HQ");
    add_office("L11", "ДСП Ловеч", "local", "R11");
    add_office("R26", "РДСП Хасково", "regional", "HQ");
    static const char *const kinds[] = {"computer", "tablet", "vehicle"};
    static const char *const offices[] = {"", "WH", "R11", "L11", "R26"};
    static const char *const names[] = {"Иван Петров", "Мария Иванова", "", "Георги"};
    static const char *const makes[] = {"Dell", "HP", "Lenovo", "Škoda"};
    for (int i = 0; i < NASSETS; i++) {
        inv_asset a;
        memset(&a, 0, sizeof a);
        str_copy(a.kind, sizeof a.kind, kinds[i % 3]);
        str_copy(a.make, sizeof a.make, makes[(i * 7) % 4]);
        snprintf(a.model, sizeof a.model, "Model %d", (i * 13) % 9);
        str_copy(a.office, sizeof a.office, offices[(i * 3) % 5]);
        if (a.office[0] && strcmp(a.office, "WH"))
            str_copy(a.custodian, sizeof a.custodian, names[i % 4]);
        assert_int_equal(asset_add(db, &a, 0, NULL, NULL), INV_OK);
    }
    /* Some other statuses. */
    const char *t1[] = {"PC-000001", "TAB-000002"};
    inv_act act = {.status = "in_repair"};
    assert_int_equal(asset_set_status(db, t1, 2, &act), INV_OK);
    const char *t2[] = {"VEH-000003"};
    act.status = "missing";
    assert_int_equal(asset_set_status(db, t2, 1, &act), INV_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    unlink(path);
    char p[300];
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

/* Read the whole selection in one go (a page as large as everything). */
static int read_all(const browse_filter *f, int64_t *ids, int max)
{
    browse_set *b;
    assert_int_equal(browse_open(db, f, &b), INV_OK);
    browse_row *rows = calloc((size_t)max, sizeof *rows);
    int got = 0;
    assert_int_equal(browse_fetch(b, NULL, 1, 0, rows, max, &got), INV_OK);
    for (int i = 0; i < got; i++) ids[i] = rows[i].id;
    free(rows);
    browse_close(b);
    return got;
}

/* Walk forward in pages of `page`, then backward from the end, and
 * compare with the one-go order. */
static void check_walks(const browse_filter *f, int page, int expect_n)
{
    int64_t all[NASSETS + 8];
    int n = read_all(f, all, NASSETS + 8);
    if (expect_n >= 0) assert_int_equal(n, expect_n);
    browse_set *b;
    assert_int_equal(browse_open(db, f, &b), INV_OK);
    browse_row rows[64], anchor;
    int have = 0, k = 0, got;
    for (;;) {
        assert_int_equal(browse_fetch(b, have ? &anchor : NULL, 1, 0, rows, page, &got),
                         INV_OK);
        if (got == 0) break;
        for (int i = 0; i < got; i++) {
            assert_true(k < n);
            assert_int_equal(rows[i].id, all[k]);
            k++;
        }
        anchor = rows[got - 1];
        have = 1;
    }
    assert_int_equal(k, n);
    /* Backward from the end: the same, reversed. */
    have = 0;
    k = n - 1;
    for (;;) {
        assert_int_equal(browse_fetch(b, have ? &anchor : NULL, -1, 0, rows, page, &got),
                         INV_OK);
        if (got == 0) break;
        for (int i = 0; i < got; i++) {
            assert_true(k >= 0);
            assert_int_equal(rows[i].id, all[k]);
            k--;
        }
        anchor = rows[got - 1];
        have = 1;
    }
    assert_int_equal(k, -1);
    /* Inclusive from a middle row starts at that row. */
    if (n > 2) {
        browse_row mid;
        int g2;
        browse_row tmp[NASSETS + 8];
        assert_int_equal(browse_fetch(b, NULL, 1, 0, tmp, n, &g2), INV_OK);
        mid = tmp[n / 2];
        assert_int_equal(browse_fetch(b, &mid, 1, 1, rows, 3, &got), INV_OK);
        assert_true(got >= 1);
        assert_int_equal(rows[0].id, mid.id);
        assert_int_equal(browse_fetch(b, &mid, -1, 1, rows, 3, &got), INV_OK);
        assert_int_equal(rows[0].id, mid.id);
        assert_int_equal(browse_fetch(b, &mid, -1, 0, rows, 1, &got), INV_OK);
        assert_int_equal(got, 1);
        assert_int_equal(rows[0].id, all[n / 2 - 1]);
    }
    browse_close(b);
}

static void test_every_order_both_ways(void **state)
{
    (void)state;
    for (int o = 0; o < BROWSE_ORDER_COUNT; o++)
        for (int desc = 0; desc < 2; desc++)
            for (int page = 1; page <= 7; page += 3) {
                browse_filter f;
                memset(&f, 0, sizeof f);
                f.order = (browse_order)o;
                f.desc = desc;
                check_walks(&f, page, NASSETS);
            }
}

static void test_order_is_the_sort_key(void **state)
{
    (void)state;
    browse_filter f;
    memset(&f, 0, sizeof f);
    f.order = BROWSE_BY_CUSTODIAN;
    browse_set *b;
    assert_int_equal(browse_open(db, &f, &b), INV_OK);
    browse_row rows[NASSETS];
    int got;
    assert_int_equal(browse_fetch(b, NULL, 1, 0, rows, NASSETS, &got), INV_OK);
    assert_int_equal(got, NASSETS);
    for (int i = 1; i < got; i++) {
        int c = strcmp(rows[i - 1].custodian, rows[i].custodian);
        assert_true(c < 0 || (c == 0 && rows[i - 1].id < rows[i].id));
    }
    browse_close(b);
    /* Office: assets without an office first, then by office. */
    f.order = BROWSE_BY_OFFICE;
    assert_int_equal(browse_open(db, &f, &b), INV_OK);
    assert_int_equal(browse_fetch(b, NULL, 1, 0, rows, NASSETS, &got), INV_OK);
    assert_int_equal(rows[0].office_id, 0);
    for (int i = 1; i < got; i++) assert_true(rows[i - 1].office_id <= rows[i].office_id);
    browse_close(b);
}

static void test_filters(void **state)
{
    (void)state;
    inv_office r11;
    assert_int_equal(office_find(db, "R11", &r11), INV_OK);
    browse_filter f;
    memset(&f, 0, sizeof f);
    f.office_id = r11.id;
    f.recursive = 1;
    int64_t all[NASSETS];
    int n = read_all(&f, all, NASSETS);
    asset_filter af = {.office = "R11", .recursive = 1};
    int64_t count;
    assert_int_equal(asset_count(db, &af, &count), INV_OK);
    assert_int_equal(n, (int)count);
    for (int o = 0; o < BROWSE_ORDER_COUNT; o++) {
        f.order = (browse_order)o;
        check_walks(&f, 4, n);
    }
    memset(&f, 0, sizeof f);
    str_copy(f.status, sizeof f.status, "in_repair");
    check_walks(&f, 1, 2);
    memset(&f, 0, sizeof f);
    f.kind_id = 2; /* tablet */
    f.order = BROWSE_BY_STATUS;
    af = (asset_filter){.kind = "tablet"};
    assert_int_equal(asset_count(db, &af, &count), INV_OK);
    check_walks(&f, 5, (int)count);
}

static void test_search(void **state)
{
    (void)state;
    browse_filter f;
    memset(&f, 0, sizeof f);
    str_copy(f.search, sizeof f.search, "ловеч");
    asset_filter af = {.search = "ловеч"};
    int64_t count;
    assert_int_equal(asset_count(db, &af, &count), INV_OK);
    assert_true(count > 0);
    for (int o = 0; o < BROWSE_ORDER_COUNT; o++) {
        f.order = (browse_order)o;
        check_walks(&f, 3, (int)count);
    }
    browse_set *b;
    assert_int_equal(browse_open(db, &f, &b), INV_OK);
    int exact;
    assert_int_equal(browse_count(b, &exact), count);
    assert_int_equal(exact, 1);
    assert_int_equal(browse_by_id(b), 0);
    browse_close(b);
    /* Upper-case Cyrillic and a second word. */
    str_copy(f.search, sizeof f.search, "ИВАН ловеч");
    af.search = "ИВАН ловеч";
    assert_int_equal(asset_count(db, &af, &count), INV_OK);
    check_walks(&f, 2, (int)count);
    /* Long words (the fast path: 3-letter prefixes checked against the
     * text) give what the index gives. */
    static const char *const words[] = {"мария", "ПЕТРОВ", "model 3", "lenovo ловеч",
                                        "централно", "дсп", "иванова", "škoda", "r11 model"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        str_copy(f.search, sizeof f.search, words[i]);
        af.search = words[i];
        assert_int_equal(asset_count(db, &af, &count), INV_OK);
        f.order = BROWSE_BY_TAG;
        check_walks(&f, 4, (int)count);
    }
    /* A long word that is in the middle of a word does not match. */
    str_copy(f.search, sizeof f.search, "ванова");
    check_walks(&f, 4, 0);
    /* Punctuation only: nothing, and no error. */
    str_copy(f.search, sizeof f.search, "--");
    check_walks(&f, 2, 0);
}

/* A search with more matches than BROWSE_SEARCH_CAP is listed by id:
 * the first pages come from the matches read once, the rest from FTS5. */
static void search_many(int i_long);

static void test_search_many(void **state)
{
    (void)state;
    search_many(0);
    search_many(1); /* through the fast path */
}

static void search_many(int i_long)
{
    enum { NZ = BROWSE_SEARCH_CAP + 123 };
    static int added;
    if (!added++) {
        assert_int_equal(db_begin(db, DB_HERE), INV_OK);
        for (int i = 0; i < NZ; i++) {
            inv_asset a;
            memset(&a, 0, sizeof a);
            str_copy(a.kind, sizeof a.kind, "tablet");
            str_copy(a.make, sizeof a.make, "Zebra");
            assert_int_equal(asset_add(db, &a, 0, NULL, NULL), INV_OK);
        }
        assert_int_equal(db_commit(db), INV_OK);
    }
    browse_filter f;
    memset(&f, 0, sizeof f);
    str_copy(f.search, sizeof f.search, i_long ? "zebra" : "zeb");
    f.order = BROWSE_BY_CUSTODIAN; /* not used: too many matches */
    browse_set *b;
    assert_int_equal(browse_open(db, &f, &b), INV_OK);
    int exact;
    assert_int_equal(browse_count(b, &exact), BROWSE_SEARCH_CAP + 1);
    assert_int_equal(exact, 0);
    assert_int_equal(browse_by_id(b), 1);
    browse_row rows[97], anchor;
    int got, k = 0, have = 0;
    int64_t last = 0;
    for (;;) {
        assert_int_equal(browse_fetch(b, have ? &anchor : NULL, 1, 0, rows, 97, &got), INV_OK);
        if (!got) break;
        for (int i = 0; i < got; i++) {
            assert_true(rows[i].id > last);
            assert_string_equal(rows[i].make, "Zebra");
            last = rows[i].id;
            k++;
        }
        anchor = rows[got - 1];
        have = 1;
    }
    assert_int_equal(k, NZ);
    /* Back from the end, across the end of the cached matches. */
    have = 0;
    k = 0;
    int64_t prev = INT64_MAX;
    for (;;) {
        assert_int_equal(browse_fetch(b, have ? &anchor : NULL, -1, 0, rows, 97, &got), INV_OK);
        if (!got) break;
        for (int i = 0; i < got; i++) {
            assert_true(rows[i].id < prev);
            prev = rows[i].id;
            k++;
        }
        anchor = rows[got - 1];
        have = 1;
    }
    assert_int_equal(k, NZ);
    browse_close(b);
}

static void test_office_tree(void **state)
{
    (void)state;
    browse_office *v;
    int n;
    assert_int_equal(browse_office_tree(db, 1, &v, &n), INV_OK);
    assert_int_equal(n, 5);
    assert_string_equal(v[0].office.code, "HQ");
    assert_int_equal(v[0].depth, 0);
    int64_t with_office = 0;
    for (int i = 0; i < n; i++) {
        office_counts c;
        assert_int_equal(office_count_assets(db, v[i].office.id, 1, &c), INV_OK);
        assert_int_equal(v[i].total.assigned, c.assigned);
        assert_int_equal(v[i].total.in_stock, c.in_stock);
        assert_int_equal(v[i].total.in_repair, c.in_repair);
        if (v[i].depth == 0)
            with_office = c.in_stock + c.assigned + c.in_repair + c.missing + c.written_off;
    }
    asset_filter af = {0};
    int64_t all;
    assert_int_equal(asset_count(db, &af, &all), INV_OK);
    assert_true(with_office < all); /* some have no office */
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_order_both_ways),
        cmocka_unit_test(test_order_is_the_sort_key),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_office_tree),
        cmocka_unit_test(test_search_many),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
