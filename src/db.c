/* db.c: the one module that owns SQLite (see db.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventar/db.h"
#include "inventar/util.h"
#include "schema.h"

#define DB_BUSY_MS 15000 /* how long a writer waits for another */

typedef struct cached_stmt {
    const char *key; /* the caller's pointer: the fast path */
    const char *sql; /* the statement's own copy (compared by content) */
    sqlite3_stmt *st;
} cached_stmt;

struct inv_db {
    sqlite3 *h;
    char *path;
    char user[128];
    inv_err err;
    cached_stmt *cache;
    int ncache, capcache;
    int depth;              /* nesting of db_begin */
    int failed;             /* a nested rollback happened */
    int history_paused;     /* db_set_history_paused */
    const char *opened_at;  /* where the outermost transaction began */
    char chain_head[65];    /* hash of the newest event, in a transaction */
    char chain_head_at[21]; /* ... and its time */
    int busy_ms;            /* how long a writer waits for a lock */
    int64_t commits;        /* write transactions committed since the open */
    int64_t changes_counted; /* sqlite3_total_changes64 at the last count */
    db_progress_fn progress;   /* long work's progress, or NULL */
    void *progress_arg;
    void *authz;               /* authz.c's state (db_set_authz) */
    void (*authz_free)(void *);
};

void db_set_user(inv_db *db, const char *user)
{
    str_copy(db->user, sizeof db->user, user && *user ? user : user_login_name());
}

const char *db_user(const inv_db *db) { return db->user; }

void db_set_authz(inv_db *db, void *state, void (*free_fn)(void *))
{
    if (db->authz && db->authz_free) db->authz_free(db->authz);
    db->authz = state;
    db->authz_free = free_fn;
}

void *db_authz(const inv_db *db) { return db ? db->authz : NULL; }
void db_set_busy_timeout(inv_db *db, int ms) { db->busy_ms = ms > 0 ? ms : 0; }
const char *db_path(const inv_db *db) { return db->path; }
void db_set_history_paused(inv_db *db, int paused) { db->history_paused = paused != 0; }
int db_history_paused(const inv_db *db) { return db->history_paused; }
const inv_err *db_error(const inv_db *db) { return &db->err; }
const char *db_errmsg(const inv_db *db) { return db->err.msg; }
sqlite3 *db_sqlite(inv_db *db) { return db->h; }
char *db_chain_head(inv_db *db) { return db->chain_head; }
char *db_chain_head_at(inv_db *db) { return db->chain_head_at; }
int db_in_transaction(const inv_db *db) { return db->depth > 0; }

void db_set_progress(inv_db *db, db_progress_fn fn, void *arg)
{
    db->progress = fn;
    db->progress_arg = arg;
}

void db_progress(inv_db *db, const char *phase, int64_t done, int64_t total)
{
    if (db && db->progress) db->progress(db->progress_arg, phase, done, total);
}

int64_t db_commit_count(const inv_db *db) { return db ? db->commits : 0; }

/* SQLite's commit hook: called for a write transaction (BEGIN IMMEDIATE
 * or an autocommit write) before the commit completes. Counted only when
 * rows changed since the last count (a write transaction that changed
 * nothing is no act); a commit that then fails is taken back by its
 * caller below. */
static int on_commit(void *arg)
{
    inv_db *db = arg;
    int64_t changes = sqlite3_total_changes64(db->h);
    if (changes != db->changes_counted) {
        db->changes_counted = changes;
        db->commits++;
    }
    return 0;
}

inv_status db_fail(inv_db *db, inv_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    inv_vfail(&db->err, code, fmt, ap);
    va_end(ap);
    return code;
}

static inv_status map_sqlite(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return INV_EBUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return INV_ECORRUPT;
    case SQLITE_CONSTRAINT: return INV_EEXIST;
    case SQLITE_NOMEM: return INV_ENOMEM;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM: return INV_EIO;
    default: return INV_EDB;
    }
}

