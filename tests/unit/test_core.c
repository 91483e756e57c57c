/* Unit tests of the core: database, offices, assets, acts, history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventar/asset.h"
#include "inventar/browse.h"
#include "inventar/bulk.h"
#include "inventar/db.h"
#include "inventar/event.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "inventar/office.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    inv_db *db;
} fixture;

static void add_office(inv_db *db, const char *code, const char *name, const char *kind,
                       const char *parent)
{
    inv_office o;
    memset(&o, 0, sizeof o);
    str_copy(o.code, sizeof o.code, code);
    str_copy(o.name, sizeof o.name, name);
    str_copy(o.kind, sizeof o.kind, kind);
    str_copy(o.parent_code, sizeof o.parent_code, parent ? parent : "");
    if (office_add(db, &o) != INV_OK) fail_msg("office_add %s: %s", code, db_errmsg(db));
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/inventar-unit.XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/sub/test.db", f->dir);
    inv_err err;
    if (db_open(f->path, DB_OPEN_CREATE, &f->db, &err) != INV_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    db_set_user(f->db, "unit");
    add_office(f->db, "HQ", "Централно управление", "head", NULL);
    add_office(f->db, "WH", "Централен склад", "warehouse", "HQ");
    add_office(f->db, "R11", "РДСП Ловеч", "regional", "HQ");
    add_office(f->db, "L1", "ДСП Ловеч", "local", "R11");
    add_office(f->db, "R26", "РДСП Хасково", "regional", "HQ");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    return 0;
}

static inv_asset new_asset(const char *kind, const char *tag, const char *office)
{
    inv_asset a;
    memset(&a, 0, sizeof a);
    str_copy(a.kind, sizeof a.kind, kind);
    str_copy(a.tag, sizeof a.tag, tag ? tag : "");
    str_copy(a.office, sizeof a.office, office ? office : "");
    return a;
}

static int64_t count(inv_db *db, const char *sql)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static void database_is_private_and_versioned(void **state)
{
    fixture *f = *state;
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(db_schema_version(f->db), db_schema_version_latest());
    assert_int_equal(count(f->db, "PRAGMA application_id"), INV_APPLICATION_ID);
    assert_int_equal(count(f->db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'"), 1);
    assert_int_equal(count(f->db, "PRAGMA foreign_keys"), 1);
}

static void foreign_and_newer_databases_are_refused(void **state)
{
    fixture *f = *state;
    char other[160];
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
    sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(h);
    inv_db *db = NULL;
    inv_err err;
    assert_int_not_equal(db_open(other, DB_OPEN_CREATE, &db, &err), INV_OK);
    assert_null(db);
    assert_non_null(strstr(err.msg, "not an inventar database"));

    sqlite3_exec(sqlite3_db_handle(db_stmt(f->db, "SELECT 1")), "PRAGMA user_version=999",
                 NULL, NULL, NULL);
    assert_int_not_equal(db_open(f->path, DB_OPEN_CREATE, &db, &err), INV_OK);
    assert_non_null(strstr(err.msg, "newer"));
    sqlite3_exec(db_sqlite(f->db), "PRAGMA user_version=1", NULL, NULL, NULL);
}

static void office_tree_rules(void **state)
{
    fixture *f = *state;
    inv_office o, wh;
    assert_int_equal(office_find(f->db, "l1", &o), INV_OK); /* code, any case */
    assert_string_equal(o.parent_code, "R11");
    assert_int_equal(office_find(f->db, "ДСП Ловеч", &o), INV_OK); /* exact name */
    /* A cycle is refused. */
    inv_office r = o;
    assert_int_equal(office_find(f->db, "R11", &r), INV_OK);
    str_copy(r.parent_code, sizeof r.parent_code, "L1");
    assert_int_equal(office_update(f->db, "R11", &r), INV_EINVAL);
    /* Returns from L1 go to the central warehouse (nearest upward). */
    assert_int_equal(office_owning_warehouse(f->db, o.id, &wh), INV_OK);
    assert_string_equal(wh.code, "WH");
    /* A duplicate code is refused. */
    inv_office dup;
    memset(&dup, 0, sizeof dup);
    strcpy(dup.code, "L1");
    strcpy(dup.name, "x");
    strcpy(dup.kind, "local");
    assert_int_equal(office_add(f->db, &dup), INV_EEXIST);
    strcpy(dup.code, "BAD CODE");
    assert_int_equal(office_add(f->db, &dup), INV_EINVAL);
}

