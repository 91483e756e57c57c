/* cli.h: what the command-line front end shares (src/main.c, src/cli*.c,
 * src/cmd_*.c). Commands print; the core never does.
 *
 * A command is a function `int cmd_NAME(cli_ctx *c, int argc, char **argv)`
 * listed in the table of main.c. argv[0] is the command's name; options
 * are parsed with getopt_long. It returns an exit status: CLI_OK (0),
 * CLI_FAIL (1) after printing the error with cli_error, CLI_USAGE (2)
 * after cli_usage, or CLI_RECORDED (3) when its act was recorded but what
 * had to follow it failed (a protocol file). main turns any status into
 * CLI_RECORDED when the output could not be written after an act was
 * committed (db_commit_count): no command needs code for that. */
#ifndef INVENTAR_CLI_H
#define INVENTAR_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "inventar/config.h"
#include "inventar/db.h"
#include "inventar/sheet.h"
#include "inventar/util.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_RECORDED = 3 };

typedef struct cli_ctx {
    const char *db_path; /* --db, $INVENTAR_DB, the conf's db or the XDG default */
    int shared_db;       /* db_path is the configuration's shared database (main) */
    const inv_config *conf; /* the system configuration, read at start */
    const char *user;    /* --user or NULL (login name) */
    inv_db *db;          /* opened by cli_db() on first use */
    int may_create;      /* init and demo: cli_db() creates a missing database */
    int read_only;       /* CLI_RO_*: how cli_db() opens it (cli_db_read) */
} cli_ctx;

enum {
    CLI_RO_NEVER = 0,     /* read-write, migrating an old schema */
    CLI_RO_IF_NEEDED = 1, /* read-only when the file is not writable by us */
    CLI_RO_ALWAYS = 2,    /* read-only: never migrates, never writes */
};

/* Open the database (migrating it) on first use; only when may_create is
 * set is a missing one created. Returns NULL after printing the error
 * (a missing database: how to create one; nothing is created). */
inv_db *cli_db(cli_ctx *c);

/* cli_db for a command that only reads: mode CLI_RO_IF_NEEDED opens a
 * file the user may not write read-only (list, show, history, export of
 * a read-only copy), CLI_RO_ALWAYS always (verify, anchor). A read-only
 * handle never migrates: an old schema is reported (db_open). */
inv_db *cli_db_read(cli_ctx *c, int mode);

/* Print "inventar: <message>" to stderr, sanitised for the terminal. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a line to stderr (no prefix), sanitised for the terminal: what
 * an act will do, before its question. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 when a question can be asked: stdin and stderr are terminals. */
int cli_interactive(void);
/* Ask "Continue? [y/N]" on stderr and read the answer from stdin: 1 for
 * yes (y, yes, д, да, any case), 0 for anything else or end of input. */
int cli_ask_continue(void);

/* Print the database handle's last error; returns CLI_FAIL. */
int cli_db_error(inv_db *db);
/* Print a usage error and the command's usage line; returns CLI_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An option's value longer than its limit of max characters: the usage
 * error "--model is too long (140 characters, at most 128)". */
int cli_too_long(const char *usage, const char *option, const char *value, size_t max);

/* Show the progress of db's long work (db_set_progress) as a line on
 * standard error when it is a terminal; nothing otherwise. */
void cli_progress_attach(inv_db *db);
/* Clear the progress line if one is shown (cli_error does it first). */
void cli_progress_clear(void);

/* Help mode: main sets cli_help when the arguments hold --help (or -h).
 * cli_usage() then prints the usage on stdout and returns CLI_OK instead
 * of an error, and cli_db() opens nothing (it prints cli_help_usage, the
 * command's usage line): a command asked for help never acts. */
extern int cli_help;
extern int cli_help_done;          /* a usage was printed in help mode */
extern const char *cli_help_usage; /* the command's usage (main's table) */

/* The candidate nearest to word (edit distance, transpositions counted
 * once; or the only one word begins), or NULL when none is near enough.
 * cands is NULL-terminated. */
const char *cli_nearest(const char *word, const char *const *cands);

/* A usage error for an unknown option arg (argv[optind - 1] after getopt
 * returned '?'): names the nearest option of usage (the options are read
 * from the usage text), or says that a known option needs a value.
 * Returns CLI_USAGE (CLI_OK in help mode). */
int cli_unknown_option(const char *usage, const char *arg);

/* A usage error for an unknown subcommand sub of command cmd, naming the
 * nearest of subs (NULL-terminated). Returns CLI_USAGE. */
int cli_unknown_subcommand(const char *usage, const char *cmd, const char *sub,
                           const char *const *subs);

/* Reset getopt for a command's own options. */
void cli_getopt_reset(void);

/* ---- output: table, CSV or JSON ---- */

/* OUT_SHEET: rows into a spreadsheet for people (sheet.h), only through
 * out_begin_sheet; never chosen by --format. */
typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_SHEET } out_format;

/* Parse --format's value; returns 0 or -1. */
int out_format_parse(const char *s, out_format *f);
/* The default: a table on a terminal, CSV otherwise. */
out_format out_format_default(void);

typedef struct out_table out_table;

/* Start output of rows with ncols columns: keys are the JSON/CSV field
 * names (snake_case), titles the table headings (translated). vertical
 * prints a table as "Title: value" lines (for show commands). */
out_table *out_begin(out_format fmt, FILE *fp, int ncols, const char *const *keys,
                     const char *const *titles, int vertical);
/* The same rows into the sheet s (sheet_begin made it with its titles):
 * text as text, out_int a number, out_date and out_time real dates,
 * out_amount an amount. out_end frees the table, not the sheet: the
 * caller finishes it with sheet_end. */
out_table *out_begin_sheet(sheet *s, int ncols, const char *const *keys);
void out_str(out_table *t, const char *s);   /* text; NULL -> null */
void out_str0(out_table *t, const char *s);  /* text; "" -> null in JSON */
void out_int(out_table *t, int64_t v);
/* An amount in minor units: "1 234,56" in a table, the integer in CSV
 * and JSON (as the *_minor keys), a number with 2 decimals in a sheet. */
void out_amount(out_table *t, int64_t minor);
void out_null(out_table *t);
/* A date or a UTC time as stored: as it is in CSV and JSON ("" -> null),
 * for a person in a table (fmt_date: the local day; fmt_datetime: local
 * date and time to the minute). */
void out_date(out_table *t, const char *s);
void out_time(out_table *t, const char *s);
/* A JSON value given as text (an object, say): embedded as such in JSON,
 * as its text in CSV, through fmt_table in a table. */
void out_json(out_table *t, const char *json, const char *table_text);
void out_row_end(out_table *t);
/* Finish (flush a table, close a JSON array) and free. */
void out_end(out_table *t);

/* Open -o FILE for people (.xlsx or .csv, sheet.h) with these column
 * titles; name is the worksheet's. Returns NULL after printing the error
 * (the file named). */
sheet *cli_sheet_open(const char *path, const char *name, int ncols,
                      const char *const *titles);
/* Finish it (sheet_end): CLI_OK, or CLI_FAIL after printing the error. */
int cli_sheet_close(sheet *s);

/* An amount for a person, euro first: fmt_money ("118 079,22 EUR
 * (230 942,88 BGN)" in Bulgarian). */
void cli_money(int64_t minor, const char *currency, char *out, size_t n);

/* Read tags from argv[from..argc-1]; "-" reads them from stdin, one per
 * line. Returns a malloc'd array (*n set) the caller frees with
 * cli_free_tags. */
char **cli_collect_tags(int argc, char **argv, int from, int *n);
void cli_free_tags(char **tags, int n);

#endif