inv_status db_fail_sqlite(inv_db *db, const char *context)
{
    int rc = sqlite3_extended_errcode(db->h);
    inv_status code = map_sqlite(rc);
    if (code == INV_EBUSY)
        return db_fail(db, code, _("%s: the database is busy (another inventar "
                                   "is writing); try again"), context);
    if ((rc & 0xff) == SQLITE_READONLY)
        return db_fail(db, code, _("%s: the database is read-only (%s)"),
                       context, db->path);
    return db_fail(db, code, "%s: %s", context, sqlite3_errmsg(db->h));
}

/* mkdir -p for the directory part of path, mode 0700. */
static int make_parent_dirs(const char *path)
{
    char buf[PATH_MAX];
    if (str_copy(buf, sizeof buf, path) != 0) return -1;
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf) return 0;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
    return 0;
}

static int busy_handler(void *arg, int count)
{
    const inv_db *db = arg;
    /* Back off up to busy_ms in total: 1, 2, 5, 10, then 20 ms steps. */
    static const int steps[] = {1, 2, 5, 10, 20};
    int total = 0;
    for (int i = 0; i < count; i++) total += steps[i < 4 ? i : 4];
    if (total >= db->busy_ms) return 0;
    usleep((useconds_t)steps[count < 4 ? count : 4] * 1000);
    return 1;
}

static inv_status migrate(inv_db *db)
{
    int have = db_schema_version(db);
    int latest = db_schema_version_latest();
    if (have > latest)
        return db_fail(db, INV_EDB,
                       _("%s: the database has schema version %d, newer than "
                         "this inventar understands (%d); use a newer inventar"),
                       db->path, have, latest);
    if (have == latest) return INV_OK;
    for (int i = 0; i < schema_migration_count; i++) {
        const schema_migration *m = &schema_migrations[i];
        if (m->version <= have) continue;
        inv_status rc = db_begin(db, DB_HERE);
        if (rc) return rc;
        /* Re-read inside the write lock: another process may have won. */
        if (db_schema_version(db) >= m->version) {
            db_commit(db);
            continue;
        }
        char *errmsg = NULL;
        if (sqlite3_exec(db->h, m->sql, NULL, NULL, &errmsg) != SQLITE_OK) {
            db_fail(db, INV_EDB, _("%s: migration %d failed: %s"), db->path,
                    m->version, errmsg ? errmsg : "?");
            sqlite3_free(errmsg);
            db_rollback(db);
            return INV_EDB;
        }
        if (m->post && (rc = m->post(db)) != INV_OK) {
            char why[INV_ERR_MAX];
            str_copy(why, sizeof why, db->err.msg);
            db_rollback(db);
            return db_fail(db, rc, _("%s: migration %d failed: %s"), db->path, m->version,
                           why);
        }
        char pragma[96];
        snprintf(pragma, sizeof pragma,
                 "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 INV_APPLICATION_ID, m->version);
        if ((rc = db_exec(db, pragma)) != INV_OK) {
            db_rollback(db);
            return rc;
        }
        if ((rc = db_commit(db)) != INV_OK) return rc;
    }
    return INV_OK;
}

/* 1 when nobody is expected to write the file at path: it is not
 * writable by this process (its effective ids: a setgid inventar may
 * write the shared database) or has no write permission at all, and no
 * -wal file beside it holds changes. Such a copy (a read-only file, a
 * WAL database copied without its -shm, in a directory we may not write)
 * is opened with SQLite's immutable=1: no -shm or -wal is created, no
 * lock is taken, the file's bytes stay as they are. */
static int open_immutable(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    if ((st.st_mode & 0222) != 0 && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0)
        return 0;
    char wal[PATH_MAX + 8];
    if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal) return 0;
    return stat(wal, &st) != 0 || st.st_size == 0;
}

/* "file:<path, percent-encoded>?immutable=1" for sqlite3_open_v2 with
 * SQLITE_OPEN_URI; NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    sbuf b = {0};
    sbuf_add(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
            sbuf_addc(&b, (char)*p);
        else
            sbuf_addf(&b, "%%%02X", *p);
    }
    sbuf_add(&b, "?immutable=1");
    char *uri = strdup(sbuf_str(&b));
    sbuf_free(&b);
    return uri;
}

/* A read-only handle cannot migrate: a database of an older schema is
 * reported with what to do, one of a newer schema likewise. */
