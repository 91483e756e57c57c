/* office_names.c: the names offices had through time (office.h). */
#include <stdlib.h>
#include <string.h>

#include "inventar/office.h"

typedef struct name_entry {
    int64_t office_id, event_id;
    char *name;
} name_entry;

struct office_names {
    name_entry *v; /* by office, then event, as the query orders them */
    size_t n, cap;
};

inv_status office_names_load(inv_db *db, office_names **out)
{
    *out = NULL;
    /* "subject_type <> 'asset'" lets SQLite use the partial index
     * event_subject. */
    sqlite3_stmt *st = db_stmt(db,
        "SELECT subject_id, id, json_extract(changes, '$.name[1]') FROM event"
        " WHERE subject_type <> 'asset' AND subject_type = 'office'"
        " AND type IN ('office_created', 'office_edited', 'baseline')"
        " AND json_valid(changes) AND json_type(changes, '$.name[1]') = 'text'"
        " ORDER BY subject_id, id");
    if (!st) return db_error(db)->code;
    office_names *on = calloc(1, sizeof *on);
    if (!on) abort();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (on->n == on->cap) {
            on->cap = on->cap ? on->cap * 2 : 64;
            on->v = realloc(on->v, on->cap * sizeof *on->v);
            if (!on->v) abort();
        }
        name_entry *e = &on->v[on->n++];
        e->office_id = sqlite3_column_int64(st, 0);
        e->event_id = sqlite3_column_int64(st, 1);
        e->name = strdup(db_col_text(st, 2));
        if (!e->name) abort();
    }
    if (rc != SQLITE_DONE) {
        inv_status s = db_fail_sqlite(db, _("reading the history"));
        sqlite3_reset(st);
        office_names_free(on);
        return s;
    }
    sqlite3_reset(st);
    *out = on;
    return INV_OK;
}

const char *office_names_at(const office_names *n, int64_t office_id, int64_t event_id)
{
    if (!n || !n->n || office_id <= 0) return NULL;
    /* The first entry of the office. */
    size_t lo = 0, hi = n->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (n->v[mid].office_id < office_id) lo = mid + 1;
        else hi = mid;
    }
    if (lo == n->n || n->v[lo].office_id != office_id) return NULL;
    size_t first = lo;
    /* The last entry of the office with event_id below the event's. */
    hi = n->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (n->v[mid].office_id < office_id ||
            (n->v[mid].office_id == office_id && n->v[mid].event_id < event_id))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == first ? n->v[first].name : n->v[lo - 1].name;
}

void office_names_free(office_names *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) free(n->v[i].name);
    free(n->v);
    free(n);
}
