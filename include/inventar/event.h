/* event.h: the history. Append-only (the database refuses UPDATE and
 * DELETE), hash-chained: each event's hash covers its content and the
 * previous event's hash, so an altered event is found by verify. */
#ifndef INVENTAR_EVENT_H
#define INVENTAR_EVENT_H

#include <stdint.h>
#include "inventar/db.h"
#include "inventar/limits.h"
#include "inventar/util.h"

#define EVENT_TYPE_LIST(X)                         \
    X("created", NP_("event", "created"))                    \
    X("edited", NP_("event", "edited"))                      \
    X("assigned", NP_("event", "assigned"))                  \
    X("transferred", NP_("event", "transferred"))            \
    X("returned", NP_("event", "returned"))                  \
    X("status_changed", NP_("event", "status changed"))      \
    X("label_printed", NP_("event", "label printed"))        \
    X("seen", NP_("event", "seen in a stock check"))         \
    X("marked_missing", NP_("event", "marked missing by a stock check")) \
    X("imported", NP_("event", "imported"))                  \
    X("reverted", NP_("event", "reverted"))                  \
    X("baseline", NP_("event", "history began"))             \
    X("office_created", NP_("event", "office created"))      \
    X("office_edited", NP_("event", "office edited"))        \
    X("kind_created", NP_("event", "kind created"))          \
    X("kind_edited", NP_("event", "kind edited"))            \
    X("funding_created", NP_("event", "funding project created")) \
    X("funding_edited", NP_("event", "funding project edited")) \
    X("check_started", NP_("event", "stock check started"))  \
    X("check_edited", NP_("event", "stock check edited"))    \
    X("check_closed", NP_("event", "stock check closed"))    \
    X("check_scanned", NP_("event", "scanned in a stock check")) \
    X("document_recorded", NP_("event", "document recorded")) \
    X("user_created", NP_("event", "user created"))          \
    X("user_edited", NP_("event", "user edited"))

/* English label of an event type (untranslated). */
const char *event_type_label(const char *type);
/* The words for an event type, translated (context "event"). */
const char *event_type_text(const char *type);

/* Facts in an event's `changes`. Besides the fields an act changed,
 * {"field":[old,new]}, changes holds facts about the act under keys that
 * begin with '@' (never a field name): "@template" (the label template's
 * name) and "@copies" (how many of each label, when more than one) for
 * "label_printed", "@output" ("printer" or the file written). The stock
 * check of an event is its check_id. No English sentence is written into
 * the history: readers render the facts in their own language
 * (event_describe). */

/* What an event says beyond its columns, for a person and in the
 * messages' language: its facts ("stock check 3", "label template
 * L7160, 2 copies"; parts separated by "; ") appended to facts, and the
 * user's own note, as typed, appended to note (which may be facts, to
 * get both in one text, "; " between). Older events whose note is a
 * sentence the program once wrote ("stock check 3", "template L7160,
 * 2 copies", "L7160 lp") are recognised and rendered as facts; any
 * other note is the user's. */
struct inv_event;
void event_describe(const struct inv_event *ev, sbuf *facts, sbuf *note);

/* The fields an event changed, for a person: "make: HP -> Dell" (with an arrow) per
 * field, separated by sep ("; " or a newline); facts ('@' keys) left out.
 * Appends to out; nothing when none. */
void event_describe_changes(const struct inv_event *ev, const char *sep, sbuf *out);

/* One event. Office ids and codes both: ids are stored, codes are what
 * the hash covers (stable across export and restore). */
typedef struct inv_event {
    int64_t id;
    int64_t asset_id;
    char tag[INV_TAG_MAX + 1];
    char at[INV_TIME_MAX];            /* UTC; "" = now */
    char actor[128];                  /* "" = the handle's user */
    char type[20];
    int64_t from_office_id, to_office_id;           /* 0 = none */
    char from_office[INV_CODE_MAX + 1], to_office[INV_CODE_MAX + 1];
    char from_office_name[INV_NAME_MAX + 1], to_office_name[INV_NAME_MAX + 1];
    char from_status[INV_STATUS_MAX], to_status[INV_STATUS_MAX];
    int has_from;                     /* 0 for the first event of an asset */
    char from_custodian[INV_TEXT_MAX + 1], to_custodian[INV_TEXT_MAX + 1];
    char doc[INV_TEXT_MAX + 1];
    char note[INV_LONG_MAX + 1];
    char *changes;                    /* JSON {"field":[old,new]} or NULL;
                                         owned by the caller */
    int64_t check_id;                 /* 0 = none */
    char prev_hash[65], hash[65];
    char since[INV_TIME_MAX];         /* event_office_at only: the date the
                                         asset last arrived at its office */
    char act_date[INV_DATE_MAX];      /* the date the act took effect
                                         (YYYY-MM-DD); "" = NULL, the date
                                         of `at` (older events) */
    int64_t reverts;                  /* the event a 'reverted' undoes; 0 */
    /* The subject (migration 7): "" or "asset" for an asset's event
     * (asset_id, tag), else "office", "kind", "funding", "document",
     * "check" or "user" with the row's id and its stable key (an
     * office's, kind's or funding project's code, a check's number, a
     * document's "type/number", a user's login), which the hash covers. */
    char subject_type[12];
    int64_t subject_id;
    char subject_key[INV_TEXT_MAX + 1];
} inv_event;

/* 1 when ev's subject is an asset (subject_type "" or "asset"). */
int event_is_asset(const inv_event *ev);