static inv_status check_version_ro(inv_db *db, inv_err *err)
{
    int have = db_schema_version(db);
    int latest = db_schema_version_latest();
    if (have < latest)
        return inv_fail(err, INV_ESTATE,
                        _("%s: the database is at schema version %d; this inventar's is "
                          "%d: open it with 'inventar init' (which upgrades it) or read it "
                          "with the inventar that wrote it"),
                        db->path, have, latest);
    if (have > latest)
        return inv_fail(err, INV_EDB,
                        _("%s: the database has schema version %d, newer than "
                          "this inventar understands (%d); use a newer inventar"),
                        db->path, have, latest);
    return INV_OK;
}

inv_status db_open(const char *path, int flags, inv_db **out, inv_err *err)
{
    *out = NULL;
    inv_db *db = calloc(1, sizeof *db);
    if (!db) return inv_fail(err, INV_ENOMEM, _("out of memory"));
    db->path = strdup(path);
    db_set_user(db, NULL);
    safe_file_protect(path); /* no output file may ever be this database */
    if (!db->path) {
        free(db);
        return inv_fail(err, INV_ENOMEM, _("out of memory"));
    }

    int ro = flags & DB_OPEN_READONLY;
    struct stat stbuf;
    int exists = stat(path, &stbuf) == 0;
    if (!exists) {
        if (ro || !(flags & DB_OPEN_CREATE)) {
            inv_fail(err, INV_ENOTFOUND, _("%s: no such database"), path);
            goto fail;
        }
        if (make_parent_dirs(path) != 0) {
            inv_fail(err, INV_EIO, _("%s: cannot create its directory: %s"),
                     path, strerror(errno));
            goto fail;
        }
        /* Create the file ourselves so that it is born 0600, or 0660 for
         * the shared database whatever the umask (SQLite gives its -wal and
         * -shm the main file's mode). */
        mode_t mode = flags & DB_OPEN_SHARED ? 0660 : 0600;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST) {
            inv_fail(err, INV_EIO, _("%s: cannot create: %s"), path,
                     strerror(errno));
            goto fail;
        }
        if (fd >= 0 && (flags & DB_OPEN_SHARED) && fchmod(fd, mode) != 0) {
            inv_fail(err, INV_EIO, _("%s: cannot create: %s"), path, strerror(errno));
            close(fd);
            unlink(path);
            goto fail;
        }
        if (fd >= 0) close(fd);
    } else if (S_ISDIR(stbuf.st_mode)) {
        inv_fail(err, INV_EINVAL, _("%s: is a directory, not a database"), path);
        goto fail;
    } else if (!ro && (stbuf.st_mode & 0222) == 0) {
        /* Made read-only on purpose (chmod a-w): not even root writes it. */
        inv_fail(err, INV_EIO, _("%s: the database is read-only (no one may write the "
                                 "file); only reading commands work on it"), path);
        goto fail;
    }

    int oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX;
    char *uri = NULL;
    if (ro && open_immutable(path)) {
        if (!(uri = immutable_uri(path))) {
            inv_fail(err, INV_ENOMEM, _("out of memory"));
            goto fail;
        }
        oflags |= SQLITE_OPEN_URI;
    }
    int orc = sqlite3_open_v2(uri ? uri : path, &db->h, oflags, NULL);
    free(uri);
    if (orc != SQLITE_OK) {
        inv_fail(err, INV_EIO, _("%s: cannot open: %s"), path,
                 db->h ? sqlite3_errmsg(db->h) : "?");
        goto fail;
    }
    sqlite3_extended_result_codes(db->h, 1);
    db->busy_ms = DB_BUSY_MS;
    sqlite3_busy_handler(db->h, busy_handler, db);

    /* Is it ours? An empty file has application_id 0 and no tables. */
    sqlite3_stmt *st = NULL;
    int appid = 0, ntables = 0;
    if (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        inv_fail(err, INV_ECORRUPT, _("%s: not a database: %s"), path,
                 sqlite3_errmsg(db->h));
        sqlite3_finalize(st);
        goto fail;
    }
    appid = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema", -1, &st,
                           NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        inv_fail(err, INV_ECORRUPT, _("%s: not a database: %s"), path,
                 sqlite3_errmsg(db->h));
        sqlite3_finalize(st);
        goto fail;
    }
    ntables = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (appid != INV_APPLICATION_ID && (appid != 0 || ntables > 0)) {
        inv_fail(err, INV_EINVAL,
                 _("%s: not an inventar database (it holds other data)"), path);
        goto fail;
    }
    if (ro && appid == 0) {
        inv_fail(err, INV_EINVAL, _("%s: the database was never initialised"), path);
        goto fail;
    }
    if (ro && check_version_ro(db, err) != INV_OK) goto fail;

    if (!ro) {
        if (db_exec(db, "PRAGMA journal_mode=WAL") != INV_OK ||
            db_exec(db, "PRAGMA synchronous=NORMAL") != INV_OK) {
            inv_fail(err, db->err.code, "%s", db->err.msg);
            goto fail;
        }
    }
    if (db_exec(db, "PRAGMA foreign_keys=ON") != INV_OK ||
        db_exec(db, "PRAGMA cache_size=-32000") != INV_OK ||
        db_exec(db, "PRAGMA temp_store=MEMORY") != INV_OK) {
        inv_fail(err, db->err.code, "%s", db->err.msg);
        goto fail;
    }
    if (!ro && migrate(db) != INV_OK) {
        inv_fail(err, db->err.code, "%s", db->err.msg);
        goto fail;
    }
    /* Count the writes of what comes next (the opening's migration is no
     * act of the user's). */
    db->changes_counted = sqlite3_total_changes64(db->h);
    sqlite3_commit_hook(db->h, on_commit, db);
    *out = db;
    return INV_OK;