/* Short names: stored, read back, shown where space is short (the name
 * when there is none), and an office's assets carry it. */
static void office_short_names(void **state)
{
    fixture *f = *state;
    inv_office o;
    assert_int_equal(office_find(f->db, "L1", &o), INV_OK);
    assert_string_equal(o.short_name, "");
    assert_string_equal(office_short(&o), "ДСП Ловеч");
    str_copy(o.short_name, sizeof o.short_name, "ДСП Лч");
    assert_int_equal(office_update(f->db, "L1", &o), INV_OK);
    assert_int_equal(office_find(f->db, "L1", &o), INV_OK);
    assert_string_equal(o.short_name, "ДСП Лч");
    assert_string_equal(office_short(&o), "ДСП Лч");
    inv_asset a = new_asset("computer", NULL, "L1");
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    inv_asset b;
    assert_int_equal(asset_get(f->db, a.tag, &b), INV_OK);
    assert_string_equal(b.office_short, "ДСП Лч");
    assert_string_equal(b.office_name, "ДСП Ловеч");
    browse_row r;
    assert_int_equal(browse_get(f->db, b.id, &r), INV_OK);
    assert_string_equal(r.office_short, "ДСП Лч");
}

/* data_version moves when another connection commits, not for the
 * handle's own changes: what the TUI polls to notice others' acts. */
static void data_version_sees_other_connections(void **state)
{
    fixture *f = *state;
    inv_db *other;
    inv_err err;
    assert_int_equal(db_open(f->path, 0, &other, &err), INV_OK);
    db_set_user(other, "other");
    int64_t v0, v1, v2;
    assert_int_equal(db_data_version(f->db, &v0), INV_OK);
    add_office(f->db, "L2", "ДСП Троян", "local", "R11");
    assert_int_equal(db_data_version(f->db, &v1), INV_OK);
    assert_true(v1 == v0); /* its own change */
    add_office(other, "L3", "ДСП Тетевен", "local", "R11");
    assert_int_equal(db_data_version(f->db, &v2), INV_OK);
    assert_true(v2 != v1); /* another's change */
    db_close(other);
}

static void assets_get_tags_and_validate(void **state)
{
    fixture *f = *state;
    inv_asset a = new_asset("computer", NULL, "L1");
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    assert_string_equal(a.tag, "PC-000001");
    assert_string_equal(a.status, "assigned");
    inv_asset b = new_asset("Компютърна конфигурация", NULL, NULL);
    assert_int_equal(asset_add(f->db, &b, 0, NULL, NULL), INV_OK);
    assert_string_equal(b.tag, "PC-000002");
    assert_string_equal(b.status, "in_stock");

    inv_asset dup = new_asset("tablet", "pc-000001", NULL); /* tags ignore case */
    assert_int_equal(asset_add(f->db, &dup, 0, NULL, NULL), INV_EEXIST);

    inv_asset t = new_asset("tablet", "TAB-1", "L1");
    asset_attr_set(&t, "imei", "490154203237519"); /* bad check digit */
    assert_int_equal(asset_add(f->db, &t, 0, NULL, NULL), INV_EINVAL);
    assert_non_null(strstr(db_errmsg(f->db), "IMEI"));
    asset_attr_set(&t, "imei", "490154203237518");
    asset_attr_set(&t, "plate", "CA1234");         /* not a tablet field */
    assert_int_equal(asset_add(f->db, &t, 0, NULL, NULL), INV_EINVAL);
    assert_non_null(strstr(db_errmsg(f->db), "plate"));
    asset_attr_set(&t, "plate", "");
    if (asset_add(f->db, &t, 0, NULL, NULL) != INV_OK) fail_msg("%s", db_errmsg(f->db));

    inv_asset s1 = new_asset("vehicle", NULL, NULL), s2 = new_asset("vehicle", NULL, NULL);
    strcpy(s1.make, "Dacia");
    strcpy(s1.serial, "S1");
    s2 = s1;
    assert_int_equal(asset_add(f->db, &s1, 0, NULL, NULL), INV_OK);
    assert_int_equal(asset_add(f->db, &s2, 0, NULL, NULL), INV_EEXIST);
    strcpy(s2.make, "Skoda");
    s2.tag[0] = '\0';
    assert_int_equal(asset_add(f->db, &s2, 0, NULL, NULL), INV_OK); /* other make */

    inv_asset bad = new_asset("computer", NULL, NULL);
    strcpy(bad.purchase_date, "31.02.2023");
    assert_int_equal(asset_add(f->db, &bad, 0, NULL, NULL), INV_EINVAL);
    bad = new_asset("computer", NULL, "NOWHERE");
    assert_int_equal(asset_add(f->db, &bad, 0, NULL, NULL), INV_ENOTFOUND);
    /* Failed adds left nothing behind. */
    assert_int_equal(count(f->db, "SELECT count(*) FROM asset"), 5);
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE subject_type = 'asset'"), 5);
}

