/* asset.h: assets, their acts (assign, transfer, return, status) and
 * queries. Every change and its event are written in one transaction;
 * the calls that take several tags do all of them or none. */
#ifndef INVENTAR_ASSET_H
#define INVENTAR_ASSET_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"
#include "inventar/util.h"

/* Statuses: code (stored and in JSON), English label. */
#define ASSET_STATUS_LIST(X)              \
    X("in_stock", NP_("status", "in stock"))         \
    X("assigned", NP_("status", "assigned"))         \
    X("in_repair", NP_("status", "in repair"))       \
    X("missing", NP_("status", "missing"))           \
    X("written_off", NP_("status", "written off"))

/* Normalise a status as users type it ("in-repair", "written_off",
 * "IN_STOCK", or Bulgarian: "в ремонт", "бракуван", "на склад", ...) into
 * its code in out[16]. Returns 0 or -1. */
int asset_status_parse(const char *in, char out[INV_STATUS_MAX]);
/* English label of a status code (untranslated); the code if unknown. */
const char *asset_status_label(const char *code);
/* The words for a status code, translated (context "status"). */
const char *asset_status_text(const char *code);

/* Field names (the keys of JSON, CSV and a kind's fields) and the words
 * a person reads for them (context "field"). */
#define ASSET_FIELD_LIST(X)                                   \
    X("tag", NP_("field", "tag"))                             \
    X("kind", NP_("field", "kind"))                           \
    X("make", NP_("field", "make"))                           \
    X("model", NP_("field", "model"))                         \
    X("serial", NP_("field", "serial number"))                \
    X("description", NP_("field", "description"))             \
    X("status", NP_("field", "status"))                       \
    X("office", NP_("field", "office"))                       \
    X("custodian", NP_("field", "custodian"))                 \
    X("purchase_date", NP_("field", "purchase date"))         \
    X("cost", NP_("field", "cost"))                           \
    X("currency", NP_("field", "currency"))                   \
    X("supplier", NP_("field", "supplier"))                   \
    X("contract", NP_("field", "contract"))                   \
    X("funding", NP_("field", "funding"))                     \
    X("warranty_end", NP_("field", "warranty end"))           \
    X("attributes", NP_("field", "attributes"))               \
    X("attrs", NP_("field", "attributes"))                    \
    X("taken_on", NP_("field", "taken on the books"))         \
    X("scan_code", NP_("field", "scan code"))                 \
    X("document", NP_("field", "document"))                   \
    X("note", NP_("field", "note"))                           \
    X("plate", NP_("field", "plate"))                         \
    X("vin", NP_("field", "vin"))                             \
    X("year", NP_("field", "year"))                           \
    X("imei", NP_("field", "imei"))                           \
    X("components", NP_("field", "components"))               \
    X("name", NP_("field", "name"))                           \
    X("short_name", NP_("field", "short name"))               \
    X("parent", NP_("field", "parent office"))                \
    X("address", NP_("field", "address"))                     \
    X("active", NP_("field", "active"))                       \
    X("role", NP_("field", "role"))                           \
    X("offices", NP_("field", "offices"))

/* The words for a field name, translated (context "field"): "model",
 * "plate", "purchase date"; a key it doesn't know (a field of a kind
 * added with `kind add`) is returned as it is. */
const char *asset_field_text(const char *key);

typedef struct inv_asset {
    int64_t id;
    char tag[INV_TAG_MAX + 1];
    char kind[INV_NAME_MAX + 1];         /* kind code (input: code or name) */
    char kind_name[INV_NAME_MAX + 1];    /* filled by reads */
    char make[INV_TEXT_MAX + 1];
    char model[INV_TEXT_MAX + 1];
    char serial[INV_TEXT_MAX + 1];       /* "" = none */
    char description[INV_LONG_MAX + 1];
    char status[INV_STATUS_MAX];         /* status code */
    char office[INV_NAME_MAX + 1];       /* office code, "" = none (input: code or name) */
    char office_name[INV_NAME_MAX + 1];  /* filled by reads */
    char office_short[INV_NAME_MAX + 1]; /* filled by reads: short name, else the name */
    char custodian[INV_TEXT_MAX + 1];
    char purchase_date[INV_DATE_MAX];
    int has_cost;
    int64_t cost;                        /* minor units */
    char currency[4];                    /* "BGN"/"EUR" when has_cost */
    char supplier[INV_LONG_MAX + 1];
    char contract[INV_TEXT_MAX + 1];
    char funding[64];                    /* funding code, "" = none */
    char warranty_end[INV_DATE_MAX];
    char attrs[INV_ATTRS_MAX + 1];       /* JSON object, sorted keys */
    char last_seen[INV_TIME_MAX];        /* last stock check that saw it */
    char taken_on[INV_DATE_MAX];         /* asset_add only: the date it was
                                            taken on the books (ISO or
                                            Bulgarian; "" = today), the
                                            date of its first event */
    char scan_code[INV_TAG_MAX + 1];     /* filled by reads: what its QR code holds */
} inv_asset;