fail:
    db_close(db);
    return err ? err->code : INV_EDB;
}

void db_close(inv_db *db)
{
    if (!db) return;
    if (db->depth > 0) {
        fprintf(stderr, "inventar: internal error: transaction opened at %s "
                        "was never committed; rolled back\n",
                db->opened_at ? db->opened_at : "?");
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    }
    for (int i = 0; i < db->ncache; i++) sqlite3_finalize(db->cache[i].st);
    free(db->cache);
    if (db->authz && db->authz_free) db->authz_free(db->authz);
    if (db->h) sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}

sqlite3_stmt *db_stmt(inv_db *db, const char *sql)
{
    /* By address first (callers pass literals), then by content. */
    int hit = -1;
    for (int i = 0; i < db->ncache && hit < 0; i++)
        if (db->cache[i].key == sql) hit = i;
    for (int i = 0; i < db->ncache && hit < 0; i++)
        if (strcmp(db->cache[i].sql, sql) == 0) hit = i;
    if (hit >= 0) {
        sqlite3_stmt *st = db->cache[hit].st;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           NULL) != SQLITE_OK) {
        db_fail_sqlite(db, _("preparing a statement"));
        sqlite3_finalize(st);
        return NULL;
    }
    if (db->ncache == db->capcache) {
        int cap = db->capcache ? db->capcache * 2 : 32;
        cached_stmt *c = realloc(db->cache, (size_t)cap * sizeof *c);
        if (!c) abort();
        db->cache = c;
        db->capcache = cap;
    }
    db->cache[db->ncache].key = sql;
    db->cache[db->ncache].sql = sqlite3_sql(st); /* owned by the statement */
    db->cache[db->ncache].st = st;
    db->ncache++;
    return st;
}

static int param_index(sqlite3_stmt *st, const char *name)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i == 0) {
        fprintf(stderr, "inventar: internal error: no parameter %s in: %s\n",
                name, sqlite3_sql(st));
        abort();
    }
    return i;
}