static void acts_move_assets_and_record_history(void **state)
{
    fixture *f = *state;
    inv_asset a = new_asset("computer", "A1", "L1"), b = new_asset("computer", "A2", NULL);
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    assert_int_equal(asset_add(f->db, &b, 0, NULL, NULL), INV_OK);
    const char *both[] = {"A1", "A2"};
    inv_act act = {.office = "R26", .custodian = "Мария Иванова", .doc = "ПП-1"};
    assert_int_equal(asset_assign(f->db, both, 2, &act), INV_OK);
    inv_asset got;
    asset_get(f->db, "A1", &got);
    assert_string_equal(got.office, "R26");
    assert_string_equal(got.custodian, "Мария Иванова");
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE type='transferred'"), 1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE type='assigned'"), 1);

    inv_act rep = {.status = "in-repair"};
    assert_int_equal(asset_set_status(f->db, both, 1, &rep), INV_OK);
    inv_act ret = {.note = "back"};
    assert_int_equal(asset_return(f->db, both, 2, &ret), INV_OK);
    asset_get(f->db, "A1", &got);
    assert_string_equal(got.office, "WH");
    assert_string_equal(got.status, "in_stock");
    assert_string_equal(got.custodian, "");

    /* All or nothing: one unknown tag and nobody moves. */
    int64_t events = count(f->db, "SELECT count(*) FROM event");
    const char *mixed[] = {"A1", "NOPE"};
    inv_act to = {.office = "L1"};
    assert_int_equal(asset_assign(f->db, mixed, 2, &to), INV_ENOTFOUND);
    assert_non_null(strstr(db_errmsg(f->db), "NOPE"));
    asset_get(f->db, "A1", &got);
    assert_string_equal(got.office, "WH");
    assert_int_equal(count(f->db, "SELECT count(*) FROM event"), events);

    /* Written off is final. */
    inv_act wo = {.status = "written_off"};
    assert_int_equal(asset_set_status(f->db, both + 1, 1, &wo), INV_OK);
    assert_int_equal(asset_assign(f->db, both + 1, 1, &to), INV_ESTATE);
}

typedef struct chain {
    char prev[65];
    int n, broken;
    char last_to_status[16];
} chain;

static int walk_chain(const inv_event *ev, void *arg)
{
    chain *c = arg;
    char h[65];
    event_hash(ev, ev->prev_hash, h);
    if (strcmp(h, ev->hash) != 0) c->broken = 1;
    if (c->n > 0 && !ev->has_from) c->broken = 1;
    str_copy(c->last_to_status, sizeof c->last_to_status, ev->to_status);
    c->n++;
    return 0;
}