/* Append ev inside the caller's transaction (one is required): fills
 * at/actor when empty (and act_date with today's local date when both
 * at and act_date are empty), computes prev_hash and hash, sets ev->id. */
inv_status event_append(inv_db *db, inv_event *ev);

/* For a bulk load that hashes its events on another thread: the hash of
 * the newest event (EVENT_GENESIS when there is none), and an append of
 * an event whose at, actor, prev_hash and hash the caller has set
 * (prev_hash must be the chain's head; refused otherwise). */
inv_status event_chain_head(inv_db *db, char hash[65]);
inv_status event_append_hashed(inv_db *db, inv_event *ev);
/* The same for n events in order, each continuing the one before; written
 * several to a statement. */
inv_status event_append_hashed_many(inv_db *db, inv_event *evs, size_t n);
/* event_append for n events in order (one "now" for those without a
 * time), written several to a statement. */
inv_status event_append_many(inv_db *db, inv_event *evs, size_t n);

/* The hash of an event as stored: SHA-256 hex over the fields and
 * prev_hash; events with an act_date or reverts use layout v2, which
 * covers them too (older events keep v1); an event whose subject is not
 * an asset uses layout v3, which covers its subject's type and key as
 * well (the asset's tag stands for the subject in v1 and v2). Used by
 * event_append and by verify. */
void event_hash(const inv_event *ev, const char prev_hash[65], char out[65]);

/* Visit an asset's events, oldest first. */
typedef int (*event_visit_fn)(const inv_event *ev, void *arg);
inv_status event_walk_asset(inv_db *db, int64_t asset_id, event_visit_fn fn,
                            void *arg);

/* What an office held at the end of a date (ISO or Bulgarian date, the
 * end of that day in local time; NULL or "" = now): for every asset whose
 * latest event on or before that moment placed it at the office (or a
 * sub-office when recursive), fn is called with that event, its `since`
 * set to when the asset arrived there. Written-off assets are included
 * with that status. Ordered by tag. */
inv_status event_office_at(inv_db *db, int64_t office_id, int recursive,
                           const char *date, event_visit_fn fn, void *arg);

/* The subjects an event can have (event.subject_type). */
#define EVENT_SUBJECT_LIST(X)                                                 \
    X("asset") X("office") X("kind") X("funding") X("check") X("document") X("user")

/* 1 when type is a known event type code (EVENT_TYPE_LIST), resp. a
 * known subject (EVENT_SUBJECT_LIST). */
int event_type_valid(const char *type);
int event_subject_valid(const char *subject);

/* Which events event_walk_log visits; a NULL or "" field lets any
 * through. */
typedef struct event_filter {
    const char *since;        /* a date (ISO or Bulgarian): recorded on or
                                 after the start of that day, local time
                                 (not the act's date) */
    const char *actor;        /* the login, exactly */
    const char *type;         /* an event type code */
    const char *subject_type; /* "asset", "office", ... */
} event_filter;

/* Every event f lets through, whatever its subject, by number (oldest
 * first), in one streamed query: ev->subject_key holds the subject's
 * key (an asset's tag, an office's, kind's or funding project's code, a
 * check's number, a document's "type/number", a user's login; the
 * subject's id as text when the row is gone), and the offices carry
 * the names they had when the event was recorded (office_names_at).
 * ev->changes lives only during the call of fn. Stops when fn returns
 * non-zero. INV_EINVAL for a malformed date, an unknown type or
 * subject. */
inv_status event_walk_log(inv_db *db, const event_filter *f, event_visit_fn fn, void *arg);

/* SQL: the types of events that change an asset's state (office, status,
 * custodian), and those that are acts with a date of their own (these and
 * a stock check's 'seen'). */
#define EVENT_STATE_TYPES                                                     \
    "('created','imported','assigned','transferred','returned',"             \
    "'status_changed','marked_missing','reverted')"
#define EVENT_ACT_TYPES                                                       \
    "('created','imported','assigned','transferred','returned',"             \
    "'status_changed','marked_missing','reverted','seen')"

/* The date of an act from what a user typed (ISO 2024-03-14 or
 * 14.03.2024; NULL or "" = today, local time) into out[11]. Fails
 * (INV_EINVAL) on a malformed date or one in the future. */
inv_status event_act_date(inv_db *db, const char *in, char out[INV_DATE_MAX]);

/* Inside a transaction: refuse (INV_ESTATE, naming tag, date and the
 * previous act's date) an act dated `date` on asset_id when the asset's
 * newest act took effect after that date. */
inv_status event_check_date(inv_db *db, int64_t asset_id, const char *tag,
                            const char *date);

/* Load event id (with its asset's tag and office codes) into ev;
 * INV_ENOTFOUND when there is none. ev->changes is NULL. */
inv_status event_get(inv_db *db, int64_t id, inv_event *ev);

/* Undo event `id` by appending its reverse: an event of type 'reverted'
 * with reverts = id, note = reason, from = the asset's current state, to =
 * the state before the act, dated `date` (as event_act_date). Only the
 * newest act of an asset that changed something (an assignment,
 * transfer, return, status change, a stock check's marking missing or
 * seeing) can be reverted (later acts already reverted don't count):
 * later acts are named in the refusal; a revert,
 * an unknown event and events that changed nothing are refused. The
 * asset takes the earlier state (a reverted 'seen' restores the last time
 * seen before it). Sets *new_id to the new event's id. */
inv_status event_revert(inv_db *db, int64_t id, const char *reason, const char *date,
                        int64_t *new_id);

/* The genesis prev_hash: 64 zeros. */
extern const char EVENT_GENESIS[65];

#endif