/* The codes an asset with this tag stores: scan_code (ASCII: the tag when
 * it is ASCII, else its official transliteration) and key (upper case,
 * look-alike Cyrillic letters folded to Latin), each of size
 * INV_TAG_MAX + 1. Returns 0, or -1 when the tag is not valid (1 to
 * INV_TAG_CHARS Latin or Cyrillic letters, digits, '-', '_', '.', '/'). */
int asset_tag_codes(const char *tag, char *scan_code, char *key);

/* How a typed or scanned code found its asset. */
typedef enum asset_match {
    ASSET_MATCH_NONE = 0,
    ASSET_MATCH_TAG,           /* the tag itself (ASCII case folded) */
    ASSET_MATCH_SCAN_CODE,     /* the scan code */
    ASSET_MATCH_LOOKALIKE,     /* the tag or scan code, look-alike letters folded */
    ASSET_MATCH_BDS,           /* typed through the BDS keyboard layout */
    ASSET_MATCH_PHONETIC,      /* typed through the phonetic layout */
    ASSET_MATCH_AMBIGUOUS,     /* not resolved: the layouts name different assets */
} asset_match;

/* Resolve a code typed or scanned to an asset: its tag, then its scan
 * code, then either with look-alike letters folded, and only then the
 * code as typed through a Bulgarian keyboard layout mapped back (BDS,
 * phonetic). Sets *id and tag (size INV_TAG_MAX + 1) and *how, and, for a
 * layout, mapped (size INV_TAG_MAX + 1, or NULL) to the code mapped back.
 * Returns INV_OK; INV_ENOTFOUND (message "no asset '...'") when nothing
 * matches, or when the two layouts lead to different assets (*how is
 * then ASSET_MATCH_AMBIGUOUS and the message names both): nothing is
 * resolved ambiguously. */
inv_status asset_resolve(inv_db *db, const char *code, int64_t *id, char *tag,
                         asset_match *how, char *mapped);

/* Set attribute key=value in a->attrs (value "" removes the key).
 * Returns 0, or -1 when key or value is not valid UTF-8 or the
 * attributes would grow past the limit. */
int asset_attr_set(inv_asset *a, const char *key, const char *value);
/* Copy the value of key into out (size n); "" when absent. */
void asset_attr_get(const inv_asset *a, const char *key, char *out, size_t n);

/* Register a new asset. kind (code or name) required; tag generated
 * from the kind's prefix when empty; office given by code or name;
 * status defaults to "assigned" when an office other than a warehouse is
 * given, else "in_stock". Attributes must be fields of the kind; an
 * IMEI, VIN or plate another asset of the kind has is refused naming it.
 * A custodian needs an office and a status other than in stock (else
 * INV_EINVAL); a purchase date after today is refused; a cost without a
 * currency is in EUR. The event is "created", or "imported" when
 * imported is set. Fills a->tag and a->id. Fails naming the tag and
 * field. */
inv_status asset_add(inv_db *db, inv_asset *a, int imported, const char *doc,
                     const char *note);

/* The comparison key of an identifier (IMEI, VIN, registration plate)
 * into out (size n): spaces and dashes dropped, letters upper-cased and
 * Cyrillic look-alikes folded to Latin ("ов 1234 вк" -> "OB1234BK"). */
void asset_ident_key(const char *v, char *out, size_t n);

/* Load the asset with this tag (case-insensitive for ASCII), resolved as
 * asset_resolve does: a scan code, look-alike letters and a code typed
 * through a Bulgarian keyboard layout find it too. */
inv_status asset_get(inv_db *db, const char *tag, inv_asset *out);

/* Change the descriptive fields of asset `tag` to those in a (make,
 * model, serial, description, purchase date, cost and currency,
 * supplier, contract, funding, warranty end, attributes); office,
 * custodian and status change only through acts. One "edited" event
 * lists every changed field with its old and new value; nothing changed
 * is not an error (and writes nothing). *changed counts fields. */
inv_status asset_update(inv_db *db, const char *tag, const inv_asset *a,
                        const char *note, int *changed);

