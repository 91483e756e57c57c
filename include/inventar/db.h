/* db.h: the one module that owns SQLite.
 *
 * Opening creates the file (mode 0600, or 0660 for the shared database;
 * parent directories 0700) and
 * applies the numbered migrations of schema.c. Statements are prepared
 * once per handle and cached; parameters are bound by name and a wrong
 * name is a programming error that aborts with its place. Transactions
 * remember where they were opened, so a forgotten commit is reported. */
#ifndef INVENTAR_DB_H
#define INVENTAR_DB_H

#include <stdint.h>
#include <sqlite3.h>
#include "inventar/status.h"

/* PRAGMA application_id: "INVT". */
#define INV_APPLICATION_ID 0x494e5654

typedef struct inv_db inv_db;

enum {
    DB_OPEN_CREATE = 1,   /* create the file when missing */
    DB_OPEN_READONLY = 2, /* read-only: never migrates (an old schema is an
                             error saying so), never writes, never changes
                             the journal mode; a file nobody may write is
                             opened immutable (no -shm, no lock) */
    DB_OPEN_SHARED = 4,   /* the configuration's shared database: created
                             0660 (whatever the umask), so that its group
                             (the directory's, `inventar`) reads and writes
                             it, its -wal and -shm alike; without it 0600 */
};

/* Open (and create, migrate) the database at path. On success *out is
 * the handle. On failure returns non-zero, *out is NULL and err says
 * why (not an inventar database, newer schema, permission, ...). */
inv_status db_open(const char *path, int flags, inv_db **out, inv_err *err);

/* Finalise every cached statement and close. A transaction still open is
 * rolled back and reported on stderr with the place that opened it
 * (a programming error). NULL is ignored. */
void db_close(inv_db *db);

/* The operator recorded in events (defaults to the login name). */
void db_set_user(inv_db *db, const char *user);
const char *db_user(const inv_db *db);

/* Who acts and with what role (authz.c keeps its state here; freed
 * with free_fn at db_close). NULL until authz_begin. */
void db_set_authz(inv_db *db, void *state, void (*free_fn)(void *));
void *db_authz(const inv_db *db);

/* How long a write waits for another process's lock before failing with
 * INV_EBUSY (default 15000 ms; an interactive screen wants less). */
void db_set_busy_timeout(inv_db *db, int ms);

/* Progress of long work (an import, an export, verify, ...). The core
 * calls db_progress in its loops, every so many rows: phase is a
 * constant English text marked with N_() (the callback translates it),
 * done how far it is, total where it ends (0: not known). done == total
 * ends the phase (a terminal line is cleared then). The callback decides
 * how often to show anything; without one db_progress does nothing. */
typedef void (*db_progress_fn)(void *arg, const char *phase, int64_t done, int64_t total);
void db_set_progress(inv_db *db, db_progress_fn fn, void *arg);
void db_progress(inv_db *db, const char *phase, int64_t done, int64_t total);

/* A restore brings its own history: while paused, the core writes no
 * event for the subjects it inserts (history.h). Off by default. */
void db_set_history_paused(inv_db *db, int paused);
int db_history_paused(const inv_db *db);

/* The path the database was opened from. */
const char *db_path(const inv_db *db);

/* The last error of this handle. */
const inv_err *db_error(const inv_db *db);
const char *db_errmsg(const inv_db *db);

/* Record an error on the handle and return code. */
inv_status db_fail(inv_db *db, inv_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the current SQLite error (with context text) and return the
 * matching code: INV_EBUSY for locked/busy, INV_ECORRUPT for a damaged
 * file, INV_EDB otherwise. */
inv_status db_fail_sqlite(inv_db *db, const char *context);

/* The raw handle, for core modules only (never the TUI). */
sqlite3 *db_sqlite(inv_db *db);

/* The cached prepared statement for sql, reset and with bindings cleared.
 * sql must be a string literal (or live as long as the handle): the cache
 * is keyed on its address first, then its content. NULL on a prepare
 * error (message recorded). */
sqlite3_stmt *db_stmt(inv_db *db, const char *sql);

/* Bind by parameter name (":name"); an unknown name aborts. A NULL text
 * binds SQL NULL. */
void db_bind_text(sqlite3_stmt *st, const char *name, const char *val);
void db_bind_int(sqlite3_stmt *st, const char *name, int64_t val);
void db_bind_null(sqlite3_stmt *st, const char *name);
/* Bind text, or NULL when val is NULL or empty. */
void db_bind_text0(sqlite3_stmt *st, const char *name, const char *val);
/* The same without copying the text: val must stay alive and unchanged
 * until the statement is stepped and reset (hot loops). */
void db_bind_text_ref(sqlite3_stmt *st, const char *name, const char *val);
void db_bind_text0_ref(sqlite3_stmt *st, const char *name, const char *val);

/* Step a statement that returns no rows; INV_OK or the mapped error. */
inv_status db_exec_stmt(inv_db *db, sqlite3_stmt *st, const char *context);

/* The integer a parameterless query yields first (a count, a maximum). */
inv_status db_one_int(inv_db *db, const char *sql, int64_t *out);

/* SQLite's data_version of this handle: it changes when another
 * connection (another process) commits a change to the database, and
 * not for this handle's own changes. Cheap (reads no table): a front
 * end polls it to notice others' changes. Fails with the mapped error. */
inv_status db_data_version(inv_db *db, int64_t *out);

/* Run literal SQL without parameters (schema, pragmas). */
inv_status db_exec(inv_db *db, const char *sql);

/* Column text as a C string ("" for NULL). */
const char *db_col_text(sqlite3_stmt *st, int col);

/* Transactions. db_begin starts a write transaction (BEGIN IMMEDIATE,
 * waiting on the busy timeout) or nests inside an open one; where names
 * the caller for diagnostics (use DB_HERE). Each begin is paired with
 * a commit or rollback; a rollback at any depth aborts the whole
 * transaction at the outermost level. */
#define DB_HERE __FILE__ ":" DB_STR_(__LINE__)
#define DB_STR_(x) DB_STR2_(x)
#define DB_STR2_(x) #x
inv_status db_begin(inv_db *db, const char *where);
inv_status db_commit(inv_db *db);
void db_rollback(inv_db *db);
int db_in_transaction(const inv_db *db);

/* How many write transactions this handle has committed since it was
 * opened (the opening's own migration not counted; a commit that failed
 * not counted): the command line tells an act that was recorded from a
 * command that changed nothing when its output can't be written. */
int64_t db_commit_count(const inv_db *db);

/* Read-only snapshot for consistent multi-statement reads. */
inv_status db_begin_read(inv_db *db, const char *where);

/* The schema version this build writes and the one in the file. */
int db_schema_version_latest(void);
int db_schema_version(inv_db *db);

/* Per-transaction cache of the hash-chain head (event.c uses it): its
 * hash (65-byte buffer) and time (21-byte buffer); "" when unknown. */
char *db_chain_head(inv_db *db);
char *db_chain_head_at(inv_db *db);

#endif
