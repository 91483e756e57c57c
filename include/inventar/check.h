/* check.h: stock checks (walking an office with a scanner).
 *
 * A check snapshots the assets recorded at an office (with its
 * sub-offices when asked; written-off assets excluded) when it starts.
 * Every scan is committed at once with its raw code, time, operator,
 * result and the asset it resolved to, so a crash loses nothing and the
 * check can be resumed. The database refuses scans of a closed check. */
#ifndef INVENTAR_CHECK_H
#define INVENTAR_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"

#define CHECK_CODE_MAX 256  /* longest scanned code kept, in bytes */
#define CHECK_MEMBERS_MAX 12 /* members of a commission besides its chair */
#define CHECK_AFFIX_CHARS 32 /* a scanner's prefix or suffix, in characters */

typedef struct inv_check {
    int64_t id;
    int64_t office_id;
    char office[INV_CODE_MAX + 1];
    char office_name[INV_NAME_MAX + 1];
    int recursive;
    char started_at[INV_TIME_MAX], closed_at[INV_TIME_MAX]; /* closed_at "" = open */
    char started_by[128], closed_by[128];
    int applied;
    char commission[INV_LONG_MAX + 1];  /* names separated by ';' */
    char scan_prefix[INV_UTF8_BYTES(CHECK_AFFIX_CHARS) + 1];
    char scan_suffix[INV_UTF8_BYTES(CHECK_AFFIX_CHARS) + 1];
    char note[INV_LONG_MAX + 1];
    char order_text[INV_LONG_MAX + 1]; /* the order it rests on ("" none) */
    char chair[INV_TEXT_MAX + 1];       /* the commission's chair ("" none) */
    char members[CHECK_MEMBERS_MAX * (INV_TEXT_MAX + 8) + 8]; /* JSON array of names */
    char mol[INV_TEXT_MAX + 1];         /* the МОЛ of the office ("" none) */
} inv_check;

/* Counts as DESIGN.md names them. found, unexpected and unknown count
 * distinct assets or codes; duplicate counts repeated scans; missing is
 * expected minus found. */
typedef struct check_counts {
    int64_t expected, found, missing, unexpected, unknown, duplicate, scans;
} check_counts;

/* Options for check_start. */
typedef struct check_options {
    const char *office;      /* code or name (required) */
    int recursive;
    const char *commission;  /* names for the report's signature lines */
    const char *scan_prefix; /* a scanner's configured prefix/suffix */
    const char *scan_suffix;
    const char *note;
    const char *order;       /* the written order it rests on (NULL: none) */
    const char *chair;       /* the commission's chair (NULL: none) */
    const char *const *members; /* nmembers names (besides the chair) */
    int nmembers;
    const char *mol;         /* the office's materially responsible person */
    const char *doc;         /* the check order's number (NULL: issued ЗИ-YYYY-NNNN) */
} check_options;

/* Start a check: snapshot the expected assets, return its id. The
 * office must be active. With an order, the check order is recorded as a
 * document (type check_order, number opt->doc or issued) naming the order,
 * the commission and the МОЛ; its number is copied to doc_number (may be
 * NULL; size DOCUMENT_NUMBER_MAX * 4 + 1), "" when none was recorded. A
 * number already used is INV_EEXIST. When only commission ("NAME; NAME")
 * is given, its first name is the chair and the others the members. One
 * transaction. */
inv_status check_start(inv_db *db, const check_options *opt, int64_t *id);
inv_status check_start_doc(inv_db *db, const check_options *opt, int64_t *id,
                           char *doc_number, size_t doc_size);

/* What check_edit changes: a NULL field is left as it is; members are
 * replaced when set_members is non-zero. */
typedef struct check_edit_options {
    const char *order, *chair, *mol, *doc;
    const char *const *members;
    int nmembers, set_members;
} check_edit_options;

/* Change the order, commission or МОЛ of an open check (a closed one is
 * INV_ESTATE; its papers are signed). When the check gets an order it had
 * none of, its check order is recorded then (doc_number as check_start's);
 * a check order already recorded stays as it was issued. */
inv_status check_edit(inv_db *db, int64_t id, const check_edit_options *opt,
                      char *doc_number, size_t doc_size);

/* Load a check; INV_ENOTFOUND names the id. */
inv_status check_get(inv_db *db, int64_t id, inv_check *out);

/* Clean a raw scanned code of scanner noise: a leading UTF-8 BOM,
 * surrounding whitespace and CR/LF, the configured prefix and suffix once
 * each (either may be NULL or ""). Writes the code into out (size n).
 * Returns its length, 0 when nothing is left (a blank scan), or -1 when
 * the code is longer than CHECK_CODE_MAX, is not valid UTF-8, or holds a
 * NUL or control character inside it. */
int check_clean_code(const char *raw, size_t len, const char *prefix,
                     const char *suffix, char *out, size_t n);