void db_bind_text(sqlite3_stmt *st, const char *name, const char *val)
{
    int i = param_index(st, name);
    if (val) sqlite3_bind_text(st, i, val, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

void db_bind_text0(sqlite3_stmt *st, const char *name, const char *val)
{
    db_bind_text(st, name, val && *val ? val : NULL);
}

void db_bind_text_ref(sqlite3_stmt *st, const char *name, const char *val)
{
    int i = param_index(st, name);
    if (val) sqlite3_bind_text(st, i, val, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

void db_bind_text0_ref(sqlite3_stmt *st, const char *name, const char *val)
{
    db_bind_text_ref(st, name, val && *val ? val : NULL);
}

void db_bind_int(sqlite3_stmt *st, const char *name, int64_t val)
{
    sqlite3_bind_int64(st, param_index(st, name), val);
}

void db_bind_null(sqlite3_stmt *st, const char *name)
{
    sqlite3_bind_null(st, param_index(st, name));
}

inv_status db_exec_stmt(inv_db *db, sqlite3_stmt *st, const char *context)
{
    int64_t commits = db->commits;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return INV_OK;
    }
    db->commits = commits; /* an autocommit that failed committed nothing */
    inv_status s = db_fail_sqlite(db, context);
    sqlite3_reset(st);
    return s;
}

inv_status db_one_int(inv_db *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return db->err.code;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        inv_status s = rc == SQLITE_DONE
                           ? db_fail(db, INV_EDB, "internal error: no row from: %s", sql)
                           : db_fail_sqlite(db, _("reading the database"));
        sqlite3_reset(st);
        return s;
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return INV_OK;
}

inv_status db_data_version(inv_db *db, int64_t *out)
{
    return db_one_int(db, "PRAGMA data_version", out);
}

inv_status db_exec(inv_db *db, const char *sql)
{
    char *errmsg = NULL;
    int64_t commits = db->commits;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &errmsg) != SQLITE_OK) {
        db->commits = commits;
        int rc = sqlite3_extended_errcode(db->h);
        inv_status code = map_sqlite(rc);
        if (code == INV_EBUSY)
            db_fail(db, code, _("the database is busy (another inventar is "
                                "writing); try again"));
        else
            db_fail(db, code, "%s: %s", db->path, errmsg ? errmsg : "?");
        sqlite3_free(errmsg);
        return code;
    }
    return INV_OK;
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

static inv_status begin_with(inv_db *db, const char *where, const char *sql)
{
    if (db->depth > 0) {
        db->depth++;
        return INV_OK;
    }
    inv_status rc = db_exec(db, sql);
    if (rc != INV_OK) return rc;
    db->depth = 1;
    db->failed = 0;
    db->opened_at = where;
    db->chain_head[0] = db->chain_head_at[0] = '\0';
    return INV_OK;
}

inv_status db_begin(inv_db *db, const char *where)
{
    return begin_with(db, where, "BEGIN IMMEDIATE");
}

inv_status db_begin_read(inv_db *db, const char *where)
{
    return begin_with(db, where, "BEGIN DEFERRED");
}

inv_status db_commit(inv_db *db)
{
    if (db->depth <= 0) {
        fprintf(stderr, "inventar: internal error: commit without begin\n");
        abort();
    }
    if (--db->depth > 0) return INV_OK;
    db->chain_head[0] = db->chain_head_at[0] = '\0';
    if (db->failed) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return db_fail(db, INV_EDB, _("the change was rolled back"));
    }
    char *errmsg = NULL;
    int64_t commits = db->commits;
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, &errmsg) != SQLITE_OK) {
        db->commits = commits;
        inv_status code = map_sqlite(sqlite3_extended_errcode(db->h));
        db_fail(db, code, _("commit failed: %s"), errmsg ? errmsg : "?");
        sqlite3_free(errmsg);
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return code;
    }
    return INV_OK;
}

void db_rollback(inv_db *db)
{
    if (db->depth <= 0) return;
    db->chain_head[0] = db->chain_head_at[0] = '\0';
    if (--db->depth > 0) {
        db->failed = 1;
        return;
    }
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_schema_version_latest(void)
{
    return schema_migrations[schema_migration_count - 1].version;
}

int db_schema_version(inv_db *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}