static void history_is_append_only_and_chained(void **state)
{
    fixture *f = *state;
    inv_asset a = new_asset("vehicle", "V1", "L1");
    assert_int_equal(asset_add(f->db, &a, 0, "дог. 12", NULL), INV_OK);
    const char *t[] = {"V1"};
    inv_act act = {.office = "R11"};
    assert_int_equal(asset_assign(f->db, t, 1, &act), INV_OK);
    sqlite3 *h = db_sqlite(f->db);
    assert_int_not_equal(sqlite3_exec(h, "UPDATE event SET note='x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(h, "DELETE FROM event", NULL, NULL, NULL), SQLITE_OK);
    /* Each event's prev_hash is the previous event's hash. */
    assert_int_equal(count(f->db, "SELECT count(*) FROM event e JOIN event p ON p.id = e.id - 1"
                                  " WHERE e.prev_hash <> p.hash"), 0);
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE id = 1 AND prev_hash = "
                                  "'0000000000000000000000000000000000000000000000000000000000000000'"), 1);
    chain c = {{0}, 0, 0, {0}};
    assert_int_equal(event_walk_asset(f->db, a.id, walk_chain, &c), INV_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.broken, 0);
    /* A changed field changes the hash. */
    inv_event ev;
    memset(&ev, 0, sizeof ev);
    strcpy(ev.at, "2024-01-01T00:00:00Z");
    strcpy(ev.type, "created");
    char h1[65], h2[65];
    event_hash(&ev, EVENT_GENESIS, h1);
    strcpy(ev.note, "x");
    event_hash(&ev, EVENT_GENESIS, h2);
    assert_string_not_equal(h1, h2);
}

static int collect_tags(const inv_event *ev, void *arg)
{
    sbuf *b = arg;
    sbuf_add(b, ev->tag);
    sbuf_add(b, " ");
    return 0;
}

static void office_holdings_at_a_date(void **state)
{
    fixture *f = *state;
    setenv("INVENTAR_NOW", "2023-01-10T09:00:00Z", 1);
    inv_asset a = new_asset("computer", "D1", "L1");
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    setenv("INVENTAR_NOW", "2023-06-01T09:00:00Z", 1);
    const char *t[] = {"D1"};
    inv_act act = {.office = "R26"};
    assert_int_equal(asset_assign(f->db, t, 1, &act), INV_OK);
    unsetenv("INVENTAR_NOW");
    inv_office l1, r11;
    office_find(f->db, "L1", &l1);
    office_find(f->db, "R11", &r11);
    sbuf b = {0};
    assert_int_equal(event_office_at(f->db, l1.id, 0, "01.03.2023", collect_tags, &b), INV_OK);
    assert_string_equal(sbuf_str(&b), "D1 ");
    sbuf_reset(&b);
    assert_int_equal(event_office_at(f->db, r11.id, 1, "2023-03-01", collect_tags, &b), INV_OK);
    assert_string_equal(sbuf_str(&b), "D1 "); /* L1 is under R11 */
    sbuf_reset(&b);
    assert_int_equal(event_office_at(f->db, l1.id, 0, "2023-07-01", collect_tags, &b), INV_OK);
    assert_string_equal(sbuf_str(&b), "");
    sbuf_reset(&b);
    assert_int_equal(event_office_at(f->db, l1.id, 0, "2022-12-31", collect_tags, &b), INV_OK);
    assert_string_equal(sbuf_str(&b), "");
    sbuf_free(&b);
    assert_int_equal(event_office_at(f->db, l1.id, 0, "32.01.2023", collect_tags, &b), INV_EINVAL);
}

static int64_t search_count(inv_db *db, const char *text)
{
    asset_filter fl;
    memset(&fl, 0, sizeof fl);
    fl.search = text;
    int64_t n = -1;
    assert_int_equal(asset_count(db, &fl, &n), INV_OK);
    return n;
}

static void search_folds_cyrillic_case_and_follows_changes(void **state)
{
    fixture *f = *state;
    inv_asset a = new_asset("vehicle", "VEH-77", "L1");
    strcpy(a.make, "Dacia");
    strcpy(a.model, "Duster");
    strcpy(a.custodian, "Петър Стоянов");
    asset_attr_set(&a, "plate", "ОВ 1234 ВК");
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    assert_int_equal(search_count(f->db, "петър"), 1);
    assert_int_equal(search_count(f->db, "СТОЯН"), 1);   /* prefix, upper case */
    assert_int_equal(search_count(f->db, "ловеч"), 1);   /* office name */
    assert_int_equal(search_count(f->db, "dacia dust"), 1);
    assert_int_equal(search_count(f->db, "ов 1234"), 1); /* plate attribute */
    assert_int_equal(search_count(f->db, "veh-77"), 1);
    assert_int_equal(search_count(f->db, "хасково"), 0);
    assert_int_equal(search_count(f->db, "\"*"), 0);     /* punctuation only */
    const char *t[] = {"VEH-77"};
    inv_act act = {.office = "R26", .custodian = "Иван Колев"};
    assert_int_equal(asset_assign(f->db, t, 1, &act), INV_OK);
    assert_int_equal(search_count(f->db, "хасково"), 1);
    assert_int_equal(search_count(f->db, "петър"), 0);
    assert_int_equal(search_count(f->db, "колев"), 1);
    /* Renaming an office keeps the index in step. */
    inv_office o;
    office_find(f->db, "R26", &o);
    strcpy(o.name, "РДСП Свиленград");
    assert_int_equal(office_update(f->db, "R26", &o), INV_OK);
    assert_int_equal(search_count(f->db, "свиленград"), 1);
    assert_int_equal(search_count(f->db, "хасково"), 0);
}