/* An act on one or more assets. */
typedef struct inv_act {
    const char *office;    /* assign: target office (code or name) */
    const char *custodian; /* assign: new custodian; NULL or "" clears */
    const char *status;    /* status: the new status (any spelling) */
    const char *doc;       /* handover or decision document number */
    const char *note;
    int64_t check_id;      /* the stock check this act applies, or 0; with
                              status "missing" the event is "marked_missing" */
    const char *date;      /* the date the act took effect (ISO or
                              Bulgarian; NULL or "" = today): not in the
                              future, not before an asset's previous act */
    const char *facts;     /* facts about the act (a JSON object of '@'
                              keys, event.h) for its events' changes, or
                              NULL */
} inv_act;

/* Assign (or transfer) every tag to act->office; status becomes
 * "assigned" ("in_stock" when the office is a warehouse). A written-off
 * asset is refused. All or nothing; the error names the tag. */
inv_status asset_assign(inv_db *db, const char *const *tags, int n,
                        const inv_act *act);

/* Return every tag to the warehouse owning its current office, status
 * "in_stock", custodian cleared. */
inv_status asset_return(inv_db *db, const char *const *tags, int n,
                        const inv_act *act);

/* Set the status of every tag (office kept; "in_stock" also clears the
 * custodian). Written-off assets are final. */
inv_status asset_set_status(inv_db *db, const char *const *tags, int n,
                            const inv_act *act);

/* What an act on tags would do, for a question before it (nothing is
 * written). from is the current office when all share one
 * (from_offices 1; 2 means several), to the target (assign) or the
 * warehouse they return to (return; to_offices 2 when several);
 * custodians_cleared counts assets whose custodian the act clears;
 * status is the new status code (status). An unknown tag or office
 * fails as the act would. */
enum { ASSET_ACT_ASSIGN, ASSET_ACT_RETURN, ASSET_ACT_STATUS };
typedef struct asset_act_counts {
    int n;
    int from_offices, to_offices;
    char from[INV_CODE_MAX + 1];
    char to[INV_CODE_MAX + 1];
    char to_name[INV_NAME_MAX + 1];
    int custodians_cleared;
    char status[INV_STATUS_MAX];
} asset_act_counts;
inv_status asset_act_preview(inv_db *db, int what, const char *const *tags, int n,
                             const inv_act *act, asset_act_counts *out);

/* Record a non-changing event (type "label_printed" or "seen") for each
 * asset id, in one transaction. check_id is 0 when not from a check. */
inv_status asset_note_events(inv_db *db, const int64_t *ids, int n,
                             const char *type, const char *note,
                             int64_t check_id);
/* The same with the date the events took effect (ISO; NULL or "" =
 * today); a dated "seen" before an asset's previous act is refused. */
inv_status asset_note_events_on(inv_db *db, const int64_t *ids, int n,
                                const char *type, const char *note,
                                int64_t check_id, const char *date);
/* The same with facts about the act (a JSON object of '@' keys, event.h:
 * {"@template":"L7160","@copies":2}) stored in the events' changes, and
 * no note. facts NULL = none. */
inv_status asset_fact_events(inv_db *db, const int64_t *ids, int n, const char *type,
                             const char *facts, int64_t check_id);

/* A selection of assets, as for `asset list`. Empty fields do not
 * filter. */
typedef struct asset_filter {
    const char *office;  /* code or name */
    int recursive;       /* include sub-offices */
    const char *kind;    /* code or name */
    const char *status;  /* any spelling */
    const char *search;  /* words, each a prefix, case-folded */
    const char *const *tags; /* explicit tags (n_tags) */
    int n_tags;
    int64_t limit;       /* 0: all */
    int64_t offset;
    const char *order;   /* "tag" (default), "kind", "office", "status",
                            "custodian", "model"; "-tag" descends */
} asset_filter;

/* A cursor over the assets a filter selects. */
typedef struct asset_cursor asset_cursor;
/* Open a cursor; INV_ENOTFOUND names an unknown office or kind,
 * INV_EINVAL a bad status or order. */
inv_status asset_query(inv_db *db, const asset_filter *f, asset_cursor **out);
/* Next row into out: 1 when a row was read, 0 at the end, -1 on error
 * (message on the handle). */
int asset_next(asset_cursor *c, inv_asset *out);
void asset_cursor_close(asset_cursor *c);
/* How many assets the filter selects. */
inv_status asset_count(inv_db *db, const asset_filter *f, int64_t *count);

/* Build an FTS5 query for asset_fts from free text typed by a user: each
 * word becomes a quoted prefix term, all required. A word that also
 * begins a word of an office, kind or funding project (search_ref) may
 * instead match the assets that refer to it: ("word"* OR "<ref>" ...).
 * Returns a malloc'd string; NULL when the text holds no word (and
 * *err = INV_OK) or on a database error (*err set, message on the
 * handle). */
char *asset_search_query(inv_db *db, const char *text, inv_status *err);

#endif
