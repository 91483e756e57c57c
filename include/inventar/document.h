/* document.h: documents as records (DESIGN.md sections 3 and 9): a type,
 * a number unique per type (given, or issued per type and year as
 * "ПП-2026-0042"), the date of the act, the people and their roles, the
 * acts (events) it covers and what it showed, so that it can be printed
 * again with the same content. Never changed once written. */
#ifndef INVENTAR_DOCUMENT_H
#define INVENTAR_DOCUMENT_H

#include <stdint.h>
#include "inventar/asset.h"
#include "inventar/db.h"
#include "inventar/limits.h"

#define DOCUMENT_TYPE_LIST(X)                                        \
    X("handover", "ПП", N_("handover protocol"))                    \
    X("check_order", "ЗИ", N_("stock-check order"))                 \
    X("inventory_list", "ИО", N_("inventory list"))                 \
    X("write_off", "ПБ", N_("write-off protocol"))

#define DOCUMENT_NUMBER_MAX 64 /* characters of a document number */

/* 1 when type is a document type code (handover, check_order, ...). */
int document_type_valid(const char *type);
/* The words for a type code, translated ("" for an unknown code). */
const char *document_type_text(const char *type);

/* A handover act's paper: the options of assign/return. */
typedef struct document_handover {
    const char *number;    /* --doc: given; NULL or "": issued ПП-YYYY-NNNN */
    const char *place;     /* NULL: the receiving office's name and address */
    const char *order;     /* the order it rests on, or NULL */
    const char *handed_by; /* NULL: the assets' recorded custodian(s) */
    const char *condition; /* NULL: "in working order" (translated) */
} document_handover;

/* Do the act `what` (ASSET_ACT_ASSIGN or ASSET_ACT_RETURN, asset.h) on
 * tags under a new handover protocol, in one transaction: the number is
 * issued (per year of the act's date) or checked unused, the act's events
 * carry it, and the document is recorded with the rows as of the act, the
 * people, the events it covers and the history's head after them. The
 * number is copied to number (DOCUMENT_NUMBER_MAX * 4 + 1 bytes). Fails
 * as the act does, or INV_EEXIST when the number is taken; nothing is
 * changed then. */
inv_status document_handover_act(inv_db *db, int what, const char *const *tags, int n,
                                 const inv_act *act, const document_handover *h,
                                 char *number, size_t number_size);

/* Record a document of type that covers no acts (a check order, an
 * inventory list): the number given (checked: text, unused for the type;
 * INV_EEXIST when taken) or, when given is NULL or "", issued per type in
 * the year of day (YYYY-MM-DD); people and content are JSON texts (an
 * array, an object); the history's head is taken now. Its own
 * transaction (nested in the caller's when one is open). The number is
 * copied to number (DOCUMENT_NUMBER_MAX * 4 + 1 bytes). */
inv_status document_record(inv_db *db, const char *type, const char *given, const char *day,
                           const char *people, const char *content, char *number,
                           size_t number_size);

/* A write-off's paper (протокол за бракуване): the options of `status
 * written_off`. */
typedef struct document_write_off {
    const char *number;          /* --doc: given; NULL or "": issued ПБ-YYYY-NNNN */
    const char *chair;           /* the commission's chair, or NULL */
    const char *const *members;  /* its members (nmembers of them) */
    int nmembers;
    const char *reason;          /* the reason or technical condition, or NULL */
    const char *order;           /* the order it rests on, or NULL */
    int before_durability;       /* 1: write off assets whose funding's
                                    durability period has not ended (needs
                                    reason) */
} document_write_off;

/* Write off tags (act->status is ignored) under a new write-off
 * protocol, in one transaction: the number is issued (per year of the
 * act's date) or checked unused, the events carry it, and the document
 * is recorded with the assets as of the act (put into service, initial
 * value, funding), the commission, the reason, the order and the
 * history's head. An asset whose funding's durability period
 * (funding.durable_until) lasts to the act's date or later is refused
 * (INV_ESTATE, naming the date and the project) unless
 * w->before_durability, which is then recorded on its event (the fact
 * "@before_durability": the period's end) and in the document. The
 * number is copied to number. Fails as asset_set_status does, or
 * INV_EEXIST when the number is taken; nothing is changed then. */
inv_status document_write_off_act(inv_db *db, const char *const *tags, int n,
                                  const inv_act *act, const document_write_off *w,
                                  char *number, size_t number_size);

/* One document as listed. */
typedef struct inv_document {
    int64_t id;
    char type[16];
    char number[DOCUMENT_NUMBER_MAX * 4 + 1];
    char date[INV_DATE_MAX];
    char created_at[INV_TIME_MAX];
    char actor[128];
    const char *people;  /* JSON array of {"role","name","office"} (valid in the visit) */
    int64_t events;      /* acts it covers */
    int64_t assets;      /* distinct assets */
    int64_t head_id;     /* the history's head printed on it (0: none) */
    char head_hash[65];
} inv_document;

typedef int (*document_visit_fn)(const inv_document *d, void *arg);

/* Every document (of type, when non-NULL), by date then number; fn
 * returning non-zero stops. */
inv_status document_walk(inv_db *db, const char *type, document_visit_fn fn, void *arg);

/* The document numbered number (of type, when non-NULL): INV_ENOTFOUND,
 * or INV_EINVAL when the number names documents of several types and
 * type is NULL. fn is called once with it. */
inv_status document_find(inv_db *db, const char *number, const char *type,
                         document_visit_fn fn, void *arg);

/* Print the document again (or for the first time) as an A4 PDF at path
 * with the font at font (NULL: the default), from what was recorded:
 * the same content whatever changed since. Returns INV_OK, or a code
 * with e naming the document, the file or the font. */
inv_status document_print(inv_db *db, const char *number, const char *type, const char *path,
                          const char *font, inv_err *e);

/* For the modules of the other documents (writeoff.c, ...): a number
 * a person typed is acceptable (1 to DOCUMENT_NUMBER_MAX characters, no
 * control characters); a number of type is taken; the next number of
 * type in the year of day (ISO date) is issued into out. */
inv_status document_number_check(inv_db *db, const char *number);
inv_status document_number_taken(inv_db *db, const char *type, const char *number,
                                 int *taken);
inv_status document_number_issue(inv_db *db, const char *type, const char *day, char *out,
                                 size_t n);

/* Inside the act's transaction: record the document (type, number, the
 * act's day, people and content as JSON text) with the history's head
 * as it is now, covering the events with ids after `after`. */
inv_status document_record_acts(inv_db *db, const char *type, const char *number,
                                const char *day, const char *people, const char *content,
                                int64_t after);

/* Print a recorded write-off protocol (document_print's part for the
 * type write_off): content is its parsed JSON. */
struct json_t;
inv_status document_print_write_off(inv_db *db, const inv_document *d,
                                    const struct json_t *content, const char *path,
                                    const char *font, inv_err *e);

/* The agency's name for the top of documents: `agency = NAME` from the
 * configuration file at conf_path (NULL: config_path(), config.h) when it
 * exists and has one, else the default (translated "Social Assistance
 * Agency"); a file config_load refuses gives the default too. */
void document_agency(const char *conf_path, char *out, size_t n);

#endif
