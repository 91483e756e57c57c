/* schema6_db PATH: a database as inventar 6 left it (migrations 1-6
 * only, no migration 7), for the migration test: offices, a kind, a
 * funding project, assets with their created and edited events (hashed
 * as the program hashes them), a stock check with its scans and a
 * document, none of which had events before migration 7. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "inventar/event.h"
#include "../../src/schema.h"

static int run(sqlite3 *h, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "schema6_db: %s\n", err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* Append an asset event the way inventar 6 did (layout v1/v2). */
static int add_event(sqlite3 *h, inv_event *ev, char prev[65])
{
    event_hash(ev, prev, ev->hash);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "INSERT INTO event(asset_id, at, actor, type, from_office_id,"
                              " to_office_id, from_status, to_status, from_custodian,"
                              " to_custodian, changes, prev_hash, hash, act_date)"
                              " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL))
        return -1;
    sqlite3_bind_int64(st, 1, ev->asset_id);
    sqlite3_bind_text(st, 2, ev->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ev->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ev->type, -1, SQLITE_STATIC);
    if (ev->has_from) sqlite3_bind_int64(st, 5, ev->from_office_id);
    sqlite3_bind_int64(st, 6, ev->to_office_id);
    if (ev->has_from) sqlite3_bind_text(st, 7, ev->from_status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, ev->to_status, -1, SQLITE_STATIC);
    if (ev->has_from) sqlite3_bind_text(st, 9, ev->from_custodian, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, ev->to_custodian, -1, SQLITE_STATIC);
    if (ev->changes) sqlite3_bind_text(st, 11, ev->changes, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, prev, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, ev->hash, -1, SQLITE_STATIC);
    if (ev->act_date[0]) sqlite3_bind_text(st, 14, ev->act_date, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    memcpy(prev, ev->hash, 65);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: schema6_db PATH\n");
        return 2;
    }
    sqlite3 *h;
    if (sqlite3_open(argv[1], &h) != SQLITE_OK) return 1;
    if (run(h, "BEGIN")) return 1;
    for (int i = 0; i < schema_migration_count && schema_migrations[i].version <= 6; i++)
        if (run(h, schema_migrations[i].sql)) return 1;
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d; PRAGMA user_version=6;",
             INV_APPLICATION_ID);
    if (run(h, pragma) ||
        run(h, "INSERT INTO office(id, code, name, kind) VALUES(1, 'WH', 'Склад', 'warehouse'),"
               " (2, 'RDSA-11', 'РДСП Ловеч', 'regional');"
               "UPDATE office SET parent_id = 1, address = 'ул. Търговска 1' WHERE id = 2;"
               "INSERT INTO asset_kind(code, name, prefix, fields) VALUES('mfd',"
               " 'Мултифункционално устройство', 'MFD', 'color');"
               "INSERT INTO funding(id, code, title, amount, currency) VALUES(1, 'BG-1',"
               " 'Проект', 100000, 'BGN');"
               "INSERT INTO asset(id, tag, kind_id, make, model, status, office_id, custodian,"
               " cost, currency, funding_id, attrs, scan_code, tag_key) VALUES(1, 'PC-1', 3,"
               " 'HP', 'ProDesk', 'assigned', 2, 'Мария', 95000, 'BGN', 1, '{}', 'PC-1',"
               " 'PC-1');"
               "INSERT INTO stock_check(id, office_id, started_at, started_by) VALUES(1, 2,"
               " '2024-05-01T08:00:00Z', 'old');"
               "INSERT INTO check_expected(check_id, asset_id, office_id) VALUES(1, 1, 2);"
               "INSERT INTO check_scan(check_id, raw, code, at, operator, result, asset_id)"
               " VALUES(1, 'PC-1', 'PC-1', '2024-05-01T08:05:00Z', 'old', 'found', 1);"))
        return 1;
    char prev[65];
    memcpy(prev, EVENT_GENESIS, 65);
    inv_event ev;
    memset(&ev, 0, sizeof ev);
    ev.asset_id = 1;
    strcpy(ev.tag, "PC-1");
    strcpy(ev.at, "2024-01-10T09:00:00Z");
    strcpy(ev.actor, "old");
    strcpy(ev.type, "created");
    ev.to_office_id = 2;
    strcpy(ev.to_office, "RDSA-11");
    strcpy(ev.to_status, "assigned");
    strcpy(ev.to_custodian, "Мария");
    strcpy(ev.act_date, "2024-01-10");
    if (add_event(h, &ev, prev)) return 1;
    ev.has_from = 1;
    ev.from_office_id = 2;
    strcpy(ev.from_office, "RDSA-11");
    strcpy(ev.from_status, "assigned");
    strcpy(ev.from_custodian, "Мария");
    strcpy(ev.type, "edited");
    strcpy(ev.at, "2024-02-10T09:00:00Z");
    ev.act_date[0] = '\0';
    ev.changes = "{\"model\":[\"EliteDesk\",\"ProDesk\"]}";
    if (add_event(h, &ev, prev)) return 1;
    if (run(h, "INSERT INTO document(type, number, date, created_at, actor)"
               " VALUES('check_order', 'З-1', '2024-05-01', '2024-05-01T08:00:00Z', 'old');"
               "COMMIT"))
        return 1;
    sqlite3_close(h);
    return 0;
}