/* The result of one scan. */
typedef struct check_scan_result {
    int64_t scan_id;
    char result[12];                    /* found, duplicate, unexpected, unknown */
    char code[CHECK_CODE_MAX + 1];      /* the cleaned code */
    int64_t asset_id;                   /* 0 for unknown */
    char tag[INV_TAG_MAX + 1];
    char kind_name[INV_NAME_MAX + 1];
    char make[INV_TEXT_MAX + 1], model[INV_TEXT_MAX + 1];
    char status[INV_STATUS_MAX];
    char office[INV_CODE_MAX + 1];      /* where the asset is recorded */
    char office_name[INV_NAME_MAX + 1];
    char first_result[12];              /* duplicate: what the first scan was */
    int how;                            /* asset_match: how the code found the asset */
    char mapped[INV_TAG_MAX + 1];       /* typed through a keyboard layout: the
                                           code mapped back, else "" */
    char note[INV_ERR_MAX];             /* unknown because ambiguous: why, else "" */
} check_scan_result;

/* Record one scan (raw as the scanner sent it, len bytes) in its own
 * transaction and resolve it: found (expected, first time), duplicate
 * (scanned before in this check: counted once, still recorded),
 * unexpected (a known asset not in the snapshot: recorded elsewhere, or
 * written off), unknown (no such tag: kept). A blank scan records
 * nothing and returns INV_EINVAL with an empty message; a closed check
 * returns INV_ESTATE. */
inv_status check_scan(inv_db *db, int64_t check_id, const char *raw, size_t len,
                      check_scan_result *out);

/* What a result line says besides the result, into out (size n): that
 * the code was typed through a Bulgarian keyboard layout and what it was
 * read as ("mapped from the BDS keyboard layout: PC-000011"), or why an
 * unknown code was not resolved (ambiguous); "" otherwise. Translated. */
void check_scan_remark(const check_scan_result *r, char *out, size_t n);

/* The counts of a check. */
inv_status check_count(inv_db *db, int64_t check_id, check_counts *out);

/* What closing a check with apply would do, for a question before it. */
typedef struct check_apply_counts {
    int64_t to_missing; /* assets to be marked missing */
    int64_t moved_here; /* unexpected assets to be transferred to the office */
    int64_t seen;       /* assets to be stamped as seen */
    char office[INV_CODE_MAX + 1];      /* the checked office */
    char office_name[INV_NAME_MAX + 1];
} check_apply_counts;

/* Count what check_close(db, check_id, 1) would change, writing
 * nothing. An unknown check is INV_ENOTFOUND, a closed one INV_ESTATE. */
inv_status check_apply_preview(inv_db *db, int64_t check_id, check_apply_counts *out);

/* Close the check. With apply, in the same transaction: missing assets
 * get status missing ("marked_missing" events), unexpected ones are
 * transferred to the checked office, found ones are stamped as seen
 * ("seen" events and their last-seen date; a found asset that was
 * missing is assigned again); every event names the check. */
inv_status check_close(inv_db *db, int64_t check_id, int apply);
/* The same, the applied acts dated `date` (ISO or Bulgarian; NULL or "" =
 * today): refused when in the future or before an asset's previous act. */
inv_status check_close_on(inv_db *db, int64_t check_id, int apply, const char *date);
/* Every close (check_close, check_close_on) also records, in the same
 * transaction, the check's inventory list as it was closed (a document
 * of type inventory_list: check_report.h), dated by the close (date, or
 * today); check_close_doc numbers it doc (NULL or "": issued
 * ИО-YYYY-NNNN; a number taken is INV_EEXIST and nothing is closed) and
 * copies its number to number (may be NULL). */
inv_status check_close_doc(inv_db *db, int64_t check_id, int apply, const char *date,
                           const char *doc, char *number, size_t number_size);

/* One line of a check's report. */
typedef struct check_item {
    char category[12];                  /* found, missing, unexpected, unknown, duplicate */
    int64_t asset_id;
    char tag[INV_TAG_MAX + 1];
    char kind_name[INV_NAME_MAX + 1];
    char make[INV_TEXT_MAX + 1], model[INV_TEXT_MAX + 1], serial[INV_TEXT_MAX + 1];
    char status[INV_STATUS_MAX];
    char office[INV_CODE_MAX + 1];      /* where recorded (now) */
    char office_name[INV_NAME_MAX + 1];
    char custodian[INV_TEXT_MAX + 1];
    char code[CHECK_CODE_MAX + 1];      /* scanned code ("" for missing) */
    char at[INV_TIME_MAX];              /* scan time ("" for missing) */
    char operator_name[128];
    int has_cost;                       /* the asset's cost is known */
    int64_t cost;                       /* in minor units of currency */
    char currency[4];                   /* "EUR", "BGN" */
} check_item;

/* Visit the items of one category ("found", "missing", "unexpected",
 * "unknown", "duplicate"), ordered by tag or code. */
typedef int (*check_item_fn)(const check_item *it, void *arg);
inv_status check_items(inv_db *db, int64_t check_id, const char *category,
                       check_item_fn fn, void *arg);

/* Visit checks, newest first; office_id 0 for all offices. */
typedef int (*check_visit_fn)(const inv_check *c, const check_counts *n, void *arg);
inv_status check_walk(inv_db *db, int64_t office_id, check_visit_fn fn, void *arg);

/* Offices due for a check: active offices holding assets whose last
 * closed check (of the office itself or of an ancestor with sub-offices)
 * was closed more than `months` months ago, or never. last is "" for
 * never. Ordered by last check, oldest first. */
typedef int (*check_due_fn)(int64_t office_id, const char *code, const char *name,
                            const char *last, int64_t assets, void *arg);
inv_status check_due(inv_db *db, int months, check_due_fn fn, void *arg);

#endif