static void edits_record_changed_fields(void **state)
{
    fixture *f = *state;
    inv_asset a = new_asset("computer", "E1", NULL);
    strcpy(a.model, "OptiPlex 3000");
    assert_int_equal(asset_add(f->db, &a, 0, NULL, NULL), INV_OK);
    inv_asset e;
    asset_get(f->db, "E1", &e);
    strcpy(e.model, "OptiPlex 7010");
    e.has_cost = 1;
    e.cost = 123456;
    strcpy(e.currency, "BGN");
    int changed = 0;
    assert_int_equal(asset_update(f->db, "E1", &e, "correction", &changed), INV_OK);
    assert_int_equal(changed, 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE type='edited' AND"
                                  " json_extract(changes, '$.model[1]') = 'OptiPlex 7010'"), 1);
    assert_int_equal(asset_update(f->db, "E1", &e, NULL, &changed), INV_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(count(f->db, "SELECT count(*) FROM event WHERE type='edited'"), 1);
}

/* A bulk load with foreign_keys off still refuses a dangling reference
 * (bulk_end checks the rows it added), and leaves the schema whole. */
static void bulk_load_checks_references(void **state)
{
    fixture *f = *state;
    inv_db *db = f->db;
    sqlite3 *h = db_sqlite(db);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int objects = sqlite3_column_int(q, 0);
    sqlite3_reset(q);

    /* A good load: an asset and its event. */
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys=OFF"), INV_OK);
    assert_int_equal(db_begin(db, DB_HERE), INV_OK);
    inv_bulk *b;
    assert_int_equal(bulk_begin(db, BULK_FULL, &b), INV_OK);
    inv_asset a = new_asset("tablet", "TAB-1", "L1");
    assert_int_equal(asset_add(db, &a, 0, NULL, NULL), INV_OK);
    assert_int_equal(bulk_end(b), INV_OK);
    assert_int_equal(db_commit(db), INV_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), objects);
    sqlite3_reset(q);

    /* A load that writes an event of an asset that does not exist. */
    assert_int_equal(db_begin(db, DB_HERE), INV_OK);
    assert_int_equal(bulk_begin(db, BULK_FULL, &b), INV_OK);
    inv_event ev;
    memset(&ev, 0, sizeof ev);
    ev.asset_id = 999;
    str_copy(ev.type, sizeof ev.type, "seen");
    str_copy(ev.to_status, sizeof ev.to_status, "in_stock");
    assert_int_equal(event_append(db, &ev), INV_OK); /* not refused row by row */
    assert_int_not_equal(bulk_end(b), INV_OK);
    assert_non_null(strstr(db_errmsg(db), "event"));
    db_rollback(db);
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys=ON"), INV_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), objects);
    sqlite3_finalize(q);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    unsetenv("INVENTAR_NOW");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(database_is_private_and_versioned, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_and_newer_databases_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(office_tree_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(office_short_names, setup, teardown),
        cmocka_unit_test_setup_teardown(data_version_sees_other_connections, setup, teardown),
        cmocka_unit_test_setup_teardown(assets_get_tags_and_validate, setup, teardown),
        cmocka_unit_test_setup_teardown(acts_move_assets_and_record_history, setup, teardown),
        cmocka_unit_test_setup_teardown(history_is_append_only_and_chained, setup, teardown),
        cmocka_unit_test_setup_teardown(office_holdings_at_a_date, setup, teardown),
        cmocka_unit_test_setup_teardown(search_folds_cyrillic_case_and_follows_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(edits_record_changed_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_load_checks_references, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
