/* rechain DB: what an insider with the file and a short script can do
 * after changing events behind inventar's back: recompute every event's
 * prev_hash and hash, in id order, so that the whole chain is consistent
 * again (the anchors tests show that `verify --anchor` still catches it).
 * The triggers event_no_update/event_no_delete must have been dropped
 * first. Prints the new head as N:HASH. Exit 0, or 1 with a message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "inventar/event.h"
#include "inventar/history.h"
#include "inventar/util.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rechain DB\n");
        return 2;
    }
    sqlite3 *h;
    if (sqlite3_open_v2(argv[1], &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "rechain: %s: %s\n", argv[1], sqlite3_errmsg(h));
        return 1;
    }
    sqlite3_stmt *st, *up;
    /* The same columns verify hashes (verify.c check_event). */
    const char *sql =
        "SELECT e.id, coalesce(a.tag, ''), e.at, e.actor, e.type,"
        " coalesce(fo.code, ''), coalesce(tof.code, ''), e.from_status IS NOT NULL,"
        " coalesce(e.from_status, ''), e.to_status, coalesce(e.from_custodian, ''),"
        " e.to_custodian, coalesce(e.doc, ''), coalesce(e.note, ''), e.changes,"
        " coalesce(e.check_id, 0), coalesce(e.act_date, ''), coalesce(e.reverts, 0),"
        " coalesce(e.subject_type, ''), coalesce(e.subject_id, 0)"
        " FROM event e LEFT JOIN asset a ON a.id = e.asset_id"
        " LEFT JOIN office fo ON fo.id = e.from_office_id"
        " LEFT JOIN office tof ON tof.id = e.to_office_id ORDER BY e.id";
    if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "UPDATE event SET prev_hash = ?1, hash = ?2 WHERE id = ?3", -1,
                           &up, NULL) != SQLITE_OK) {
        fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(h));
        return 1;
    }
    /* The stable keys of the subjects that are not assets (offices by
     * code, ...), which their events' hashes cover, as verify reads them. */
    int ndefs;
    const history_def *defs = history_defs(&ndefs);
    typedef struct { char type[16]; long long id; char key[512]; } subject_key;
    subject_key *keys = NULL;
    size_t nkeys = 0, capkeys = 0;
    for (int d = 0; d < ndefs; d++) {
        if (defs[d].asset || strcmp(defs[d].name, defs[d].subject)) continue;
        sqlite3_stmt *ks;
        if (sqlite3_prepare_v2(h, defs[d].sql_all, -1, &ks, NULL) != SQLITE_OK) {
            fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(h));
            return 1;
        }
        while (sqlite3_step(ks) == SQLITE_ROW) {
            if (nkeys == capkeys) {
                capkeys = capkeys ? 2 * capkeys : 64;
                keys = realloc(keys, capkeys * sizeof *keys);
                if (!keys) abort();
            }
            str_copy(keys[nkeys].type, sizeof keys[nkeys].type, defs[d].subject);
            keys[nkeys].id = sqlite3_column_int64(ks, 1);
            str_copy(keys[nkeys].key, sizeof keys[nkeys].key, col(ks, 2));
            nkeys++;
        }
        sqlite3_finalize(ks);
    }
    inv_event *ev = calloc(1, sizeof *ev);
    char prev[65];
    memcpy(prev, EVENT_GENESIS, 65);
    long long last = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        memset(ev, 0, sizeof *ev);
        ev->id = sqlite3_column_int64(st, 0);
        str_copy(ev->tag, sizeof ev->tag, col(st, 1));
        str_copy(ev->at, sizeof ev->at, col(st, 2));
        str_copy(ev->actor, sizeof ev->actor, col(st, 3));
        str_copy(ev->type, sizeof ev->type, col(st, 4));
        str_copy(ev->from_office, sizeof ev->from_office, col(st, 5));
        str_copy(ev->to_office, sizeof ev->to_office, col(st, 6));
        ev->has_from = sqlite3_column_int(st, 7);
        str_copy(ev->from_status, sizeof ev->from_status, col(st, 8));
        str_copy(ev->to_status, sizeof ev->to_status, col(st, 9));
        str_copy(ev->from_custodian, sizeof ev->from_custodian, col(st, 10));
        str_copy(ev->to_custodian, sizeof ev->to_custodian, col(st, 11));
        str_copy(ev->doc, sizeof ev->doc, col(st, 12));
        str_copy(ev->note, sizeof ev->note, col(st, 13));
        ev->changes = (char *)sqlite3_column_text(st, 14);
        ev->check_id = sqlite3_column_int64(st, 15);
        str_copy(ev->act_date, sizeof ev->act_date, col(st, 16));
        ev->reverts = sqlite3_column_int64(st, 17);
        str_copy(ev->subject_type, sizeof ev->subject_type, col(st, 18));
        ev->subject_id = sqlite3_column_int64(st, 19);
        if (!event_is_asset(ev))
            for (size_t k = 0; k < nkeys; k++)
                if (keys[k].id == ev->subject_id && !strcmp(keys[k].type, ev->subject_type))
                    str_copy(ev->subject_key, sizeof ev->subject_key, keys[k].key);
        char hash[65];
        event_hash(ev, prev, hash);
        sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 3, ev->id);
        if (sqlite3_step(up) != SQLITE_DONE) {
            fprintf(stderr, "rechain: event %lld: %s\n", (long long)ev->id, sqlite3_errmsg(h));
            return 1;
        }
        sqlite3_reset(up);
        memcpy(prev, hash, 65);
        last = ev->id;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(h));
        return 1;
    }
    sqlite3_close(h);
    free(ev);
    free(keys);
    printf("%lld:%s\n", last, prev);
    return 0;
}
